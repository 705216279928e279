"""What one iSolarCloud device measured in each 5-minute slot: the plant's physics, seen from the device.

Power limits written through paramSetting cap an inverter's output. What a capped inverter does not
deliver is lost PV: the plant's own points (p83022, p83033, p83024) are the sum of what its inverters
delivered, the grid makes up the difference (less feed-in, or more purchase), and the lifetime counters
leave out every watt-hour lost since the first cap, so a counter still never steps backwards."""

from __future__ import annotations

import calendar
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from solarfakes.simulators.caches import ByteBudget, array_bytes, slots_bytes
from solarfakes.simulators.counters import MARGIN, year_estimates
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    DayEnergy,
    DayLedger,
    PlantModel,
    Slot,
    pv_series,
    unit_hash,
    units,
)
from solarfakes.simulators.world import Device, Plant

SLOTS_PER_HOUR = 12
WH_PER_UNIT = KWH_PER_UNIT * 1000
PLANT = ""  # the key of a plant's total in a day's losses, beside its inverters' serial numbers
SAMPLE_STEP_DAYS = 8  # a far year's loss share is sampled from every 8th day of one year
# A far year's estimate errs low: at New Year the PV counter steps up to its next base, about a tenth
# above a year's physics (counters.MARGIN), so a loss estimate a little under the year's real figure
# keeps the delivered counters from stepping down.
SHORTFALL = 0.9


class Caps(Protocol):
    """The power limits in force, as the backend keeps them."""

    def limit_at(self, device: Device, moment: datetime) -> float | None:
        """The most ``device`` may deliver at ``moment`` (W), or None for no limit."""

    def capped_since(self, plant: Plant) -> date | None:
        """The first plant-local day on which any of the plant's inverters had a limit, if any."""

    def lost_units_before(self, plant: Plant, day: date) -> dict[str, float]:
        """Units lost to limits on the days before ``day``, by inverter serial number and PLANT in all."""


class DayTrace:
    """A device's day as delivered, shared by its readings. Uncapped (``plant`` given), its running energies
    are the plant's own day ledger; capped, the delivered slots get a ledger of their own. Either is made
    when first asked for, since most points never need one (a week of p1 and p24 summed 2,016 slots for
    nothing). iSolarCloud plants take no battery commands, so the plant's ledger is the same later."""

    def __init__(self, key: str, day: date, plant: Plant | None) -> None:
        self.key, self.day, self.plant = key, day, plant
        self.slots: list[Slot] = []

    @cached_property
    def ledger(self) -> DayLedger:
        return self.plant.ledger(self.day) if self.plant is not None else DayLedger.of(self.slots)

    def energy_at(self, index: int) -> DayEnergy:
        return self.ledger.upto(index + 1)


@dataclass(frozen=True, slots=True)  # slots: a day's loop sets them directly (``counters_maker``)
class Counters:
    """The lifetime counters at one slot: everything the plant would have made, less what limits cost."""

    plant: Plant
    day: date
    raw_units: int  # the day's PV so far before any limit
    share: float  # the device's share of the plant's PV (0 for devices that are not inverters)
    lost_device_units: float
    lost_plant_units: float

    def produced_wh(self) -> float:
        return self.plant.lifetime_at(self.day, self.raw_units) * 1000

    def plant_wh(self) -> float:
        return round(self.produced_wh() - self.lost_plant_units * WH_PER_UNIT, 1)

    def device_wh(self) -> float:
        return round(self.produced_wh() * self.share - self.lost_device_units * WH_PER_UNIT, 1) if self.share else 0.0


