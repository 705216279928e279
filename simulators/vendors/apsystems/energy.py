"""A system's energy as its ECUs report it: PV per day and per 5-minute point (the meter's four flows are
in ``meter_history.py``).

Micro-inverters are powered by their panels, so they report only while the sun gives power; the ECU
reports nothing on a day before the system was commissioned, after its own today, or today while the
system is offline. Days from the world's reference date through its calendar years of exact accounting
(``counters.EXACT_YEARS``) are the exact integral of the physics. Older and farther days (the world keeps
no exact history there) get a closed-form estimate for the place and season, and a single such day's
points are the physics' shape scaled to that estimate, so every level (points, hours, days, months,
years, lifetime) sums to the same totals, and a clock far ahead adds cached years, not days."""

from __future__ import annotations

import math
from array import array
from calendar import isleap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import TypeVar

from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    UNITS_BELOW,
    UNITS_PER_WATT,
    WHOLE_MAKER,
    begun_pv,
    day_unit_hashes,
    pv_series,
    unit_hash,
    units,
    units_total,
    zone_day_starts,
)
from solarfakes.simulators.world import Plant

T = TypeVar("T")

CLEAR_SKY_TRANSMITTANCE = 0.75
SYSTEM_EFFICIENCY = 0.85  # as the physics derates the panels' peak


def clear_sky_kwh_per_kwp(latitude: float, day: date) -> float:
    """A clear day's yield per kWp (``clear_sky_year``'s entry for the day), worked out for the day alone:
    a new system's week of points asks seven days, and its year's table cost as much as two of them."""
    return clear_sky_yield(latitude_parts(latitude), SUN_BY_DAY_OF_YEAR[day.timetuple().tm_yday - 1])


def estimated_pv_kwh(plant: Plant, day: date) -> float:
    """An old or far day's PV energy: the clear-sky yield times the day's seeded clouds."""
    return estimated_kwh(plant.key, plant.latitude, plant.peak_kw, day)


def estimated_kwh(key: str, latitude: float, peak_kw: float, day: date) -> float:
    return peak_kw * clear_sky_kwh_per_kwp(latitude, day) * estimated_clouds(key, day)


def estimated_clouds(key: str, day: date) -> float:
    """The seeded share of an old or far day's clear-sky yield its clouds let through."""
    return 1 - 0.6 * unit_hash(key, day, "estimated-clouds") ** 2


def estimated_clouds_run(key: str, first: date, count: int) -> list[float]:
    """``estimated_clouds`` of ``count`` days from ``first``, bit for bit (a lifetime's first read asks
    hundreds of days per system)."""
    return [1 - 0.6 * unit**2 for unit in day_unit_hashes(key, first, count, "estimated-clouds")]


# A plant's lifetime asks a year for each year before the reference, and keeps the span's sum
# (estimated_span_kwh): kept years serve spans not yet summed, so a few thousand do. 65,536 kept the
# four or so years of every plant of a 10,000-plant fleet read once, about 8 MB.
@lru_cache(maxsize=4096)
def estimated_year_kwh(key: str, latitude: float, peak_kw: float, year: int) -> float:
    """A whole estimated year, day by day once: lifetime totals far ahead add years, not days.
    The same sum as ``estimated_kwh`` of each day, with the clear-sky yield looked up by day of year."""
    return add_estimated_days(0.0, key, latitude, peak_kw, date(year, 1, 1), 365 + isleap(year))


def add_estimated_days(total: float, key: str, latitude: float, peak_kw: float, first: date, count: int) -> float:
    """``total`` plus ``estimated_kwh`` of ``count`` days from ``first``, all in ``first``'s year, added one
    after another in the same order (so the same float)."""
    clear = clear_sky_year(latitude)
    start = first.timetuple().tm_yday - 1
    for n, clouds in enumerate(estimated_clouds_run(key, first, count), start):
        total += peak_kw * clear[n] * clouds
    return total


def add_estimated(total: float, key: str, latitude: float, peak_kw: float, first: date, after: date) -> float:
    """``total`` plus the estimated days from ``first`` up to ``after``: a year at a time where a whole
    year is asked, else a day at a time."""
    day = first
    while day < after:
        following = date(day.year + 1, 1, 1)
        if (day.month, day.day) == (1, 1) and following <= after:
            total += estimated_year_kwh(key, latitude, peak_kw, day.year)
            day = following
        else:
            end = min(following, after)
            total = add_estimated_days(total, key, latitude, peak_kw, day, (end - day).days)
            day = end
    return total


@lru_cache(maxsize=16384)
def estimated_span_kwh(key: str, latitude: float, peak_kw: float, first: date, after: date) -> float:
    """``add_estimated`` from 0.0, once per span: a lifetime starts with the same estimated days on
    every call of a day."""
    return add_estimated(0.0, key, latitude, peak_kw, first, after)


