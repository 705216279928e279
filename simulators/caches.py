"""Caches bounded by the bytes they hold, not by a count of entries.

A count says little when an entry may be a 300-slot day or a single number, and a process serving
10,000 plants must not grow without limit as clients read every plant. ``byte_cache`` keeps the most
recently used results of a pure function while their estimated size stays within a budget."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
import weakref
from array import array
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sized
from functools import wraps
from typing import Any, Generic, ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")

# CPython's size of what a tuple of slots holds per slot (a slotted dataclass with six fields and its
# floats; the local start datetime is shared by the zone's plants and night's 0.0 W by every slot),
# measured with tracemalloc on a fleet of mostly battery plants (195 bytes) and rounded up: a day of
# 288 slots costs about 57 KB.
SLOT_BYTES = 200


def array_bytes(value: array[Any]) -> int:
    return sys.getsizeof(value)


def slots_bytes(value: Sized) -> int:
    return 64 + SLOT_BYTES * len(value)


CACHE_MB_ENV = "SOLARFAKES_CACHE_MB"
DEFAULT_CACHE_MB = 5.0
MB = 1 << 20


def megabytes_from_env(name: str, default: float, environ: Mapping[str, str] = os.environ) -> int:
    """Bytes of the megabytes the environment variable ``name`` gives (``default`` if unset or empty);
    anything but a non-negative number is refused with a message naming the variable."""
    text = environ.get(name, "").strip()
    if not text:
        return int(default * MB)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1 << 20:  # also NaN
        raise ValueError(f"{name}={text!r}: give the megabytes as a number, 0 or more (default {default:g})")
    return int(value * MB)


# What every byte cache of the process holds together, on top of each one's own budget: each budget
# suits what its cache keeps, this one what a process keeps at all. A cache's entry is freed memory once
# dropped, and Python keeps much of what it freed, so what the caches hold at most is what a server's RSS
# grows by (with the journal's bound, core/journal.py). 5 MB hold the largest week of rows (ras/v2,
# 2.6 MB) beside the days it is built from: a week read again right after costs what it did with 8 MB
# (every API's, measured in process), where 3 MB no longer held ras/v2's; a user who reads many plant-days
# again and again may give more by SOLARFAKES_CACHE_MB.
TOTAL_BYTES = megabytes_from_env(CACHE_MB_ENV, DEFAULT_CACHE_MB)
BUDGETS: weakref.WeakSet[ByteBudget[Any]] = weakref.WeakSet()
TOTAL_LOCK = threading.Lock()
USES = itertools.count()  # when an entry was last used, across caches (next() is atomic under the GIL)


def cached_bytes() -> int:
    """What the byte caches hold together now."""
    return sum(budget.bytes for budget in list(BUDGETS))


def keep_total(limit: int | None = None, budgets: Iterable[ByteBudget[Any]] | None = None) -> None:
    """Drop the least recently used entries of all the caches (default: all) until they hold together at
    most ``limit`` bytes (default: ``TOTAL_BYTES``). Across caches, not from the fullest first: that one
    was often the cache of the largest entries (a ras/v2 week of rows), which lost the week being read."""
    limit = TOTAL_BYTES if limit is None else limit
    dropped = False
    with TOTAL_LOCK:
        budgets = list(BUDGETS if budgets is None else budgets)
        total = sum(budget.bytes for budget in budgets)
        if total <= limit:
            return
        # each cache's oldest use asked once, then only the cache just dropped from is asked again, and the
        # total counted down by what it dropped: a new ras/v2 day (390 KB) drops dozens of small entries,
        # and asking every cache again per drop was 5 % of a new week's server time (a put into another
        # cache meanwhile is followed by its own keep_total, which counts afresh)
        oldest = {n: use for n, budget in enumerate(budgets) if (use := budget.oldest_use()) is not None}
        while oldest and total > limit:
            n = min(oldest, key=oldest.__getitem__)  # the first of equal uses, as min of (use, n) takes it
            budget = budgets[n]
            held = budget.bytes
            budget.drop_oldest()
            dropped = True
            total -= held - budget.bytes
            use = budget.oldest_use()
            if use is None:
                del oldest[n]
            else:
                oldest[n] = use
    if dropped:
        release_freed_memory()


# The C library keeps what Python frees in its heaps (anything past 512 bytes: arrays, bytes, the tables
# of dicts and lists) for reuse; a full cache drops entries as fast as it adds them, and the answers of
# long histories come and go, so a server's RSS stayed about 10 MB above what it held. glibc's
# malloc_trim gives the free pages back (about a millisecond); at most once per interval, after a drop.
TRIM_INTERVAL_SECONDS = 5.0
_trim: list[Any] = []  # [malloc_trim or None, when it last ran], found on first use
_trim_lock = threading.Lock()


def release_freed_memory(now: float | None = None) -> bool:
    """Give the C library's free pages back to the system (glibc only), at most once per interval;
    whether it ran."""
    now = time.monotonic() if now is None else now
    if _trim and now - _trim[1] < TRIM_INTERVAL_SECONDS:
        return False  # not due: the common answer, given without the lock (serve asks after every request)
    if not _trim_lock.acquire(blocking=False):
        return False  # another thread is at it
    try:
        find_trim()
        trim, last = _trim
        if trim is None or now - last < TRIM_INTERVAL_SECONDS:
            return False
        _trim[1] = now
        trim(0)
        return True
    finally:
        _trim_lock.release()


def can_release_freed_memory() -> bool:
    """Whether this C library gives free pages back at all (glibc)."""
    with _trim_lock:
        find_trim()
        return _trim[0] is not None


def find_trim() -> None:
    """Fill ``_trim`` on first use (under ``_trim_lock``)."""
    if not _trim:
        _trim.extend((malloc_trim_function(), -TRIM_INTERVAL_SECONDS))


def malloc_trim_function() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (macOS, musl, Windows)."""
    return cast(Callable[[int], int] | None, glibc_function("malloc_trim", ["c_size_t"]))


