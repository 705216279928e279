"""The fleet: accounts, plants and devices, deterministic from a seed, with telemetry from physics.

Vendor-neutral: vendors lay out their devices and credentials through a ``FleetLayout`` each."""

from __future__ import annotations

import calendar
import contextlib
import copy
import random
import string
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeVar, cast, overload

from solarfakes.simulators.counters import (
    EXACT_YEARS,
    DayCounter,
    PvCalendar,
    estimated_units,
    year_estimates,
    years_estimate,
)
from solarfakes.simulators.drawn_credentials import drawn_credentials
from solarfakes.simulators.faker_tape import FakerTape
from solarfakes.simulators.physics import (
    KWH_PER_UNIT,
    SLOT_MINUTES,
    Battery,
    BatteryCommand,
    DayEnergy,
    DayLedger,
    PlantModel,
    Slot,
    day_energy,
    day_frame,
    day_ledger,
    day_pv_units,
    end_soc,
    simulate_day,
    slot_index,
    slots_until,
)

if TYPE_CHECKING:
    from faker import Faker

    from solarfakes.simulators.core.vendor import FleetLayout

# Countries whose cities faker can place a plant in, with a share of the fleet.
COUNTRIES = ("DE", "NL", "GB", "IT", "ES", "AU", "US", "CN")
REFERENCE_DATE = date(2026, 1, 1)  # default start of exact energy accounting, see World
MAX_SERIAL_DRAWS = 1000  # a serial format with room for the fleet finds an unused one in a few
DAY_COUNTERS_KEPT = 64  # lifetime counters of recent days a plant keeps at hand
T = TypeVar("T")


# Equal figures a fleet holds many times over (a plant's latitude is its city's, an inverter's share one
# of a few) are kept as one object each: 10,000 plants hold fewer floats and dates of 24-32 bytes each.
SHARED_FIGURES: dict[tuple[type, object, str], Any] = {}
MAX_SHARED_FIGURES = 65536  # figures a client writes may be anything: past this, kept as given


def shared(value: T) -> T:
    """An object equal to ``value`` (of its type and text, so -0.0 stays -0.0), one per distinct figure."""
    key = (type(value), value, repr(value))
    found = SHARED_FIGURES.get(key)
    if found is None:
        if len(SHARED_FIGURES) >= MAX_SHARED_FIGURES:
            return value
        found = SHARED_FIGURES[key] = value
    return cast(T, found)


def load_fields(record: object, state: Any) -> None:
    """A slotted dataclass's ``__setstate__``: its fields from a snapshot, given as pickle writes a slotted
    record (``(None, fields)``), a frozen one (field values in order) or, where written before the class
    had slots, a dict."""
    if isinstance(state, tuple) and len(state) == 2 and state[0] is None:
        state = state[1]
    names = [f.name for f in fields(cast(Any, record))]
    named = state.items() if isinstance(state, dict) else zip(names, state, strict=True)
    for name, value in named:
        object.__setattr__(record, name, value)  # a frozen record too


DEVICE_FIELDS = ("sn", "kind", "model", "plant_id", "datalogger_sn", "nominal_w", "pv_share")
# Ends each serial among a plant's packed serials (``pack_serials``): no vendor's serial format has it.
SERIAL_END = "\n"


def spec_field(index: int) -> Any:
    """A device's field kept in its shared spec tuple (``Device._spec``) at ``index``, as a property (a
    descriptor class of its own would double the cost of a read); written, it makes the device's list its
    plant's own (``Device.kept``) and takes the spec tuple with that part written."""

    def read(device: Device) -> Any:
        return device._spec[index]

    def write(device: Device, value: Any) -> None:
        device.kept()
        device._spec = respecified(device._spec, index, value)

    return property(read, write)


class Device:
    """A plant's device. A seeded fleet's serial numbers are packed, a plant's in one string
    (``pack_serials``), and a device holds where its own (and its collector's) starts there: a string per
    serial cost 16 MB for 10,000 plants of each of five APIs. A serial given or written later is kept as
    given. Pickled, compared and shown by its fields, as the dataclass it was.

    A device made from its plant's packed serials (``DeviceList``) keeps that list alive, and a field
    written keeps the list as the plant's own for good: an edit is never made again from the seed."""

    __slots__ = ("_home", "_logger_at", "_packed", "_sn_at", "_spec", "plant_id")
    __match_args__ = ("sn", "kind", "model", "plant_id", "datalogger_sn", "nominal_w", "pv_share")
    snapshot_fields = DEVICE_FIELDS  # what a state snapshot names its layout by (state_snapshot.layout_of)
    __hash__ = None  # type: ignore[assignment]  # equal by fields and mutable, as the dataclass was
    _sn_at: str | int  # the serial, or where it starts in ``_packed``
    _logger_at: str | int | None  # the collector's serial alike
    _packed: str | None
    _home: DeviceList | None  # the made list this device is in, if it was made from packed serials
    # (kind, model, nominal_w, pv_share): a few hundred alike in a fleet, one shared tuple each (``shared``),
    # where four slots a device cost 6.7 MB for five APIs' 10,000 plants
    _spec: tuple[str, str, float, float]

    def __init__(
        self,
        sn: str,
        kind: str,  # inverter | storage | meter | datalogger | ecu
        model: str,
        plant_id: int,
        datalogger_sn: str | None = None,
        nominal_w: float = 0.0,
        pv_share: float = 0.0,
    ) -> None:
        self._home = None
        self._packed = None
        self._sn_at = sn
        self._spec = device_spec(kind, model, nominal_w, pv_share)
        self.plant_id = plant_id
        self._logger_at = datalogger_sn

    kind: str = spec_field(0)  # inverter | storage | meter | datalogger | ecu
    model: str = spec_field(1)
    nominal_w: float = spec_field(2)
    pv_share: float = spec_field(3)

    @property
    def sn(self) -> str:
        return self.unpacked(self._sn_at)  # type: ignore[return-value]  # a serial is never None

    @sn.setter
    def sn(self, value: str) -> None:
        self.kept()
        self._sn_at = value

    @property
    def datalogger_sn(self) -> str | None:
        return self.unpacked(self._logger_at)

    @datalogger_sn.setter
    def datalogger_sn(self, value: str | None) -> None:
        self.kept()
        self._logger_at = value

    def kept(self) -> None:
        """About to be written: a made device's list becomes its plant's own, so the edit stays."""
        if self._home is not None:
            self._home.keep()

    @classmethod
    def made(cls, plant_id: int, packed: str, spec: tuple[str, str, float, float], sn_at: int,
             logger_at: int | None, home: DeviceList) -> Device:  # fmt: skip
        """A device as ``pack_serials`` left it, made again from what its plant keeps (``DeviceList``)."""
        device = cls.__new__(cls)
        device._home = home
        device._packed = packed
        device._sn_at = sn_at
        device._spec = spec
        device.plant_id = plant_id
        device._logger_at = logger_at
        return device

    def unpacked(self, at: str | int | None) -> str | None:
        if not isinstance(at, int):
            return at
        packed = cast(str, self._packed)
        return packed[at : packed.index(SERIAL_END, at)]

    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in DEVICE_FIELDS]

    def __setstate__(self, state: Any) -> None:
        """Fields in order (as the slotted dataclass pickled them), or as ``load_fields`` takes them."""
        if isinstance(state, tuple) and len(state) == 2 and state[0] is None:
            state = state[1]
        Device.__init__(self, **(state if isinstance(state, dict) else dict(zip(DEVICE_FIELDS, state, strict=True))))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in DEVICE_FIELDS)
        return f"{type(self).__qualname__}({shown})"


