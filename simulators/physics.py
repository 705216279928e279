"""Pure functions for a plant's day: sun, clouds, load, battery and grid in 5-minute slots.

A day is computed as a whole from midnight, so it costs nothing until asked for. The battery is
steered to a seeded target state of charge over the last two hours of every day (night-time
grid charging or export, as time-of-use schedules do), which makes each day start from a known
state: days are independent, yet state of charge is the exact integral of battery power.

Orders from outside (a vendor's remote dispatch) are ``BatteryCommand``s: for the part of a slot a
command covers, it sets the battery's power instead of the schedule, so a slot's power is the
time-weighted mean of both and state of charge stays the integral of power. A day whose predecessor
was commanded starts from where that day really ended, not from the night target.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import random
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate, repeat, starmap
from operator import attrgetter
from typing import Literal
from zoneinfo import ZoneInfo

from solarfakes.simulators.caches import array_bytes, byte_cache, slots_bytes

SLOT_MINUTES = 5
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
SLOT_HOURS = SLOT_MINUTES / 60
SLOT_SECONDS = SLOT_MINUTES * 60
DAY_SECONDS = 24 * 60 * 60
STEER_SLOTS = 2 * 60 // SLOT_MINUTES  # the battery steers to its night target over the last two hours


def unit_hash(*parts: object) -> float:
    """A deterministic number in [0, 1) for any key: the source of all seeded noise."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return float(struct.unpack(">Q", digest)[0] / 2**64)


def day_unit_hashes(key: str, first: date, count: int, label: str) -> list[float]:
    """``unit_hash(key, day, label)`` of ``count`` days from ``first``, bit for bit: the text it digests
    (the repr of its parts) written directly, a year's head hashed once, as the repr of a tuple holding a
    date was most of the cost of a day's hash where hundreds of days are hashed at once."""
    tail = f"), {label!r})".encode()
    hashes: list[float] = []
    day, left = first, count
    while left > 0:
        texts = MONTH_DAY_TEXTS[calendar.isleap(day.year)]
        start = day.timetuple().tm_yday - 1
        year_days = texts[start : start + left]
        head = hashlib.blake2b(f"({key!r}, datetime.date({day.year}, ".encode(), digest_size=8)
        for month_day in year_days:
            digest = head.copy()
            digest.update(month_day + tail)
            hashes.append(int.from_bytes(digest.digest(), "big") / 2**64)
        left -= len(year_days)
        if left:
            day = date(day.year + 1, 1, 1)
    return hashes


# "month, day" of each day of a common and of a leap year, as a date's repr writes them
MONTH_DAY_TEXTS = {
    leap: tuple(
        f"{d.month}, {d.day}".encode() for d in (date(year, 1, 1) + timedelta(days=n) for n in range(365 + leap))
    )
    for leap, year in ((False, 2023), (True, 2024))
}


UNIT_FORMATS = tuple(struct.Struct(f">{count}Q") for count in range(9))


def seeded_units(seed: str, count: int) -> list[float]:
    """``count`` (at most 8) deterministic numbers in [0, 1) for the text ``seed``, from one hash of it: the
    same in every process, and about a tenth of the cost of seeding a ``random.Random`` with the text
    (per-slot noise of a week's 2,016 rows). Each is the hash's 53 high bits of its 8 bytes, so never 1.0."""
    digest = hashlib.blake2b(seed.encode(), digest_size=8 * count).digest()
    return [(word >> 11) * UNIT_STEP for word in UNIT_FORMATS[count].unpack(digest)]


UNIT_STEP = 2.0**-53


@dataclass(frozen=True)
class Battery:
    capacity_kwh: float
    max_power_w: float
    reserve_pct: float
    ceiling_pct: float = 100.0

    def __post_init__(self) -> None:
        # Steering over two hours must always reach its target from any state of charge.
        if self.max_power_w * 2 < self.capacity_kwh * 1000:
            raise ValueError("battery power below 0.5 C cannot be steered to its night target")


@dataclass(frozen=True, slots=True)  # slots: one per plant read, where a dict cost 150 bytes more
class PlantModel:
    """What the physics needs to know about a plant; the world builds one per plant."""

    key: str
    latitude: float
    longitude: float
    timezone: str
    peak_kw: float
    base_load_w: float
    battery: Battery | None
    # Every cached physics function is keyed by the model: its hash is worked out once, not per lookup.
    hash_value: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hash_value", hash((self.key, self.latitude, self.longitude, self.timezone,
                                                     self.peak_kw, self.base_load_w, self.battery)))  # fmt: skip

    def __hash__(self) -> int:
        return self.hash_value

    @staticmethod
    def physical(
        key: str,
        latitude: float,
        longitude: float,
        timezone: str,
        peak_kw: float,
        base_load_w: float,
        battery: Battery | None,
    ) -> PlantModel:
        """A model whose figures the physics can compute with, whatever a client wrote: a latitude
        within the poles, a longitude taken round the globe, and a peak and load within
        ``MAX_PEAK_KW`` and ``MAX_LOAD_W`` (nothing non-finite or negative reaches a formula)."""
        return PlantModel(
            key=key,
            latitude=bounded(latitude, -90.0, 90.0),
            longitude=round_the_globe(longitude),
            timezone=timezone,
            peak_kw=bounded(peak_kw, 0.0, MAX_PEAK_KW),
            base_load_w=bounded(base_load_w, 0.0, MAX_LOAD_W),
            battery=battery,
        )


# The largest single PV plants are a few GW; a household draws kilowatts. Anything beyond is a typo
# or a fuzzer, and is computed as these (the plant's own record keeps what was written).
MAX_PEAK_KW = 10_000_000.0
MAX_LOAD_W = 1_000_000_000.0


def bounded(value: float, low: float, high: float) -> float:
    """``value`` within ``low`` and ``high`` (itself when within them); not a number counts as 0."""
    return min(max(0.0 if math.isnan(value) else value, low), high)


def round_the_globe(longitude: float) -> float:
    """A longitude within -180..180: itself when within, else taken round the globe (0 if not finite)."""
    if -180.0 <= longitude <= 180.0:
        return longitude
    return (longitude + 180.0) % 360.0 - 180.0 if math.isfinite(longitude) else 0.0


@dataclass(frozen=True, slots=True)
class Slot:
    """Average powers over one 5-minute slot and the state of charge at its start."""

    start: datetime
    pv_w: float
    load_w: float
    battery_w: float
    grid_w: float
    soc_pct: float | None

    @property
    def charge_w(self) -> float:
        return max(0.0, -self.battery_w)

    @property
    def discharge_w(self) -> float:
        return max(0.0, self.battery_w)

    @property
    def import_w(self) -> float:
        return max(0.0, self.grid_w)

    @property
    def export_w(self) -> float:
        return max(0.0, -self.grid_w)


