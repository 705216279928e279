"""The token store: session tokens issued, expired, slid on use, bound to an address and revoked,
all on the simulated clock, as the spec's token rule says."""

from __future__ import annotations

import math
import random
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from solarfakes.specs.auth import TokenRule

Refusal = Literal["unknown", "expired", "revoked", "address"]
# Expired sessions are kept this long past their expiry, so a late call is told "expired", not "unknown";
# after that (or past MAX_SESSIONS) they are dropped, which bounds the store's memory.
EXPIRED_KEPT_SECONDS = 86_400.0
MAX_SESSIONS = 20_000


@dataclass(slots=True)  # a store keeps up to MAX_SESSIONS of them: about 50 bytes less each than with a __dict__
class Session:
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


class TokenRefused(Exception):
    def __init__(self, reason: Refusal, session: Session | None = None) -> None:
        self.reason = reason
        self.session = session
        super().__init__(reason)


class TokenStore:
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
            self.sessions: dict[str, Session] = {}
            # No session of ``swept`` (the sessions dict last swept) turns stale before ``stale_from``:
            # a login skips the sweep's walk of every session until then. A dict put in place of it (a
            # reset, a restored state file) is walked at the next login.
            self.swept: dict[str, Session] | None = None
            self.stale_from = math.inf
            self.revoked_permanent: set[str] = set()
            self.owners: Mapping[str, str] | None = None  # the permanent tokens' accounts, built on first use
            self.random = random.Random(repr(("tokens", self.seed)))

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
            self.sessions[token] = session
            self.note_expiry(session.expires_at)
            return session

    def note_expiry(self, expires_at: float | None) -> None:
        if expires_at is not None:
            self.stale_from = min(self.stale_from, expires_at + EXPIRED_KEPT_SECONDS)

    def check(self, token: str, now: float, client: str | None = None) -> Session:
        """The live session of ``token``, slid forward if the rule slides; TokenRefused says why not."""
        with self.lock:
            session = self.sessions.get(token)
            if session is None:
                return self.check_permanent(token, now)
            if session.revoked:
                raise TokenRefused("revoked", session)
            if session.expires_at is not None and now >= session.expires_at:
                raise TokenRefused("expired", session)
            if self.rule.bound_to_ip and session.client is not None and client != session.client:
                raise TokenRefused("address", session)
            session.last_used = now
            if self.rule.sliding and self.rule.lifetime_seconds is not None:
                session.expires_at = now + self.rule.lifetime_seconds
                self.note_expiry(session.expires_at)  # earlier than before if the clock was set back
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
            session = self.sessions.get(token)
            if session is not None:
                session.revoked = True
                return True
            if token in self.permanent_owners():
                self.revoked_permanent.add(token)
                return True
            return False

    def revoke_account(self, account: str) -> int:
        with self.lock:
            live = [s for s in self.sessions.values() if s.account == account and not s.revoked]
            for session in live:
                session.revoked = True
            return len(live)

    def forget_old(self, now: float) -> None:
        """Drop sessions long expired, and the oldest beyond MAX_SESSIONS (dicts keep issue order)."""
        if len(self.sessions) < MAX_SESSIONS // 2:
            return
        if self.swept is not self.sessions or now > self.stale_from:
            stale = [
                token
                for token, s in self.sessions.items()
                if s.expires_at is not None and s.expires_at + EXPIRED_KEPT_SECONDS < now
            ]
            for token in stale:
                del self.sessions[token]
            expiries = [s.expires_at for s in self.sessions.values() if s.expires_at is not None]
            self.swept, self.stale_from = self.sessions, min(expiries, default=math.inf) + EXPIRED_KEPT_SECONDS
        while len(self.sessions) >= MAX_SESSIONS:
            del self.sessions[next(iter(self.sessions))]

    def listing(self, account: str | None = None) -> list[dict[str, object]]:
        with self.lock:
            return [s.as_json() for s in self.sessions.values() if account is None or s.account == account]