def device_spec(kind: str, model: str, nominal_w: float, pv_share: float) -> tuple[str, str, float, float]:
    """A device's kind, model, power and PV share, as one shared tuple where each part can be shared."""
    spec = (kind, model, nominal_w, pv_share)
    try:
        return shared(spec)
    except TypeError:  # a part that cannot be a dict key: kept as given
        return spec


def respecified(spec: tuple[str, str, float, float], index: int, value: Any) -> tuple[str, str, float, float]:
    """``spec`` with its part ``index`` written."""
    parts: list[Any] = list(spec)
    parts[index] = value
    kind, model, nominal_w, pv_share = parts
    return device_spec(kind, model, nominal_w, pv_share)


def serial_of(device: Device) -> str:
    return device.sn


def pack_serials(devices: Sequence[Device]) -> None:
    """Keep the serials of one plant's ``devices`` in one string (see ``Device``). A collector's serial
    is packed where its collector is among them; any serial holding ``SERIAL_END`` stays as it is."""
    serials = [device.sn for device in devices]
    if any(SERIAL_END in sn for sn in serials):
        return
    starts: dict[str, int] = {}
    at = 0
    for sn in serials:
        starts.setdefault(sn, at)
        at += len(sn) + 1
    packed = SERIAL_END.join(serials) + SERIAL_END
    for device, sn in zip(devices, serials, strict=True):
        logger = device.datalogger_sn
        device._packed = packed
        device._sn_at = starts[sn]
        device._logger_at = logger if logger is None else starts.get(logger, logger)


# A plant's seeded devices as it keeps them while none is held or written (``Plant.devices``): per device
# its shared spec, where its serial starts in the plant's packed serials and where its collector's does
# (None: none), one flat tuple shared by the plants laid out alike. Made when read, they cost a big fleet
# nothing between reads: 280,000 devices held for good cost about 27 MB for five APIs' 10,000 plants.
DeviceLayout = tuple[Any, ...]


class DeviceList(list[Device]):
    """A plant's devices made from its packed serials, alive while read. Its devices keep it alive, so
    a device held anywhere is the very one its plant answers; any write to it or to one of its devices
    makes it the plant's own list for good (``keep``)."""

    __slots__ = ("__weakref__", "plant")

    def __init__(self, plant: Plant | None) -> None:
        super().__init__()
        self.plant = plant

    def keep(self) -> None:
        plant = self.plant
        if plant is not None:
            self.plant = None
            DEVICES_SLOT.__set__(plant, self)

    def __reduce__(self) -> tuple[Any, ...]:
        return list, (list(self),)  # a plain list, as a plant's own

    def append(self, device: Device) -> None:
        self.keep()
        super().append(device)

    def extend(self, devices: Iterable[Device]) -> None:
        self.keep()
        super().extend(devices)

    def insert(self, index: SupportsIndex, device: Device) -> None:
        self.keep()
        super().insert(index, device)

    def remove(self, device: Device) -> None:
        self.keep()
        super().remove(device)

    def pop(self, index: SupportsIndex = -1) -> Device:
        self.keep()
        return super().pop(index)

    def clear(self) -> None:
        self.keep()
        super().clear()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self.keep()
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self.keep()
        super().reverse()

    def __setitem__(self, index: Any, value: Any) -> None:
        self.keep()
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self.keep()
        super().__delitem__(index)

    def __iadd__(self, devices: Iterable[Device]) -> DeviceList:  # type: ignore[override,misc]
        self.keep()
        return super().__iadd__(devices)

    def __imul__(self, times: SupportsIndex) -> DeviceList:
        self.keep()
        return super().__imul__(times)


# The lists made and still alive, by their plant's id() (checked against the list's plant).
MADE_DEVICES: weakref.WeakValueDictionary[int, DeviceList] = weakref.WeakValueDictionary()
# The last lists made are kept alive: a plant read call after call (or several times in one) makes its
# devices once, at a few hundred bytes a plant kept.
LISTS_KEPT = 256
KEPT_LISTS: deque[DeviceList] = deque(maxlen=LISTS_KEPT)


