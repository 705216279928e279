"""Energy over long spans at little cost: exact PV per calendar month, and closed-form lifetime bases.

A lifetime counter is the integral of every day's power. Integrating day by day costs about a
millisecond per day, so a clock set to 2199 (63,000 days past the reference) took minutes. Two things
keep any date cheap:

- ``PvCalendar`` sums each calendar month's exact PV once, as running sums in a compact array, so a
  span of days costs one step per month and a day inside a month one subtraction.
- Counting is exact for ``EXACT_YEARS`` calendar years from the start of the world's reference
  date's year (the reference is the day before the clock's start, so these are the years a clock
  lives in unless it is set far away). Every other year starts from a closed-form base, counted on
  from the exact years' ends: the clear-sky energy of the years between, times the mean cloud factor
  and a margin. Within a year the counter rises by exactly each slot's energy, as it does everywhere;
  at New Year it steps up to the next base. The margin puts a base above anything the physics makes
  in a year, and a counter that would still pass it waits there, so it never decreases.
"""

from __future__ import annotations

import calendar
import itertools
import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from solarfakes.simulators.caches import ByteBudget, array_bytes
from solarfakes.simulators.physics import KWH_PER_UNIT, PlantModel, SunDay, day_pv_units, declination_of

EXACT_YEARS = 2  # calendar years of exact accounting from the reference date's year
# The expected cloud factor 1 - overcast (0.4 + 0.6 v) of physics.Clouds: overcast = 0.85 r² with r
# uniform (mean 0.85 / 3) and v a blend of uniform knots (mean 1/2).
MEAN_CLOUD = 1 - 0.85 / 3 * 0.7
# A year's physics is the sum of 365 independent days, so it strays from its mean by about 1 %; the
# clear-sky table below is sampled coarsely (a few % at most). 10 % covers both many times over.
MARGIN = 1.10
DERATE = 0.85  # as physics.pv_series derates the panels' peak
TABLE_STEP_DAYS = 8  # the clear-sky table is computed every 8th day of the year and interpolated
# A span of this many days or fewer within a month is summed day by day rather than from the month's
# running sums: a plant read for the first time counts from the reference date to today, or a week's
# history from each day to the reference, and summing the month from its first day simulated PV for up
# to 30 days (7-9 ms) where a few were asked for. Units are integers, so either sum is the same; a day's
# units are kept (physics.day_pv_units), so a span counted on every call costs lookups.
FEW_DAYS = 8


# A month's day-by-day running sums, shared by every plant in a byte budget: a plant keeps only its
# whole months' totals (about 60 bytes a month where the sums took 400), and a month begun or asked for
# from a day within is summed again (a month of PV series) once its sums were let go.
MONTH_DAYS: ByteBudget[array[int]] = ByteBudget(2 << 20, lambda sums: array_bytes(sums) + 120)


@cache
def month_key(year: int, month: int) -> tuple[int, int]:
    """One tuple per month for every plant's totals to be keyed by."""
    return (year, month)


class PvCalendar:
    """A plant's exact PV units per day, summed per calendar month on first use.

    Slotted, and asking ``day_pv_units`` of the model itself: a dict and a closure (with its cell) each
    cost about 400 bytes more per plant read, 20 MB for 50,000 plants."""

    __slots__ = ("first_day", "model", "months")

    def __init__(self, model: PlantModel, first_day: date) -> None:
        self.model = model  # what the days' units depend on, with ``first_day``
        self.first_day = first_day  # nothing is made before it
        self.months: dict[tuple[int, int], int] = {}  # whole months' units

    def day_units(self, day: date) -> int:
        return day_pv_units(self.model, day)

    def month(self, year: int, month: int) -> array[int]:
        """Entry ``n``: the units of the month's first ``n`` days."""
        key = ((self.model, self.first_day), year, month)
        found = MONTH_DAYS.get(key)
        if found is not None:
            return found[0]
        sums = array("q", [0])
        total = 0
        first = date(year, month, 1)
        for n in range(calendar.monthrange(year, month)[1]):
            day = first + timedelta(days=n)
            total += self.day_units(day) if day >= self.first_day else 0
            sums.append(total)
        MONTH_DAYS.put(key, sums)
        return sums

    def month_units(self, year: int, month: int) -> int:
        """The units of the whole month."""
        key = month_key(year, month)
        total = self.months.get(key)
        if total is None:
            total = self.months[key] = self.month(year, month)[-1]
        return total

    def between(self, start: date, end: date) -> int:
        """The exact units of the days from ``start`` up to, not including, ``end``."""
        start = max(start, self.first_day)
        total = 0
        while start < end:
            length = calendar.monthrange(start.year, start.month)[1]
            stop = min(end, start + timedelta(days=length - start.day + 1))  # this day and the rest of the month
            if start.day == 1 and (stop - start).days == length:
                total += self.month_units(start.year, start.month)
            elif (stop - start).days <= FEW_DAYS:
                total += sum(self.day_units(start + timedelta(days=n)) for n in range((stop - start).days))
            else:
                sums = self.month(start.year, start.month)
                total += sums[start.day - 1 + (stop - start).days] - sums[start.day - 1]
            start = stop
        return total

    def signed(self, reference: date, day: date) -> int:
        """The units from ``reference`` up to ``day``; negative for a day before the reference."""
        return self.between(reference, day) if day >= reference else -self.between(day, reference)


# The clear-sky table's sample days (day of the year) and, per sample, what does not depend on the
# latitude: the sun's declination as sine and cosine, and the cosine of each hour's hour angle.
SAMPLE_DAYS = (*range(1, 367, TABLE_STEP_DAYS), 366)


