"""The nonce store: a nonce seen within the spec's remember window is a replay. Entries older than the
window are dropped as new ones arrive, so memory is bounded by the calls of one window."""

from __future__ import annotations

import threading
from collections import deque

# A hard bound as well, for a client that sends an absurd number of nonces inside one window.
MAX_NONCES = 200_000


class NonceStore:
    def __init__(self, remember_seconds: float) -> None:
        self.remember = remember_seconds
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.seen: dict[tuple[str, str], float] = {}
            self.order: deque[tuple[float, tuple[str, str]]] = deque()

    def use(self, scope: str, nonce: str, now: float) -> float | None:
        """Record ``nonce`` for ``scope`` (an app or account); if it was seen within the window, record
        nothing and return when it was first seen."""
        key = (scope, nonce)
        with self.lock:
            self.forget_before(now - self.remember)
            first = self.seen.get(key)
            if first is not None and abs(now - first) < self.remember:
                return first
            self.seen[key] = now
            self.order.append((now, key))
            while len(self.order) > MAX_NONCES:
                self.drop_oldest()
            return None

    def forget_before(self, horizon: float) -> None:
        while self.order and self.order[0][0] <= horizon:
            self.drop_oldest()

    def drop_oldest(self) -> None:
        stamp, key = self.order.popleft()
        if self.seen.get(key) == stamp:
            del self.seen[key]

    def __len__(self) -> int:
        return len(self.seen)
