"""The sessions of a token store, in issue order, packed field by field into flat arrays.

A login flood fills a store to its bound (tokens.MAX_SESSIONS): as a dict of token text to a session
object with its floats and client text, a session cost about 300 bytes, and the two stores of the default
fleet that log in held 12 MB after the bench's logins. Here a session is its token's bytes in one buffer,
three floats, two ids of interned texts and a state byte, found by an index of positions (open addressing
on the token's hash): about 90 bytes. Positions are in issue order, as the dict's keys were; a dropped
session leaves a hole, and the holes are closed (the arrays rebuilt, the order kept) once they are a
quarter of the positions.

A session that does not pack exactly (a state file's row whose times are ints, a key that is not its
token's text) is kept as it was given, beside the arrays, so every answer and row stays the same.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T", int, float)
LIVE, REVOKED, NO_EXPIRY = 1, 2, 4  # bits of a position's state byte; 0: dropped
# How a token's text is kept (bits of the state byte too): the vendors' tokens are 32 hex digits, alone,
# after a user id, or as a GUID; kept as the 16 bytes they write, a session takes 16-20 bytes less (a
# full store: about 0.7 MB of a server's RSS for the two stores that log in).
HEX_TAIL, GUID = 8, 16
PACKING = HEX_TAIL | GUID
HEX_DIGITS = frozenset("0123456789abcdef")
GUID_DASHES = (8, 13, 18, 23)
EMPTY, HOLE = 0, -1  # index slots hold position + 1, or one of these
MIN_INDEX = 8
MIN_NAMES = 512  # past twice this many accounts and clients interned, a rebuild forgets those unused
# Holes are closed once they are this share of the positions (or the index is two thirds full)
CLOSE_HOLES_SHARE = 1 / 4
TEXT_ERRORS = "surrogatepass"  # a token restored from a file may hold any code point
# Positions of the keys found last (``SessionTable.found``); it starts over past this many.
FOUND_KEPT = 1024


@dataclass(slots=True)
class Session:
    """A session as the store's callers see it: made from the table's arrays when asked for (changing it
    changes nothing kept; ``SessionTable.store`` puts it back)."""

    token: str
    account: str
    issued_at: float
    expires_at: float | None
    client: str | None = None
    last_used: float = 0.0
    revoked: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "token": self.token,
            "account": self.account,
            "issued_at": self.issued_at,
            "expires_at": self.expires_at,
            "client": self.client,
            "revoked": self.revoked,
        }


class SessionTable:
    def __init__(self, rows: Iterable[tuple[Hashable, Session]] = ()) -> None:
        self.clear()
        for key, session in rows:
            found = self.find(key)
            if found >= 0:  # a key given twice keeps its first place and its last session, as a dict does
                self.store(found, session)
            else:
                self.add(key, session)

    def clear(self) -> None:
        self.hashes = array("q")
        self.ends = array("Q")  # where each token's bytes end in ``text``
        self.text = bytearray()
        self.accounts = array("I")
        self.clients = array("I")
        self.issued = array("d")
        self.expires = array("d")
        self.last_used = array("d")
        self.states = bytearray()
        self.names: list[str | None] = [None]  # accounts and clients, by id
        self.name_ids: dict[str | None, int] = {None: 0}
        self.odd: dict[int, tuple[Hashable, Session]] = {}  # kept as given: see the module's note
        self.index = array("i", bytes(4 * MIN_INDEX))
        self.filled = 0  # index slots not EMPTY
        self.live = 0
        self.head = 0  # no position before it holds a session
        # The position of each key found lately: a client sends its token on every call, and a search of
        # the index made its text again from the packed bytes to compare it (half a token check). Kept
        # while positions hold: a session dropped or the positions renumbered start it over.
        self.found: dict[Hashable, int] = {}

    # --- a dict's view ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self.live

    def __contains__(self, key: Hashable) -> bool:
        return self.find(key) >= 0

    def __iter__(self) -> Iterator[Hashable]:
        return (self.key(position) for position in self.positions())

    def items(self) -> Iterator[tuple[Hashable, Session]]:
        return ((self.key(position), self.session(position)) for position in self.positions())

    def positions(self) -> Iterator[int]:
        """The positions holding a session, oldest first (computed ahead: the caller may drop them)."""
        states = self.states
        return iter([p for p in range(self.head, len(states)) if states[p]])

    def first(self) -> int:
        return self.head

    # --- sessions by position --------------------------------------------------------------------------
    def token_text(self, position: int) -> str:
        start = self.ends[position - 1] if position else 0
        kept = self.text[start : self.ends[position]]
        packing = self.states[position] & PACKING
        if packing == GUID:
            digits = kept.hex()
            return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
        if packing == HEX_TAIL:
            return kept[:-16].decode("utf-8", TEXT_ERRORS) + kept[-16:].hex()
        return kept.decode("utf-8", TEXT_ERRORS)

    def key(self, position: int) -> Hashable:
        odd = self.odd.get(position)
        return self.token_text(position) if odd is None else odd[0]

    def session(self, position: int, token: str | None = None) -> Session:
        """The session at ``position``; ``token``: its key, where the caller found it by its key (a
        packed session's key is its token text, then not made again from its bytes)."""
        odd = self.odd.get(position)
        if odd is not None:
            return odd[1]
        state = self.states[position]
        return Session(
            self.token_text(position) if token is None else token,
            self.names[self.accounts[position]],  # type: ignore[arg-type]
            self.issued[position],
            None if state & NO_EXPIRY else self.expires[position],
            self.names[self.clients[position]],
            self.last_used[position],
            bool(state & REVOKED),
        )

    def expiry(self, position: int) -> float | None:
        odd = self.odd.get(position)
        if odd is not None:
            return odd[1].expires_at
        return None if self.states[position] & NO_EXPIRY else self.expires[position]

    def account(self, position: int) -> object:
        odd = self.odd.get(position)
        return self.names[self.accounts[position]] if odd is None else odd[1].account

    def revoked(self, position: int) -> bool:
        odd = self.odd.get(position)
        return bool(self.states[position] & REVOKED) if odd is None else odd[1].revoked

    def name_id(self, name: str | None) -> int:
        found = self.name_ids.get(name)
        if found is None:
            found = self.name_ids[name] = len(self.names)
            self.names.append(name)
        return found

    def store(self, position: int, session: Session) -> None:
        """Put ``session``'s fields at ``position`` (packed if they pack exactly, else kept as given)."""
        key = self.key(position)
        if not packs(key, session):
            self.odd[position] = (key, session)
            return
        self.odd.pop(position, None)
        self.accounts[position] = self.name_id(session.account)
        self.clients[position] = self.name_id(session.client)
        self.issued[position] = session.issued_at
        self.expires[position] = 0.0 if session.expires_at is None else session.expires_at
        self.last_used[position] = session.last_used
        self.states[position] = (
            (self.states[position] & PACKING)
            | LIVE
            | (REVOKED if session.revoked else 0)
            | (NO_EXPIRY if session.expires_at is None else 0)
        )

    def slide(self, position: int, session: Session) -> None:
        """``store`` for a session used: only its last use and expiry changed (the common call's path)."""
        if position in self.odd:
            self.odd[position] = (self.odd[position][0], session)
            return
        expires_at = session.expires_at
        if type(session.last_used) is not float or (expires_at is not None and type(expires_at) is not float):
            self.store(position, session)
            return
        self.last_used[position] = session.last_used
        if expires_at is not None:
            self.expires[position] = expires_at
            self.states[position] &= ~NO_EXPIRY

    def add(self, key: Hashable, session: Session) -> int:
        """A new last position for ``key`` (not held yet)."""
        if (self.filled + 1) * 3 > len(self.index) * 2:
            self.rebuild()
        position = len(self.states)
        digest = hash(key)
        self.hashes.append(digest)
        packing = 0
        if isinstance(key, str):
            kept, packing = packed_token(key)
            self.text += kept
        self.ends.append(len(self.text))
        for column in (self.accounts, self.clients):
            column.append(0)
        for floats in (self.issued, self.expires, self.last_used):
            floats.append(0.0)
        self.states.append(LIVE | packing)
        if not isinstance(key, str):
            self.odd[position] = (key, session)
        self.store(position, session)
        self.place(digest, position)
        self.live += 1
        return position

    def remove(self, position: int) -> None:
        """Drop the session at ``position``; the hole stays until ``settle`` (positions stay valid)."""
        digest, mask, index = self.hashes[position], len(self.index) - 1, self.index
        slot = digest & mask
        while index[slot] != position + 1:
            slot = (slot + 1) & mask
        index[slot] = HOLE
        self.states[position] = 0
        self.odd.pop(position, None)
        self.found.clear()
        self.live -= 1
        states = self.states
        while self.head < len(states) and not states[self.head]:
            self.head += 1

    def settle(self) -> None:
        """Close the holes once they are many (positions change)."""
        if len(self.states) - self.live > max(MIN_INDEX, len(self.states) * CLOSE_HOLES_SHARE):
            self.rebuild()

    # --- the index ---------------------------------------------------------------------------------------
    def find(self, key: Hashable) -> int:
        """The position of ``key``, or -1."""
        found = self.found.get(key)
        if found is not None:
            return found
        digest = hash(key)
        index, mask, hashes = self.index, len(self.index) - 1, self.hashes
        slot = digest & mask
        while True:
            held = index[slot]
            if held == EMPTY:
                return -1
            if held > 0 and hashes[held - 1] == digest and self.key(held - 1) == key:
                if len(self.found) >= FOUND_KEPT:
                    self.found.clear()
                self.found[key] = held - 1
                return held - 1
            slot = (slot + 1) & mask

    def place(self, digest: int, position: int) -> None:
        index, mask = self.index, len(self.index) - 1
        slot = digest & mask
        while index[slot] > 0:
            slot = (slot + 1) & mask
        if index[slot] == EMPTY:
            self.filled += 1
        index[slot] = position + 1

    def rebuild(self) -> None:
        """The sessions moved to positions 0.. in order, a new index sized for twice the sessions held.
        Copied run by run of consecutive positions (one run when only the oldest were dropped), never
        session by session: a rebuild of a full store would otherwise make every session an object again."""
        runs = live_runs(self.states, self.head)
        self.hashes, self.accounts, self.clients = (
            runs_of(c, runs) for c in (self.hashes, self.accounts, self.clients)
        )
        self.issued, self.expires, self.last_used = (
            runs_of(c, runs) for c in (self.issued, self.expires, self.last_used)
        )
        states, text, ends = bytearray(), bytearray(), array("Q")
        odd: dict[int, tuple[Hashable, Session]] = {}
        for start, stop in runs:
            for position in [p for p in self.odd if start <= p < stop]:
                odd[len(states) + position - start] = self.odd[position]
            states += self.states[start:stop]
            first = self.ends[start - 1] if start else 0
            shift = len(text) - first
            text += self.text[first : self.ends[stop - 1]]
            ends.extend(map(shift.__add__, self.ends[start:stop]))
        self.states, self.text, self.ends, self.odd = states, text, ends, odd
        self.head = 0
        self.found.clear()
        if len(self.names) > 2 * MIN_NAMES:
            self.prune_names()
        size = MIN_INDEX
        while size < 2 * (self.live + 1):
            size *= 2
        self.index, self.filled = array("i", bytes(4 * size)), 0
        for position, digest in enumerate(self.hashes):
            self.place(digest, position)

    def prune_names(self) -> None:
        """Forget the accounts and clients no session holds any more (a client address may be any text)."""
        used = sorted({0, *self.accounts, *self.clients})
        names = [self.names[n] for n in used]
        renumbered = {old: new for new, old in enumerate(used)}.__getitem__
        self.accounts = array("I", map(renumbered, self.accounts))
        self.clients = array("I", map(renumbered, self.clients))
        self.names, self.name_ids = names, {name: n for n, name in enumerate(names)}


def packed_token(token: str) -> tuple[bytes, int]:
    """The bytes that keep ``token`` and how they read back (``SessionTable.token_text``): a GUID or a
    text ending in 32 lowercase hex digits as the digits' bytes, any other text as its UTF-8."""
    if len(token) == 36 and all(token[n] == "-" for n in GUID_DASHES):
        digits = token.replace("-", "")
        if len(digits) == 32 and HEX_DIGITS.issuperset(digits):
            return bytes.fromhex(digits), GUID
    tail = token[-32:]
    if len(tail) == 32 and HEX_DIGITS.issuperset(tail):
        return token[:-32].encode("utf-8", TEXT_ERRORS) + bytes.fromhex(tail), HEX_TAIL
    return token.encode("utf-8", TEXT_ERRORS), 0


def runs_of(column: array[T], runs: list[tuple[int, int]]) -> array[T]:
    kept = column[:0]
    for start, stop in runs:
        kept.extend(column[start:stop])
    return kept


def live_runs(states: bytearray, head: int) -> list[tuple[int, int]]:
    """(start, stop) of each run of consecutive positions holding a session, from ``head``."""
    runs = []
    start, end = head, len(states)
    while start < end:
        stop = states.find(0, start)
        stop = end if stop < 0 else stop
        if stop > start:
            runs.append((start, stop))
        start = stop + 1
    return runs


def packs(key: Hashable, session: Session) -> bool:
    """Whether the arrays give back exactly ``session`` and ``key``: texts where texts are, floats where
    floats are (a state file may have written an int)."""
    return (
        type(key) is str
        and type(session.token) is str
        and session.token == key
        and type(session.account) is str
        and (session.client is None or type(session.client) is str)
        and type(session.issued_at) is float
        and (session.expires_at is None or type(session.expires_at) is float)
        and type(session.last_used) is float
        and type(session.revoked) is bool
    )
