"""What a system's meter measured: its four flows (produced, consumed, imported, exported) per point,
day, span and lifetime.

The meter was activated ``METER_HISTORY_DAYS`` before the world's reference date. From then through the
world's calendar years of exact accounting (``counters.EXACT_YEARS``) every day is the exact integral of
the physics, summed a calendar month at a time once. A day past those years (a clock set far ahead) gets
a closed-form estimate, as the system's PV does (``energy.py``): produced is the PV estimate, consumed
the household load's mean for the plant, and the share of the smaller of the two used on site is what
the physics shows on average; a single such day's points are the physics' shape scaled to that
estimate. So every level (points, hours, days, months, years, lifetime) sums to the same totals, and a
lifetime in 2199 adds cached years, not 63,000 simulated days."""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache

from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    DayEnergy,
    PlantModel,
    Slot,
    day_energy,
    day_unit_hashes,
    unit_hash,
    units,
)
from solarfakes.simulators.vendors.apsystems.energy import clear_sky_year, estimated_clouds_run, estimated_kwh
from solarfakes.simulators.world import Plant

METER_HISTORY_DAYS = 7  # the meter was activated this long before the world's exact history begins
# physics.household_load's daily integral in hours of base load: 24 h of base, the morning and evening
# Gaussian bumps (1.8 x 1.2 h x sqrt(pi), 2.6 x 2.0 h x sqrt(pi)); its noise adds 0.6 x 24 h x uniform.
LOAD_HOURS = 24 + (1.8 * 1.2 + 2.6 * 2.0) * math.sqrt(math.pi)
LOAD_NOISE_HOURS = 0.6 * 24
# The share of min(produced, consumed) used on site, as the physics' exact years show it on average over
# seeded fleets (0.41-0.48 without a battery, 0.92-0.95 with one).
SELF_USE = {False: 0.44, True: 0.93}


@dataclass(frozen=True)
class Flows:
    """The meter's four flows (W, or kWh), in its own names."""

    produced: float = 0.0
    consumed: float = 0.0
    imported: float = 0.0
    exported: float = 0.0

    def __add__(self, other: Flows) -> Flows:
        return Flows(self.produced + other.produced, self.consumed + other.consumed,
                     self.imported + other.imported, self.exported + other.exported)  # fmt: skip

    def scaled(self, by: Flows) -> Flows:
        return Flows(self.produced * by.produced, self.consumed * by.consumed,
                     self.imported * by.imported, self.exported * by.exported)  # fmt: skip

    @staticmethod
    def watts(slot: Slot) -> Flows:
        return Flows(slot.pv_w, slot.load_w, slot.import_w, slot.export_w)

    @staticmethod
    def energy(slot: Slot) -> Flows:
        return Flows(*(units(w) * KWH_PER_UNIT for w in (slot.pv_w, slot.load_w, slot.import_w, slot.export_w)))

    @staticmethod
    def of_units(energy: DayEnergy) -> Flows:
        return Flows(*(n * KWH_PER_UNIT for n in (energy.pv_units, energy.load_units, energy.import_units,
                                                  energy.export_units)))  # fmt: skip


@dataclass(frozen=True)
class MeterPoint:
    start: datetime  # plant-local
    watts: Flows
    energy: Flows

    @property
    def grid_w(self) -> float:
        """Import positive, export negative."""
        return self.watts.imported - self.watts.exported


def estimated_flows(key: str, latitude: float, peak_kw: float, base_load_w: float, battery: bool, day: date) -> Flows:
    """A far day's flows in closed form; they balance as produced + imported = consumed + exported."""
    return flows_around(estimated_kwh(key, latitude, peak_kw, day), key, base_load_w, battery, day)


def flows_around(produced: float, key: str, base_load_w: float, battery: bool, day: date) -> Flows:
    return flows_of(produced, unit_hash(key, day, "estimated-load"), base_load_w, battery)


def flows_of(produced: float, load_noise: float, base_load_w: float, battery: bool) -> Flows:
    consumed = base_load_w * (LOAD_HOURS + LOAD_NOISE_HOURS * load_noise) / 1000
    on_site = SELF_USE[battery] * min(produced, consumed)
    return Flows(produced, consumed, consumed - on_site, produced - on_site)


@lru_cache(maxsize=65536)
def estimated_year(key: str, latitude: float, peak_kw: float, base_load_w: float, battery: bool, year: int) -> Flows:
    """A whole estimated year, day by day once: a lifetime far ahead adds years, not days. The PV is
    ``estimated_kwh`` with the clear-sky yield looked up by day of year (the same floats)."""
    clear = clear_sky_year(latitude)
    first, days = date(year, 1, 1), 365 + calendar.isleap(year)
    total = Flows()
    noises = day_unit_hashes(key, first, days, "estimated-load")
    for n, (clouds, noise) in enumerate(zip(estimated_clouds_run(key, first, days), noises, strict=True)):
        total += flows_of(peak_kw * clear[n] * clouds, noise, base_load_w, battery)
    return total