def device_layout(devices: Sequence[Device]) -> DeviceLayout | None:
    """What makes ``devices`` again from their packed serials, or None if they are not packed alike."""
    if not devices:
        return None
    packed = devices[0]._packed
    layout: list[Any] = []
    for device in devices:
        logger = device._logger_at
        if device._packed is not packed or packed is None or not isinstance(device._sn_at, int):
            return None
        if isinstance(logger, str) or device._home is not None:
            return None
        layout += (device._spec, device._sn_at, logger)
    return tuple(layout)


def made_devices(plant: Plant, packed: str, layout: DeviceLayout) -> DeviceList:
    made = DeviceList(plant)
    plant_id = plant.plant_id
    list.extend(
        made,
        [
            Device.made(plant_id, packed, layout[at], layout[at + 1], layout[at + 2], made)
            for at in range(0, len(layout), 3)
        ],
    )
    return made


def layout_serial(packed: str, layout: DeviceLayout, index: int) -> str:
    at = layout[3 * index + 1]
    return packed[at : packed.index(SERIAL_END, at)]


@cache
def fleet_battery(capacity_kwh: float, max_power_w: float, reserve_pct: float) -> Battery:
    """A drawn battery, one object per distinct draw: a fleet draws from a few dozen, and a battery is
    frozen and compared by value, so 10,000 plants share them instead of holding about 340 bytes each."""
    return Battery(capacity_kwh, max_power_w, reserve_pct)


# What every plant's memo starts from: never handed out (no clock instant is None), so it can be shared.
NO_INSTANT: tuple[datetime | None, dict[Hashable, Any]] = (None, {})
# A clock may stand still (frozen, as in tests and the benchmark): a memo then keeps the figures of every
# plant or device ever read at that instant. Both bounds make a memo start over, which costs a recomputation:
FIGURES_KEPT = 256  # figures one memo keeps for one instant (a vendor's memo holds one per device read)
MEMOS_KEPT = 4096  # memos that hold figures at all, process-wide: a 10,000-plant fleet read at one instant
# kept about 1 KB per plant (its slot, energies and the day's slots they hold) for as long as the clock stood
# Each fill, oldest first, by its instant (the very object: figures' ids are reused once freed, and the
# window must not keep figures alive itself).
FILLED_MEMOS: deque[tuple[InstantMemo, datetime]] = deque()


class InstantMemo:
    """A plant's figures at one clock instant: a call asks some of them several times over, and every
    call asks them again while the clock stands still. Only UTC instants (a clock's) are kept: two
    instants of another zone an hour apart compare equal in the hour its clocks turn back.

    Bounded: past ``limit`` figures it starts over, and only the memos of the last ``MEMOS_KEPT`` fills
    keep theirs (a memo filled since its fill went out of the window keeps its newer figures)."""

    __slots__ = ("current",)
    limit = FIGURES_KEPT

    def __init__(self) -> None:
        # One pair, replaced whole: a thread never sees another instant's figures. It starts as the shared
        # empty pair, which costs a big fleet nothing until a plant is read.
        self.current: tuple[datetime | None, dict[Hashable, Any]] = NO_INSTANT

    def at(self, instant: datetime) -> dict[Hashable, Any] | None:
        """The figures kept for ``instant`` (from now on, the only ones), or None if it is not kept."""
        if instant.tzinfo is not UTC:
            return None
        kept, figures = self.current
        if kept != instant or len(figures) >= self.limit:
            figures = {}
            self.current = (instant, figures)
            forget_old_fills(self, instant)
        return figures


def forget_old_fills(memo: InstantMemo, instant: datetime) -> None:
    """Note ``memo``'s fill; empty the memo of the fill that leaves the window, unless filled again since."""
    FILLED_MEMOS.append((memo, instant))  # deque appends and pops are atomic: no lock between threads
    while len(FILLED_MEMOS) > MEMOS_KEPT:
        try:
            old, old_instant = FILLED_MEMOS.popleft()
        except IndexError:  # another thread took the last one
            break
        if old.current[0] is old_instant:
            old.current = NO_INSTANT


class Figures:
    """What a plant works out once (its physics model, PV calendar, estimates): slots, set on first use."""

    __slots__ = ("first_counter", "instant_memo", "key", "model", "prehistory_kwh", "pv_calendar", "window_estimate")
    first_counter: tuple[date, DayCounter]  # the first day's lifetime counter asked: no dict for one day
    instant_memo: InstantMemo
    model: PlantModel
    pv_calendar: PvCalendar
    window_estimate: int
    prehistory_kwh: float
    key: str  # a seeded plant's key as made (``plant_key``): caches keyed by it then hold one text


class PlantDeviceLayout:
    """Where a plant keeps the layout of its packed seeded devices while it holds no list (``Plant.devices``)."""

    __slots__ = ("_device_layout",)
    _device_layout: DeviceLayout


class PlantFigures(PlantDeviceLayout):
    """Where a plant keeps its ``Figures``, made on its first figure. Plants kept a dict each, which grew
    from 232 to 832 bytes once figures were added to it (30 MB more for 50,000 plants read once), then a
    slot per figure: 40 bytes a plant more than this one slot, where only the last ``PLANTS_FIGURED``
    plants read hold figures at all."""

    __slots__ = ("_figures",)
    _figures: Figures

    def kept(self, slot: str, value: T) -> T:
        """``value``, kept as the figure ``slot``. A plant's first figure enters it in the window of plants
        that hold figures (``FIGURED_PLANTS``)."""
        try:
            figures = self._figures
        except AttributeError:
            figures = self._figures = Figures()
            note_figured(self)
        setattr(figures, slot, value)
        return value

    def holds_figures(self) -> bool:
        return hasattr(self, "_figures")

    def forget_figures(self) -> None:
        """Drop every figure: each is worked out again, alike, from the plant's fields when next asked."""
        with contextlib.suppress(AttributeError):
            del self._figures


# Plants that hold figures, oldest first. A plant read once kept its figures (model, PV calendar, counter,
# estimates: about 600 bytes) for good, so a client reading every plant of a 10,000-plant fleet per API
# grew the server by some 30 MB; past this many, the plant that got its figures first forgets them. Every
# figure is a pure function of fields no API writes in place, so a plant read again works out the same.
PLANTS_FIGURED = 4096
FIGURED_PLANTS: deque[PlantFigures] = deque()


