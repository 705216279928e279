"""The nonce store: a nonce seen within the spec's remember window is a replay. Entries older than the
window are dropped as new ones arrive, so memory is bounded by the calls of one window."""

from __future__ import annotations

import threading
from collections import deque
from hashlib import blake2b

# A hard bound as well, for a client that sends an absurd number of nonces inside one window.
MAX_NONCES = 200_000


def nonce_key(scope: str, nonce: str) -> int:
    """A 60-bit digest of the pair: an int of two 30-bit digits is a 32-byte object where the text
    ``scope + nonce`` took about 128 (a window of APsystems calls at bench rates holds tens of thousands).
    The scope is an app the server knows (checked before the nonce), never holding a line break, so the
    text digested is the pair's alone. Stable across processes, as a state file keeps the keys; two pairs
    share a digest with odds under one in 10^7 at the store's bound, and such a pair would be answered
    as a replay."""
    digest = blake2b(f"{scope}\n{nonce}".encode(), digest_size=8, person=b"solarfakes-nonce").digest()
    return int.from_bytes(digest, "big") >> 4


def legacy_nonce_key(key: object) -> int:
    """The key of a nonce a state file wrote as a text ``scope\nnonce`` or, before that, a pair."""
    scope, nonce = key if isinstance(key, tuple) else str(key).split("\n", 1)
    return nonce_key(str(scope), str(nonce))


class NonceStore:
    def __init__(self, remember_seconds: float) -> None:
        self.remember = remember_seconds
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.seen: dict[int, float] = {}
            # oldest first, as two queues of the objects ``seen`` holds (a (stamp, key) tuple per nonce
            # cost 64 bytes more)
            self.order: deque[int] = deque()
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
