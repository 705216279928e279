"""What the kernel says about a process: CPU time and resident memory from /proc, and core pinning.

Memory is the process's RSS (what the machine pays), never a tracemalloc count of Python objects.
A process and its descendants are summed, so a peer that forks workers is measured whole.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces and parentheses)."""
    text = (PROC / str(pid) / "stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, found by parent links."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(stat_fields(int(entry.name))[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int, tree: bool = False) -> float:
    """User plus system time the process (all its threads; with ``tree``, its descendants too) used."""
    total = 0
    for each in descendants(pid) if tree else [pid]:
        try:
            fields = stat_fields(each)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS_PER_SECOND


@dataclass(frozen=True)
class CpuReading:
    """A process's CPU at one moment, read two ways: the group's user plus system time (in 10 ms ticks, and
    counting threads that have ended) and each live thread's on-CPU nanoseconds from its schedstat."""

    seconds: float
    thread_ns: dict[int, int]


def cpu_reading(pid: int) -> CpuReading:
    threads: dict[int, int] = {}
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        tasks = []
    for task in tasks:
        try:
            threads[int(task.name)] = int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile, or a kernel without schedstat
    return CpuReading(cpu_seconds(pid), threads)


def cpu_between(before: CpuReading, after: CpuReading) -> tuple[float, bool]:
    """CPU seconds used between two readings, and whether it is known to the nanosecond. A thread's time is
    lost from schedstat once it ends, so the nanosecond sum is trusted only while it agrees with the tick
    count to within the two ticks that count's truncations can cost; otherwise the tick count is given."""
    ticks = after.seconds - before.seconds
    if not after.thread_ns:
        return ticks, False
    precise = sum(ns - before.thread_ns.get(tid, 0) for tid, ns in after.thread_ns.items()) / 1e9
    if abs(precise - ticks) > 2 / TICKS_PER_SECOND:
        return ticks, False
    return precise, True


def rss_bytes(pid: int, tree: bool = False) -> int:
    """Resident set size (VmRSS) of the process, with ``tree`` summed over its descendants."""
    total = 0
    for each in descendants(pid) if tree else [pid]:
        try:
            lines = (PROC / str(each) / "status").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def usable_cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def core_plan() -> tuple[int | None, int | None]:
    """(server core, load core): on two or more cores the server gets one and the load another;
    on one core nothing is pinned (the report says so)."""
    cores = usable_cores()
    if len(cores) < 2:
        return None, None
    return cores[0], cores[1]


def pinned_to(core: int | None) -> Callable[[], None] | None:
    """A ``preexec_fn`` that pins the child (and every thread it starts) to ``core``."""
    if core is None:
        return None

    def pin() -> None:
        os.sched_setaffinity(0, {core})

    return pin


class RssSampler:
    """The RSS of one process every ``interval`` seconds on a thread, until stopped; the maximum is what
    "at any time" is judged by."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = time.monotonic()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            rss = rss_bytes(self.pid)
            if rss:
                self.samples.append((time.monotonic() - self.started, rss))

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def max_bytes(self) -> int:
        return max((rss for _, rss in self.samples), default=0)
