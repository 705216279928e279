"""Growatt OpenAPI v1: the business account's end users, plants and collectors, in Growatt's shapes.

The token's account is an installer ("business") account; its plants belong to end users
(``c_user_id``). User registration, plant add/modify/delete and collector add/delete are real
state changes, visible in every later read until ``reset``.
"""

from __future__ import annotations

import random
import string
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pagination import page_of
from solarfakes.simulators.core.pipeline import Simulator, Vendor
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors import growatt_devices as devices
from solarfakes.simulators.vendors.growatt_devices import requested_zone, zone_for
from solarfakes.simulators.world import Account, Device, Plant
from solarfakes.specs.timeformats import month_after

API = "growatt_v1"
COLLECTOR_SN_LENGTH = 10


def state(sim: Simulator) -> dict[str, Any]:
    data: dict[str, Any] = sim.world.api_state(API)
    if "users" not in data:
        seed_state(sim, data)
    return data


def seed_state(sim: Simulator, data: dict[str, Any]) -> None:
    """Two end users per account own its plants in turn; a few unregistered collectors wait in stock."""
    rng = random.Random(f"{sim.world.seed}|growatt-users")
    fake = data["fake"]
    users: dict[int, dict[str, Any]] = {}
    next_id = 2_000_000 + rng.randrange(100_000)
    owners: dict[str, list[int]] = {}
    for account in sim.world.accounts_of(API):
        for _ in range(2):
            users[next_id] = {
                "c_user_id": next_id,
                "c_user_email": fake.email(),
                "c_user_regtime": datetime(2024, 1, 1) + timedelta(days=rng.randrange(600)),
                "c_user_name": fake.user_name() + str(rng.randrange(100)),
                "c_user_tel": fake.msisdn()[:11],
                "account": account.name,
            }
            owners.setdefault(account.name, []).append(next_id)
            next_id += 1
    for index, plant in enumerate(sim.world.fleet(API).values()):
        candidates = owners.get(plant.account) or [0]
        plant.attributes.setdefault("c_user_id", candidates[index % len(candidates)])
    serials = data["serials"]
    data["users"] = users
    data["next_user_id"] = next_id
    data["next_plant_id"] = max(sim.world.fleet(API)) + 7
    data["stock"] = [serials.make("XGD", 7, string.ascii_uppercase + string.digits) for _ in range(3)]


def check_code(sn: str) -> str:
    """The check code printed on a collector's label (valiCode)."""
    return f"{int(unit_hash('growatt-check', sn) * 36**6):06X}"[-6:]


def own_plants(call: Call, sim: Simulator) -> list[Plant]:
    assert call.account is not None
    state(sim)
    return [p for p in sim.world.fleet(API).values() if p.account == call.account.name]


def own_plant(call: Call, sim: Simulator, not_found: int) -> Plant:
    assert call.account is not None
    state(sim)
    plant: Plant | None = sim.world.fleet(API).get(int(call.args["plant_id"]))
    if plant is None:
        raise VendorError(not_found, diagnostics={"problem": f"no plant {call.args['plant_id']}"})
    if plant.account != call.account.name:
        raise VendorError(10011, diagnostics={"problem": "the plant belongs to another account"})
    return plant


def own_user(call: Call, sim: Simulator, not_found: int) -> dict[str, Any]:
    assert call.account is not None
    user: dict[str, Any] | None = state(sim)["users"].get(int(call.args["c_user_id"]))
    if user is None or user["account"] != call.account.name:
        raise VendorError(not_found, diagnostics={"problem": f"no end user {call.args['c_user_id']}"})
    return user


def local_now(plant: Plant, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(plant.timezone))


def user_register(call: Call, sim: Simulator) -> dict[str, Any]:
    assert call.account is not None
    data = state(sim)
    name = str(call.args["user_name"])
    if any(u["c_user_name"] == name for u in data["users"].values()):
        raise VendorError(10003)
    user_id = data["next_user_id"]
    data["next_user_id"] += 1
    data["users"][user_id] = {
        "c_user_id": user_id,
        "c_user_email": call.args["user_email"],
        "c_user_regtime": call.now.replace(tzinfo=None),
        "c_user_name": name,
        "c_user_tel": call.args.get("user_tel", ""),
        "account": call.account.name,
    }
    return {"c_user_id": user_id}


