"""Type a handler's payload as the server types it, from the profile's response schema.

Handlers answer in plain values (numbers, datetimes, dates); the spec says whether this vendor, in this
profile, sends a number as a string, a time as a Java Date object or a formatted string, a flag as a
boolean or an integer. One function applies that, so vendor modules never format types by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from solarfakes.specs.model import FieldSchema, JsonType
from solarfakes.specs.timeformats import TIME_FORMATS, write_moment

JAVA_DATE_KEYS = {"date", "day", "hours", "minutes", "month", "seconds", "time", "timezoneOffset", "year"}


def java_date(moment: datetime) -> dict[str, int]:
    """A java.util.Date as Jackson serialises its bean properties (month 0-based, year from 1900)."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return {
        "date": moment.day,
        "day": (moment.weekday() + 1) % 7,
        "hours": moment.hour,
        "minutes": moment.minute,
        "month": moment.month - 1,
        "seconds": moment.second,
        "time": int(moment.timestamp() * 1000),
        "timezoneOffset": -minutes,
        "year": moment.year - 1900,
    }


def java_calendar(moment: datetime) -> dict[str, Any]:
    """A java.util.GregorianCalendar as Jackson serialises it, the parts clients read."""
    offset = moment.utcoffset()
    dst = moment.dst()
    millis = int(moment.timestamp() * 1000)
    return {
        "calendarType": "gregory",
        "firstDayOfWeek": 1,
        "lenient": True,
        "minimalDaysInFirstWeek": 1,
        "time": java_date(moment),
        "timeInMillis": millis,
        "timeZone": {
            "ID": str(moment.tzinfo),
            "displayName": moment.tzname() or "",
            "dstsavings": int(dst.total_seconds() * 1000) if dst else 0,
            "rawOffset": int(((offset or timedelta(0)) - (dst or timedelta(0))).total_seconds() * 1000),
        },
        "weekDateSupported": True,
        "weekYear": moment.isocalendar().year,
        "weeksInWeekYear": 52,
    }


def types_of(schema: FieldSchema) -> list[JsonType]:
    return list(schema.type) if isinstance(schema.type, list) else [schema.type]


def format_time(value: date, fmt: str | None) -> str:
    if fmt == "yyyy-MM-dd HH:mm:ss.S" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.") + str(value.microsecond // 100_000)
    pattern = TIME_FORMATS.get(fmt or "")
    if pattern is None:
        pattern = "%Y-%m-%d %H:%M:%S" if isinstance(value, datetime) else "%Y-%m-%d"
    return write_moment(value, pattern)


def number_text(value: float | int) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


def conform(value: Any, schema: FieldSchema | None) -> Any:
    if schema is None or value is None:
        return value
    types: list[JsonType] = [t for t in types_of(schema) if t != "null"] or ["null"]
    first = types[0]
    if isinstance(value, datetime | date):
        if "object" in types and schema.properties and schema.properties.keys() >= JAVA_DATE_KEYS:
            moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            return java_date(moment)
        if first in ("integer", "number") and schema.format in TIME_FORMATS:
            return int(format_time(value, schema.format))  # a time written as its digits, e.g. 20230808152800
        if first in ("integer", "number"):
            moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            return int(moment.timestamp() * 1000)
        return format_time(value, schema.format)
    if isinstance(value, dict):
        properties = schema.properties or {}
        return {key: conform(item, properties.get(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [conform(item, schema.items) for item in value]
    if isinstance(value, bool):
        if first == "integer" and "boolean" not in types:
            return int(value)
        if first == "string" and "boolean" not in types:
            return "true" if value else "false"
        return value
    if isinstance(value, int | float):
        if first == "string":
            return number_text(value)
        if first == "integer" and "number" not in types:
            return round(value)
        if first == "number" and "integer" not in types:
            return float(value)
        return value
    if isinstance(value, str) and first in ("integer", "number") and "string" not in types:
        try:
            number = float(value)
        except ValueError:
            return value
        return round(number) if first == "integer" else number
    return value
