"""``day_rows.wall_layout`` tells a regular zone-day from its aware starts (midnight, 288 slots, one UTC
offset): the same verdict as comparing each naive start with midnight plus its slots, on every day of a
year in zones whose clocks change at night, at midnight, by half an hour, or never."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest

from solarfakes.simulators import day_rows
from solarfakes.simulators.physics import SLOTS_PER_DAY

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Beirut",
         "America/Havana", "Asia/Kolkata", "Pacific/Chatham", "UTC"]  # fmt: skip


def layout_by_walking(zone: str, day: date) -> int:
    walls = day_rows.local_starts(zone, day)
    midnight = datetime.combine(day, time())
    if len(walls) == SLOTS_PER_DAY and all(wall == midnight + n * day_rows.SLOT_STEP for n, wall in enumerate(walls)):
        return day_rows.REGULAR
    return day_rows.ASCENDING if all(a < b for a, b in pairwise(walls)) else day_rows.UNORDERED


@pytest.mark.parametrize("zone", ZONES)
def test_a_zone_days_layout_is_the_one_its_walls_show(zone: str) -> None:
    day_rows.wall_layout.cache_clear()
    layouts = set()
    for n in range(365):
        day = date(2026, 1, 1) + timedelta(days=n)
        layout = day_rows.wall_layout(zone, day)
        assert layout == layout_by_walking(zone, day), (zone, day)
        layouts.add(layout)
    assert day_rows.REGULAR in layouts
    if zone not in ("Asia/Kolkata", "UTC"):
        assert len(layouts) > 1, "the year holds clock changes"
