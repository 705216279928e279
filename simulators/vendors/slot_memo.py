"""Figures that change only from one 5-minute slot to the next.

A served clock runs on, so every call is a new instant and a memo of the instant (``world.InstantMemo``)
answers only the calls of one instant. What a real-time or list call reports of a plant is its reading
of the slot under way: the same for every instant of that slot, as long as nothing the reading depends
on was written (settings, battery commands). Such figures are kept under the slot's (plant-local day,
index), one entry per plant or device, so a call within the same slot costs a lookup."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.shape import shaped_bytes
from solarfakes.simulators.physics import SlotKey, zone_slot
from solarfakes.simulators.world import Plant
from solarfakes.specs.model import FieldSchema

# Entries kept before a memo starts over. A client reads a few plants again and again; one reading every
# plant of a 10,000-plant fleet would keep them all for five minutes (and the slots they hold), so
# each memo is bounded and starts over when full: a plant past the bound costs what it did before.
READINGS_KEPT = 2048  # small entries: a reading, a few numbers
ANSWERS_KEPT = 256  # answers and rows: up to some kilobytes each


class SlotMemo:
    """Per key: the slot its figures are of and the figures. A writer that changes what readings are
    (a setting) replaces the whole memo; a plant with battery commands is never kept (a command may
    change its slots at any instant)."""

    __slots__ = ("kept", "limit")

    def __init__(self, limit: int = READINGS_KEPT) -> None:
        self.kept: dict[Hashable, tuple[Hashable, Any]] = {}
        self.limit = limit

    @staticmethod
    def slot_of(plant: Plant, now: datetime) -> SlotKey | None:
        """The slot under way at ``now`` whose figures may be kept, or None (battery commands)."""
        return None if plant.battery_commands else zone_slot(plant.timezone, now)

    def __reduce__(self) -> tuple[type[SlotMemo], tuple[int]]:
        """Written empty (a state snapshot keeps no caches): it fills again on the next calls."""
        return SlotMemo, (self.limit,)

    def get(self, key: Hashable, slot: Hashable | None) -> Any:
        """The figures kept for ``key`` in ``slot`` (None if none). ``slot`` is usually ``slot_of``'s; a
        figure that changes more often (or never) may pass its own period."""
        if slot is None:
            return None
        found = self.kept.get(key)
        return found[1] if found is not None and found[0] == slot else None

    def put(self, key: Hashable, slot: Hashable | None, figures: Any) -> None:
        if slot is None:
            return
        kept = self.kept
        if len(kept) >= self.limit and key not in kept:
            kept.clear()
        kept[key] = (slot, figures)

    def shaped(
        self,
        key: Hashable,
        slot: Hashable | None,
        owners: tuple[object, ...],
        schema: FieldSchema | None,
        build: Callable[[], Any],
    ) -> Encoded:
        """``build()`` as the shape and encode steps write it (``shaped_bytes``), kept under ``key`` for
        ``slot``: an answer the same for every call of its slot is shaped and encoded once. Kept with the
        objects it was made of (``owners``: its plant, device...) and ``schema``, and made anew where they
        are not the very ones (a fleet or spec put in their place)."""
        kept = self.get(key, slot)
        if kept is not None and kept[1] is schema and all(map(operator.is_, kept[0], owners)):
            found: Encoded = kept[2]
            return found
        shaped = shaped_bytes(build(), schema)
        self.put(key, slot, (owners, schema, shaped))
        return shaped