def check_user(call: Call, sim: Simulator) -> Any:
    if any(u["c_user_name"] == call.args["user_name"] for u in state(sim)["users"].values()):
        raise VendorError(10003)
    return empty_answer(sim)


def empty_answer(sim: Simulator) -> Any:
    """A write's payload: "" under data in reality, nothing beside the codes in the document."""
    return {} if sim.profile == "documented" else ""


def user_modify(call: Call, sim: Simulator) -> Any:
    user = own_user(call, sim, 10003)
    if call.args.get("mobile") is not None:
        user["c_user_tel"] = call.args["mobile"]
    return empty_answer(sim)


def user_list(call: Call, sim: Simulator) -> dict[str, Any]:
    assert call.account is not None
    users = [u for u in state(sim)["users"].values() if u["account"] == call.account.name]
    rows = [{k: v for k, v in u.items() if k != "account"} for u in users]
    return {"count": len(rows), "c_user": page_of(rows, call.endpoint, call.args)}  # type: ignore[arg-type]


def declared(plant: Plant, field: str) -> Any:
    """The plant record's value: what plant/modify last set, else the installation's own.

    Editing the record does not move or resize the panels, so telemetry and its history stay."""
    physical = {"peak_power": plant.peak_kw, "latitude": plant.latitude, "longitude": plant.longitude,
                "timezone": plant.timezone}  # fmt: skip
    return plant.attributes.get(field, physical[field])


def plant_summary(plant: Plant, call: Call) -> dict[str, Any]:
    slot = plant.now_slot(call.now)
    return {
        "plant_id": plant.plant_id,
        "name": plant.name,
        "user_id": plant.attributes.get("c_user_id", 0),
        "country": plant.attributes.get("country_name", plant.country),
        "longitude": round(declared(plant, "longitude"), 7),
        "latitude": round(declared(plant, "latitude"), 7),
        "peak_power": declared(plant, "peak_power"),
        "create_date": plant.commissioned,
        "installer": "solarfakes",
        "current_power": round(slot.pv_w / 1000, 1) if plant.online else 0.0,
        "total_energy": round(plant.lifetime_pv_kwh(call.now), 1),
        "status": 1 if plant.online else 4,
        "locale": "en-US",
        "latitude_f": None,
        "image_url": None,
    }


def plant_list(call: Call, sim: Simulator) -> dict[str, Any]:
    plants = own_plants(call, sim)
    keyword = call.args.get("search_keyword")
    if keyword:
        plants = [p for p in plants if str(keyword).lower() in p.name.lower()]
    page = page_of(plants, call.endpoint, call.args)  # type: ignore[arg-type]
    return {"count": len(plants), "plants": [plant_summary(p, call) for p in page]}


def user_plant_list(call: Call, sim: Simulator) -> dict[str, Any]:
    name = call.args["user_name"]
    user_ids = {u["c_user_id"] for u in state(sim)["users"].values() if u["c_user_name"] == name}
    plants = [p for p in own_plants(call, sim) if p.attributes.get("c_user_id") in user_ids]
    page = page_of(plants, call.endpoint, call.args)  # type: ignore[arg-type]
    rows = [{k: v for k, v in plant_summary(p, call).items() if k not in ("status", "locale")} for p in page]
    return {"count": len(plants), "plants": rows}


