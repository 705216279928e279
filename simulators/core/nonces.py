"""The nonce store: a nonce seen within the spec's remember window is a replay. Entries older than the
window are dropped as new ones arrive, so memory is bounded by the calls of one window.

A window of APsystems calls at bench rates holds tens of thousands of nonces: as a dict of int keys and
float stamps with two queues for their order, each cost about 130 bytes. The store keeps them as a
queue of positions instead: the latest nonces in flat arrays with an open-addressing index, and the older
ones frozen into blocks of flat arrays (keys sorted for ``bisect``, their stamps in the order seen), about
25 bytes a nonce. A block is dropped whole once the window has passed all of its nonces.

The latest nonces were a dict of key to position until a block froze: near the store's bound that dict
held about 20,000 of them at 100 bytes each (its ints included), 2 MB of a server's RSS that came and
went with every freeze; in arrays they cost about 30 bytes each.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from hashlib import blake2b

from solarfakes.simulators.core.changed_keys import ChangedKeys

# A hard bound as well, for a client that sends an absurd number of nonces inside one window.
MAX_NONCES = 200_000
# The latest nonces are frozen into a block once they are this many, or an eighth of all the store holds
# if more: a lookup looks in every block (about 0.15 us each), so a store growing from empty (a window
# not yet full) makes a block per eighth more, about ten by 90,000 nonces; the dict holds at most this
# many (under a megabyte).
MIN_BLOCK = 8192
# The latest nonces' index starts at this many slots and doubles while more than half are filled.
MIN_INDEX = 16


def nonce_key(scope: str, nonce: str) -> int:
    """A 60-bit digest of the pair: an int of two 30-bit digits is a 32-byte object where the text
    ``scope + nonce`` took about 128. The scope is an app the server knows (checked before the nonce),
    never holding a line break, so the text digested is the pair's alone. Stable across processes, as a
    state file keeps the keys; two pairs share a digest with odds under one in 10^7 at the store's bound,
    and such a pair would be answered as a replay."""
    digest = blake2b(f"{scope}\n{nonce}".encode(), digest_size=8, person=b"solarfakes-nonce").digest()
    return int.from_bytes(digest, "big") >> 4


def legacy_nonce_key(key: object) -> int:
    """The key of a nonce a state file wrote as a text ``scope\nnonce`` or, before that, a pair."""
    scope, nonce = key if isinstance(key, tuple) else str(key).split("\n", 1)
    return nonce_key(str(scope), str(nonce))


class FrozenNonces:
    """The nonces recorded at positions ``start`` to ``end`` (the latest record of each key among them)."""

    __slots__ = ("bits", "end", "keys", "mask", "offsets", "stamps", "start")

    def __init__(self, start: int, stamps: array[float], latest: dict[int, int]) -> None:
        self.start = start
        self.end = start + len(stamps)
        self.stamps = stamps  # by position, including records made again later
        # the keys sorted alone, not as (key, position) pairs: a pair per nonce of a block near the store's
        # bound was 1.3 MB more of transient peak at every freeze
        self.keys = array("q", sorted(latest))
        self.offsets = array("I", map(start.__rsub__, map(latest.__getitem__, self.keys)))
        # A bit per low bits of a key (keys are digests), 8 bits or more per key: a key new to the block,
        # as almost every nonce is, finds its bit clear 7 times in 8 and is told so without a bisect.
        self.mask = (1 << max(3, (len(latest) * 8 - 1).bit_length())) - 1
        bits = bytearray((self.mask + 1) >> 3)
        for key in self.keys:
            bit = key & self.mask
            bits[bit >> 3] |= 1 << (bit & 7)
        self.bits = bytes(bits)

    def records(self) -> Iterator[tuple[int, int]]:
        """(key, position) of every key's record here."""
        start = self.start
        return ((key, start + offset) for key, offset in zip(self.keys, self.offsets, strict=True))


