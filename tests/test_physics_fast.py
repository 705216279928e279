"""The fast paths of the physics answer exactly what the plain computations answer.

Each test recomputes a figure the slow, obvious way (a datetime per slot, energies re-added slot by
slot, lifetime counters summed day by day) and compares it with the running sums and month ledgers
the simulator serves from."""

from __future__ import annotations

import math
import random
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.physics import (
    SLOT_MINUTES,
    Clouds,
    DayEnergy,
    DayNoise,
    PlantModel,
    Slot,
    SunDay,
    day_clouds,
    day_frame,
    day_noise,
    new_slot,
    noise_source,
    pv_series,
    rounded,
    rounded_runs,
    simulate_day,
    slot_minutes,
    slot_starts,
    sunlit_spans,
    units,
    zone_day_starts,
)
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import Plant, World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
APIS = sorted(LAYOUTS)
PROPERTY = settings(max_examples=20, deadline=None)
seeds = st.integers(min_value=0, max_value=10_000)


def a_plant(seed: int, api: str, index: int, reference: date = date(2026, 1, 1)) -> Plant:
    plants = list(World(seed=seed, plants=3, reference=reference, layouts=LAYOUTS).fleet(api).values())
    return plants[index % len(plants)]


def slow_pv_series(plant: PlantModel, day: date) -> tuple[float, ...]:
    """PV of every slot with a datetime per slot, as the physics first computed it."""
    noise = DayNoise.of(plant.key, day)
    peak = plant.peak_kw * 1000 * 0.85
    series = []
    for n, start in enumerate(slot_starts(plant, day)):
        middle = start + timedelta(minutes=SLOT_MINUTES / 2)
        sun = SunDay.of(plant.latitude, plant.longitude, middle.date())
        series.append(round(peak * sun.fraction(middle) * noise.cloud_factor(n), 1))
    return tuple(series)


def slow_energy(slots: tuple[Slot, ...]) -> tuple[int, ...]:
    """The seven energies of ``slots``, each re-added slot by slot."""
    return (
        sum(units(s.pv_w) for s in slots),
        sum(units(s.load_w) for s in slots),
        sum(units(s.charge_w) for s in slots),
        sum(units(s.discharge_w) for s in slots),
        sum(units(s.import_w) for s in slots),
        sum(units(s.export_w) for s in slots),
        sum(units(min(s.charge_w, s.import_w)) for s in slots),
    )


def slow_day_pv(plant: Plant, day: date) -> int:
    return sum(units(s.pv_w) for s in plant.history(day))


def slow_lifetime(plant: Plant, instant: datetime) -> float:
    """The lifetime counter summed day by day from the reference date, as it first was."""
    today = plant.local_date(instant)
    total = 0
    day = plant.reference
    while day < today:
        total += slow_day_pv(plant, day)
        day += timedelta(days=1)
    while day > today:
        day -= timedelta(days=1)
        total -= slow_day_pv(plant, day)
    total += sum(units(s.pv_w) for s in plant.history(today, instant))
    return max(plant.prehistory_kwh + total * (SLOT_MINUTES / 60 / 10 / 1000), 0.0)


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2199, 12, 31))


@PROPERTY
@given(seeds, st.sampled_from(APIS), st.integers(0, 4), days)
def test_pv_series_is_the_sun_of_every_slots_middle(seed: int, api: str, index: int, day: date) -> None:
    plant = a_plant(seed, api, index)
    assert tuple(pv_series(plant.model, day)) == slow_pv_series(plant.model, day)


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25), date(2031, 3, 30)])
def test_pv_series_is_unchanged_on_daylight_saving_days(day: date) -> None:
    fleet = World(seed=1, plants=2, layouts=LAYOUTS).fleet("growatt_v1").values()
    plant = next(p for p in fleet if p.timezone == "Europe/Berlin")
    assert tuple(pv_series(plant.model, day)) == slow_pv_series(plant.model, day)


@PROPERTY
@given(seeds, st.sampled_from(APIS), st.integers(0, 4), days, st.integers(0, 300))
def test_energy_so_far_is_the_sum_of_the_slots_so_far(seed: int, api: str, index: int, day: date, count: int) -> None:
    plant = a_plant(seed, api, index)
    slots = simulate_day(plant.model, day)
    ledger = plant.ledger(day)
    if day < plant.commissioned:
        assert ledger.total == DayEnergy()
        return
    assert ledger.upto(count).as_tuple() == slow_energy(slots[:count])
    assert ledger.total.as_tuple() == slow_energy(slots)