def plant_add(call: Call, sim: Simulator) -> dict[str, Any]:
    assert call.account is not None
    user = own_user(call, sim, 10005)
    fleet: dict[int, Plant] = sim.world.fleet(API)
    name = str(call.args["name"])
    if any(p.name == name and p.attributes.get("c_user_id") == user["c_user_id"] for p in fleet.values()):
        raise VendorError(10006)
    template = own_plants(call, sim)[0] if own_plants(call, sim) else next(iter(fleet.values()))
    plant_id = state(sim)["next_plant_id"]
    state(sim)["next_plant_id"] += 7  # ids are never reused, even after a delete
    plant = Plant(
        plant_id=plant_id,
        api=API,
        account=call.account.name,
        name=name,
        city=template.city,
        country=template.country,
        latitude=float(call.args.get("latitude", template.latitude)),
        longitude=float(call.args.get("longitude", template.longitude)),
        timezone=zone_for(call.args.get("timezone_id"), "Asia/Shanghai"),
        peak_kw=float(call.args["peak_power"]),
        commissioned=call.now.date(),
        base_load_w=template.base_load_w,
        battery=None,
        key=f"{sim.world.seed}:{API}:{plant_id}",
        reference=template.reference,
        attributes={"c_user_id": user["c_user_id"], "currency": call.args.get("currency", "1")},
    )
    serials = state(sim)["serials"]
    inverter = Device(serials.make("NTC", 7, string.ascii_uppercase + string.digits), "inverter", "MOD 10KTL3-X",
                      plant_id, nominal_w=plant.peak_kw * 1000, pv_share=1.0)  # fmt: skip
    plant.devices = [inverter]
    fleet[plant_id] = plant
    return {"plant_id": plant_id}


def plant_modify(call: Call, sim: Simulator) -> Any:
    user = own_user(call, sim, 10005)
    plant = own_plant(call, sim, 10007)
    name = str(call.args["name"])
    for other in own_plants(call, sim):
        if other is not plant and other.name == name and other.attributes.get("c_user_id") == user["c_user_id"]:
            raise VendorError(10006)
    plant.name = name
    plant.attributes["c_user_id"] = user["c_user_id"]
    plant.attributes["peak_power"] = float(call.args["peak_power"])
    for field in ("longitude", "latitude"):
        if call.args.get(field) is not None:
            plant.attributes[field] = float(call.args[field])
    # The document's default (PRC) applies when a plant is added; a modify without a zone keeps it.
    if call.raw_params().get("timezone_id"):
        plant.attributes["timezone"] = zone_for(call.args.get("timezone_id"), plant.timezone)
    return empty_answer(sim)


def plant_delete(call: Call, sim: Simulator) -> Any:
    plant = own_plant(call, sim, 10004)
    del sim.world.fleet(API)[plant.plant_id]
    return empty_answer(sim)