class NonceStore(ChangedKeys[int]):
    """Records by position in the order made: ``head`` is the oldest still remembered, as a queue's
    front; a key's latest record is the one that counts, as a dict's value would. A state file tracks
    the keys changed since its last commit (``track``, ``take``)."""

    def __init__(self, remember_seconds: float) -> None:
        self.remember = remember_seconds
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.blocks: list[FrozenNonces] = []  # oldest first
            self.recent_start = 0  # the position of the first record since the last freeze
            self.start_recent()
            self.head = 0
            # positions of records whose key was recorded again while they were remembered (rare: only a
            # clock set back makes a remembered nonce new again)
            self.superseded: set[int] = set()
            self.touched: dict[int, None] | None = None  # keys changed since the state file's last take

    def start_recent(self) -> None:
        """No record since the last freeze."""
        self.recent_keys: array[int] = array("q")  # by position less recent_start, as recent_stamps
        self.recent_stamps: array[float] = array("d")
        # open addressing on a key's low bits (keys are digests): 0 empty, else 1 + the offset of the key's
        # latest record in recent_keys
        self.recent_index: array[int] = array("i", bytes(4 * MIN_INDEX))
        self.recent_filled = 0

    def recent_offset(self, key: int) -> int:
        """The offset of ``key``'s latest record since the last freeze, or -1."""
        index, keys = self.recent_index, self.recent_keys
        mask = len(index) - 1
        slot = key & mask
        while entry := index[slot]:
            if keys[entry - 1] == key:
                return entry - 1
            slot = (slot + 1) & mask
        return -1

    def index_recent(self, key: int, offset: int) -> None:
        """Point ``key``'s slot at its record at ``offset`` (its latest)."""
        index, keys = self.recent_index, self.recent_keys
        mask = len(index) - 1
        slot = key & mask
        while entry := index[slot]:
            if keys[entry - 1] == key:
                index[slot] = offset + 1
                return
            slot = (slot + 1) & mask
        index[slot] = offset + 1
        self.recent_filled += 1
        if self.recent_filled * 2 > len(index):
            self.recent_index = array("i", bytes(8 * len(index)))
            self.recent_filled = 0
            for earlier, earlier_key in enumerate(keys):  # in order: each key ends at its latest record
                self.index_recent(earlier_key, earlier)

    def recent_latest(self) -> dict[int, int]:
        """Key -> position of its latest record, of the records since the last freeze, in the order each key
        was first recorded among them."""
        return dict(zip(self.recent_keys, range(self.recent_start, self.tail), strict=True))

    @property
    def tail(self) -> int:
        return self.recent_start + len(self.recent_stamps)

    def use(self, scope: str, nonce: str, now: float) -> float | None:
        """Record ``nonce`` for ``scope`` (an app or account); if it was seen within the window, record
        nothing and return when it was first seen."""
        key = nonce_key(scope, nonce)
        with self.lock:
            self.forget_before(now - self.remember)
            found = self.find(key)
            if found is not None and abs(now - found[1]) < self.remember:
                return found[1]
            self.record(key, now, found)
            tail = self.recent_start + len(self.recent_stamps)
            if tail - self.head > MAX_NONCES:
                self.advance(tail - MAX_NONCES)
            return None

    def find(self, key: int) -> tuple[int, float] | None:
        """The position and stamp of ``key``'s latest record, if still remembered."""
        offset = self.recent_offset(key)
        if offset >= 0:
            position, stamp = self.recent_start + offset, self.recent_stamps[offset]
        else:
            for block in reversed(self.blocks):  # newest first (inlined: every call looks in each block)
                bit = key & block.mask
                if not block.bits[bit >> 3] >> (bit & 7) & 1:
                    continue
                keys = block.keys
                index = bisect_right(keys, key) - 1
                if index >= 0 and keys[index] == key:
                    offset = block.offsets[index]
                    position, stamp = block.start + offset, block.stamps[offset]
                    break
            else:
                return None
        return (position, stamp) if position >= self.head else None

    def record(self, key: int, now: float, earlier: tuple[int, float] | None) -> None:
        if earlier is not None:
            self.superseded.add(earlier[0])
        stamps = self.recent_stamps
        self.recent_keys.append(key)
        stamps.append(now)
        self.index_recent(key, len(stamps) - 1)
        if self.touched is not None:
            self.touched[key] = None
        if len(stamps) >= MIN_BLOCK and len(stamps) >= (self.recent_start + len(stamps) - self.head) // 8:
            self.freeze()

    def freeze(self) -> None:
        """The recent records as a block, less those the window has already passed."""
        head = self.head
        latest = self.recent_latest()
        forgotten = [key for key, position in latest.items() if position < head]
        for key in forgotten:  # in place: a second dict of a block's nonces was a megabyte more of peak
            del latest[key]
        if self.touched is not None:
            self.touch_forgotten(forgotten)
        if latest:
            self.blocks.append(FrozenNonces(self.recent_start, self.recent_stamps, latest))
        self.recent_start = self.tail
        self.start_recent()

    def forget_before(self, horizon: float) -> None:
        """Advance past the records from the front that are at or before ``horizon``."""
        head = self.head
        while self.blocks:
            block = self.blocks[0]
            stamps, start, end = block.stamps, block.start, block.end
            while head < end and stamps[head - start] <= horizon:
                head += 1
            if head < end:
                if head != self.head:
                    self.advance(head)
                return
            self.advance(head)
        stamps, start, tail = self.recent_stamps, self.recent_start, self.tail
        while head < tail and stamps[head - start] <= horizon:
            head += 1
        if head != self.head:
            self.advance(head)

    def advance(self, head: int) -> None:
        """Forget every record before position ``head``: whole blocks at once."""
        self.head = head
        while self.blocks and self.blocks[0].end <= head:
            block = self.blocks.pop(0)
            if self.touched is not None:
                self.touch_forgotten(key for key, position in block.records() if position not in self.superseded)
        if self.superseded:
            self.superseded = {position for position in self.superseded if position >= head}

    def touch_forgotten(self, keys: Iterable[int]) -> None:
        assert self.touched is not None
        for key in keys:
            self.touched[key] = None

    def __len__(self) -> int:
        return self.tail - self.head - len(self.superseded)

    def items(self) -> Iterator[tuple[int, float]]:
        """(key, stamp) of every nonce remembered, oldest record first."""
        head = self.head
        for block in self.blocks:
            live = sorted((position, key) for key, position in block.records() if position >= head)
            for position, key in live:
                if position not in self.superseded:
                    yield key, block.stamps[position - block.start]
        start = self.recent_start
        for offset, key in enumerate(self.recent_keys):
            if start + offset >= head and self.recent_offset(key) == offset:  # the key's latest record
                yield key, self.recent_stamps[offset]

    # --- a state file's rows ------------------------------------------------------------------------------
    def load(self, remembered: Iterable[tuple[int, float]]) -> None:
        """Start over from ``remembered`` nonces: recorded oldest stamp first, as they are restored."""
        self.reset()
        with self.lock:
            for key, stamp in sorted(remembered, key=lambda pair: pair[1]):
                self.record(key, stamp, self.find(key))
