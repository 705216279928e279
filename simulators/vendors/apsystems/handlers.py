"""APsystems OpenAPI handlers by spec endpoint id."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler, deferred_handlers

HANDLERS: dict[str, Handler] = deferred_handlers(
    __name__,
    {
        "system_details": "details.system_details",
        "system_inverters": "details.system_inverters",
        "system_meters": "details.system_meters",
        "system_summary": "system.system_summary",
        "system_energy": "system.system_energy",
        "ecu_summary": "system.ecu_summary",
        "ecu_energy": "system.ecu_energy",
        "meter_summary": "meters.meter_summary",
        "meter_energy": "meters.meter_energy",
        "inverter_summary": "inverters.inverter_summary",
        "inverter_energy": "inverters.inverter_energy",
        "ecu_inverters_day_energy": "inverters.ecu_inverters_day_energy",
    },
)