@PROPERTY
@given(seeds, st.sampled_from(APIS), st.integers(0, 4), st.datetimes(datetime(2026, 1, 1), datetime(2199, 12, 31)))
def test_todays_energy_at_any_instant_is_its_history_summed(seed: int, api: str, index: int, moment: datetime) -> None:
    plant = a_plant(seed, api, index)
    instant = moment.replace(tzinfo=UTC)
    today = plant.local_date(instant)
    assert plant.energy(today, instant).as_tuple() == slow_energy(plant.history(today, instant))
    assert plant.slot_count(today, instant) == len(plant.history(today, instant))


@PROPERTY
@given(seeds, st.sampled_from(APIS), st.integers(0, 4), st.integers(-40, 40), st.integers(0, 23))
def test_lifetime_in_the_exact_years_is_every_day_summed(
    seed: int, api: str, index: int, offset: int, hour: int
) -> None:
    """Near the reference the counter is exactly what summing every day gives (a reference date close
    to the instant keeps the slow sum short)."""
    reference = date(2026, 5, 20)
    plant = a_plant(seed, api, index, reference)
    instant = datetime.combine(reference + timedelta(days=offset), datetime.min.time(), UTC) + timedelta(hours=hour)
    assert plant.lifetime_pv_kwh(instant) == pytest.approx(slow_lifetime(plant, instant), abs=1e-9)


def test_a_period_of_whole_days_is_every_day_summed() -> None:
    plant = a_plant(4, "growatt_v1", 0)
    instant = datetime(2026, 8, 17, 15, tzinfo=UTC)
    start, end = date(2026, 6, 27), date(2026, 8, 20)
    slow = sum(slow_day_pv(plant, start + timedelta(days=n)) for n in range((date(2026, 8, 17) - start).days))
    slow += sum(units(s.pv_w) for s in plant.history(date(2026, 8, 17), instant))
    assert plant.pv_kwh_between(start, end, instant) == pytest.approx(slow * (SLOT_MINUTES / 600_000), abs=1e-9)


@pytest.mark.parametrize("api", APIS)
def test_far_ahead_the_counter_rises_by_exactly_each_days_energy(api: str) -> None:
    plant = a_plant(7, api, 1)
    first = datetime(2199, 6, 20, 12, tzinfo=UTC)
    later = first + timedelta(days=5, hours=3)
    made = sum(slow_day_pv(plant, plant.local_date(first) + timedelta(days=n)) for n in range(5))
    made -= sum(units(s.pv_w) for s in plant.history(plant.local_date(first), first))
    made += sum(units(s.pv_w) for s in plant.history(plant.local_date(later), later))
    rise = plant.lifetime_pv_kwh(later) - plant.lifetime_pv_kwh(first)
    assert rise == pytest.approx(made * (SLOT_MINUTES / 600_000), abs=1e-6)


@pytest.mark.parametrize("api", APIS)
def test_the_counter_never_decreases_across_the_years(api: str) -> None:
    plant = a_plant(11, api, 2)
    moments = [datetime(2025, 12, 31, 23, 50, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)]
    for year in (2026 + EXACT_YEARS - 1, 2026 + EXACT_YEARS, 2099, 2198):
        moments += [datetime(year, 12, 31, 23, tzinfo=UTC) + timedelta(minutes=m) for m in range(0, 180, 20)]
    moments.append(datetime(2199, 12, 31, 23, 55, tzinfo=UTC))
    readings = [plant.lifetime_pv_kwh(moment) for moment in moments]
    assert readings == sorted(readings)
    assert all(math.isfinite(r) for r in readings)


def test_a_far_years_base_is_close_to_what_the_physics_makes() -> None:
    """The closed-form base of a year lies above the year's exact energy, yet not far above it."""
    plant = a_plant(3, "growatt_v1", 0)
    year = 2150
    exact = plant.pv_calendar.between(date(year, 1, 1), date(year + 1, 1, 1))
    base_step = plant.counter(date(year + 1, 1, 1)).before - plant.counter(date(year, 1, 1)).before
    assert exact < base_step < 1.25 * exact


