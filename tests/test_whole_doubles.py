"""The physics' shortcuts through whole doubles answer what the plain computations answer, bit for bit.

``WHOLE_MAKER`` rounds a double to a whole number as ``round`` does (``whole_floats``); ``summed_units`` sums a day's units
column by column as ``DayLedger.added_slot_by_slot`` does slot by slot (and declines what it cannot sum
exactly); ``units_total`` is the sum of ``slot_units``; ``draws`` are a generator's own numbers; and
``DayCounter.at`` written with comparisons is its ``max``/``min`` formula; AlphaCloud's export column
(``export_wholes``) is its slot by slot formula."""

from __future__ import annotations

import math
import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.counters import DayCounter
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    UNITS_BELOW,
    WHOLE_MAKER,
    DayLedger,
    draws,
    slot_units,
    summed_units,
    units_total,
    whole_floats,
)
from solarfakes.simulators.vendors.alphacloud.power import export_wholes

# Powers as days have them (tenths of a watt, zeros of both signs) and the doubles beside halves of units.
halves = st.integers(-200_000, 200_000).map(lambda k: (k + 0.5) / 10)
powers = st.one_of(
    st.sampled_from([0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.15, -0.25]),
    halves,
    halves.map(lambda x: math.nextafter(x, math.inf)),
    halves.map(lambda x: math.nextafter(x, -math.inf)),
    st.floats(-20_000, 20_000),
    st.floats(-1e9, 1e9),
)
days = st.integers(0, 40).flatmap(lambda n: st.lists(st.lists(powers, min_size=n, max_size=n), min_size=4, max_size=4))


def test_the_whole_maker_rounds_as_round_does() -> None:
    """Halves go to the even neighbour, as ``round`` takes them, for any double below 2**51."""
    rng = random.Random(5)
    drawn = [rng.choice((1, -1)) * rng.random() * 10 ** rng.uniform(-3, 15) for _ in range(20_000)]
    edges = [k + 0.5 for k in range(-50, 50)] + [2.0**51 - 0.5, -(2.0**51) + 0.5, 2.0**50 + 0.5, 0.5, -0.5, 0.0]
    for value in drawn + edges + [math.nextafter(x, d) for x in edges for d in (math.inf, -math.inf)]:
        assert (value + WHOLE_MAKER) - WHOLE_MAKER == float(round(value)), value


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(powers, st.floats(-(2.0**53), 2.0**53), st.floats(allow_nan=False, allow_infinity=False)),
        max_size=300,
    )
)
def test_whole_floats_are_round_made_a_float_bit_for_bit(values: list[float]) -> None:
    assert [x.hex() for x in whole_floats(values)] == [float(round(x)).hex() for x in values]


def test_whole_floats_round_halves_to_even_beside_the_shortcuts_bound_and_refuse_what_round_refuses() -> None:
    halves = [k + 0.5 for k in range(-50, 50)] + [2.0**40 - 0.5, 2.0**40 + 0.5, -(2.0**40) - 0.5]
    beside = [math.nextafter(x, direction) for x in halves for direction in (math.inf, -math.inf)]
    values = [*halves, *beside, 0.0, -0.0, -0.4, 5e-324, -5e-324, 2.0**40, -(2.0**40), 1e300, -1e300, 7, -3]
    assert [x.hex() for x in whole_floats(values)] == [float(round(x)).hex() for x in values]
    assert whole_floats([]) == []
    for odd, error in ((math.nan, ValueError), (math.inf, OverflowError), (-math.inf, OverflowError)):
        with pytest.raises(error):
            whole_floats([1.5, odd])


@settings(max_examples=150, deadline=None)
@given(days)
def test_a_days_units_summed_by_columns_are_the_slot_by_slot_sums(columns: list[list[float]]) -> None:
    found = summed_units(columns)
    assert found is not None
    assert found == DayLedger.added_slot_by_slot(*columns)
    assert DayLedger.of_figures(*columns).sums == found
    assert DayLedger.of_figures(*map(iter, columns)).sums == found  # any iterable, as ``DayLedger.of`` passes


def a_drawn_power(rng: random.Random) -> float:
    kind = rng.random()
    if kind < 0.3:
        return rng.choice((0.0, -0.0))
    if kind < 0.5:  # a half of a unit, or a double beside one
        half = (rng.randrange(-100_000, 100_000) + 0.5) / 10
        return rng.choice((half, math.nextafter(half, math.inf), math.nextafter(half, -math.inf)))
    return rng.uniform(-10_000, 10_000) * rng.choice((1e-3, 1.0, 1e3))


@pytest.mark.parametrize("count", [276, 288, 300, 312])
def test_whole_days_summed_by_columns_are_the_slot_by_slot_sums(count: int) -> None:
    rng = random.Random(count)
    for _ in range(50):
        columns = [[a_drawn_power(rng) for _ in range(count)] for _ in range(4)]
        found = summed_units(columns)
        assert found is not None
        assert found == DayLedger.added_slot_by_slot(*columns)