def note_figured(plant: PlantFigures) -> None:
    FIGURED_PLANTS.append(plant)  # deque appends and pops are atomic: no lock between threads
    while len(FIGURED_PLANTS) > PLANTS_FIGURED:
        try:
            oldest = FIGURED_PLANTS.popleft()
        except IndexError:  # another thread took the last one
            break
        oldest.forget_figures()


@dataclass(slots=True)
class Plant(PlantFigures):
    """A site. Telemetry comes from its physics model. A vendor's own record of the site (owners,
    declared figures) lives in that vendor's backend; API writes may rename or remove the site."""

    plant_id: int
    api: str
    account: str
    name: str
    city: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    peak_kw: float
    commissioned: date
    base_load_w: float
    battery: Battery | None
    online: bool = True
    devices: list[Device] = field(default_factory=list)
    key: str = ""
    reference: date = REFERENCE_DATE
    # Empty until used, shared: a list and a dict made for every plant of a big fleet cost it 120 bytes each.
    battery_commands: Sequence[BatteryCommand] = field(default=(), repr=False, compare=False)
    day_counters: dict[date, DayCounter] | None = field(default=None, repr=False, compare=False)

    @property
    def instant_memo(self) -> InstantMemo:
        """Figures of the latest clock instant; those that depend on battery commands only while there are
        none (the same figures whenever there are none). Made when first read: a plant a call never
        reads holds none (about 2 MB for 50,000 plants made up front)."""
        try:
            return self._figures.instant_memo
        except AttributeError:
            return self.kept("instant_memo", InstantMemo())

    @property
    def model(self) -> PlantModel:
        try:
            return self._figures.model
        except AttributeError:
            model = PlantModel.physical(
                key=self.key,
                latitude=self.latitude,
                longitude=self.longitude,
                timezone=self.timezone,
                peak_kw=self.peak_kw,
                base_load_w=self.base_load_w,
                battery=self.battery,
            )
            return self.kept("model", model)

    def devices_of(self, *kinds: str) -> list[Device]:
        return [d for d in self.devices if d.kind in kinds]

    def now_slot(self, instant: datetime) -> Slot:
        """The slot under way at ``instant``; before commissioning, a slot with nothing reported."""
        figures = None if self.battery_commands else self.instant_memo.at(instant)
        if figures is None:
            return self.find_now_slot(instant)
        found = figures.get("now_slot")
        if found is None:
            found = figures["now_slot"] = self.find_now_slot(instant)
        return found

    def find_now_slot(self, instant: datetime) -> Slot:
        today, index = slot_index(self.model, instant)
        if today >= self.commissioned:
            return self.simulated(today)[index]  # the last of history(today, instant), without the slice
        start = slots_until(self.model, instant)[-1].start
        return Slot(start, 0.0, 0.0, 0.0, 0.0, None)

    def history(self, day: date, until: datetime | None = None) -> tuple[Slot, ...]:
        """A local day's slots; for today (or a day containing ``until``) only those begun.
        A plant reports nothing before the day it was commissioned, nor after ``until``."""
        if day < self.commissioned:
            return ()
        if until is None:
            return self.simulated(day)
        today, index = slot_index(self.model, until)
        if day > today:
            return ()
        slots = self.simulated(day)
        return slots if day < today else slots[: index + 1]

    def slot_count(self, day: date, until: datetime | None = None) -> int:
        """``len(self.history(day, until))`` without simulating the day."""
        if day < self.commissioned:
            return 0
        count = day_frame(self.timezone, day)[1]
        if until is None:
            return count
        today, index = slot_index(self.model, until)
        return 0 if day > today else count if day < today else index + 1

    def simulated(self, day: date) -> tuple[Slot, ...]:
        return simulate_day(self.model, day, self.commands_on(day), self.start_soc(day))

    def command_battery(self, command: BatteryCommand) -> None:
        """Start ``command``; it supersedes whatever command is still running from its start on."""
        self.stop_battery_commands(command.start)
        self.battery_commands = [*self.battery_commands, command]

    def stop_battery_commands(self, at: datetime) -> None:
        """End every command still running at ``at`` there; the battery returns to its own schedule."""
        kept = []
        for command in self.battery_commands:
            if command.start >= at:
                continue  # never begun: dropped
            kept.append(replace(command, end=at) if command.end > at else command)
        self.battery_commands = kept

    def commands_on(self, day: date) -> tuple[BatteryCommand, ...]:
        """The battery commands that touch the plant-local ``day``, in order."""
        if not self.battery_commands:
            return ()
        start, count = day_frame(self.timezone, day)
        end = start + timedelta(minutes=SLOT_MINUTES * count)
        return tuple(c for c in self.battery_commands if c.start < end and c.end > start)

    def start_soc(self, day: date) -> float | None:
        """Where ``day`` starts when the day before was commanded (its real end); else None: the
        physics starts from the night target, as every uncommanded day ends on it."""
        before = day - timedelta(days=1)
        if not self.battery_commands or not self.commands_on(before):
            return None
        return end_soc(self.model, self.simulated(before))

    def energy(self, day: date, until: datetime | None = None) -> DayEnergy:
        """The integral of ``day``'s history (up to ``until``)."""
        figures = None if until is None or self.battery_commands else self.instant_memo.at(until)
        if figures is None:
            return self.integral(day, until)
        found = figures.get(day)
        if found is None:
            found = figures[day] = self.integral(day, until)
        return found

    def integral(self, day: date, until: datetime | None) -> DayEnergy:
        if day < self.commissioned:
            return DayEnergy()
        if until is not None:
            today, index = slot_index(self.model, until)
            if day > today:
                return DayEnergy()
            if day == today:
                return self.ledger(day).upto(index + 1)
        return day_energy(self.model, day, self.commands_on(day), self.start_soc(day))

    def ledger(self, day: date) -> DayLedger:
        """Running sums of ``day``'s energies, slot by slot (nothing before commissioning)."""
        if day < self.commissioned:
            return DayLedger.of(())
        return day_ledger(self.model, day, self.commands_on(day), self.start_soc(day))

    def local_date(self, instant: datetime) -> date:
        return slot_index(self.model, instant)[0]

    def pv_units(self, day: date, until: datetime | None = None) -> int:
        """PV energy of ``day`` (up to ``until``) in exact units; whole days skip load and battery."""
        if day < self.commissioned:
            return 0
        if until is not None and day >= self.local_date(until):
            return self.energy(day, until).pv_units
        return day_pv_units(self.model, day)

    @property
    def pv_calendar(self) -> PvCalendar:
        """Whole days' PV units, summed per month: a span of days costs a step per month."""
        try:
            return self._figures.pv_calendar
        except AttributeError:
            return self.kept("pv_calendar", PvCalendar(self.model, self.commissioned))

    def lifetime_pv_kwh(self, instant: datetime) -> float:
        """A counter that never decreases: a seeded estimate up to the reference date, then the exact
        integral of every day since (summed in exact units), never a wrong or shrinking total; far
        ahead each year starts from a closed-form base (see ``counters``)."""
        figures = self.instant_memo.at(instant)  # PV alone: battery commands change nothing
        found = None if figures is None else figures.get("lifetime_pv_kwh")
        if found is None:
            today = self.local_date(instant)
            found = self.lifetime_at(today, self.pv_units(today, instant))
            if figures is not None:
                figures["lifetime_pv_kwh"] = found
        return found

    def lifetime_at(self, day: date, units_today: int) -> float:
        """The lifetime counter on ``day`` once ``units_today`` of that day's energy are made."""
        return self.counter(day).at(units_today)

    def counter(self, day: date) -> DayCounter:
        """The lifetime counter through ``day``: a day's readings ask once, not once per slot. The first
        day asked is kept as a pair, the others in ``day_counters``: a plant read on one day holds no
        dict (224 bytes where the pair takes 56: about 8 MB less for 50,000 plants read once)."""
        try:
            first = self._figures.first_counter
        except AttributeError:
            if self.day_counters is None:
                return self.kept("first_counter", (day, self.count_to(day)))[1]
        else:
            if first[0] == day:
                return first[1]
        counters = self.day_counters
        if counters is None:
            counters = self.day_counters = {}
        found = counters.get(day)
        if found is None:
            if len(counters) >= DAY_COUNTERS_KEPT:
                counters.clear()
            found = counters[day] = self.count_to(day)
        return found

    def count_to(self, day: date) -> DayCounter:
        """Exact from the start of the reference date's year for ``EXACT_YEARS`` years; any other year
        starts from a closed-form base, counted on from the exact years' ends (see ``counters``)."""
        first, stop = self.reference.year, self.reference.year + EXACT_YEARS
        if first <= day.year < stop:
            return DayCounter(self.prehistory_kwh, self.pv_calendar.signed(self.reference, day), self.window_estimate)
        if day.year >= stop:
            base = self.window_estimate + years_estimate(self.model, stop, day.year)
        else:
            base = self.pv_calendar.signed(self.reference, date(first, 1, 1))
            base -= years_estimate(self.model, day.year, first)
        made = self.pv_calendar.between(date(day.year, 1, 1), day)
        return DayCounter(
            self.prehistory_kwh, base + made, base + year_estimates(self.model)[calendar.isleap(day.year)]
        )

    @property
    def window_estimate(self) -> int:
        """The base of the first year past exact accounting: above the exact energy of its years."""
        try:
            return self._figures.window_estimate
        except AttributeError:
            end = date(self.reference.year + EXACT_YEARS, 1, 1)
            return self.kept("window_estimate", estimated_units(self.model, self.reference, end))

    def pv_kwh_between(self, start: date, end: date, instant: datetime) -> float:
        """PV energy from ``start`` up to, not including, ``end``; nothing after ``instant``."""
        today = self.local_date(instant)
        total = self.pv_calendar.between(start, min(end, today))
        if start <= today < end:
            total += self.pv_units(today, instant)
        return total * KWH_PER_UNIT

    @property
    def prehistory_kwh(self) -> float:
        """Energy made from commissioning to the reference date, at a seeded specific yield."""
        try:
            return self._figures.prehistory_kwh
        except AttributeError:
            days = max((self.reference - self.commissioned).days, 0)
            yield_kwh = 2.6 + 1.4 * random.Random(self.key).random()
            return self.kept("prehistory_kwh", round(days * self.model.peak_kw * yield_kwh, 1))


