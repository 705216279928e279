"""What a Growatt device measured in each slot: the plant's physics shaped by the device's settings.

Settings written through inverterSet/storageSet take effect from the instant they were made (an
inverter switched off reports no output from then on), so real-time and history keep agreeing."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import accumulate

from solarfakes.simulators.caches import array_bytes, byte_cache
from solarfakes.simulators.day_rows import Decimals
from solarfakes.simulators.physics import (
    ENERGY_FIELDS,
    KWH_PER_UNIT,
    DayEnergy,
    DayLedger,
    PlantModel,
    Slot,
    begun_pv,
    pv_series,
    rounded,
    slot_index,
    slot_units,
)
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.world import Device, Plant

SWITCHED_OFF = "0000"  # the value of pv_on_off / storage_cmd_on_off that turns the device off


class Reading:
    """One slot with the inverter's AC output in it and the counters as they stood at its end: the
    plant's energies so far that day, the inverter's AC energy so far that day and the plant's
    lifetime PV counter.

    The plant's energies so far are the day ledger's first ``count`` slots, made when first asked for:
    an inverter's history rows never ask, and a week of them made 2,016 ``DayEnergy`` for nothing. Not a
    frozen dataclass, whose fields are set one ``object.__setattr__`` at a time."""

    __slots__ = ("count", "day_ledger", "inverter_today_kwh", "inverter_w", "lifetime_kwh", "slot", "today")

    def __init__(
        self,
        slot: Slot,
        inverter_w: float,
        plant_today: DayEnergy | None,
        inverter_today_kwh: float,
        lifetime_kwh: float,
        ledger: DayLedger | None = None,
        count: int = 0,
    ) -> None:
        """``plant_today``, or (None) the first ``count`` slots of ``ledger``."""
        self.slot, self.inverter_w, self.today = slot, inverter_w, plant_today
        self.inverter_today_kwh, self.lifetime_kwh = inverter_today_kwh, lifetime_kwh
        self.day_ledger, self.count = ledger, count

    def settle(self) -> None:
        """Work out the day's energies now and let the ledger go: a memo of readings (one per inverter
        read, 2,048 kept) held a 16 KB day ledger each, about 20 MB beyond the byte-bounded caches."""
        self.plant_today  # noqa: B018 - made and kept in ``today``
        self.day_ledger = None

    @property
    def plant_today(self) -> DayEnergy:
        if self.today is None:
            assert self.day_ledger is not None, "a reading has its day's energies or their ledger"
            self.today = self.day_ledger.upto(self.count)
        return self.today


def output_limit(backend: GrowattBackend, device: Device, moment: datetime) -> float:
    """The most the inverter may deliver under the settings in force: off, or an active-power rate."""
    switch = backend.setting_at(device.sn, "pv_on_off", moment)
    if switch is not None and switch[0] == SWITCHED_OFF:
        return 0.0
    rate = backend.setting_at(device.sn, "pv_active_p_rate", moment)
    return device.nominal_w * (1.0 if rate is None else int(rate[0]) / 100)


def inverter_power(backend: GrowattBackend, device: Device, slot: Slot) -> float:
    """AC output of one inverter: its share of the plant's PV, curtailed by its settings."""
    return round(min(slot.pv_w * device.pv_share, output_limit(backend, device, slot.start)), 1)


def storage_on(backend: GrowattBackend, device: Device, moment: datetime) -> bool:
    switch = backend.setting_at(device.sn, "storage_cmd_on_off", moment)
    return switch is None or switch[0] != SWITCHED_OFF


def limited(backend: GrowattBackend, device: Device) -> bool:
    """Whether settings were ever written that may curtail the inverter's output."""
    written = backend.settings.get(device.sn, {})
    return "pv_on_off" in written or "pv_active_p_rate" in written


def running_units(powers: Iterable[float]) -> array[int]:
    """Entry ``n``: the energy of the first ``n`` slots at these powers, in exact units."""
    return array("q", list(accumulate(slot_units(powers), initial=0)))


@byte_cache(4 << 20, array_bytes)
def free_inverter_units(model: PlantModel, day: date, share: float, nominal_w: float) -> array[int]:
    """``running_units`` of an inverter without settings in force, from the day's PV alone."""
    return running_units(inverter_powers(pv_series(model, day), share, nominal_w))


def inverter_powers(pvs: Iterable[float], share: float, nominal_w: float) -> list[float]:
    """``round(min(pv_w * share, nominal_w), 1)`` of each PV power: an inverter's power without settings
    in force (``min`` written as its comparison, the rounding by physics.rounded: the same floats)."""
    return rounded([nominal_w if nominal_w < power else power for power in [pv_w * share for pv_w in pvs]], 1)


def day_readings(backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime) -> list[Reading]:
    """A day's readings in one pass, so a week of history costs a week of slots, not its square."""
    return readings_between(backend, plant, device, day, until, 0, None)


def readings_between(
    backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime, first: int, stop: int | None
) -> list[Reading]:
    """A day's readings ``first`` up to ``stop`` (to the last begun when ``stop`` is None). The day's
    counters are running sums, so a page of history or the latest reading builds only its own."""
    series = series_between(backend, plant, device, day, until, first, stop)
    if series is None:
        return []
    ledger = series.ledger
    return [
        Reading(slot, power, None, today_kwh, lifetime_kwh, ledger, count)
        for count, slot, power, today_kwh, lifetime_kwh in zip(
            range(first + 1, first + 1 + len(series.slots)),
            series.slots,
            series.powers,
            series.today_kwh,
            series.lifetime_kwh,
            strict=True,
        )
    ]


