"""Real-time point data (2.6 for PV inverters, 2.14 for any device type): the latest slot's reading,
the same values the minute data ends with."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.identity import per_object
from solarfakes.simulators.core.shape import conform
from solarfakes.simulators.day_rows import ITEMS, encoded, row_schema
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, IsolarBackend, isolar
from solarfakes.simulators.vendors.isolarcloud.points import Point, points_of, text
from solarfakes.simulators.vendors.isolarcloud.readings import Reading, day_readings
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

PV_INVERTER = 1
OFFLINE_VALUE = "--"  # what an offline device's points read (vendor-reality isolarcloud §4, MortJC#12)


def latest(backend: IsolarBackend, device: IsoDevice, now: datetime) -> Reading | None:
    """The reading of the slot under way ``now`` (None before the plant reports anything)."""
    figures = backend.latest_readings.at(now)
    if figures is None:
        return latest_reading(backend, device, now)
    if device.ps_key not in figures:
        figures[device.ps_key] = latest_reading(backend, device, now)
    found: Reading | None = figures[device.ps_key]
    return found


def latest_reading(backend: IsolarBackend, device: IsoDevice, now: datetime) -> Reading | None:
    day = device.plant.local_date(now)
    readings = day_readings(device.plant, device.device, day, now, backend, last_only=True)
    return readings[-1] if readings else None


def device_point(backend: IsolarBackend, device: IsoDevice, points: list[Point], now: datetime) -> dict[str, Any]:
    """The device's point row of the slot under way: the same for every call in the slot, so kept
    (a copy is answered: the caller adds to it)."""
    slot = backend.slot_answers.slot_of(device.plant, now)
    key = ("device_point", device.ps_key, *[point.point_id for point in points])
    kept = backend.slot_answers.get(key, slot)
    if kept is not None and kept[0] is device:
        return dict(kept[1])
    row = slot_device_point(backend, device, points, now)
    backend.slot_answers.put(key, slot, (device, row))
    return dict(row)


def slot_device_point(backend: IsolarBackend, device: IsoDevice, points: list[Point], now: datetime) -> dict[str, Any]:
    reading = latest(backend, device, now)
    logger = next((d for d in device.plant.devices if d.kind == "datalogger"), None)
    row: dict[str, Any] = {
        "device_name": device.name,
        "device_time": reading.slot.start if reading else device.plant.now_slot(now).start,
        "ps_id": device.plant.plant_id,
        "ps_key": device.ps_key,
        "uuid": device.uuid,
        "dev_status": 1 if device.plant.online else 0,
        "dev_fault_status": 4,
        "device_sn": device.sn,
        "communication_dev_sn": logger.sn if logger else None,
    }
    if not device.plant.online:
        row.update(dict.fromkeys([point.key for point in points], OFFLINE_VALUE))
    else:
        row.update(point_texts(backend, device, points, reading, now))
    return row


def point_texts(
    backend: IsolarBackend, device: IsoDevice, points: list[Point], reading: Reading | None, now: datetime
) -> dict[str, str | None]:
    """``points`` of the reading, as the server writes them: the same for every call at one instant."""
    figures = backend.latest_readings.at(now)
    key = (device.ps_key, *[point.point_id for point in points])
    found: dict[str, str | None] | None = None if figures is None else figures.get(key)
    if found is None:
        found = {point.key: text(point.value(reading)) if reading is not None else None for point in points}
        if figures is not None:
            figures[key] = found
    return found


def resolve(call: RoutedCall, sim: Simulator, device_type: int | None) -> tuple[list[IsoDevice], list[str], str]:
    """The caller's devices named by ps_key_list (which wins) or sn_list; the names that found none."""
    backend = isolar(sim)
    by_key = call.args.get("ps_key_list")
    field = "ps_key_list" if by_key else "sn_list"
    names = [str(n) for n in (by_key or call.args.get("sn_list") or [])]
    found, failed = [], []
    for name in names:
        device = backend.devices.get(name) if by_key else backend.by_sn(name)
        ok = device is not None and device.plant.account == call.account.name
        if ok and device is not None and (device_type is None or device.device_type == device_type):
            found.append(device)
        else:
            failed.append(name)
    return found, failed, field