# The slot the dataclass made for ``Plant.devices``: a plant's own list, or its packed serials while its
# seeded devices are made when read (``DeviceList``).
DEVICES_SLOT: Any = Plant.__dict__["devices"]


def plant_devices(plant: Plant) -> list[Device]:
    held = DEVICES_SLOT.__get__(plant, Plant)
    if type(held) is not str:
        return cast(list[Device], held)
    made = MADE_DEVICES.get(id(plant))
    if made is None or made.plant is not plant:
        made = made_devices(plant, held, plant._device_layout)
        MADE_DEVICES[id(plant)] = made
        KEPT_LISTS.append(made)  # a deque's append is atomic: no lock between threads
    return made


def hold_devices(plant: Plant, devices: list[Device]) -> None:
    DEVICES_SLOT.__set__(plant, devices)


def compact_devices(plant: Plant, layouts: dict[DeviceLayout, DeviceLayout]) -> None:
    """Let ``plant`` keep its packed seeded devices as their serials and layout (one layout per distinct
    one in ``layouts``), made when read; devices that are not packed alike stay a list."""
    devices = DEVICES_SLOT.__get__(plant, Plant)
    layout = device_layout(devices) if type(devices) is list else None
    if layout is None:
        return
    plant._device_layout = layouts.setdefault(layout, layout)  # type: ignore[misc]  # a slot of its base
    DEVICES_SLOT.__set__(plant, devices[0]._packed)