# Each field's slot setter, in the order of ``Slot``'s fields.
SLOT_SETTERS = tuple(
    getattr(Slot, name).__set__ for name in ("start", "pv_w", "load_w", "battery_w", "grid_w", "soc_pct")
)


def slot_maker() -> Callable[[datetime, float, float, float, float, float | None], Slot]:
    """``Slot(...)`` for a day's loop: the frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which cost half of building a slot; this sets the same six slots directly
    (an equal object, which nothing can tell apart)."""
    new = object.__new__
    start, pv_w, load_w, battery_w, grid_w, soc_pct = SLOT_SETTERS

    def make(start_at: datetime, pv: float, load: float, battery: float, grid: float, soc: float | None) -> Slot:
        slot: Slot = new(Slot)
        start(slot, start_at)
        pv_w(slot, pv)
        load_w(slot, load)
        battery_w(slot, battery)
        grid_w(slot, grid)
        soc_pct(slot, soc)
        return slot

    return make


new_slot = slot_maker()


# Energies are summed as whole deci-watt slots, so every total is exact and a counter built from
# them can never step backwards through floating-point rounding.
KWH_PER_UNIT = SLOT_HOURS / 10 / 1000


def units(watts: float) -> int:
    return round(watts * 10)


# ``rounded``'s shortcut holds while a scaled value's own rounding error (half its last place, below
# 2**-13 under this bound) stays far inside the margin it keeps from a half: 2**40 leaves 0.001 unused.
SHORTCUT_BELOW = float(2**40)
# Added to and taken from a double below 2**51, 1.5 * 2**52 leaves it rounded to a whole number, halves to
# even (the sum's last place is 1, and the hardware rounds to nearest, ties to even): ``round(x)`` as a
# double, at less than half the cost of the call and its int.
WHOLE_MAKER = 1.5 * 2.0**52


def rounded(values: Iterable[float], places: int) -> list[float]:
    """``[round(value, places) for value in values]``, the same floats, at about a third of the cost.

    ``round`` rounds the exact value to ``places`` decimals (halves to even) and answers the double nearest
    that decimal: ``k / 10**places`` for the whole number ``k`` it rounded to, which one correctly rounded
    division gives. ``k`` is the scaled value's nearest whole number wherever that is more than 0.001 from
    a half (the scaling's error is far smaller); a ``k`` of 0 is a zero of the value's sign (``value *
    0.0``). Near a half, beyond ``SHORTCUT_BELOW`` or not finite, ``round`` itself answers."""
    scale = 10.0**places
    high = SHORTCUT_BELOW
    low = -high
    maker = WHOLE_MAKER
    out: list[float] = []
    append = out.append
    for value in values:
        scaled = value * scale
        if low < scaled < high:
            whole = (scaled + maker) - maker
            if -0.499 < scaled - whole < 0.499:
                append(whole / scale or value * 0.0)
                continue
        append(round(value, places))
    return out


def rounded_runs(values: Iterable[float], places: int) -> list[float]:
    """``rounded``, each run of equal values that are not zero rounded once: a battery's state of charge
    stands still for hours (empty through the night, full at noon: two slots in five of a fleet's days),
    and rounding is the dearest step of its column. Equal values that are not zero are one double, so one
    rounding; a zero is rounded each time (0.0 and -0.0 are equal, and each rounds to itself), and a NaN
    equals nothing."""
    scale = 10.0**places
    high = SHORTCUT_BELOW
    low = -high
    maker = WHOLE_MAKER
    out: list[float] = []
    append = out.append
    last = made = math.nan
    for value in values:
        if value == last and value:
            append(made)
            continue
        last = value
        scaled = value * scale
        if low < scaled < high:
            whole = (scaled + maker) - maker
            if -0.499 < scaled - whole < 0.499:
                made = whole / scale or value * 0.0
                append(made)
                continue
        made = round(value, places)
        append(made)
    return out


def whole_floats(values: Iterable[float]) -> list[float]:
    """``[float(round(value)) for value in values]``, the same floats, at about half the cost (``round``
    makes an int, ``float`` a double again). Below ``SHORTCUT_BELOW``, adding and taking ``WHOLE_MAKER``
    rounds to the whole double, halves to even as ``round`` does, and a zero it makes is +0.0, as the
    int 0 made a float is; beyond it, or not finite, ``round`` answers (and refuses what it refuses)."""
    high = SHORTCUT_BELOW
    low = -high
    maker = WHOLE_MAKER
    return [(value + maker) - maker if low < value < high else float(round(value)) for value in values]


@dataclass(frozen=True)
class DayEnergy:
    """Energies of a whole day or part of one: the integral of the slots, kept in exact units."""

    pv_units: int = 0
    load_units: int = 0
    charge_units: int = 0
    discharge_units: int = 0
    import_units: int = 0
    export_units: int = 0
    grid_charge_units: int = 0

    @staticmethod
    def of(slots: Sequence[Slot]) -> DayEnergy:
        return DayLedger.of(slots).total

    def __add__(self, other: DayEnergy) -> DayEnergy:
        return DayEnergy(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.pv_units, self.load_units, self.charge_units, self.discharge_units,
                self.import_units, self.export_units, self.grid_charge_units)  # fmt: skip

    @property
    def pv(self) -> float:
        return self.pv_units * KWH_PER_UNIT

    @property
    def load(self) -> float:
        return self.load_units * KWH_PER_UNIT

    @property
    def charge(self) -> float:
        return self.charge_units * KWH_PER_UNIT

    @property
    def discharge(self) -> float:
        return self.discharge_units * KWH_PER_UNIT

    @property
    def grid_import(self) -> float:
        return self.import_units * KWH_PER_UNIT

    @property
    def grid_export(self) -> float:
        return self.export_units * KWH_PER_UNIT

    @property
    def grid_charge(self) -> float:
        return self.grid_charge_units * KWH_PER_UNIT


ENERGY_FIELDS = 7  # the fields of DayEnergy, in order