@lru_cache(maxsize=4096)
def clear_sky_year(latitude: float) -> array[float]:
    """A clear day's yield per kWp by day of the year (index 0 is 1 January, 366 entries): the daily
    extraterrestrial insolation on a horizontal plane (Duffie and Beckman's formula), through a clear
    atmosphere and the system's losses. What depends on the day's number alone is worked out once
    (``SUN_BY_DAY_OF_YEAR``), as every system has a latitude of its own, so a table per system. Doubles in
    an array: 3 KB a latitude, where a tuple of floats took 12 KB."""
    parts = latitude_parts(latitude)
    return array("d", [clear_sky_yield(parts, sun) for sun in SUN_BY_DAY_OF_YEAR])


def latitude_parts(latitude: float) -> tuple[float, float, float]:
    """The cosine, sine and negated tangent of ``latitude`` (degrees), as ``clear_sky_yield`` takes them."""
    lat = math.radians(latitude)
    return math.cos(lat), math.sin(lat), -math.tan(lat)


def clear_sky_yield(latitude: tuple[float, float, float], sun: tuple[float, float, float, float]) -> float:
    """A clear day's yield per kWp at a latitude's parts (``latitude_parts``) on a day of the year's
    ``SUN_BY_DAY_OF_YEAR`` entry: one formula for a year's table and for a day alone, so the same float."""
    cos_lat, sin_lat, minus_tan_lat = latitude
    tan_declination, sin_declination, cos_declination, scale = sun
    sunset = math.acos(max(-1.0, min(1.0, minus_tan_lat * tan_declination)))
    h0 = scale * (cos_lat * cos_declination * math.sin(sunset) + sunset * sin_lat * sin_declination)
    return max(h0, 0.0) * CLEAR_SKY_TRANSMITTANCE * SYSTEM_EFFICIENCY


def sun_on_day_of_year(n: int) -> tuple[float, float, float, float]:
    """The parts of ``clear_sky_year``'s formula that depend on the day's number ``n`` alone."""
    declination = math.radians(23.44) * math.sin(2 * math.pi * (284 + n) / 365)
    scale = 24 / math.pi * 1.367 * (1 + 0.033 * math.cos(2 * math.pi * n / 365))
    return math.tan(declination), math.sin(declination), math.cos(declination), scale


SUN_BY_DAY_OF_YEAR = tuple(sun_on_day_of_year(n) for n in range(1, 367))


def exact_pv(plant: Plant, day: date) -> bool:
    """Whether the world integrates ``day`` exactly: from its reference date through the calendar
    years of exact accounting (``counters.EXACT_YEARS``); other days are estimated."""
    return plant.reference <= day and day.year < plant.reference.year + EXACT_YEARS


def points_kwh(pvs: Sequence[float], scale: float) -> list[float]:
    """Each point's kWh, ``units(pv) * KWH_PER_UNIT * scale``, the same floats: its units made a whole double
    by ``WHOLE_MAKER`` (``whole_floats``) in the same pass, where the powers are not negative and sum below
    ``UNITS_BELOW`` (the product by KWH_PER_UNIT made the int a double anyway), without an int made and
    rounded per point."""
    if pvs and min(pvs) >= 0.0 and sum(pvs) < UNITS_BELOW:  # each at most their sum; a NaN makes it NaN
        maker = WHOLE_MAKER
        return [((pv * UNITS_PER_WATT + maker) - maker) * KWH_PER_UNIT * scale for pv in pvs]
    return [units(pv) * KWH_PER_UNIT * scale for pv in pvs]


def picked(items: Sequence[T], chosen: Sequence[int]) -> Sequence[T]:
    """``[items[n] for n in chosen]`` (indexes in ascending order) as one slice where they are a run, as a
    day's daylight points are but near a pole: no pass over them in Python."""
    if chosen and chosen[-1] - chosen[0] + 1 == len(chosen):
        return items[chosen[0] : chosen[-1] + 1]
    return [items[n] for n in chosen]


@dataclass(frozen=True)
class PvPoint:
    start: datetime  # plant-local
    watts: float
    kwh: float


