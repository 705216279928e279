"""Charge and discharge settings of a system, which steer its battery from the write on (schedule.py),
and the time-charge calls this account may not use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.alphacloud.backend import ChargeConfig, DischargeConfig, alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.schedule import restart
from solarfakes.simulators.vendors.alphacloud.systems import online_system, system
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def configured_system(call: RoutedCall, sim: Simulator) -> Plant:
    """Config calls reach the system itself: it must be online, and one with no end user is 6002."""
    return online_system(call, sim, unowned_code=6002)


def charge_config(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = configured_system(call, sim)
    return alpha(sim).charge.get(sys_sn(plant), ChargeConfig()).payload()


def update_charge_config(call: RoutedCall, sim: Simulator) -> None:
    plant = configured_system(call, sim)
    alpha(sim).charge[sys_sn(plant)] = ChargeConfig.from_args(call.args)
    restart(alpha(sim), plant, call.now)


def discharge_config(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = configured_system(call, sim)
    stored = alpha(sim).discharge.get(sys_sn(plant))
    return (stored or DischargeConfig.default(plant)).payload()


def update_discharge_config(call: RoutedCall, sim: Simulator) -> None:
    plant = configured_system(call, sim)
    alpha(sim).discharge[sys_sn(plant)] = DischargeConfig.from_args(call.args)
    restart(alpha(sim), plant, call.now)


def time_charge(call: RoutedCall, sim: Simulator) -> Any:
    """get/setTimeChargeBySn: the system is checked first, then the account is refused."""
    system(call, sim)
    raise VendorError(6017, diagnostics={"problem": "this account is not entitled to time-charge control"})
