"""Where a call's fleet work runs: on the event loop when it is cheap and the fleet is free, else on a
worker thread, so the loop stays free to answer ``/_solarfakes/health`` (and to read other requests)
while a heavy call (a multi-day history: tens to hundreds of ms of CPU) computes.

Every piece of fleet work holds the cloud's lock wherever it runs, so writes stay serialized and each
answer is what it would be on the loop: only the thread differs. The event loop never waits for that
lock: it takes the lock only when it is free at once, and otherwise hands the work to a worker thread
that waits for it. A worker computing in Python holds the GIL, but CPython makes it hand the GIL over
every switch interval (5 ms, 1 ms in a server: ``favour_the_loop``), so the loop still runs meanwhile.

A thread hop costs about 50-150 us of CPU, which a cheap call (about 1 ms) should not pay. So each kind
of work (an endpoint) is judged by the CPU its own thread spent on its last few runs: work never run yet
or recently heavy goes to a worker. A wrong guess only changes the thread, never the answer."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

import anyio.to_thread

T = TypeVar("T")
P = ParamSpec("P")

# Work whose thread spent more CPU than this on any of its last RECENT_RUNS runs goes to a worker thread.
HEAVY_SECONDS = 0.005
RECENT_RUNS = 8
# How long a computing worker keeps the GIL from the event loop, which wants it back several times per
# request (woken by select, to read, to write). CPython's default is 5 ms.
SERVER_SWITCH_SECONDS = 0.001


def favour_the_loop() -> None:
    """For a server process (``solarfakes serve``): hand the GIL over every millisecond, so a worker
    computing a heavy answer holds up the event loop's small steps by 1 ms each, not 5. It costs the
    worker a few more GIL handovers per second; in-process fixtures keep the interpreter's default."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SERVER_SWITCH_SECONDS))


class FleetWork:
    """Runs work under ``lock``, on the event loop or a worker thread (see the module's note)."""

    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock
        # How many more runs of each kind before none of its last RECENT_RUNS was heavy: a heavy run sets
        # it to RECENT_RUNS, a cheap one counts it down. The verdict the max of the last runs' costs gives,
        # without keeping the costs.
        self.heavy_runs_left: dict[Hashable, int] = {}

    def heavy(self, kind: Hashable) -> bool:
        """Whether work of ``kind`` goes to a worker thread: never run yet, or heavy lately."""
        left = self.heavy_runs_left.get(kind)
        return left is None or left > 0

    def learn(self, kind: Hashable, seconds: float) -> None:
        """Note that a run of ``kind`` cost its thread ``seconds`` of CPU."""
        left = self.heavy_runs_left.get(kind, 0)
        self.heavy_runs_left[kind] = RECENT_RUNS if seconds > HEAVY_SECONDS else max(left - 1, 0)

    async def run(self, kind: Hashable, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work(*args)`` under the lock. On the loop only if ``kind`` is cheap and the lock free at once;
        else on a worker thread, whose wait is not cancelled: begun work always finishes (as it would on
        the loop), so a call is never left half done by a client's timeout."""
        left = self.heavy_runs_left.get(kind)
        if left is not None and left <= 0 and self.lock.acquire(blocking=False):  # not ``heavy(kind)``, inline
            # A cheap run of work already learnt cheap has nothing to teach; one that took longer than
            # HEAVY_SECONDS of wall time may have been heavy, which only its CPU tells: the kind is then
            # judged afresh, by its next run on a worker (``measured``). Its thread's CPU clock is a
            # system call (~0.3 us, the only one of such a call), so it is not read on every cheap run.
            started = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                if time.perf_counter() - started > HEAVY_SECONDS:
                    self.heavy_runs_left.pop(kind, None)
                self.lock.release()
        value, error = await anyio.to_thread.run_sync(lambda: self.locked(kind, work, *args, **kwargs))
        if error is None:
            return value  # type: ignore[return-value]
        try:
            raise error
        finally:
            del error  # this frame, in the error's traceback, must not hold it: see ``locked``

    def locked(
        self, kind: Hashable, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> tuple[T | None, BaseException | None]:
        """The work's value or its error, handed back as a value: raised through the awaited future, an
        error would make a cycle (its traceback holds the awaiting frame, which holds the future, which
        holds the error) that keeps the call and its parsed body alive until a full garbage collection.
        Vendor errors answer many calls, so that held ~100 MB in a loop of bad 32 KB bodies."""
        with self.lock:
            try:
                return self.measured(kind, work, *args, **kwargs), None
            except BaseException as exc:  # re-raised on the event loop by ``run``
                return None, exc

    def measured(self, kind: Hashable, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        # A thread's CPU time never exceeds the wall time it took: work done within HEAVY_SECONDS of the
        # wall clock is cheap whatever its CPU, and is learned as its wall time (the same verdict), so
        # the thread's clock (a system call, not read from memory as perf_counter is) is read twice
        # only for work that may be heavy.
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            return work(*args, **kwargs)
        finally:
            wall = time.perf_counter() - started
            self.learn(kind, wall if wall <= HEAVY_SECONDS else time.thread_time() - cpu_started)
