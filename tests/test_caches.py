"""Byte-bounded caches keep the most recent results within their budget and answer as the function."""

from __future__ import annotations

import asyncio
import gc
import os
import platform
import subprocess
import sys
import time
from array import array
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest

from solarfakes.simulators import caches
from solarfakes.simulators.caches import (
    BUDGETS,
    CACHE_MB_ENV,
    SLOT_BYTES,
    TOTAL_BYTES,
    ByteBudget,
    array_bytes,
    byte_cache,
    cached_bytes,
    keep_total,
    malloc_trim_function,
    megabytes_from_env,
    release_freed_memory,
    set_total_bytes,
)
from solarfakes.simulators.core.journal import JOURNAL_MB_ENV, Journal
from solarfakes.simulators.physics import Slot, pv_series, simulate_day
from solarfakes.simulators.serve import giving_back_freed_memory
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


def test_the_caches_together_stay_within_the_total_dropping_the_least_recently_used_of_all_first() -> None:
    small: ByteBudget[str] = ByteBudget(1000, len)
    large: ByteBudget[str] = ByteBudget(1000, len)
    for key in "abc":
        small.put(key, key * 50)
    for key in "wxyz":
        large.put(key, key * 100)
    keep_total(450, [small, large])
    assert (small.bytes, large.bytes) == (50, 400), "a and b were used before anything of the large cache"
    assert list(small.entries) == ["c"]
    assert large.get("w") is not None  # read again: now the most recently used of all
    keep_total(200, [small, large])  # c, then x and y go
    assert small.bytes + large.bytes <= 200
    assert list(small.entries) == []
    assert list(large.entries) == ["z", "w"]
    assert set(large.used) == {"z", "w"}


def test_many_drops_across_caches_go_in_the_order_of_last_use() -> None:
    """Dozens of small entries of three caches, used in an interleaved order, then a bound that drops most
    of them: what stays is the most recently used of all, as dropping the oldest of all one at a time
    leaves, and an empty cache is no longer asked."""
    budgets: list[ByteBudget[str]] = [ByteBudget(10_000, len) for _ in range(3)]
    uses = []
    for n in range(60):
        budget = budgets[(n * 7) % 3]
        key = f"k{n}"
        budget.put(key, "x" * (10 + n % 7))
        uses.append((budget, key))
    for budget, key in uses[::5]:  # read again: used last
        assert budget.get(key) is not None
        uses.remove((budget, key))
        uses.append((budget, key))
    limit = 150
    kept, total = [], 0
    for budget, key in reversed(uses):  # the most recently used that fit, newest first
        size = budget.entries[key][1]
        if total + size > limit:
            break
        kept.append((id(budget), key))
        total += size
    keep_total(limit, budgets)
    assert sorted((id(budget), key) for budget in budgets for key in budget.entries) == sorted(kept)
    assert sum(budget.bytes for budget in budgets) == total <= limit
    keep_total(0, budgets)
    assert [budget.bytes for budget in budgets] == [0, 0, 0]


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


def test_the_total_is_read_from_the_environment_in_megabytes() -> None:
    assert megabytes_from_env(CACHE_MB_ENV, 4, {}) == 4 << 20
    assert megabytes_from_env(CACHE_MB_ENV, 4, {CACHE_MB_ENV: " "}) == 4 << 20
    assert megabytes_from_env(CACHE_MB_ENV, 4, {CACHE_MB_ENV: "0.5"}) == 1 << 19
    assert megabytes_from_env(CACHE_MB_ENV, 4, {CACHE_MB_ENV: "0"}) == 0
    for bad in ("-1", "four", "nan", "inf", "1e99"):
        with pytest.raises(ValueError, match=CACHE_MB_ENV):
            megabytes_from_env(CACHE_MB_ENV, 4, {CACHE_MB_ENV: bad})


