"""iSolarCloud's own state beside the shared fleet: the devices as iSolarCloud numbers them (ps_key,
uuid), its users' login attempts and locks, OAuth2 codes and refresh tokens, and the power limits
written through paramSetting. Built from the seeded world on first use after every reset."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, ValuesView
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.vendors.isolarcloud.fleet import API, DEVICE_TYPES, PLANT_TYPE
from solarfakes.simulators.vendors.isolarcloud.readings import add, estimated_losses, inverters, losses_between
from solarfakes.simulators.vendors.slot_memo import ANSWERS_KEPT, SlotMemo
from solarfakes.simulators.world import Account, Device, InstantMemo, Plant, World, load_fields

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

CHANNEL = 1  # every device hangs off the plant's one communication device
LOST_IN_MONTH_KEPT = 4096  # month sums of losses kept before the cache starts over
PLANTS_RECENT = 256  # plants whose entries the device index keeps at hand (a call reads a plant's several times)


@dataclass(frozen=True, slots=True)  # slots: one per device of the fleet, 10,000 plants hold 52,000
class IsoDevice:
    """A device as iSolarCloud addresses it: ps_key <ps_id>_<device_type>_<device_code>_<chnnl_id>
    (isolarcloud-openapi 2.5.5 "******_1_20_1" with device_code 20, chnnl_id 1; vendor-reality §4)."""

    plant: Plant
    device: Device | None  # None: the plant itself (virtual device 11)
    device_type: int
    device_code: int
    chnnl_id: int
    uuid: int

    def __setstate__(self, state: Any) -> None:
        load_fields(self, state)

    @property
    def ps_key(self) -> str:
        return f"{self.plant.plant_id}_{self.device_type}_{self.device_code}_{self.chnnl_id}"

    @property
    def sn(self) -> str | None:
        return None if self.device is None else self.device.sn

    @property
    def name(self) -> str:
        if self.device is None:
            return self.plant.name
        return f"{self.device.model}({self.device_code:03d})"


@dataclass
class LoginRecord:
    """A user's wrong passwords in a row and the lock they caused (login_state 2)."""

    err_times: int = 0
    locked_until: float | None = None


@dataclass
class User:
    account: Account | None  # None: a user without API data (the administrator-locked one)
    user_account: str
    password: str
    user_id: str
    admin_locked: bool = False


@dataclass(frozen=True)
class Grant:
    """An OAuth2 authorization code or refresh token: whose it is, until when, single use."""

    account: str
    expires: float
    redirect_uri: str | None = None


@dataclass
class PowerLimit:
    """A paramSetting write taking effect: the inverter's output limit from ``made`` on (epoch seconds);
    None lifts the limit."""

    made: float
    watts: float | None


@dataclass(frozen=True)
class Task:
    """A paramSetting task: it runs from ``made`` until ``done`` on the simulated clock; set_type 0 writes
    ``params`` (param_code -> set_value) when it is done, 2 reads them back."""

    task_id: str
    uuid: int
    set_type: int
    made: float
    done: float
    params: tuple[tuple[str, str], ...]


