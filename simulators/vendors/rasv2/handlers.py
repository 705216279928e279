"""ras/v2 handlers by spec endpoint id."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler, deferred_handlers

HANDLERS: dict[str, Handler] = deferred_handlers(
    __name__,
    {
        "Login": "login.login",
        "GetSystemList": "systems.system_list",
        "GetEnergySummary": "power.energy_summary",
        "GetRunningData": "running.running_data",
        "GetHistoryRunningData": "running.history_running_data",
        "GetLastPowerData": "power.last_power",
        "RemoteDispatch": "dispatch.remote_dispatch",
    },
)
