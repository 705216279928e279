"""The journal step: every request and response, kept in order and queryable.

An entry keeps the bytes of the request and of the answer as they travelled (the head of a big one)
and parses them only when it is read: parsing every answer it has just encoded cost a tenth of a
call, and a small body parsed into objects took many times its size (32 KB of ``[{},{},…]``: megabytes).
What an entry holds is counted in bytes, so ``max_bytes`` bounds the journal's memory.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from solarfakes.simulators.caches import megabytes_from_env
from solarfakes.simulators.core.codecs.json_bytes import loads

BODY_LIMIT = 32 * 1024  # bodies past this keep only their head
HEAD = 2048
# Deeper JSON is shown as text: encoders recurse, and a body nested 1000 deep breaks them.
MAX_DEPTH = 64
# What an entry costs beyond the bytes of its bodies and texts: the object, its dicts and the headers
# of its strings (measured with tracemalloc in tests/test_journal_properties.py).
ENTRY_OVERHEAD = 1200
PER_STRING = 80
EMPTY_DICT_TEXT = len(repr({}))


def within_depth(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests no deeper than ``limit`` containers (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return True


def json_safe(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON can carry it: NaN and infinities as text, other objects as their text, nothing
    nested past MAX_DEPTH. For what the pipeline itself puts in an entry (diagnostics, the fault)."""
    if isinstance(value, str | bool | int) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, dict):
        return {str(k): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v, depth + 1) for v in value]
    return str(value)


def kept(raw: bytes) -> tuple[bytes, int]:
    """What the journal keeps of a body: all of it, or past BODY_LIMIT its head; and its length.

    Always a copy of its own exact size: orjson returns a small answer inside a 4 KiB allocation, so
    keeping its bytes as they are held ten times what an entry counts (and ``max_bytes`` bounds)."""
    size = len(raw)
    if not size:
        return b"", 0
    view = memoryview(raw)  # its tobytes copies (bytes() of a sliced view took twice as long)
    return (view.tobytes() if size <= BODY_LIMIT else view[:HEAD].tobytes()), size


def decoded(raw: bytes, length: int, content_type: str = "") -> Any:
    """A kept body as the journal shows it: JSON parsed, a form as a dict, else text; a truncated one marked."""
    text = raw.decode("utf-8", errors="replace")
    if length > BODY_LIMIT:
        return {"solarfakes_truncated": True, "bytes": length, "head": text[:HEAD]}
    if not text:
        return None
    if "json" in content_type or text.lstrip().startswith(("{", "[", '"')):
        try:
            value = loads(text)
        except (ValueError, RecursionError):  # kept as text: NaN, absurd nesting, anything not JSON
            return text
        return value if within_depth(value) else text
    if "form" in content_type:
        return dict(parse_qsl(text, keep_blank_values=True))
    try:
        return loads(text)  # a bare number, true, null
    except (ValueError, RecursionError):
        return dict(parse_qsl(text, keep_blank_values=True)) if "=" in text else text


def text_size(values: dict[str, str]) -> int:
    return sum(map(len, values)) + sum(map(len, values.values())) + 2 * PER_STRING * len(values)


