"""APsystems' numbers as text: a column written at once is each of its values written alone."""

from __future__ import annotations

import math
import random

import pytest

from solarfakes.simulators.vendors.apsystems.text import PLAIN_BELOW, fixed, fixed_all


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


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_fixed_all_refuses_what_fixed_refuses(bad: float) -> None:
    with pytest.raises(ValueError, match="no number"):
        fixed_all([1.0, bad])
