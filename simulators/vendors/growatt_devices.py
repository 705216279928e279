"""Growatt device views: inverter and storage records, history, alarms and parameter settings.

Records are plain numbers and datetimes; the pipeline types them per profile from the spec.
Settings written through inverterSet/storageSet are stored with the instant they were made and
shape every record from then on (an inverter switched off reports no output), so real-time and
history keep agreeing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from solarfakes.simulators.core.context import Call, Reply
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pagination import page_of
from solarfakes.simulators.core.pipeline import Simulator
from solarfakes.simulators.core.shape import java_calendar
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.physics import KWH_PER_UNIT, DayEnergy, Slot, units
from solarfakes.simulators.world import Device, Plant

API = "growatt_v1"
DEVICE_TYPES = {"inverter": 1, "storage": 2, "meter": 3}
DOCUMENTED_NAMES = {"device_sn": "device_id"}
# Growatt's timezone_id values are its own codes; the common ones map to IANA zones.
TIMEZONE_CODES = {"PRC": "Asia/Shanghai", "UTC": "UTC", "GMT": "UTC"}
ALARMS = [
    (25, "No utility (grid lost)"),
    (101, "Communication fault"),
    (202, "Grid voltage high"),
    (207, "Isolation fault"),
    (300, "Battery voltage low"),
]


def device_type(device: Device) -> int:
    if device.kind == "inverter" and device.model.startswith("MIN"):
        return 7
    return DEVICE_TYPES.get(device.kind, 3)


def requested_zone(call: Call, plant: Plant) -> ZoneInfo:
    """Times are shown in the plant's zone unless the client names one with timezone_id. The
    document's default (UTC) is not applied: vendor-reality shows plant-local times."""
    sent = call.raw_params().get("timezone_id")
    return ZoneInfo(zone_for(str(sent) if sent else None, plant.timezone))


def zone_for(code: str | None, fallback: str) -> str:
    if not code:
        return fallback
    name = TIMEZONE_CODES.get(code, code)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return name


def find_device(sim: Simulator, sn: str, *kinds: str) -> tuple[Plant, Device] | None:
    found = sim.world.plant_of_device(API, sn)
    if found is None or (kinds and found[1].kind not in kinds):
        return None
    return found


def owned_device(call: Call, sim: Simulator, param: str, missing: int, *kinds: str) -> tuple[Plant, Device]:
    """The device named by ``param``: unknown -> ``missing``; another account's -> 10011.

    The document names the inverter ``device_id`` where real servers take ``device_sn``; either works."""
    assert call.account is not None
    sn = str(call.args.get(param) or call.args.get(DOCUMENTED_NAMES.get(param, param)) or "")
    found = find_device(sim, sn, *kinds)
    if found is None:
        raise VendorError(missing, diagnostics={"problem": f"no {'/'.join(kinds) or 'device'} {sn!r}"})
    if found[0].account != call.account.name:
        raise VendorError(10011, diagnostics={"problem": f"{sn} belongs to another account"})
    return found


def setting_at(device: Device, name: str, moment: datetime) -> list[str] | None:
    """The values of setting ``name`` in force at ``moment``, if it was ever written before it."""
    history: list[tuple[float, list[str]]] = device.settings.get(name, [])
    current = None
    for made, values in history:
        if made <= moment.timestamp():
            current = values
    return current


def output_limit(device: Device, moment: datetime) -> float:
    """The most the inverter may deliver under the settings in force: off, or an active-power rate."""
    switch = setting_at(device, "pv_on_off", moment)
    if switch is not None and switch[0] == "0000":
        return 0.0
    rate = setting_at(device, "pv_active_p_rate", moment)
    return device.nominal_w * (1.0 if rate is None else int(rate[0]) / 100)


def inverter_power(device: Device, slot: Slot) -> float:
    """AC output of one inverter: its share of the plant's PV, curtailed by its settings."""
    return round(min(slot.pv_w * device.pv_share, output_limit(device, slot.start)), 1)


