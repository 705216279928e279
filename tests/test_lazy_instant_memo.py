"""A plant's instant memo is made when first read, not with the plant: the same figures, none held by a
plant no call reads, and none written into a state snapshot."""

from __future__ import annotations

from datetime import UTC, datetime

from solarfakes.simulators.core.state_snapshot import plant_state, rebuilt_plant
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import InstantMemo, Plant, World

NOON = datetime(2026, 6, 15, 12, tzinfo=UTC)


def has_instant_memo(plant: Plant) -> bool:
    return plant.holds_figures() and hasattr(plant._figures, "instant_memo")


def small_world() -> World:
    return World(seed=5, plants=4, layouts={api: vendor.layout for api, vendor in VENDORS.items()})


def test_a_plant_holds_no_memo_until_read_and_then_keeps_one() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    assert not has_instant_memo(plant)
    memo = plant.instant_memo
    assert isinstance(memo, InstantMemo)
    assert plant.instant_memo is memo
    assert "instant_memo" not in plant_state(plant)


def test_figures_read_through_the_memo_are_the_memoless_ones() -> None:
    plants = list(small_world().fleet("apsystems_openapi").values())
    fresh = list(small_world().fleet("apsystems_openapi").values())
    for plant, twin in zip(plants, fresh, strict=True):
        assert plant.now_slot(NOON) == plant.now_slot(NOON) == twin.find_now_slot(NOON)
        assert has_instant_memo(plant)
        assert not has_instant_memo(twin)


def test_a_plant_rebuilt_from_a_snapshot_with_a_memo_makes_its_own() -> None:
    plant = next(iter(small_world().fleet("growatt_v1").values()))
    loaded = rebuilt_plant({**plant_state(plant), "instant_memo": InstantMemo()})  # as snapshots held it
    assert not has_instant_memo(loaded)
    assert loaded.now_slot(NOON) == plant.now_slot(NOON)
