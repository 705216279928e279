"""Energy levels (apsystems-openapi 3.2.2): the periods a date_range asks for, and "no data" for a
period the system reported nothing in. The date_range layout per level and the "no future date" rule
are spec data the validate step has already applied."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.validate import as_date
from solarfakes.specs.timeformats import month_after

HOURS = 24  # hourly lists have 24 entries, hours 0-23 (3.2.2)


@dataclass(frozen=True)
class Period:
    label: str  # as the meter's time list names it
    first: date
    after: date  # the day after its last


def requested_day(date_range: str) -> date:
    return as_date(date_range, "date")


def periods_for(level: str, date_range: str | None, since: date, today: date) -> list[Period]:
    """daily: the days of the month; monthly: the 12 months of the year; yearly: every year from the
    installation's to this one (the document's "years since installation", counted inclusively)."""
    if level == "daily":
        first = as_date(str(date_range), "month")
        days = calendar.monthrange(first.year, first.month)[1]
        return [Period(f"{d:02d}", first.replace(day=d), first.replace(day=d) + timedelta(days=1))
                for d in range(1, days + 1)]  # fmt: skip
    if level == "monthly":
        year = as_date(str(date_range), "year").year
        return [Period(f"{m:02d}", date(year, m, 1), date(*month_after(year, m), 1)) for m in range(1, 13)]
    return [Period(f"{y:04d}", date(y, 1, 1), date(y + 1, 1, 1)) for y in range(since.year, today.year + 1)]


def day_period(day: date) -> Period:
    return Period(day.isoformat(), day, day + timedelta(days=1))


def require_data(periods: list[Period], since: date, today: date, what: str) -> None:
    """1001 ("No data.") when nothing was reported in the whole span: before ``since`` or after today."""
    if not periods:
        raise VendorError(1001, diagnostics={"problem": f"no {what}: the system was installed after today"})
    first, after = periods[0].first, periods[-1].after
    if after <= since or first > today:
        problem = f"no {what} reported between {first} and {after - timedelta(days=1)} (since {since}, today {today})"
        raise VendorError(1001, diagnostics={"problem": problem})