@dataclass(slots=True)
class Entry:
    id: int
    api: str | None
    endpoint: str | None
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw_body: bytes
    client: str
    sim_time: str | datetime  # the call's simulated instant, written as ISO text only when read
    status: int
    raw_response: bytes
    error_code: int | str | None = None
    fault: dict[str, Any] | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0
    body_length: int = 0
    response_length: int = 0
    response_type: str = ""
    success: bool = False  # the endpoint's handler answered (no error, fault or refusal)
    crash: bool = False  # the simulator failed inside: a bug, even behind the vendor's HTTP 200 envelope
    size: int = 0

    @property
    def body(self) -> Any:
        return decoded(self.raw_body, self.body_length, self.headers.get("content-type", ""))

    @property
    def response(self) -> Any:
        return decoded(self.raw_response, self.response_length, self.response_type)

    def measured(self) -> Entry:
        """This entry with ``size`` set: the bytes it holds and its overhead."""
        self.size = (
            ENTRY_OVERHEAD
            + len(self.raw_body)
            + len(self.raw_response)
            + len(self.path)
            + (text_size(self.query) if self.query else 0)
            + text_size(self.headers)
            + (len(repr(self.diagnostics)) if self.diagnostics else EMPTY_DICT_TEXT)
            + (len(repr(self.fault)) if self.fault else 0)
        )
        return self

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "api": self.api,
            "endpoint": self.endpoint,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "client": self.client,
            "sim_time": self.sim_time if isinstance(self.sim_time, str) else self.sim_time.isoformat(),
            "status": self.status,
            "response": self.response,
            "error_code": self.error_code,
            "fault": self.fault,
            "diagnostics": self.diagnostics,
            "duration_ms": self.duration_ms,
            "crash": self.crash,
        }


@dataclass
class Page:
    entries: list[Entry]
    matched: int
    next_after: int | None


JOURNAL_MB_ENV = "SOLARFAKES_JOURNAL_MB"
DEFAULT_JOURNAL_MB = 2.0  # about a thousand calls of a few KB: a server's RSS is part of issue 11's targets


class Journal:
    """Oldest entries go first once there are ``capacity`` of them or they hold ``max_bytes`` (default:
    ``SOLARFAKES_JOURNAL_MB`` megabytes when the journal is made, else 2 MB)."""

    def __init__(self, capacity: int = 10_000, max_bytes: int | None = None) -> None:
        self.entries: deque[Entry] = deque()
        self.capacity = capacity
        self.max_bytes = megabytes_from_env(JOURNAL_MB_ENV, DEFAULT_JOURNAL_MB) if max_bytes is None else max_bytes
        self.bytes = 0
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def next_id(self) -> int:
        return next(self.ids)  # atomic: itertools.count's next holds the GIL throughout

    def record(self, entry: Entry) -> None:
        if not entry.size:
            entry.measured()
        with self.lock:
            self.entries.append(entry)
            self.bytes += entry.size
            while self.entries and (len(self.entries) > self.capacity or self.bytes > self.max_bytes):
                self.bytes -= self.entries.popleft().size

    def query(
        self,
        api: str | None = None,
        endpoint: str | None = None,
        error_code: str | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries oldest first; ``endpoint`` matches an endpoint id or a request path; ``error_code``
        ``"0"`` also matches every success, whatever the API's success code."""
        with self.lock:
            snapshot = list(self.entries)
        found = _filter(snapshot, api, endpoint, error_code)
        return found[-limit:] if limit else found

    def page(
        self,
        api: str | None = None,
        endpoint: str | None = None,
        error_code: str | None = None,
        limit: int = 100,
        after: int | None = None,
    ) -> Page:
        """A page of matching entries, oldest first: the first ``limit`` after the entry ``after``, or,
        without ``after``, the latest ``limit``. ``next_after`` continues the reading."""
        with self.lock:
            snapshot = list(self.entries)
        found = _filter(snapshot, api, endpoint, error_code, after or 0)
        chosen = found[:limit] if after is not None else found[-limit:] if limit else []
        more = after is not None and len(found) > limit
        return Page(chosen, len(found), chosen[-1].id if chosen and more else None)

    def clear(self) -> int:
        with self.lock:
            count = len(self.entries)
            self.entries.clear()
            self.bytes = 0
        return count


def _filter(
    entries: list[Entry], api: str | None, endpoint: str | None, error_code: str | None, after: int = 0
) -> list[Entry]:
    return [
        e
        for e in entries
        if e.id > after
        and (api is None or e.api == api)
        and (endpoint is None or endpoint in (e.endpoint, e.path))
        and (error_code is None or str(e.error_code) == error_code or (error_code == "0" and e.success))
    ]
