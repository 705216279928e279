"""JSON in and out, strictly: no NaN or Infinity either way, since neither is JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str | bytes) -> Any:
    """Parse JSON as a strict server does; ValueError or RecursionError for anything else."""
    return json.loads(text, parse_constant=reject_constant)


def plain(value: Any) -> Any:
    """Last resort for values the schema did not type: times as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot be sent as JSON")


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON; a NaN or Infinity is a simulator bug (ValueError), never sent."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=plain, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate a client sent as "\ud800": JSON can carry it escaped
        return json.dumps(body, separators=(",", ":"), default=plain, allow_nan=False).encode("ascii")
