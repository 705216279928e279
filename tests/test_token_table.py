"""The token store's packed sessions against the dict of session objects it replaced, kept here as the
oracle: the same tokens, answers, listings and state-file rows for any logins, uses, revocations, clock
moves and restores (rows that do not pack included), and a full store in a fraction of the memory."""

from __future__ import annotations

import math
import random
import threading
import tracemalloc
import uuid
from collections.abc import Hashable, Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core import sessions as sessions_module
from solarfakes.simulators.core import tokens
from solarfakes.simulators.core.sessions import GUID, HEX_TAIL, Session, SessionTable, packed_token
from solarfakes.simulators.core.state_entries import SessionRows, key_text, plain
from solarfakes.simulators.core.tokens import EXPIRED_KEPT_SECONDS, TokenRefused, TokenStore
from solarfakes.specs.auth import TokenRule

LIFETIME = 100.0


class DictTokenStore:
    """The store as it was (328a2d1): sessions by token in a dict, each an object changed in place."""

    def __init__(self, rule: TokenRule, seed: object = 0) -> None:
        self.rule, self.seed, self.lock = rule, seed, threading.Lock()
        self.sessions: dict[Hashable, Session] = {}
        self.swept: dict[Hashable, Session] | None = None
        self.stale_from = math.inf
        self.random = random.Random(repr(("tokens", self.seed)))

    def new_token(self, prefix: str) -> str:
        if self.rule.format == "guid":
            return str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        text = f"{self.random.getrandbits(128):032x}"
        return f"{prefix}_{text}" if self.rule.format == "user_id_hex32" else text

    def issue(self, account: str, now: float, *, client: str | None = None, prefix: str = "") -> Session:
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
        session = self.sessions.get(token)
        if session is None:
            raise TokenRefused("unknown")
        if session.revoked:
            raise TokenRefused("revoked", session)
        if session.expires_at is not None and now >= session.expires_at:
            raise TokenRefused("expired", session)
        if self.rule.bound_to_ip and session.client is not None and client != session.client:
            raise TokenRefused("address", session)
        session.last_used = now
        if self.rule.sliding and self.rule.lifetime_seconds is not None:
            session.expires_at = now + self.rule.lifetime_seconds
            self.note_expiry(session.expires_at)
        return session

    def revoke(self, token: str) -> bool:
        session = self.sessions.get(token)
        if session is not None:
            session.revoked = True
            return True
        return False

    def revoke_account(self, account: str) -> int:
        live = [s for s in self.sessions.values() if s.account == account and not s.revoked]
        for session in live:
            session.revoked = True
        return len(live)

    def forget_old(self, now: float) -> None:
        if len(self.sessions) < tokens.MAX_SESSIONS // 2:
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
        while len(self.sessions) >= tokens.MAX_SESSIONS:
            del self.sessions[next(iter(self.sessions))]

    def listing(self, account: str | None = None) -> list[dict[str, object]]:
        return [s.as_json() for s in self.sessions.values() if account is None or s.account == account]

    def load(self, rows: Iterable[tuple[Hashable, Session]]) -> None:
        self.sessions = dict(rows)


def rule(sliding: bool, bound: bool, token_format: str) -> TokenRule:
    return TokenRule(
        lifetime_seconds=LIFETIME,
        sliding=sliding,
        bound_to_ip=bound,
        format=token_format,  # type: ignore[arg-type]
        invalid_error=14,
        expired_error=15,
        source="test",
    )


def outcome(store: Any, token: str, now: float, client: str | None) -> tuple[str, dict[str, Any] | None]:
    try:
        session = store.check(token, now, client)
    except TokenRefused as refused:
        return refused.reason, None if refused.session is None else plain(refused.session)
    return "live", plain(session)


def rows(store: Any) -> list[tuple[str, Any]]:
    return [(key_text(key), plain(session)) for key, session in store.sessions.items()]


