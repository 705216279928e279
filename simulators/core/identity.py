"""Facts worked out once per spec object and found again by its identity. Spec models are mutable
pydantic objects (unhashable), and hashing their contents would cost what the memo saves; each object is
kept beside its value, so its id cannot pass to another object while the memo answers for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def per_object(kept: int = 4096) -> Callable[[Callable[[K], V]], Callable[[K], V]]:
    """Decorate a one-argument function of a spec object: each object's value is computed once, and the
    memo starts over past ``kept`` objects (specs are cached, so a process meets a few thousand at most)."""

    def decorate(build: Callable[[K], V]) -> Callable[[K], V]:
        found: dict[int, tuple[Any, V]] = {}

        def lookup(key: K) -> V:
            hit = found.get(id(key))
            if hit is not None and hit[0] is key:
                return hit[1]
            if len(found) >= kept:
                found.clear()
            value = build(key)
            found[id(key)] = (key, value)
            return value

        lookup.__doc__, lookup.__name__, lookup.__qualname__ = build.__doc__, build.__name__, build.__qualname__
        return lookup

    return decorate