@cache
def sample_suns() -> tuple[tuple[float, float, tuple[float, ...]], ...]:
    """Per sample day: (sin, cos) of the declination and the hour angle's cosine at each hour's middle,
    as ``SunDay.fraction_at`` works it out (the same operations, so the same numbers)."""
    out = []
    for yday in SAMPLE_DAYS:
        gamma = 2 * math.pi / 365 * (yday - 1)  # SunDay.of's, for 2024 (a leap year)
        sun = SunDay.of(0.0, 0.0, date(2024, 1, 1) + timedelta(days=yday - 1))
        declination = declination_of(gamma)
        offset = sun.offset_minutes
        angles = tuple(math.cos(math.radians(((hour * 60 + 30 - offset) + offset) / 4 - 180)) for hour in range(24))
        out.append((math.sin(declination), math.cos(declination), angles))
    return tuple(out)


# A table is kept per latitude (a fleet's cities, or any a client writes): 3 KB as doubles in an array,
# where a tuple of float objects took 12 KB.
@lru_cache(maxsize=4096)
def clear_sky_hours(latitude: float) -> array[float]:
    """Per day of the year (index 0 is 1 January, 366 entries): the clear-sky irradiation as hours of
    1000 W/m², sampled hourly in solar time every ``TABLE_STEP_DAYS`` days and interpolated between.
    Each sample is ``SunDay.fraction_at`` of its hours summed, written out from ``sample_suns``: a new
    plant's latitude cost 2.6 ms of calls where its own sums cost a tenth of that."""
    lat = math.radians(latitude)
    sin_lat, cos_lat = math.sin(lat), math.cos(lat)
    exp = math.exp
    samples = []
    for sin_dec, cos_dec, angles in sample_suns():
        sin_part, cos_part = sin_lat * sin_dec, cos_lat * cos_dec
        fractions = []
        for angle in angles:
            cos_zenith = sin_part + cos_part * angle
            fractions.append(0.0 if cos_zenith <= 0.01 else 1.098 * cos_zenith * exp(-0.057 / cos_zenith))
        samples.append(sum(fractions))
    table = []
    for (low, low_hours), (high, high_hours) in itertools.pairwise(zip(SAMPLE_DAYS, samples, strict=True)):
        for yday in range(low, high):
            table.append(low_hours + (high_hours - low_hours) * (yday - low) / (high - low))
    table.append(samples[-1])
    return array("d", table)


def estimated_units(plant: PlantModel, first: date, after: date) -> int:
    """A generous estimate of the PV units from ``first`` up to, not including, ``after``: each day's
    clear-sky hours added in order, a year's run of days at a time (a day at a time, with its date's
    day of the year, cost a new plant 3 ms)."""
    hours = clear_sky_hours(plant.latitude)
    total = 0.0
    day = first
    while day < after:
        stop = min(after, date(day.year + 1, 1, 1))
        start = (day - date(day.year, 1, 1)).days
        for hour in hours[start : start + (stop - day).days]:
            total += hour
        day = stop
    return round(total * per_clear_hour(plant))


def per_clear_hour(plant: PlantModel) -> float:
    """Estimated units per clear-sky hour of irradiation."""
    return plant.peak_kw * DERATE * MEAN_CLOUD * MARGIN / KWH_PER_UNIT


@lru_cache(maxsize=4096)
def year_estimates(plant: PlantModel) -> tuple[int, int]:
    """The estimate of a common year and of a leap year, in units."""
    hours = clear_sky_hours(plant.latitude)
    return round(sum(hours[:365]) * per_clear_hour(plant)), round(sum(hours) * per_clear_hour(plant))


def years_estimate(plant: PlantModel, first_year: int, stop_year: int) -> int:
    """The estimate of the calendar years from ``first_year`` up to, not including, ``stop_year``."""
    common, leap = year_estimates(plant)
    leaps = calendar.leapdays(first_year, stop_year)
    return (stop_year - first_year - leaps) * common + leaps * leap


@dataclass(frozen=True, slots=True)  # slots: a plant read keeps one, a dict cost 100 bytes more
class DayCounter:
    """A lifetime counter through one day: ``before`` units counted when the day began, and at most
    ``ceiling`` by its end (the next base, see the module's note)."""

    prehistory_kwh: float
    before: int
    ceiling: int

    def at(self, units_today: int) -> float:
        """The counter once ``units_today`` of the day's energy are made, in kWh. ``min`` and ``max``
        written as the comparisons they make (each keeps its first argument unless the other is strictly
        beyond it): a history asks this of every row, and the two calls were half its cost."""
        units = self.before + units_today
        ceiling = self.ceiling
        kwh = self.prehistory_kwh + (ceiling if ceiling < units else units) * KWH_PER_UNIT
        return 0.0 if kwh < 0.0 else kwh

    def column(self, units_today: Iterable[int]) -> list[float]:
        """``at`` of each of ``units_today``, the same operations in one comprehension: a day of history
        rows asks it of 288 sums, and the call per sum cost more than its arithmetic."""
        before, ceiling, prehistory, step = self.before, self.ceiling, self.prehistory_kwh, KWH_PER_UNIT
        above = ceiling - before  # ceiling < before + units, in whole numbers
        kwhs = [prehistory + (ceiling if above < units else before + units) * step for units in units_today]
        if kwhs and min(kwhs) < 0.0:  # (a -0.0 is kept, as ``at`` keeps it)
            return [0.0 if kwh < 0.0 else kwh for kwh in kwhs]
        return kwhs
