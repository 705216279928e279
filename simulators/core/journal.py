"""The journal step: every request and response, kept in order and queryable."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

from solarfakes.simulators.core.codecs.json_bytes import loads


@dataclass
class Entry:
    id: int
    api: str | None
    endpoint: str | None
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    client: str
    sim_time: str
    status: int
    response: Any
    error_code: int | str | None = None
    fault: dict[str, Any] | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0
    size: int = 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["size"]
        return data


BODY_LIMIT = 32 * 1024


def kept_body(raw: bytes) -> Any:
    """A body as the journal keeps it: parsed JSON, or text; past 32 KiB only its head, marked."""
    text = raw.decode("utf-8", errors="replace")
    if len(raw) > BODY_LIMIT:
        return {"solarfakes_truncated": True, "bytes": len(raw), "head": text[:2048]}
    try:
        return loads(text) if text else None
    except (ValueError, RecursionError):  # kept as text: NaN, absurd nesting, anything not JSON
        return text


class Journal:
    """Oldest entries go first once there are ``capacity`` of them or they hold ``max_bytes``."""

    def __init__(self, capacity: int = 10_000, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.entries: deque[Entry] = deque()
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.bytes = 0
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def next_id(self) -> int:
        with self.lock:
            return next(self.ids)

    def record(self, entry: Entry) -> None:
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
        """Entries oldest first; ``endpoint`` matches an endpoint id or a request path."""
        with self.lock:
            found = [
                e
                for e in self.entries
                if (api is None or e.api == api)
                and (endpoint is None or endpoint in (e.endpoint, e.path))
                and (error_code is None or str(e.error_code) == error_code)
            ]
        return found[-limit:] if limit else found

    def clear(self) -> int:
        with self.lock:
            count = len(self.entries)
            self.entries.clear()
            self.bytes = 0
        return count
