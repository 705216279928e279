"""EV chargers of a system: the list, the household current setting, status and remote control."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.alphacloud.backend import DEFAULT_EV_CURRENT_A, alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.systems import online_system, system
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

CHARGER_MODEL = "SMILE-EVCT11"


def ev_charger_sn(plant: Plant) -> str | None:
    """Every other system has one EV charger, so both answers of the EV calls occur."""
    return f"EV{plant.plant_id:010d}" if plant.plant_id % 2 == 0 else None


def ev_chargers(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]]:
    plant = system(call, sim)
    sn = ev_charger_sn(plant)
    return [] if sn is None else [{"evchargerSn": sn, "evchargerModel": CHARGER_MODEL}]


def charger_of(call: RoutedCall, plant: Plant) -> str:
    """The system's charger; 6016 if it has none or evchargerSn names another."""
    sn = ev_charger_sn(plant)
    wanted = call.args.get("evchargerSn")
    if sn is None or (wanted is not None and wanted != sn):
        raise VendorError(6016, diagnostics={"problem": "no such EV charger on this system"})
    return sn


def ev_currents(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim)
    charger_of(call, plant)
    return {"currentsetting": alpha(sim).ev_current.get(sys_sn(plant), DEFAULT_EV_CURRENT_A)}


def set_ev_currents(call: RoutedCall, sim: Simulator) -> None:
    plant = online_system(call, sim)
    charger_of(call, plant)
    alpha(sim).ev_current[sys_sn(plant)] = float(call.args["currentsetting"])


def ev_status(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    charger_of(call, system(call, sim))
    return {"evchargerStatus": 1}


def ev_control(call: RoutedCall, sim: Simulator) -> None:
    charger_of(call, online_system(call, sim))
