"""ras/v2 handlers by spec endpoint id."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler
from solarfakes.simulators.vendors.rasv2 import dispatch, login, power, running, systems

HANDLERS: dict[str, Handler] = {
    "Login": login.login,
    "GetSystemList": systems.system_list,
    "GetEnergySummary": power.energy_summary,
    "GetRunningData": running.running_data,
    "GetHistoryRunningData": running.history_running_data,
    "GetLastPowerData": power.last_power,
    "RemoteDispatch": dispatch.remote_dispatch,
}