@dataclass(frozen=True, slots=True)  # slots: a day's loop sets them directly (``reading_maker``)
class Reading:
    slot: Slot  # the plant's slot as delivered: PV after the inverters' limits, the grid making up the rest
    trace: DayTrace
    index: int  # the slot's place in the day
    device_w: float  # the inverter's AC output (0 for other devices)
    device_today_wh: float  # the integral of device_w so far that day, slot by slot
    counters: Counters
    nominal_w: float

    @property
    def today(self) -> DayEnergy:
        """The plant's energies so far that day, this slot included."""
        return self.trace.energy_at(self.index)

    @property
    def noise(self) -> float:
        """A seeded number in [0, 1) for the slot, for readings physics does not give."""
        return unit_hash(self.trace.key, self.trace.day, self.index)

    # Lifetime counters cost a walk over every day since the plant's reference date the first time, so
    # they are worked out only for the points that show them.
    @property
    def plant_lifetime_wh(self) -> float:
        return self.counters.plant_wh()

    @property
    def device_lifetime_wh(self) -> float:
        return self.counters.device_wh()

    @property
    def dc_w(self) -> float:
        return round(self.device_w / 0.97, 1) if self.device_w else 0.0

    @property
    def voltage(self) -> float:
        return round(229.0 + 4 * self.noise, 1)

    @property
    def current(self) -> float:
        return round(self.device_w / self.voltage, 2)

    @property
    def frequency(self) -> float:
        return round(49.98 + 0.04 * self.noise, 2)

    @property
    def temperature(self) -> float:
        load = self.device_w / self.nominal_w if self.nominal_w else 0.0
        return round(22.0 + 25 * load + 2 * self.noise, 1)

    @property
    def dc_voltage(self) -> float:
        return (
            round(300.0 + 80 * min(self.device_w / self.nominal_w, 1.0), 1) if self.device_w and self.nominal_w else 0.0
        )

    @property
    def dc_current(self) -> float:
        return round(self.dc_w / self.dc_voltage, 2) if self.dc_voltage else 0.0


def counters_maker() -> Callable[[Plant, date, int, float, float, float], Counters]:
    """``Counters(...)`` for a day's loop: the frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which cost most of building one (twice a slot with ``Reading``); this sets the
    same slots directly (an equal object, which nothing can tell apart)."""
    new = object.__new__
    plant_, day_, raw_units_, share_, lost_device_, lost_plant_ = (
        getattr(Counters, name).__set__
        for name in ("plant", "day", "raw_units", "share", "lost_device_units", "lost_plant_units")
    )

    def make(plant: Plant, day: date, raw_units: int, share: float, lost_device: float, lost_plant: float) -> Counters:
        made: Counters = new(Counters)
        plant_(made, plant)
        day_(made, day)
        raw_units_(made, raw_units)
        share_(made, share)
        lost_device_(made, lost_device)
        lost_plant_(made, lost_plant)
        return made

    return make


def reading_maker() -> Callable[[Slot, DayTrace, int, float, float, Counters, float], Reading]:
    """``Reading(...)`` for a day's loop, as ``counters_maker`` makes ``Counters``."""
    new = object.__new__
    slot_, trace_, index_, device_w_, today_wh_, counters_, nominal_ = (
        getattr(Reading, name).__set__
        for name in ("slot", "trace", "index", "device_w", "device_today_wh", "counters", "nominal_w")
    )

    def make(
        slot: Slot, trace: DayTrace, index: int, device_w: float, today_wh: float, counters: Counters, nominal: float
    ) -> Reading:
        made: Reading = new(Reading)
        slot_(made, slot)
        trace_(made, trace)
        index_(made, index)
        device_w_(made, device_w)
        today_wh_(made, today_wh)
        counters_(made, counters)
        nominal_(made, nominal)
        return made

    return make


new_counters = counters_maker()
new_reading = reading_maker()


def inverters(plant: Plant) -> list[Device]:
    return [d for d in plant.devices if d.kind == "inverter"]


@dataclass(frozen=True)
class Capped:
    """One slot under the limits: the plant's slot as delivered, what each inverter could not deliver
    (W), and the energy lost in exact units, by serial number and PLANT in all."""

    slot: Slot
    lost_w: dict[str, float]
    lost_units: dict[str, float]


def capped(plant: Plant, raw: Slot, caps: Caps | None) -> Capped:
    """The slot with every capped inverter's surplus never produced; the grid takes up the gap (less feed-in
    first, then purchase). Lost units are counted so that a counter's step is always the delivered energy."""
    lost_w: dict[str, float] = {}
    lost_units: dict[str, float] = {}
    for inverter in inverters(plant) if caps is not None else ():
        cap = caps.limit_at(inverter, raw.start) if caps is not None else None
        share = raw.pv_w * inverter.pv_share
        if cap is not None and share > cap:
            lost_w[inverter.sn] = share - cap
            lost_units[inverter.sn] = inverter.pv_share * units(raw.pv_w) - units(cap)
    if not lost_w:
        return Capped(raw, lost_w, lost_units)
    slot = replace(raw, pv_w=raw.pv_w - sum(lost_w.values()), grid_w=raw.grid_w + sum(lost_w.values()))
    lost_units[PLANT] = units(raw.pv_w) - units(slot.pv_w)
    return Capped(slot, lost_w, lost_units)


