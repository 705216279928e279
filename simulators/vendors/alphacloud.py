"""AlphaCloud OpenAPI: views of the fleet in AlphaESS's field names, units and types.

A system is a plant; its sysSn is the plant's first inverter serial. Bindings of systems to appIds,
charge and discharge configs and verification codes live in the world's state for this API.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pipeline import Simulator, Vendor
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.physics import Slot, unit_hash
from solarfakes.simulators.world import Account, Plant

API = "alphaess_openapi"
VERIFICATION_SECONDS = 600


def sys_sn(plant: Plant) -> str:
    return plant.devices_of("inverter")[0].sn


def check_code(plant: Plant) -> str:
    """The CheckCode printed on the system's label, which getVerificationCode asks for."""
    return f"{int(unit_hash(plant.key, 'check-code') * 36**5):05X}"[:5]


def state(sim: Simulator) -> dict[str, Any]:
    data: dict[str, Any] = sim.world.api_state(API)
    if "bindings" not in data:
        fleet = sim.world.fleet(API).values()
        data["bindings"] = {
            account.name: {sys_sn(p) for p in fleet if p.account == account.name}
            for account in sim.world.accounts_of(API)
        }
        data["charge"] = {}
        data["discharge"] = {}
        data["verification"] = {}
        data["ev_current"] = {}
    return data


def find_system(sim: Simulator, sn: str) -> Plant | None:
    for plant in sim.world.fleet(API).values():
        if sys_sn(plant) == sn:
            return plant
    return None


def system(call: Call, sim: Simulator, *, online: bool = False, owner_code: int = 6005) -> Plant:
    """The system named by sysSn, checked as the server checks it: exists, bound to this appId, online."""
    assert call.account is not None
    sn = str(call.args.get("sysSn", ""))
    plant = find_system(sim, sn)
    if plant is None:
        raise VendorError(6038, diagnostics={"problem": f"no system {sn!r}"})
    if sn not in state(sim)["bindings"].get(call.account.name, set()):
        code = 6002 if plant.account == "" and owner_code == 6002 else 6005
        raise VendorError(code, diagnostics={"problem": f"{sn} is not bound to this appId"})
    if online and not plant.online:
        raise VendorError(6042, diagnostics={"problem": f"{sn} is offline"})
    return plant


def watts(value: float, profile: str) -> float | int:
    return round(value) if profile == "documented" else float(round(value))


def kwh(value: float) -> float:
    return round(value, 2)


def history_day(call: Call, plant: Plant) -> date:
    """queryDate as a plant-local day. A date in the future is the server's 6026, as a bad date is;
    'tomorrow' for the plant may be today for a client further east, so it is an empty day instead."""
    day = as_date(str(call.args["queryDate"]))
    if day > plant.local_date(call.now) + timedelta(days=1):
        raise VendorError(6026, diagnostics={"problem": "queryDate is in the future"})
    return day


def ess_list(call: Call, sim: Simulator) -> list[dict[str, Any]]:
    assert call.account is not None
    bound = state(sim)["bindings"].get(call.account.name, set())
    out = []
    for plant in sim.world.fleet(API).values():
        sn = sys_sn(plant)
        if sn not in bound:
            continue
        assert plant.battery is not None
        inverter = plant.devices_of("inverter")[0]
        soc = plant.now_slot(call.now).soc_pct or 0.0
        if sim.profile == "documented":
            out.append(
                {
                    "sysSn": sn,
                    "usCapacity": 100.0,
                    "emsStatus": 1 if plant.online else 0,
                    "cobat": round(plant.battery.capacity_kwh),
                    "mbat": 1,
                    "minv": 1,
                    "poinv": round(inverter.nominal_w / 1000),
                    "popv": round(plant.peak_kw),
                    "surplusCobat": round(plant.battery.capacity_kwh * soc / 100),
                }
            )
            continue
        out.append(
            {
                "sysSn": sn,
                "popv": plant.peak_kw,
                "minv": inverter.model,
                "poinv": round(inverter.nominal_w / 1000, 2),
                "cobat": plant.battery.capacity_kwh,
                "mbat": plant.devices_of("storage")[0].model,
                "surplusCobat": round(plant.battery.capacity_kwh * soc / 100, 2),
                "usCapacity": 100.0,
                "emsStatus": "Normal" if plant.online else "Fault",
            }
        )
    return out


