"""Growatt plants: list, a user's list, add, modify, delete and details. Writes change Growatt's record
of a plant (owner, declared figures) or the fleet itself, and show in every later read until reset."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pagination import row_schema_of
from solarfakes.simulators.core.shape import shaped_bytes
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.growatt.access import own_plant, own_plants, own_user
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend, PlantRecord, growatt
from solarfakes.simulators.vendors.growatt.fleet import ADDED_INVERTER_MODEL
from solarfakes.simulators.vendors.growatt.output import live_power_w, plant_lifetime_kwh
from solarfakes.simulators.vendors.growatt.places import country_name, gmt_text, utc_offset_hours
from solarfakes.simulators.vendors.growatt.users import empty_answer
from solarfakes.simulators.vendors.growatt.zones import zone_for
from solarfakes.simulators.world import Device, Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# plant/add's document default for timezone_id is PRC.
DEFAULT_ZONE = "Asia/Shanghai"
# Keys of real plant rows that the document does not list (4.2.1, 4.2.9): the documented profile leaves
# them out (vendor-reality growatt §4; timohencken plant/plant.py list and list_by_user samples).
NOT_IN_DOCUMENT = ("city", "operator", "status", "locale", "latitude_d", "latitude_f", "image_url")
# Real lists carry "0" where no operator (agent) is recorded (timohencken plant/plant.py list).
NO_OPERATOR = "0"


def plant_summary(backend: GrowattBackend, plant: Plant, call: RoutedCall) -> dict[str, Any]:
    record = backend.record(plant)
    power_kw, total_kwh = live_figures(backend, plant, call.now)
    return {
        "plant_id": plant.plant_id,
        "name": plant.name,
        "user_id": record.c_user_id,
        "country": country_name(plant.country),
        "city": plant.city,
        "longitude": round(record.longitude_of(plant), 7),
        "latitude": round(record.latitude_of(plant), 7),
        "peak_power": record.peak_power_of(plant),
        "create_date": plant.commissioned,
        "installer": "solarfakes",
        "operator": NO_OPERATOR,
        "current_power": power_kw,
        "total_energy": total_kwh,
        "status": 1 if plant.online else 4,
        "locale": "en-US",
        "latitude_d": None,
        "latitude_f": None,
        "image_url": None,
    }


def live_figures(backend: GrowattBackend, plant: Plant, now: datetime) -> tuple[float, float]:
    """The plant's power (kW) and lifetime energy (kWh) as rows show them: those of the slot under way,
    so worked out once per slot."""
    slot = backend.slot_readings.slot_of(plant, now)
    kept = backend.slot_readings.get(("plant", plant.plant_id), slot)
    if kept is not None and kept[0] is plant:
        found: tuple[float, float] = kept[1]
        return found
    figures = round(live_power_w(backend, plant, now) / 1000, 1), round(plant_lifetime_kwh(backend, plant, now), 1)
    backend.slot_readings.put(("plant", plant.plant_id), slot, (plant, figures))
    return figures


def plant_row(backend: GrowattBackend, plant: Plant, call: RoutedCall, profile: str) -> Encoded:
    """A list's row: the same for every call in the slot until plant/modify edits the plant, so kept as
    its shaped and encoded bytes (by the schema of the list's rows)."""
    record = backend.record(plant)
    schema = row_schema_of(call.endpoint)
    slot = backend.slot_answers.slot_of(plant, call.now)
    key = ("plant_row", profile, plant.plant_id, id(schema))
    kept = backend.slot_answers.get(key, slot)
    if kept is not None and kept[0] is plant and kept[1] is record and kept[2] is schema:
        found: Encoded = kept[3]
        return found
    summary = plant_summary(backend, plant, call)
    row = summary if profile == "observed" else {k: v for k, v in summary.items() if k not in NOT_IN_DOCUMENT}
    shaped = shaped_bytes(row, schema)
    backend.slot_answers.put(key, slot, (plant, record, schema, shaped))
    return shaped


def plant_list(call: RoutedCall, sim: Simulator) -> Page[Plant]:
    backend = growatt(sim)
    plants = own_plants(call, sim)
    keyword = call.args.get("search_keyword")
    if keyword:
        plants = [p for p in plants if str(keyword).lower() in p.name.lower()]
    return Page(plants, render=lambda plant: plant_row(backend, plant, call, sim.profile))


def user_plant_list(call: RoutedCall, sim: Simulator) -> Page[Plant]:
    backend = growatt(sim)
    name = call.args["user_name"]
    user_ids = {u.c_user_id for u in backend.users.values() if u.name == name}
    plants = [p for p in own_plants(call, sim) if backend.record(p).c_user_id in user_ids]

    return Page(plants, render=lambda plant: plant_row(backend, plant, call, sim.profile))


def same_name_for_user(backend: GrowattBackend, name: str, c_user_id: int, other_than: Plant | None = None) -> bool:
    """An end user's plants have distinct names (10006 otherwise)."""
    return any(
        p is not other_than and p.name == name and backend.record(p).c_user_id == c_user_id
        for p in backend.fleet.values()
    )


def plant_add(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = growatt(sim)
    user = own_user(call, sim, 10005)
    name = str(call.args["name"])
    if same_name_for_user(backend, name, user.c_user_id):
        raise VendorError(10006)
    # The new plant stands where the account's first plant stands unless coordinates are sent.
    own = own_plants(call, sim)
    template = own[0] if own else next(iter(backend.fleet.values()))
    plant_id = backend.new_plant_id()
    plant = Plant(
        plant_id=plant_id,
        api=sim.api,
        account=call.account.name,
        name=name,
        city=template.city,
        country=template.country,
        latitude=float(call.args.get("latitude", template.latitude)),
        longitude=float(call.args.get("longitude", template.longitude)),
        timezone=zone_for(call.args.get("timezone_id"), DEFAULT_ZONE),
        peak_kw=float(call.args["peak_power"]),
        commissioned=call.now.date(),
        base_load_w=template.base_load_w,
        battery=None,
        key=f"{backend.world.seed}:{sim.api}:{plant_id}",
        reference=template.reference,
    )
    inverter = Device(backend.new_inverter_sn(), "inverter", ADDED_INVERTER_MODEL, plant_id,
                      nominal_w=plant.peak_kw * 1000, pv_share=1.0)  # fmt: skip
    plant.devices = [inverter]
    backend.fleet[plant_id] = plant
    backend.records[plant_id] = PlantRecord(c_user_id=user.c_user_id, currency=call.args.get("currency", "1"))
    return {"plant_id": plant_id}


def plant_modify(call: RoutedCall, sim: Simulator) -> Any:
    backend = growatt(sim)
    user = own_user(call, sim, 10005)
    plant = own_plant(call, sim, 10007)
    name = str(call.args["name"])
    if same_name_for_user(backend, name, user.c_user_id, other_than=plant):
        raise VendorError(10006)
    record = backend.record(plant)
    plant.name = name
    record.c_user_id = user.c_user_id
    record.peak_power = float(call.args["peak_power"])
    if call.args.get("longitude") is not None:
        record.longitude = float(call.args["longitude"])
    if call.args.get("latitude") is not None:
        record.latitude = float(call.args["latitude"])
    # The document's default (PRC) applies when a plant is added; a modify without a zone keeps it.
    if call.sent("timezone_id"):
        record.timezone = zone_for(call.args.get("timezone_id"), plant.timezone)
    backend.forget_answers()  # the rows kept show the plant as it was
    return empty_answer(sim)


def plant_delete(call: RoutedCall, sim: Simulator) -> Any:
    backend = growatt(sim)
    plant = own_plant(call, sim, 10004)
    del backend.fleet[plant.plant_id]
    backend.records.pop(plant.plant_id, None)
    return empty_answer(sim)


# Fields of a real plant/details answer that record what no API call sets: empty (null) unless entered in
# the portal (timohencken pydantic_models/plant.py PlantDetailData and its details sample).
UNRECORDED_DETAILS = (
    "address1", "address2", "description", "designercontact", "designerorganization", "elevation",
    "financiercontact", "financierorganization", "fixed_azimuth", "fixed_tilt", "grid_type",
    "installed_ac_capacity", "installed_dc_capacity", "installed_panel_area", "installercontact",
    "installerorganization", "irradiationsensor_type", "jurisdictioncontact", "jurisdictionorganization", "notes",
    "offtakercontact", "offtakerorganization", "operatorcontact", "operatororganization", "ownercontact",
    "ownerorganization", "plant_type", "postal", "state", "status", "tracker_type", "weather_type",
    "weathersensor_man", "weathersensor_md", "weathersensor_num",
)  # fmt: skip


def observed_details(plant: Plant) -> dict[str, Any]:
    """What a real plant/details answer adds: its equipment counted by kind, and the unrecorded fields."""
    inverters = len(plant.devices_of("inverter"))
    return dict.fromkeys(UNRECORDED_DETAILS) | {
        "city": plant.city,
        "locale": "en_US",
        "arrays": [{"module_man": "Growatt", "module_md": None, "num_modules": 0}],
        "dataloggers": [{"datalogger_man": "Growatt", "datalogger_md": None,
                         "datalogger_num": len(plant.devices_of("datalogger"))}],
        "inverters": [{"inverter_man": "Growatt", "inverter_md": None, "inverter_num": inverters}],
        "maxs": [],
    }  # fmt: skip


def plant_details(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    record = growatt(sim).record(plant)
    extras = observed_details(plant) if sim.profile == "observed" else {}
    return extras | {
        "name": plant.name,
        "user_id": record.c_user_id,
        "country": country_name(plant.country),
        "longitude": round(record.longitude_of(plant), 7),
        "latitude": round(record.latitude_of(plant), 7),
        "create_date": plant.commissioned,
        "image_url": None,
        "peak_power": record.peak_power_of(plant),
        "currency": record.currency,
        # Written as the zone's offset now, GMT-5 as in the document's example; the record keeps the zone.
        "timezone": gmt_text(utc_offset_hours(record.timezone_of(plant), call.now)),
    }
