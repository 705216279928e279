"""The per-call shortcuts of iSolarCloud's minute history: a window's slots found once per zone-day
(``window_slots``), a point list worked out once (``asked_points``), the limits' key where none was
written, and day texts written without rounding first (``ONE_DECIMAL``) are what the long ways give."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.day_rows import local_starts, slots_within
from solarfakes.simulators.physics import SLOT_MINUTES, day_frame
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.isolarcloud.backend import IsolarBackend, isolar
from solarfakes.simulators.vendors.isolarcloud.history import (
    ONE_DECIMAL,
    ONE_DECIMAL_BOUND,
    limits_written,
    minute_row,
    todays_rows,
    window_slots,
    within_one_decimal,
)
from solarfakes.simulators.vendors.isolarcloud.points import BY_TYPE, asked_points, points_of, text
from solarfakes.simulators.vendors.isolarcloud.readings import day_readings

# Regular days, clocks going forward and turning back (Europe, the US, Australia, Troll's two hours), a
# zone without daylight saving and one of a half-hour offset
ZONE_DAYS = [
    ("Europe/Berlin", date(2026, 6, 20)),
    ("Europe/Berlin", date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 25)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Australia/Sydney", date(2026, 4, 5)),
    ("Antarctica/Troll", date(2026, 10, 25)),
    ("Asia/Kolkata", date(2026, 6, 20)),
    ("Australia/Adelaide", date(2026, 10, 4)),
]


def long_way(timezone: str, day: date, start: datetime, end: datetime, interval: int) -> list[int]:
    """What ``minute_rows`` chose before ``window_slots``: the day's slots in the window, then those on
    the interval."""
    chosen = slots_within(timezone, day, day_frame(timezone, day)[1], start, end)
    if interval != SLOT_MINUTES:
        walls = local_starts(timezone, day)
        chosen = [n for n in chosen if (walls[n].hour * 60 + walls[n].minute) % interval == 0]
    return chosen


def windows(day: date) -> list[tuple[datetime, datetime]]:
    midnight = datetime.combine(day, time())
    found = []
    for minutes in range(-180, 24 * 60 + 60, 25):
        start = midnight + timedelta(minutes=minutes)
        for hours in (0, 1, 3, 26):
            found.append((start, start + timedelta(hours=hours, minutes=minutes % 7)))
    found.append((midnight + timedelta(hours=3), midnight))  # ends before it starts
    return found


@pytest.mark.parametrize(("timezone", "day"), ZONE_DAYS)
def test_a_windows_slots_are_the_ones_chosen_the_long_way(timezone: str, day: date) -> None:
    for start, end in windows(day):
        for interval in (5, 10, 15, 30, 60, 45):
            found = window_slots(timezone, day, start, end, interval)
            assert list(found) == long_way(timezone, day, start, end, interval), (start, end, interval)
            assert isinstance(found, range | list)


def test_evenly_spaced_slots_are_kept_as_a_range() -> None:
    midnight = datetime(2026, 6, 20)
    found = window_slots("Europe/Berlin", midnight.date(), midnight, midnight + timedelta(hours=3), 15)
    assert found == range(0, 37, 3)


@pytest.mark.parametrize("asked", ["p1,p24", "1,24", "p24, p1,p1", "", "p999,p1", "p13141,p13126", "x" * 600])
def test_asked_points_are_points_of_the_list(asked: str) -> None:
    for device_type in (1, 7, 11, 14, 99):
        assert list(asked_points(device_type, asked)) == points_of(device_type, asked.split(","))


def test_a_points_key_is_its_id() -> None:
    for points in BY_TYPE.values():
        for key, point in points.items():
            assert point.key == key == f"p{point.point_id}"


class Plantish:
    def __init__(self, devices: list[object]) -> None:
        self.devices = devices


class Backendish:
    def __init__(self, limits: dict[str, list[object]]) -> None:
        self.limits = limits


def test_no_limit_written_is_one_key_and_a_written_one_names_the_inverters() -> None:
    class Inverter:
        kind, sn = "inverter", "A1"

    plant = Plantish([Inverter()])
    assert limits_written(Backendish({}), plant) == ()  # type: ignore[arg-type]

    class Limit:
        made, watts = 1.0, 100.0

    assert limits_written(Backendish({"A1": [Limit()]}), plant) == (("A1", ((1.0, 100.0),)),)  # type: ignore[arg-type]
    assert limits_written(Backendish({"B2": [Limit()]}), plant) == (("A1", ()),)  # type: ignore[arg-type]


@given(st.floats(min_value=-ONE_DECIMAL_BOUND, max_value=ONE_DECIMAL_BOUND, exclude_min=True, exclude_max=True))
def test_one_decimal_writes_a_number_below_the_bound_as_text_does(value: float) -> None:
    assert ONE_DECIMAL(value) == text(value)
    rounded = round(value, 1)
    assert round(rounded, 1) == rounded
    assert ONE_DECIMAL(rounded) == text(rounded)
    assert within_one_decimal([value])


def test_numbers_past_the_bound_are_left_to_text() -> None:
    assert not within_one_decimal([1.0, ONE_DECIMAL_BOUND])
    assert not within_one_decimal([-ONE_DECIMAL_BOUND, 1.0])
    assert within_one_decimal([])
    for value in (0.05, 0.15, 0.25, -0.05, -0.0, 0.0, 1e-9, 123456.75, 2.0**39 + 0.05):
        assert ONE_DECIMAL(value) == text(value)


@pytest.fixture(scope="module")
def backend() -> IsolarBackend:
    cloud = build_cloud(["isolarcloud"], plants=8, clock=SimClock.from_option("frozen@2026-06-21T12:00:00+00:00"))
    return isolar(cloud.simulator("isolarcloud"))


@pytest.mark.parametrize("now", [datetime(2026, 6, 21, 12, tzinfo=UTC), datetime(2026, 3, 29, 1, 2, tzinfo=UTC),
                                 datetime(2026, 11, 1, 23, 59, tzinfo=UTC)])  # fmt: skip
def test_todays_rows_from_pv_are_the_readings_rows(backend: IsolarBackend, now: datetime) -> None:
    devices = [d for d in backend.devices.values() if d.device_type in (1, 11, 14)]
    assert any(d.device_type == 1 for d in devices)
    for device in devices:
        day = device.plant.local_date(now)
        begun = device.plant.slot_count(day, now)
        for keys in (["p1", "p24"], ["p24"], ["p1", "p24", "p14"], ["p83022"], []):
            points = points_of(device.device_type, keys)
            for chosen in ([0], list(range(begun)), list(range(0, begun, 3)), list(range(begun))[-2:]):
                readings = day_readings(device.plant, device.device, day, now, backend, only=chosen)
                assert todays_rows(backend, device, points, day, chosen, now) == [
                    minute_row(r, points) for r in readings
                ]


def test_round_leaves_a_zero_as_it_is() -> None:
    for zero in (0.0, -0.0):
        assert str(round(zero, 1)) == str(zero)
