"""The per-key stores a state file keeps row by row (meter counters, session tokens, nonces): each call
touches a few keys of a store that may hold thousands, so only the keys touched since the last commit
are written. The stores stay unaware of it: their dict is swapped for a ``Tracked`` one."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Tracked(dict[K, V]):
    """A dict that remembers the keys read, written or deleted since ``take``; a value read may be
    changed in place afterwards (``counters[key].calls += 1``), so a read counts as a touch."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.touched: set[K] = set()
        self.cleared = False

    def __getitem__(self, key: K) -> V:
        self.touched.add(key)
        return super().__getitem__(key)

    def get(self, key: K, default: Any = None) -> Any:
        self.touched.add(key)
        return super().get(key, default)

    def __setitem__(self, key: K, value: V) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)

    def setdefault(self, key: K, default: Any = None) -> Any:
        self.touched.add(key)
        return super().setdefault(key, default)

    def __delitem__(self, key: K) -> None:
        self.touched.add(key)
        super().__delitem__(key)

    def pop(self, key: K, *default: Any) -> Any:
        self.touched.add(key)
        return super().pop(key, *default)

    def clear(self) -> None:
        self.cleared = True
        self.touched.clear()
        super().clear()

    def take(self) -> tuple[bool, set[K]]:
        """Whether the dict was cleared and which keys were touched since the last take; forgets both."""
        taken = self.cleared, self.touched
        self.cleared, self.touched = False, set()
        return taken

    def give_back(self, cleared: bool, touched: set[K]) -> None:
        """Undo a take whose rows could not be written, so the next commit writes them."""
        self.cleared |= cleared
        self.touched |= touched


def plain(value: Any) -> Any:
    """A store's value as JSON data: dataclasses field by field, deques and tuples as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, deque | tuple | list):
        return [plain(item) for item in value]
    return value


def rebuilt(cls: type[V]) -> Callable[[Any], V]:
    """The inverse of ``plain`` for a dataclass whose fields are plain values or deques (of tuples)."""

    def build(data: dict[str, Any]) -> V:
        values = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue  # a field added since the file was written keeps its default
            value = data[f.name]
            sample = f.default_factory() if f.default_factory is not MISSING else None
            if isinstance(sample, deque):
                value = deque((tuple(v) if isinstance(v, list) else v for v in value), maxlen=sample.maxlen)
            values[f.name] = value
        return cls(**values)

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

    def changes(self, everything: bool) -> tuple[bool, set[Any], list[tuple[str, Any]], list[str]]:
        """(cleared, touched, rows to write, keys to delete) since the last commit."""
        data = self.data
        cleared, touched = data.take()
        keys = set(dict.keys(data)) if everything else touched
        rows = [(key_text(k), plain(dict.__getitem__(data, k))) for k in keys if dict.__contains__(data, k)]
        gone = [key_text(k) for k in keys if not dict.__contains__(data, k)]
        return cleared, touched, rows, gone

    def restore(self, rows: list[tuple[str, Any]]) -> None:
        tracked: Tracked[Any, Any] = Tracked((key_of(key), self.decode(value)) for key, value in rows)
        setattr(self.owner, self.attribute, tracked)
        if self.restored is not None:
            self.restored(self.owner)
