"""Growatt inverter views: latest data, several at once, detail, TLX data, history and alarms."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import Reply, RoutedCall
from solarfakes.simulators.core.envelope import payload_placed
from solarfakes.simulators.core.shape import java_calendar
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.day_rows import Columns
from solarfakes.simulators.vendors.growatt.access import find_device, owned_device
from solarfakes.simulators.vendors.growatt.alarms import alarms_for
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.history import (
    history_page,
    history_readings,
    next_page_start,
    settings_key,
    start_isoformats,
)
from solarfakes.simulators.vendors.growatt.output import LIMITING_SETTINGS
from solarfakes.simulators.vendors.growatt.places import utc_offset_hours
from solarfakes.simulators.vendors.growatt.readings import Reading, day_series, latest_reading
from solarfakes.simulators.vendors.growatt.records import (
    InverterHistoryRow,
    inverter_record,
    observed_inverter_extras,
    status_text,
)
from solarfakes.simulators.vendors.growatt.zones import requested_zone

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator
    from solarfakes.simulators.world import Device, Plant
    from solarfakes.specs.model import FieldSchema

# A request names at most 100 inverters (growatt-openapi-v1 4.3.9), so one page holds them all;
# a later page is empty. ASSUMPTION: the page size is not documented (spec invs_data note).
INVS_PAGE_SIZE = 100


def last_new_data(call: RoutedCall, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    extras = {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn or ""}
    if payload_placed(sim.spec, call.endpoint):
        return Reply(shaped_payload(sim, plant, device, call.now, call.endpoint.response.schema_), extras)
    payload = latest_payload(sim, plant, device, call.now)  # merged into the body (documented): a dict
    # a copy, down to the calendar, so no later stage can change what the slot keeps
    answer = {
        **payload,
        "timeCalendar": {**payload["timeCalendar"], "timeZone": dict(payload["timeCalendar"]["timeZone"])},
    }
    return Reply(answer, extras)


def shaped_payload(sim: Simulator, plant: Plant, device: Device, now: datetime, schema: FieldSchema | None) -> Encoded:
    """``latest_payload`` shaped by ``schema`` and encoded, kept for the slot as well (a 200-field record
    was copied and shaped on every call)."""
    memo = growatt(sim).slot_answers
    key = ("shaped", sim.profile, plant.plant_id, device.sn, id(schema))
    return memo.shaped(
        key, memo.slot_of(plant, now), (device, plant), schema, lambda: latest_payload(sim, plant, device, now)
    )


def latest_payload(sim: Simulator, plant: Plant, device: Device, now: datetime) -> dict[str, Any]:
    """last_new_data's answer of the slot under way: the same for every call in the slot, so kept with
    the slot's reading."""
    backend = growatt(sim)
    slot = backend.slot_answers.slot_of(plant, now)
    key = (sim.profile, plant.plant_id, device.sn)
    kept = backend.slot_answers.get(key, slot)
    if kept is not None and kept[0] is device and kept[1] is plant:
        found: dict[str, Any] = kept[2]
        return found
    record = inverter_record(plant, device, latest_reading(backend, plant, device, now))
    if sim.profile == "observed":
        record |= observed_inverter_extras(device, record)
    payload = {
        "device_sn": device.sn,
        "dataloggerSn": device.datalogger_sn or "",
        **record,
        "statusText": status_text(record["status"]),
        "vacRs": record["vacr"],
        # Growatt's debug strings use full-width commas (vendor-reality growatt §4).
        "debug1": "\uff0c".join("0" * 8),
        "timeCalendar": java_calendar(record["time"]),
    }
    backend.slot_answers.put(key, slot, (device, plant, payload))
    return payload


def invs_data(call: RoutedCall, sim: Simulator) -> Any:
    """Records keyed by serial; reality puts the serials answered on this page (a list) and pageNum
    beside data (timohencken inverter/inverter.py energy_multiple reads response["inverters"] as the
    list it iterates). Inverters that are unknown or another account's are left out, not refused."""
    sent = call.args["inverters"]
    wanted = [str(sn).strip() for sn in (sent if isinstance(sent, list) else str(sent).split(",")) if str(sn).strip()]
    found = [(sn, find_device(sim, sn, "inverter")) for sn in dict.fromkeys(wanted)]
    own = [(sn, hit) for sn, hit in found if hit is not None and hit[0].account == call.account.name]
    page = int(call.args.get("pageNum", 1))
    on_page = own[(page - 1) * INVS_PAGE_SIZE : page * INVS_PAGE_SIZE]
    data: dict[str, Any] = {}
    for sn, (plant, device) in on_page:
        record = inverter_record(plant, device, latest_reading(growatt(sim), plant, device, call.now))
        if sim.profile == "documented":
            data[sn] = record
        else:
            data[sn] = {
                "dataloggerSn": device.datalogger_sn or "",
                sn: record | observed_inverter_extras(device, record),
            }
    serials = [sn for sn, _ in on_page]
    if sim.profile == "documented":
        return {"inverters": serials, "pageNum": page, **data}
    return Reply(data, {"inverters": serials, "pageNum": page})