@dataclass(frozen=True)
class DayLedger:
    """Running sums of a day's energies, so the energy of its first ``count`` slots costs the same
    at midnight as at 23:55: entry ``count`` holds the seven fields of ``DayEnergy`` in order."""

    sums: array[int]

    @staticmethod
    def of(slots: Sequence[Slot]) -> DayLedger:
        return DayLedger.of_figures(
            *(map(attrgetter(name), slots) for name in ("pv_w", "load_w", "battery_w", "grid_w"))
        )

    @staticmethod
    def of_figures(
        pv_ws: Iterable[float], load_ws: Iterable[float], battery_ws: Iterable[float], grid_ws: Iterable[float]
    ) -> DayLedger:
        """``of`` the slots of these figures (``DayColumns``' fields): a kept day's rows need no slots."""
        columns = [
            figures if isinstance(figures, list) else list(figures) for figures in (pv_ws, load_ws, battery_ws, grid_ws)
        ]
        sums = summed_units(columns)
        return DayLedger(sums if sums is not None else DayLedger.added_slot_by_slot(*columns))

    @staticmethod
    def added_slot_by_slot(
        pv_ws: Iterable[float], load_ws: Iterable[float], battery_ws: Iterable[float], grid_ws: Iterable[float]
    ) -> array[int]:
        """``of_figures``' sums, each slot's units added in turn: the powers ``summed_units`` leaves."""
        sums = array("q", bytes(8 * ENERGY_FIELDS))
        pv = load = charge = discharge = imported = exported = grid_charge = 0
        # ``units`` of each power written out: round(watts * 10). A power that is zero adds nothing and is
        # not rounded (night's PV, the direction the battery and the grid are not going): about half of a
        # slot's seven roundings, the same sums.
        for pv_w, load_w, battery, grid in zip(pv_ws, load_ws, battery_ws, grid_ws, strict=True):
            if pv_w:
                pv += round(pv_w * 10)
            load += round(load_w * 10)
            if battery < 0:
                charge += round(-battery * 10)
                if grid > 0:  # min(charge_w, import_w): both positive only here
                    grid_charge += round(min(-battery, grid) * 10)
            elif battery > 0:
                discharge += round(battery * 10)
            if grid > 0:
                imported += round(grid * 10)
            elif grid < 0:
                exported += round(-grid * 10)
            sums.extend((pv, load, charge, discharge, imported, exported, grid_charge))
        return sums

    def __len__(self) -> int:
        """The number of slots summed."""
        return len(self.sums) // ENERGY_FIELDS - 1

    def upto(self, count: int) -> DayEnergy:
        """The energies of the first ``count`` slots."""
        count = max(0, min(count, len(self)))
        start = count * ENERGY_FIELDS
        return DayEnergy(*self.sums[start : start + ENERGY_FIELDS])

    @property
    def total(self) -> DayEnergy:
        return self.upto(len(self))


# Powers ``summed_units`` and ``units_total`` take: ten times one is far below 2**51 (where ``WHOLE_MAKER``
# rounds it), and the sums of fewer than ``MOST_SLOTS`` (2**12) such units stay below 2**53, where every
# whole number is a double.
UNITS_BELOW = float(2**36)
MOST_SLOTS = 4096


def summed_units(columns: Sequence[Sequence[float]]) -> array[int] | None:
    """``DayLedger.of_figures``' running sums of PV, load, battery and grid powers (equal lists), column by
    column instead of slot by slot (``running_units``), the seven fields interleaved by slices and packed
    at once. None where ``running_units`` is, for the slot by slot sums to answer; about 0.8 of their cost."""
    fields = running_units(columns)
    if fields is None:
        return None
    sums = [0] * (ENERGY_FIELDS * (len(columns[0]) + 1))
    for offset, running in enumerate(fields):
        sums[ENERGY_FIELDS + offset :: ENERGY_FIELDS] = running
    return array("q", int64s(len(sums)).pack(*sums))


def running_units(columns: Sequence[Sequence[float]]) -> list[list[int]] | None:
    """``summed_units``' sums a list per field of ``DayEnergy``, in its order (entry ``n``: the first
    ``n + 1`` slots'), not interleaved and packed: a kept history day reads each field's sums on their own,
    and packing and slicing them again cost half of working them out. Each power's units
    (``round(watts * 10)``) made a whole double by ``WHOLE_MAKER``, their running sums taken in C (exact:
    whole doubles below 2**53). A charge, discharge, import or export is a power's units where its sign
    says so (``round`` is symmetric), and the grid's charge the lesser of charge and import (``round`` of
    a product by 10 never reverses an order). None where a power is not finite or too large for this (or a
    column's length differs)."""
    count = len(columns[0])
    if count >= MOST_SLOTS or any(len(figures) != count for figures in columns):
        return None
    high = UNITS_BELOW
    low = -high
    if count and not all(low < min(figures) and max(figures) < high for figures in columns):
        return None
    maker, floor = WHOLE_MAKER, math.floor
    try:
        pv, load, battery, grid = ([floor((watts * 10.0 + maker) - maker) for watts in figures] for figures in columns)
    except (ValueError, OverflowError):  # a NaN the bounds passed over
        return None
    charge = [-units if units < 0 else 0 for units in battery]
    imported = [units if units > 0 else 0 for units in grid]
    discharge = [units if units > 0 else 0 for units in battery]
    exported = [-units if units < 0 else 0 for units in grid]
    grid_charge = [c if c < i else i for c, i in zip(charge, imported, strict=True)]
    return [
        list(accumulate(field_units)) for field_units in (pv, load, charge, discharge, imported, exported, grid_charge)
    ]


@lru_cache(maxsize=64)
def int64s(count: int) -> struct.Struct:
    """A packer of ``count`` native 64-bit integers: an array of them made from its bytes, at less than
    half the cost of converting a list item by item."""
    return struct.Struct(f"={count}q")


@dataclass(frozen=True)
class SunDay:
    """The sun's course over one UTC day at one place: declination and equation of time are taken
    at the day's noon, so each moment costs one cosine (NOAA's low-precision solar position)."""

    sin_lat_sin_dec: float
    cos_lat_cos_dec: float
    offset_minutes: float

    @staticmethod
    def of(latitude: float, longitude: float, day: date) -> SunDay:
        gamma = 2 * math.pi / 365 * (day.timetuple().tm_yday - 1)
        declination = declination_of(gamma)
        equation_of_time = 229.18 * (
            0.000075
            + 0.001868 * math.cos(gamma)
            - 0.032077 * math.sin(gamma)
            - 0.014615 * math.cos(2 * gamma)
            - 0.040849 * math.sin(2 * gamma)
        )
        lat = math.radians(latitude)
        return SunDay(
            math.sin(lat) * math.sin(declination),
            math.cos(lat) * math.cos(declination),
            equation_of_time + 4 * longitude,
        )

    def fraction(self, when: datetime) -> float:
        """Global horizontal irradiance as a fraction of 1000 W/m² (Haurwitz clear-sky model)."""
        return self.fraction_at(when.hour * 60 + when.minute + when.second / 60)

    def fraction_at(self, minutes: float) -> float:
        """``fraction`` at ``minutes`` past midnight UTC on the day."""
        solar_minutes = minutes + self.offset_minutes
        cos_zenith = self.sin_lat_sin_dec + self.cos_lat_cos_dec * math.cos(math.radians(solar_minutes / 4 - 180))
        if cos_zenith <= 0.01:
            return 0.0
        return 1.098 * cos_zenith * math.exp(-0.057 / cos_zenith)