def test_a_process_started_with_the_variable_keeps_its_caches_within_it() -> None:
    code = (
        "from solarfakes.simulators import caches\n"
        "from solarfakes.simulators.physics import simulate_day\n"
        "from solarfakes.simulators.vendors import VENDORS\n"
        "from solarfakes.simulators.world import World\n"
        "from datetime import date, timedelta\n"
        "w = World(seed=1, plants=3, layouts={a: v.layout for a, v in VENDORS.items()})\n"
        "for p in w.fleet('growatt_v1').values():\n"
        "    for n in range(40): p.history(date(2026, 6, 1) + timedelta(days=n))\n"
        "print(caches.TOTAL_BYTES, caches.cached_bytes())\n"
    )
    env = {**os.environ, CACHE_MB_ENV: "0.5"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    total, held = map(int, out.split())
    assert total == 1 << 19
    assert 0 < held <= total
    refused = subprocess.run(
        [sys.executable, "-c", "import solarfakes.simulators.caches"],
        env={**os.environ, CACHE_MB_ENV: "lots"},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert f"{CACHE_MB_ENV}='lots'" in refused.stderr


def test_a_new_total_drops_what_is_past_it_at_once_and_binds_later_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caches, "TOTAL_BYTES", caches.TOTAL_BYTES)  # restored after the test
    budget: ByteBudget[str] = ByteBudget(10_000, len)
    for key in "abcdef":
        budget.put(key, key * 100)
    set_total_bytes(250)
    assert cached_bytes() <= 250
    budget.put("g", "g" * 100)
    assert cached_bytes() <= 250
    assert "g" in budget.entries
    set_total_bytes(0)
    budget.put("h", "h")
    assert cached_bytes() == 0


def test_the_journal_takes_its_default_bound_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(JOURNAL_MB_ENV, raising=False)
    assert Journal().max_bytes == 2 << 20
    monkeypatch.setenv(JOURNAL_MB_ENV, "0.25")
    assert Journal().max_bytes == 1 << 18
    assert Journal(max_bytes=1234).max_bytes == 1234
    monkeypatch.setenv(JOURNAL_MB_ENV, "-3")
    with pytest.raises(ValueError, match=JOURNAL_MB_ENV):
        Journal()


def test_freed_memory_is_given_back_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(caches, "_trim", [calls.append, -caches.TRIM_INTERVAL_SECONDS])
    assert release_freed_memory(now=100.0)
    assert not release_freed_memory(now=100.0 + caches.TRIM_INTERVAL_SECONDS / 2)
    assert release_freed_memory(now=100.0 + caches.TRIM_INTERVAL_SECONDS)
    assert calls == [0, 0]


def test_a_served_request_gives_freed_memory_back_once_answered_or_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    sent: list[dict[str, object]] = []

    async def answering(scope: object, receive: object, send: Callable[[dict[str, object]], Awaitable[None]]) -> None:
        assert calls == []  # not before the app has answered
        await send({"type": "http.response.start", "status": 200})

    async def failing(scope: object, receive: object, send: object) -> None:
        raise RuntimeError("boom")

    async def record(message: dict[str, object]) -> None:
        sent.append(message)

    async def nothing() -> dict[str, object]:
        return {}

    monkeypatch.setattr(caches, "_trim", [calls.append, -1e12])
    asyncio.run(giving_back_freed_memory(answering)({"type": "http"}, nothing, record))  # type: ignore[arg-type]
    assert calls == [0]
    assert sent == [{"type": "http.response.start", "status": 200}]
    caches._trim[1] = -1e12
    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(giving_back_freed_memory(failing)({"type": "http"}, nothing, record))  # type: ignore[arg-type]
    assert calls == [0, 0]


def test_an_idle_server_gives_back_what_its_last_requests_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(caches, "TRIM_INTERVAL_SECONDS", 0.05)

    async def answering(scope: object, receive: object, send: object) -> None:
        return None

    async def burst_then_idle() -> list[list[int]]:
        app = giving_back_freed_memory(answering)  # type: ignore[arg-type]
        seen = []
        caches._trim[1] = time.monotonic()  # given back just now: the burst's requests are too soon
        for _ in range(3):
            await app({"type": "http"}, answering, answering)  # type: ignore[arg-type]
        seen.append(list(calls))
        await asyncio.sleep(0.2)  # idle for several intervals
        seen.append(list(calls))
        return seen

    monkeypatch.setattr(caches, "_trim", [calls.append, 0.0])
    assert asyncio.run(burst_then_idle()) == [[], [0]]  # owed once for the burst, given once, then nothing


def test_where_memory_cannot_be_given_back_requests_go_straight_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    async def answering(scope: object, receive: object, send: object) -> None:
        return None

    monkeypatch.setattr(caches, "_trim", [None, 0.0])
    assert giving_back_freed_memory(answering) is answering  # type: ignore[arg-type,comparison-overlap]


def test_caches_that_drop_entries_give_freed_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(caches, "_trim", [calls.append, -1e12])
    budget: ByteBudget[str] = ByteBudget(10_000, len)
    budget.entries["a"], budget.bytes = ("a" * 300, 300), 300
    keep_total(1000, [budget])  # nothing to drop: nothing to give back
    assert calls == []
    keep_total(100, [budget])
    assert calls == [0]
    assert budget.bytes == 0


def test_glibc_has_malloc_trim_and_other_c_libraries_are_left_alone() -> None:
    found = malloc_trim_function()
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert found is not None
        assert found(0) in (0, 1)
    elif not sys.platform.startswith("linux"):
        assert found is None


def test_the_c_heaps_of_threads_are_capped_on_glibc_and_left_alone_elsewhere() -> None:
    """In a child process: the cap is process-wide and must come before threads start."""
    code = "from solarfakes.simulators.caches import cap_malloc_arenas; print(cap_malloc_arenas(2))"
    taken = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert taken == str(glibc)