@dataclass
class IsolarBackend:
    world: World
    devices: Mapping[str, IsoDevice]  # by ps_key (a DeviceIndex; a dict in a snapshot written before it)
    users: dict[str, User]  # by user_account
    logins: dict[str, LoginRecord] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)
    refresh_tokens: dict[str, Grant] = field(default_factory=dict)
    limits: dict[str, list[PowerLimit]] = field(default_factory=dict)  # by device sn
    tasks: dict[str, Task] = field(default_factory=dict)  # paramSetting tasks by id
    # Derived from the limits, so dropped whenever a limit is written: units lost in a month's days through
    # a day, by (plant, that day) (lost_units_before),
    # and complete days' point statistics, by (ps_key, point, day).
    lost_in_month: dict[tuple[int, date], dict[str, float]] = field(default_factory=dict)
    day_stats: dict[tuple[str, str, date], dict[str, float]] = field(default_factory=dict)
    # Each device's latest reading at the clock's instant, by ps_key (a list asks every plant's); dropped
    # with the limits' other derived figures.
    latest_readings: InstantMemo = field(default_factory=InstantMemo)
    # What lists and real-time calls answer of a plant or device in the slot under way (plants.plant_row,
    # realtime.device_point); dropped with the above.
    slot_answers: SlotMemo = field(default_factory=lambda: SlotMemo(ANSWERS_KEPT))
    rng: random.Random = field(default_factory=random.Random)

    @property
    def fleet(self) -> dict[int, Plant]:
        return self.world.fleet(API)

    def devices_of(self, plant: Plant) -> list[IsoDevice]:
        if isinstance(self.devices, DeviceIndex):
            return list(self.devices.of_plant(plant.plant_id))
        return [d for d in self.devices.values() if d.plant.plant_id == plant.plant_id]

    def plant_device(self, plant: Plant) -> IsoDevice:
        """The plant as its own virtual device (type 11), whose points are the site's totals."""
        return self.devices[f"{plant.plant_id}_{PLANT_TYPE}_0_0"]

    def by_sn(self, sn: str) -> IsoDevice | None:
        return next((d for d in self.devices.values() if d.sn == sn), None)

    def limit_at(self, device: Device, moment: datetime) -> float | None:
        current = None
        for write in self.limits.get(device.sn, []):
            if write.made <= moment.timestamp():
                current = write.watts
        return current

    def add_limit(self, device: Device, limit: PowerLimit) -> None:
        writes = self.limits.setdefault(device.sn, [])
        writes.append(limit)
        writes.sort(key=lambda w: w.made)
        self.lost_in_month.clear()
        self.day_stats.clear()
        self.latest_readings = InstantMemo()
        self.slot_answers = SlotMemo(ANSWERS_KEPT)

    def capped_since(self, plant: Plant) -> date | None:
        made = [w.made for d in inverters(plant) for w in self.limits.get(d.sn, []) if w.watts is not None]
        return plant.local_date(datetime.fromtimestamp(min(made), UTC)) if made else None

    def lost_units_before(self, plant: Plant, day: date) -> dict[str, float]:
        """Exact in the world's exact years, the first cap's year and ``day``'s own year, a month at a
        time (kept); every other whole year in closed form (readings.estimated_losses), so a day in 2199
        costs a year of days at most, not every day since the first cap."""
        since = self.capped_since(plant)
        if since is None or day <= since:
            return {}
        exact_years = range(plant.reference.year, plant.reference.year + EXACT_YEARS)
        last_write = max(w.made for d in inverters(plant) for w in self.limits.get(d.sn, []))
        settled = max(plant.local_date(datetime.fromtimestamp(last_write, UTC)).year + 1, exact_years.stop)
        totals: dict[str, float] = {}
        for year in range(since.year, day.year + 1):
            if year in exact_years or year in (since.year, day.year):
                first = max(date(year, 1, 1), since)
                while first < min(day, date(year + 1, 1, 1)):
                    following = min(date(first.year + first.month // 12, first.month % 12 + 1, 1), day)
                    add(totals, self.month_losses(plant, since, following - timedelta(days=1)))
                    first = following
            else:
                add(totals, estimated_losses(plant, self, year, settled))
        return totals

    def month_losses(self, plant: Plant, since: date, last: date) -> dict[str, float]:
        """The losses of ``last``'s month from ``since`` on, through ``last``: kept under ``last``, so a past
        month is one entry and the current month's grows a day at a time (bounded, as day_stats)."""
        key = (plant.plant_id, last)
        found = self.lost_in_month.get(key)
        if found is None:
            first = max(last.replace(day=1), since)
            earlier = self.lost_in_month.get((plant.plant_id, last - timedelta(days=1))) if last > first else None
            found = dict(earlier) if earlier is not None else {}
            add(found, losses_between(plant, last if earlier is not None else first, last + timedelta(days=1), self))
            if len(self.lost_in_month) >= LOST_IN_MONTH_KEPT:
                self.lost_in_month.clear()
            self.lost_in_month[key] = found
        return found


class DeviceIndex(Mapping[str, IsoDevice]):
    """The fleet's devices by ps_key, made from their plant when asked. Only each plant's first uuid is
    kept: an entry kept per device cost about 6.5 MB for 10,000 plants. The fleet is never edited through
    iSolarCloud, so what a plant's devices make when asked is what they made when indexed."""

    def __init__(self, fleet: Mapping[int, Plant], first_uuids: dict[int, int]) -> None:
        self.fleet = fleet
        self.first_uuids = first_uuids  # by plant id, in fleet order
        self.count = sum(1 + len(fleet[plant_id].devices) for plant_id in first_uuids)
        self.recent: dict[int, tuple[IsoDevice, ...]] = {}  # the entries of plants read lately
        # The entries of those plants found by ps_key lately: a ps_key was found by writing out the
        # ps_key of each entry of its plant until one matched, on every call that names it.
        self.recent_keys: dict[str, IsoDevice] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name not in ("recent", "recent_keys")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """From a snapshot written while every entry was kept (``by_plant``), or one of this form."""
        by_plant = state.pop("by_plant", None)
        if by_plant is not None:
            state["fleet"] = {plant_id: entries[0].plant for plant_id, entries in by_plant.items()}
            state["first_uuids"] = {plant_id: entries[0].uuid for plant_id, entries in by_plant.items()}
        self.__dict__.update(state)
        self.recent = {}
        self.recent_keys = {}

    def of_plant(self, plant_id: int) -> tuple[IsoDevice, ...]:
        """The plant's devices, the plant itself first, then its devices in order, each device type
        numbering its own from 1. A plant read lately answers the entries it made then."""
        found = self.recent.get(plant_id)
        if found is None:
            found = self.made_of_plant(plant_id)
            if len(self.recent) >= PLANTS_RECENT:
                self.recent.clear()
                self.recent_keys.clear()  # only entries of the plants in ``recent``
            self.recent[plant_id] = found
        return found

    def made_of_plant(self, plant_id: int) -> tuple[IsoDevice, ...]:
        uuid = self.first_uuids.get(plant_id)
        if uuid is None:
            return ()
        plant = self.fleet[plant_id]
        entries = [IsoDevice(plant, None, PLANT_TYPE, 0, 0, uuid)]
        counts: dict[int, int] = {}
        for device in plant.devices:
            uuid += 1
            device_type = DEVICE_TYPES[device.kind]
            counts[device_type] = counts.get(device_type, 0) + 1
            entries.append(IsoDevice(plant, device, device_type, counts[device_type], CHANNEL, uuid))
        return tuple(entries)

    def __getitem__(self, ps_key: str) -> IsoDevice:
        known = self.recent_keys.get(ps_key) if type(ps_key) is str else None
        if known is not None:
            return known
        try:
            plant_id = int(ps_key.partition("_")[0])
        except (AttributeError, ValueError):
            raise KeyError(ps_key) from None
        for entry in self.of_plant(plant_id):
            if entry.ps_key == ps_key:  # the very text: "0012_..." names no device, as before
                self.recent_keys[ps_key] = entry  # its plant's entries are in ``recent`` (of_plant)
                return entry
        raise KeyError(ps_key)

    def __iter__(self) -> Iterator[str]:
        return (entry.ps_key for entry in self.values())

    def __len__(self) -> int:
        return self.count

    def values(self) -> ValuesView[IsoDevice]:
        return IndexedDevices(self)


class IndexedDevices(ValuesView[IsoDevice]):
    """The devices in fleet order, without a lookup by ps_key each."""

    _mapping: DeviceIndex

    def __iter__(self) -> Iterator[IsoDevice]:
        index = self._mapping
        for plant_id in index.first_uuids:
            yield from index.of_plant(plant_id)


def index_devices(world: World) -> DeviceIndex:
    fleet = world.fleet(API)
    first_uuids: dict[int, int] = {}
    uuid = 1_000_000 + world.rng(API, "uuid").randrange(8_000_000)
    for plant in fleet.values():
        first_uuids[plant.plant_id] = uuid
        uuid += 1 + len(plant.devices)
    return DeviceIndex(fleet, first_uuids)


def build_backend(sim: Simulator) -> IsolarBackend:
    world = sim.world
    users = {}
    for account in world.accounts_of(API):
        c = account.credentials
        users[c["user_account"]] = User(account, c["user_account"], c["user_password"], c["user_id"])
    rng = world.rng(API, "backend")
    locked = f"locked.{rng.randrange(10_000)}@example.com"
    users[locked] = User(None, locked, f"pw{rng.randrange(10**8)}", str(rng.randrange(10**8, 10**9)), True)
    return IsolarBackend(world=world, devices=index_devices(world), users=users, rng=rng)


def isolar(sim: Simulator) -> IsolarBackend:
    """The simulator's backend, typed."""
    backend = sim.backend
    if not isinstance(backend, IsolarBackend):
        raise TypeError(f"{sim.api} has no iSolarCloud backend")
    return backend
