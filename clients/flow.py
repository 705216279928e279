"""What a call's flow yields to the shell that drives it (send a request, sleep) and what the shell hands
back (the answer): the seam between ``ClientCore`` and the sync and async shells."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

from solarfakes.clients.request import Prepared


@dataclass(frozen=True)
class Send:
    prepared: Prepared


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Answer:
    """What a shell hands back for a ``Send``."""

    status: int
    headers: Mapping[str, str]
    content: bytes


Action = Send | Sleep
Flow = Generator[Action, Answer | None, Any]
