"""AlphaCloud's own state beside the shared fleet: which systems each appId has bound, the charge and
discharge settings written to them, the verification codes sent for binding, and EV charger currents.

Built from the seeded world on first use after every reset (``Simulator.backend``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.alphacloud.fleet import API
from solarfakes.simulators.vendors.slot_memo import SlotMemo
from solarfakes.simulators.world import Plant, World

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

UNSET_TIME = "00:00"  # a period from 00:00 to 00:00 is no period
DEFAULT_RESERVE_PCT = 10
DEFAULT_EV_CURRENT_A = 16.0


@dataclass
class ChargeConfig:
    """updateChargeConfigInfo's fields: charge up to ``bat_high_cap`` %, from the grid if ``grid_charge``,
    in periods f1 to e1 and f2 to e2."""

    bat_high_cap: int = 100
    grid_charge: int = 0
    time_chae1: str = UNSET_TIME
    time_chae2: str = UNSET_TIME
    time_chaf1: str = UNSET_TIME
    time_chaf2: str = UNSET_TIME

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> ChargeConfig:
        return cls(args["batHighCap"], args["gridCharge"], args["timeChae1"], args["timeChae2"],
                   args["timeChaf1"], args["timeChaf2"])  # fmt: skip

    def payload(self) -> dict[str, Any]:
        return {"batHighCap": self.bat_high_cap, "gridCharge": self.grid_charge, "timeChae1": self.time_chae1,
                "timeChae2": self.time_chae2, "timeChaf1": self.time_chaf1, "timeChaf2": self.time_chaf2}  # fmt: skip


@dataclass
class DischargeConfig:
    """updateDisChargeConfigInfo's fields: discharge down to ``bat_use_cap`` % if ``ctr_dis``, in
    periods f1 to e1 and f2 to e2. Unset, the cut-off is the battery's own reserve."""

    bat_use_cap: int
    ctr_dis: int = 0
    time_dise1: str = UNSET_TIME
    time_dise2: str = UNSET_TIME
    time_disf1: str = UNSET_TIME
    time_disf2: str = UNSET_TIME

    @classmethod
    def default(cls, plant: Plant) -> DischargeConfig:
        return cls(int(plant.battery.reserve_pct) if plant.battery else DEFAULT_RESERVE_PCT)

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> DischargeConfig:
        return cls(args["batUseCap"], args["ctrDis"], args["timeDise1"], args["timeDise2"],
                   args["timeDisf1"], args["timeDisf2"])  # fmt: skip

    def payload(self) -> dict[str, Any]:
        return {"batUseCap": self.bat_use_cap, "ctrDis": self.ctr_dis, "timeDise1": self.time_dise1,
                "timeDise2": self.time_dise2, "timeDisf1": self.time_disf1, "timeDisf2": self.time_disf2}  # fmt: skip


@dataclass
class Steering:
    """Since when a system's charge and discharge settings steer its battery, and the last plant-local
    day its commands reach (schedule.py)."""

    plant_id: int
    since: datetime
    through: date | None = None


@dataclass(frozen=True)
class VerificationCode:
    """The code getVerificationCode e-mails to the system's owner, which bindSn asks for."""

    code: str
    expires: float  # epoch seconds on the simulated clock


@dataclass
class AlphaBackend:
    world: World
    bindings: dict[str, set[str]]  # account -> the sysSns bound to its appId
    charge: dict[str, ChargeConfig] = field(default_factory=dict)  # by sysSn
    discharge: dict[str, DischargeConfig] = field(default_factory=dict)
    verification: dict[str, VerificationCode] = field(default_factory=dict)
    ev_current: dict[str, float] = field(default_factory=dict)  # by sysSn, in A
    steering: dict[str, Steering] = field(default_factory=dict)  # by sysSn: since when settings steer it
    # The list's rows, by system, for the slot under way (power.ess_row); a steered system is not kept.
    # Rows of nine numbers are small, so as many are kept as readings are elsewhere.
    slot_answers: SlotMemo = field(default_factory=SlotMemo)

    @property
    def fleet(self) -> dict[int, Plant]:
        return self.world.fleet(API)

    def bound(self, account: str) -> set[str]:
        return self.bindings.setdefault(account, set())


def sys_sn(plant: Plant) -> str:
    """A system is a plant; its sysSn is the plant's first inverter serial."""
    return plant.devices_of("inverter")[0].sn


def build_backend(sim: Simulator) -> AlphaBackend:
    """Every account starts with its own systems bound to its appId."""
    world = sim.world
    fleet = world.fleet(API).values()
    bindings = {
        account.name: {sys_sn(p) for p in fleet if p.account == account.name} for account in world.accounts_of(API)
    }
    return AlphaBackend(world=world, bindings=bindings)


def alpha(sim: Simulator) -> AlphaBackend:
    """The simulator's backend, typed."""
    backend = sim.backend
    if not isinstance(backend, AlphaBackend):
        raise TypeError(f"{sim.api} has no AlphaCloud backend")
    return backend
