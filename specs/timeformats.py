"""The date and time formats specs name, as strptime/strftime patterns."""

from __future__ import annotations

import re
from datetime import date, datetime

TIME_FORMATS = {
    "date": "%Y-%m-%d",
    "datetime": "%Y-%m-%d %H:%M:%S",
    "month": "%Y-%m",
    "year": "%Y",
    "time_hhmm": "%H:%M",
    "HH:mm": "%H:%M",
    "yyyy-MM-dd": "%Y-%m-%d",
    "yyyy-MM-dd HH:mm": "%Y-%m-%d %H:%M",
    "yyyy-MM-dd HH:mm:ss": "%Y-%m-%d %H:%M:%S",
    "yyyy-MM-dd'T'HH:mm:ss": "%Y-%m-%dT%H:%M:%S",
    "yyyy-MM-dd'T'HH:mm:ssXXX": "%Y-%m-%dT%H:%M:%S%z",
    "yyyy/MM/dd HH:mm:ss": "%Y/%m/%d %H:%M:%S",
    "yyyyMMddHHmmss": "%Y%m%d%H%M%S",
    "yyyyMMddHHmm": "%Y%m%d%H%M",
    "yyyyMMdd": "%Y%m%d",
    "yyyyMM": "%Y%m",
    "yyyy": "%Y",
}


STRPTIME_PATTERNS = {
    "%Y": r"\d{4}",
    "%m": r"\d{2}",
    "%d": r"\d{2}",
    "%H": r"\d{2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
    "%z": r"(?:Z|[+-]\d{2}:\d{2})",  # as Java's XXX writes an offset
}


def regex_for(fmt: str) -> str | None:
    """A regular expression for the layout of ``fmt``, for schemas that cannot parse dates."""
    pattern = TIME_FORMATS.get(fmt)
    if pattern is None:
        return None
    out = re.escape(pattern)
    for directive, regex in STRPTIME_PATTERNS.items():
        out = out.replace(re.escape(directive), regex)
    return f"^{out}$"


def write_moment(value: date, pattern: str) -> str:
    """``value`` in the strftime ``pattern``; an offset (%z) as Java's XXX writes it: +08:00, and Z at zero."""
    text = value.strftime(pattern)
    if pattern.endswith("%z") and len(text) > 5 and text[-5] in "+-":
        return f"{text[:-5]}Z" if text[-4:] == "0000" else f"{text[:-2]}:{text[-2:]}"
    return text


def month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def parse_moment(value: str, fmt: str) -> datetime | None:
    """``value`` read in the spec format ``fmt``: exactly that layout (``6:00`` is not ``HH:mm``) and
    a year from 1900 to 2199. None if it does not fit or the format is unknown."""
    pattern = TIME_FORMATS.get(fmt)
    if pattern is None:
        return None
    try:
        parsed = datetime.strptime(value, pattern)
    except ValueError:
        return None
    if write_moment(parsed, pattern) != value or not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        return None
    return parsed
