"""ras/v2's own state beside the shared fleet: the dispatch commands sent to each system, as the EMS
registers show them (ActivePower, SOC, ControlMode as sent). The battery itself follows the world's
battery commands (``Plant.command_battery``), so the physics keeps state of charge the integral of power.

Built from the seeded world on first use after every reset (``Simulator.backend``)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from solarfakes.simulators.vendors.rasv2.fleet import API
from solarfakes.simulators.vendors.slot_memo import ANSWERS_KEPT, SlotMemo
from solarfakes.simulators.world import Plant, World

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


@dataclass(frozen=True)
class Dispatch:
    """One RemoteDispatch command as the system holds it, from ``start`` until ``end``."""

    start: datetime
    end: datetime
    active_power: int
    soc: float
    control_mode: int

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and self.end > start


@dataclass
class RasBackend:
    world: World
    dispatches: dict[str, list[Dispatch]] = field(default_factory=dict)  # by system Sn
    # Rows of lists and real-time calls, by plant, for the period they hold (systems.system_row: for
    # ever; power.power_row: its upload instant); a system under battery commands is not kept.
    rows: SlotMemo = field(default_factory=lambda: SlotMemo(ANSWERS_KEPT))

    @property
    def fleet(self) -> dict[int, Plant]:
        return self.world.fleet(API)

    def find(self, sn: str) -> Plant | None:
        found = self.world.plant_of_device(API, sn)
        return found[0] if found is not None and system_sn(found[0]) == sn else None

    def systems_of(self, account: str) -> list[Plant]:
        return self.world.fleet(API).plants_of(account)

    def dispatch_during(self, sn: str, start: datetime, end: datetime) -> Dispatch | None:
        """The latest command running at some moment from ``start`` to ``end``."""
        found = [d for d in self.dispatches.get(sn, []) if d.overlaps(start, end)]
        return found[-1] if found else None


def system_sn(plant: Plant) -> str:
    """A system is a plant; its S/N is the plant's first inverter serial. Found by a scan that stops
    there: ``devices_of("inverter")[0]`` read the kind of every device and listed them, on every call
    that names a system (half of its finding the system)."""
    for device in plant.devices:
        if device.kind == "inverter":
            return device.sn
    raise IndexError("list index out of range")  # as devices_of("inverter")[0] of a plant without one


def row_id(*parts: object) -> str:
    """A stable GUID for a row the server would have stored (the DTOs' Id)."""
    return guid_of(repr(parts))


@lru_cache(maxsize=4096)  # a list's rows ask for the same ones at every call
def guid_of(text: str) -> str:
    return str(uuid.UUID(bytes=hashlib.blake2b(text.encode(), digest_size=16).digest(), version=4))


def build_backend(sim: Simulator) -> RasBackend:
    return RasBackend(world=sim.world)


def ras(sim: Simulator) -> RasBackend:
    """The simulator's backend, typed."""
    backend = sim.backend
    if not isinstance(backend, RasBackend):
        raise TypeError(f"{sim.api} has no ras/v2 backend")
    return backend