Plant.devices = property(plant_devices, hold_devices)  # type: ignore[assignment,misc]


class KeyFront(str):
    """What a seeded plant's key starts with, shared by its fleet: the key is it and the plant's id. A
    key of its own took 70 bytes a plant, 3.5 MB for five APIs' 10,000 plants."""

    __slots__ = ()


class LastName(str):
    """The owner's name in a seeded plant's name, shared by the plants of one name: the name is made
    from the plant's city, it and its kind when read (3.4 MB for five APIs' 10,000 plants kept whole).
    The city and battery are never written; a name written is kept as written."""

    __slots__ = ()


KEY_SLOT: Any = Plant.__dict__["key"]
NAME_SLOT: Any = Plant.__dict__["name"]


def plant_key(plant: Plant) -> str:
    """The key; a plant that holds figures (one read lately) answers the one text it made."""
    held = KEY_SLOT.__get__(plant, Plant)
    if type(held) is not KeyFront:
        return cast(str, held)
    try:
        figures = plant._figures
    except AttributeError:
        return held + str(plant.plant_id)
    try:
        return figures.key
    except AttributeError:
        key = figures.key = held + str(plant.plant_id)
        return key


def plant_name(plant: Plant) -> str:
    held = NAME_SLOT.__get__(plant, Plant)
    if type(held) is LastName:
        return seeded_name(plant.city, held, plant.battery)
    return cast(str, held)


def seeded_name(city: str, last_name: str, battery: Battery | None) -> str:
    return f"{city} {last_name} {'PV' if battery is None else 'PV+ESS'}"


Plant.key = property(plant_key, KEY_SLOT.__set__)  # type: ignore[assignment,misc]
Plant.name = property(plant_name, NAME_SLOT.__set__)  # type: ignore[assignment,misc]


SERIALS_FOUND_KEPT = 1024  # serial lookups remembered by a fleet's index; unknown serials are not


class SeededSerials(Sequence[str]):
    """A fleet's serials in order, each read where its plant keeps it: ``codes`` are (plant, device)
    positions sorted by serial, and each plant's serials are its packed ones with their layout, or a
    tuple of them. 4 bytes a device where a tuple of the devices (kept alive by it) took 8 and each
    device 72 more. A snapshot of the serials when made: later edits do not show in it."""

    def __init__(
        self, plants: list[Plant], packed: list[str | None], layouts: list[Any], codes: Sequence[int], shift: int
    ) -> None:
        self.plants = plants
        self.packed = packed
        self.layouts = layouts
        self.codes = codes
        self.shift = shift
        self.found: dict[str, int] = {}  # where recent lookups found their serial (``Fleet.device``)

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name != "found"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.found = {}

    def position(self, sn: str) -> int | None:
        """Where the last of the serials equal to ``sn`` is (as a walk of the fleet would keep it), or None."""
        at = self.found.get(sn)
        if at is None:
            at = bisect_right(self, sn) - 1
            if at < 0 or self[at] != sn:
                return None
            if len(self.found) >= SERIALS_FOUND_KEPT:
                self.found.clear()
            self.found[sn] = at
        return at

    @classmethod
    def of(cls, plants: list[Plant]) -> SeededSerials:
        packed: list[str | None] = []
        layouts: list[Any] = []
        counts = []
        for plant in plants:
            held = DEVICES_SLOT.__get__(plant, Plant)
            if type(held) is str:
                packed.append(held)
                layouts.append(plant._device_layout)
                counts.append(len(plant._device_layout) // 3)
            else:
                serials = tuple(device.sn for device in held)
                packed.append(None)
                layouts.append(serials)
                counts.append(len(serials))
        shift = max(16, max(counts, default=0).bit_length())
        made = cls(plants, packed, layouts, (), shift)
        codes = sorted(((at << shift) | index for at, count in enumerate(counts) for index in range(count)),
                       key=made.serial_of)  # fmt: skip
        made.codes = array("I" if max(codes, default=0) < 2**32 else "q", codes)
        return made

    def serial_of(self, code: int) -> str:
        at, index = code >> self.shift, code & ((1 << self.shift) - 1)
        packed = self.packed[at]
        if packed is None:
            return cast(str, self.layouts[at][index])
        return layout_serial(packed, self.layouts[at], index)

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, at: int) -> str: ...
    @overload
    def __getitem__(self, at: slice) -> list[str]: ...
    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            return [self.serial_of(code) for code in self.codes[at]]
        return self.serial_of(self.codes[at])

    def found_at(self, at: int) -> tuple[Plant, int]:
        """The plant and the position among its devices of the ``at``-th serial."""
        code = self.codes[at]
        return self.plants[code >> self.shift], code & ((1 << self.shift) - 1)


@dataclass
class Account:
    api: str
    name: str
    credentials: dict[str, str]


class SerialStyle:
    """Vendor-shaped serial numbers from a seeded generator."""

    # A built fleet's devices, sorted by serial (``freeze``): 8 bytes each where a set of their serials
    # took about 40, and the serials stay packed (``Device``). A class default, so a generator from an
    # older snapshot has none; one from a snapshot written before devices were kept holds serials.
    seeded: Sequence[Device | str] = ()

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, prefix: str, digits: int, alphabet: str = string.digits) -> str:
        """A serial not made before. A format nearly used up fails loudly rather than draw forever."""
        base = len(alphabet)
        for _ in range(MAX_SERIAL_DRAWS):
            number = self.rng.randrange(base**digits)
            chars = []
            for _ in range(digits):
                number, digit = divmod(number, base)
                chars.append(alphabet[digit])
            value = prefix + "".join(chars)
            if value not in self.used and not self.was_seeded(value):
                self.used.add(value)
                return value
        raise LookupError(f"no unused serial {prefix} + {digits} characters left after {MAX_SERIAL_DRAWS} draws")

    def was_seeded(self, value: str) -> bool:
        at = bisect_left(self.seeded, value, key=seeded_serial)
        return at < len(self.seeded) and seeded_serial(self.seeded[at]) == value

    def freeze(self, devices: Iterable[Device] = ()) -> None:
        """Keep the serials made so far compactly: by the ``devices`` that carry them, the rest as they
        are. The draws that follow (writes) are checked as before."""
        carried = [device for device in devices if device.sn in self.used]
        loose = self.used - {device.sn for device in carried}
        self.seeded = tuple(sorted((*self.seeded, *carried, *loose), key=seeded_serial))
        self.used = set()


