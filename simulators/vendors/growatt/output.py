"""A Growatt plant's own figures are the sum of its inverters: an inverter curtailed or switched off
through inverterSet lowers the plant's power and energy from the instant the setting was made.

The plant's PV is what its panels could make; what its inverters delivered is that less what their
settings held back. Only inverters that were ever curtailed cost anything, and only from the day of
their first such setting, a whole past day once (cached until the inverter's settings change)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from solarfakes.simulators.counters import EXACT_YEARS, MARGIN, year_estimates
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    PlantModel,
    Slot,
    pv_series,
    slot_index,
    slot_starts,
    units,
)
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.readings import output_limit
from solarfakes.simulators.world import Device, Plant

# The settings that limit an inverter's output (readings.output_limit).
LIMITING_SETTINGS = ("pv_on_off", "pv_active_p_rate")
HELD_BACK_KEPT = 16384  # month sums kept in backend.held_back_months before it starts over
SAMPLE_STEP_DAYS = 8  # a far year's held-back share is sampled from every 8th day of one year
# A far year's estimate errs low: at New Year the PV counter steps up to its next base, about a tenth
# above a year's physics (counters.MARGIN), so a held-back estimate a little under the year's real
# figure keeps the delivered counter from stepping down.
SHORTFALL = 0.9


def first_limit(backend: GrowattBackend, device: Device) -> float | None:
    """Epoch seconds of the first setting that may have limited ``device``, if any."""
    writes = backend.settings.get(device.sn, {})
    made = [w.made for name in LIMITING_SETTINGS for w in writes.get(name, [])]
    return min(made) if made else None


def limited_inverters(backend: GrowattBackend, plant: Plant) -> list[tuple[Device, float]]:
    found = []
    for device in plant.devices_of("inverter"):
        first = first_limit(backend, device)
        if first is not None:
            found.append((device, first))
    return found


def held_back_w(backend: GrowattBackend, device: Device, pv_w: float, moment: datetime) -> float:
    """What ``device``'s settings held back of its share of ``pv_w`` at ``moment``."""
    share = pv_w * device.pv_share
    return max(0.0, share - output_limit(backend, device, moment))


def plant_output_w(
    backend: GrowattBackend, plant: Plant, slot: Slot, limited: list[tuple[Device, float]] | None = None
) -> float:
    """The plant's AC power in ``slot``: its PV less what its inverters held back (``limited``: the plant's
    ``limited_inverters``, when a caller asking for many slots has them)."""
    if limited is None:
        limited = limited_inverters(backend, plant)
    held = sum(held_back_w(backend, device, slot.pv_w, slot.start) for device, _ in limited)
    return max(0.0, slot.pv_w - held)


def held_back_units(backend: GrowattBackend, plant: Plant, day: date, until: datetime) -> int:
    """Energy the inverters held back on the plant-local ``day`` up to ``until``, in exact units."""
    limited = limited_inverters(backend, plant)
    if not limited or day < plant.commissioned:
        return 0
    today, index = slot_index(plant.model, until)
    if day > today:
        return 0
    total = 0
    for device, first in limited:
        if day >= first_day(plant, first):
            total += device_day_units(backend, plant, device, day, None if day < today else index + 1)
    return total


def first_day(plant: Plant, first: float) -> date:
    return datetime.fromtimestamp(first, ZoneInfo(plant.timezone)).date()


def device_day_units(backend: GrowattBackend, plant: Plant, device: Device, day: date, count: int | None) -> int:
    """What ``device``'s settings held back in the first ``count`` slots of ``day`` (None: all of it)."""
    starts = slot_starts(plant.model, day)
    series = pv_series(plant.model, day)
    end = len(starts) if count is None else count
    return sum(units(held_back_w(backend, device, series[n], starts[n])) for n in range(end))


def device_month_units(backend: GrowattBackend, plant: Plant, device: Device, floor: date, last: date) -> int:
    """The whole days of ``last``'s month from ``floor`` on, through ``last``: kept under ``last``, so a
    past month is one entry and the current month's grows a day at a time. The cache is bounded and
    forgets a device's entries when its settings change (backend.write_setting)."""
    found = backend.held_back_months.get((device.sn, last))
    if found is None:
        first = max(last.replace(day=1), floor)
        day, found = first, 0
        if last > first and (device.sn, last - timedelta(days=1)) in backend.held_back_months:
            day, found = last, backend.held_back_months[(device.sn, last - timedelta(days=1))]
        while day <= last:
            found += device_day_units(backend, plant, device, day, None)
            day += timedelta(days=1)
        if len(backend.held_back_months) >= HELD_BACK_KEPT:
            backend.held_back_months.clear()
        backend.held_back_months[(device.sn, last)] = found
    return found


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def device_units_between(
    backend: GrowattBackend, plant: Plant, device: Device, floor: date, start: date, end: date
) -> int:
    """Exact units of the whole days from ``start`` up to, not including, ``end``, none before ``floor``:
    a month at a time from each month's first counted day."""
    day = max(start, floor)
    total = 0
    while day < end:
        following = min(next_month(day), end)
        if day == max(day.replace(day=1), floor):
            total += device_month_units(backend, plant, device, floor, following - timedelta(days=1))
        else:
            total += sum(device_day_units(backend, plant, device, day + timedelta(days=n), None)
                         for n in range((following - day).days))  # fmt: skip
        day = following
    return total