def odd_rows(now: float, n: int) -> list[tuple[Hashable, Session]]:
    """What a state file may hold that does not pack: int times, a key not its token's text, a non-text
    key, a long-expired session, a token of any code point."""
    return [
        ("whole", Session("whole", "a", int(now), int(now) + 50, None, int(now), False)),
        ("alias", Session("other", "b", now, now + 10.0, "c1", now, False)),
        (n, Session(str(n), "a", now, None, None, now, True)),
        ("\ud800 old", Session("\ud800 old", "b", now - 3 * LIFETIME, now - LIFETIME - EXPIRED_KEPT_SECONDS)),
        ("plain", Session("plain", "a", now, now + LIFETIME, "c2", now, False)),
    ]


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("login"), st.integers(1, 9), st.sampled_from(["a", "b"]), st.sampled_from([None, "c1"])),
        st.tuples(
            st.just("advance"),
            st.sampled_from([1.0, LIFETIME, EXPIRED_KEPT_SECONDS, EXPIRED_KEPT_SECONDS + 50]),
            st.just(""),
            st.just(None),
        ),
        st.tuples(
            st.just("back"), st.sampled_from([5.0, LIFETIME, 2 * EXPIRED_KEPT_SECONDS]), st.just(""), st.just(None)
        ),
        st.tuples(st.just("use"), st.integers(0, 60), st.just(""), st.sampled_from([None, "c1", "c2"])),
        st.tuples(st.just("revoke"), st.integers(0, 60), st.just(""), st.just(None)),
        st.tuples(st.just("revoke_account"), st.just(0), st.sampled_from(["a", "b"]), st.just(None)),
        st.tuples(st.just("restore"), st.integers(0, 3), st.just(""), st.just(None)),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(
    STEPS, st.booleans(), st.booleans(), st.sampled_from(["hex32", "guid", "user_id_hex32"]), st.sampled_from([12, 40])
)
def test_the_packed_store_answers_as_the_dict_of_sessions_did(
    steps: list[tuple[str, float, str, str | None]], sliding: bool, bound: bool, token_format: str, max_sessions: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "MAX_SESSIONS", max_sessions)
        patch.setattr(sessions_module, "MIN_NAMES", 1)  # names pruned at every rebuild
        the_rule = rule(sliding, bound, token_format)
        store, oracle = TokenStore(the_rule, seed=1), DictTokenStore(the_rule, seed=1)
        now, issued = 1_000.0, ["whole", "alias", "other", "\ud800 old", "nobody"]
        for action, amount, account, client in steps:
            if action == "login":
                for _ in range(int(amount)):
                    new = store.issue(account, now, client=client, prefix="u7")
                    assert plain(new) == plain(oracle.issue(account, now, client=client, prefix="u7"))
                    issued.append(new.token)
            elif action == "advance":
                now += amount
            elif action == "back":
                now -= amount
            elif action == "use":
                token = issued[int(amount) % len(issued)]
                assert outcome(store, token, now, client) == outcome(oracle, token, now, client)
            elif action == "revoke":
                token = issued[int(amount) % len(issued)]
                assert store.revoke(token) == oracle.revoke(token)
            elif action == "revoke_account":
                assert store.revoke_account(account) == oracle.revoke_account(account)
            elif action == "restore":  # a state file's rows, in place of the sessions held
                kept = [(key, Session(**plain(session))) for key, session in oracle.sessions.items()]
                kept += odd_rows(now, int(amount))[: int(amount) * 2]
                store.load(kept)
                oracle.load((key, Session(**plain(session))) for key, session in kept)
            assert rows(store) == rows(oracle)
            assert store.listing() == oracle.listing()
            assert store.listing("b") == oracle.listing("b")
            assert len(store.sessions) == len(oracle.sessions)
        for token in issued:
            assert outcome(store, token, now, "c1") == outcome(oracle, token, now, "c1")


def test_a_state_file_writes_the_rows_of_the_sessions_changed_and_deletes_those_dropped() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "MAX_SESSIONS", 4)
        store = TokenStore(rule(True, False, "hex32"), seed=5)
        rows_of = SessionRows("api/tokens", store)
        rows_of.install()
        first = [store.issue("a", 1_000.0).token for _ in range(3)]
        cleared, touched, written, gone = rows_of.changes(False)
        assert (cleared, touched, gone) == (False, first, [])
        assert [key for key, _ in written] == [key_text(token) for token in first]
        store.check(first[1], 1_001.0)
        assert rows_of.changes(False)[2] == [(key_text(first[1]), plain(store.sessions.session(1)))]
        fourth, fifth = store.issue("a", 1_002.0).token, store.issue("a", 1_002.0).token  # the fifth drops the first
        cleared, touched, written, gone = rows_of.changes(False)
        assert touched == [fourth, first[0], fifth]
        assert gone == [key_text(first[0])]
        rows_of.give_back(cleared, touched)
        assert rows_of.changes(False)[1] == touched, "rows not written are written at the next commit"
        everything = rows_of.changes(True)[2]
        restored = TokenStore(rule(True, False, "hex32"), seed=5)
        SessionRows("api/tokens", restored).restore(everything)
        assert rows(restored) == rows(store)
        assert [key for key, _ in everything] == [key_text(t) for t in store.sessions]