@dataclass
class PvHistory:
    """The PV a system's inverters reported, as seen at ``now``; callers scale it to an ECU, inverter or channel."""

    plant: Plant
    now: datetime

    @cached_property
    def today(self) -> date:
        return self.plant.local_date(self.now)

    def reported(self, day: date) -> bool:
        plant = self.plant
        return plant.commissioned <= day <= self.today and not (day == self.today and not plant.online)

    @cached_property
    def today_kwh(self) -> float:
        """Today's PV so far from its points (a summary asks for it in each of its four spans)."""
        return sum(self.point_kwhs(self.today))

    def day(self, day: date) -> float:
        if not self.reported(day):
            return 0.0
        if day == self.today:
            return self.today_kwh
        if exact_pv(self.plant, day):
            return self.plant.pv_units(day) * KWH_PER_UNIT
        return estimated_pv_kwh(self.plant, day)

    def between(self, first: date, after: date) -> float:
        """From ``first`` up to, not including, ``after``: exact days a month at a time from the plant's
        ledger, estimated days a year at a time where a whole year is asked, today from its points."""
        plant = self.plant
        day = max(first, plant.commissioned)
        stop = min(after, self.today)  # whole days; today is added from its points
        exact_end = date(plant.reference.year + EXACT_YEARS, 1, 1)
        total = 0.0
        while day < stop:
            if exact_pv(plant, day):
                end = min(stop, exact_end)
                total += plant.pv_calendar.between(day, end) * KWH_PER_UNIT
                day = end
                continue
            end = min(stop, plant.reference) if day < plant.reference else stop
            args = (plant.key, plant.latitude, plant.peak_kw, day, end)
            # a span that starts the sum (a lifetime's days before the reference) is the same float cached
            total = estimated_span_kwh(*args) if total == 0.0 else add_estimated(total, *args)
            day = end
        if max(first, plant.commissioned) <= self.today < after:
            total += self.day(self.today)
        return total

    def lifetime(self) -> float:
        return self.between(self.plant.commissioned, self.today + timedelta(days=1))

    def points(self, day: date, daylight_only: bool = True) -> list[PvPoint]:
        """The day's begun 5-minute points; with ``daylight_only``, those the inverters reported."""
        return list(map(PvPoint, *self.point_columns(day, daylight_only)))

    def point_columns(self, day: date, daylight_only: bool = True) -> tuple[list[datetime], list[float], list[float]]:
        """``points``' starts, watts and kWh, a list each: a day's answer written field by field needs no
        point object per slot (making 288 frozen dataclasses was a fifth of a new day's telemetry)."""
        chosen, watts, kwhs = self.point_figures(day, daylight_only)
        if not chosen:
            return [], watts, kwhs
        starts = zone_day_starts(self.plant.timezone, day)[1]
        return [starts[n] for n in chosen], watts, kwhs

    def point_figures(self, day: date, daylight_only: bool = True) -> tuple[Sequence[int], list[float], list[float]]:
        """``point_columns`` with each point's slot index in place of its start: an answer that writes the
        starts as text takes the zone-day's texts by index, and no slot's datetime is made."""
        chosen, pvs, scale = self.point_pv(day, daylight_only)
        return chosen, [pv * scale for pv in pvs], points_kwh(pvs, scale)

    def point_pv(self, day: date, daylight_only: bool = True) -> tuple[Sequence[int], Sequence[float], float]:
        """``point_figures``' slot indexes, each point's PV as the physics gives it, and the day's scale
        (``scale``): a point's watts are ``pv * scale`` and its kWh ``points_kwh``', so an answer that
        scales them again (an ECU's share) makes each figure in one pass."""
        if not self.reported(day):
            return [], [], 1.0
        # the day's PV as floats at once: each pass over the array (units summed, points chosen, their
        # kWh and watts) made a float of every slot again
        series = pv_series(self.plant.model, day).tolist()
        pvs = series[: self.plant.slot_count(day, self.now)]  # begun_pv's
        # An estimated day's scale needs the whole day's units (``Plant.pv_units``, a reported day being
        # commissioned), summed here from the slots' powers as ``day_pv_units`` sums them.
        scale = 1.0 if exact_pv(self.plant, day) else self.scale(day, units_total(series))
        if not daylight_only:
            return range(len(pvs)), pvs, scale
        chosen = [n for n, pv in enumerate(pvs) if pv * scale > 0]  # reported where its watts are above 0
        return chosen, picked(pvs, chosen), scale

    def point_kwhs(self, day: date) -> Iterator[float]:
        """``point.kwh`` of every begun point of ``day`` (``points(day, daylight_only=False)``), without
        building the points: a real-time summary sums the whole day so far."""
        if not self.reported(day):
            return
        scale = self.scale(day)
        for pv in begun_pv(self.plant.model, day, self.plant.slot_count(day, self.now))[1]:
            yield units(pv) * KWH_PER_UNIT * scale

    def scale(self, day: date, day_units: int | None = None) -> float:
        """What the physics' PV of ``day`` is scaled by: 1 on an exact day, else the estimate over the
        physics (``day_units``: the day's ``Plant.pv_units`` where the caller has summed them)."""
        if exact_pv(self.plant, day):
            return 1.0
        physics = (self.plant.pv_units(day) if day_units is None else day_units) * KWH_PER_UNIT
        return estimated_pv_kwh(self.plant, day) / physics if physics > 0 else 0.0
