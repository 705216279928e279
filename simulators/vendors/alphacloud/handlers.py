"""AlphaCloud OpenAPI handlers by spec endpoint id."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler
from solarfakes.simulators.vendors.alphacloud import binding, configs, ev, power

HANDLERS: dict[str, Handler] = {
    "getEssList": power.ess_list,
    "getLastPowerData": power.last_power,
    "getOneDayPowerBySn": power.one_day_power,
    "getOneDateEnergyBySn": power.one_date_energy,
    "getChargeConfigInfo": configs.charge_config,
    "updateChargeConfigInfo": configs.update_charge_config,
    "getDisChargeConfigInfo": configs.discharge_config,
    "updateDisChargeConfigInfo": configs.update_discharge_config,
    "getSumDataForCustomer": power.sum_data,
    "getVerificationCode": binding.verification_code,
    "bindSn": binding.bind_sn,
    "unBindSn": binding.unbind_sn,
    "getEvChargerConfigList": ev.ev_chargers,
    "getEvChargerCurrentsBySn": ev.ev_currents,
    "setEvChargerCurrentsBySn": ev.set_ev_currents,
    "getEvChargerStatusBySn": ev.ev_status,
    "remoteControlEvCharger": ev.ev_control,
    "getTimeChargeBySn": configs.time_charge,
    "setTimeChargeBySn": configs.time_charge,
}
