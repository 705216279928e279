"""State that survives a restart (``solarfakes serve --state FILE``, the pytest marker's ``state=``).

Everything a cloud changes is committed to the state file before the call that changed it answers: the
events that changed vendor state (``replay.py``), the meter's counters, session tokens and nonces row by
row (``state_entries.py``), and the clock, the armed faults, the limits switch and the stores' random
states as snapshots. On start the file's events are replayed on the seeded fleet and the rest restored,
so the restarted cloud answers as the one that stopped, even if it was killed. A reset empties the file.

The event log is compacted: once it passes ``COMPACT_AFTER_EVENTS``, the commit that passes it writes a
snapshot of the world and the backends (``state_snapshot.py``) in place of every event so far, in one
transaction, so a restart loads the snapshot and replays only the events since, and the file stops
growing with the traffic (SQLite reuses the pages the events freed)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.faults import Fault
from solarfakes.simulators.core.meter import Counter
from solarfakes.simulators.core.nonces import NonceStore
from solarfakes.simulators.core.replay import call_event, replay
from solarfakes.simulators.core.state_entries import EntryStore, NonceRows, SessionRows, rebuilt
from solarfakes.simulators.core.state_file import COMPACTED_FORMAT, FORMAT, READABLE_FORMATS, StateError, StateFile
from solarfakes.simulators.core.state_snapshot import SnapshotError, restore_snapshot, snapshot
from solarfakes.simulators.core.tokens import TokenStore

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

log = logging.getLogger("solarfakes")
FLEET_OPTIONS = ("plants", "profile", "apis")
# Past this many events in the file (and once they outweigh the last snapshot), the next commit writes a
# snapshot in their place (see State.compacted); SOLARFAKES_STATE_COMPACT_AFTER sets another count.
COMPACT_AFTER_EVENTS = 2000
COMPACT_VARIABLE = "SOLARFAKES_STATE_COMPACT_AFTER"
S = TypeVar("S")

__all__ = ["NoState", "State", "StateError", "open_state"]


class NoState:
    """A cloud without a state file: every hook does nothing."""

    restored_events = 0
    # Whether ``commit`` has anything to do: a call awaits it only then (making and awaiting the no-op
    # coroutine was a cost on every call of an in-process cloud).
    commits = False

    def fleet(self, *, seed: int, reference: date, **options: Any) -> tuple[int, date]:
        return seed, reference

    def attach(self, cloud: Cloud) -> None:
        pass

    def note(self, routed: RoutedCall) -> None:
        pass

    @contextmanager
    def event(
        self,
        lock: AbstractContextManager[object],
        kind: str,
        api: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Iterator[None]:
        with lock:
            yield

    def flush(self, full: bool = False) -> None:
        pass

    async def commit(self, full: bool = False) -> None:
        pass

    def exclusive(self) -> AbstractContextManager[object]:
        return nullcontext()

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass


def compact_bound() -> int:
    value = os.environ.get(COMPACT_VARIABLE, "")
    if not value:
        return COMPACT_AFTER_EVENTS
    if not value.isdigit():
        raise StateError(f"{COMPACT_VARIABLE} must be a whole number of events, not {value!r}")
    return int(value)


def open_state(path: str | Path | None) -> State | NoState:
    return NoState() if path is None else State(path)


class State(NoState):
    commits = True

    def __init__(self, path: str | Path) -> None:
        self.file = StateFile(path)
        self.cloud: Cloud | None = None
        self.meta: dict[str, Any] = {}
        self.pending: list[tuple[str, str | None, dict[str, Any]]] = []
        self.kept: dict[str, Any] = {}  # the snapshots as last committed, so unchanged ones are not rewritten
        self.fault_ids = 0  # the highest fault id handed out, so ids go on after a restart
        self.fault_draws = False  # whether a fault with a probability was armed at the last commit
        self.committing = threading.RLock()
        self.replaying = False
        self.restored_events = 0
        self.stores: list[EntryStore] = []
        self.tokens: list[tuple[str, TokenStore]] = []
        self.compact_after = compact_bound()
        self.logged, self.logged_bytes = self.file.event_count()  # the events in the file now, and their size
        self.snapshot_bytes = self.file.snapshot_size()
        self.compactions = 0  # since this cloud started

    def fleet(self, *, seed: int, reference: date, **options: Any) -> tuple[int, date]:
        """The seed and accounting start the fleet is built with: the file's, if it has a fleet, after
        checking that it was written with the same options (another fleet would not match its events)."""
        options["apis"] = sorted(options["apis"])
        meta = self.file.get("meta")
        if meta is None:
            self.meta = {"format": FORMAT, "start_seed": seed, "seed": seed, "reference": reference.isoformat()}
            self.meta.update(options)
            return seed, reference
        if meta.get("format") not in READABLE_FORMATS:
            self.file.close()
            raise StateError(
                f"{self.file.path} was written by another solarfakes version (format {meta.get('format')})"
            )
        differ = [f"{name} {meta[name]!r}" for name in FLEET_OPTIONS if meta.get(name) != options.get(name)]
        if seed not in (meta["start_seed"], meta["seed"]):
            differ.append(f"seed {meta['start_seed']}")
        if differ:
            self.file.close()
            raise StateError(
                f"{self.file.path} holds a fleet built with {', '.join(differ)}: start with the same options, "
                "or give another state file"
            )
        self.meta = meta
        return int(meta["seed"]), date.fromisoformat(meta["reference"])

    def attach(self, cloud: Cloud) -> None:
        """Replay the file's history onto ``cloud`` (fresh from the seed), then keep its every change."""
        self.cloud = cloud
        if self.file.get("meta") is None:
            with self.file.transaction(durable=True):
                self.file.put("meta", self.meta)
        else:
            self.restore(cloud)
        self.install()
        cloud.clock.listeners.append(self.flush)  # a clock moved from Python is kept at once too
        self.flush()

    def install(self) -> None:
        """Find the stores (a reset may have replaced their dicts) and track their keys from now on."""
        self.tokens = self.stores_of(TokenStore, "tokens")
        self.stores = self.entry_stores()
        for store in self.stores:
            store.install()

    def restore(self, cloud: Cloud) -> None:
        """Nothing is committed meanwhile: what restoring changes is what the file holds already."""
        anchors = cloud.clock.anchors()
        self.replaying = True
        try:
            kept = self.file.snapshot()
            if kept is not None:
                blob, layouts, self.restored_events = kept
                try:
                    restore_snapshot(cloud, blob, layouts)
                except SnapshotError as exc:
                    self.file.close()
                    raise StateError(f"{self.file.path}: {exc}; start with another state file") from None
            for kind, api, data in self.file.events():
                if "at" in data:
                    cloud.clock.freeze(data["at"])
                replay(cloud, kind, api, data)
                self.restored_events += 1
            cloud.clock.restore(anchors)
            self.restore_snapshots(cloud)
        finally:
            self.replaying = False

    def restore_snapshots(self, cloud: Cloud) -> None:
        for store in self.entry_stores():
            try:
                store.restore(self.file.entries(store.name))
            except (ValueError, TypeError, KeyError, IndexError) as exc:  # a row edited or damaged by hand
                self.file.close()
                raise StateError(
                    f"{self.file.path}: a kept {store.name} row cannot be read ({exc}); start with another state file"
                ) from None
        for name, tokens in self.stores_of(TokenStore, "tokens"):
            state = self.file.get(f"{name}/random")
            if state is not None:
                tokens.random.setstate((state[0], tuple(state[1]), state[2]))
            tokens.revoked_permanent = set(self.file.get(f"{name}/revoked") or [])
        kept_faults = self.file.get("faults")
        if kept_faults is not None:
            registry = cloud.faults
            registry.faults = [Fault(**{k: v for k, v in f.items() if k != "remaining"}) for f in kept_faults["armed"]]
            self.fault_ids = kept_faults["last_id"]
            registry.ids = itertools.count(self.fault_ids + 1)
        state = self.file.get("faults/random")
        if state is not None:
            cloud.faults.random.setstate((state[0], tuple(state[1]), state[2]))
        limits = self.file.get("limits")
        if limits is not None:
            cloud.set_limits(bool(limits))
        clock = self.file.get("clock")
        if clock is not None:
            cloud.clock.restore((clock[0], clock[1], clock[2], clock[3]))

    def stores_of(self, kind: type[S], attribute: str) -> list[tuple[str, S]]:
        """Every store of ``kind`` of every API: the simulator's own (``attribute``) and any its auth scheme
        keeps apart (iSolarCloud's OAuth2 bearer tokens), named ``api/attribute``."""
        assert self.cloud is not None
        found: list[tuple[str, S]] = []
        for api, sim in self.cloud.simulators.items():
            owners = {attribute: getattr(sim, attribute), **vars(sim.auth)}
            found += [(f"{api}/{attr}", store) for attr, store in owners.items() if isinstance(store, kind)]
        unique = {id(store): (name, store) for name, store in reversed(found)}  # the first name of each
        return list(reversed(unique.values()))

    def entry_stores(self) -> list[EntryStore]:
        assert self.cloud is not None
        stores = [
            EntryStore(f"{api}/meter", sim.meter, "counters", rebuilt(Counter), recency=True)
            for api, sim in self.cloud.simulators.items()
        ]
        stores += [SessionRows(name, store) for name, store in self.stores_of(TokenStore, "tokens")]
        stores += [NonceRows(name, store) for name, store in self.stores_of(NonceStore, "nonces")]
        return stores

    def snapshots(self, full: bool) -> dict[str, Any]:
        """The small parts of the state, whole: compared with what was committed last. Random states are
        read only when they may have moved (~100 us each): token stores draw only in write handlers, whose
        events are pending then; the faults draw only for a fault with a probability (or one just gone)."""
        assert self.cloud is not None
        cloud = self.cloud
        armed = cloud.faults.listing()
        self.fault_ids = max([self.fault_ids, *(f["id"] for f in armed)])
        found: dict[str, Any] = {
            "clock": list(cloud.clock.anchors()),
            "limits": cloud.limits,
            "faults": {"armed": armed, "last_id": self.fault_ids},
        }
        drawing = any(f["probability"] is not None for f in armed)
        if full or drawing or self.fault_draws:
            found["faults/random"] = cloud.faults.random.getstate()
        self.fault_draws = drawing
        for name, tokens in self.tokens:
            if full or self.pending:
                found[f"{name}/random"] = tokens.random.getstate()
            found[f"{name}/revoked"] = sorted(tokens.revoked_permanent)
        return found

    def note(self, routed: RoutedCall) -> None:
        """A call reached its handler: kept if its endpoint writes (committed by the call's flush)."""
        if routed.endpoint.effect == "write" and not self.replaying:
            self.pending.append(("call", routed.call.api, call_event(routed)))

    @contextmanager
    def event(
        self,
        lock: AbstractContextManager[object],
        kind: str,
        api: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Iterator[None]:
        """Something outside the API pipeline that may change a vendor's state, done under the cloud's ``lock``
        and kept in the order of the changes (so noted under it too), then committed outside it."""
        if self.replaying or self.cloud is None:
            with lock:
                yield
            return
        with lock:
            at = self.cloud.clock.timestamp()
            yield
            self.pending.append((kind, api, {"at": at, **(data or {})}))
        self.flush()

    def flush(self, full: bool = False) -> None:
        """Commit what changed since the last commit in one transaction; ``full`` rewrites every session
        (an admin revocation changes sessions without looking them up).

        What changed is gathered under the cloud's lock, but written outside it: requests go on while the
        disk syncs. The commit lock keeps commits in the order they were gathered; it is always taken
        before the cloud's lock, never while holding it."""
        if self.cloud is None or self.replaying:
            return
        import sqlite3  # loaded with the state file (state_file.py), not at every start

        with self.committing:
            with self.cloud.lock:
                changed = {k: v for k, v in self.snapshots(full).items() if self.kept.get(k, self) != v}
                taken = [(store, store.changes(full and store.attribute == "sessions")) for store in self.stores]
                events, self.pending = self.pending, []
                compacted = self.compacted(events)
            if compacted is None and not changed and not events and not any(c[0] or c[2] or c[3] for _, c in taken):
                return
            try:
                with self.file.transaction(durable=bool(events or changed)):
                    if compacted is not None:
                        self.file.compact(*compacted)
                        self.file.put("meta", {**self.meta, "format": COMPACTED_FORMAT})
                    added = (
                        sum(self.file.add_event(kind, api, data) for kind, api, data in events) if not compacted else 0
                    )
                    for key, value in changed.items():
                        self.file.put(key, value)
                    for store, (cleared, _, rows, gone) in taken:
                        if cleared:
                            self.file.delete(store.name)
                        self.file.upsert(store.name, rows, store.recency)
                        self.file.delete(store.name, gone)
            except sqlite3.Error:
                log.exception("state file %s: could not commit; will try again with the next call", self.file.path)
                with self.cloud.lock:
                    self.pending[:0] = events
                    for store, (cleared, touched, _, _) in taken:
                        store.give_back(cleared, touched)
                return
            self.kept.update(changed)
            if compacted is not None:
                self.meta["format"] = COMPACTED_FORMAT
                self.logged, self.logged_bytes, self.snapshot_bytes = 0, 0, len(compacted[0])
                self.compactions += 1
            else:
                self.logged += len(events)
                self.logged_bytes += added

    def compacted(self, events: list[Any]) -> tuple[bytes, dict[str, list[str]], int] | None:
        """When the file's events with ``events`` pass the bound: a snapshot to write in their place, taken
        under the cloud's lock together with ``events``, so it holds exactly what they did. The events it
        stands for are counted on, so a restart reports them as restored.

        A snapshot's cost grows with the fleet (about 1 KB and 0.15 ms of CPU per plant), so the log must also
        outweigh the last snapshot: a big fleet compacts less often, and the file stays within about twice
        its snapshot however long the server runs."""
        if not events or self.logged + len(events) <= self.compact_after or self.logged_bytes < self.snapshot_bytes:
            return None
        assert self.cloud is not None
        try:
            data, layouts = snapshot(self.cloud)
        except Exception:  # something unpicklable in a backend: keep the log as it is, and say so once
            log.exception("state file %s: could not compact its events; the log keeps growing", self.file.path)
            self.compact_after = sys.maxsize
            return None
        before = self.file.snapshot()
        total = (before[2] if before is not None else 0) + self.logged + len(events)
        return data, layouts, total

    async def commit(self, full: bool = False) -> None:
        """``flush`` on a worker thread, so the event loop serves other requests while the disk syncs."""
        if self.cloud is not None and not self.replaying:
            await asyncio.to_thread(self.flush, full)

    def exclusive(self) -> AbstractContextManager[object]:
        """Held around a cloud reset (before the cloud's lock), so no commit interleaves with emptying the file."""
        return self.committing

    def reset(self) -> None:
        """The cloud was reset (maybe reseeded): the file holds nothing but the fleet options from now on."""
        if self.cloud is None:
            return
        with self.committing, self.cloud.lock:
            self.meta["seed"] = self.cloud.seed
            with self.file.transaction(durable=True):
                self.file.clear()
                self.file.put("meta", self.meta)
            self.pending, self.kept = [], {}
            self.logged = self.logged_bytes = self.snapshot_bytes = 0
            self.install()
            self.flush()

    def close(self) -> None:
        if self.cloud is not None:
            self.flush(full=True)
            self.cloud.clock.listeners.remove(self.flush)
            self.cloud = None
            self.file.close()
