"""ras/v2 systems as the server finds and checks them (Sn exists: 12; among the caller's: 15), and
GetSystemList, the caller's systems as a page."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pagination import row_schema_of
from solarfakes.simulators.core.shape import shaped_bytes
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.rasv2.backend import ras, row_id, system_sn
from solarfakes.simulators.world import Device, Plant
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

FOR_EVER = 0  # the period of a row that never changes (backend.rows)
FIRMWARE = "V1.0.1"  # no source gives real version strings; one placeholder for EMS, BMS and inverter


def chosen_systems(call: RoutedCall, sim: Simulator) -> list[Plant]:
    """The systems the call is about: Sn's, checked as the server checks it (unknown: 12; not among the
    caller's systems: 15, vendor-reality ras/v2 §2); without Sn every system of the caller."""
    backend = ras(sim)
    sn = call.args.get("Sn")
    if not sn:
        return backend.systems_of(call.account.name)
    plant = backend.find(str(sn))
    if plant is None:
        raise VendorError(12, diagnostics={"problem": f"no system {sn!r}"})
    if plant.account != call.account.name:
        raise VendorError(15, diagnostics={"problem": f"{sn} is not among this user's systems"})
    return [plant]


def reporting(plants: list[Plant]) -> list[Plant]:
    """The systems that upload data: an offline one has nothing new to give."""
    return [plant for plant in plants if plant.online]


def system_list(call: RoutedCall, sim: Simulator) -> Page[Plant] | None:
    plants = ras(sim).systems_of(call.account.name)
    if not plants and sim.profile == "observed":
        return None  # Result is null when there is nothing (vendor-reality ras/v2 §1)
    index = int(call.args.get("pageindex") or 1)
    size = int(call.args.get("pagesize") or 10)
    pages = math.ceil(len(plants) / size) if size > 0 else 0
    extra: dict[str, Any] = {"PageIndex": index, "PageSize": size, "TotalPageCount": pages}
    if sim.profile == "observed":
        extra |= {"HasNextPage": index < pages, "HasPreviousPage": index > 1}
    username = call.account.credentials["username"]
    schema = row_schema_of(call.endpoint)
    return Page(plants, lambda plant: kept_system_row(sim, plant, username, schema), extra)


def kept_system_row(sim: Simulator, plant: Plant, username: str, schema: FieldSchema | None) -> Encoded:
    """``system_row``, worked out once and kept as the bytes the shape (by ``schema``) and encode steps
    write of it: nothing in it changes while the system exists."""
    rows = ras(sim).rows
    key = ("system", plant.plant_id, username, sim.profile, id(schema))
    kept = rows.get(key, FOR_EVER)
    if kept is not None and kept[0] is plant and kept[1] is schema:
        found: Encoded = kept[2]
        return found
    row = shaped_bytes(system_row(plant, username, sim.profile), schema)
    rows.put(key, FOR_EVER, (plant, schema, row))
    return row


def first_devices(plant: Plant) -> dict[str, Device]:
    """The plant's first device of each kind, in one pass over its devices."""
    first: dict[str, Device] = {}
    for device in plant.devices:
        first.setdefault(device.kind, device)
    return first


def system_row(plant: Plant, username: str, profile: str) -> dict[str, Any]:
    assert plant.battery is not None, "every ras/v2 system has a battery"
    first = first_devices(plant)
    inverter = first["inverter"]
    battery = plant.battery
    row: dict[str, Any] = {
        "Sn": system_sn(plant),
        "SystemModel": inverter.model,
        "Cobat": battery.capacity_kwh,
        "UsableCapacity": round(battery.capacity_kwh * (100 - battery.reserve_pct) / 100, 2),
        "Mbat": first["storage"].model,
        "Poinv": round(inverter.nominal_w / 1000, 2),
        "Popv": plant.peak_kw,
        "Remark": "",
        "Solution": "3",  # hybrid: PV and battery behind one inverter
        "EmsVersion": FIRMWARE,
        "BmsVersion": FIRMWARE,
        "InvVersion": FIRMWARE,
        "InvModel": inverter.model,
        "MeterModel": first["meter"].model,
        "MeterPhase": 1,
        "SetFeed": 100,
        "NetWorkStatus": 1 if plant.online else 0,
        "State": "Normal" if plant.online else "Offline",
    }
    if profile == "documented":
        return row | {"EndUser": {"UserName": username}}
    return (
        {"Id": row_id(plant.key, "system")}
        | row
        | {
            "EndUser": username,
            "TransFrequency": 300,  # seconds between uploads; no source gives the value
            "ListWeatherForecast": [],
        }
    )