@pytest.mark.parametrize("odd", [math.nan, math.inf, -math.inf, UNITS_BELOW, -UNITS_BELOW, 1e300], ids=repr)
@pytest.mark.parametrize("where", [0, 1, 150, 287])
def test_what_cannot_be_summed_exactly_is_summed_slot_by_slot(odd: float, where: int) -> None:
    """A power not finite or too large, anywhere in any column: no column sums, and ``of_figures`` answers
    as the slot-by-slot sums do (the same sums, or the same refusal)."""
    rng = random.Random(where)
    for column in range(4):
        columns = [[round(rng.uniform(-5000, 5000), 1) for _ in range(288)] for _ in range(4)]
        columns[column][where] = odd
        assert summed_units(columns) is None
        try:
            expected: object = DayLedger.added_slot_by_slot(*columns)
        except (ValueError, OverflowError) as error:
            with pytest.raises(type(error)):
                DayLedger.of_figures(*columns)
        else:
            assert DayLedger.of_figures(*columns).sums == expected


def test_columns_of_different_lengths_are_refused_as_before() -> None:
    columns = [[1.0] * 288, [2.0] * 288, [3.0] * 287, [4.0] * 288]
    assert summed_units(columns) is None
    with pytest.raises(ValueError, match="shorter"):
        DayLedger.of_figures(*columns)
    assert summed_units([[], [], [], []]) == DayLedger.added_slot_by_slot([], [], [], [])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(powers.map(abs), st.just(0.0)), max_size=300))
def test_a_days_pv_units_total_is_the_sum_of_its_slot_units(watts: list[float]) -> None:
    series = array("d", watts)
    assert units_total(series) == sum(slot_units(series))
    assert type(units_total(series)) is int


def test_a_pv_total_it_cannot_add_exactly_is_added_as_before() -> None:
    assert units_total(array("d", [1.5, UNITS_BELOW, 2.5])) == sum(slot_units([1.5, UNITS_BELOW, 2.5]))
    with pytest.raises(ValueError, match="NaN"):
        units_total(array("d", [1.5, math.nan, 2.5]))


@pytest.mark.parametrize("count", [0, 1, 27, 300])
def test_draws_are_the_generators_own_numbers(count: int) -> None:
    drawn, plain = random.Random("plant|2026-06-21"), random.Random("plant|2026-06-21")
    assert draws(drawn, count) == tuple(plain.random() for _ in range(count))
    assert drawn.random() == plain.random()  # and leave it where the generator would be


counts = st.one_of(st.integers(-(10**12), 10**12), st.sampled_from([0, 1, -1]))


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), counts, counts, counts)
def test_a_counter_reading_is_its_min_and_max_formula(prehistory: float, before: int, ceiling: int, today: int) -> None:
    found = DayCounter(prehistory, before, ceiling).at(today)
    expected = max(prehistory + min(before + today, ceiling) * KWH_PER_UNIT, 0.0)
    assert type(found) is type(expected)
    assert math.isnan(found) if math.isnan(expected) else found.hex() == expected.hex()


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), counts, counts, st.lists(counts, max_size=30))
def test_a_counters_column_is_its_reading_of_each(
    prehistory: float, before: int, ceiling: int, today: list[int]
) -> None:
    """``DayCounter.column`` (a day's history rows' lifetime counter) is ``at`` of each, sign of a zero too."""
    counter = DayCounter(prehistory, before, ceiling)
    found, expected = counter.column(today), [counter.at(units) for units in today]
    assert [repr(kwh) for kwh in found] == [repr(kwh) for kwh in expected]
    assert all(type(kwh) is float for kwh in found)


def test_a_counters_column_floors_below_zero_and_stops_at_its_ceiling() -> None:
    counter = DayCounter(-1.0, 5, 10**6)
    column = counter.column([0, 5, 10**6, 10**7])
    assert column[:2] == [0.0, 0.0]
    assert column == [counter.at(units) for units in (0, 5, 10**6, 10**7)]
    assert column[2] == column[3] > 0, "the ceiling holds"


def plain_exports(grid_w: list[float]) -> list[float]:
    """AlphaCloud's export column as ``day_power_row`` works it out per slot."""
    return [float(round(-grid)) if grid < 0.0 else 0.0 for grid in grid_w]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(powers, st.floats(-(2.0**53), 2.0**53), st.floats(allow_infinity=False)), max_size=300))
def test_alphacloud_exports_are_the_plain_exports_bit_for_bit(grid_w: list[float]) -> None:
    """``export_wholes`` through the whole maker where it may: ``float(round(-grid))`` of each export, 0.0
    for an import, a zero of either sign and NaN."""
    assert [x.hex() for x in export_wholes(grid_w)] == [x.hex() for x in plain_exports(grid_w)]


def test_alphacloud_exports_beside_the_shortcuts_bound_refuse_what_round_refuses() -> None:
    edges = [-(2.0**40) + 0.5, -(2.0**40), -(2.0**40) - 0.5, -0.5, -1.5, -2.5, 0.5, -5e-324, 1e300, -1e300, math.inf]
    values = [*edges, *(math.nextafter(x, direction) for x in edges for direction in (math.inf, -math.inf))]
    assert [x.hex() for x in export_wholes(values)] == [x.hex() for x in plain_exports(values)]
    with pytest.raises(OverflowError):
        export_wholes([-1.5, -math.inf])
