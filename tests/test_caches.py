"""Byte-bounded caches keep the most recent results within their budget and answer as the function."""

from __future__ import annotations

from array import array
from datetime import date

from solarfakes.simulators.caches import ByteBudget, array_bytes, byte_cache
from solarfakes.simulators.physics import pv_series, simulate_day
from solarfakes.simulators.vendors import VENDORS
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