def test_a_clock_started_far_ahead_answers_a_century_back_from_its_own_year() -> None:
    """A world whose reference date is in 2199 counts 2100 from closed-form bases: the counter still
    rises by exactly each day's energy within that year and never decreases across the years between."""
    plant = a_plant(5, "growatt_v1", 1, reference=date(2199, 6, 20))
    first, later = datetime(2100, 3, 1, 12, tzinfo=UTC), datetime(2100, 3, 4, 12, tzinfo=UTC)
    made = sum(slow_day_pv(plant, plant.local_date(first) + timedelta(days=n)) for n in range(3))
    made -= sum(units(s.pv_w) for s in plant.history(plant.local_date(first), first))
    made += sum(units(s.pv_w) for s in plant.history(plant.local_date(later), later))
    rise = plant.lifetime_pv_kwh(later) - plant.lifetime_pv_kwh(first)
    assert rise == pytest.approx(made * (SLOT_MINUTES / 600_000), abs=1e-6)
    years = [datetime(year, 12, 31, 23, 50, tzinfo=UTC) for year in (2098, 2099, 2150, 2198)]
    readings = [plant.lifetime_pv_kwh(m + timedelta(minutes=20 * n)) for m in years for n in range(3)]
    readings.append(plant.lifetime_pv_kwh(datetime(2199, 6, 21, 12, tzinfo=UTC)))
    assert readings == sorted(readings)


def test_a_slot_made_for_a_days_loop_is_the_slot_the_dataclass_makes() -> None:
    start = datetime(2026, 6, 21, 10, 5, tzinfo=UTC)
    for soc in (55.5, None):
        made, built = new_slot(start, 1.5, 2.0, -0.5, 1.0, soc), Slot(start, 1.5, 2.0, -0.5, 1.0, soc)
        assert (made, hash(made), repr(made)) == (built, hash(built), repr(built))
        with pytest.raises(FrozenInstanceError):
            made.pv_w = 3.0  # type: ignore[misc]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
def test_a_zone_days_local_starts_are_its_instants_converted(zone: str) -> None:
    """Local starts are stepped on the wall clock on days without an offset change: the same datetimes
    (and folds) as converting each instant, on and around every change of the year."""
    tz = ZoneInfo(zone)
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(365)):
        around = {day_frame(zone, day - timedelta(days=1))[1], day_frame(zone, day + timedelta(days=1))[1]}
        if day.day != 1 and around == {day_frame(zone, day)[1]} == {288}:
            continue  # an ordinary day amid ordinary days: the first of each month stands for them
        utc, local = zone_day_starts(zone, day)
        converted = tuple(instant.astimezone(tz) for instant in utc)
        assert local == converted
        assert [t.fold for t in local] == [t.fold for t in converted]
        assert [t.isoformat() for t in local] == [t.isoformat() for t in converted]


# Local midnights a whole quarter hour past UTC's (every slot's middle 150 s past a multiple of a slot) and
# not (local mean time before standard zones: Amsterdam +00:19:32 in 1900, Kolkata +05:53:20 in 1880).
ODD_OFFSET_DAYS = [("Europe/Amsterdam", date(1900, 6, 21)), ("Asia/Kolkata", date(1880, 1, 2)),
                   ("Australia/Adelaide", date(2026, 4, 5)), ("Asia/Kathmandu", date(2026, 12, 21))]  # fmt: skip


@pytest.mark.parametrize(("timezone", "day"), ODD_OFFSET_DAYS)
def test_pv_series_is_bit_for_bit_the_slow_sun_in_any_zone(timezone: str, day: date) -> None:
    for latitude in (-60.0, -10.0, 0.0, 35.0, 70.0):
        model = PlantModel.physical(f"odd|{timezone}|{latitude}", latitude, 80.0, timezone, 7.0, 400.0, None)
        assert [pv.hex() for pv in pv_series(model, day)] == [pv.hex() for pv in slow_pv_series(model, day)]


@PROPERTY
@given(seeds, st.sampled_from(APIS), st.integers(0, 4), days)
def test_pv_series_powers_are_final(seed: int, api: str, index: int, day: date) -> None:
    """Each power is at least +0.0 and rounded to 0.1 W already, so a caller that would write
    ``round(max(0.0, pv), 1)`` (Growatt plant/power with nothing held back) writes ``pv`` itself."""
    plant = a_plant(seed, api, index)
    for pv in pv_series(plant.model, day):
        assert round(max(0.0, pv), 1).hex() == pv.hex()


@settings(max_examples=500, deadline=None)
@given(st.floats(0.0, 1e10))
def test_rounding_to_a_tenth_twice_is_rounding_once(watts: float) -> None:
    once = round(watts, 1)
    assert round(once, 1).hex() == once.hex()


