"""Growatt storage views: latest data, history and alarms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import Reply, RoutedCall
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.growatt.access import owned_device
from solarfakes.simulators.vendors.growatt.alarms import alarms_for
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.history import history_page, history_readings, next_page_start, settings_key
from solarfakes.simulators.vendors.growatt.readings import Reading, latest_reading
from solarfakes.simulators.vendors.growatt.records import observed_storage_extras, storage_record
from solarfakes.simulators.vendors.growatt.zones import requested_zone

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def storage_last_data(call: RoutedCall, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "storage_sn", 10002, "storage")
    backend = growatt(sim)
    record = storage_record(backend, plant, device, latest_reading(backend, plant, device, call.now))
    if sim.profile == "observed":
        record |= observed_storage_extras(plant, device, record)
    payload = {"storage_sn": device.sn, "dataloggerSn": device.datalogger_sn or "", **record}
    return Reply(payload, {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn or ""})


def storage_history(call: RoutedCall, sim: Simulator) -> Page[Any]:
    plant, device = owned_device(call, sim, "storage_sn", 10005, "storage")
    backend = growatt(sim)
    zone = requested_zone(call, plant)
    readings = history_readings(backend, call, plant, device)

    def row(reading: Reading) -> dict[str, Any]:
        return storage_record(backend, plant, device, reading) | {"time": reading.slot.start.astimezone(zone)}

    # The documented profile names no total_field (the document shows no count), yet the answer
    # carries count in both profiles; where the spec lays it out as the total it is the same number.
    extra = {
        "storage_sn": device.sn,
        "device_sn": device.sn,
        "count": len(readings),
        "next_page_start_id": next_page_start(call, len(readings)),
        "datalogger_sn": device.datalogger_sn or "",
    }
    switch = settings_key(backend, device, ("storage_cmd_on_off",))
    return history_page(sim, call, plant, device, readings, row, (zone, plant.online, switch), extra)


def storage_alarms(call: RoutedCall, sim: Simulator) -> Page[dict[str, Any]]:
    plant, device = owned_device(call, sim, "storage_sn", 10005, "storage")
    day = as_date(str(call.args["date"]))
    return Page(alarms_for(plant, device, day, call.now), extra={"storage_sn": device.sn, "device_sn": device.sn})