def glibc_function(name: str, argument_types: list[str]) -> Any:
    """The C library's function ``name`` taking ``argument_types`` (ctypes names) and returning an int,
    or None off Linux or where the C library has no such function."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: only a process that calls the C library pays for it

    try:
        function = ctypes.CDLL(None)[name]
    except (OSError, AttributeError):
        return None
    function.argtypes = [getattr(ctypes, kind) for kind in argument_types]
    function.restype = ctypes.c_int
    return function


# glibc gives each thread that allocates its own heap (up to 8 per core), and a heap keeps what was freed
# in it; the server's worker threads (offload.py) added about 9 MB of such heaps under concurrent load.
M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h


def cap_malloc_arenas(count: int = 2) -> bool:
    """At most ``count`` C heaps for the process's threads (glibc only; call before threads start);
    whether the C library took it."""
    mallopt = glibc_function("mallopt", ["c_int", "c_int"])
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, count))


def set_total_bytes(limit: int) -> None:
    """What the caches may hold together from now on (what they hold past it is dropped at once)."""
    global TOTAL_BYTES
    TOTAL_BYTES = limit
    keep_total()


class ByteBudget(Generic[R]):
    """The entries of one cached function, least recently used first."""

    def __init__(self, max_bytes: int, size_of: Callable[[R], int]) -> None:
        self.max_bytes = max_bytes
        self.size_of = size_of
        self.entries: OrderedDict[Hashable, tuple[R, int]] = OrderedDict()
        self.used: dict[Hashable, int] = {}  # each entry's last use (USES)
        self.bytes = 0
        self.lock = threading.Lock()  # a cloud may compute from more than one thread
        BUDGETS.add(self)

    def get(self, key: Hashable) -> tuple[R, int] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                self.used[key] = next(USES)
            return found

    def put(self, key: Hashable, value: R) -> None:
        size = self.size_of(value)
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self.entries[key] = (value, size)
            self.used[key] = next(USES)
            self.bytes += size
            while self.bytes > self.max_bytes:
                self.pop_oldest()
        keep_total()  # outside this cache's lock: it may drop from another cache, under that one's

    def pop_oldest(self) -> None:
        key, (_, dropped) = self.entries.popitem(last=False)
        self.used.pop(key, None)
        self.bytes -= dropped

    def oldest_use(self) -> int | None:
        """When this cache's least recently used entry was last used (None: it holds none)."""
        with self.lock:
            if not self.entries:
                return None
            return self.used.get(next(iter(self.entries)), -1)

    def drop_oldest(self) -> None:
        with self.lock:
            if self.entries:
                self.pop_oldest()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used.clear()
            self.bytes = 0


class ByteCached(Generic[P, R]):
    """A function with its byte-bounded cache; ``cache`` exposes the entries and their bytes."""

    def __init__(self, function: Callable[P, R], max_bytes: int, size_of: Callable[[R], int]) -> None:
        self.function = function
        self.cache: ByteBudget[R] = ByteBudget(max_bytes, size_of)
        wraps(function)(self)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(sorted(kwargs.items())))
        found = self.cache.get(key)
        if found is not None:
            return found[0]
        result = self.function(*args, **kwargs)
        self.cache.put(key, result)
        return result

    def cache_clear(self) -> None:
        self.cache.clear()


def byte_cache(max_bytes: int, size_of: Callable[[Any], int]) -> Callable[[Callable[P, R]], ByteCached[P, R]]:
    """Cache a pure function's results in at most ``max_bytes`` (as ``size_of`` estimates them)."""

    def decorate(function: Callable[P, R]) -> ByteCached[P, R]:
        return ByteCached(function, max_bytes, size_of)

    return decorate
