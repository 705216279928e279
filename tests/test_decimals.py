"""``day_rows.Decimals``: a column of rounded floats that a ``RowWriter`` writes from the unrounded values
(``%.1f``) is written as the column of the rounded floats is, byte for byte; read, it is those floats."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators import day_rows
from solarfakes.simulators.core.shape import compiled
from solarfakes.simulators.physics import rounded
from solarfakes.specs.model import FieldSchema

SCHEMA = FieldSchema.model_validate(
    {
        "type": "object",
        "properties": {"number": {"type": "number"}, "text": {"type": "string"}, "whole": {"type": "integer"}},
    }
)
KEYS = ("number", "text", "whole", "unschemed")  # the last has no schema: the shape step leaves it


def writer() -> day_rows.RowWriter:
    return day_rows.RowWriter(dict.fromkeys(("id", *KEYS), 0), KEYS, SCHEMA)


def both_ways(values: list[float], places: int = 1) -> tuple[list[bytes] | None, list[bytes] | None]:
    """The rows written with ``Decimals`` of ``values`` in every field, and with the rounded values; the
    rows joined in one piece (``joined_columns``) are the former joined by commas."""
    decimals = day_rows.Decimals(values, places)
    floats = rounded(values, places)
    fast = writer().write_columns([decimals] * len(KEYS))
    joined = writer().joined_columns([decimals] * len(KEYS))
    assert (None if joined is None else joined[0]) == (None if fast is None else b",".join(fast))
    return fast, writer().write_columns([floats] * len(KEYS))


# halves and near halves of a tenth, zeros of both signs, and numbers up to far beyond DIRECTIVE_BELOW
floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e13, 1e13),
    st.integers(-(10**11), 10**11).map(lambda n: n / 20),
    st.integers(-(10**6), 10**6).map(lambda n: n / 20 + 1e-12),
    st.sampled_from([0.0, -0.0, -0.04, 0.05, 0.15, 0.25, 2.675, 999_999_999_999.95, 1e12, -1e12, 1e16, 5e-324]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(floats, min_size=2, max_size=40))
def test_decimals_are_written_as_their_rounded_floats(values: list[float]) -> None:
    fast, plain = both_ways(values)
    assert fast == plain
    assert list(day_rows.Decimals(values, 1)) == [round(value, 1) for value in values]


def test_decimals_of_a_day_are_written_as_their_rounded_floats() -> None:
    """Many values of a day's kind: currents, temperatures, lifetime energies; each written from its own
    value, the column's directive in use."""
    draw = random.Random(11)
    for scale in (1.0, 30.0, 400.0, 5e5, 3e8):
        values = [draw.uniform(-scale, scale) for _ in range(2_000)] + [-0.0, 0.0, 0.05, -0.05]
        assert day_rows.Decimals(values, 1).directive(None) == b"%.1f"
        fast, plain = both_ways(values)
        assert fast is not None
        assert fast == plain


@pytest.mark.parametrize("odd", [math.nan, math.inf, -math.inf, 1e12, -1e12, 1e300], ids=str)
def test_decimals_the_directive_cannot_write_are_written_rounded(odd: float) -> None:
    """No directive for a value not finite or beyond its bound: the column is then the rounded values'
    (orjson writes a NaN or an infinity as null: the rows are then written whole)."""
    values = [1.25, odd, -3.35]
    assert day_rows.Decimals(values, 1).directive(None) is None
    fast, plain = both_ways(values)
    assert fast == plain
    if not math.isfinite(odd):
        assert fast is None


@pytest.mark.parametrize("whole", [3, -7, 0, True, False, 10**8])
def test_decimals_of_whole_numbers_are_written_as_their_rounded_floats(whole: int) -> None:
    """``rounded`` makes an int (or a bool) the float of its value, whose text ``%.1f`` writes too."""
    values = [1.25, whole, -3.35]
    assert day_rows.Decimals(values, 1).directive(None) == b"%.1f"
    fast, plain = both_ways(values)
    assert fast is not None
    assert fast == plain


def test_decimals_of_what_is_no_number_have_no_directive() -> None:
    assert day_rows.Decimals([1.5, "2.5"], 1).directive(None) is None  # type: ignore[list-item]


def test_decimals_of_two_places_or_of_an_integer_field_have_no_directive() -> None:
    """``%.2f`` keeps a trailing zero orjson leaves out (50.10 against 50.1); an integer field rounds the
    rounded float itself."""
    values = [50.1, 50.123, -0.004]
    assert day_rows.Decimals(values, 2).directive(None) is None
    assert both_ways(values, 2)[0] == both_ways(values, 2)[1]
    fields = compiled(SCHEMA).fields
    assert day_rows.Decimals(values, 1).directive(fields["whole"]) is None
    assert day_rows.Decimals(values, 1).directive(fields["number"]) == b"%.1f"
    assert day_rows.Decimals(values, 1).directive(None) == b"%.1f"
    assert day_rows.Decimals(values, 1).directive(fields["text"]) == b'"%.1f"', "repr of the float, as a string"


def test_decimals_read_as_the_rounded_floats() -> None:
    values = [0.05, -0.04, 12.345, 7.0]
    decimals = day_rows.Decimals(values, 1)
    expected = rounded(values, 1)
    assert len(decimals) == 4
    assert [x.hex() for x in decimals] == [x.hex() for x in expected]
    assert (decimals[1], decimals[-1], decimals[1:3]) == (expected[1], expected[-1], expected[1:3])
    assert decimals.count(7.0) == 1
    rows = day_rows.Columns(("a", "b"), [decimals, values]).rows()
    assert [row["a"] for row in rows] == expected
