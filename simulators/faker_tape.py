"""A seeded faker whose answers come from the compiled cache where an earlier run made the same calls.

Importing faker and building its en_US generator costs a server's first fleet about a tenth of a second
and several MB of RSS it keeps for good, while what a seeded faker answers to a sequence of calls never
changes. So the tape records each call (method and arguments) with its answer, and a later run with the
same seed answers the same calls from it, in order, checking each against the record. At the first call
that differs, or past the tape's end, a real faker is seeded alike and made to repeat the calls answered
so far: it then goes on exactly where a faker used from the start would be."""

from __future__ import annotations

import json
from array import array
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.drawn_credentials import cache_entry_name
from solarfakes.specs.loader import read_cache_json, write_cache_file

if TYPE_CHECKING:
    from faker import Faker


def tape_name(seed: str, variant: str) -> str:
    return cache_entry_name("faker", (__name__,), seed, variant)


def read_tape(name: str) -> deque[tuple[str, Any]] | None:
    """The recorded (call, answer) pairs, or None where absent or not such pairs."""
    entries = read_cache_json(name)
    if not isinstance(entries, list) or not all(
        isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) for e in entries
    ):
        return None
    # JSON keeps faker's tuples (local_latlng) as lists; every answer drawn here is text or a tuple
    return deque((call, tuple(answer) if isinstance(answer, list) else answer) for call, answer in entries)


class FakerTape:
    """Calls as on a Faker (``tape.last_name()``); ``keep`` writes what a tape-less run drew."""

    def __init__(self, seed: str, make: Callable[[str], Faker], variant: str = "") -> None:
        """``variant`` names what else shapes the calls (a fleet's size), so runs that differ keep a tape each."""
        self._seed = seed
        self._make = make  # a real faker seeded with ``seed``
        self._name = tape_name(seed, variant)
        self._recorded = read_tape(self._name)
        self._replaying = self._recorded is not None
        self._unkept: list[list[Any]] = []  # what a real faker answered and no tape holds yet
        # the calls the tape answered, in order, as indexes into their distinct texts (a fleet repeats few)
        self._answered = array("I")
        self._calls: dict[str, int] = {}
        self._real: Faker | None = None

    @classmethod
    def resumed(cls, fake: Faker) -> FakerTape:
        """A tape over ``fake`` as it stands (a state file's faker): it answers live and keeps nothing."""
        tape = cls.__new__(cls)
        tape._seed, tape._name, tape._recorded, tape._replaying = "", "", None, False
        tape._unkept, tape._answered, tape._calls, tape._real = [], array("I"), {}, fake
        return tape

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda *args, **kwargs: self._answer(method, args, kwargs)

    def _answer(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        call = json.dumps([method, args, kwargs], sort_keys=True)
        if self._replaying:
            assert self._recorded is not None
            if self._recorded and self._recorded[0][0] == call:
                self._answered.append(self._calls.setdefault(call, len(self._calls)))
                return self._recorded.popleft()[1]
            self._go_live()
        return self._live(call)

    def _live(self, call: str) -> Any:
        method, args, kwargs = json.loads(call)
        answer = getattr(self._faker(), method)(*args, **kwargs)
        if self._name:
            self._unkept.append([call, answer])
        return answer

    def _faker(self) -> Faker:
        if self._real is None:
            self._real = self._make(self._seed)
        return self._real

    def _go_live(self) -> None:
        """Past the tape (or off it): a real faker repeats the calls answered so far, and is used from now."""
        self._replaying, self._recorded = False, None
        texts = list(self._calls)
        for index in self._answered:
            self._live(texts[index])
        self._answered, self._calls = array("I"), {}

    def random_state(self) -> tuple[Any, ...]:
        if self._replaying:
            self._go_live()
        state: tuple[Any, ...] = self._faker().random.getstate()
        return state

    def keep(self) -> None:
        """Write the tape where this run drew what no tape held (the first run, or changed calls)."""
        if self._unkept:
            write_cache_file(self._name, json.dumps(self._unkept).encode())