def inverter_history(call: RoutedCall, sim: Simulator) -> Page[Any]:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    zone = requested_zone(call, plant)
    readings = history_readings(growatt(sim), call, plant, device)

    row = InverterHistoryRow(device, zone, sim.profile == "observed")

    # The spec names no total_field here (the document shows none), yet the answer carries count.
    extra = {
        "device_sn": device.sn,
        "sn": device.sn,
        "datalogger_sn": device.datalogger_sn or "",
        "count": len(readings),
        "next_page_start_id": next_page_start(call, len(readings)),
    }
    limits = settings_key(growatt(sim), device, LIMITING_SETTINGS)

    def day_columns(day: date) -> Columns | None:
        series = day_series(growatt(sim), plant, device, day, call.now)
        return None if series is None else row.columns(series, start_isoformats(plant, day, series.starts))

    return history_page(sim, call, plant, device, readings, row, (zone, limits), extra, day_columns)


def inverter_alarms(call: RoutedCall, sim: Simulator) -> Page[dict[str, Any]]:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    day = as_date(str(call.args["date"])) if call.args.get("date") else plant.local_date(call.now)
    return Page(alarms_for(plant, device, day, call.now), extra={"sn": device.sn})


def inv_data_info(call: RoutedCall, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    backend = growatt(sim)
    reading = latest_reading(backend, plant, device, call.now)
    record = inverter_record(plant, device, reading)
    updated = reading.slot.start
    payload = {
        "device_sn": device.sn,
        "serialNum": device.sn,
        "dataloggerSn": device.datalogger_sn or "",
        "status": record["status"],
        "statusText": status_text(record["status"]),
        "lost": not plant.online,
        "alias": device.sn,
        "location": None,
        "dataLogSn": device.datalogger_sn or "",
        "nominalPower": round(device.nominal_w),
        "power": record["pac"],
        "eToday": record["powerToday"],
        "eTotal": record["powerTotal"],
        "lastUpdateTime": updated,
        "lastUpdateTimeText": updated.strftime("%Y-%m-%d %H:%M:%S"),
        "tcpServerIp": "127.0.0.1",
        "fwVersion": "GH1.0",
        "settings": backend.latest_settings(device.sn),
    }
    if sim.profile == "observed":
        payload |= observed_detail_extras(plant, device, record, reading)
    return Reply(payload, {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn or ""})


def observed_detail_extras(plant: Plant, device: Device, record: dict[str, Any], reading: Reading) -> dict[str, Any]:
    """The rest of a real inv_data_info answer (timohencken pydantic_models/inverter.py InverterDetailData and the
    details docstring of inverter/inverter.py): the portal's tree of the device, its versions and its load."""
    month = plant.pv_kwh_between(
        reading.slot.start.date().replace(day=1), reading.slot.start.date(), reading.slot.start
    )
    return {
        "address": 1,
        "id": 1,
        "bigDevice": False,
        "children": [],
        "createDate": None,
        "deviceType": 0,
        "energyDay": record["powerToday"],
        "energyDayMap": {},
        "energyMonth": round(month * device.pv_share + record["powerToday"], 1),
        "energyMonthText": f"{round(month * device.pv_share + record['powerToday'], 1):g}",
        "groupID": 0,
        "imgPath": "./css/img/status_green.gif" if record["status"] == 1 else "./css/img/status_gray.gif",
        "innerVersion": "GHAA10010101",
        "communicationVersion": None,
        "invSetBean": None,
        "inverterInfoStatusCss": "vsts_table_green" if record["status"] == 1 else "vsts_table_ash",
        "ipmTemperature": record["ipmTemperature"],
        "temperature": record["temperature"],
        "level": 4,
        "loadText": f"{round(record['pac'] / max(device.nominal_w, 1.0) * 100)}%",
        "model": 0,
        "modelText": "A0B0D0T0P0U0M0S0",
        "optimezerList": None,
        "parentID": f"LIST_{device.datalogger_sn or ''}_0",
        "plantId": plant.plant_id,
        "plantname": plant.name,
        "powerMax": None,
        "powerMaxText": None,
        "powerMaxTime": None,
        "record": None,
        "rfStick": None,
        "timezone": utc_offset_hours(plant.timezone, reading.slot.start),
        "treeID": device.sn,
        "treeName": device.sn,
        "updateExist": False,
        "updating": False,
        "userID": 0,
        "userName": None,
    }


def tlx_last_data(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "tlx_sn", 10002, "inverter")
    reading = latest_reading(growatt(sim), plant, device, call.now)
    record = inverter_record(plant, device, reading)
    storage = plant.devices_of("storage")
    slot = reading.slot
    return {
        "eacToday": record["powerToday"],
        "eacTotal": record["powerTotal"],
        "vpv1": record["vpv1"],
        "ppv": record["ppv"],
        "vacrs": record["vacr"],
        "pac": record["pac"],
        "temp1": record["temperature"],
        "bdc1DischargePower": round(slot.discharge_w, 1) if storage else 0.0,
    }
