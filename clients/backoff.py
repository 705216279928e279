"""Backoff on quota and rate-limit errors, bounded in attempts and in total wait.

The wait for one refusal is, in order: the answer's ``Retry-After`` (seconds or an HTTP date); where the
answer carries a limit's ``remaining`` header (the spec's ``Limit.headers``, iSolarCloud's X-Ratelimit-*)
at zero, one refill interval from its ``rate`` header; else the shortest wait of the spec's enforced limits
that answer this code for this endpoint: a token bucket's refill interval, a window's length. A calendar
day or month quota has no bounded wait, so it is not retried. A wait that would pass the policy's
``max_total_wait`` gives up at once: the error is raised with ``retry_after`` set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solarfakes.specs.model import Endpoint, Limit, Spec


@dataclass(frozen=True)
class BackoffPolicy:
    max_attempts: int = 3  # retries after the first refusal
    max_total_wait: float = 900.0  # seconds, over all retries of one call
    min_wait: float = 0.0


def retry_after_header(headers: Mapping[str, str], now: float) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return None


def header_wait(limits: list[Limit], headers: Mapping[str, str]) -> float | None:
    for limit in limits:
        names = limit.headers or {}
        remaining, rate = headers.get(names.get("remaining", "")), headers.get(names.get("rate", ""))
        if remaining is None or rate is None:
            continue
        try:
            if float(remaining) <= 0 and float(rate) > 0:
                return 1.0 / float(rate) if limit.kind == "token_bucket" else (limit.window_seconds or 1.0)
        except ValueError:
            continue
    return None


def limit_wait(limit: Limit) -> float | None:
    if limit.kind == "token_bucket" and limit.refill_per_second:
        return 1.0 / limit.refill_per_second
    if limit.kind in ("fixed_window", "rolling_window") and limit.window_seconds:
        return limit.window_seconds
    return None


def quota_wait(spec: Spec, endpoint: Endpoint, code: int | str, headers: Mapping[str, str], now: float) -> float | None:
    """How long to wait before retrying after ``code``; None where no bounded wait helps."""
    limits = [
        limit
        for limit in spec.limits
        if str(limit.error) == str(code) and (limit.endpoints is None or endpoint.id in limit.endpoints)
    ]
    told = retry_after_header(headers, now)
    if told is not None:
        return told
    from_headers = header_wait(limits, headers)
    if from_headers is not None:
        return from_headers
    waits = [wait for limit in limits if limit.enforced and (wait := limit_wait(limit)) is not None]
    return min(waits) if waits else None


def next_wait(
    policy: BackoffPolicy, wait: float | None, attempt: int, waited: float
) -> tuple[float | None, float | None]:
    """(the wait to sleep now or None to give up, the wait the error should report)."""
    if wait is None:
        return None, None
    wait = max(wait, policy.min_wait)
    if attempt >= policy.max_attempts or waited + wait > policy.max_total_wait:
        return None, wait
    return wait, wait
