"""The token store: session tokens issued, expired, slid on use, bound to an address and revoked,
all on the simulated clock, as the spec's token rule says."""

from __future__ import annotations

import math
import random
import threading
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Literal

from solarfakes.simulators.core.changed_keys import ChangedKeys
from solarfakes.simulators.core.sessions import Session, SessionTable
from solarfakes.specs.auth import TokenRule

__all__ = ["EXPIRED_KEPT_SECONDS", "MAX_SESSIONS", "Session", "TokenRefused", "TokenStore"]

Refusal = Literal["unknown", "expired", "revoked", "address"]
# Expired sessions are kept this long past their expiry, so a late call is told "expired", not "unknown";
# after that (or past MAX_SESSIONS) they are dropped, which bounds the store's memory.
EXPIRED_KEPT_SECONDS = 86_400.0
MAX_SESSIONS = 20_000


class TokenRefused(Exception):
    def __init__(self, reason: Refusal, session: Session | None = None) -> None:
        self.reason = reason
        self.session = session
        super().__init__(reason)


class TokenStore(ChangedKeys[Hashable]):
    """Sessions by token. ``permanent`` names tokens that exist without a login (Growatt's account
    tokens): each maps to its account and never expires unless revoked."""

    def __init__(
        self,
        rule: TokenRule,
        seed: object = 0,
        permanent: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self.rule = rule
        self.seed = seed
        self.permanent = permanent
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.sessions = SessionTable()
            # No session of ``swept`` (the table last swept) turns stale before ``stale_from``: a login
            # skips the sweep's walk of every session until then. A table put in place of it (a reset, a
            # restored state file) is walked at the next login.
            self.swept: SessionTable | None = None
            self.stale_from = math.inf
            self.revoked_permanent: set[str] = set()
            self.owners: Mapping[str, str] | None = None  # the permanent tokens' accounts, built on first use
            self.random = random.Random(repr(("tokens", self.seed)))
            self.touched: dict[Hashable, None] | None = None  # keys changed since the state file's last take

    def touch(self, key: Hashable) -> None:
        """Note a session changed (or dropped), for a state file's rows (``track``)."""
        touched = self.touched
        if touched is not None:
            touched.pop(key, None)
            touched[key] = None

    def new_token(self, prefix: str) -> str:
        if self.rule.format == "guid":
            return str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        text = f"{self.random.getrandbits(128):032x}"
        return f"{prefix}_{text}" if self.rule.format == "user_id_hex32" else text

    def issue(self, account: str, now: float, *, client: str | None = None, prefix: str = "") -> Session:
        """A new session for ``account``; ``prefix`` is the user id where the token format has one."""
        with self.lock:
            self.forget_old(now)
            token = self.new_token(prefix)
            while token in self.sessions:
                token = self.new_token(prefix)
            lifetime = self.rule.lifetime_seconds
            session = Session(token, account, now, None if lifetime is None else now + lifetime, client, now)
            self.sessions.add(token, session)
            self.touch(token)
            self.note_expiry(session.expires_at)
            return session

    def note_expiry(self, expires_at: float | None) -> None:
        if expires_at is not None:
            self.stale_from = min(self.stale_from, expires_at + EXPIRED_KEPT_SECONDS)

    def check(self, token: str, now: float, client: str | None = None) -> Session:
        """The live session of ``token``, slid forward if the rule slides; TokenRefused says why not."""
        with self.lock:
            sessions = self.sessions
            position = sessions.find(token)
            if position < 0:
                return self.check_permanent(token, now)
            session = sessions.session(position, token)
            if self.touched is not None:  # ``touch``, called only where a state file keeps the rows
                self.touch(token)
            if session.revoked:
                raise TokenRefused("revoked", session)
            if session.expires_at is not None and now >= session.expires_at:
                raise TokenRefused("expired", session)
            rule = self.rule
            if rule.bound_to_ip and session.client is not None and client != session.client:
                raise TokenRefused("address", session)
            session.last_used = now
            if rule.sliding and rule.lifetime_seconds is not None:
                session.expires_at = now + rule.lifetime_seconds
                self.note_expiry(session.expires_at)  # earlier than before if the clock was set back
            sessions.slide(position, session)
            return session

    def permanent_owners(self) -> Mapping[str, str]:
        """The account of each permanent token. Built once: the accounts, and so their tokens, change
        only when the world is reset, and that resets this store too."""
        if self.owners is None:
            self.owners = dict(self.permanent()) if self.permanent is not None else {}
        return self.owners

    def check_permanent(self, token: str, now: float) -> Session:
        account = self.permanent_owners().get(token) if token else None
        if account is None:
            raise TokenRefused("unknown")
        session = Session(token, account, 0.0, None, None, now, token in self.revoked_permanent)
        if session.revoked:
            raise TokenRefused("revoked", session)
        return session

    def revoke(self, token: str) -> bool:
        with self.lock:
            position = self.sessions.find(token)
            if position >= 0:
                session = self.sessions.session(position)
                session.revoked = True
                self.sessions.store(position, session)
                self.touch(token)
                return True
            if token in self.permanent_owners():
                self.revoked_permanent.add(token)
                return True
            return False

    def revoke_account(self, account: str) -> int:
        with self.lock:
            sessions = self.sessions
            live = [p for p in sessions.positions() if sessions.account(p) == account and not sessions.revoked(p)]
            for position in live:
                session = sessions.session(position)
                session.revoked = True
                sessions.store(position, session)
                self.touch(sessions.key(position))
            return len(live)

    def forget_old(self, now: float) -> None:
        """Drop sessions long expired, and the oldest beyond MAX_SESSIONS (the table keeps issue order)."""
        sessions = self.sessions
        if len(sessions) < MAX_SESSIONS // 2:
            return
        if self.swept is not sessions or now > self.stale_from:
            expiries = []
            for position in sessions.positions():
                expires_at = sessions.expiry(position)
                if expires_at is None:
                    continue
                if expires_at + EXPIRED_KEPT_SECONDS < now:
                    self.drop(position)
                else:
                    expiries.append(expires_at)
            self.swept, self.stale_from = sessions, min(expiries, default=math.inf) + EXPIRED_KEPT_SECONDS
        while len(sessions) >= MAX_SESSIONS:
            self.drop(sessions.first())
        sessions.settle()

    def drop(self, position: int) -> None:
        self.touch(self.sessions.key(position))
        self.sessions.remove(position)

    def listing(self, account: str | None = None) -> list[dict[str, object]]:
        with self.lock:
            sessions = self.sessions
            return [
                sessions.session(p).as_json()
                for p in sessions.positions()
                if account is None or sessions.account(p) == account
            ]

    # --- a state file's rows ------------------------------------------------------------------------------
    def load(self, rows: Iterable[tuple[Hashable, Session]]) -> None:
        """Hold the sessions of ``rows`` (key, session), in their order, in place of those held."""
        with self.lock:
            self.sessions = SessionTable(rows)
