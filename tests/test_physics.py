"""The fleet obeys physics, for any seed, plant and date."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.physics import (
    KNOTS,
    KWH_PER_UNIT,
    SLOT_HOURS,
    SLOTS_PER_DAY,
    Battery,
    DayNoise,
    PlantModel,
    clear_sky_fraction,
    day_columns,
    day_load_shapes,
    load_shapes,
    noise_source,
    simulate_day,
    zone_day_starts,
)
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import Plant, World

seeds = st.integers(min_value=0, max_value=10_000)
apis = st.sampled_from(["growatt_v1", "alphaess_openapi"])
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
PROPERTY = settings(max_examples=25, deadline=None)
LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}


def a_plant(seed: int, api: str, index: int) -> Plant:
    plants = list(World(seed=seed, plants=3, layouts=LAYOUTS).fleet(api).values())
    return plants[index % len(plants)]


@PROPERTY
@given(seeds, apis, st.integers(0, 4), days)
def test_pv_is_zero_at_night_and_within_peak(seed: int, api: str, index: int, day: date) -> None:
    plant = a_plant(seed, api, index)
    for slot in simulate_day(plant.model, day):
        middle = (slot.start + timedelta(minutes=2.5)).astimezone(UTC)
        assert 0 <= slot.pv_w <= plant.peak_kw * 1000
        if clear_sky_fraction(plant.latitude, plant.longitude, middle) == 0:
            assert slot.pv_w == 0


@PROPERTY
@given(seeds, apis, st.integers(0, 4), days)
def test_grid_balances_pv_load_and_battery(seed: int, api: str, index: int, day: date) -> None:
    plant = a_plant(seed, api, index)
    for slot in simulate_day(plant.model, day):
        assert slot.grid_w == pytest.approx(slot.load_w - slot.pv_w - slot.battery_w, abs=1e-6)


@PROPERTY
@given(seeds, apis, st.integers(0, 4), days)
def test_state_of_charge_integrates_battery_power_within_bounds(seed: int, api: str, index: int, day: date) -> None:
    plant = a_plant(seed, api, index)
    if plant.battery is None:
        return
    wh_per_pct = plant.battery.capacity_kwh * 10
    today = simulate_day(plant.model, day)
    tomorrow = simulate_day(plant.model, day + timedelta(days=1))
    slots = [*today, tomorrow[0]]
    for before, after in itertools.pairwise(slots):
        assert before.soc_pct is not None
        assert after.soc_pct is not None
        assert 0 <= before.soc_pct <= 100
        expected = before.soc_pct - before.battery_w * SLOT_HOURS / wh_per_pct
        assert after.soc_pct == pytest.approx(expected, abs=1e-4), "continuous across midnight too"
        assert abs(before.battery_w) <= plant.battery.max_power_w + 1e-6


@PROPERTY
@given(seeds, apis, st.integers(0, 4), days)
def test_a_days_energy_is_the_integral_of_its_power(seed: int, api: str, index: int, day: date) -> None:
    plant = a_plant(seed, api, index)
    slots = simulate_day(plant.model, day)
    assert len(slots) in (SLOTS_PER_DAY - 12, SLOTS_PER_DAY, SLOTS_PER_DAY + 12), "23, 24 or 25 hours"
    energy = plant.energy(day)
    if day < plant.commissioned:
        assert energy.pv == 0
        return
    assert energy.pv == pytest.approx(sum(s.pv_w for s in slots) * SLOT_HOURS / 1000)
    # Each of the four energies rounds every slot to half a unit at most.
    rounding = 4 * 0.5 * KWH_PER_UNIT * len(slots)
    assert energy.grid_import - energy.grid_export == pytest.approx(
        energy.load - energy.pv - energy.discharge + energy.charge, abs=rounding
    )


@PROPERTY
@given(
    seeds,
    apis,
    st.integers(0, 4),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
)
@pytest.mark.slow
def test_energy_counters_never_decrease(seed: int, api: str, index: int, moment: datetime) -> None:
    plant = a_plant(seed, api, index)
    instant = moment.replace(tzinfo=UTC)
    readings = [plant.lifetime_pv_kwh(instant + timedelta(minutes=37 * n)) for n in range(0, 80)]
    assert readings == sorted(readings)
    todays = [plant.energy(plant.local_date(instant), instant + timedelta(minutes=5 * n)).pv for n in range(12)]
    assert todays == sorted(todays) or plant.local_date(instant + timedelta(minutes=55)) != plant.local_date(instant)


@PROPERTY
@given(
    seeds,
    apis,
    st.integers(0, 4),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
)
def test_latest_point_is_the_newest_history_point_and_today_sums_history(
    seed: int, api: str, index: int, moment: datetime
) -> None:
    plant = a_plant(seed, api, index)
    instant = moment.replace(tzinfo=UTC)
    today = plant.local_date(instant)
    history = plant.history(today, instant)
    assert plant.now_slot(instant) == history[-1]
    assert history[-1].start <= instant < history[-1].start + timedelta(minutes=5)
    assert plant.energy(today, instant).pv == pytest.approx(sum(s.pv_w for s in history) * SLOT_HOURS / 1000)


@given(seeds)
@settings(max_examples=10, deadline=None)
def test_world_is_deterministic_from_its_seed(seed: int) -> None:
    first, second = World(seed=seed, plants=4, layouts=LAYOUTS), World(seed=seed, plants=4, layouts=LAYOUTS)
    for api in ("growatt_v1", "alphaess_openapi"):
        a, b = first.fleet(api), second.fleet(api)
        assert [(p.plant_id, p.name, p.latitude, p.peak_kw) for p in a.values()] == [
            (p.plant_id, p.name, p.latitude, p.peak_kw) for p in b.values()
        ]
        assert [d.sn for p in a.values() for d in p.devices] == [d.sn for p in b.values() for d in p.devices]


def test_summer_noon_beats_winter_noon_in_berlin() -> None:
    summer = clear_sky_fraction(52.5, 13.4, datetime(2026, 6, 21, 11, 0, tzinfo=UTC))
    winter = clear_sky_fraction(52.5, 13.4, datetime(2026, 12, 21, 11, 0, tzinfo=UTC))
    assert summer > 2 * winter > 0
    assert clear_sky_fraction(52.5, 13.4, datetime(2026, 6, 21, 23, 0, tzinfo=UTC)) == 0


def test_nothing_is_reported_before_commissioning() -> None:
    plant = next(iter(World(seed=5, plants=1, layouts=LAYOUTS).fleet("growatt_v1").values()))
    before = datetime.combine(plant.commissioned - timedelta(days=1), datetime.min.time(), UTC)
    assert plant.history(before.date()) == ()
    assert plant.energy(before.date()).pv == 0
    assert plant.now_slot(before).pv_w == 0
    assert plant.now_slot(before).soc_pct is None


def test_reset_restores_the_seeded_fleet() -> None:
    world = World(seed=3, plants=2, layouts=LAYOUTS)
    fleet = world.fleet("growatt_v1")
    first = next(iter(fleet))
    del fleet[first]
    world.reset()
    assert first in world.fleet("growatt_v1")


@pytest.mark.parametrize(
    ("day", "slots"), [(date(2026, 3, 29), 276), (date(2026, 10, 25), 300), (date(2026, 6, 21), 288)]
)
def test_daylight_saving_days_have_their_real_length(day: date, slots: int) -> None:
    berlin = World(seed=1, plants=2, layouts=LAYOUTS).fleet("growatt_v1").values()
    plant = next(p for p in berlin if p.timezone == "Europe/Berlin")
    history = simulate_day(plant.model, day)
    assert len(history) == slots
    starts = [s.start.astimezone(UTC) for s in history]
    assert all(b - a == timedelta(minutes=5) for a, b in itertools.pairwise(starts))


def test_a_clock_years_ahead_costs_only_its_own_year() -> None:
    """Far past the years of exact accounting, a lifetime counter sums only the days of its own year
    (a month at a time), not every day since the reference date."""
    plant = next(iter(World(seed=2, plants=1, layouts=LAYOUTS).fleet("growatt_v1").values()))
    later = datetime(2031, 6, 21, 12, tzinfo=UTC)
    first = plant.lifetime_pv_kwh(later)
    assert {year for year, _ in plant.pv_calendar.months} == {2031}
    assert len(plant.pv_calendar.months) <= 6
    assert plant.lifetime_pv_kwh(later + timedelta(minutes=5)) >= first
    assert plant.lifetime_pv_kwh(datetime(2025, 6, 21, 12, tzinfo=UTC)) < first


@pytest.mark.parametrize("battery", [None, Battery(10.0, 5000.0, 10.0)], ids=["pv", "battery"])
def test_a_day_of_26_hours_is_simulated_slot_by_slot(battery: Battery | None) -> None:
    """Antarctica/Troll turns its clock back two hours: a day of 312 slots, each with its load noise (the
    noise of 25 hours ran out and failed the day), and a shorter day's noise as it was, draw for draw."""
    model = PlantModel.physical("troll", -72.0, 2.5, "Antarctica/Troll", 5.0, 300.0, battery)
    long_day = date(2026, 10, 25)
    slots = simulate_day(model, long_day)
    assert len(slots) == SLOTS_PER_DAY + 24
    columns = day_columns(model, long_day)
    assert columns.load_w == [slot.load_w for slot in slots]
    assert len({slot.start.astimezone(UTC) for slot in slots}) == len(slots)  # the repeated hours too
    rng = noise_source("troll", long_day)
    rng.random()  # the overcast, then the knots
    knots = tuple(rng.random() for _ in range(KNOTS))
    noise = DayNoise.of("troll", long_day)
    assert noise.clouds.knots == knots
    assert noise.load[: SLOTS_PER_DAY + 12] == tuple(rng.random() for _ in range(SLOTS_PER_DAY + 12))


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "America/Havana", "Antarctica/Troll", "UTC"]
)
def test_a_zone_days_load_shapes_are_its_starts_shapes(zone: str) -> None:
    """``day_load_shapes`` without the starts where the day is 288 slots of the wall clock: the count and
    shapes ``load_shapes`` finds in the day's local starts, on every day of two years (clocks changed at
    midnight, by half an hour and by two hours)."""
    for day in (date(2025, 1, 1) + timedelta(days=n) for n in range(0, 730)):
        starts = zone_day_starts(zone, day)[1]
        count, shapes = day_load_shapes(zone, day)
        assert (count, list(shapes)) == (len(starts), list(load_shapes(starts))), day
