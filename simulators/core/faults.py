"""The inject step: faults armed through the admin API or from Python."""

from __future__ import annotations

import itertools
import math
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from solarfakes.simulators.core.codecs import json_bytes
from solarfakes.simulators.core.journal import MAX_DEPTH, within_depth


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

    @property
    def answers(self) -> bool:
        """Whether this fault answers the call itself (a latency alone only delays it)."""
        return self.code is not None or self.http_status is not None

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


MAX_LATENCY_MS = 120_000


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def checked_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """The fault's fields, typed and in range, or a FaultError saying which one is wrong."""
    fields = {k: v for k, v in spec.items() if v is not None}
    if "code" not in fields and "http_status" not in fields and not fields.get("latency_ms"):
        raise FaultError("a fault needs a code, an http_status or a latency_ms")
    code = fields.get("code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int | str)):
        raise FaultError("code must be the vendor's code, a number or a string")
    for name in ("api", "endpoint", "message"):
        if name in fields and not isinstance(fields[name], str):
            raise FaultError(f"{name} must be a string")
    times = fields.get("times")
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise FaultError("times must be a whole number, at least 1")
    probability = fields.get("probability")
    if probability is not None and not (is_number(probability) and 0 < probability <= 1):
        raise FaultError("probability must be a number in (0, 1]")
    latency = fields.get("latency_ms")
    if latency is not None and not (is_number(latency) and 0 <= latency <= MAX_LATENCY_MS):
        raise FaultError(f"latency_ms must be a number from 0 to {MAX_LATENCY_MS}")
    status = fields.get("http_status")
    # 1xx are interim answers, never a final one: a server that sends one as final drops the connection.
    if status is not None and (not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599):
        raise FaultError("http_status must be a whole number from 200 to 599")
    if "body" in fields:
        check_body(fields["body"], status)
    return fields


def check_body(body: Any, status: int | None) -> None:
    if status in (204, 304):
        raise FaultError(f"an answer {status} has no body (HTTP forbids one)")
    if isinstance(body, str):
        return
    try:
        json_bytes.dumps(body)
    except (TypeError, ValueError, RecursionError):
        raise FaultError("body must be a string or JSON (no NaN or Infinity)") from None
    if not within_depth(body):
        raise FaultError(f"body is nested deeper than {MAX_DEPTH} levels")


@dataclass
class FaultRegistry:
    seed: int = 0
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.ids = itertools.count(1)
        self.random = random.Random(self.seed)

    def arm(self, **spec: Any) -> Fault:
        """Check every field before anything is stored: a refused fault leaves no trace."""
        fields = checked_fields(spec)
        with self.lock:
            fault = Fault(id=next(self.ids), **fields)
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
