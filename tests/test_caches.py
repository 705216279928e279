"""Byte-bounded caches keep the most recent results within their budget and answer as the function."""

from __future__ import annotations

import gc
from array import array
from datetime import date, timedelta

from solarfakes.simulators.caches import (
    BUDGETS,
    SLOT_BYTES,
    TOTAL_BYTES,
    ByteBudget,
    array_bytes,
    byte_cache,
    cached_bytes,
    keep_total,
)
from solarfakes.simulators.physics import Slot, pv_series, simulate_day
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.isolarcloud.readings import UNCAPPED_SUMS, uncapped_sums
from solarfakes.simulators.world import World


def test_the_least_recently_used_go_first_and_the_budget_holds() -> None:
    budget: ByteBudget[str] = ByteBudget(100, len)
    for key in "abcd":
        budget.put(key, key * 30)
    assert list(budget.entries) == ["b", "c", "d"]
    assert budget.bytes == 90
    assert budget.get("b") is not None  # now the most recent
    budget.put("e", "e" * 30)
    assert list(budget.entries) == ["d", "b", "e"]
    assert budget.bytes <= 100
    budget.put("huge", "x" * 101)  # larger than the whole budget: not kept, nothing evicted for it
    assert "huge" not in budget.entries
    assert len(budget.entries) == 3


def test_a_cached_function_answers_as_the_function_and_computes_once() -> None:
    calls: list[int] = []

    @byte_cache(10_000, array_bytes)
    def squares(n: int) -> array[int]:
        calls.append(n)
        return array("q", [i * i for i in range(n)])

    assert squares(5) == array("q", [0, 1, 4, 9, 16])
    assert squares(5) is squares(5)
    assert calls == [5]
    squares.cache_clear()
    squares(5)
    assert calls == [5, 5]


def test_the_physics_caches_stay_within_their_budgets() -> None:
    plants = World(seed=2, plants=20, layouts={a: v.layout for a, v in VENDORS.items()}).fleet("growatt_v1").values()
    for plant in plants:
        for day in range(1, 29, 3):
            simulate_day(plant.model, date(2026, 2, day))
    for cached in (simulate_day, pv_series):
        assert 0 < cached.cache.bytes <= cached.cache.max_bytes
        assert cached.cache.bytes == sum(size for _, size in cached.cache.entries.values())


def test_the_caches_together_stay_within_the_total_dropping_from_the_fullest_first() -> None:
    small: ByteBudget[str] = ByteBudget(1000, len)
    large: ByteBudget[str] = ByteBudget(1000, len)
    for key in "abc":
        small.put(key, key * 50)
    for key in "wxyz":
        large.put(key, key * 100)
    keep_total(450, [small, large])
    assert (small.bytes, large.bytes) == (150, 300)
    assert list(large.entries) == ["x", "y", "z"], "the fullest cache loses its oldest entries first"
    keep_total(200, [small, large])  # large loses x and y, then small is the fuller and loses a
    assert small.bytes + large.bytes <= 200
    assert list(large.entries) == ["z"]
    assert list(small.entries) == ["b", "c"]


def test_reading_many_plant_days_keeps_every_cache_together_within_the_total() -> None:
    plants = World(seed=3, plants=40, layouts={a: v.layout for a, v in VENDORS.items()}).fleet("growatt_v1").values()
    for plant in plants:
        for day in range(1, 29):
            simulate_day(plant.model, date(2026, 3, day))
    assert simulate_day.cache.max_bytes + pv_series.cache.max_bytes > TOTAL_BYTES, "the total binds"
    assert 0 < cached_bytes() <= TOTAL_BYTES


def test_isolarcloud_day_sums_keep_no_more_slots_alive_than_the_total_allows() -> None:
    """The running sums of a day hold its slots; once kept by a count of days, a soak reading ever new
    days grew by 1.3 MB/s with simulate_day's own cache long full."""
    plants = list(
        World(seed=3, plants=20, layouts={a: v.layout for a, v in VENDORS.items()}).fleet("isolarcloud").values()
    )
    gc.collect()
    before = sum(isinstance(o, Slot) for o in gc.get_objects())
    for plant in plants:
        for offset in range(40):
            day = date(2026, 3, 1) + timedelta(days=offset)
            uncapped_sums(plant, day, plant.history(day), 0.5)
    gc.collect()
    alive = sum(isinstance(o, Slot) for o in gc.get_objects()) - before
    assert alive * SLOT_BYTES <= TOTAL_BYTES  # 800 days read: about 209,000 were alive before the bound
    assert UNCAPPED_SUMS in BUDGETS
