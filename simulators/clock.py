"""The simulated clock: every time-dependent behaviour of a fake cloud reads it."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

ClockMode = Literal["real", "frozen", "offset", "speed"]
# The simulated instant stays within these bounds so every date a vendor formats stays valid.
EARLIEST = datetime(1971, 1, 1, tzinfo=UTC).timestamp()
LATEST = datetime(2199, 12, 31, tzinfo=UTC).timestamp()
MAX_SPEED = 1_000_000.0


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


class SimClock:
    """Real, frozen, offset or sped-up time.

    Internally the simulated instant is ``anchor_sim + (real - anchor_real) * speed``;
    frozen is speed 0 and offset is speed 1 with an anchor other than now.
    """

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._anchor_real = source()
        self._anchor_sim = self._anchor_real
        self._speed = 1.0
        self._mode: ClockMode = "real"
        self.listeners: list[Callable[[], None]] = []  # told of every change (a state file keeps it)

    @classmethod
    def from_option(cls, option: str | None) -> SimClock:
        """Parse the CLI form: ``real``, ``frozen[@ISO]``, ``offset:SECONDS``, ``speed:FACTOR[@ISO]``."""
        clock = cls()
        if not option or option == "real":
            return clock
        kind, _, rest = option.partition("@")
        at = parse_instant(rest) if rest else None
        if kind == "frozen":
            clock.freeze(at)
        elif kind.startswith("offset:"):
            clock.offset(float(kind.split(":", 1)[1]))
        elif kind.startswith("speed:"):
            clock.set_speed(float(kind.split(":", 1)[1]), at)
        else:
            raise ValueError(f"unknown clock {option!r}; use real, frozen[@ISO], offset:S or speed:X[@ISO]")
        return clock

    def timestamp(self) -> float:
        """The simulated instant; a sped-up clock stops at the latest instant rather than run past it."""
        with self._lock:
            return min(self._anchor_sim + (self._source() - self._anchor_real) * self._speed, LATEST)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def state(self) -> ClockState:
        with self._lock:
            mode, speed = self._mode, self._speed
        return ClockState(mode, self.now(), speed)

    def _rebase(self, sim: float, speed: float, mode: ClockMode) -> None:
        if not (math.isfinite(sim) and EARLIEST <= sim <= LATEST):
            raise ValueError("the simulated time must lie between 1971-01-01 and 2199-12-31")
        if not (math.isfinite(speed) and 0 <= speed <= MAX_SPEED):
            raise ValueError(f"speed must be a number from 0 to {MAX_SPEED:g}")
        with self._lock:
            self._anchor_real = self._source()
            self._anchor_sim = sim
            self._speed = speed
            self._mode = mode
        for listener in self.listeners:
            listener()

    def anchors(self) -> tuple[float, float, float, ClockMode]:
        """What the clock is: (real anchor, simulated anchor, speed, mode), for a state file to keep."""
        with self._lock:
            return self._anchor_real, self._anchor_sim, self._speed, self._mode

    def restore(self, anchors: tuple[float, float, float, ClockMode]) -> None:
        """Back to kept ``anchors``: a clock that ran goes on as if it had run all along."""
        real, sim, speed, mode = anchors
        with self._lock:
            self._anchor_real, self._anchor_sim, self._speed, self._mode = real, sim, speed, mode

    def freeze(self, at: datetime | float | None = None) -> None:
        self._rebase(self._resolve(at), 0.0, "frozen")

    def set(self, at: datetime | float) -> None:
        """Move to ``at`` and keep the current mode's pace."""
        speed = self._speed
        self._rebase(self._resolve(at), speed, self._mode if self._mode != "real" else "offset")

    def advance(self, seconds: float) -> None:
        if not math.isfinite(seconds):
            raise ValueError("advance takes a finite number of seconds")
        speed = self._speed
        mode = self._mode if self._mode != "real" else "offset"
        self._rebase(self.timestamp() + seconds, speed, mode)

    def offset(self, seconds: float) -> None:
        if not math.isfinite(seconds):
            raise ValueError("offset takes a finite number of seconds")
        self._rebase(self._source() + seconds, 1.0, "offset" if seconds else "real")

    def set_speed(self, factor: float, at: datetime | float | None = None) -> None:
        self._rebase(self._resolve(at), factor, "frozen" if factor == 0 else "speed")

    def real(self) -> None:
        self._rebase(self._source(), 1.0, "real")

    def _resolve(self, at: datetime | float | None) -> float:
        if at is None:
            return self.timestamp()
        if isinstance(at, datetime):
            return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()
        return float(at)


def parse_instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
