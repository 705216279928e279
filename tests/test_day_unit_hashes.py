"""Runs of seeded day hashes (APsystems' estimated days) against the one-day functions, bit for bit."""

import math
from calendar import isleap
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.physics import day_unit_hashes, unit_hash
from solarfakes.simulators.vendors.apsystems.energy import (
    CLEAR_SKY_TRANSMITTANCE,
    SYSTEM_EFFICIENCY,
    add_estimated,
    clear_sky_kwh_per_kwp,
    clear_sky_year,
    estimated_clouds,
    estimated_clouds_run,
    estimated_kwh,
    estimated_year_kwh,
)
from solarfakes.simulators.vendors.apsystems.meter_history import Flows, estimated_flows, estimated_year

KEYS = st.text(min_size=1, max_size=12)  # quotes, backslashes and non-ASCII change the repr a hash digests
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2199, 12, 1))


@given(KEYS, DAYS, st.integers(0, 40), st.sampled_from(["estimated-clouds", "estimated-load", "it's"]))
def test_a_run_hashes_each_day_as_unit_hash(key: str, first: date, count: int, label: str) -> None:
    expected = [unit_hash(key, first + timedelta(days=n), label) for n in range(count)]
    assert day_unit_hashes(key, first, count, label) == expected


@given(KEYS, DAYS, st.integers(0, 40))
def test_a_run_of_clouds_is_each_days_clouds(key: str, first: date, count: int) -> None:
    assert estimated_clouds_run(key, first, count) == [
        estimated_clouds(key, first + timedelta(days=n)) for n in range(count)
    ]


def day_by_day(total: float, key: str, latitude: float, peak_kw: float, first: date, after: date) -> float:
    day = first
    while day < after:
        total += estimated_kwh(key, latitude, peak_kw, day)
        day += timedelta(days=1)
    return total


@given(KEYS, st.floats(-66, 66), st.floats(0.5, 30), DAYS, st.integers(1, 800))
def test_estimated_spans_add_the_same_floats_as_day_by_day(
    key: str, latitude: float, peak_kw: float, first: date, days: int
) -> None:
    after = first + timedelta(days=days)
    # a whole year is one cached sum, added at once: the oracle adds those years the same way
    total, day = 0.0, first
    while day < after:
        following = date(day.year + 1, 1, 1)
        if (day.month, day.day) == (1, 1) and following <= after:
            total = total + estimated_year_kwh(key, latitude, peak_kw, day.year)
            day = following
        else:
            total = day_by_day(total, key, latitude, peak_kw, day, min(following, after))
            day = min(following, after)
    assert add_estimated(0.0, key, latitude, peak_kw, first, after) == total


def test_an_estimated_year_is_its_days_added_in_order() -> None:
    key, latitude, peak_kw = "plant-7", 47.3, 6.4
    for year in (2019, 2020, 2101):
        assert estimated_year_kwh(key, latitude, peak_kw, year) == day_by_day(
            0.0, key, latitude, peak_kw, date(year, 1, 1), date(year + 1, 1, 1)
        )
        flows = Flows()
        for n in range(365 + isleap(year)):
            flows += estimated_flows(key, latitude, peak_kw, 450.0, True, date(year, 1, 1) + timedelta(days=n))
        assert estimated_year(key, latitude, peak_kw, 450.0, True, year) == flows


def test_a_run_across_years_and_leap_days() -> None:
    for first in (date(2023, 2, 27), date(2099, 12, 30), date(2024, 12, 31)):
        count = 1200
        assert day_unit_hashes("sys'1", first, count, "estimated-load") == [
            unit_hash("sys'1", first + timedelta(days=n), "estimated-load") for n in range(count)
        ]


def duffie_beckman_kwh_per_kwp(latitude: float, day: date) -> float:
    """The daily extraterrestrial insolation on a horizontal plane (Duffie and Beckman), through the clear
    sky and the system's losses, written out day by day as the textbook gives it."""
    n = day.timetuple().tm_yday
    declination = math.radians(23.44) * math.sin(2 * math.pi * (284 + n) / 365)
    lat = math.radians(latitude)
    sunset = math.acos(max(-1.0, min(1.0, -math.tan(lat) * math.tan(declination))))
    h0 = (24 / math.pi * 1.367 * (1 + 0.033 * math.cos(2 * math.pi * n / 365))
          * (math.cos(lat) * math.cos(declination) * math.sin(sunset)
             + sunset * math.sin(lat) * math.sin(declination)))  # fmt: skip
    return max(h0, 0.0) * CLEAR_SKY_TRANSMITTANCE * SYSTEM_EFFICIENCY


@given(st.floats(-89.9, 89.9), DAYS)
def test_the_clear_sky_year_is_the_formula_day_by_day(latitude: float, day: date) -> None:
    leap = date(2024, 1, 1)
    table = clear_sky_year(latitude)
    assert list(table) == [duffie_beckman_kwh_per_kwp(latitude, leap + timedelta(days=n)) for n in range(366)]
    assert clear_sky_kwh_per_kwp(latitude, day) == duffie_beckman_kwh_per_kwp(latitude, day)


@given(st.floats(-89.9, 89.9), DAYS)
def test_a_days_clear_sky_yield_is_its_years_entry_without_the_table(latitude: float, day: date) -> None:
    clear_sky_year.cache_clear()
    alone = clear_sky_kwh_per_kwp(latitude, day)
    assert clear_sky_year.cache_info().currsize == 0  # a new system's day makes no table of 366 days
    assert alone == clear_sky_year(latitude)[day.timetuple().tm_yday - 1]
