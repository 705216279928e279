"""The state file: SQLite from the standard library in WAL mode, so a crash mid-write (kill -9) leaves the
last committed transaction and never a torn file.

Four tables: ``kv`` (the fleet options and small snapshots: clock, faults, limits, random states),
``events`` (what changed the vendors' state, in order, replayed on start), ``snapshot`` (at most one row:
the state the events before it built, once the log was compacted; see ``State.compact``) and ``entries``
(the per-key stores: meter counters, session tokens, nonces)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMAT = 1  # bumped when a state file written before could not be read the same way
# A file whose events were compacted into a snapshot: a solarfakes that knows no snapshots must refuse it.
COMPACTED_FORMAT = 2
READABLE_FORMATS = (FORMAT, COMPACTED_FORMAT)

SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, api TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL, layouts TEXT NOT NULL, events INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
    store TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (store, key)
);
"""


class StateError(ValueError):
    """A state file that cannot be used (not SQLite, another format, or other fleet options); says why."""


class StateFile:
    """One connection, used under the cloud's lock from whichever thread serves the request."""

    def __init__(self, path: str | Path) -> None:
        import sqlite3  # here: a server without --state never pays its 1 MB of RSS

        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL: a commit is in the WAL before the call answers, which a killed process cannot undo;
            # transactions that hold a write are committed with FULL (see transaction), so power loss spares them.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{self.path} is not a solarfakes state file ({exc})") from None
        self.seq = self.one("SELECT COALESCE(MAX(seq), 0) FROM entries") + 1

    def one(self, sql: str, *args: Any) -> Any:
        row = self.db.execute(sql, args).fetchone()
        return None if row is None else row[0]

    def get(self, key: str) -> Any:
        text = self.one("SELECT value FROM kv WHERE key = ?", key)
        return None if text is None else json.loads(text)

    def put(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def events(self) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        for kind, api, data in self.db.execute("SELECT kind, api, data FROM events ORDER BY id").fetchall():
            yield kind, api, json.loads(data)

    def add_event(self, kind: str, api: str | None, data: dict[str, Any]) -> int:
        """Append an event; its size in the file."""
        text = json.dumps(data)
        self.db.execute("INSERT INTO events (kind, api, data) VALUES (?, ?, ?)", (kind, api, text))
        return len(text)

    def event_count(self) -> tuple[int, int]:
        """The events in the file, and their size."""
        count, size = self.db.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM events").fetchone()
        return int(count), int(size)

    def snapshot_size(self) -> int:
        return int(self.one("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM snapshot"))

    def snapshot(self) -> tuple[bytes, dict[str, list[str]], int] | None:
        """The compacted state, the layouts of its classes and how many events it stands for in all."""
        row = self.db.execute("SELECT data, layouts, events FROM snapshot WHERE id = 1").fetchone()
        return None if row is None else (bytes(row[0]), json.loads(row[1]), int(row[2]))

    def compact(self, data: bytes, layouts: dict[str, list[str]], events: int) -> None:
        """The snapshot in place of every event so far (in the caller's transaction, so a kill leaves
        either the events or the snapshot that replaces them)."""
        self.db.execute(
            "INSERT OR REPLACE INTO snapshot (id, data, layouts, events) VALUES (1, ?, ?, ?)",
            (data, json.dumps(layouts), events),
        )
        self.db.execute("DELETE FROM events")

    def entries(self, store: str) -> list[tuple[str, Any]]:
        rows = self.db.execute("SELECT key, value FROM entries WHERE store = ? ORDER BY seq", (store,)).fetchall()
        return [(key, json.loads(value)) for key, value in rows]

    def upsert(self, store: str, rows: Iterable[tuple[str, Any]], recency: bool = False) -> None:
        """Each new key gets the next sequence number, and so does each key written again if ``recency``
        (an LRU's order); otherwise an existing key keeps its own (a dict's insertion order)."""
        update = "value = excluded.value" + (", seq = excluded.seq" if recency else "")
        for key, value in rows:
            self.db.execute(
                "INSERT INTO entries (store, key, seq, value) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT (store, key) DO UPDATE SET {update}",
                (store, key, self.seq, json.dumps(value)),
            )
            self.seq += 1

    def delete(self, store: str, keys: Iterable[str] | None = None) -> None:
        if keys is None:
            self.db.execute("DELETE FROM entries WHERE store = ?", (store,))
        else:
            self.db.executemany("DELETE FROM entries WHERE store = ? AND key = ?", [(store, k) for k in keys])

    def clear(self) -> None:
        self.db.execute("DELETE FROM events")
        self.db.execute("DELETE FROM snapshot")
        self.db.execute("DELETE FROM entries")
        self.db.execute("DELETE FROM kv WHERE key != 'meta'")

    @contextmanager
    def transaction(self, durable: bool = False) -> Iterator[None]:
        """All or nothing; ``durable`` syncs the commit to disk (a write a client was told succeeded)."""
        if durable:
            self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            if durable:
                self.db.execute("PRAGMA synchronous=NORMAL")

    def close(self) -> None:
        self.db.close()
