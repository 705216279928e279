"""JSON in and out, strictly: no NaN or Infinity either way, since neither is JSON.

Answers are written with orjson (measured in a local loop on an AlphaCloud and a Growatt answer: about
a third of the standard library's time, check below included). orjson writes NaN and Infinity as
``null`` without a word, so an answer whose bytes hold ``null`` has its floats checked: a NaN stays a
simulator bug (ValueError), never sent. An answer without ``null`` had none (walking every value of
a 200-field Growatt record first cost five times orjson's own time). Whatever orjson refuses
(integers past 64 bits, lone surrogates, keys that are not strings) is written by the standard
library, as before.

A handler may answer part of its payload as ``Encoded`` JSON it shaped and encoded before (a finished
day's rows, kept, checked when kept): orjson embeds its bytes as they are; the standard library's
fallback parses them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import orjson

ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# One decoder for every body: ``json.loads`` with an option builds a new one per call.
STRICT_DECODER = json.JSONDecoder(parse_constant=reject_constant)


def loads(text: str | bytes) -> Any:
    """Parse JSON as a strict server does; ValueError or RecursionError for anything else. What
    ``json.loads(text, parse_constant=reject_constant)`` does, on one decoder."""
    if isinstance(text, bytes):
        return json.loads(text, parse_constant=reject_constant)
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return STRICT_DECODER.decode(text)


class Encoded:
    """JSON text already shaped and encoded, embedded in an answer as it is (never parsed again).

    Made of ``pieces`` (``of_pieces``), it is joined only when its bytes are first asked: an envelope
    that joins the answer puts the pieces in its own join (envelope_bytes.filled), so a large payload of
    kept rows (a ras/v2 day, 390 KB) is copied once per call, not twice (each copy of fresh memory cost
    about 0.3 ms in process)."""

    __slots__ = ("joined", "null_count", "pieces")

    def __init__(self, data: bytes) -> None:
        self.joined: bytes | None = data
        self.pieces: list[bytes | memoryview] | None = None
        self.null_count = -1  # not counted yet

    @classmethod
    def of_pieces(cls, pieces: list[bytes | memoryview]) -> Encoded:
        """The JSON text ``b"".join(pieces)``, joined when first asked."""
        made = cls(b"")
        made.joined, made.pieces = None, pieces
        return made

    @property
    def data(self) -> bytes:
        if self.joined is None:
            self.joined = b"".join(self.pieces or ())
            self.pieces = None
        return self.joined

    def nulls(self) -> int:
        """How many times ``null`` occurs in the JSON, counted once: kept rows are embedded in answer
        after answer, and their count was a scan of their bytes every time."""
        if self.null_count < 0:
            self.null_count = self.data.count(b"null")
        return self.null_count

    def __repr__(self) -> str:
        return f"Encoded({self.data[:60]!r}{'...' if len(self.data) > 60 else ''})"


def plain(value: Any) -> Any:
    """Last resort for values the schema did not type: times as ISO text; ``Encoded`` JSON parsed."""
    if isinstance(value, Encoded):
        return loads(value.data)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot be sent as JSON")


SCALARS = frozenset({str, int, bool, type(None)})
CONTAINERS = frozenset({dict, list, tuple})
PLAIN_TYPES = SCALARS | {Encoded}  # types that never hide a NaN (Encoded JSON was checked when kept)


# Below this an answer's bytes are searched first whatever it embeds (a search of a few KB costs less
# than walking even a small envelope).
SEARCH_FIRST_BYTES = 16 * 1024
# The bytes of Encoded JSON the answer being written embeds, which decides the order of its checks
# (another thread's answer may disturb the tally: that changes only the order, never the outcome).
embedded_tally = [0]


def embedded(value: Any) -> Any:
    """orjson's last resort: ``Encoded`` JSON as its bytes, anything else as ``plain``."""
    if isinstance(value, Encoded):
        embedded_tally[0] += len(value.data)
        return orjson.Fragment(value.data)
    return plain(value)


def all_finite(body: Any) -> bool:
    """Whether every float in ``body`` is a number JSON can carry (walked without recursion; only
    containers go on the stack, the scalars of each are looked at in place)."""
    if type(body) not in CONTAINERS:
        return finite_scalar(body)
    stack = [body]
    pop, push = stack.pop, stack.append
    scalars, containers = SCALARS, CONTAINERS
    while stack:
        item = pop()
        if type(item) is dict:
            values: Any = item.values()
            # a row of texts, integers and nulls (most rows that write a null) is passed on its set of
            # types, gathered in C, without a look at each value (series of floats are left to the loop)
            if set(map(type, values)) <= PLAIN_TYPES:
                continue
        else:
            values = item
        for value in values:
            kind = type(value)
            if kind is float:
                if value - value != 0.0:  # NaN and the infinities
                    return False
            elif kind in scalars:
                continue
            elif kind in containers:
                push(value)
            elif kind is Encoded:
                continue  # checked when it was encoded
            elif isinstance(value, float | dict | list | tuple | set):
                return False  # a subclass: leave it to the standard library's strict check
    return True


def finite_scalar(value: Any) -> bool:
    if type(value) is float:
        return value - value == 0.0
    return not isinstance(value, float | dict | list | tuple | set)


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON; a NaN or Infinity is a simulator bug (ValueError), never sent."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    embedded_tally[0] = 0
    try:
        written = orjson.dumps(body, default=embedded, option=ORJSON_OPTIONS)
    except TypeError:
        pass
    else:
        # orjson writes a NaN or an infinity as null: without a null in its bytes there was none. A big
        # answer mostly of Encoded JSON (checked when it was kept) has its few other values walked
        # first rather than all its bytes searched: either test passing passes the answer.
        size = len(written)
        if size > SEARCH_FIRST_BYTES and embedded_tally[0] * 2 > size:
            if all_finite(body) or b"null" not in written:
                return written
        elif b"null" not in written or all_finite(body):
            return written
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=plain, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate a client sent as "\ud800": JSON can carry it escaped
        return json.dumps(body, separators=(",", ":"), default=plain, allow_nan=False).encode("ascii")
