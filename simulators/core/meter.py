"""The meter step: quotas and rate limits from the spec, counted on the simulated clock."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from solarfakes.simulators.clock import SimClock
from solarfakes.specs.model import Limit
from solarfakes.specs.timeformats import month_after

# The meter reads the clock to the microsecond, as datetime does. A float instant of today is only
# exact to about 0.2 us, so without this a frozen clock advanced by 0.1 s moves 0.0999999 s and a
# bucket refilling 10 tokens a second refuses a call made exactly one refill later.
DIGITS = 6
PER_SECOND = 10**DIGITS
# What float sums of refills may lack of a whole token; far below a microsecond's refill at any sane rate.
TOKEN_SLACK = 1e-9
PAST_WINDOWS = 48


@dataclass
class Counter:
    window_start: float
    calls: int = 0
    tokens: float = 0.0
    refused: int = 0
    recent: deque[float] = field(default_factory=deque)
    last_seen: float = 0.0
    # (start, calls) of the windows before this one, so a vendor report of earlier hours tells the truth.
    past: deque[tuple[float, int]] = field(default_factory=lambda: deque(maxlen=PAST_WINDOWS))


@dataclass
class Verdict:
    limit: Limit
    allowed: bool
    remaining: int
    reset_at: float


def window_start(limit: Limit, now: float) -> float:
    if limit.kind == "calendar_month":
        moment = datetime.fromtimestamp(now, UTC)
        return datetime(moment.year, moment.month, 1, tzinfo=UTC).timestamp()
    if limit.kind == "calendar_day":
        moment = datetime.fromtimestamp(now, UTC)
        return datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp()
    if limit.kind == "fixed_window" and limit.window_seconds:
        return now - (now % limit.window_seconds)
    return now


def window_end(limit: Limit, start: float) -> float:
    if limit.kind == "calendar_month":
        moment = datetime.fromtimestamp(start, UTC)
        year, month = month_after(moment.year, moment.month)
        return datetime(year, month, 1, tzinfo=UTC).timestamp()
    if limit.kind == "calendar_day":
        return start + 86400
    return start + (limit.window_seconds or 0)


@dataclass
class Meter:
    """Counts every metered call; refuses only while enforcement is on."""

    limits: list[Limit]
    clock: SimClock
    enforce: bool = True
    counters: dict[tuple[str, str], Counter] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def scope_key(self, limit: Limit, account: str, endpoint_id: str, params: dict[str, Any]) -> str:
        key = {"endpoint": f"{account}/{endpoint_id}", "account": account}.get(limit.scope, "*")
        if limit.per_param is not None:
            key += f"/{limit.per_param}={params.get(limit.per_param, '')}"
        return key

    MAX_COUNTERS = 50_000

    def forget_idle(self, now: float) -> None:
        """Drop counters untouched for a day once there are many (one per sysSn a client invents)."""
        if len(self.counters) <= self.MAX_COUNTERS:
            return
        for key in [k for k, c in self.counters.items() if c.last_seen < now - 86400]:
            del self.counters[key]

    def check(self, account: str, endpoint_id: str, params: dict[str, Any] | None = None) -> Verdict | None:
        """Count the call against every limit that applies; return the first that refuses it.
        ``params`` are the request's raw parameters, for limits counted per parameter value."""
        now = round(self.clock.timestamp(), DIGITS)
        refusal: Verdict | None = None
        with self.lock:
            self.forget_idle(now)
            for limit in self.limits:
                if not limit.enforced:
                    continue  # its numbers are unknown: neither counted nor refused (fault injection only)
                if limit.endpoints is not None and endpoint_id not in limit.endpoints:
                    continue
                key = (limit.id, self.scope_key(limit, account, endpoint_id, params or {}))
                verdict = self.count(limit, key, now)
                self.counters[key].last_seen = now
                if not verdict.allowed and refusal is None:
                    refusal = verdict
        if refusal is not None and self.enforce:
            return refusal
        return None

    def count(self, limit: Limit, key: tuple[str, str], now: float) -> Verdict:
        if limit.kind == "token_bucket":
            return self.take_token(limit, key, now)
        if limit.kind == "rolling_window":
            return self.within_rolling(limit, key, now)
        start = window_start(limit, now)
        counter = self.counters.get(key)
        if counter is None or counter.window_start != start:
            fresh = Counter(start)
            if counter is not None:
                fresh.past = counter.past
                fresh.past.append((counter.window_start, counter.calls))
            counter = self.counters[key] = fresh
        maximum = limit.max_calls or 0
        allowed = counter.calls < maximum
        if allowed:
            counter.calls += 1
        else:
            counter.refused += 1
        return Verdict(limit, allowed, max(maximum - counter.calls, 0), window_end(limit, start))

    def within_rolling(self, limit: Limit, key: tuple[str, str], now: float) -> Verdict:
        """At most max_calls in any window_seconds: 'once per 24 h' means 24 h after the last call."""
        counter = self.counters.setdefault(key, Counter(now))
        window = limit.window_seconds or 0.0
        while counter.recent and counter.recent[0] <= now - window:
            counter.recent.popleft()
        maximum = limit.max_calls or 0
        allowed = len(counter.recent) < maximum
        if allowed:
            counter.recent.append(now)
            counter.calls += 1
        else:
            counter.refused += 1
        reset_at = counter.recent[0] + window if counter.recent else now
        return Verdict(limit, allowed, max(maximum - len(counter.recent), 0), reset_at)

    def take_token(self, limit: Limit, key: tuple[str, str], now: float) -> Verdict:
        burst = float(limit.burst or limit.max_calls or 1)
        rate = limit.refill_per_second or 0.0
        counter = self.counters.get(key)
        if counter is None:
            counter = self.counters[key] = Counter(now, tokens=burst)
        elapsed = round((now - counter.window_start) * PER_SECOND)  # whole microseconds, exact
        counter.tokens = min(burst, counter.tokens + elapsed * rate / PER_SECOND)
        counter.window_start = now
        allowed = counter.tokens >= 1 - TOKEN_SLACK
        if allowed:
            counter.tokens -= 1
            counter.calls += 1
        else:
            counter.refused += 1
        wait = 0.0 if allowed or rate <= 0 else (1 - counter.tokens) / rate
        return Verdict(limit, allowed, int(counter.tokens), now + wait)

    def reset(self) -> None:
        with self.lock:
            self.counters.clear()

    def calls_in_window(self, limit: Limit, account: str, start: float) -> int:
        """Calls counted by a fixed or calendar ``limit`` for ``account`` in the window that began at
        ``start``: the current one, or one of the last PAST_WINDOWS."""
        with self.lock:
            counter = self.counters.get((limit.id, self.scope_key(limit, account, "", {})))
            if counter is None:
                return 0
            if counter.window_start == start:
                return counter.calls
            return dict(counter.past).get(start, 0)

    def snapshot(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {"limit": limit_id, "scope": scope, "calls": c.calls, "refused": c.refused}
                for (limit_id, scope), c in sorted(self.counters.items())
            ]
