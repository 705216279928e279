"""Growatt's device list of a plant: every device but the collectors, and the meter as reality shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.growatt.access import own_plant
from solarfakes.simulators.vendors.growatt.records import device_type

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def device_list(call: RoutedCall, sim: Simulator) -> Page[dict[str, Any]]:
    plant = own_plant(call, sim, 10003)
    updated = plant.now_slot(call.now).start.replace(tzinfo=None)
    rows: list[dict[str, Any]] = []
    for index, device in enumerate(d for d in plant.devices if d.kind != "datalogger"):
        lost = not plant.online or not device.datalogger_sn  # a device reaches the cloud through its collector
        if device.kind == "meter" and sim.profile == "observed":
            # A pseudo-device "meter" with an empty device_id and no status (vendor-reality growatt §4).
            rows.append({"device_sn": "meter", "device_id": "", "datalogger_sn": device.datalogger_sn or "",
                         "manufacturer": "Growatt", "model": device.model, "type": 3,
                         "last_update_time": updated, "lost": lost})  # fmt: skip
            continue
        rows.append(
            {
                "device_id": plant.plant_id * 10 + index,
                "datalogger_sn": device.datalogger_sn or "",
                "device_sn": device.sn,
                "manufacturer": "Growatt",
                "model": device.model,
                "type": device_type(device, documented=sim.profile == "documented"),
                "last_update_time": updated,
                "lost": lost,
                "status": -1 if lost else 1,
            }
        )
    return Page(rows)
