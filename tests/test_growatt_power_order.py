"""Growatt's observed plant/power answers its day's points in a seeded shuffled order: ``shuffled_order``
gives the order ``random.Random(seed).shuffle`` leaves, draw for draw, without calling it."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.vendors.growatt.energy import shuffled_order


def shuffled_by_random(seed: str, count: int) -> list[int]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def test_the_order_is_randoms_shuffle_over_many_seeds_and_day_lengths() -> None:
    for count in (0, 1, 2, 3, 5, 64, 65, 128, 129, 276, 288, 300):
        for n in range(400):
            seed = f"GRW{n:07d}|2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
            assert shuffled_order(seed, count) == shuffled_by_random(seed, count), (seed, count)


@given(st.text(max_size=30), st.integers(0, 600))
def test_the_order_is_randoms_shuffle_for_any_seed(seed: str, count: int) -> None:
    assert shuffled_order(seed, count) == shuffled_by_random(seed, count)
