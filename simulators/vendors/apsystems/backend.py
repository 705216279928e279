"""APsystems' view of the fleet: systems by sid, their ECUs (each activated for a meter, a battery or
neither) and micro-inverters, indexed once per reset (``Simulator.backend``). The API only reads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.apsystems.fleet import API, system_id
from solarfakes.simulators.vendors.slot_memo import ANSWERS_KEPT, SlotMemo
from solarfakes.simulators.world import Device, Plant, World, load_fields

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

ECU_PLAIN, ECU_METER, ECU_STORAGE = 0, 1, 2  # apsystems-openapi 3.1.2 ECU type
SYSTEMS_RECENT = 256  # systems the index keeps at hand


@dataclass(slots=True)  # one per system and ECU: 10,000 plants hold about 23,000
class Ecu:
    device: Device
    inverters: list[Device] = field(default_factory=list)
    meter: Device | None = None
    storage: Device | None = None

    def __setstate__(self, state: Any) -> None:
        load_fields(self, state)

    @property
    def eid(self) -> str:
        return self.device.sn

    @property
    def type(self) -> int:
        if self.storage is not None:
            return ECU_STORAGE
        return ECU_METER if self.meter is not None else ECU_PLAIN

    @property
    def pv_share(self) -> float:
        """The share of the system's PV that reaches this ECU's inverters."""
        return sum(inverter.pv_share for inverter in self.inverters)


@dataclass(slots=True)  # one per system and ECU: 10,000 plants hold about 23,000
class System:
    plant: Plant
    sid: str
    ecus: list[Ecu]

    def __setstate__(self, state: Any) -> None:
        load_fields(self, state)

    @property
    def account(self) -> str:
        return self.plant.account

    def ecu(self, eid: str) -> Ecu | None:
        return next((ecu for ecu in self.ecus if ecu.eid == eid), None)

    def meter_ecus(self) -> list[Ecu]:
        return [ecu for ecu in self.ecus if ecu.meter is not None]

    def inverters(self) -> list[Device]:
        return [inverter for ecu in self.ecus for inverter in ecu.inverters]

    def inverter(self, uid: str) -> Device | None:
        return next((inverter for inverter in self.inverters() if inverter.sn == uid), None)


def system_of(plant: Plant) -> System:
    ecus = {device.sn: Ecu(device) for device in plant.devices_of("ecu")}
    for device in plant.devices:
        ecu = ecus.get(device.datalogger_sn or "")
        if ecu is None:
            continue
        if device.kind == "inverter":
            ecu.inverters.append(device)
        elif device.kind == "meter":
            ecu.meter = device
        elif device.kind == "storage":
            ecu.storage = device
    return System(plant, system_id(plant), list(ecus.values()))


class SystemIndex(Mapping[str, System]):
    """The fleet's systems by sid, each made from its plant when asked: only the plants are kept by sid,
    where systems kept with their ECUs cost about 3.5 MB for 10,000 plants. The API only reads, so what a
    plant makes when asked is what it made when indexed."""

    def __init__(self, plants: dict[str, Plant]) -> None:
        self.plants = plants
        self.recent: dict[str, System] = {}  # the systems read lately (a call reads its system several times)

    def __getstate__(self) -> dict[str, Any]:
        return {"plants": self.plants}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.plants = state["plants"]
        self.recent = {}

    def __getitem__(self, sid: str) -> System:
        found = self.recent.get(sid)
        if found is None:
            found = system_of(self.plants[sid])
            if len(self.recent) >= SYSTEMS_RECENT:
                self.recent.clear()
            self.recent[sid] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.plants)

    def __len__(self) -> int:
        return len(self.plants)

    def __contains__(self, sid: object) -> bool:
        return sid in self.plants


@dataclass
class ApsBackend:
    world: World
    systems: Mapping[str, System]  # by sid (a SystemIndex; a dict in a snapshot written before it)
    # Summaries of the slot under way, by plant and share (system.summary): nothing written changes them.
    slot_answers: SlotMemo = field(default_factory=lambda: SlotMemo(ANSWERS_KEPT))


def build_backend(sim: Simulator) -> ApsBackend:
    plants = {system_id(plant): plant for plant in sim.world.fleet(API).values()}
    return ApsBackend(sim.world, SystemIndex(plants))


def aps(sim: Simulator) -> ApsBackend:
    """The simulator's backend, typed."""
    backend = sim.backend
    if not isinstance(backend, ApsBackend):
        raise TypeError(f"{sim.api} has no APsystems backend")
    return backend