def declination_of(gamma: float) -> float:
    """The sun's declination in radians at ``gamma``, the year's fraction in radians (NOAA)."""
    return (
        0.006918
        - 0.399912 * math.cos(gamma)
        + 0.070257 * math.sin(gamma)
        - 0.006758 * math.cos(2 * gamma)
        + 0.000907 * math.sin(2 * gamma)
    )


def clear_sky_fraction(latitude: float, longitude: float, when: datetime) -> float:
    utc = when.astimezone(UTC)
    return SunDay.of(latitude, longitude, utc.date()).fraction(utc)


KNOTS = 27  # hourly cloud knots: a day of 23, 24 or 25 hours and the hour after


@dataclass(frozen=True)
class Clouds:
    """A plant-day's cloudiness: an overcast level and hourly knots, the first draws of its noise."""

    overcast: float
    knots: tuple[float, ...]

    @staticmethod
    def draw(rng: random.Random) -> Clouds:
        overcast = rng.random() ** 2 * 0.85
        return Clouds(overcast, draws(rng, KNOTS))

    def factor(self, slot: int) -> float:
        """Cloudiness: the day's overcast level, varying smoothly between hourly knots."""
        knot, within = divmod(slot, SLOTS_PER_HOUR)
        a, b = self.knots[knot], self.knots[knot + 1]
        variation = a + (b - a) * SMOOTH_STEPS[within]
        return 1.0 - self.overcast * (0.4 + 0.6 * variation)


SLOTS_PER_HOUR = 60 // SLOT_MINUTES
# The smoothstep of each slot within its hour (``Clouds.factor``'s blend), worked out once.
SMOOTH_STEPS = tuple(3 * blend**2 - 2 * blend**3 for blend in (w / SLOTS_PER_HOUR for w in range(SLOTS_PER_HOUR)))


# A day's load noise is drawn for the longest day a zone has: 26 hours, where Antarctica/Troll turns its
# clock back two hours (300 draws, for 25 hours, failed that day with an error). The draws come after the
# same clouds in the same order, so every shorter day's numbers are what they were.
MOST_DAY_SLOTS = SLOTS_PER_DAY + 2 * SLOTS_PER_HOUR


def draws(rng: random.Random, count: int) -> tuple[float, ...]:
    """The next ``count`` numbers of ``rng``, in order: the calls made in C, half the cost of a generator's."""
    return tuple(starmap(rng.random, repeat((), count)))


def noise_source(key: str, day: date) -> random.Random:
    return random.Random(f"{key}|{day.isoformat()}")


@dataclass(frozen=True)
class DayNoise:
    """All seeded randomness of one plant-day, drawn at once: overcast level, hourly cloud knots, load noise."""

    clouds: Clouds
    load: tuple[float, ...]

    @staticmethod
    def of(key: str, day: date) -> DayNoise:
        rng = noise_source(key, day)
        clouds = Clouds.draw(rng)
        return DayNoise(clouds, draws(rng, MOST_DAY_SLOTS))

    def cloud_factor(self, slot: int) -> float:
        return self.clouds.factor(slot)


# The plant-day whose noise was drawn last, and that noise: a day's physics draws its load noise, then its
# PV (``pv_series``) draws the same clouds from the same seed, which seeding again cost a new day 1 %.
LAST_NOISE: list[tuple[str, date, DayNoise] | None] = [None]


def day_noise(key: str, day: date) -> DayNoise:
    """``DayNoise.of(key, day)``, kept as the last drawn (one tuple, replaced whole: safe across threads)."""
    noise = DayNoise.of(key, day)
    LAST_NOISE[0] = (key, day, noise)
    return noise


def day_clouds(key: str, day: date) -> Clouds:
    """The clouds of the plant-day: the last drawn noise's where it is this day's, else drawn anew."""
    kept = LAST_NOISE[0]
    if kept is not None and kept[0] == key and kept[1] == day:
        return kept[2].clouds
    return Clouds.draw(noise_source(key, day))


def household_load(plant: PlantModel, local: datetime, noise: float) -> float:
    return round(plant.base_load_w * (LOAD_SHAPE[local.hour * 60 + local.minute] + 0.6 * noise), 1)


def load_shape(minute: int) -> float:
    """The household's load at ``minute`` past local midnight in base loads, before its noise: morning
    and evening peaks."""
    hour = minute // 60 + minute % 60 / 60
    morning = math.exp(-(((hour - 7.5) / 1.2) ** 2))
    evening = math.exp(-(((hour - 19.5) / 2.0) ** 2))
    return 1 + 1.8 * morning + 2.6 * evening


# By minute of the day: the same sums as worked out per slot (so the same loads to the last bit).
LOAD_SHAPE = tuple(load_shape(minute) for minute in range(24 * 60))


def night_target(plant: PlantModel, day: date) -> float:
    """The state of charge the battery is steered to at the end of ``day`` (and so starts the next)."""
    assert plant.battery is not None
    low = plant.battery.reserve_pct + 5
    return round(low + (80 - low) * unit_hash(plant.key, day, "night-target"), 2)


def dispatch(battery: Battery, soc: float, surplus_w: float, slots_left: int, target: float) -> float:
    """Battery power for one slot, positive when discharging; in the last two hours of the day it
    steers to ``target``, reached exactly at midnight."""
    wh_per_pct = battery.capacity_kwh * 10
    room_w = (battery.ceiling_pct - soc) * wh_per_pct / SLOT_HOURS
    available_w = (soc - battery.reserve_pct) * wh_per_pct / SLOT_HOURS
    if slots_left <= STEER_SLOTS:
        wanted = -(target - soc) * wh_per_pct / (slots_left * SLOT_HOURS)
        return max(-battery.max_power_w, min(battery.max_power_w, wanted))
    if surplus_w > 0:
        return -max(0.0, min(surplus_w, battery.max_power_w, room_w))
    return max(0.0, min(-surplus_w, battery.max_power_w, available_w))


CommandMode = Literal["to_soc", "pv_charge", "follow_load", "self_use"]


@dataclass(frozen=True)
class BatteryCommand:
    """An order overriding the battery's own schedule from ``start`` to ``end`` (aware datetimes).

    ``to_soc``: run at ``power_w`` (positive discharges) until the state of charge reaches ``soc_pct``;
    ``pv_charge``: charge from PV alone, at most ``|power_w|``, up to ``soc_pct``;
    ``follow_load``: cover the household's deficit or store its surplus, at most ``|power_w|``, between
    the battery's reserve and ceiling; ``self_use``: the same, never below ``soc_pct`` (a cut-off: 100
    forbids discharging). Always within the battery's own power and 0..ceiling %."""

    start: datetime
    end: datetime
    mode: CommandMode
    power_w: float
    soc_pct: float

    def covers(self, start: datetime, seconds: float) -> float:
        """The share of the interval from ``start`` lasting ``seconds`` that this command covers."""
        stop = start + timedelta(seconds=seconds)
        overlap = (min(self.end, stop) - max(self.start, start)).total_seconds()
        return max(0.0, overlap) / seconds


