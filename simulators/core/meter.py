"""The meter step: quotas and rate limits from the spec, counted on the simulated clock.

A call is decided against every limit that applies before anything is charged: it is charged to all
of them only if all of them allow it. A call one limit refuses is charged to none (issue 12 §5: a
burst refused by Growatt's 5-minute rule must not use up the 10-a-day plant/list quota); no vendor
source says that a refused call counts. With enforcement off nothing is refused and every call is
served, so each limit counts it where it has room (and notes a refusal where it has none).

A ``lockout`` limit counts refusals instead of calls: once more than ``max_calls`` calls of its scope
were refused within ``window_seconds``, it refuses every call of that scope for ``lockout_seconds``
(Growatt: after a burst, every endpoint is blocked for minutes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.limit_headers import report
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
# One counter per limit and scope (and per parameter value, for per_param limits): a client that invents
# a new sysSn per call would otherwise grow the meter without bound. Past this many, the counter used
# least recently is forgotten (it starts afresh if its key comes back): O(1) per call.
MAX_COUNTERS = 20_000


@dataclass(slots=True)
class Counter:
    window_start: float
    calls: int = 0
    tokens: float = 0.0
    refused: int = 0
    # The granted calls still inside a rolling window; created on first use (most counters never need it).
    recent: deque[float] | None = None
    # (start, calls) of the windows before this one, so a vendor report of earlier hours tells the truth.
    past: deque[tuple[float, int]] | None = None
    # A lockout limit refuses every call of its scope until then.
    blocked_until: float = 0.0
    # Where a window is fixed or calendar: when it ends, so a call inside it (``window_start`` <= now <
    # ``window_end``) is known to be in it without working its start out again. Else its start: never.
    window_end: float = 0.0


@dataclass
class Verdict:
    limit: Limit
    allowed: bool
    remaining: int
    reset_at: float


def window_start(limit: Limit, now: float) -> float:
    if limit.kind == "calendar_month":
        return month_start(now // DAY)
    if limit.kind == "calendar_day":
        return day_start(now // DAY)
    if limit.kind == "fixed_window" and limit.window_seconds:
        return now - (now % limit.window_seconds)
    return now


DAY = 86400


@lru_cache(maxsize=4)
def day_start(day: float) -> float:
    """The UTC midnight that begins day number ``day`` (of the epoch), as its timestamp: every call of a
    day asks for the same one."""
    moment = datetime.fromtimestamp(day * DAY, UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC).timestamp()


@lru_cache(maxsize=4)
def month_start(day: float) -> float:
    moment = datetime.fromtimestamp(day * DAY, UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC).timestamp()


def ends_exactly(limit: Limit) -> bool:
    """Whether an instant falls in the window ``[start, window_end)`` exactly when ``window_start`` of
    it is ``start``: calendar windows (whole seconds apart), and fixed ones of whole seconds (the
    float remainder of an instant by a whole number is exact)."""
    if limit.kind in ("calendar_day", "calendar_month"):
        return True
    seconds = limit.window_seconds
    return limit.kind == "fixed_window" and seconds is not None and seconds != 0 and float(seconds).is_integer()


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
    counters: OrderedDict[tuple[str, str], Counter] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    max_counters: int = MAX_COUNTERS
    # the limits that apply to each endpoint, worked out on its first call (the limits never change)
    by_endpoint: dict[str, list[Limit]] = field(default_factory=dict, init=False, repr=False)
    # whether a limit of each endpoint counts per parameter value
    per_param_endpoints: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    # the counter keys of an (account, endpoint)'s limits, where none counts per parameter value
    keys: dict[tuple[str, str], list[tuple[Limit, tuple[str, str]]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def scope_key(self, limit: Limit, account: str, endpoint_id: str, params: dict[str, Any]) -> str:
        scope = limit.scope
        key = f"{account}/{endpoint_id}" if scope == "endpoint" else account if scope == "account" else "*"
        if limit.per_param is not None:
            key += f"/{limit.per_param}={params.get(limit.per_param, '')}"
        return key

    def applicable(self, endpoint_id: str) -> list[Limit]:
        found = self.by_endpoint.get(endpoint_id)
        if found is None:
            # Limits whose numbers are unknown are neither counted nor refused (fault injection only).
            found = self.by_endpoint[endpoint_id] = [
                limit
                for limit in self.limits
                if limit.enforced and (limit.endpoints is None or endpoint_id in limit.endpoints)
            ]
        return found

    def counts_per_param(self, endpoint_id: str) -> bool:
        """Whether a limit of ``endpoint_id`` counts its calls per value of a parameter."""
        found = self.per_param_endpoints.get(endpoint_id)
        if found is None:
            limits = self.applicable(endpoint_id)
            found = self.per_param_endpoints[endpoint_id] = any(limit.per_param is not None for limit in limits)
        return found

    def check(
        self,
        account: str,
        endpoint_id: str,
        params: dict[str, Any] | None = None,
        at: float | None = None,
        headers: dict[str, str] | None = None,
        *,
        whole_micros: bool = False,
    ) -> Verdict | None:
        """Decide the call against every limit that applies; charge it to all of them if all allow it,
        else to none. The first refusal (in the spec's order), while enforcement is on.
        ``params`` are the request's raw parameters, for limits counted per parameter value; ``at`` the
        call's instant (else the clock's); ``headers``, if given, get the limits' state after the call
        (limit_headers.py), read under the same lock and with the same counter keys. ``whole_micros``:
        ``at`` is a datetime's timestamp, a whole number of microseconds divided by a million (correctly
        rounded), which rounding to DIGITS gives back unchanged (its error is under half a microsecond
        until the clock's latest instant), so it is not rounded again (a rounding to digits costs ~0.5 us)."""
        applicable = self.applicable(endpoint_id)
        if not applicable:
            return None  # nothing to count or refuse (no ras/v2 endpoint has a limit)
        now = at if whole_micros and at is not None else round(self.clock.timestamp() if at is None else at, DIGITS)
        with self.lock:
            keyed = self.keyed(applicable, account, endpoint_id, params or {})
            decided = []
            refused: tuple[Limit, Counter] | None = None
            for limit, key in keyed:
                counter = self.current(limit, key, now)
                allowed = self.allows(limit, counter, now)
                if not allowed and refused is None:
                    refused = (limit, counter)
                decided.append((limit, counter, allowed))
            for limit, counter, allowed in decided:
                if not allowed:
                    counter.refused += 1
                elif refused is not None and limit.kind == "lockout" and self.enforce:
                    self.note_refusal(limit, counter, now)
                elif refused is None or not self.enforce:
                    self.charge(limit, counter, now)
            if len(self.counters) > self.max_counters:
                self.forget_least_used()
            if headers is not None:
                for limit, key in keyed:
                    if limit.headers:  # most limits report nothing
                        report(limit, self.counters.get(key), headers)
            # the charges above leave a refused counter as it was decided (only its refusals counted)
            return self.decide(*refused, now) if refused is not None and self.enforce else None

    def keyed(
        self, limits: list[Limit], account: str, endpoint_id: str, params: dict[str, Any]
    ) -> list[tuple[Limit, tuple[str, str]]]:
        """Each limit with the key of its counter for this call; where no limit counts per parameter
        value, the keys depend on the account and endpoint only and are worked out once for them."""
        if self.counts_per_param(endpoint_id):
            return [(limit, (limit.id, self.scope_key(limit, account, endpoint_id, params))) for limit in limits]
        found = self.keys.get((account, endpoint_id))
        if found is None:
            if len(self.keys) >= MAX_COUNTERS:
                self.keys.clear()
            found = [(limit, (limit.id, self.scope_key(limit, account, endpoint_id, params))) for limit in limits]
            self.keys[(account, endpoint_id)] = found
        return found

    def allows(self, limit: Limit, counter: Counter, now: float) -> bool:
        """``decide(limit, counter, now).allowed``, without making the verdict (most calls are allowed)."""
        if counter.blocked_until > now:
            return False
        kind = limit.kind
        if kind == "token_bucket":
            return counter.tokens >= 1 - TOKEN_SLACK
        if kind == "lockout":
            return True
        if kind == "rolling_window":
            return len(counter.recent or ()) < (limit.max_calls or 0)
        return counter.calls < (limit.max_calls or 0)

    def note_refusal(self, limit: Limit, counter: Counter, now: float) -> None:
        """A lockout limit saw a call of its scope refused: past max_calls in its window, it locks the scope."""
        if counter.recent is None:
            counter.recent = deque()
        counter.recent.append(now)
        if len(counter.recent) > (limit.max_calls or 0):
            counter.blocked_until = now + (limit.lockout_seconds or 0.0)
            counter.recent.clear()

    def current(self, limit: Limit, key: tuple[str, str], now: float) -> Counter:
        """The counter of ``key`` as of ``now``: a new window begun, a bucket refilled, a rolling window
        cleared of calls that left it. Counting nothing yet; marked as used most recently."""
        counter = self.counters.get(key)
        if counter is not None:
            self.counters.move_to_end(key)
        if limit.kind == "token_bucket":
            if counter is None:
                burst = float(limit.burst or limit.max_calls or 1)
                counter = self.counters[key] = Counter(now, tokens=burst)
            self.refill(limit, counter, now)
        elif limit.kind in ("rolling_window", "lockout"):
            if counter is None:
                counter = self.counters[key] = Counter(now)
            window = limit.window_seconds or 0.0
            recent = counter.recent
            while recent and recent[0] <= now - window:
                recent.popleft()
        elif counter is None or not counter.window_start <= now < counter.window_end:  # a window of its own
            start = window_start(limit, now)
            if counter is None or counter.window_start != start:
                fresh = Counter(start, window_end=window_end(limit, start) if ends_exactly(limit) else start)
                if counter is not None:
                    fresh.past = counter.past if counter.past is not None else deque(maxlen=PAST_WINDOWS)
                    fresh.past.append((counter.window_start, counter.calls))
                counter = self.counters[key] = fresh
        return counter

    def refill(self, limit: Limit, counter: Counter, now: float) -> None:
        burst = float(limit.burst or limit.max_calls or 1)
        rate = limit.refill_per_second or 0.0
        elapsed = round((now - counter.window_start) * PER_SECOND)  # whole microseconds, exact
        counter.tokens = min(burst, counter.tokens + elapsed * rate / PER_SECOND)
        counter.window_start = now

    def decide(self, limit: Limit, counter: Counter, now: float) -> Verdict:
        """Whether ``counter`` (current as of ``now``) has room for one more call, charging nothing."""
        if counter.blocked_until > now:
            return Verdict(limit, False, 0, counter.blocked_until)
        maximum = limit.max_calls or 0
        if limit.kind == "token_bucket":
            rate = limit.refill_per_second or 0.0
            allowed = counter.tokens >= 1 - TOKEN_SLACK
            wait = 0.0 if allowed or rate <= 0 else (1 - counter.tokens) / rate
            return Verdict(limit, allowed, int(counter.tokens), now + wait)
        if limit.kind == "lockout":
            return Verdict(limit, True, 0, now)
        if limit.kind == "rolling_window":
            recent = counter.recent or ()
            reset_at = recent[0] + (limit.window_seconds or 0.0) if recent else now
            return Verdict(limit, len(recent) < maximum, max(maximum - len(recent), 0), reset_at)
        return Verdict(
            limit, counter.calls < maximum, max(maximum - counter.calls, 0), window_end(limit, counter.window_start)
        )

    def charge(self, limit: Limit, counter: Counter, now: float) -> None:
        counter.calls += 1
        if limit.kind == "lockout":
            return  # it counts refusals, not calls
        if limit.kind == "token_bucket":
            counter.tokens -= 1
        elif limit.kind == "rolling_window":
            if counter.recent is None:
                counter.recent = deque()
            counter.recent.append(now)

    def forget_least_used(self) -> None:
        while len(self.counters) > self.max_counters:
            self.counters.popitem(last=False)

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
            return dict(counter.past or ()).get(start, 0)

    def snapshot(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {"limit": limit_id, "scope": scope, "calls": c.calls, "refused": c.refused}
                for (limit_id, scope), c in sorted(self.counters.items())
            ]
