"""The nonce store: a nonce seen within the spec's remember window is a replay. Entries older than the
window are dropped as new ones arrive, so memory is bounded by the calls of one window."""

from __future__ import annotations

import threading
from collections import deque

# A hard bound as well, for a client that sends an absurd number of nonces inside one window.
MAX_NONCES = 200_000


def nonce_key(scope: str, nonce: str) -> str:
    """One text for the pair: a tuple of the two cost 64 bytes more per nonce kept (a window of
    APsystems calls at bench rates holds tens of thousands). The scope is an app the server knows
    (checked before the nonce), never holding a line break."""
    return f"{scope}\n{nonce}"


class NonceStore:
    def __init__(self, remember_seconds: float) -> None:
        self.remember = remember_seconds
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.seen: dict[str, float] = {}
            # oldest first, as two queues of the objects ``seen`` holds (a (stamp, key) tuple per nonce
            # cost 64 bytes more)
            self.order: deque[str] = deque()
            self.stamps: deque[float] = deque()

    def use(self, scope: str, nonce: str, now: float) -> float | None:
        """Record ``nonce`` for ``scope`` (an app or account); if it was seen within the window, record
        nothing and return when it was first seen."""
        key = nonce_key(scope, nonce)
        with self.lock:
            self.forget_before(now - self.remember)
            first = self.seen.get(key)
            if first is not None and abs(now - first) < self.remember:
                return first
            self.seen[key] = now
            self.order.append(key)
            self.stamps.append(now)
            while len(self.order) > MAX_NONCES:
                self.drop_oldest()
            return None

    def forget_before(self, horizon: float) -> None:
        while self.stamps and self.stamps[0] <= horizon:
            self.drop_oldest()

    def drop_oldest(self) -> None:
        key, stamp = self.order.popleft(), self.stamps.popleft()
        if self.seen.get(key) == stamp:
            del self.seen[key]

    def __len__(self) -> int:
        return len(self.seen)