def commanded_power(
    battery: Battery, command: BatteryCommand, soc: float, pv_w: float, load_w: float, share: float
) -> float:
    """The battery's power under ``command`` for ``share`` of a slot, starting at ``soc``: never past
    the command's limit in its direction, nor beyond the battery's power or 0..ceiling %."""
    wh_per_pct = battery.capacity_kwh * 10
    magnitude = min(abs(command.power_w), battery.max_power_w)
    if command.mode == "to_soc":
        wanted = math.copysign(magnitude, command.power_w) if command.power_w else 0.0
        floor, ceiling = max(command.soc_pct, 0.0), min(command.soc_pct, battery.ceiling_pct)
    elif command.mode == "pv_charge":
        wanted = -min(magnitude, pv_w)
        floor, ceiling = soc, min(command.soc_pct, battery.ceiling_pct)
    else:
        wanted = max(-magnitude, min(magnitude, load_w - pv_w))
        floor, ceiling = battery.reserve_pct, battery.ceiling_pct
        if command.mode == "self_use":
            floor = max(floor, command.soc_pct)
    hours = share * SLOT_HOURS
    if wanted > 0:  # discharging: down to the floor at most
        return min(wanted, max(0.0, soc - floor) * wh_per_pct / hours)
    return max(wanted, -max(0.0, ceiling - soc) * wh_per_pct / hours)


