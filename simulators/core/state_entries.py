"""The per-key stores a state file keeps row by row (meter counters, session tokens, nonces): each call
touches a few keys of a store that may hold thousands, so only the keys touched since the last commit
are written. The stores stay unaware of it: their dict is swapped for a ``Tracked`` one."""

from __future__ import annotations

import json
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar

from solarfakes.simulators.core.nonces import NonceStore, legacy_nonce_key
from solarfakes.simulators.core.tokens import Session, TokenStore

K = TypeVar("K")
V = TypeVar("V")


class Tracked(OrderedDict[K, V]):
    """A dict that remembers the keys read, written, moved or deleted since ``take``, in the order last
    touched; a value read may be changed in place afterwards (``counters[key].calls += 1``), so a read
    counts as a touch. An OrderedDict, so it stands in for a plain dict and for an LRU alike."""

    def __init__(self, *args: Any) -> None:
        self.touched: dict[K, None] = {}  # an ordered set; filling the dict below touches nothing worth keeping
        super().__init__(*args)
        self.touched = {}
        self.cleared = False

    def touch(self, key: K) -> None:
        self.touched.pop(key, None)
        self.touched[key] = None

    def __getitem__(self, key: K) -> V:
        self.touch(key)
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        self.touch(key)
        return super().get(key, default)

    def __setitem__(self, key: K, value: V) -> None:
        self.touch(key)
        super().__setitem__(key, value)

    def setdefault(self, key: K, default: Any = None) -> Any:
        self.touch(key)
        return super().setdefault(key, default)

    def __delitem__(self, key: K) -> None:
        self.touch(key)
        super().__delitem__(key)

    def pop(self, key: K, *default: Any) -> Any:
        self.touch(key)
        return super().pop(key, *default)

    def popitem(self, last: bool = True) -> tuple[K, V]:
        key, value = super().popitem(last)
        self.touch(key)
        return key, value

    def move_to_end(self, key: K, last: bool = True) -> None:
        self.touch(key)
        super().move_to_end(key, last)

    def clear(self) -> None:
        self.cleared = True
        self.touched = {}
        super().clear()

    def take(self) -> tuple[bool, list[K]]:
        """Whether the dict was cleared and which keys were touched since the last take (oldest touch
        first); forgets both."""
        taken = self.cleared, list(self.touched)
        self.cleared, self.touched = False, {}
        return taken

    def give_back(self, cleared: bool, touched: list[K]) -> None:
        """Undo a take whose rows could not be written, so the next commit writes them."""
        self.cleared |= cleared
        self.touched = dict.fromkeys([*touched, *self.touched])


def plain(value: Any) -> Any:
    """A store's value as JSON data: dataclasses field by field, tuples as lists, a deque with its bound."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, deque):
        return {"deque": [plain(item) for item in value], "maxlen": value.maxlen}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def unplain(value: Any) -> Any:
    """``plain`` undone for what the stores hold: deques come back bounded as they were, of tuples."""
    if isinstance(value, dict) and set(value) == {"deque", "maxlen"}:
        return deque((tuple(v) if isinstance(v, list) else v for v in value["deque"]), maxlen=value["maxlen"])
    return value


def rebuilt(cls: type[V]) -> Callable[[Any], V]:
    """The inverse of ``plain`` for a dataclass of plain values and deques."""

    def build(data: dict[str, Any]) -> V:
        # A field added since the file was written keeps its default; one dropped since is ignored.
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{name: unplain(value) for name, value in data.items() if name in known})

    return build


def key_text(key: Any) -> str:
    return json.dumps(list(key) if isinstance(key, tuple) else key)


def key_of(text: str) -> Any:
    key = json.loads(text)
    return tuple(key) if isinstance(key, list) else key


@dataclass
class EntryStore:
    """One store's dict (``owner.attribute``) as rows ``name/key -> value``."""

    name: str
    owner: Any
    attribute: str
    decode: Callable[[Any], Any]
    restored: Callable[[Any], None] | None = None  # rebuilds what the owner derives from the dict
    recency: bool = False  # the dict's order is the order of last use (an LRU), not of insertion

    def install(self) -> Tracked[Any, Any]:
        current = getattr(self.owner, self.attribute)
        if isinstance(current, Tracked):
            current.take()
            return current
        tracked: Tracked[Any, Any] = Tracked(current)
        setattr(self.owner, self.attribute, tracked)
        return tracked

    @property
    def data(self) -> Tracked[Any, Any]:
        current = getattr(self.owner, self.attribute)
        return current if isinstance(current, Tracked) else self.install()

    def changes(self, everything: bool) -> tuple[bool, list[Any], list[tuple[str, Any]], list[str]]:
        """(cleared, touched, rows to write, keys to delete) since the last commit."""
        data = self.data
        cleared, touched = data.take()
        keys = list(OrderedDict.keys(data)) if everything else touched
        rows = [(key_text(k), plain(OrderedDict.__getitem__(data, k))) for k in keys if k in data]
        gone = [key_text(k) for k in keys if k not in data]
        return cleared, touched, rows, gone

    def restore(self, rows: list[tuple[str, Any]]) -> None:
        tracked: Tracked[Any, Any] = Tracked((key_of(key), self.decode(value)) for key, value in rows)
        setattr(self.owner, self.attribute, tracked)
        if self.restored is not None:
            self.restored(self.owner)

    def give_back(self, cleared: bool, touched: list[Any]) -> None:
        self.data.give_back(cleared, touched)


