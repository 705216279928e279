"""AlphaCloud OpenAPI handlers by spec endpoint id.

Every call first brings the battery commands of systems steered by charge or discharge settings up to
the call's day (schedule.py), so any view of the fleet sees the settings at work."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.vendor import Handler, deferred_handlers
from solarfakes.simulators.vendors.alphacloud.schedule import steer_all

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def steered(handler: Handler) -> Handler:
    """``handler`` after the steering; it keeps the handler's name and module (tests read its codes)."""

    @functools.wraps(handler, updated=())  # not the deferred handler's table and state: only its names
    def answer(call: RoutedCall, sim: Simulator) -> Any:
        steer_all(sim, call.now)
        return handler(call, sim)

    return answer


HANDLERS: dict[str, Handler] = {
    name: steered(handler)
    for name, handler in deferred_handlers(
        __name__,
        {
            "getEssList": "power.ess_list",
            "getLastPowerData": "power.last_power",
            "getOneDayPowerBySn": "power.one_day_power",
            "getOneDateEnergyBySn": "power.one_date_energy",
            "getChargeConfigInfo": "configs.charge_config",
            "updateChargeConfigInfo": "configs.update_charge_config",
            "getDisChargeConfigInfo": "configs.discharge_config",
            "updateDisChargeConfigInfo": "configs.update_discharge_config",
            "getSumDataForCustomer": "power.sum_data",
            "getVerificationCode": "binding.verification_code",
            "bindSn": "binding.bind_sn",
            "unBindSn": "binding.unbind_sn",
            "getEvChargerConfigList": "ev.ev_chargers",
            "getEvChargerCurrentsBySn": "ev.ev_currents",
            "setEvChargerCurrentsBySn": "ev.set_ev_currents",
            "getEvChargerStatusBySn": "ev.ev_status",
            "remoteControlEvCharger": "ev.ev_control",
            "getTimeChargeBySn": "configs.time_charge",
            "setTimeChargeBySn": "configs.time_charge",
        },
    ).items()
}
