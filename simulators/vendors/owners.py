"""Each account's plants, looked up instead of found by walking the fleet.

A list call asks for the caller's plants; walking a 10,000-plant fleet for them is the cost of the call.
The index is worked out again after any write to the fleet (``Fleet.revision``: a plant added, removed
or replaced, a device list edited), so a write costs one walk and every list call after it a copy of a
list. A plant's owner is set when it is made and no API writes it in place; code that ever does must
call ``Fleet.changed`` after it, as code that edits a plant's devices in place does."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from solarfakes.simulators.world import Fleet, Plant

# Per fleet (by id, while it lives): the revision indexed, and each account's plants in fleet order.
INDEXES: dict[int, tuple[weakref.ref[Fleet], int, dict[str, list[Plant]]]] = {}


def plants_of(fleet: Fleet, account: str) -> list[Plant]:
    """The plants of ``fleet`` owned by ``account``, in fleet order (as a scan of the fleet finds them)."""
    key = id(fleet)
    kept = INDEXES.get(key)
    if kept is None or kept[0]() is not fleet or kept[1] != fleet.revision:
        by_account: dict[str, list[Plant]] = {}
        for plant in fleet.values():
            by_account.setdefault(plant.account, []).append(plant)
        ref = kept[0] if kept is not None and kept[0]() is fleet else weakref.ref(fleet, forget(key))
        kept = INDEXES[key] = (ref, fleet.revision, by_account)
    return list(kept[2].get(account, ()))


def forget(key: int) -> Callable[[weakref.ref[Fleet]], None]:
    """Drop a fleet's index when the fleet goes (a reset builds new fleets)."""

    def drop(_: weakref.ref[Fleet]) -> None:
        INDEXES.pop(key, None)

    return drop