def test_a_full_store_costs_a_fraction_of_the_dict_of_sessions() -> None:
    def cost(store: Any) -> float:
        tracemalloc.start()
        try:
            for n in range(tokens.MAX_SESSIONS + 500):
                store.issue("account", 1e9 + n / 1000, client="".join(["127.0.0.", "1"]))
            return tracemalloc.get_traced_memory()[0] / len(store.sessions)
        finally:
            tracemalloc.stop()

    the_rule = rule(False, True, "guid")
    packed, whole = cost(TokenStore(the_rule)), cost(DictTokenStore(the_rule))
    assert packed < 140, (packed, whole)
    assert whole > 2 * packed, (packed, whole)


@pytest.mark.parametrize(
    ("token", "packing"),
    [
        ("0123456789abcdef0123456789abcdef", HEX_TAIL),
        ("u7_0123456789abcdef0123456789abcdef", HEX_TAIL),
        ("\ud800é_0123456789abcdef0123456789abcdef", HEX_TAIL),
        ("01234567-89ab-4def-8123-456789abcdef", GUID),
        ("01234567-89AB-4DEF-8123-456789ABCDEF", 0),  # upper case: the hex would come back lower
        ("0123456789ABCDEF0123456789abcdef", 0),
        ("01234567-89ab-4def-8123-456789abcdeg", 0),
        ("0123456789abcdef0123456789abcde", 0),  # 31 digits
        ("", 0),
        ("\ud800 old", 0),
    ],
)
def test_a_token_packs_only_where_its_text_comes_back_the_same(token: str, packing: int) -> None:
    assert packed_token(token)[1] == packing
    table = SessionTable([(token, Session(token, "a", 1.0, None, None, 1.0))])
    assert list(table) == [token]
    assert table.session(0).token == token
    assert table.find(token) == 0


@pytest.mark.parametrize(("token_format", "most"), [("hex32", 85), ("guid", 85), ("user_id_hex32", 92)])
def test_a_session_keeps_its_token_as_the_bytes_its_hex_digits_write(token_format: str, most: int) -> None:
    # kept as text, a session took about 95 (hex32), 99 (guid) and 103 bytes (user_id_hex32)
    store = TokenStore(rule(False, True, token_format))
    tracemalloc.start()
    try:
        for n in range(5_000):
            store.issue("account", 1e9 + n / 1000, client="127.0.0.1", prefix="u12345")
        per_session = tracemalloc.get_traced_memory()[0] / len(store.sessions)
    finally:
        tracemalloc.stop()
    assert per_session < most


def test_a_table_rebuilt_keeps_the_order_and_every_session() -> None:
    table = SessionTable((f"t{n}", Session(f"t{n}", "a", float(n), None, None, float(n))) for n in range(100))
    for position in range(0, 100, 3):
        table.remove(position)
    table.rebuild()
    assert list(table) == [f"t{n}" for n in range(100) if n % 3]
    assert all(table.session(table.find(key)).token == key for key in table)
    assert "t3" not in table
    assert table.find("t3") == -1


def test_a_key_found_again_is_where_the_table_now_holds_it() -> None:
    """A key's position is remembered once found (a client sends its token on every call): a session
    dropped, the holes closed or the table rebuilt must not leave a remembered key pointing elsewhere."""
    table = SessionTable((f"t{n}", Session(f"t{n}", "a", float(n), None, None, float(n))) for n in range(40))
    assert [table.find(f"t{n}") for n in range(40)] == list(range(40))
    table.remove(table.find("t5"))
    assert table.find("t5") == -1
    assert table.session(table.find("t6"), "t6") == table.session(table.find("t6"))
    for n in range(0, 40, 2):
        if n != 6:
            table.remove(table.find(f"t{n}"))
    assert all(table.key(table.find(key)) == key for key in table)  # found where they are before the rebuild
    table.settle()  # half the positions are holes: the table is rebuilt, positions change
    assert len(table.states) == 20, "the holes were closed"
    for n in range(40):
        found = table.find(f"t{n}")
        assert (found >= 0) == ((n % 2 == 1 and n != 5) or n == 6)
        if found >= 0:
            assert table.key(found) == f"t{n}"
            assert table.session(found).token == f"t{n}"
    assert table.find("t40") == -1
    added = table.add("t40", Session("t40", "a", 40.0, None, None, 40.0))
    assert table.find("t40") == added


def test_a_session_found_by_its_token_is_the_session_found_by_its_position() -> None:
    store = TokenStore(rule(True, True, "user_id_hex32"), seed=3)
    token = store.issue("a", 1_000.0, client="c1", prefix="u7").token
    position = store.sessions.find(token)
    assert store.sessions.session(position, token) == store.sessions.session(position)
    assert store.check(token, 1_001.0, "c1") == store.sessions.session(store.sessions.find(token))
