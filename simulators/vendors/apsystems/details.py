"""System details (apsystems-openapi 3.1): a system's record, its ECUs with their inverters, its meters."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.vendors.apsystems.access import own_system
from solarfakes.simulators.vendors.apsystems.backend import ECU_STORAGE
from solarfakes.simulators.vendors.apsystems.text import fixed

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

PV_SYSTEM, PV_AND_STORAGE = 1, 3  # 3.1.1 system type (2, storage only, does not occur in the fleet)


def system_details(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    system = own_system(call, sim)
    plant = system.plant
    details: dict[str, Any] = {
        "sid": system.sid,
        "create_date": plant.commissioned,
        "capacity": fixed(plant.peak_kw),
        "type": PV_AND_STORAGE if plant.battery is not None else PV_SYSTEM,
        "timezone": plant.timezone,
        "ecu": [ecu.eid for ecu in system.ecus],
    }
    if sim.profile == "observed":
        # Undocumented fields of the real answer, meanings unknown (vendor-reality apsystems §1).
        details["light"] = 1
        code = hashlib.blake2b(f"{plant.key}|authorization".encode(), digest_size=16)
        details["authorization_code"] = code.hexdigest()
    return details


def system_inverters(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]]:
    system = own_system(call, sim)
    plant = system.plant
    out = []
    for ecu in system.ecus:
        row: dict[str, Any] = {
            "eid": ecu.eid,
            "type": ecu.type,
            "timezone": plant.timezone,
            "inverter": [{"uid": inverter.sn, "type": inverter.model} for inverter in ecu.inverters],
        }
        if ecu.type == ECU_STORAGE and plant.battery is not None:
            row["model"] = ecu.device.model
            row["capacity"] = fixed(plant.battery.capacity_kwh)
        out.append(row)
    return out


def system_meters(call: RoutedCall, sim: Simulator) -> list[str]:
    """The meter-activated ECUs: their eid is what the meter-level calls take (3.4)."""
    return [ecu.eid for ecu in own_system(call, sim).meter_ecus()]
