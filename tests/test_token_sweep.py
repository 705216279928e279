"""The token store's sweep of long-expired sessions, walked only once one may be stale: the same sessions
kept and dropped as a store that walks every session at each login, the clock moved both ways and the
sessions replaced as a state file's restore does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core import tokens
from solarfakes.simulators.core.sessions import SessionTable
from solarfakes.simulators.core.tokens import EXPIRED_KEPT_SECONDS, Session, TokenRefused, TokenStore
from solarfakes.specs.auth import TokenRule

LIFETIME = 100.0


class WalkingStore(TokenStore):
    """The store as it was: every login past half the bound walks every session."""

    def forget_old(self, now: float) -> None:
        sessions = self.sessions
        if len(sessions) < tokens.MAX_SESSIONS // 2:
            return
        for position in sessions.positions():
            expires_at = sessions.expiry(position)
            if expires_at is not None and expires_at + EXPIRED_KEPT_SECONDS < now:
                self.drop(position)
        while len(sessions) >= tokens.MAX_SESSIONS:
            self.drop(sessions.first())
        sessions.settle()


def rule(sliding: bool) -> TokenRule:
    return TokenRule(lifetime_seconds=LIFETIME, sliding=sliding, invalid_error=14, expired_error=15, source="test")


def outcome(store: TokenStore, token: str, now: float) -> str:
    try:
        store.check(token, now)
    except TokenRefused as refused:
        return refused.reason
    return "live"


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("login"), st.integers(1, 6)),
        st.tuples(
            st.just("advance"), st.sampled_from([1.0, LIFETIME, EXPIRED_KEPT_SECONDS, EXPIRED_KEPT_SECONDS + 50])
        ),
        st.tuples(st.just("back"), st.sampled_from([5.0, LIFETIME, 2 * EXPIRED_KEPT_SECONDS])),
        st.tuples(st.just("use"), st.integers(0, 40)),
        st.tuples(st.just("restore"), st.just(0)),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(STEPS, st.booleans())
def test_the_sweep_keeps_and_drops_what_walking_every_login_did(steps: list[tuple[str, float]], sliding: bool) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "MAX_SESSIONS", 12)
        swept, walked = TokenStore(rule(sliding), seed=1), WalkingStore(rule(sliding), seed=1)
        now, issued = 1_000.0, []
        for action, amount in steps:
            if action == "login":
                for _ in range(int(amount)):
                    issued.append(swept.issue("a", now).token)
                    assert walked.issue("a", now).token == issued[-1]
            elif action == "advance":
                now += amount
            elif action == "back":
                now -= amount
            elif action == "use" and issued:
                token = issued[int(amount) % len(issued)]
                assert outcome(swept, token, now) == outcome(walked, token, now)
            elif action == "restore":  # a state file puts new sessions in place, with a long-expired one
                for store in (swept, walked):
                    restored = dict(store.sessions.items())
                    restored["restored"] = Session(
                        "restored", "a", now - 2 * LIFETIME, now - LIFETIME - EXPIRED_KEPT_SECONDS
                    )
                    store.load(restored.items())
            assert list(swept.sessions) == list(walked.sessions)
        for token in issued:
            assert outcome(swept, token, now) == outcome(walked, token, now)


def test_a_login_past_half_the_bound_does_not_walk_sessions_none_of_which_can_be_stale() -> None:
    store = TokenStore(rule(False), seed=2)
    for _ in range(tokens.MAX_SESSIONS // 2 + 10):
        store.issue("a", 1_000.0)
    walks = []

    class Counting(SessionTable):
        def positions(self):  # type: ignore[no-untyped-def]
            walks.append(1)
            return super().positions()

    store.issue("a", 1_000.0)  # the first login past half the bound walks once, and learns when to again
    store.sessions = store.swept = Counting(store.sessions.items())
    for _ in range(50):
        store.issue("a", 1_001.0)
    assert walks == []
    store.issue("a", 1_001.0 + LIFETIME + EXPIRED_KEPT_SECONDS + 1)  # now every earlier session is stale
    assert walks
    assert len(store.sessions) == 1


def test_a_session_slid_after_the_clock_went_back_is_dropped_when_it_turns_stale() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "MAX_SESSIONS", 12)
        swept, walked = TokenStore(rule(True), seed=3), WalkingStore(rule(True), seed=3)
        # past half the bound, the seventh login sweeps and learns when a session may next turn stale
        first = [swept.issue("a", 1_000.0).token for _ in range(7)]
        for _ in range(7):
            walked.issue("a", 1_000.0)
        assert swept.swept is swept.sessions
        back = 1_000.0 - 2 * EXPIRED_KEPT_SECONDS
        assert outcome(swept, first[0], back) == outcome(walked, first[0], back) == "live"  # slid to back + LIFETIME
        later = back + LIFETIME + EXPIRED_KEPT_SECONDS + 1  # stale now, though issued expiring at 1,100
        swept.issue("a", later)
        walked.issue("a", later)
        assert first[0] not in walked.sessions
        assert list(swept.sessions) == list(walked.sessions)
