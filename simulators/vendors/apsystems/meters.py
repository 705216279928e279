"""Meter-level data (apsystems-openapi 3.4): what the meter on a meter-activated ECU measured, produced,
consumed, imported and exported, as summaries, energy levels and a day's telemetry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.apsystems.access import own_meter_ecu
from solarfakes.simulators.vendors.apsystems.meter_history import Flows, MeterHistory
from solarfakes.simulators.vendors.apsystems.periods import HOURS, day_period, periods_for, requested_day, require_data
from solarfakes.simulators.vendors.apsystems.text import fixed, signed

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# Decimals as the document's examples show them: summaries "394.408090", periods "40.300", power "167.96".
SUMMARY_PLACES, PERIOD_PLACES, POWER_PLACES = 6, 3, 2
NAMES = ("consumed", "exported", "imported", "produced")


def flows_text(flows: Flows, places: int) -> dict[str, str]:
    return {name: fixed(getattr(flows, name), places) for name in NAMES}


def meter_summary(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    system, _ = own_meter_ecu(call, sim)
    meter = MeterHistory(system.plant, call.now)
    today = meter.today
    tomorrow = today + timedelta(days=1)
    return {
        "today": flows_text(meter.day(today), SUMMARY_PLACES),
        "month": flows_text(meter.between(today.replace(day=1), tomorrow), SUMMARY_PLACES),
        "year": flows_text(meter.between(today.replace(month=1, day=1), tomorrow), SUMMARY_PLACES),
        "lifetime": flows_text(meter.between(meter.activated, tomorrow), SUMMARY_PLACES),
    }


def hourly(meter: MeterHistory, day: date) -> list[Flows]:
    hours = [Flows()] * HOURS
    for point in meter.points(day):
        hours[point.start.hour] += point.energy
    return hours


def period_lists(labels: list[str], values: list[Flows]) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {"time": labels}
    for name in ("produced", "consumed", "imported", "exported"):
        lists[name] = [fixed(getattr(flows, name), PERIOD_PLACES) for flows in values]
    return lists


def telemetry(meter: MeterHistory, day: date) -> dict[str, Any]:
    points = meter.points(day)
    if not points:
        raise VendorError(1001, diagnostics={"problem": f"the meter reported nothing on {day} (yet)"})
    total = Flows()
    for point in points:
        total += point.energy
    return {
        "today": flows_text(total, SUMMARY_PLACES),
        "time": [point.start.strftime("%H:%M") for point in points],
        "power": {
            "consumed": [fixed(point.watts.consumed, POWER_PLACES) for point in points],
            # one series for both directions: import positive, export negative (sign inferred)
            "imported_exported": [signed(point.grid_w, POWER_PLACES) for point in points],
            "produced": [fixed(point.watts.produced, POWER_PLACES) for point in points],
        },
        "energy": {name: [fixed(getattr(p.energy, name), SUMMARY_PLACES) for p in points] for name in NAMES},
    }


def meter_energy(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    system, _ = own_meter_ecu(call, sim)
    meter = MeterHistory(system.plant, call.now)
    level, date_range = call.args["energy_level"], call.args.get("date_range")
    if level in ("minutely", "hourly"):
        day = requested_day(str(date_range))
        require_data([day_period(day)], meter.activated, meter.today, "meter data")
        if level == "minutely":
            return telemetry(meter, day)
        return period_lists([f"{hour:02d}" for hour in range(HOURS)], hourly(meter, day))
    periods = periods_for(level, date_range, meter.activated, meter.today)
    require_data(periods, meter.activated, meter.today, "meter data")
    return period_lists([p.label for p in periods], [meter.between(p.first, p.after) for p in periods])