def seeded_serial(entry: Device | str) -> str:
    return entry if isinstance(entry, str) else entry.sn


@dataclass
class Generators:
    """The seeded generators an API's fleet was built with. Writes that add devices or people after
    the build draw from them too, so a new serial never repeats a seeded one and runs stay repeatable."""

    serials: SerialStyle
    fake: FakerTape


class Fleet(dict[int, Plant]):
    """An API's plants by id, with its devices indexed by serial number and its plants by account.

    Adding or removing a plant keeps the indexes current by themselves; code that edits a plant's device
    list (or, which no API does, its owner) in place calls ``changed``. A found device is checked against
    its plant before it is trusted, so the index can miss an edit but never answer with a device that has
    gone."""

    accounts_indexed = -1  # also what a fleet restored from a snapshot older than the account index has

    def __init__(self) -> None:
        super().__init__()
        self.revision = 0
        self.indexed = -1
        # Every device's serial in order, read where its plant keeps it (a tuple of the devices kept every
        # device alive; a dict of them held about 2.6 MB per 10,000 plants): a lookup is a bisection.
        self.serial_index = SeededSerials([], [], [], (), 16)
        self.by_account: dict[str, list[Plant]] = {}

    def __setitem__(self, plant_id: int, plant: Plant) -> None:
        super().__setitem__(plant_id, plant)
        self.changed()

    def __delitem__(self, plant_id: int) -> None:
        super().__delitem__(plant_id)
        self.changed()

    def pop(self, plant_id: int, *default: Plant | None) -> Plant | None:  # type: ignore[override]
        self.changed()
        return super().pop(plant_id, *default)

    def clear(self) -> None:
        super().clear()
        self.changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self.changed()

    def setdefault(self, plant_id: int, default: Plant) -> Plant:
        self.changed()
        return super().setdefault(plant_id, default)

    def popitem(self) -> tuple[int, Plant]:
        self.changed()
        return super().popitem()

    def changed(self) -> None:
        """Mark the index stale: call after editing a plant's devices in place."""
        self.revision += 1

    def index_seeded(self, seeded: SeededSerials) -> None:
        """Take a just-built fleet's seeded serials as its serial index: one for the fleet and its serial
        generator (``SerialStyle.seeded``), not two alike."""
        self.serial_index = seeded
        self.indexed = self.revision

    def device(self, sn: str) -> tuple[Plant, Device] | None:
        if self.indexed != self.revision:
            self.serial_index = SeededSerials.of(list(self.values()))
            self.indexed = self.revision
        index = self.serial_index
        at = index.position(sn)
        if at is None:
            return None
        plant, position = index.found_at(at)
        if self.get(plant.plant_id) is not plant:
            return None
        devices = plant.devices
        if position >= len(devices) or devices[position].sn != sn:
            return None
        return plant, devices[position]

    def plants_of(self, account: str) -> list[Plant]:
        """The plants ``account`` owns, in fleet order (as a walk of the fleet finds them): a list call
        on a 10,000-plant fleet costs a copy of a list, not the walk."""
        if self.accounts_indexed != self.revision:
            by_account: dict[str, list[Plant]] = {}
            for plant in self.values():
                by_account.setdefault(plant.account, []).append(plant)
            self.by_account, self.accounts_indexed = by_account, self.revision
        return list(self.by_account.get(account, ()))


ACCOUNT_NAMES = ("primary", "other")  # an API's accounts, in the order their credentials are drawn