def listed_point_keys(call: RoutedCall) -> list[str]:
    """The p-keys the spec lists in a device_point: each answer carries them all, null where the device has
    no value (the 2.6.5 sample; a live answer, github:Afrouper/sungrow-api-client realtimeDataResponse.json).
    Read from the schema once per schema."""
    return point_keys_of(call.endpoint.response.schema_)


@per_object(64)
def point_keys_of(schema: FieldSchema) -> list[str]:
    rows = (schema.properties or {}).get("device_point_list")
    point = (rows.items.properties or {}).get("device_point") if rows is not None and rows.items else None
    keys = (point.properties or {}) if point is not None else {}
    return [key for key in keys if key[:1] == "p" and key[1:].isdigit()]


def listed_device_point(backend: IsolarBackend, device: IsoDevice, call: RoutedCall) -> Encoded:
    """A PV inverter's device_point with every listed p-key, shaped and encoded as the pipeline would
    write it: the same for every call in the slot, so kept as its bytes (about 70 keys, most null, were
    merged, shaped and checked for NaN on every call)."""
    now = call.now
    schema = row_schema(call.endpoint, "device_point_list", ITEMS, "device_point")
    slot = backend.slot_answers.slot_of(device.plant, now)
    key = ("listed_device_point", device.ps_key, id(schema))
    kept = backend.slot_answers.get(key, slot)
    if kept is not None and kept[0] is device and kept[1] is schema:
        found: Encoded = kept[2]
        return found
    row = dict.fromkeys(listed_point_keys(call)) | device_point(backend, device, points_of(PV_INVERTER), now)
    found = Encoded(encoded(conform(row, schema)))
    backend.slot_answers.put(key, slot, (device, schema, found))
    return found


def pv_inverter_realtime(call: RoutedCall, sim: Simulator) -> dict[str, Any] | Encoded:
    devices, failed, field = resolve(call, sim, PV_INVERTER)
    backend = isolar(sim)
    if field == "ps_key_list":
        return kept_realtime_payload(backend, devices, call)
    rows = [{"device_point": listed_device_point(backend, d, call)} for d in devices]
    payload: dict[str, Any] = {"device_point_list": rows}
    if field == "sn_list":
        payload["fail_sn_list"] = failed
    return payload


def kept_realtime_payload(backend: IsolarBackend, devices: list[IsoDevice], call: RoutedCall) -> Encoded:
    """The payload of a call by ps_key_list (which lists no failed names) as the shape and encode steps
    write it, kept while each device's slot lasts, as its rows are (``listed_device_point``): the payload
    holds nothing else, and shaping and writing it (NaN check included) cost a tenth of the call."""
    schema = call.endpoint.response.schema_
    memo = backend.slot_answers
    slots = tuple(memo.slot_of(d.plant, call.now) for d in devices)
    key = ("realtime payload", *[d.ps_key for d in devices], id(schema))
    return memo.shaped(
        key,
        None if None in slots else slots,  # a device with battery commands: never kept
        tuple(devices),
        schema,
        lambda: {"device_point_list": [{"device_point": listed_device_point(backend, d, call)} for d in devices]},
    )


def device_realtime(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    device_type = int(call.args["device_type"]) if str(call.args["device_type"]).isdigit() else -1
    if not points_of(device_type):
        call.call.diagnostics.update(problem=f"device_type {call.args['device_type']} has no open points")
        raise VendorError("010", check="handler")
    devices, failed, field = resolve(call, sim, device_type)
    backend = isolar(sim)
    points = points_of(device_type, [str(p) for p in call.args["point_id_list"]])
    rows = [{"device_point": device_point(backend, d, points, call.now)} for d in devices]
    payload: dict[str, Any] = {"device_point_list": rows}
    payload["fail_sn_list" if field == "sn_list" else "fail_ps_key_list"] = failed
    return payload
