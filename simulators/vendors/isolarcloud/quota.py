"""getOpenApiCallInfo (2.2): the app's calls of the hour and the day against their maxima, read from the
meter's own counters (limits hourly_quota and daily_count), so they are the counts it enforces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.meter import window_start

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

HOURLY, DAILY = "hourly_quota", "daily_count"


def counted(sim: Simulator, limit_id: str, account: str, now: float) -> tuple[int, int]:
    """(calls in the limit's current window, its maximum) for ``account``."""
    limit = next(limit for limit in sim.meter.limits if limit.id == limit_id)
    with sim.meter.lock:
        counter = sim.meter.counters.get((limit_id, sim.meter.scope_key(limit, account, "", {})))
        calls = counter.calls if counter is not None and counter.window_start == window_start(limit, now) else 0
    return calls, limit.max_calls or 0


def call_info(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    now = call.now.timestamp()
    hour_calls, hour_max = counted(sim, HOURLY, call.account.name, now)
    day_calls, day_max = counted(sim, DAILY, call.account.name, now)
    current = datetime.fromtimestamp(now, UTC).hour
    # Only the hour under way has a count of its own: hours to come have their whole budget, and the
    # meter keeps no per-hour history of hours gone, which report their budget too.
    residue = [
        {"times": hour_max - hour_calls if hour == current else hour_max, "hour": f"{hour:02d}"} for hour in range(24)
    ]
    return {
        "per_day_access_times_config": day_max,
        "curr_hour_accessed_times": hour_calls,
        "today_accessed_times": day_calls,
        "per_hour_access_times_config": [{"hour": str(hour), "max_call_times": hour_max} for hour in range(24)],
        "per_hour_residue_times": residue,
    }