def power_view(slot: Slot, profile: str) -> dict[str, Any]:
    if profile == "documented":
        return {
            "pbat": watts(slot.battery_w, profile),
            "pev": 0,
            "pgrid": watts(slot.grid_w, profile),
            "pload": watts(slot.load_w, profile),
            "ppv": watts(slot.pv_w, profile),
            "soc": round(slot.soc_pct or 0),
        }
    w = float(round(slot.pv_w))
    return {
        "ppv": w,
        "ppvDetail": {
            "ppv1": float(round(w * 0.55)),
            "ppv2": w - float(round(w * 0.55)),
            "ppv3": 0.0,
            "ppv4": 0.0,
            "pmeterDc": 0.0,
        },
        "soc": round(slot.soc_pct or 0.0, 1),
        "pev": 0,
        "pevDetail": {"ev1Power": None, "ev2Power": None, "ev3Power": None, "ev4Power": None},
        "prealL1": float(round(slot.load_w - slot.grid_w)),
        "prealL2": 0.0,
        "prealL3": 0.0,
        "pgrid": float(round(slot.grid_w)),
        "pgridDetail": {"pmeterL1": float(round(slot.grid_w)), "pmeterL2": 0.0, "pmeterL3": 0.0},
        "pload": float(round(slot.load_w)),
        "pbat": float(round(slot.battery_w)),
    }


def last_power(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim, online=True)
    return power_view(plant.now_slot(call.now), sim.profile)


def one_day_power(call: Call, sim: Simulator) -> list[dict[str, Any]]:
    plant = system(call, sim)
    day = history_day(call, plant)
    sn = sys_sn(plant)
    out = []
    for slot in plant.history(day, call.now):
        stamp = slot.start.strftime("%Y-%m-%d %H:%M:%S")
        if sim.profile == "documented":
            out.append(
                {
                    "uploadTime": stamp,
                    **{k: v for k, v in power_view(slot, "documented").items() if k != "pev"},
                }
            )
            continue
        out.append(
            {
                "sysSn": sn,
                "uploadTime": stamp,
                "ppv": float(round(slot.pv_w)),
                "load": float(round(slot.load_w)),
                "cbat": round(slot.soc_pct or 0.0, 1),
                "feedIn": float(round(slot.export_w)),
                "gridCharge": float(round(min(slot.charge_w, slot.import_w))),
                "pchargingPile": 0.0,
            }
        )
    return out


def one_date_energy(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim)
    day = history_day(call, plant)
    e = plant.energy(day, call.now)
    figures = {
        "epv": kwh(e.pv),
        "eCharge": kwh(e.charge),
        "eDischarge": kwh(e.discharge),
        "eGridCharge": kwh(e.grid_charge),
        "eInput": kwh(e.grid_import),
        "eOutput": kwh(e.grid_export),
    }
    if sim.profile == "documented":
        return figures
    return {"sysSn": sys_sn(plant), "theDate": day.isoformat(), **figures, "eChargingPile": 0.0}


def sum_data(call: Call, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim)
    e = plant.energy(plant.local_date(call.now), call.now)
    return {
        "epvtoday": kwh(e.pv),
        "epvtotal": kwh(plant.lifetime_pv_kwh(call.now)),
        "eload": kwh(e.load),
        "eoutput": kwh(e.grid_export),
        "einput": kwh(e.grid_import),
        "echarge": kwh(e.charge),
        "edischarge": kwh(e.discharge),
        "todayIncome": None,
        "totalIncome": None,
        "eselfConsumption": round((e.pv - e.grid_export) / e.pv, 4) if e.pv else None,
        "eselfSufficiency": round((e.load - e.grid_import) / e.load, 4) if e.load else None,
        "treeNum": None,
        "carbonNum": None,
        "moneyType": None,
    }


CHARGE_FIELDS = ("batHighCap", "gridCharge", "timeChae1", "timeChae2", "timeChaf1", "timeChaf2")
DISCHARGE_FIELDS = ("batUseCap", "ctrDis", "timeDise1", "timeDise2", "timeDisf1", "timeDisf2")


def default_config(plant: Plant, kind: str) -> dict[str, Any]:
    if kind == "charge":
        return {"batHighCap": 100, "gridCharge": 0, **dict.fromkeys(CHARGE_FIELDS[2:], "00:00")}
    reserve = int(plant.battery.reserve_pct) if plant.battery else 10
    return {"batUseCap": reserve, "ctrDis": 0, **dict.fromkeys(DISCHARGE_FIELDS[2:], "00:00")}


def config_reader(kind: str) -> Any:
    def read(call: Call, sim: Simulator) -> dict[str, Any]:
        plant = system(call, sim, online=True, owner_code=6002)
        stored = state(sim)[kind].get(sys_sn(plant))
        return dict(stored) if stored else default_config(plant, kind)

    return read


def config_writer(kind: str, fields: tuple[str, ...]) -> Any:
    def write(call: Call, sim: Simulator) -> None:
        plant = system(call, sim, online=True, owner_code=6002)
        state(sim)[kind][sys_sn(plant)] = {name: call.args[name] for name in fields}

    return write


def verification_code(call: Call, sim: Simulator) -> None:
    sn = str(call.args["sysSn"])
    plant = find_system(sim, sn)
    if plant is None:
        raise VendorError(6038)
    if plant.account == "":
        raise VendorError(6002, diagnostics={"problem": f"{sn} has no end user to e-mail a code to"})
    if str(call.args["checkCode"]).upper() != check_code(plant):
        raise VendorError(6004, diagnostics={"problem": "checkCode does not match the system label"})
    code = f"{int(unit_hash(plant.key, call.now.timestamp()) * 1_000_000):06d}"
    state(sim)["verification"][sn] = (code, call.now.timestamp() + VERIFICATION_SECONDS)


