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


def counted(sim: Simulator, limit_id: str, account: str, start: float) -> tuple[int, int]:
    """(calls in the limit's window that began at ``start``, its maximum) for ``account``."""
    limit = next(limit for limit in sim.meter.limits if limit.id == limit_id)
    return sim.meter.calls_in_window(limit, account, start), limit.max_calls or 0


def call_info(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    now = call.now.timestamp()
    hourly = next(limit for limit in sim.meter.limits if limit.id == HOURLY)
    daily = next(limit for limit in sim.meter.limits if limit.id == DAILY)
    hour_calls, hour_max = counted(sim, HOURLY, call.account.name, window_start(hourly, now))
    day_start = window_start(daily, now)
    day_calls, day_max = counted(sim, DAILY, call.account.name, day_start)
    current = datetime.fromtimestamp(now, UTC).hour
    # Hours gone report what they had left, from the meter's own past windows; hours to come their whole budget.
    residue = [
        {
            "times": hour_max - counted(sim, HOURLY, call.account.name, day_start + hour * 3600)[0]
            if hour <= current
            else hour_max,
            "hour": f"{hour:02d}",
        }
        for hour in range(24)
    ]
    return {
        "per_day_access_times_config": day_max,
        "curr_hour_accessed_times": hour_calls,
        "today_accessed_times": day_calls,
        "per_hour_access_times_config": [{"hour": str(hour), "max_call_times": hour_max} for hour in range(24)],
        "per_hour_residue_times": residue,
    }