@dataclass(frozen=True)
class Reading:
    """One slot with the inverter's AC output in it and the counters as they stood at its end: the
    plant's energies so far that day, the inverter's AC energy so far that day and the plant's
    lifetime PV counter."""

    slot: Slot
    inverter_w: float
    plant_today: DayEnergy
    inverter_today_kwh: float
    lifetime_kwh: float


def day_readings(plant: Plant, device: Device, day: date, until: datetime) -> list[Reading]:
    """A day's readings in one pass, so a week of history costs a week of slots, not its square."""
    readings = []
    so_far = DayEnergy()
    inverter_units = 0
    for slot in plant.history(day, until):
        so_far += DayEnergy.of((slot,))
        inverter_w = inverter_power(device, slot)
        inverter_units += units(inverter_w)
        lifetime = plant.lifetime_at(day, so_far.pv_units)
        readings.append(Reading(slot, inverter_w, so_far, round(inverter_units * KWH_PER_UNIT, 1), lifetime))
    return readings


def latest_reading(plant: Plant, device: Device, now: datetime) -> Reading:
    readings = day_readings(plant, device, plant.local_date(now), now)
    if readings:
        return readings[-1]
    slot = plant.now_slot(now)
    return Reading(slot, 0.0, DayEnergy(), 0.0, plant.lifetime_pv_kwh(now))


def inverter_record(plant: Plant, device: Device, reading: Reading) -> dict[str, Any]:
    slot = reading.slot
    pac = reading.inverter_w
    rng = random.Random(f"{device.sn}|{slot.start.isoformat()}")
    on = pac > 0
    vpv1 = round(rng.uniform(320, 380), 1) if on else 0.0
    vpv2 = round(rng.uniform(320, 380), 1) if on else 0.0
    ppv1, ppv2 = round(pac * 0.52, 1), round(pac * 0.48, 1)
    vac = round(rng.uniform(228, 236), 1)
    today = reading.inverter_today_kwh
    total = round(reading.lifetime_kwh * device.pv_share, 1)
    status = -1 if not plant.online else (1 if on else 0)
    record: dict[str, Any] = {
        "inverterId": device.sn,
        "status": status,
        "ipv1": round(ppv1 / vpv1, 1) if vpv1 else 0.0,
        "ipv2": round(ppv2 / vpv2, 1) if vpv2 else 0.0,
        "vpv1": vpv1,
        "vpv2": vpv2,
        "ppv1": ppv1,
        "ppv2": ppv2,
        "iacr": round(pac / vac, 1),
        "iacs": 0.0,
        "iact": 0.0,
        "vacr": vac,
        "vacs": 0.0,
        "vact": 0.0,
        "pacr": pac,
        "pacs": 0.0,
        "pact": 0.0,
        "ppv": round(ppv1 + ppv2, 1),
        "pac": pac,
        "powerToday": today,
        "powerTotal": total,
        "temperature": round(22 + pac / max(device.nominal_w, 1) * 25, 1),
        "fac": round(50 + rng.uniform(-0.03, 0.03), 2),
        "pf": 1.0,
        "time": slot.start,
        "faultType": 0,
        "timeTotal": round(total / max(device.nominal_w / 1000, 0.1), 1),
        "ipmTemperature": round(25 + pac / max(device.nominal_w, 1) * 30, 1),
        "epv1Today": round(today * 0.52, 1),
        "epv1Total": round(total * 0.52, 1),
        "epv2Today": round(today * 0.48, 1),
        "epv2Total": round(total * 0.48, 1),
        "epvTotal": total,
        "eRacToday": 0.0,
        "eRacTotal": 0.0,
        "pBusVoltage": round(360 + rng.uniform(-5, 5), 1) if on else 0.0,
        "nBusVoltage": round(360 + rng.uniform(-5, 5), 1) if on else 0.0,
        "dwStringWarningValue1": 0,
        "wStringStatusValue": 0,
        "wPIDFaultValue": 0,
        "vPidPvape": 0.0,
        "iPidPvape": 0.0,
        "pidStatus": 0,
        "vPidPvbpe": 0.0,
        "iPidPvbpe": 0.0,
        "strFault": 0.0,
        "warnCode": 0,
    }
    for string in range(1, 9):
        record[f"vString{string}"] = vpv1 if string == 1 else vpv2 if string == 2 else 0.0
        record[f"currentString{string}"] = record["ipv1"] if string == 1 else record["ipv2"] if string == 2 else 0.0
    return record