def add(totals: dict[str, float], more: dict[str, float]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0.0) + value


def losses_between(plant: Plant, first: date, end: date, caps: Caps) -> dict[str, float]:
    """Units lost to limits from ``first`` up to, not including, ``end``, by serial number and PLANT."""
    totals: dict[str, float] = {}
    day = first
    while day < end:
        for raw in plant.history(day):
            add(totals, capped(plant, raw, caps).lost_units)
        day += timedelta(days=1)
    return totals


def estimated_losses(plant: Plant, caps: Caps, year: int, settled: int) -> dict[str, float]:
    """A year outside exact accounting: each capped inverter's share of the plant's expected PV (its year
    base less the base's margin), sampled in the year ``settled`` from which its limit holds, erring low
    by ``SHORTFALL``; the plant's loss is their sum."""
    expected = year_estimates(plant.model)[calendar.isleap(year)] / MARGIN
    moment = datetime(settled, 1, 1, tzinfo=ZoneInfo(plant.timezone))
    totals: dict[str, float] = {}
    for inverter in inverters(plant):
        cap = caps.limit_at(inverter, moment)
        if cap is not None:
            lost = round(SHORTFALL * lost_fraction(plant.model, inverter.pv_share, cap, settled) * expected)
            add(totals, {inverter.sn: lost, PLANT: lost})
    return totals


@lru_cache(maxsize=4096)
def lost_fraction(model: PlantModel, share: float, cap: float, year: int) -> float:
    """The share of the plant's PV an inverter of ``share`` loses under a constant ``cap``, counted as
    ``capped`` counts it, from every ``SAMPLE_STEP_DAYS``-th day of ``year``."""
    lost = 0.0
    made = 0
    for yday in range(0, 365, SAMPLE_STEP_DAYS):
        for watts in pv_series(model, date(year, 1, 1) + timedelta(days=yday)):
            if watts * share > cap:
                lost += share * units(watts) - units(cap)
            made += units(watts)
    return lost / made if made else 0.0


def day_readings(
    plant: Plant,
    device: Device | None,
    day: date,
    until: datetime,
    caps: Caps | None = None,
    last_only: bool = False,
    only: list[int] | None = None,
) -> list[Reading]:
    """A day's readings (up to ``until``) in one pass; the day's counters are running sums. ``last_only``
    keeps just the latest reading (real-time reads), still summed over the whole day; ``only`` keeps the
    readings at those indexes of the day (ascending, each begun by ``until``)."""
    since = caps.capped_since(plant) if caps is not None else None
    active = caps if since is not None and since <= day else None
    lost_so_far = dict(active.lost_units_before(plant, day)) if active is not None else {}
    is_inverter = device is not None and device.kind == "inverter"
    share = device.pv_share if device is not None and is_inverter else 0.0
    sn = device.sn if device is not None and is_inverter else PLANT
    nominal = device.nominal_w if device is not None else plant.peak_kw * 1000
    key = device.sn if device is not None else plant.key
    trace = DayTrace(key, day, plant if active is None else None)
    slots = plant.history(day, until)
    if active is None and last_only:
        return latest_uncapped(plant, trace, slots, share if is_inverter else None, nominal)
    if active is None and only is not None:
        return uncapped_readings(plant, trace, slots, share if is_inverter else None, nominal, only)
    if active is None:
        return uncapped_day(plant, trace, slots, share if is_inverter else None, nominal)
    raw_units = 0
    device_wh = 0.0
    readings = []
    for index, raw in enumerate(slots):
        seen = capped(plant, raw, active)
        add(lost_so_far, seen.lost_units)
        trace.slots.append(seen.slot)
        raw_units += units(raw.pv_w)
        power = round(raw.pv_w * share - seen.lost_w.get(sn, 0.0), 1) if is_inverter else 0.0
        device_wh += power / SLOTS_PER_HOUR
        if (last_only and index < len(slots) - 1) or (only is not None and index not in only):
            continue
        counters = Counters(plant, day, raw_units, share, lost_so_far.get(sn, 0.0), lost_so_far.get(PLANT, 0.0))
        readings.append(
            Reading(
                slot=seen.slot,
                trace=trace,
                index=index,
                device_w=power,
                device_today_wh=round(device_wh, 1),
                counters=counters,
                nominal_w=nominal,
            )
        )
    return readings