@lru_cache(maxsize=16384)
def exact_month(model: PlantModel, year: int, month: int, first: date) -> DayEnergy:
    """The exact energies of a calendar month's days from ``first`` on, summed once (no APsystems plant
    has battery commands, so a day's energy is the model's alone)."""
    total = DayEnergy()
    day = max(date(year, month, 1), first)
    while day.month == month and day.year == year:
        total += day_energy(model, day)
        day += timedelta(days=1)
    return total


@dataclass
class MeterHistory:
    """What the system's meter measured, as seen at ``now``: nothing before its activation."""

    plant: Plant
    now: datetime

    @cached_property
    def today(self) -> date:
        return self.plant.local_date(self.now)

    @property
    def activated(self) -> date:
        return max(self.plant.commissioned, self.plant.reference - timedelta(days=METER_HISTORY_DAYS))

    @property
    def exact_end(self) -> date:
        """The first day past exact accounting."""
        return date(self.plant.reference.year + EXACT_YEARS, 1, 1)

    def reported(self, day: date) -> bool:
        return self.activated <= day <= self.today and not (day == self.today and not self.plant.online)

    @cached_property
    def traits(self) -> tuple[str, float, float, float, bool]:
        """What a far day's estimate depends on: key, latitude, peak, base load and whether a battery."""
        plant = self.plant
        return plant.key, plant.latitude, plant.peak_kw, plant.base_load_w, plant.battery is not None

    def estimate(self, day: date) -> Flows:
        return estimated_flows(*self.traits, day)

    def points(self, day: date) -> list[MeterPoint]:
        """The day's begun 5-minute points; a far day's are its physics' shape scaled to its estimate."""
        if not self.reported(day):
            return []
        slots = self.plant.history(day, self.now)
        if day < self.exact_end:
            return [MeterPoint(s.start, Flows.watts(s), Flows.energy(s)) for s in slots]
        shape, scale = self.far_shape(day)
        points = []
        for slot in slots:
            watts = shape(slot)
            energy = Flows(*(units(w) * KWH_PER_UNIT for w in astuple(watts)))
            points.append(MeterPoint(slot.start, watts.scaled(scale), energy.scaled(scale)))
        return points

    def far_shape(self, day: date) -> tuple[Callable[[Slot], Flows], Flows]:
        """How a far day's points are shaped, and the factors that scale each flow's shape to the day's
        estimate. A flow the physics has none of that day (no export on a dull day) takes the shape of
        its source: exports follow the PV, imports the load."""
        physics = Flows.of_units(self.plant.energy(day))
        own_import, own_export = physics.imported > 0, physics.exported > 0

        def shape(slot: Slot) -> Flows:
            return Flows(slot.pv_w, slot.load_w, slot.import_w if own_import else slot.load_w,
                         slot.export_w if own_export else slot.pv_w)  # fmt: skip

        totals = Flows(physics.produced, physics.consumed, physics.imported if own_import else physics.consumed,
                       physics.exported if own_export else physics.produced)  # fmt: skip
        ratios = [e / t if t > 0 else 0.0 for e, t in zip(astuple(self.estimate(day)), astuple(totals), strict=True)]
        return shape, Flows(*ratios)

    def day(self, day: date) -> Flows:
        if not self.reported(day):
            return Flows()
        if day == self.today:
            total = Flows()
            for point in self.points(day):
                total += point.energy
            return total
        if day < self.exact_end:
            return Flows.of_units(self.plant.energy(day))
        return self.estimate(day)

    def between(self, first: date, after: date) -> Flows:
        """From ``first`` up to, not including, ``after``: exact days a month at a time, far days a year
        at a time where a whole year is asked, today from its points."""
        day = max(first, self.activated)
        stop = min(after, self.today)  # whole days; today is added from its points
        exact = DayEnergy()
        total = Flows()
        while day < stop and day < self.exact_end:
            following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            if following <= min(stop, self.exact_end):
                exact += exact_month(self.plant.model, day.year, day.month, day)
                day = following
            else:
                exact += day_energy(self.plant.model, day)
                day += timedelta(days=1)
        total += Flows.of_units(exact)
        while day < stop:
            following = date(day.year + 1, 1, 1)
            if (day.month, day.day) == (1, 1) and following <= stop:
                total += self.year_estimate(day.year)
                day = following
            else:
                total += self.estimate(day)
                day += timedelta(days=1)
        if max(first, self.activated) <= self.today < after:
            total += self.day(self.today)
        return total

    def year_estimate(self, year: int) -> Flows:
        return estimated_year(*self.traits, year)


def astuple(flows: Flows) -> tuple[float, float, float, float]:
    return flows.produced, flows.consumed, flows.imported, flows.exported