def status_text(status: int) -> str:
    return {-1: "inverter.status.lost", 0: "Waiting", 1: "Normal"}.get(status, "Fault")


def last_new_data(call: Call, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    record = inverter_record(plant, device, latest_reading(plant, device, call.now))
    payload = {
        "device_sn": device.sn,
        "dataloggerSn": device.datalogger_sn,
        **record,
        "statusText": status_text(record["status"]),
        "vacRs": record["vacr"],
        # Growatt's debug strings use full-width commas (vendor-reality growatt §4).
        "debug1": "\uff0c".join("0" * 8),
        "timeCalendar": java_calendar(record["time"]),
    }
    return Reply(payload, {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn})


def invs_data(call: Call, sim: Simulator) -> Any:
    """Records keyed by serial; reality puts the request's inverters and pageNum beside data."""
    sent = call.args["inverters"]
    wanted = [str(sn).strip() for sn in (sent if isinstance(sent, list) else str(sent).split(",")) if str(sn).strip()]
    data: dict[str, Any] = {}
    for sn in wanted:
        found = find_device(sim, sn, "inverter")
        if found is None or call.account is None or found[0].account != call.account.name:
            continue
        plant, device = found
        record = inverter_record(plant, device, latest_reading(plant, device, call.now))
        if sim.profile == "documented":
            data[sn] = record
        else:
            data[sn] = {"dataloggerSn": device.datalogger_sn, sn: record}
    page = int(call.args.get("pageNum", 1))
    if sim.profile == "documented":
        return {"inverters": wanted, "pageNum": page, **data}
    return Reply(data, {"inverters": ",".join(wanted), "pageNum": page})


def history_days(call: Call) -> list[date]:
    start, end = as_date(str(call.args["start_date"])), as_date(str(call.args["end_date"]))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def inverter_history(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    zone = requested_zone(call, plant)
    rows = []
    for day in history_days(call):
        for reading in day_readings(plant, device, day, call.now):
            record = inverter_record(plant, device, reading)
            rows.append(
                {
                    "ipv1": record["ipv1"],
                    "ipv2": record["ipv2"],
                    "vpv1": record["vpv1"],
                    "vpv2": record["vpv2"],
                    "iac1": record["iacr"],
                    "iac2": 0.0,
                    "iac3": 0.0,
                    "vac1": record["vacr"],
                    "vac2": 0.0,
                    "vac3": 0.0,
                    "power": record["pac"],
                    "today_energy": record["powerToday"],
                    "total_energy": record["powerTotal"],
                    "temperature": record["temperature"],
                    "fac": record["fac"],
                    "power_factor": 1.0,
                    "time": reading.slot.start.astimezone(zone),
                }
            )
    page = page_of(rows, call.endpoint, call.args)  # type: ignore[arg-type]
    return {
        "device_sn": device.sn,
        "sn": device.sn,
        "datalogger_sn": device.datalogger_sn,
        "count": len(rows),
        "next_page_start_id": next_page_start(call, len(rows)),
        "datas": page,
    }


def next_page_start(call: Call, total: int) -> int:
    """The 1-based index of the first record of the next page; 0 when this page is the last
    (the document names the field but not its end value, so 0 is this fake's choice)."""
    paging = call.endpoint.pagination if call.endpoint else None
    size = int(call.args.get("perpage") or (paging.default_size if paging else 20) or 20)
    page = int(call.args.get("page") or 1)
    return page * size + 1 if page * size < total else 0


def alarms_for(plant: Plant, device: Device, day: date, now: datetime) -> list[dict[str, Any]]:
    """A seeded alarm on roughly one day in five, lasting minutes to an hour; none before it began."""
    rng = random.Random(f"{device.sn}|alarm|{day.isoformat()}")
    if rng.random() > 0.2:
        return []
    code, message = rng.choice(ALARMS)
    zone = ZoneInfo(plant.timezone)
    start = datetime(
        day.year, day.month, day.day, rng.randrange(6, 19), rng.randrange(60), rng.randrange(60), tzinfo=zone
    )
    if start > now:
        return []
    end = start + timedelta(minutes=rng.randrange(3, 60))
    status = 1 if end > now else 0
    return [{"alarm_code": code, "alarm_message": message, "start_time": start.replace(tzinfo=None),
             "end_time": end.replace(tzinfo=None), "status": status}]  # fmt: skip


def inverter_alarms(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    day = as_date(str(call.args["date"])) if call.args.get("date") else plant.local_date(call.now)
    found = alarms_for(plant, device, day, call.now)
    return {"count": len(found), "sn": device.sn, "alarms": page_of(found, call.endpoint, call.args)}  # type: ignore[arg-type]


def storage_alarms(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "storage_sn", 10005, "storage")
    day = as_date(str(call.args["date"]))
    found = alarms_for(plant, device, day, call.now)
    return {
        "count": len(found),
        "storage_sn": device.sn,
        "device_sn": device.sn,
        "alarms": page_of(found, call.endpoint, call.args),  # type: ignore[arg-type]
    }


def storage_on(device: Device, moment: datetime) -> bool:
    switch = setting_at(device, "storage_cmd_on_off", moment)
    return switch is None or switch[0] != "0000"


def storage_record(plant: Plant, device: Device, reading: Reading) -> dict[str, Any]:
    slot = reading.slot
    today = reading.plant_today
    total_pv = reading.lifetime_kwh
    battery = plant.battery
    capacity = battery.capacity_kwh if battery else 0.0
    soc = slot.soc_pct or 0.0
    on = storage_on(device, slot.start) and plant.online
    vbat = round(48 + soc / 100 * 6, 1)
    return {
        "status": (1 if on else 0) if plant.online else -1,
        "deviceType": 0,
        "pCharge": round(slot.charge_w, 1),
        "pDischarge": round(slot.discharge_w, 1),
        "vpv": 360.0 if slot.pv_w > 0 else 0.0,
        "ipv": round(slot.pv_w / 360, 1),
        "iCharge": round(slot.charge_w / vbat, 1),
        "iDischarge": round(slot.discharge_w / vbat, 1),
        "ppv": round(slot.pv_w, 1),
        "vBuck": vbat,
        "vac": 230.0,
        "iacToUser": round(slot.import_w / 230, 1),
        "pacToUser": round(slot.import_w, 1),
        "iacToGrid": round(slot.export_w / 230, 1),
        "pacToGrid": round(slot.export_w, 1),
        "vBat": vbat,
        "capacity": round(soc, 1),
        "ipmTemperature": 30.0,
        "epvToday": round(today.pv, 1),
        "epvTotal": round(total_pv, 1),
        "temperature": 25.0,
        "eChargeToday": round(today.charge, 1),
        "eChargeTotal": round(total_pv * 0.3, 1),
        "time": slot.start,
        "eDischargeToday": round(today.discharge, 1),
        "eDischargeTotal": round(total_pv * 0.28, 1),
        "eToUserToday": round(today.grid_import, 1),
        "eToUserTotal": round(total_pv * 0.2, 1),
        "eToGridToday": round(today.grid_export, 1),
        "eToGridTotal": round(total_pv * 0.4, 1),
        "faultCode": 0,
        "vpv2": 0.0,
        "ppv2": 0.0,
        "pCharge2": 0.0,
        "pDischarge2": 0.0,
        "vBuck2": 0.0,
        "epvToday2": 0.0,
        "epvTotal2": 0.0,
        "eChargeToday2": 0.0,
        "eChargeTotal2": 0.0,
        "eDischargeToday2": 0.0,
        "eDischargeTotal2": 0.0,
        "normalPower": round(capacity * 1000),
        "errorCode": 0,
        "warnCode": 0,
    }


def storage_last_data(call: Call, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "storage_sn", 10002, "storage")
    record = storage_record(plant, device, latest_reading(plant, device, call.now))
    payload = {"storage_sn": device.sn, "dataloggerSn": device.datalogger_sn, **record}
    return Reply(payload, {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn})


def storage_history(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "storage_sn", 10005, "storage")
    zone = requested_zone(call, plant)
    rows = [
        storage_record(plant, device, reading) | {"time": reading.slot.start.astimezone(zone)}
        for day in history_days(call)
        for reading in day_readings(plant, device, day, call.now)
    ]
    return {
        "storage_sn": device.sn,
        "device_sn": device.sn,
        "count": len(rows),
        "next_page_start_id": next_page_start(call, len(rows)),
        "datalogger_sn": device.datalogger_sn,
        "datas": page_of(rows, call.endpoint, call.args),  # type: ignore[arg-type]
    }


def write_setting(call: Call, sim: Simulator, sn_param: str, selector: str, values: list[str]) -> str:
    """Store a validated setting on the device. An offline plant's device has dropped (10003); a device
    whose collector was deleted from the plant cannot be reached through it (10005, collector dropped)."""
    plant, device = owned_device(call, sim, sn_param, 10012, "inverter" if sn_param == "device_sn" else "storage")
    if not plant.online:
        raise VendorError(10003, diagnostics={"problem": f"{device.sn} is offline"})
    if device.datalogger_sn not in {d.sn for d in plant.devices_of("datalogger")}:
        raise VendorError(10005, diagnostics={"problem": f"{device.sn}'s collector {device.datalogger_sn} is gone"})
    name = str(call.args[selector])
    cleaned = [str(call.args.get(v) or "").strip() for v in values]
    device.settings.setdefault(name, []).append((call.now.timestamp(), cleaned))
    return ""


def inverter_set(call: Call, sim: Simulator) -> str:
    return write_setting(call, sim, "device_sn", "paramId", ["command_1", "command_2"])


def storage_set(call: Call, sim: Simulator) -> str:
    return write_setting(call, sim, "storage_sn", "type", ["param1", "param2", "param3", "param4"])


def inv_data_info(call: Call, sim: Simulator) -> Any:
    plant, device = owned_device(call, sim, "device_sn", 10002, "inverter")
    reading = latest_reading(plant, device, call.now)
    record = inverter_record(plant, device, reading)
    updated = reading.slot.start
    payload = {
        "device_sn": device.sn,
        "serialNum": device.sn,
        "dataloggerSn": device.datalogger_sn,
        "status": record["status"],
        "statusText": status_text(record["status"]),
        "lost": not plant.online,
        "alias": device.sn,
        "location": None,
        "dataLogSn": device.datalogger_sn,
        "nominalPower": round(device.nominal_w),
        "power": record["pac"],
        "eToday": record["powerToday"],
        "eTotal": record["powerTotal"],
        "lastUpdateTime": updated,
        "lastUpdateTimeText": updated.strftime("%Y-%m-%d %H:%M:%S"),
        "tcpServerIp": "127.0.0.1",
        "fwVersion": "GH1.0",
        "settings": {name: history[-1][1] for name, history in device.settings.items()},
    }
    return Reply(payload, {"device_sn": device.sn, "datalogger_sn": device.datalogger_sn})


def tlx_last_data(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, device = owned_device(call, sim, "tlx_sn", 10002, "inverter")
    reading = latest_reading(plant, device, call.now)
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
