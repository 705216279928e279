"""APsystems' numbers as text: a column written at once (as a list or as a JSON array's items) is each of its
values written alone."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from solarfakes.simulators.vendors.apsystems.text import PLAIN_BELOW, fixed, fixed_all, fixed_items


def values() -> list[float]:
    rng = random.Random(11)
    drawn = [rng.random() * 10 ** rng.uniform(-12, 15) for _ in range(20_000)]
    halves = [(k + 0.5) / 10**places for k in range(5_000) for places in (2, 4)]  # ties and nearly ties
    edges = [0.0, -0.0, -1e-9, -3.0, 0.005, 0.125, 2.675, 1.005, PLAIN_BELOW, PLAIN_BELOW * 10, 5e-324]
    return drawn + halves + edges


@pytest.mark.parametrize("places", [2, 4])
def test_fixed_all_writes_each_value_as_fixed_does(places: int) -> None:
    column = values()
    assert fixed_all(column, places) == [fixed(value, places) for value in column]


def plain_columns() -> list[list[float]]:
    """Columns of positive values below PLAIN_BELOW only (written in one formatting), ties among them."""
    rng = random.Random(12)
    drawn = [[rng.random() * 10 ** rng.uniform(-12, 14) for _ in range(rng.randrange(1, 300))] for _ in range(200)]
    halves = [[(k + 0.5) / 10**places for k in range(5_000)] for places in (2, 4)]
    return [*drawn, *halves, [5e-324], [PLAIN_BELOW / 2], [0.125, 2.675, 1.005]]


@pytest.mark.parametrize("places", [2, 4])
def test_a_plain_column_is_written_as_fixed_writes_each_value(places: int) -> None:
    for column in plain_columns():
        assert fixed_all(column, places) == [fixed(value, places) for value in column]


@pytest.mark.parametrize("places", [2, 4])
def test_fixed_items_are_the_texts_quoted_and_joined(places: int) -> None:
    for column in [*plain_columns(), values(), [], [0.0], [-0.0, 1.0], [PLAIN_BELOW * 2, 1.0]]:
        assert fixed_items(column, places) == ",".join(f'"{text}"' for text in fixed_all(column, places))


@pytest.mark.parametrize("write", [fixed_all, fixed_items])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_column_refuses_what_fixed_refuses(bad: float, write: Any) -> None:
    for column in ([1.0, bad], [bad, 1.0], [2.0, bad, 1.0]):  # a NaN where min and max pass it over too
        with pytest.raises(ValueError, match="no number"):
            write(column)