@pytest.mark.parametrize("latitude", [-90.0, -89.99, -78.0, -66.6, 0.0, 66.5, 71.0, 89.95, 90.0])
def test_pv_series_skips_only_slots_the_sun_is_down_in(latitude: float) -> None:
    """The slots ``sunlit_spans`` leaves out are night in the slow sun too: polar days and nights, the
    days the sun just grazes the horizon, and the poles (where the whole day is computed)."""
    model = PlantModel.physical(f"polar|{latitude}", latitude, 15.0, "Europe/Oslo", 5.0, 300.0, None)
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 5)):
        assert [pv.hex() for pv in pv_series(model, day)] == [pv.hex() for pv in slow_pv_series(model, day)]


def test_sunlit_spans_cover_every_slot_with_the_sun_above_the_threshold() -> None:
    run = slot_minutes(150)
    for sin_part, cos_part, offset in [(0.3, 0.6, 40.0), (-0.5, 0.55, -700.0), (0.005, 0.002, 0.0), (0.2, 0.0, 3.0)]:
        spans = sunlit_spans(sin_part, cos_part, offset, run)
        inside = {n for low, high in spans for n in range(low, high)}
        for n, minutes in enumerate(run):
            if sin_part + cos_part * math.cos(math.radians((minutes + offset) / 4 - 180)) > 0.01:
                assert n in inside
    assert sunlit_spans(-0.9, 0.1, 0.0, run) == []
    assert sunlit_spans(0.9, 0.1, 0.0, run) == [(0, len(run))]


def test_rounded_is_round_bit_for_bit() -> None:
    """Drawn values of every size and sign, halves and the doubles either side of them, signed zeros and
    what is not finite: ``rounded`` gives ``round``'s very doubles."""
    rng = random.Random(3)
    drawn = [rng.choice((1, -1)) * rng.random() * 10 ** rng.uniform(-10, 16) for _ in range(20_000)]
    halves = [(k + 0.5) / 10**places for k in range(-3_000, 3_000) for places in (1, 2, 6)]
    beside = [math.nextafter(value, direction) for value in halves for direction in (math.inf, -math.inf)]
    edges = [0.0, -0.0, 5e-324, -5e-324, 0.05, -0.05, 2.675, math.nan, math.inf, -math.inf, 1.7e308, 2.0**40 / 10]
    values = drawn + halves + beside + edges
    for places in (0, 1, 2, 6):
        assert [x.hex() for x in rounded(values, places)] == [round(x, places).hex() for x in values]


def test_rounded_runs_is_rounded_bit_for_bit_where_values_repeat() -> None:
    """Runs of equal values (a state of charge standing still), zeros of both signs one after the other,
    NaNs, infinities, halves and values either side of them, repeated: ``rounded_runs`` gives ``rounded``'s
    very doubles."""
    rng = random.Random(4)
    halves = [(k + 0.5) / 10 for k in range(-200, 200)]
    pool = [0.0, -0.0, math.nan, math.inf, -math.inf, 2.0**40 / 10, 55.55, 12.34567, *halves]
    pool += [math.nextafter(value, direction) for value in halves for direction in (math.inf, -math.inf)]
    values = [value for _ in range(3_000) for value in [rng.choice(pool)] * rng.choice((1, 1, 2, 5))]
    values += [0.0, -0.0, -0.0, 0.0, math.nan, math.nan, 7.25, 7.25, -0.0]
    for places in (0, 1, 6):
        assert [x.hex() for x in rounded_runs(values, places)] == [x.hex() for x in rounded(values, places)]
    assert rounded_runs([], 1) == []


def test_a_days_clouds_are_its_seeds_whether_its_noise_was_drawn_last_or_not() -> None:
    """``pv_series`` takes the clouds of the noise drawn last where that is its plant-day's (``day_noise``),
    else draws them: the same clouds and the same PV either way."""
    plant = PlantModel.physical("clouds-check", 48.1, 11.6, "Europe/Berlin", 6.0, 400.0, None)
    day, other = date(2026, 6, 21), date(2026, 6, 22)
    drawn = Clouds.draw(noise_source(plant.key, day))
    assert day_noise(plant.key, day) == DayNoise.of(plant.key, day)
    assert day_clouds(plant.key, day) == drawn, "the last noise's"
    with_noise = pv_series.function(plant, day)
    day_noise(plant.key, other)
    assert day_clouds(plant.key, day) == drawn, "drawn anew"
    day_noise("another plant", day)
    assert day_clouds(plant.key, day) == drawn, "drawn anew"
    assert pv_series.function(plant, day) == with_noise