class ReadingSeries:
    """The figures of a run of a day's readings, field by field (what ``Reading`` holds of each slot):
    a whole day's history rows are written column by column from them without a ``Reading`` per slot."""

    __slots__ = ("ledger", "lifetime_kwh", "powers", "slots", "today_kwh")

    @property
    def starts(self) -> list[datetime]:
        return [slot.start for slot in self.slots]

    def __init__(
        self,
        slots: Sequence[Slot],
        powers: list[float],
        today_kwh: list[float],
        lifetime_kwh: list[float],
        ledger: DayLedger,
    ) -> None:
        self.slots, self.powers, self.today_kwh, self.lifetime_kwh = slots, powers, today_kwh, lifetime_kwh
        self.ledger = ledger


def series_between(
    backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime, first: int, stop: int | None
) -> ReadingSeries | None:
    """``readings_between``'s figures (None where no slot has begun)."""
    history = plant.history(day, until)
    slots = history[first:stop]
    if not slots:
        return None
    ledger = plant.ledger(day)
    counter = plant.counter(day)
    end = first + len(slots)
    if limited(backend, device):  # settings change the output from the moment they were written
        sums = running_units(inverter_power(backend, device, s) for s in history[:end])
        powers = [inverter_power(backend, device, slot) for slot in slots]
    else:
        sums = free_inverter_units(plant.model, day, device.pv_share, device.nominal_w)
        share, nominal = device.pv_share, device.nominal_w
        powers = [round(min(slot.pv_w * share, nominal), 1) for slot in slots]  # inverter_power, unlimited
    today_kwh = [round(units * KWH_PER_UNIT, 1) for units in sums[first + 1 : end + 1]]
    # entry n of the ledger's PV column: ledger.upto(n + 1).pv_units
    lifetime_kwh = list(
        map(counter.at, ledger.sums[ENERGY_FIELDS + first * ENERGY_FIELDS : (end + 1) * ENERGY_FIELDS : ENERGY_FIELDS])
    )
    return ReadingSeries(slots, powers, today_kwh, lifetime_kwh, ledger)


class PvSeries:
    """``ReadingSeries``' figures that an inverter's history rows show (``InverterHistoryRow.columns``),
    each slot's start in place of the slot."""

    __slots__ = ("lifetime_kwh", "powers", "starts", "today_kwh")

    def __init__(
        self, starts: Sequence[datetime], powers: list[float], today_kwh: Sequence[float], lifetime_kwh: list[float]
    ) -> None:
        self.starts, self.powers, self.today_kwh, self.lifetime_kwh = starts, powers, today_kwh, lifetime_kwh


def day_series(
    backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime
) -> ReadingSeries | PvSeries | None:
    """A day's figures for its history rows (None where no slot has begun). An inverter without settings
    in force shows its PV alone (its power, today's and the lifetime's PV energy), so its day is read
    from the PV series, the same numbers ``series_between`` takes from the simulated day and its ledger,
    without simulating the battery: most of a new day's physics."""
    if limited(backend, device):
        return series_between(backend, plant, device, day, until, 0, None)
    count = plant.slot_count(day, until)
    if not count:
        return None
    starts, pvs = begun_pv(plant.model, day, count)
    share, nominal = device.pv_share, device.nominal_w
    powers = inverter_powers(pvs, share, nominal)  # inverter_power, unlimited
    if count == len(pv_series(plant.model, day)):  # a whole day: these powers are free_inverter_units' own
        sums = running_units(powers)
    else:
        sums = free_inverter_units(plant.model, day, share, nominal)
    today_kwh = Decimals([units * KWH_PER_UNIT for units in sums[1 : count + 1]], 1)  # only shown: rounded as written
    # the ledger's PV column: the same units (round(watts * 10)) summed slot by slot
    lifetime_kwh = plant.counter(day).column(running_units(pvs)[1:])
    return PvSeries(starts, powers, today_kwh, lifetime_kwh)


def latest_reading(backend: GrowattBackend, plant: Plant, device: Device, now: datetime) -> Reading:
    """The reading under way at ``now``: one slot's work at any time of day, once per slot."""
    slot = backend.slot_readings.slot_of(plant, now)
    key = (plant.plant_id, device.sn)
    kept = backend.slot_readings.get(key, slot)
    if kept is not None and kept[0] is device and kept[1] is plant:
        found: Reading = kept[2]
        return found
    reading = reading_at(backend, plant, device, now)
    if slot is not None:
        reading.settle()
    backend.slot_readings.put(key, slot, (device, plant, reading))
    return reading


def reading_at(backend: GrowattBackend, plant: Plant, device: Device, now: datetime) -> Reading:
    day, index = slot_index(plant.model, now)
    readings = readings_between(backend, plant, device, day, now, index, index + 1)
    if readings:
        return readings[-1]
    slot = plant.now_slot(now)
    return Reading(slot, 0.0, DayEnergy(), 0.0, plant.lifetime_pv_kwh(now))