def plant_details(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    return {
        "name": plant.name,
        "user_id": plant.attributes.get("c_user_id", 0),
        "country": plant.country,
        "longitude": round(declared(plant, "longitude"), 7),
        "latitude": round(declared(plant, "latitude"), 7),
        "create_date": plant.commissioned,
        "image_url": None,
        "peak_power": declared(plant, "peak_power"),
        "currency": plant.attributes.get("currency", "1"),
        "timezone": declared(plant, "timezone"),
    }


def plant_data(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    slot = plant.now_slot(call.now)
    today = plant.local_date(call.now)
    tomorrow = today + timedelta(days=1)
    month = plant.pv_kwh_between(today.replace(day=1), tomorrow, call.now)
    year = plant.pv_kwh_between(today.replace(month=1, day=1), tomorrow, call.now)
    total = plant.lifetime_pv_kwh(call.now)
    return {
        "peak_power_actual": plant.peak_kw,
        "last_update_time": slot.start.replace(tzinfo=None),
        "current_power": round(slot.pv_w / 1000, 3),
        "today_energy": round(plant.energy(today, call.now).pv, 1),
        "monthly_energy": round(month, 1),
        "yearly_energy": round(year, 1),
        "total_energy": round(total, 1),
        "carbon_offset": round(total * 0.997, 1),
        "efficiency": "",
        "timezone": plant.timezone,
    }


def energy_periods(start: date, end: date, unit: str) -> list[tuple[str, date, date]]:
    """The (label, first day, day after) of every period from ``start`` to ``end`` in ``unit``s."""
    if unit == "day":
        return [
            (d.isoformat(), d, d + timedelta(days=1))
            for d in (start + timedelta(n) for n in range((end - start).days + 1))
        ]
    periods = []
    if unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            following = month_after(year, month)
            periods.append((f"{year:04d}-{month:02d}", date(year, month, 1), date(*following, 1)))
            year, month = following
        return periods
    return [(f"{year:04d}", date(year, 1, 1), date(year + 1, 1, 1)) for year in range(start.year, end.year + 1)]


def plant_energy(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    start, end = as_date(str(call.args["start_date"])), as_date(str(call.args["end_date"]))
    unit = call.args.get("time_unit", "day")
    periods = energy_periods(start, end, unit)
    # Only the requested page is integrated: a long range costs no more than its page.
    page = page_of(periods, call.endpoint, call.args)  # type: ignore[arg-type]
    rows = [
        {"date": label, "energy": round(plant.pv_kwh_between(first, after, call.now), 1)}
        for label, first, after in page
    ]
    return {"count": len(periods), "time_unit": unit, "energys": rows}


def plant_power(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    day = as_date(str(call.args["date"]))
    zone = requested_zone(call, plant)
    rows: list[dict[str, Any]] = [
        {"time": slot.start.astimezone(zone).replace(tzinfo=None), "power": round(slot.pv_w, 1)}
        for slot in plant.history(day, call.now)
    ]
    if sim.profile == "observed":
        # The live array is not sorted; a seeded shuffle keeps answers repeatable.
        random.Random(f"{plant.key}|{day}").shuffle(rows)
    return {"count": len(rows), "powers": rows}


def datalogger_list(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10003)
    loggers = plant.devices_of("datalogger")
    updated = local_now(plant, plant.now_slot(call.now).start)
    rows = [
        {
            "sn": d.sn,
            "manufacturer": "Growatt",
            "type": 1,
            "last_update_time": updated,
            "lost": not plant.online,
            "model": d.model,
            "netmode": "wifi",
        }
        for d in loggers
    ]
    page = page_of(rows, call.endpoint, call.args)  # type: ignore[arg-type]
    return {"count": len(rows), "dataloggers": page, "peak_power_actual": {}}


def all_collectors(sim: Simulator) -> dict[str, Plant]:
    return {d.sn: p for p in sim.world.fleet(API).values() for d in p.devices_of("datalogger")}


def datalogger_add(call: Call, sim: Simulator) -> Any:
    own_user(call, sim, 10005)
    plant = own_plant(call, sim, 10004)
    sn = str(call.args["sn"]).strip()
    if len(sn) != COLLECTOR_SN_LENGTH or not sn.isalnum():
        raise VendorError(10002, diagnostics={"problem": f"a collector SN has {COLLECTOR_SN_LENGTH} letters or digits"})
    if sn in all_collectors(sim):
        raise VendorError(10003)
    stock: list[str] = state(sim)["stock"]
    if sn in stock:
        stock.remove(sn)
    loggers = {d.sn for d in plant.devices_of("datalogger")}
    for device in plant.devices:
        if device.kind != "datalogger" and device.datalogger_sn not in loggers:
            device.datalogger_sn = sn  # devices without a collector report through the new one
    plant.devices.append(Device(sn, "datalogger", "ShineWiFi-X", plant.plant_id))
    return empty_answer(sim)


def datalogger_delete(call: Call, sim: Simulator) -> Any:
    plant = own_plant(call, sim, 10003)
    sn = str(call.args["sn"]).strip()
    logger = next((d for d in plant.devices_of("datalogger") if d.sn == sn), None)
    if logger is None:
        raise VendorError(10004)
    plant.devices.remove(logger)
    return empty_answer(sim)


def datalogger_validate(call: Call, sim: Simulator) -> dict[str, Any]:
    assert call.account is not None
    sn = str(call.args["datalogSn"]).strip()
    if len(sn) != COLLECTOR_SN_LENGTH:
        raise VendorError(10001)
    if str(call.args["valiCode"]).strip().upper() != check_code(sn):
        raise VendorError(10002)
    answer: dict[str, Any] = {"dataloggerSn": sn, "valiCode": check_code(sn)}
    plant = all_collectors(sim).get(sn)
    if plant is not None:
        if plant.account != call.account.name:
            raise VendorError(10003)
        answer |= {
            "plant_id": plant.plant_id,
            "user_id": plant.attributes.get("c_user_id", 0),
            "datalogger_sn": sn,
        }
    return answer


def device_list(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10003)
    updated = plant.now_slot(call.now).start.replace(tzinfo=None)
    rows: list[dict[str, Any]] = []
    for index, device in enumerate(d for d in plant.devices if d.kind != "datalogger"):
        if device.kind == "meter" and sim.profile == "observed":
            rows.append({"device_sn": "meter", "device_id": "", "datalogger_sn": device.datalogger_sn or "",
                         "manufacturer": "Growatt", "model": device.model, "type": 3,
                         "last_update_time": updated, "lost": not plant.online})  # fmt: skip
            continue
        rows.append(
            {
                "device_id": plant.plant_id * 10 + index,
                "datalogger_sn": device.datalogger_sn or "",
                "device_sn": device.sn,
                "manufacturer": "Growatt",
                "model": device.model,
                "type": devices.device_type(device),
                "last_update_time": updated,
                "lost": not plant.online,
                "status": 1 if plant.online else -1,
            }
        )
    page = page_of(rows, call.endpoint, call.args)  # type: ignore[arg-type]
    return {"count": len(rows), "devices": page}


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    plants = [p for p in sim.world.fleet(API).values() if p.account == account.name]
    users = [u for u in state(sim)["users"].values() if u["account"] == account.name]
    return {
        "token": account.credentials["token"],
        "plant_ids": [p.plant_id for p in plants],
        "device_sns": [d.sn for p in plants for d in p.devices if d.kind in ("inverter", "storage")],
        "storage_sns": [d.sn for p in plants for d in p.devices_of("storage")],
        "datalogger_sns": [d.sn for p in plants for d in p.devices_of("datalogger")],
        "c_user_ids": [u["c_user_id"] for u in users],
        "c_user_names": [u["c_user_name"] for u in users],
        "offline_plant_ids": [p.plant_id for p in plants if not p.online],
        "free_dataloggers": [{"sn": sn, "valiCode": check_code(sn)} for sn in state(sim)["stock"]],
        "other_account_plant_ids": [
            p.plant_id for p in sim.world.fleet(API).values() if p.account not in ("", account.name)
        ],
    }


VENDOR = Vendor(
    api=API,
    handlers={
        "user_user_register": user_register,
        "user_check_user": check_user,
        "user_modify": user_modify,
        "user_c_user_list": user_list,
        "plant_list": plant_list,
        "plant_modify": plant_modify,
        "plant_delete": plant_delete,
        "plant_details": plant_details,
        "plant_data": plant_data,
        "plant_energy": plant_energy,
        "plant_power": plant_power,
        "plant_add": plant_add,
        "plant_user_plant_list": user_plant_list,
        "device_datalogger_list": datalogger_list,
        "device_datalogger_add": datalogger_add,
        "device_datalogger_delete": datalogger_delete,
        "device_datalogger_validate": datalogger_validate,
        "device_list": device_list,
        "device_inverter_data": devices.inverter_history,
        "device_inverter_alarm": devices.inverter_alarms,
        "inverterSet": devices.inverter_set,
        "storageSet": devices.storage_set,
        "device_inverter_last_new_data": devices.last_new_data,
        "device_inverter_invs_data": devices.invs_data,
        "device_inverter_inv_data_info": devices.inv_data_info,
        "device_storage_alarm_data": devices.storage_alarms,
        "device_storage_storage_last_data": devices.storage_last_data,
        "device_storage_storage_data": devices.storage_history,
        "device_tlx_tlx_last_data": devices.tlx_last_data,
    },
    credentials=credentials,
)
