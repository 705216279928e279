"""The inject step: faults armed through the admin API or from Python."""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Fault:
    """One armed fault: answer ``code`` (a vendor error) or ``http_status`` (a raw HTTP answer)."""

    id: int
    api: str | None = None
    endpoint: str | None = None
    code: int | str | None = None
    message: str | None = None
    http_status: int | None = None
    body: Any = None
    times: int | None = None
    probability: float | None = None
    latency_ms: float = 0.0
    fired: int = 0

    def matches(self, api: str, endpoint_id: str | None, path: str) -> bool:
        if self.api is not None and self.api != api:
            return False
        return self.endpoint is None or self.endpoint in (endpoint_id, path)

    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["remaining"] = None if self.times is None else self.times - self.fired
        return data


class FaultError(ValueError):
    """A fault that cannot be armed; the message says why."""


@dataclass
class FaultRegistry:
    seed: int = 0
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.ids = itertools.count(1)
        self.random = random.Random(self.seed)

    def arm(self, **spec: Any) -> Fault:
        if spec.get("code") is None and spec.get("http_status") is None and not spec.get("latency_ms"):
            raise FaultError("a fault needs a code, an http_status or a latency_ms")
        probability = spec.get("probability")
        if probability is not None and not 0 < float(probability) <= 1:
            raise FaultError("probability must be in (0, 1]")
        times = spec.get("times")
        if times is not None and int(times) < 1:
            raise FaultError("times must be at least 1")
        with self.lock:
            fault = Fault(id=next(self.ids), **spec)
            self.faults.append(fault)
        return fault

    def take(self, api: str, endpoint_id: str | None, path: str) -> Fault | None:
        """The first armed fault that fires for this call, counted as fired."""
        with self.lock:
            for fault in self.faults:
                if not fault.matches(api, endpoint_id, path) or fault.exhausted():
                    continue
                if fault.probability is not None and self.random.random() >= fault.probability:
                    continue
                fault.fired += 1
                if fault.exhausted():
                    self.faults.remove(fault)
                return fault
        return None

    def clear(self, fault_id: int | None = None) -> int:
        with self.lock:
            before = len(self.faults)
            self.faults = [f for f in self.faults if fault_id is not None and f.id != fault_id]
            return before - len(self.faults)

    def listing(self) -> list[dict[str, Any]]:
        with self.lock:
            return [f.as_json() for f in self.faults]
