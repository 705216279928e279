"""Response headers that report a limit's state (iSolarCloud's gateway sends X-Ratelimit-*): for each
limit whose spec declares ``headers``, its capacity, its refill rate and what remains after this call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Limit

if TYPE_CHECKING:
    from solarfakes.simulators.core.meter import Counter


def report(limit: Limit, counter: Counter | None, headers: dict[str, str]) -> None:
    """Add the headers of ``limit``, whose counter for the call is ``counter`` (None: none yet)."""
    left = None if counter is None else (counter.tokens if limit.kind == "token_bucket" else -counter.calls)
    fixed, remaining_names = fixed_headers(limit)
    headers.update(fixed)  # in the spec's order, the remaining-calls headers' places held by ""
    if remaining_names:
        left_text = remaining(limit, left)
        for name in remaining_names:
            headers[name] = left_text


@per_object()
def fixed_headers(limit: Limit) -> tuple[dict[str, str], tuple[str, ...]]:
    """The limit's headers in the spec's order, with its capacity and rate (they never change), and the
    names of its remaining-calls headers, whose places hold ""."""
    values = {"capacity": capacity(limit), "rate": rate(limit)}
    roles = (limit.headers or {}).items()
    fixed = {name: values.get(role, "") for role, name in roles}
    return fixed, tuple(name for role, name in roles if role == "remaining")


def capacity(limit: Limit) -> str:
    return str(limit.burst if limit.burst is not None else limit.max_calls or 0)


def rate(limit: Limit) -> str:
    """Calls added back per second (a token bucket) or per window."""
    if limit.kind == "token_bucket":
        return f"{limit.refill_per_second or 0:g}"
    return str(limit.max_calls or 0)


def remaining(limit: Limit, left: float | None) -> str:
    """``left``: a bucket's tokens, or minus the calls counted in the current window."""
    if left is None:
        return capacity(limit)
    if limit.kind == "token_bucket":
        return str(max(int(left), 0))
    return str(max((limit.max_calls or 0) + int(left), 0))
