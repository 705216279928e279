"""APsystems energy spans with cached estimated stretches add up to exactly the float the day-by-day
loop (kept here as the reference) gives, for every span a summary or an energy level asks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.physics import KWH_PER_UNIT
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.apsystems.energy import (
    PvHistory,
    estimated_pv_kwh,
    estimated_year_kwh,
    exact_pv,
)


def reference_between(history: PvHistory, first: date, after: date) -> float:
    """``PvHistory.between`` before its estimated spans were cached."""
    plant = history.plant
    day = max(first, plant.commissioned)
    stop = min(after, history.today)
    exact_end = date(plant.reference.year + EXACT_YEARS, 1, 1)
    total = 0.0
    while day < stop:
        if exact_pv(plant, day):
            end = min(stop, exact_end)
            total += plant.pv_calendar.between(day, end) * KWH_PER_UNIT
            day = end
            continue
        end = min(stop, plant.reference) if day < plant.reference else stop
        while day < end:
            following = date(day.year + 1, 1, 1)
            if (day.month, day.day) == (1, 1) and following <= end:
                total += estimated_year_kwh(plant.key, plant.latitude, plant.peak_kw, day.year)
                day = following
            else:
                total += estimated_pv_kwh(plant, day)
                day += timedelta(days=1)
    if max(first, plant.commissioned) <= history.today < after:
        total += sum(point.kwh for point in history.points(history.today, daylight_only=False))
    return total


@pytest.mark.parametrize("at", ["2026-06-21T12:00:00+00:00", "2027-01-01T09:30:00+00:00", "2041-03-05T11:00:00+00:00"])
def test_spans_equal_the_day_by_day_sums(at: str) -> None:
    clock = SimClock.from_option(f"frozen@{at}")
    cloud = build_cloud(["apsystems_openapi"], plants=6, clock=clock, limits=False)
    now = datetime.fromisoformat(at).astimezone(UTC)
    for plant in cloud.world.fleet("apsystems_openapi").values():
        history = PvHistory(plant, now)
        today = history.today
        spans = [
            (plant.commissioned, today + timedelta(days=1)),
            (today.replace(day=1), today + timedelta(days=1)),
            (today.replace(month=1, day=1), today + timedelta(days=1)),
            (plant.commissioned + timedelta(days=17), plant.reference + timedelta(days=40)),
            (date(plant.commissioned.year + 1, 1, 1), plant.reference),
        ]
        for first, after in spans * 2:  # twice: the second time from the cache
            assert history.between(first, after) == reference_between(history, first, after), (plant.key, first)
        assert history.lifetime() > 0
