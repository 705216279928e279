"""Plants: the list (2.3), one plant's detail (2.4), and the communication device of a serial (2.12)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.codecs.json_bytes import Encoded, dumps
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pagination import row_schema_of
from solarfakes.simulators.core.shape import compiled, conform, shaped_bytes
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.isolarcloud.backend import IsolarBackend, isolar
from solarfakes.simulators.vendors.isolarcloud.fleet import API
from solarfakes.simulators.vendors.isolarcloud.realtime import latest
from solarfakes.simulators.world import Plant
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

CO2_KG_PER_KWH = 0.997  # iSolarCloud's factor is not published; the samples' ratio is near 1 kg/kWh (2.3.5)
PRICE_PER_KWH = 1.0
RESIDENTIAL_PV, RESIDENTIAL_STORAGE = 4, 5


def own_plants(call: RoutedCall, sim: Simulator) -> list[Plant]:
    return isolar(sim).world.fleet(API).plants_of(call.account.name)


def own_plant(call: RoutedCall, sim: Simulator, ps_id: Any) -> Plant:
    """The caller's plant ``ps_id``; another user's plant, or none, is an invalid value (010)."""
    plant = isolar(sim).fleet.get(int(ps_id)) if str(ps_id).isdigit() else None
    if plant is None or plant.account != call.account.name:
        call.call.diagnostics.update(problem=f"ps_id {ps_id} is not a plant of this user")
        raise VendorError("010", check="handler")
    return plant


def zone_name(plant: Plant, now: datetime) -> str:
    """'GMT+1' as iSolarCloud writes a plant's current zone (2.3.5)."""
    offset = now.astimezone(ZoneInfo(plant.timezone)).utcoffset()
    hours = (offset.total_seconds() if offset else 0) / 3600
    return f"GMT{hours:+g}"


def ps_type(plant: Plant) -> int:
    return RESIDENTIAL_STORAGE if plant.battery else RESIDENTIAL_PV


def measure(value: float, unit: str) -> dict[str, Any]:
    return {"unit": unit, "value": f"{value:.2f}".rstrip("0").rstrip(".") or "0"}


# The fields of a row that tell the instant of the call, in the plant's zone; the rest is the slot's.
INSTANT_FIELDS = ("curr_power_update_time", "cur_power_update_time", "today_energy_update_time",
                  "total_energy_update_time")  # fmt: skip
LOCAL_FIELD = "update_time"  # the same instant without its zone (observed rows)


def plant_row(plant: Plant, sim: Simulator, now: datetime) -> dict[str, Any]:
    """A plant's row: its slot's figures, worked out once per slot, stamped with the instant of the call."""
    row = dict(row_template(plant, sim, now))  # the pipeline conforms an answer into new dicts: nested ones stay
    for name, value in instant_values(plant, now, row).items():
        row[name] = value
    return row


def row_template(plant: Plant, sim: Simulator, now: datetime) -> dict[str, Any]:
    """The row of the slot under way, its instant's fields not yet filled; kept for the slot."""
    backend = isolar(sim)
    slot = backend.slot_answers.slot_of(plant, now)
    key = ("plant_row", sim.profile, plant.plant_id)
    kept = backend.slot_answers.get(key, slot)
    if kept is not None and kept[0] is plant:
        template: dict[str, Any] = kept[1]
        return template
    template = slot_row(backend, plant, sim, now)
    backend.slot_answers.put(key, slot, (plant, template))
    return template


def instant_values(plant: Plant, now: datetime, row: dict[str, Any]) -> dict[str, datetime]:
    """The row's fields that tell the instant of the call, in the plant's zone (and without it)."""
    local = now.astimezone(ZoneInfo(plant.timezone))
    values = {name: local for name in INSTANT_FIELDS if name in row}
    if LOCAL_FIELD in row:
        values[LOCAL_FIELD] = local.replace(tzinfo=None)
    return values


