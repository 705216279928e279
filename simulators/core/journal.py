"""The journal step: every request and response, kept in order and queryable."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any


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

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    def __init__(self, capacity: int = 10_000) -> None:
        self.entries: deque[Entry] = deque(maxlen=capacity)
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def next_id(self) -> int:
        with self.lock:
            return next(self.ids)

    def record(self, entry: Entry) -> None:
        with self.lock:
            self.entries.append(entry)

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
        return count