def bind_sn(call: Call, sim: Simulator) -> None:
    assert call.account is not None
    sn = str(call.args["sysSn"])
    if find_system(sim, sn) is None:
        raise VendorError(6038)
    bound = state(sim)["bindings"].setdefault(call.account.name, set())
    if sn in bound:
        raise VendorError(6003)
    code, expires = state(sim)["verification"].get(sn, ("", 0.0))
    if not code or str(call.args["code"]) != code or call.now.timestamp() > expires:
        raise VendorError(6046, diagnostics={"problem": "no such code, or expired (see /_solarfakes/credentials)"})
    del state(sim)["verification"][sn]
    bound.add(sn)


def unbind_sn(call: Call, sim: Simulator) -> None:
    assert call.account is not None
    bound = state(sim)["bindings"].setdefault(call.account.name, set())
    sn = str(call.args["sysSn"])
    if sn not in bound:
        raise VendorError(6005)
    bound.discard(sn)


def ev_charger_sn(plant: Plant) -> str | None:
    """Every other system has one EV charger, so both answers of the EV calls occur."""
    return f"EV{plant.plant_id:010d}" if plant.plant_id % 2 == 0 else None


def ev_chargers(call: Call, sim: Simulator) -> list[dict[str, Any]]:
    plant = system(call, sim)
    sn = ev_charger_sn(plant)
    return [] if sn is None else [{"evchargerSn": sn, "evchargerModel": "SMILE-EVCT11"}]


def charger(call: Call, sim: Simulator, *, online: bool = False) -> tuple[Plant, str]:
    plant = system(call, sim, online=online)
    sn = ev_charger_sn(plant)
    wanted = call.args.get("evchargerSn")
    if sn is None or (wanted is not None and wanted != sn):
        raise VendorError(6016, diagnostics={"problem": "no such EV charger on this system"})
    return plant, sn


def ev_currents(call: Call, sim: Simulator) -> dict[str, Any]:
    plant, _ = charger(call, sim)
    return {"currentsetting": state(sim)["ev_current"].get(sys_sn(plant), 16.0)}


def set_ev_currents(call: Call, sim: Simulator) -> None:
    plant, _ = charger(call, sim, online=True)
    state(sim)["ev_current"][sys_sn(plant)] = float(call.args["currentsetting"])


def ev_status(call: Call, sim: Simulator) -> dict[str, Any]:
    charger(call, sim)
    return {"evchargerStatus": 1}


def ev_control(call: Call, sim: Simulator) -> None:
    charger(call, sim, online=True)


def time_charge(call: Call, sim: Simulator) -> Any:
    system(call, sim)
    raise VendorError(6017, diagnostics={"problem": "this account is not entitled to time-charge control"})


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    fleet = sim.world.fleet(API)
    bound_set = state(sim)["bindings"].get(account.name, set())
    bound = [sys_sn(p) for p in fleet.values() if sys_sn(p) in bound_set]
    unbound = [p for p in fleet.values() if sys_sn(p) not in bound_set and p.account != ""]
    return {
        "app_id": account.credentials["app_id"],
        "app_secret": account.credentials["app_secret"],
        "system_sns": bound,
        "offline_system_sns": [sys_sn(p) for p in fleet.values() if not p.online and sys_sn(p) in bound_set],
        "bindable_systems": [{"sysSn": sys_sn(p), "checkCode": check_code(p)} for p in unbound],
        "verification_codes": {sn: code for sn, (code, _) in state(sim)["verification"].items()},
    }


VENDOR = Vendor(
    api=API,
    handlers={
        "getEssList": ess_list,
        "getLastPowerData": last_power,
        "getOneDayPowerBySn": one_day_power,
        "getOneDateEnergyBySn": one_date_energy,
        "getChargeConfigInfo": config_reader("charge"),
        "updateChargeConfigInfo": config_writer("charge", CHARGE_FIELDS),
        "getDisChargeConfigInfo": config_reader("discharge"),
        "updateDisChargeConfigInfo": config_writer("discharge", DISCHARGE_FIELDS),
        "getSumDataForCustomer": sum_data,
        "getVerificationCode": verification_code,
        "bindSn": bind_sn,
        "unBindSn": unbind_sn,
        "getEvChargerConfigList": ev_chargers,
        "getEvChargerCurrentsBySn": ev_currents,
        "setEvChargerCurrentsBySn": set_ev_currents,
        "getEvChargerStatusBySn": ev_status,
        "remoteControlEvCharger": ev_control,
        "getTimeChargeBySn": time_charge,
        "setTimeChargeBySn": time_charge,
    },
    credentials=credentials,
)