def listed_plant_row(plant: Plant, sim: Simulator, now: datetime, schema: FieldSchema | None) -> Encoded:
    """``plant_row`` as the shape (by ``schema``) and encode steps write it: the slot's part shaped and
    encoded once, in pieces around the instant's fields, which alone are shaped and encoded per call
    (a list's rows were shaped whole, nested figures and all, on every call)."""
    backend = isolar(sim)
    slot = backend.slot_answers.slot_of(plant, now)
    key = ("listed_plant_row", sim.profile, plant.plant_id, id(schema))
    kept = backend.slot_answers.get(key, slot)
    if kept is None or kept[0] is not plant or kept[1] is not schema:
        kept = (plant, schema, row_pieces(row_template(plant, sim, now), schema))
        backend.slot_answers.put(key, slot, kept)
    split: RowPieces | None = kept[2]
    if split is None:
        return shaped_bytes(plant_row(plant, sim, now), schema)
    pieces, names = split
    texts = instant_texts(plant.timezone, now, names, schema)
    filled = [pieces[0]]
    for text, piece in zip(texts, pieces[1:], strict=True):
        filled += [text, piece]
    return Encoded(b"".join(filled))


def instant_texts(zone: str, now: datetime, names: tuple[str, ...], schema: FieldSchema | None) -> list[bytes]:
    """The instant's fields of a row in ``zone``, shaped and encoded: the rows of one call in one zone
    share them, so the last ones made for each zone are kept (with their schema, so its id stays its
    own), for a bounded number of zones."""
    key = (now, names, id(schema))
    last = INSTANT_TEXTS.get(zone)
    if last is not None and last[0] == key:
        return last[2]
    fields = compiled(schema).fields if schema is not None else {}
    local = now.astimezone(ZoneInfo(zone))
    values = {name: local.replace(tzinfo=None) if name == LOCAL_FIELD else local for name in names}
    texts = [dumps(fields[name].conform(values[name]) if name in fields else values[name]) for name in names]
    if len(INSTANT_TEXTS) >= INSTANT_ZONES_KEPT and zone not in INSTANT_TEXTS:
        INSTANT_TEXTS.clear()
    INSTANT_TEXTS[zone] = (key, schema, texts)
    return texts


# By zone, the last instant_texts made: ((instant, names, schema id), the schema, the texts).
INSTANT_TEXTS: dict[str, tuple[tuple[datetime, tuple[str, ...], int], FieldSchema | None, list[bytes]]] = {}
INSTANT_ZONES_KEPT = 256


# A row's encoded pieces around its instant's fields, and those fields' names.
RowPieces = tuple[tuple[bytes, ...], tuple[str, ...]]
# Stands in for an instant's field while a row template is shaped and encoded.
MARKER = "\x00solarfakes-instant:{}\x00"


def row_pieces(
    template: dict[str, Any], schema: FieldSchema | None
) -> tuple[tuple[bytes, ...], tuple[str, ...]] | None:
    """The shaped, encoded template split where its instant's fields go, and those fields' names in the
    order they come; None if a marker does not come out once and whole (then rows are shaped whole)."""
    names = tuple(name for name in template if name in INSTANT_FIELDS or name == LOCAL_FIELD)
    data = dumps(conform({**template, **{name: MARKER.format(name) for name in names}}, schema))
    pieces: list[bytes] = []
    for name in names:
        marker = dumps(MARKER.format(name))
        if data.count(marker) != 1:
            return None
        before, data = data.split(marker)
        pieces.append(before)
    return (*pieces, data), names