def uncapped_day(
    plant: Plant, trace: DayTrace, slots: tuple[Slot, ...], share: float | None, nominal: float
) -> list[Reading]:
    """``day_readings``' loop for a day without limits: no slot is capped and nothing is lost, so each
    reading is the plant's slot with the same running sums, without the per-slot accounting of losses."""
    trace.slots.extend(slots)
    day = trace.day
    raw_units = 0
    device_wh = 0.0
    readings = []
    for index, raw in enumerate(slots):
        raw_units += round(raw.pv_w * 10)  # units(raw.pv_w)
        power = round(raw.pv_w * share - 0.0, 1) if share is not None else 0.0
        device_wh += power / SLOTS_PER_HOUR
        counters = new_counters(plant, day, raw_units, share or 0.0, 0.0, 0.0)
        readings.append(new_reading(raw, trace, index, power, round(device_wh, 1), counters, nominal))
    return readings


# Running sums of uncapped days, by the identity of the day's first simulated slot (kept with the day's
# slots, so the id stays theirs) and the inverter's share: a real-time read then costs one slot, not a
# walk over the day. Bounded by bytes with the other caches: an entry keeps its day's slots alive after
# simulate_day's cache has let them go, and a count of 4096 days let a soak grow by 1.3 MB/s.
DaySums = tuple[tuple[Slot, ...], "array[int]", list[float]]
FLOAT_BYTES = 24  # one float object a list holds


def day_sums_bytes(sums: DaySums) -> int:
    day_slots, raw_units, device_wh = sums
    return slots_bytes(day_slots) + array_bytes(raw_units) + sys.getsizeof(device_wh) + FLOAT_BYTES * len(device_wh)


UNCAPPED_SUMS: ByteBudget[DaySums] = ByteBudget(4 << 20, day_sums_bytes)


def covers(day_slots: tuple[Slot, ...], slots: tuple[Slot, ...]) -> bool:
    """Whether ``slots`` (the day so far, a slice of the same objects) begin ``day_slots``."""
    last = len(slots) - 1
    return len(day_slots) > last and day_slots[0] is slots[0] and day_slots[last] is slots[last]


def uncapped_sums(plant: Plant, day: date, slots: tuple[Slot, ...], share: float | None) -> DaySums:
    """Entry ``n``: the day's raw PV units and the inverter's watt-hours (summed slot by slot, in the
    order ``day_readings`` sums them) over the first ``n`` slots; ``share`` None for other devices."""
    key = (id(slots[0]), share)
    kept = UNCAPPED_SUMS.get(key)
    if kept is not None and covers(kept[0][0], slots):
        return kept[0]
    day_slots = plant.history(day)
    if not covers(day_slots, slots):
        day_slots = slots
    raw_units = array("q", [0])
    device_wh = [0.0]
    units_so_far = 0
    wh = 0.0
    for raw in day_slots:
        units_so_far += units(raw.pv_w)
        power = round(raw.pv_w * share - 0.0, 1) if share is not None else 0.0
        wh += power / SLOTS_PER_HOUR
        raw_units.append(units_so_far)
        device_wh.append(wh)
    made = (day_slots, raw_units, device_wh)
    UNCAPPED_SUMS.put(key, made)
    return made


def latest_uncapped(
    plant: Plant, trace: DayTrace, slots: tuple[Slot, ...], share: float | None, nominal: float
) -> list[Reading]:
    """``day_readings(..., last_only=True)`` of a day without limits: the latest reading from the day's
    running sums."""
    return uncapped_readings(plant, trace, slots, share, nominal, [len(slots) - 1] if slots else [])


def uncapped_readings(
    plant: Plant, trace: DayTrace, slots: tuple[Slot, ...], share: float | None, nominal: float, indexes: list[int]
) -> list[Reading]:
    """The readings at ``indexes`` of a day without limits, from the day's running sums (``day_readings``'
    figures: no slot is capped, nothing is lost)."""
    if not indexes:
        return []
    _, raw_units, device_wh = uncapped_sums(plant, trace.day, slots, share)
    trace.slots.extend(slots)
    readings = []
    for index in indexes:
        raw = slots[index]
        counters = Counters(plant, trace.day, raw_units[index + 1], share or 0.0, 0.0, 0.0)
        power = round(raw.pv_w * share - 0.0, 1) if share is not None else 0.0
        today_wh = round(device_wh[index + 1], 1)
        readings.append(Reading(slot=raw, trace=trace, index=index, device_w=power, device_today_wh=today_wh,
                                counters=counters, nominal_w=nominal))  # fmt: skip
    return readings
