"""A snapshot of what a state file's events rebuild: the world's fleets, accounts and seeded generators,
and every vendor's backend, so the events before it can be dropped (``State.compact``).

The snapshot is a pickle, as only it keeps the object graph the backends share with the world (a
backend's record and the world's fleet hold the same ``Plant``). Three things make it safe to keep:

- The cloud's ``World`` is not written but named, and the live one takes its place on load.
- Caches are left out: a plant's physics model, PV calendar and day counters and a fleet's serial index
  are rebuilt on use, and a
  Faker is written as its random state (a fresh copy of the prototype is seeded with it on load).
- Loading finds only classes defined in solarfakes or in a few standard modules of plain data, and only
  the functions below: a state file handed over by someone else cannot make the loader run code."""

from __future__ import annotations

import array
import copy
import dataclasses
import io
import pickle
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.faker_tape import FakerTape
from solarfakes.simulators.world import Accounts, Fleet, Plant, World, faker_prototype

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

WORLD = "world"
# A Plant's cache entries, left out (cached figures live in slots that are not fields, and are left out too);
# "model" and "pv_calendar" are named for snapshots written while plants kept them among their fields.
PLANT_CACHES = ("model", "pv_calendar", "window_estimate", "prehistory_kwh", "day_counters")
# Classes defined in these modules may be loaded; functions only if listed in LOADERS.
SAFE_MODULES = ("solarfakes.", "datetime", "collections", "zoneinfo", "random", "array", "decimal", "enum")
SAFE_BUILTINS = {"set", "frozenset", "dict", "list", "tuple", "bytearray", "bytes", "int", "float", "str", "complex"}


class SnapshotError(ValueError):
    """A snapshot that cannot be loaded (another version's classes, or something not a snapshot)."""


def plant_state(plant: Plant) -> dict[str, Any]:
    return {f.name: getattr(plant, f.name) for f in dataclasses.fields(plant) if f.name not in PLANT_CACHES}


def rebuilt_plant(state: dict[str, Any]) -> Plant:
    """A plant from its fields; a field the state lacks takes its default, as an attribute missing from
    a plant's dict once did."""
    plant = Plant.__new__(Plant)
    for found in dataclasses.fields(Plant):
        if found.name in state and found.name not in PLANT_CACHES:
            setattr(plant, found.name, state[found.name])
        elif found.default is not dataclasses.MISSING:
            setattr(plant, found.name, found.default)
        elif found.default_factory is not dataclasses.MISSING:
            setattr(plant, found.name, found.default_factory())
    plant.day_counters = {}
    return plant


def rebuilt_fleet(plants: dict[int, Plant]) -> Fleet:
    fleet = Fleet()
    fleet.update(plants)
    return fleet


def seeded_faker(state: tuple[Any, ...]) -> FakerTape:
    fake = copy.deepcopy(faker_prototype())
    fake.seed_instance(0)
    fake.random.setstate(state)
    return FakerTape.resumed(fake)


LOADERS: dict[tuple[str, str], Callable[..., Any]] = {
    (__name__, "rebuilt_plant"): rebuilt_plant,
    (__name__, "seeded_faker"): seeded_faker,
    (__name__, "rebuilt_fleet"): rebuilt_fleet,
    ("array", "_array_reconstructor"): array._array_reconstructor,  # type: ignore[attr-defined]
}


def layout_of(cls: type) -> list[str] | None:
    """A dataclass's field names: what a snapshot's objects must still have to be loaded by this code. A
    record pickled by its fields that is no longer a dataclass (``world.Device``) names them itself, so a
    snapshot written while it was one still loads."""
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls)]
    named = getattr(cls, "snapshot_fields", None)
    return list(named) if isinstance(named, tuple) else None


def class_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class SnapshotPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, world: World) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.world = world
        self.layouts: dict[str, list[str]] = {}  # of every dataclass written

    def persistent_id(self, obj: Any) -> str | None:
        return WORLD if obj is self.world else None

    def reducer_override(self, obj: Any) -> Any:
        layout = layout_of(type(obj)) if not isinstance(obj, type) else None
        if layout is not None:
            self.layouts[class_name(type(obj))] = layout
        if type(obj) is Plant:
            return rebuilt_plant, (plant_state(obj),)
        if type(obj) is Fleet:  # its item setter counts revisions, which exist only once it is built
            return rebuilt_fleet, (dict(obj),)
        if isinstance(obj, ZoneInfo):  # its own reduction names a classmethod, which loading would need getattr for
            return ZoneInfo, (obj.key,)
        if isinstance(obj, FakerTape):  # written as the state a real faker would have reached
            return seeded_faker, (obj.random_state(),)
        return NotImplemented


class SnapshotUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, world: World) -> None:
        super().__init__(file)
        self.world = world

    def persistent_load(self, pid: Any) -> Any:
        if pid != WORLD:
            raise SnapshotError(f"unknown reference {pid!r} in the snapshot")
        return self.world

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in LOADERS:
            return LOADERS[(module, name)]
        if module == "builtins" and name in SAFE_BUILTINS:
            return super().find_class(module, name)
        if module.startswith(SAFE_MODULES) or module in SAFE_MODULES:
            found = super().find_class(module, name)
            # a class defined there (not a function, nor a class some module only imported)
            if isinstance(found, type) and found.__module__.startswith(SAFE_MODULES):
                return found
        raise SnapshotError(f"the snapshot names {module}.{name}, which a snapshot never holds")


def snapshot(cloud: Cloud) -> tuple[bytes, dict[str, list[str]]]:
    """The world's and the backends' state now (taken under the cloud's lock), and the field names of
    the dataclasses it holds."""
    world = cloud.world
    state = {
        "fleets": world.fleets,
        # a plain dict: Accounts holds the world's bound method that makes missing ones, put back on restore
        "accounts": dict(world.accounts),
        "seeded": world.seeded,
        "backends": {api: sim._backend for api, sim in cloud.simulators.items()},
    }
    buffer = io.BytesIO()
    pickler = SnapshotPickler(buffer, world)
    pickler.dump(state)
    return buffer.getvalue(), pickler.layouts


def changed_layouts(layouts: dict[str, list[str]]) -> list[str]:
    """The classes of a snapshot whose fields differ in this code (or that it no longer has)."""
    changed = []
    for name, fields in layouts.items():
        module, _, qualname = name.rpartition(".")
        found = sys.modules.get(module)
        cls = getattr(found, qualname, None) if found is not None else None
        if not isinstance(cls, type) or layout_of(cls) != fields:
            changed.append(name)
    return changed


def restore_snapshot(cloud: Cloud, data: bytes, layouts: dict[str, list[str]]) -> None:
    """Put a snapshot's world and backends in place of the cloud's seeded ones."""
    try:
        state = SnapshotUnpickler(io.BytesIO(data), cloud.world).load()
    except SnapshotError:
        raise
    except Exception as exc:  # a truncated or foreign blob: say so, as for any unusable state file
        raise SnapshotError(f"the snapshot cannot be read ({type(exc).__name__}: {exc})") from None
    changed = changed_layouts(layouts)  # checked once loading has imported every module it names
    if changed:
        raise SnapshotError(f"the snapshot was written by a solarfakes whose {', '.join(sorted(changed))} differ")
    world = cloud.world
    accounts = Accounts(world.make_accounts)
    accounts.update(state["accounts"])
    world.fleets, world.accounts, world.seeded = state["fleets"], accounts, state["seeded"]
    for api, sim in cloud.simulators.items():
        sim._backend = state["backends"].get(api)
