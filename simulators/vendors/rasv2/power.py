"""GetLastPowerData (a system's latest power, one value per 10 seconds) and GetEnergySummary (a day's
energies), from the physics of the shared fleet."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.pagination import lay_out
from solarfakes.simulators.core.shape import conform
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.day_rows import ITEMS, encoded, row_schema
from solarfakes.simulators.physics import DayEnergy
from solarfakes.simulators.vendors.rasv2.backend import ras, row_id, system_sn
from solarfakes.simulators.vendors.rasv2.systems import chosen_systems, reporting
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# The server pages this answer with PageIndex 1 and PageSize int.MaxValue (spec GetLastPowerData, read in
# liqun2013/alphaess-webapi PowerDataService.cs).
ONE_PAGE = {
    "PageIndex": 1,
    "PageSize": 2_147_483_647,
    "TotalPageCount": 1,
    "HasNextPage": False,
    "HasPreviousPage": False,
}
UPLOAD_SECONDS = 10  # "one data per 10 seconds" (alphaess-ras-v2 6)


def last_power(call: RoutedCall, sim: Simulator) -> Page[Plant] | list[dict[str, Any] | Encoded] | Encoded | None:
    plants = reporting(chosen_systems(call, sim))
    if sim.profile == "documented":
        return [kept_power_row(sim, plant, call, "documented") for plant in plants]
    if not plants:
        return None  # Result is null when there is no data (vendor-reality ras/v2 §1)
    if len(plants) == 1 and not plants[0].battery_commands:
        return kept_power_page(sim, plants[0], call)
    return power_page(sim, plants, call)


def power_page(sim: Simulator, plants: list[Plant], call: RoutedCall) -> Page[Plant]:
    return Page(plants, lambda plant: kept_power_row(sim, plant, call, "observed"), dict(ONE_PAGE))


def kept_power_page(sim: Simulator, plant: Plant, call: RoutedCall) -> Encoded:
    """One system's whole page (the call that names its Sn), kept per upload as the bytes the paging,
    shape and encode steps write of it, as ``kept_power_row`` keeps its row: the page holds nothing
    else that changes (its paging fields are constants, and the request has no paging parameters, so
    every call lays it out alike), and laying it out, shaping and writing it cost a fifth of the call."""
    upload = last_upload(call.now.astimezone(ZoneInfo(plant.timezone))).timestamp()
    schema = call.endpoint.response.schema_
    key = ("power page", plant.plant_id, id(schema))
    return ras(sim).rows.shaped(
        key, upload, (plant,), schema, lambda: lay_out(power_page(sim, [plant], call), call.endpoint, call.args)
    )


def kept_power_row(sim: Simulator, plant: Plant, call: RoutedCall, profile: str) -> dict[str, Any] | Encoded:
    """``power_row``, worked out once per upload and kept as the bytes the shape and encode steps write
    of it (its numbers made floats on every call cost a third of the call): the row tells the last
    upload and the slot under way, and an upload's 10 seconds of local time lie within one slot (slots
    start on local 5-minute marks). Not kept under battery commands, which may change the slot at any
    instant."""
    if plant.battery_commands:
        return power_row(plant, call, profile)
    upload = last_upload(call.now.astimezone(ZoneInfo(plant.timezone))).timestamp()
    schema = row_schema(call.endpoint, *ROW_PATHS[profile])
    rows = ras(sim).rows
    key = ("power", plant.plant_id, profile, id(schema))
    kept = rows.get(key, upload)
    if kept is not None and kept[0] is plant and kept[1] is schema:
        found: Encoded = kept[2]
        return found
    row = Encoded(encoded(conform(power_row(plant, call, profile), schema)))
    rows.put(key, upload, (plant, schema, row))
    return row


# Where a power row lies in the payload: observed answers page it under Items, documented ones list it.
ROW_PATHS: dict[str, tuple[str | int, ...]] = {"observed": ("Items", ITEMS), "documented": (ITEMS,)}


def last_upload(local: datetime) -> datetime:
    """The upload under way at ``local`` (plant-local): its 10 seconds of local time."""
    return local.replace(second=local.second - local.second % UPLOAD_SECONDS, microsecond=0)


def power_row(plant: Plant, call: RoutedCall, profile: str) -> dict[str, Any]:
    slot = plant.now_slot(call.now)
    uploaded = last_upload(call.now.astimezone(slot.start.tzinfo))
    pv = round(slot.pv_w)
    pv1 = round(pv * 0.55)
    inverter_w = round(slot.load_w - slot.grid_w)
    row: dict[str, Any] = {
        "Sn": system_sn(plant),
        "UploadTime": uploaded,
        "Ppv1": pv1,
        "Ppv2": pv - pv1,
        "PrealL1": inverter_w,
        "PrealL2": 0,
        "PrealL3": 0,
        "PmeterL1": round(slot.grid_w),
        "PmeterL2": 0,
        "PmeterL3": 0,
    }
    if profile == "documented":
        return row | {"PmeterDC": 0, "Pbat": round(slot.battery_w), "Sva": abs(inverter_w)}
    return (
        {"Id": row_id(plant.key, "power", uploaded.isoformat())}
        | row
        | {
            "PmeterDc": 0,
            "Pbat": round(slot.battery_w),
            "Pva": abs(inverter_w),  # unity power factor: apparent equals active power
            "VarAC": 0,
            "VarDC": 0,
        }
    )


def energy_summary(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]] | None:
    """Each chosen system's energies of TheDate (its local day, up to now); no row for a day without data."""
    day = as_date(str(call.args["TheDate"]))
    rows = []
    for plant in reporting(chosen_systems(call, sim)):
        if day < plant.commissioned or day > plant.local_date(call.now):
            continue
        rows.append(energy_row(plant, plant.energy(day, call.now), sim.profile))
    if sim.profile == "observed" and not rows:
        return None
    return rows


def energy_row(plant: Plant, e: DayEnergy, profile: str) -> dict[str, Any]:
    grid_to_load = max(e.grid_import - e.grid_charge, 0.0)
    pv_to_load = max(e.load - grid_to_load - e.discharge, 0.0)
    used_pv = max(e.pv - e.grid_export, 0.0)
    figures = {
        "EGrid2Load": round(grid_to_load, 2),
        "EGridCharge": round(e.grid_charge, 2),
        "Ebat": round(e.discharge, 2),
        "Echarge": round(max(e.charge - e.grid_charge, 0.0), 2),  # "PV charge" (alphaess-ras-v2 3)
        "Eeff": round(used_pv, 2),
        "Einput": round(e.grid_import, 2),
        "Eload": round(e.load, 2),
    }
    rates = {
        "EselfConsumption": round(used_pv / e.pv, 4) if e.pv else 0.0,
        "EselfSufficiency": round(max(e.load - e.grid_import, 0.0) / e.load, 4) if e.load else 0.0,
    }
    if profile == "documented":
        names = {"Eout": e.grid_export, "Epv2load": pv_to_load, "EpvT": e.pv}
        return {"Sn": system_sn(plant), **figures, **{k: round(v, 2) for k, v in names.items()}, **rates}
    return {
        "Id": row_id(plant.key, "energy", e.pv_units, e.load_units),
        "Sn": system_sn(plant),
        **figures,
        "Eoutput": round(e.grid_export, 2),
        "Epv2Load": round(pv_to_load, 2),
        "Epvtotal": round(e.pv, 2),
        **rates,
        "TotalIncome": None,
    }
