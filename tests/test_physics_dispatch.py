"""Battery commands from outside (remote dispatch) keep the physics true: the battery follows a command
for the time it covers and its own schedule otherwise, state of charge stays the integral of power
across the command and into the next day, and days a command does not touch stay as they were."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.physics import SLOT_HOURS, BatteryCommand, Slot
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import Plant, World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
PROPERTY = settings(max_examples=25, deadline=None)
DAY = date(2026, 6, 21)


def battery_plant(seed: int, index: int) -> Plant:
    plants = list(World(seed=seed, plants=3, layouts=LAYOUTS).fleet("alphaess_ras_v2").values())
    return plants[index % len(plants)]


def local_noon(plant: Plant, day: date, hour: int = 12) -> datetime:
    return plant.history(day)[hour * 12].start.astimezone(UTC)


def assert_integrates(plant: Plant, slots: list[Slot]) -> None:
    assert plant.battery is not None
    wh_per_pct = plant.battery.capacity_kwh * 10
    for before, after in itertools.pairwise(slots):
        assert before.soc_pct is not None
        assert after.soc_pct is not None
        assert 0 <= before.soc_pct <= 100
        assert after.soc_pct == pytest.approx(before.soc_pct - before.battery_w * SLOT_HOURS / wh_per_pct, abs=1e-5)
        assert before.grid_w == pytest.approx(before.load_w - before.pv_w - before.battery_w, abs=1e-6)


modes = st.sampled_from(["to_soc", "pv_charge", "follow_load"])


@PROPERTY
@given(st.integers(0, 10_000), st.integers(0, 6), modes, st.floats(-12_000, 12_000), st.floats(0, 100),
       st.integers(0, 287), st.integers(1, 6 * 3600))  # fmt: skip
def test_state_of_charge_integrates_power_through_any_command(
    seed: int, index: int, mode: str, power: float, soc: float, slot: int, seconds: int
) -> None:
    plant = battery_plant(seed, index)
    start = plant.history(DAY)[slot].start.astimezone(UTC) + timedelta(seconds=37)
    plant.command_battery(BatteryCommand(start, start + timedelta(seconds=seconds), mode, power, soc))  # type: ignore[arg-type]
    slots = [*plant.history(DAY), *plant.history(DAY + timedelta(days=1))]
    assert_integrates(plant, [*slots, plant.history(DAY + timedelta(days=2))[0]])


def test_a_charge_command_charges_for_its_time_then_the_schedule_resumes() -> None:
    plant = battery_plant(3, 0)
    assert plant.battery is not None
    before = plant.history(DAY)
    start = local_noon(plant, DAY, 3)  # night: the schedule would idle or discharge
    plant.command_battery(BatteryCommand(start, start + timedelta(minutes=30), "to_soc", -1000.0, 100.0))
    after = plant.history(DAY)
    n = 3 * 12
    for k in range(n, n + 6):
        assert after[k].battery_w == pytest.approx(-1000.0)
    assert after[:n] == before[:n]
    assert after[n + 6].soc_pct is not None
    assert before[n + 6].soc_pct is not None
    assert after[n + 6].soc_pct > before[n + 6].soc_pct
    assert_integrates(plant, list(after))


def test_a_ninety_second_command_weighs_its_share_of_the_slot() -> None:
    plant = battery_plant(5, 1)
    base = plant.history(DAY)
    start = local_noon(plant, DAY, 2)
    plant.command_battery(BatteryCommand(start, start + timedelta(seconds=90), "to_soc", 1000.0, 0.0))
    slot = plant.history(DAY)[2 * 12]
    assert slot.battery_w == pytest.approx(0.3 * 1000.0 + 0.7 * base[2 * 12].battery_w, abs=1e-6)


def test_to_soc_stops_at_its_target_and_pv_charge_never_draws_on_the_grid() -> None:
    plant = battery_plant(7, 2)
    start = local_noon(plant, DAY, 0)
    first_soc = plant.history(DAY)[0].soc_pct
    assert first_soc is not None
    target = max(first_soc - 3, 0.0)
    plant.command_battery(BatteryCommand(start, start + timedelta(hours=4), "to_soc", 9000.0, target))
    socs = [s.soc_pct for s in plant.history(DAY)[: 4 * 12 + 1]]
    assert min(s for s in socs if s is not None) == pytest.approx(target, abs=1e-5)
    noon = local_noon(plant, DAY, 11)
    plant.command_battery(BatteryCommand(noon, noon + timedelta(hours=2), "pv_charge", -9000.0, 100.0))
    for slot in plant.history(DAY)[11 * 12 : 13 * 12]:
        assert -slot.battery_w <= slot.pv_w + 1e-6
        assert slot.battery_w <= 1e-9


def test_follow_load_covers_the_deficit_within_its_power() -> None:
    plant = battery_plant(11, 0)
    start = local_noon(plant, DAY, 18)
    plant.command_battery(BatteryCommand(start, start + timedelta(hours=1), "follow_load", 300.0, 0.0))
    for slot in plant.history(DAY)[18 * 12 : 19 * 12]:
        assert abs(slot.battery_w) <= 300.0 + 1e-6


def test_only_the_days_a_command_touches_change_and_the_next_day_starts_where_it_ended() -> None:
    plant = battery_plant(13, 0)
    yesterday = plant.history(DAY - timedelta(days=1))
    late = local_noon(plant, DAY, 23) + timedelta(minutes=50)
    plant.command_battery(BatteryCommand(late, late + timedelta(hours=3), "to_soc", 5000.0, 0.0))
    assert plant.history(DAY - timedelta(days=1)) == yesterday
    today, tomorrow = plant.history(DAY), plant.history(DAY + timedelta(days=1))
    assert_integrates(plant, [*today, *tomorrow])
    assert plant.energy(DAY + timedelta(days=1)).discharge_units > 0


def test_a_new_command_supersedes_the_running_one_and_stop_ends_it() -> None:
    plant = battery_plant(17, 0)
    start = local_noon(plant, DAY, 1)
    plant.command_battery(BatteryCommand(start, start + timedelta(hours=1), "to_soc", -1000.0, 100.0))
    plant.command_battery(
        BatteryCommand(start + timedelta(minutes=10), start + timedelta(hours=1), "to_soc", 500.0, 0.0)
    )
    first, second = plant.battery_commands
    assert first.end == second.start
    plant.stop_battery_commands(start + timedelta(minutes=20))
    assert plant.battery_commands[-1].end == start + timedelta(minutes=20)
    plant.stop_battery_commands(start)
    assert plant.battery_commands == []
    assert plant.history(DAY) == battery_plant(17, 0).history(DAY)
