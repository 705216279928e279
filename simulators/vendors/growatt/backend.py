"""Growatt's own state beside the shared fleet: the business account's end users, Growatt's record of
each plant, the collectors in stock, the settings written to devices, and the id counters.

Built from the seeded world on first use after every reset (``Simulator.backend``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.growatt.fleet import API, TOPOLOGY
from solarfakes.simulators.vendors.slot_memo import ANSWERS_KEPT, SlotMemo
from solarfakes.simulators.world import Plant, World, load_fields

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

END_USERS_PER_ACCOUNT = 2
COLLECTORS_IN_STOCK = 3
# Growatt's plant ids grow in steps; the fleet's seeded ids are spaced the same way.
PLANT_ID_STEP = 7


@dataclass
class EndUser:
    """An end user ("c_user") registered under a business account; plants belong to end users."""

    c_user_id: int
    email: str
    registered: datetime
    name: str
    tel: str
    account: str  # the business account (token) the user was registered under

    def row(self) -> dict[str, Any]:
        return {
            "c_user_id": self.c_user_id,
            "c_user_email": self.email,
            "c_user_regtime": self.registered,
            "c_user_name": self.name,
            "c_user_tel": self.tel,
        }


@dataclass(slots=True)  # one per plant
class PlantRecord:
    """Growatt's record of a plant: whose it is and what plant/add or plant/modify declared. Editing the
    record does not move or resize the panels, so telemetry and its history keep the world's figures."""

    c_user_id: int  # 0: no end user (the plant bound to nobody)
    currency: str = "1"
    peak_power: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    timezone: str | None = None

    def __setstate__(self, state: Any) -> None:
        load_fields(self, state)

    def peak_power_of(self, plant: Plant) -> float:
        return plant.peak_kw if self.peak_power is None else self.peak_power

    def latitude_of(self, plant: Plant) -> float:
        return plant.latitude if self.latitude is None else self.latitude

    def longitude_of(self, plant: Plant) -> float:
        return plant.longitude if self.longitude is None else self.longitude

    def timezone_of(self, plant: Plant) -> str:
        return plant.timezone if self.timezone is None else self.timezone


@dataclass(frozen=True)
class SettingWrite:
    """One inverterSet/storageSet write: its values, from the simulated instant it was made."""

    made: float  # epoch seconds
    values: list[str]


@dataclass
class GrowattBackend:
    world: World
    users: dict[int, EndUser]
    records: dict[int, PlantRecord]
    stock: list[str]  # collector serials not yet on any plant (datalogger/validate, add)
    next_user_id: int
    next_plant_id: int
    # device serial -> setting id -> every write, oldest first
    settings: dict[str, dict[str, list[SettingWrite]]] = field(default_factory=dict)
    # (inverter serial, plant-local day) -> PV units its settings held back in the whole days of that day's
    # month from its first limit through that day (output.py; bounded there)
    held_back_months: dict[tuple[str, date], int] = field(default_factory=dict)
    # (plant id, device serial) -> the device, its plant and its reading of the slot under way
    # (readings.latest_reading), and a plant's figures in lists; dropped when a setting is written.
    slot_readings: SlotMemo = field(default_factory=SlotMemo)
    # last_new_data's answers and list rows of the slot under way (inverters.latest_payload,
    # plants.plant_row); dropped with the above, and when plant/modify edits a plant.
    slot_answers: SlotMemo = field(default_factory=lambda: SlotMemo(ANSWERS_KEPT))

    @property
    def fleet(self) -> dict[int, Plant]:
        return self.world.fleet(API)

    def record(self, plant: Plant) -> PlantRecord:
        return self.records.setdefault(plant.plant_id, PlantRecord(c_user_id=0))

    def users_of(self, account: str) -> list[EndUser]:
        return [u for u in self.users.values() if u.account == account]

    def new_user_id(self) -> int:
        user_id = self.next_user_id
        self.next_user_id += 1
        return user_id

    def new_plant_id(self) -> int:
        plant_id = self.next_plant_id
        self.next_plant_id += PLANT_ID_STEP  # ids are never reused, even after a delete
        return plant_id

    def new_inverter_sn(self) -> str:
        return TOPOLOGY.inverter.make(self.world.generators(API).serials)

    def setting_at(self, sn: str, name: str, moment: datetime) -> list[str] | None:
        """The values of setting ``name`` in force at ``moment``, if it was ever written before it."""
        current = None
        for write in self.settings.get(sn, {}).get(name, []):
            if write.made <= moment.timestamp():
                current = write.values
        return current

    def write_setting(self, sn: str, name: str, made: datetime, values: list[str]) -> None:
        self.settings.setdefault(sn, {}).setdefault(name, []).append(SettingWrite(made.timestamp(), values))
        self.held_back_months = {key: units for key, units in self.held_back_months.items() if key[0] != sn}
        self.slot_readings = SlotMemo()
        self.forget_answers()

    def forget_answers(self) -> None:
        """Drop the answers kept for the slot under way (a write changed what they show)."""
        self.slot_answers = SlotMemo(ANSWERS_KEPT)

    def latest_settings(self, sn: str) -> dict[str, list[str]]:
        return {name: writes[-1].values for name, writes in self.settings.get(sn, {}).items()}


def build_backend(sim: Simulator) -> GrowattBackend:
    """Two end users per account own its plants in turn; a few unregistered collectors wait in stock.

    Draws continue the world's own generators after its build, in a fixed order, so a seed always
    gives the same users and stock."""
    world = sim.world
    generators = world.generators(API)
    fake = generators.fake
    rng = random.Random(f"{world.seed}|growatt-users")
    users: dict[int, EndUser] = {}
    next_id = 2_000_000 + rng.randrange(100_000)
    owners: dict[str, list[int]] = {}
    for account in world.accounts_of(API):
        for _ in range(END_USERS_PER_ACCOUNT):
            # Keyword arguments are evaluated as written: this is the order of the draws.
            users[next_id] = EndUser(
                c_user_id=next_id,
                email=fake.email(),
                registered=datetime(2024, 1, 1) + timedelta(days=rng.randrange(600)),
                name=fake.user_name() + str(rng.randrange(100)),
                tel=fake.msisdn()[:11],
                account=account.name,
            )
            owners.setdefault(account.name, []).append(next_id)
            next_id += 1
    fake.keep()  # the users' draws join the fleet's on the compiled cache's tape
    fleet = world.fleet(API)
    records = {}
    for index, plant in enumerate(fleet.values()):
        candidates = owners.get(plant.account) or [0]
        records[plant.plant_id] = PlantRecord(c_user_id=candidates[index % len(candidates)])
    stock = [TOPOLOGY.datalogger.make(generators.serials) for _ in range(COLLECTORS_IN_STOCK)]
    return GrowattBackend(
        world=world,
        users=users,
        records=records,
        stock=stock,
        next_user_id=next_id,
        next_plant_id=max(fleet) + PLANT_ID_STEP,
    )


def growatt(sim: Simulator) -> GrowattBackend:
    """The simulator's backend, typed."""
    backend = sim.backend
    if not isinstance(backend, GrowattBackend):
        raise TypeError(f"{sim.api} has no Growatt backend")
    return backend