def slot_row(backend: IsolarBackend, plant: Plant, sim: Simulator, now: datetime) -> dict[str, Any]:
    """The row of the slot under way ``now``; its instant's fields are left for ``plant_row`` to fill."""
    reading = latest(backend, backend.plant_device(plant), now)  # after the inverters' power limits
    pv_w = reading.slot.pv_w if reading else 0.0
    today = reading.today.pv if reading else 0.0
    total = reading.plant_lifetime_wh / 1000 if reading else plant.lifetime_pv_kwh(now)
    local = None
    power = measure(pv_w / 1000, "kW") if sim.profile == "documented" else measure(pv_w, "W")
    commissioned = datetime.combine(plant.commissioned, datetime.min.time())
    row: dict[str, Any] = {
        "ps_id": plant.plant_id,
        "ps_name": plant.name,
        "share_type": "0",
        "ps_type": ps_type(plant),
        "valid_flag": 1,
        "install_date": commissioned,
        "ps_current_time_zone": zone_name(plant, now),
        "ps_location": f"{plant.city}, {plant.country}",
        "description": None,
        "longitude": plant.longitude,
        "latitude": plant.latitude,
        "fault_count": 0,
        "alarm_count": 0,
        "ps_status": 1 if plant.online else 0,
        "ps_fault_status": 4,
        "build_status": 2,
        "connect_type": 2,
        "curr_power_update_time" if sim.profile == "observed" else "cur_power_update_time": local,
        "today_energy_update_time": local,
        "total_energy_update_time": local,
        "today_energy": measure(today, "kWh"),
        "total_energy": measure(total, "kWh"),
        "curr_power": power,
        "today_income": measure(today * PRICE_PER_KWH, "yuan"),
        "total_income": measure(total * PRICE_PER_KWH, "yuan"),
        "co2_reduce": measure(today * CO2_KG_PER_KWH, "kg"),
        "co2_reduce_total": measure(total * CO2_KG_PER_KWH, "kg"),
        "total_capcity": measure(plant.peak_kw, "kWp"),
        "equivalent_hour": measure(today / plant.peak_kw, "hour"),
    }
    if sim.profile == "observed":  # live rows carry these beside the document's fields (vendor-reality §4)
        row |= {"online_status": 1 if plant.online else 0, "grid_connection_status": 1,
                LOCAL_FIELD: None, "grid_connection_time": commissioned}  # fmt: skip
    return row


def plant_list(call: RoutedCall, sim: Simulator) -> Page[Plant]:
    plants = own_plants(call, sim)
    name = str(call.args.get("ps_name") or "").lower()
    types = set(str(call.args.get("ps_type") or "").split(",")) - {""}
    flags = set(str(call.args.get("valid_flag") or "1").split(","))
    shares = set(str(call.args.get("share_type") or "0,1,2").split(","))
    chosen = [p for p in plants if name in p.name.lower() and (not types or str(ps_type(p)) in types)]
    chosen = [p for p in chosen if "1" in flags and "0" in shares]  # every plant is normal and the user's own
    schema = row_schema_of(call.endpoint)
    return Page(chosen, lambda p: listed_plant_row(p, sim, call.now, schema))


def plant_detail(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    if call.args.get("ps_id") is not None:
        plant = own_plant(call, sim, call.args["ps_id"])
    else:
        found = backend.by_sn(str(call.args["sn"]))
        plant = own_plant(call, sim, found.plant.plant_id if found and found.device_type == 22 else "none")
    return detail(plant, backend, sim, call.now)


def detail(plant: Plant, backend: IsolarBackend, sim: Simulator, now: datetime) -> dict[str, Any]:
    loggers = [d for d in backend.devices_of(plant) if d.device_type == 22]
    price = "0.001" if sim.profile == "observed" else None
    return {
        "ps_id": plant.plant_id,
        "ps_name": plant.name,
        "ps_type": ps_type(plant),
        "ps_type_name": "Residential",
        "ps_key": f"{plant.plant_id}_11_0_0",
        "ps_current_time_zone": zone_name(plant, now),
        "ps_location": f"{plant.city}, {plant.country}",
        "longitude": plant.longitude,
        "latitude": plant.latitude,
        "design_capacity": plant.peak_kw * 1000,
        "build_status": 2,
        "connect_type": 2,
        "install_date": datetime.combine(plant.commissioned, datetime.min.time()),
        "user_moble_tel": None,
        "email": None,
        "description": None,
        "ps_price": price,
        "ps_price_kwh": None if price is None else "1",
        "param_income_unit_name": "CNY",
        "share_type": "0",
        "share_user_type": None,
        "fault_count": 0,
        "alarm_count": 0,
        "ps_status": 1 if plant.online else 0,
        "ps_fault_status": 4,
        "communication_dev_detail_list": [{"sn": d.sn, "is_enable": 1} for d in loggers],
    }


def communication_device(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    found = backend.by_sn(str(call.args["dev_sn"]))
    plant = own_plant(call, sim, found.plant.plant_id if found else "none")
    logger = next(d for d in backend.devices_of(plant) if d.device_type == 22)
    assert logger.device is not None
    return {"ps_id": plant.plant_id, "ps_name": plant.name, "ps_key": logger.ps_key, "uuid": logger.uuid,
            "sn": logger.sn, "device_model_code": logger.device.model}  # fmt: skip