def held_back_kwh(backend: GrowattBackend, plant: Plant, start: date, end: date, now: datetime) -> float:
    """Energy held back from ``start`` up to, not including, ``end``; nothing after ``now``."""
    today = plant.local_date(now)
    total = 0
    for device, first in limited_inverters(backend, plant):
        floor = max(first_day(plant, first), plant.commissioned)
        total += device_units_between(backend, plant, device, floor, start, min(end, today))
    if start <= today < end:
        total += held_back_units(backend, plant, today, now)
    return total * KWH_PER_UNIT


def far_limit_w(backend: GrowattBackend, plant: Plant, device: Device) -> tuple[float, int]:
    """The limit in force once every setting was made, and a year from which on it holds (past the
    exact years, so the sample is a year the counter estimates)."""
    made = max(w.made for writes in backend.settings.get(device.sn, {}).values() for w in writes)
    year = max(datetime.fromtimestamp(made, ZoneInfo(plant.timezone)).year + 1, plant.reference.year + EXACT_YEARS)
    return output_limit(backend, device, datetime(year, 1, 1, tzinfo=ZoneInfo(plant.timezone))), year


@lru_cache(maxsize=4096)
def held_fraction(model: PlantModel, share: float, limit_w: float, year: int) -> float:
    """The share of the plant's PV an inverter of ``share`` held back under a constant ``limit_w``, from
    every ``SAMPLE_STEP_DAYS``-th day of ``year`` (as counters samples the clear sky)."""
    held = made = 0
    for yday in range(0, 365, SAMPLE_STEP_DAYS):
        series = pv_series(model, date(year, 1, 1) + timedelta(days=yday))
        held += sum(units(max(0.0, watts * share - limit_w)) for watts in series)
        made += sum(units(watts) for watts in series)
    return held / made if made else 0.0


def estimated_year_units(backend: GrowattBackend, plant: Plant, device: Device, year: int) -> int:
    """A year outside exact accounting: the sampled fraction of the plant's expected PV (its year base
    less the base's margin), erring low by ``SHORTFALL``."""
    limit_w, sample_year = far_limit_w(backend, plant, device)
    expected = year_estimates(plant.model)[calendar.isleap(year)] / MARGIN
    return round(SHORTFALL * held_fraction(plant.model, device.pv_share, limit_w, sample_year) * expected)


def held_back_lifetime_units(backend: GrowattBackend, plant: Plant, now: datetime) -> int:
    """Everything held back since each inverter's first limit. Exact in the world's exact years, the
    year of the first limit and the current year; every other whole year is estimated in closed form,
    as the PV lifetime's bases are (counters), so a clock in 2199 costs a year of days, not 170."""
    today = plant.local_date(now)
    exact_years = range(plant.reference.year, plant.reference.year + EXACT_YEARS)
    total = 0
    for device, first in limited_inverters(backend, plant):
        floor = max(first_day(plant, first), plant.commissioned)
        for year in range(floor.year, today.year + 1):
            if year in exact_years or year in (floor.year, today.year):
                total += device_units_between(
                    backend, plant, device, floor, date(year, 1, 1), min(today, date(year + 1, 1, 1))
                )
            else:
                total += estimated_year_units(backend, plant, device, year)
    return total + held_back_units(backend, plant, today, now)


def live_power_w(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    """The plant's power now; an offline plant reports none (its collector has stopped sending)."""
    return plant_output_w(backend, plant, plant.now_slot(now)) if plant.online else 0.0


def plant_kwh_between(backend: GrowattBackend, plant: Plant, start: date, end: date, now: datetime) -> float:
    """What the plant's inverters delivered from ``start`` up to, not including, ``end``."""
    return max(0.0, plant.pv_kwh_between(start, end, now) - held_back_kwh(backend, plant, start, end, now))


def plant_today_kwh(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    today = plant.local_date(now)
    return max(0.0, plant.energy(today, now).pv - held_back_units(backend, plant, today, now) * KWH_PER_UNIT)


def plant_lifetime_kwh(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    """The plant's lifetime counter less everything its inverters held back since their first limit,
    counted in whole units so it never steps down by a rounding."""
    today = plant.local_date(now)
    counter = plant.counter(today)
    made = min(counter.before + plant.pv_units(today, now), counter.ceiling)
    return max(0.0, counter.prehistory_kwh + (made - held_back_lifetime_units(backend, plant, now)) * KWH_PER_UNIT)