@lru_cache(maxsize=16384)
def day_frame(timezone: str, day: date) -> tuple[datetime, int]:
    """The UTC instant of local midnight and the number of 5-minute slots in the local day
    (276 or 300 on daylight-saving changes, else 288)."""
    zone = ZoneInfo(timezone)
    start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=zone).astimezone(UTC)
    return start, int((end - start).total_seconds() // (SLOT_MINUTES * 60))


def slot_starts(plant: PlantModel, day: date) -> list[datetime]:
    """Each slot's start in UTC: real 5-minute steps, so a short or long day has fewer or more."""
    return list(zone_day_starts(plant.timezone, day)[0])


# Two datetimes a slot (48 bytes each) and the tuples holding them.
ZONE_DAY_SLOT_BYTES = 2 * (48 + 8)


@byte_cache(2 << 20, lambda starts: 128 + ZONE_DAY_SLOT_BYTES * len(starts[0]))
def zone_day_starts(timezone: str, day: date) -> tuple[tuple[datetime, ...], tuple[datetime, ...]]:
    """Each slot's start of the local ``day`` in UTC and in the zone's local time. Every plant of a zone
    shares them: a simulated day's slots hold these datetimes instead of 288 of their own (48 bytes a
    slot), and simulating a day converts no instant to local time."""
    start, count = day_frame(timezone, day)
    zone = ZoneInfo(timezone)
    steps = SLOT_STEPS[:count] if count <= len(SLOT_STEPS) else [SLOT_STEP * n for n in range(count)]
    utc = tuple(map(start.__add__, steps))
    first, middle, last = (utc[n].astimezone(zone) for n in (0, count // 2, count - 1))
    if count == SLOTS_PER_DAY and first.utcoffset() == middle.utcoffset() == last.utcoffset():
        # No offset change within the day: each slot's local time is the first's plus its steps on the
        # wall clock, equal to converting it (and ten times cheaper than converting 288 instants).
        return utc, tuple(map(first.__add__, steps))
    return utc, tuple(instant.astimezone(zone) for instant in utc)


SLOT_STEP = timedelta(minutes=SLOT_MINUTES)
# Each slot's offset from the day's first, made once: a new zone-day adds them to its first start in
# one pass instead of multiplying a step per slot (half of building a zone-day's 2 x 288 datetimes).
SLOT_STEPS = tuple(SLOT_STEP * n for n in range(SLOTS_PER_DAY + 2 * 60 // SLOT_MINUTES))


@byte_cache(8 << 20, array_bytes)
def pv_series(plant: PlantModel, day: date) -> array[float]:
    """PV power of every slot: the sun at the slot's middle, times the day's seeded clouds.

    Slots are counted in seconds from local midnight in UTC rather than built as datetimes: the same
    numbers as ``SunDay.fraction`` of each slot's middle, at a fraction of the cost."""
    clouds = day_clouds(plant.key, day)
    peak = plant.peak_kw * 1000 * 0.85
    start, count = day_frame(plant.timezone, day)
    first = start.hour * 3600 + start.minute * 60 + start.second + SLOT_SECONDS // 2
    series = array("d", bytes(8 * count))  # night is 0.0 W
    # SunDay.fraction_at and Clouds.factor written out in the loop (the same operations in the same
    # order, so the same numbers): a day has a UTC day or two, and the calls cost more than the sums.
    # ``radians`` is its own product by pi / 180; the slots the sun is surely down in are not visited.
    # ``/ 4 - 180`` is written ``* 0.25 - 180.0``: a quarter is exact, so the product is the quotient to the
    # last bit, and two doubles take the interpreter's float fast path where an int took the generic one.
    cos, exp, to_radians = math.cos, math.exp, RADIANS_PER_DEGREE
    overcast = clouds.overcast
    # each hour's knot and its rise to the next, the very difference ``Clouds.factor`` takes per slot
    knots = clouds.knots
    rises = list(zip(knots[:-1], map(float.__sub__, knots[1:], knots), strict=True))
    maker, high = WHOLE_MAKER, SHORTCUT_BELOW
    low = -high
    begun = 0
    while begun < count:  # a run of slots per UTC day the local day touches
        shift, seconds = divmod(first + begun * SLOT_SECONDS, DAY_SECONDS)
        sun = SunDay.of(plant.latitude, plant.longitude, start.date() + timedelta(days=shift))
        sin_part, cos_part, offset = sun.sin_lat_sin_dec, sun.cos_lat_cos_dec, sun.offset_minutes
        step, phase = divmod(seconds, SLOT_SECONDS)
        run = slot_minutes(phase)[step : step + count - begun]
        for first_lit, after_lit in sunlit_spans(sin_part, cos_part, offset, run):
            powers: list[float] = []
            append = powers.append
            lit_clouds = SLOT_CLOUDS[begun + first_lit : begun + after_lit]
            for minutes, (knot, smooth) in zip(run[first_lit:after_lit], lit_clouds, strict=True):
                cos_zenith = sin_part + cos_part * cos(((minutes + offset) * 0.25 - 180.0) * to_radians)
                if cos_zenith <= 0.01:
                    append(0.0)
                    continue
                a, rise = rises[knot]
                fraction = 1.098 * cos_zenith * exp(-0.057 / cos_zenith)
                power = peak * fraction * (1.0 - overcast * (0.4 + 0.6 * (a + rise * smooth)))
                tenths = power * 10.0  # round(power, 1) as ``rounded`` works it out, written out
                if low < tenths < high:
                    whole = (tenths + maker) - maker
                    if -0.499 < tenths - whole < 0.499:
                        append(whole / 10.0 or power * 0.0)
                        continue
                append(round(power, 1))
            series[begun + first_lit : begun + after_lit] = array("d", powers)
        begun += len(run)
    return series


RADIANS_PER_DEGREE = math.pi / 180  # math.radians's own factor (CPython: x * (Py_MATH_PI / 180.0))
# Each slot's cloud knot and its smoothstep within the hour (``Clouds.factor``'s divmod), for any day's length.
SLOT_CLOUDS = tuple((n // SLOTS_PER_HOUR, SMOOTH_STEPS[n % SLOTS_PER_HOUR]) for n in range(KNOTS * SLOTS_PER_HOUR))
# How far past the horizon (in hour angle) a slot is still computed: two degrees, many orders of magnitude
# above the rounding of the bounds, so a slot left out is one whose sun is certainly below 0.01.
SUNLIT_MARGIN_DEGREES = 2.0


def sunlit_spans(sin_part: float, cos_part: float, offset: float, run: Sequence[float]) -> list[tuple[int, int]]:
    """The index spans of ``run`` (minutes past UTC midnight, a slot apart) that may have the sun above
    ``fraction_at``'s 0.01 on a day of ``SunDay`` parts: every slot outside them is night (0 W). Found from
    the hour angle at which the sun crosses 0.01, widened by a margin; the whole run where the sun is
    near the pole's (a tiny ``cos_part``, where the margin would not outweigh the rounding)."""
    if not run:
        return []
    whole = [(0, len(run))]
    if not cos_part > 1e-3:
        return whole
    threshold = (0.01 - sin_part) / cos_part  # the cosine of the hour angle the sun crosses 0.01 at
    if threshold > 1.0 + 1e-6:
        return []  # below all day
    half_width = math.degrees(math.acos(max(-1.0, min(1.0, threshold)))) + SUNLIT_MARGIN_DEGREES
    if half_width >= 180.0:
        return whole
    first = run[0]
    spans: list[tuple[int, int]] = []
    # the hour angle (minutes + offset) / 4 - 180 is 0 at noon, every 360 degrees: 1440 minutes apart
    angle_low, angle_high = (first + offset) / 4 - 180, (run[-1] + offset) / 4 - 180
    for turn in range(math.floor((angle_low - half_width) / 360), math.ceil((angle_high + half_width) / 360) + 1):
        noon = 4 * (180 + 360 * turn) - offset  # minutes past UTC midnight
        low = math.floor((noon - 4 * half_width - first) / SLOT_MINUTES) - 1
        high = math.ceil((noon + 4 * half_width - first) / SLOT_MINUTES) + 2
        low, high = max(low, 0), min(high, len(run))
        if low < high:
            if spans and low <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(high, spans[-1][1]))
            else:
                spans.append((low, high))
    return spans


@lru_cache(maxsize=4)
def slot_minutes(phase: int) -> tuple[float, ...]:
    """The minutes past UTC midnight (``SunDay.fraction``'s ``hour * 60 + minute + second / 60``) of each
    instant ``phase`` seconds past a multiple of a slot, through the UTC day: worked out per slot, they
    cost ``pv_series`` a quarter of its time. Zones' offsets are whole quarter hours, so a slot's middle
    is always the same phase (150 s): one table of 288 numbers, held once."""
    return tuple(seconds // 60 + (seconds % 60) / 60 for seconds in range(phase, DAY_SECONDS, SLOT_SECONDS))


def begun_pv(plant: PlantModel, day: date, count: int) -> tuple[Sequence[datetime], Sequence[float]]:
    """The local start and PV power of the first ``count`` slots of ``day``, the values ``simulate_day``'s
    slots hold (its PV is ``pv_series``', its starts the zone-day's), without simulating load and
    battery: a history of PV alone (Growatt plant/power, APsystems' points) paid for the whole day's
    dispatch, about three quarters of a day's physics."""
    return zone_day_starts(plant.timezone, day)[1][:count], pv_series(plant, day)[:count]


# A day's units and its key (the model, shared; a date and an int): the short spans counters sum day by
# day (counters.FEW_DAYS) are asked again by every call that counts them.
DAY_UNITS_BYTES = 160


@byte_cache(512 << 10, lambda found: DAY_UNITS_BYTES)
def day_pv_units(plant: PlantModel, day: date) -> int:
    """A whole day's PV energy in exact units, without simulating load or battery."""
    return units_total(pv_series(plant, day))


def units_total(powers: Sequence[float]) -> int:
    """``sum(slot_units(powers))``: each lit slot's units a whole double (``WHOLE_MAKER``), added exactly as
    doubles (below 2**53, see ``UNITS_BELOW``) and made an int once: two thirds of the cost of an int each."""
    count = len(powers)
    if 0 < count < MOST_SLOTS and min(powers) > -UNITS_BELOW and max(powers) < UNITS_BELOW:
        maker = WHOLE_MAKER
        total = sum([(watts * 10.0 + maker) - maker for watts in powers if watts])
        if not math.isnan(total):  # a NaN the bounds passed over: ``round`` refuses it below
            return int(total)
    return sum(slot_units(powers))


UNITS_PER_WATT = 10.0


def slot_units(powers: Iterable[float]) -> Iterator[int]:
    """``units`` of each of ``powers`` (``round(watts * 10)``: the product is the same with 10.0), in C."""
    return map(round, map(UNITS_PER_WATT.__mul__, powers))


NO_POWER = 0.0


@byte_cache(32 << 20, slots_bytes)
def simulate_day(
    plant: PlantModel, day: date, commands: tuple[BatteryCommand, ...] = (), start_soc: float | None = None
) -> tuple[Slot, ...]:
    """Every slot of the plant-local ``day``, starts in plant-local time. ``commands`` are the battery
    commands touching the day; ``start_soc`` is where the day starts if not the previous night target.
    Both are part of the cache key, so a new command recomputes only the days it touches."""
    soc = None
    if plant.battery:
        soc = night_target(plant, day - timedelta(days=1)) if start_soc is None else start_soc
    target = night_target(plant, day) if plant.battery else 0.0
    noise = day_noise(plant.key, day).load
    starts, locals_ = zone_day_starts(plant.timezone, day)
    battery = plant.battery
    base_load = plant.base_load_w
    count = len(starts)
    shapes = load_shapes(locals_)
    slots = []
    if battery is not None and soc is not None and not commands:
        return scheduled_day(battery, soc, target, locals_, pv_series(plant, day), shapes, noise, base_load)
    for n, (start, local, pv) in enumerate(zip(starts, locals_, pv_series(plant, day), strict=True)):
        if not pv and math.copysign(1.0, pv) > 0:
            pv = NO_POWER  # night: one shared 0.0 instead of a float object (24 bytes) per slot
        load = round(base_load * (shapes[n] + 0.6 * noise[n]), 1)  # household_load, written out
        if battery is None or soc is None:
            slots.append(new_slot(local, pv, load, 0.0, load - pv - 0.0, None))
            continue
        battery_w = slot_battery_power(battery, soc, pv, load, count - n, target, start, commands)
        slots.append(new_slot(local, pv, load, battery_w, load - pv - battery_w, round(soc, 6)))
        soc -= battery_w * SLOT_HOURS / (battery.capacity_kwh * 10)
    return tuple(slots)


# Each slot's load shape on a day of 288 slots from midnight on the wall clock (minute 5n for slot n).
WALL_DAY_SHAPES = LOAD_SHAPE[::SLOT_MINUTES]


def load_shapes(locals_: Sequence[datetime]) -> Sequence[float]:
    """``LOAD_SHAPE`` at each local slot start's minute of the day: on a regular day, the shapes of every
    fifth minute, shared; on a day whose clock changes, looked up slot by slot."""
    first, last = locals_[0], locals_[-1]
    if (
        len(locals_) == SLOTS_PER_DAY
        and (first.hour, first.minute, last.hour, last.minute) == (0, 0, 23, 60 - SLOT_MINUTES)
        and first.utcoffset() == last.utcoffset()
    ):
        return WALL_DAY_SHAPES
    return [LOAD_SHAPE[local.hour * 60 + local.minute] for local in locals_]


def scheduled_day(
    battery: Battery,
    soc: float,
    target: float,
    locals_: Sequence[datetime],
    pvs: Sequence[float],
    shapes: Sequence[float],
    noise: Sequence[float],
    base_load: float,
) -> tuple[Slot, ...]:
    """``simulate_day``'s slots of a day with a battery and no commands: ``scheduled_columns``' figures,
    a slot each (``new_slot`` written out)."""
    figures = scheduled_columns(battery, soc, target, len(locals_), pvs, shapes, noise, base_load)
    new = object.__new__
    set_start, set_pv, set_load, set_battery, set_grid, set_soc = SLOT_SETTERS
    slots = []
    for local, pv, load, battery_w, grid_w, soc_pct in zip(locals_, *figures.fields(), strict=True):
        slot = new(Slot)
        set_start(slot, local)
        set_pv(slot, pv)
        set_load(slot, load)
        set_battery(slot, battery_w)
        set_grid(slot, grid_w)
        set_soc(slot, soc_pct)
        slots.append(slot)
    return tuple(slots)


@dataclass(frozen=True, slots=True)
class DayColumns:
    """A day's slot figures as ``Slot`` holds them, a list per field (without the starts): what a kept
    history day is written from, where a slot object per row was a fifth of its cost."""

    pv_w: Sequence[float]
    load_w: Sequence[float]
    battery_w: Sequence[float]
    grid_w: Sequence[float]
    soc_pct: Sequence[float | None]

    def fields(
        self,
    ) -> tuple[Sequence[float], Sequence[float], Sequence[float], Sequence[float], Sequence[float | None]]:
        return self.pv_w, self.load_w, self.battery_w, self.grid_w, self.soc_pct

    @staticmethod
    def of(slots: Sequence[Slot]) -> DayColumns:
        return DayColumns(*(list(map(attrgetter(name), slots)) for name in SLOT_FIGURES))


SLOT_FIGURES = ("pv_w", "load_w", "battery_w", "grid_w", "soc_pct")


def day_columns(
    plant: PlantModel, day: date, commands: tuple[BatteryCommand, ...] = (), start_soc: float | None = None
) -> DayColumns:
    """``simulate_day``'s figures a list per field: worked out as columns for a battery day without
    commands (``scheduled_columns``, no slot made), else read off its slots."""
    battery = plant.battery
    if battery is None or commands:
        return DayColumns.of(simulate_day(plant, day, commands, start_soc))
    soc = night_target(plant, day - timedelta(days=1)) if start_soc is None else start_soc
    target = night_target(plant, day)
    noise = day_noise(plant.key, day).load
    count, shapes = day_load_shapes(plant.timezone, day)
    pvs = pv_series(plant, day)
    return scheduled_columns(battery, soc, target, count, pvs, shapes, noise, plant.base_load_w)


def day_load_shapes(timezone: str, day: date) -> tuple[int, Sequence[float]]:
    """The zone-day's count of slots and ``load_shapes`` of its local starts, without the starts on a day of
    288 slots from midnight to 23:55 on the wall clock: a new zone-day's 576 datetimes (``zone_day_starts``)
    were a thirteenth of a new AlphaCloud day, for nothing but their count and shapes."""
    if wall_clock_day(timezone, day):
        return SLOTS_PER_DAY, WALL_DAY_SHAPES
    locals_ = zone_day_starts(timezone, day)[1]
    return len(locals_), load_shapes(locals_)


@lru_cache(maxsize=4096)
def wall_clock_day(timezone: str, day: date) -> bool:
    """Whether the zone-day has 288 slots, its first instant at 00:00 and its last at 23:55 on the wall
    clock with the same offset, both converted as ``zone_day_starts`` converts them: its local starts'
    shapes are then ``WALL_DAY_SHAPES``. Either ``zone_day_starts`` writes the starts as the first plus
    a slot per slot (from 00:00: minute 5n for slot n), or it converts each instant, and ``load_shapes``
    sees what is checked here in its first and last."""
    start, count = day_frame(timezone, day)
    if count != SLOTS_PER_DAY:
        return False
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone), (start + SLOT_STEPS[count - 1]).astimezone(zone)
    return (first.hour, first.minute, last.hour, last.minute) == (0, 0, 23, 60 - SLOT_MINUTES) and (
        first.utcoffset() == last.utcoffset()
    )


def scheduled_columns(
    battery: Battery,
    soc: float,
    target: float,
    count: int,
    pvs: Sequence[float],
    shapes: Sequence[float],
    noise: Sequence[float],
    base_load: float,
) -> DayColumns:
    """The figures of a battery day's ``count`` slots without commands: ``dispatch`` for the whole of
    every slot, written out in the loop (the same operations in the same order, so the same numbers; the
    call and its attribute lookups cost more than the sums). Each load (``household_load``) and state of
    charge is rounded in the same loop, as ``rounded`` does it: a list and a pass fewer for each."""
    wh_per_pct = battery.capacity_kwh * 10
    ceiling, reserve, max_w = battery.ceiling_pct, battery.reserve_pct, battery.max_power_w
    copysign = math.copysign
    hours = SLOT_HOURS
    maker, high = WHOLE_MAKER, SHORTCUT_BELOW
    low = -high
    pv_ws: list[float] = []
    loads: list[float] = []
    battery_ws: list[float] = []
    grid_ws: list[float] = []
    socs: list[float | None] = []
    steer_from = count - STEER_SLOTS  # the first slot with STEER_SLOTS or fewer left
    low_w = -max_w
    # ``dispatch``'s min and max written as comparisons in their order (the builtins keep the first of
    # equals and pass over NaN alike): the same numbers without three calls a slot.
    for n, pv, shape, share in zip(range(count), pvs, shapes, noise[:count], strict=True):
        if not pv and copysign(1.0, pv) > 0:
            pv = NO_POWER  # night: one shared 0.0 instead of a float object (24 bytes) per slot
        load = base_load * (shape + 0.6 * share)
        tenths = load * 10.0  # round(load, 1)
        whole = (tenths + maker) - maker
        load = (
            (whole / 10.0 or load * 0.0) if low < tenths < high and -0.499 < tenths - whole < 0.499 else round(load, 1)
        )
        surplus_w = pv - load
        if n >= steer_from:
            wanted = -(target - soc) * wh_per_pct / ((count - n) * hours)
            bounded_w = wanted if wanted < max_w else max_w  # max(-max_w, min(max_w, wanted))
            power = bounded_w if bounded_w > low_w else low_w
        elif surplus_w > 0:
            bounded_w = surplus_w  # -max(0.0, min(surplus_w, max_w, room))
            if max_w < bounded_w:
                bounded_w = max_w
            room = (ceiling - soc) * wh_per_pct / hours
            if room < bounded_w:
                bounded_w = room
            power = -(bounded_w if bounded_w > 0.0 else 0.0)
        else:
            bounded_w = -surplus_w  # max(0.0, min(-surplus_w, max_w, room))
            if max_w < bounded_w:
                bounded_w = max_w
            room = (soc - reserve) * wh_per_pct / hours
            if room < bounded_w:
                bounded_w = room
            power = bounded_w if bounded_w > 0.0 else 0.0
        battery_w = 0.0 + power  # slot_battery_power's sum without commands: the schedule for the whole slot
        pv_ws.append(pv)
        loads.append(load)
        battery_ws.append(battery_w)
        grid_ws.append(load - pv - battery_w)
        millionths = soc * 1e6  # round(soc, 6): the state of charge at the slot's start
        whole = (millionths + maker) - maker
        if low < millionths < high and -0.499 < millionths - whole < 0.499:
            socs.append(whole / 1e6 or soc * 0.0)
        else:
            socs.append(round(soc, 6))
        soc -= battery_w * hours / wh_per_pct
    return DayColumns(pv_ws, loads, battery_ws, grid_ws, socs)


def slot_battery_power(
    battery: Battery,
    soc: float,
    pv_w: float,
    load_w: float,
    slots_left: int,
    target: float,
    start: datetime,
    commands: tuple[BatteryCommand, ...],
) -> float:
    """A slot's mean battery power: each command for the share it covers, the schedule for the rest."""
    wh_per_pct = battery.capacity_kwh * 10
    energy_w = 0.0  # power times share, summed
    free = 1.0
    for command in commands:
        share = min(command.covers(start, SLOT_MINUTES * 60), free)
        if share <= 0:
            continue
        power = commanded_power(battery, command, soc, pv_w, load_w, share)
        soc -= power * share * SLOT_HOURS / wh_per_pct
        energy_w += power * share
        free -= share
    if free > 1e-9:
        energy_w += free * dispatch(battery, soc, pv_w - load_w, slots_left, target)
    return energy_w


def end_soc(plant: PlantModel, slots: tuple[Slot, ...]) -> float | None:
    """The state of charge at the end of a day's ``slots`` (the integral of the last slot's power)."""
    if plant.battery is None or not slots or slots[-1].soc_pct is None:
        return None
    last = slots[-1]
    assert last.soc_pct is not None
    return last.soc_pct - last.battery_w * SLOT_HOURS / (plant.battery.capacity_kwh * 10)


def slot_index(plant: PlantModel, instant: datetime) -> tuple[date, int]:
    """The plant-local day of ``instant`` and the index of the slot under way then."""
    return zone_slot(plant.timezone, instant)


SlotKey = tuple[date, int]

# Per time zone, the last slot asked for and its UTC bounds in epoch seconds: every plant of a zone is
# in the same slot, and a served clock's instants fall in it for five minutes, so most calls compare two
# numbers instead of converting the instant to the zone. Bounds are absolute, so an instant of any zone
# (either side of a clock turning back) is placed right; a memo by instant missed on a running clock.
ZONE_SLOTS: dict[str, tuple[float, float, SlotKey]] = {}


def zone_slot(timezone: str, instant: datetime) -> SlotKey:
    """``zone_slot_index`` of ``instant``, from the zone's last slot when it falls there."""
    moment = instant.timestamp()
    kept = ZONE_SLOTS.get(timezone)
    if kept is not None and kept[0] <= moment < kept[1]:
        return kept[2]
    day, index = found = zone_slot_index(timezone, instant)
    # An instant past a day's last whole slot (in a day not made of whole slots, which the last slot
    # takes in) falls outside these bounds and is converted each time: right, only slower.
    first = day_frame(timezone, day)[0].timestamp() + index * SLOT_SECONDS
    ZONE_SLOTS[timezone] = (first, first + SLOT_SECONDS, found)
    return found


def zone_slot_index(timezone: str, instant: datetime) -> tuple[date, int]:
    day = instant.astimezone(ZoneInfo(timezone)).date()
    start, count = day_frame(timezone, day)
    index = int((instant - start).total_seconds() // (SLOT_MINUTES * 60))
    return day, min(max(index, 0), count - 1)


def slots_until(plant: PlantModel, instant: datetime) -> tuple[Slot, ...]:
    """Today's slots (plant-local) that have started by ``instant``; the last one is 'now'."""
    day, index = slot_index(plant, instant)
    return simulate_day(plant, day)[: index + 1]


@byte_cache(8 << 20, lambda ledger: array_bytes(ledger.sums))
def day_ledger(
    plant: PlantModel, day: date, commands: tuple[BatteryCommand, ...] = (), start_soc: float | None = None
) -> DayLedger:
    """Running sums of ``simulate_day``: the energy up to any slot of the day in one step."""
    return DayLedger.of(simulate_day(plant, day, commands, start_soc))


@lru_cache(maxsize=16384)
def day_energy(
    plant: PlantModel, day: date, commands: tuple[BatteryCommand, ...] = (), start_soc: float | None = None
) -> DayEnergy:
    return day_ledger(plant, day, commands, start_soc).total
