"""The simulated clock: every time-dependent behaviour of a fake cloud reads it."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

ClockMode = Literal["real", "frozen", "offset", "speed"]
# The simulated instant stays within these bounds so every date a vendor formats stays valid.
EARLIEST = datetime(1971, 1, 1, tzinfo=UTC).timestamp()
LATEST = datetime(2199, 12, 31, tzinfo=UTC).timestamp()
MAX_SPEED = 1_000_000.0
LATEST_MICROS = round(LATEST) * 1_000_000


@dataclass(frozen=True)
class ClockState:
    mode: ClockMode
    now: datetime
    speed: float

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "now": self.now.isoformat(),
            "epoch": self.now.timestamp(),
            "speed": self.speed,
        }


MICROS = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(seconds: float) -> int:
    return round(seconds * MICROS)


class SimClock:
    """Real, frozen, offset or sped-up time.

    Internally the simulated instant is ``anchor_sim + (real - anchor_real) * speed``;
    frozen is speed 0 and offset is speed 1 with an anchor other than now. The simulated anchor is
    kept in whole microseconds, so steps add up exactly: ten ``advance(0.1)`` land one second later.
    """

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._lock = threading.Lock()  # taken by changes only
        real = source()
        # (real anchor, simulated anchor in microseconds, speed): one tuple, replaced whole under the lock,
        # so a read (several per call) takes one consistent view of it without the lock
        self._pace: tuple[float, int, float] = (real, to_micros(real), 1.0)
        self._mode: ClockMode = "real"
        self.listeners: list[Callable[[], None]] = []  # told of every change (a state file keeps it)

    @classmethod
    def from_option(cls, option: str | None) -> SimClock:
        """Parse the CLI form: ``real``, ``frozen[@ISO]``, ``offset:SECONDS``, ``speed:FACTOR[@ISO]``.
        A ValueError says which part of the option is wrong."""
        clock = cls()
        if not option or option == "real":
            return clock
        kind, _, rest = option.partition("@")
        name, _, number = kind.partition(":")
        known = (name == "frozen" and not number) or (name == "offset" and not rest) or name == "speed"
        at = parse_instant(rest) if rest and known else None
        if name == "frozen" and not number:
            clock.freeze(at)
        elif name == "offset" and not rest:
            clock.offset(parse_number(number, "offset:SECONDS"))
        elif name == "speed":
            clock.set_speed(parse_number(number, "speed:FACTOR"), at)
        else:
            raise ValueError(f"unknown clock {option!r}; use real, frozen[@ISO], offset:SECONDS or speed:FACTOR[@ISO]")
        return clock

    def micros(self) -> int:
        """The simulated instant in whole microseconds since the epoch; a sped-up clock stops at the
        latest instant rather than run past it."""
        real, sim, speed = self._pace
        elapsed = 0 if speed == 0 else to_micros((self._source() - real) * speed)
        return min(sim + elapsed, LATEST_MICROS)

    def timestamp(self) -> float:
        """The simulated instant in seconds since the epoch."""
        return self.micros() / MICROS

    def now(self) -> datetime:
        return EPOCH + timedelta(microseconds=self.micros())

    def state(self) -> ClockState:
        with self._lock:
            mode, speed = self._mode, self._pace[2]
        return ClockState(mode, self.now(), speed)

    def _rebase(self, sim: float | int, speed: float, mode: ClockMode) -> None:
        """Anchor the clock at ``sim``: seconds as a float, or exact microseconds as an int."""
        micros = sim if isinstance(sim, int) else to_micros(sim) if math.isfinite(sim) else None
        if micros is None or not EARLIEST * MICROS <= micros <= LATEST_MICROS:
            raise ValueError("the simulated time must lie between 1971-01-01 and 2199-12-31")
        if not (math.isfinite(speed) and 0 <= speed <= MAX_SPEED):
            raise ValueError(f"speed must be a number from 0 to {MAX_SPEED:g}")
        with self._lock:
            self._pace = (self._source(), micros, speed)
            self._mode = mode
        for listener in self.listeners:
            listener()

    def anchors(self) -> tuple[float, float, float, ClockMode]:
        """What the clock is: (real anchor, simulated anchor, speed, mode), for a state file to keep; the
        anchors in seconds (the simulated one exact to the microsecond it is kept in)."""
        with self._lock:
            (real, sim, speed), mode = self._pace, self._mode
        return real, sim / MICROS, speed, mode

    def restore(self, anchors: tuple[float, float, float, ClockMode]) -> None:
        """Back to kept ``anchors``: a clock that ran goes on as if it had run all along."""
        real, sim, speed, mode = anchors
        with self._lock:
            self._pace, self._mode = (real, to_micros(sim), speed), mode

    def freeze(self, at: datetime | float | None = None) -> None:
        self._rebase(self._resolve(at), 0.0, "frozen")

    def set(self, at: datetime | float) -> None:
        """Move to ``at`` and keep the current mode's pace."""
        speed = self._pace[2]
        self._rebase(self._resolve(at), speed, self._mode if self._mode != "real" else "offset")

    def advance(self, seconds: float) -> None:
        if not math.isfinite(seconds):
            raise ValueError("advance takes a finite number of seconds")
        speed = self._pace[2]
        mode = self._mode if self._mode != "real" else "offset"
        self._rebase(self.micros() + to_micros(seconds), speed, mode)

    def offset(self, seconds: float) -> None:
        if not math.isfinite(seconds):
            raise ValueError("offset takes a finite number of seconds")
        self._rebase(self._source() + seconds, 1.0, "offset" if seconds else "real")

    def set_speed(self, factor: float, at: datetime | float | None = None) -> None:
        self._rebase(self._resolve(at), factor, "frozen" if factor == 0 else "speed")

    def real(self) -> None:
        self._rebase(self._source(), 1.0, "real")

    def _resolve(self, at: datetime | float | None) -> float | int:
        if at is None:
            return self.micros()
        if isinstance(at, datetime):
            return ((at if at.tzinfo else at.replace(tzinfo=UTC)) - EPOCH) // timedelta(microseconds=1)
        return float(at)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; without a zone it is UTC."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 instant (like 2026-06-21T10:00:00Z)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_number(text: str, form: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number (in {form})") from None