class Accounts(dict[str, list[Account]]):
    """Each API's accounts, made on first use by ``make``."""

    def __init__(self, make: Callable[[str], list[Account]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, api: str) -> list[Account]:
        made = self[api] = self.make(api)
        return made


@cache
def faker_prototype() -> Faker:
    """One Faker for the process, copied per fleet: a seeded copy draws exactly what a new instance
    seeded alike draws (tests/test_lazy_start.py), without the 30 ms a new instance spends finding
    its providers. Imported here: faker takes a tenth of a second and a cloud may never build a fleet."""
    from faker import Faker

    return Faker(["en_US"])


def seeded_faker_of(seed: str) -> Faker:
    fake = copy.deepcopy(faker_prototype())
    fake.seed_instance(seed)
    return fake


class World:
    """Every API's fleet, built lazily per API from one seed; ``reset`` restores the seeded state.

    The world knows places, plants, devices and physics, not vendors: how a vendor equips a plant
    (devices, serial formats, batteries) and what an account's credentials are comes from the
    vendor's ``FleetLayout``, one per API."""

    def __init__(
        self,
        seed: int = 1,
        plants: int = 5,
        reference: date = REFERENCE_DATE,
        *,
        layouts: Mapping[str, FleetLayout],
        credentials: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.seed = seed
        self.plants_per_api = plants
        self.reference = reference
        self.layouts = dict(layouts)
        self.chosen_credentials = {api: dict(values) for api, values in (credentials or {}).items()}
        self.reset()

    def reset(self) -> None:
        self.fleets: dict[str, Fleet] = {}
        self.accounts = Accounts(self.make_accounts)
        self.seeded: dict[str, Generators] = {}

    def fleet(self, api: str) -> Fleet:
        if api not in self.fleets:
            self.build(api)
        return self.fleets[api]

    def account(self, api: str, index: int = 0) -> Account:
        """An account of ``api`` (0: the primary one); its credentials need no fleet built."""
        return self.accounts[api][index]

    def accounts_of(self, api: str) -> list[Account]:
        return self.accounts[api]

    def generators(self, api: str) -> Generators:
        self.fleet(api)
        return self.seeded[api]

    def rng(self, *parts: object) -> random.Random:
        return random.Random(repr((self.seed, *parts)))

    def layout(self, api: str) -> FleetLayout:
        try:
            return self.layouts[api]
        except KeyError:
            raise KeyError(f"no fleet layout for {api!r}; known: {', '.join(self.layouts)}") from None

    def build(self, api: str) -> None:
        # The order of every draw below is what makes a seed's fleet and credentials what they are:
        # plants (each with its devices), then the two accounts. Reorder nothing.
        layout = self.layout(api)
        rng = self.rng(api, "fleet")
        # what faker answers comes from the compiled cache where a run of this seed and size drew it
        fake = FakerTape(repr((self.seed, api)), seeded_faker_of, variant=f"plants={self.plants_per_api}")
        serials = SerialStyle(rng)
        plants = Fleet()
        base_id = 1_000_000 + rng.randrange(8_000_000)
        # The primary account's plants, then one of another account and one bound to nobody,
        # so that "not yours" and "not bound" errors have natural causes.
        owners = ["primary"] * self.plants_per_api + ["other", ""]
        for index, owner in enumerate(owners):
            plant = self.make_plant(api, layout, index, owner, base_id + index * 7, rng, fake)
            # a list of its very length: one grown by appends holds up to half as many slots again unused
            plant.devices = list(layout.devices(plant, serials, rng))
            plants[plant.plant_id] = plant
        self.freeze_seeded(plants, serials)
        fake.keep()
        self.fleets[api] = plants
        self.seeded[api] = Generators(serials, fake)

    @staticmethod
    def freeze_seeded(plants: Fleet, serials: SerialStyle) -> None:
        """Pack each plant's serials and let it make its devices when read; the fleet's serial index and
        the generator's seeded serials are one. Where a drawn serial is carried by no device (or a device
        by no drawn serial), the devices are kept and the generator holds them, as before."""
        devices = [d for plant in plants.values() for d in plant.devices]
        for plant in plants.values():
            pack_serials(plant.devices)
        if len(devices) != len(serials.used) or not all(d.sn in serials.used for d in devices):
            serials.freeze(devices)
            return
        layouts: dict[DeviceLayout, DeviceLayout] = {}
        for plant in plants.values():
            compact_devices(plant, layouts)
        seeded = SeededSerials.of(list(plants.values()))
        serials.seeded, serials.used = seeded, set()
        plants.index_seeded(seeded)

    def make_accounts(self, api: str) -> list[Account]:
        """The primary account and a stranger. Their credentials have generators of their own, so they
        depend on the seed alone (not on the fleet, which they never build); credentials a user chose
        replace the primary account's drawn ones, field by field. The draws come from the compiled
        cache where it has them, so showing credentials needs no faker."""
        layout = self.layout(api)

        def draw() -> list[dict[str, str]]:
            rng = self.rng(api, "credentials")
            fake = seeded_faker_of(repr((self.seed, api, "credentials")))
            return [layout.credentials(rng, fake) for _ in ACCOUNT_NAMES]

        modules = (__name__, "solarfakes.simulators.vendors.identity", layout.credentials.__module__)
        drawn = drawn_credentials(self.seed, api, modules, len(ACCOUNT_NAMES), draw)
        chosen = self.chosen_credentials.get(api, {})
        unknown = sorted(set(chosen) - set(drawn[0]))
        if unknown:
            raise KeyError(f"{api} has no credential {', '.join(unknown)}; its credentials are {', '.join(drawn[0])}")
        drawn[0] = {**drawn[0], **chosen}
        return [Account(api, name, values) for name, values in zip(ACCOUNT_NAMES, drawn, strict=True)]

    def make_plant(
        self, api: str, layout: FleetLayout, index: int, owner: str, plant_id: int, rng: random.Random, fake: FakerTape
    ) -> Plant:
        country = COUNTRIES[index % len(COUNTRIES)]
        place = fake.local_latlng(country_code=country)
        if place is None:
            raise LookupError(f"faker knows no place in {country}")
        latitude, longitude, city, _, timezone = place
        # A fleet's plants share a few hundred cities and zones: one text each, not one per plant (5.5 MB
        # for 10,000 plants of each of five APIs, each read from the tape as a string of its own).
        city, timezone = shared(city), shared(timezone)
        peak = round(rng.uniform(3.0, 12.0) * 2) / 2
        battery = None
        if layout.has_battery(rng):
            capacity = rng.choice([5.0, 6.5, 10.0, 13.3, 15.0])
            battery = fleet_battery(capacity, capacity * 1000 * rng.choice([0.5, 0.6, 1.0]), rng.choice([10, 15, 20]))
        return Plant(
            plant_id=plant_id,
            api=api,
            account=owner,
            name=shared(LastName(fake.last_name())),  # the name made when read (seeded_name)
            city=city,
            country=country,
            latitude=shared(float(latitude)),
            longitude=shared(float(longitude)),
            timezone=timezone,
            peak_kw=shared(peak),
            commissioned=shared(REFERENCE_DATE - timedelta(days=rng.randrange(30, 1500))),
            base_load_w=shared(round(rng.uniform(150, 450), 1)),
            battery=battery,
            # With three or more plants the primary account's last one is offline: a natural cause
            # for "device offline" errors that the other plants never see.
            online=not (owner == "primary" and index == self.plants_per_api - 1 and self.plants_per_api >= 3),
            key=shared(KeyFront(f"{self.seed}:{api}:")),  # the key is f"{seed}:{api}:{plant_id}"
            reference=self.reference,
        )

    def plant_of_device(self, api: str, sn: str) -> tuple[Plant, Device] | None:
        return self.fleet(api).device(sn)