class OwnTrackingRows(EntryStore):
    """The rows of a store that keeps its entries in arrays, not a dict to swap, and notes the keys it
    changes itself (``track``; ``take`` and ``give_back`` as ``Tracked``'s)."""

    def install(self) -> Tracked[Any, Any]:
        self.owner.track()
        return Tracked()

    def give_back(self, cleared: bool, touched: list[Any]) -> None:
        self.owner.give_back(cleared, touched)


class NonceRows(OwnTrackingRows):
    """A nonce store's remembered nonces as rows ``name/key -> stamp``."""

    def __init__(self, name: str, store: NonceStore) -> None:
        super().__init__(name, store, "nonces", float)
        self.store = store

    def changes(self, everything: bool) -> tuple[bool, list[Any], list[tuple[str, Any]], list[str]]:
        store = self.store
        with store.lock:
            cleared, touched = store.take()
            if everything:
                remembered = dict(store.items())
                keys = list(remembered) + [key for key in touched if key not in remembered]
            else:
                remembered = {key: found[1] for key in touched if (found := store.find(key)) is not None}
                keys = touched
        rows = [(key_text(key), remembered[key]) for key in keys if key in remembered]
        gone = [key_text(key) for key in keys if key not in remembered]
        return cleared, touched, rows, gone

    def restore(self, rows: list[tuple[str, Any]]) -> None:
        """The nonces of the rows, recorded oldest first; a file written when a nonce's key was a text or a
        (scope, nonce) pair has its keys made digests."""
        remembered = {}
        for text, stamp in rows:
            key = key_of(text)
            remembered[key if isinstance(key, int) else legacy_nonce_key(key)] = float(stamp)
        self.store.load(remembered.items())


class SessionRows(OwnTrackingRows):
    """A token store's sessions as rows ``name/token -> session`` (packed in arrays, core/sessions.py)."""

    def __init__(self, name: str, store: TokenStore) -> None:
        super().__init__(name, store, "sessions", rebuilt(Session))
        self.store = store

    def changes(self, everything: bool) -> tuple[bool, list[Any], list[tuple[str, Any]], list[str]]:
        store = self.store
        with store.lock:
            cleared, touched = store.take()
            sessions = store.sessions
            keys = list(sessions) if everything else touched
            found = {key: sessions.find(key) for key in keys}
            rows = [(key_text(key), plain(sessions.session(p))) for key, p in found.items() if p >= 0]
            gone = [key_text(key) for key, p in found.items() if p < 0]
        return cleared, touched, rows, gone

    def restore(self, rows: list[tuple[str, Any]]) -> None:
        self.store.load((key_of(key), self.decode(value)) for key, value in rows)
