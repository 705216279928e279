"""A memo of one clock instant stays bounded while the clock stands still (frozen, as in tests and the
benchmark): per memo in figures, and across the process in memos that hold figures at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from solarfakes.simulators import world
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import FIGURES_KEPT, FILLED_MEMOS, InstantMemo, World

NOON = datetime(2026, 6, 15, 12, tzinfo=UTC)


def test_a_memo_keeps_its_figures_for_its_instant_and_starts_over_for_another() -> None:
    memo = InstantMemo()
    figures = memo.at(NOON)
    assert figures is not None
    figures["x"] = 1
    assert memo.at(NOON) is figures
    assert memo.at(NOON + timedelta(seconds=1)) == {}


def test_a_memo_starts_over_past_its_figures_bound_at_a_standing_clock() -> None:
    memo = InstantMemo()
    for n in range(FIGURES_KEPT * 3):
        figures = memo.at(NOON)
        assert figures is not None
        figures[n] = n
        assert len(figures) <= FIGURES_KEPT
    assert len(memo.current[1]) <= FIGURES_KEPT


def test_only_the_latest_fills_keep_their_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(world, "MEMOS_KEPT", 10)
    FILLED_MEMOS.clear()
    memos = [InstantMemo() for _ in range(25)]
    for memo in memos:
        figures = memo.at(NOON)
        assert figures is not None
        figures["x"] = 1
    holding = [memo for memo in memos if memo.current[1]]
    assert holding == memos[-10:]
    assert len(FILLED_MEMOS) == 10


def test_a_hot_memo_filled_again_keeps_its_newer_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a running clock one plant read again and again fills its memo at every call: the fills of it
    that leave the window must not empty the figures of the call under way."""
    monkeypatch.setattr(world, "MEMOS_KEPT", 4)
    FILLED_MEMOS.clear()
    memo = InstantMemo()
    for second in range(20):
        instant = NOON + timedelta(seconds=second)
        figures = memo.at(instant)
        assert figures is not None
        figures["x"] = second
        assert memo.at(instant) is figures  # asked again within the same call: still there


def test_a_frozen_fleet_read_plant_by_plant_answers_the_same_with_memos_emptied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Emptying memos only costs recomputation: every figure is what it was with unbounded memos."""
    layouts = {api: vendor.layout for api, vendor in VENDORS.items()}

    def figures(fleet_world: World) -> list[tuple[object, ...]]:
        out = []
        for _ in range(2):  # twice: the second pass reads memos (or their recomputation)
            for plant in fleet_world.fleet("growatt_v1").values():
                out.append((plant.now_slot(NOON), plant.energy(NOON.date(), NOON), plant.lifetime_pv_kwh(NOON)))
        return out

    FILLED_MEMOS.clear()
    unbounded = figures(World(seed=3, plants=12, layouts=layouts))
    monkeypatch.setattr(world, "MEMOS_KEPT", 3)
    FILLED_MEMOS.clear()
    assert figures(World(seed=3, plants=12, layouts=layouts)) == unbounded
    assert len(FILLED_MEMOS) <= 3
