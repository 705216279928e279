"""The token and nonce stores against small reference models, on a simulated clock."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from solarfakes.simulators.core.auth.base import check_session
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.nonces import NonceStore, nonce_key
from solarfakes.simulators.core.tokens import TokenRefused, TokenStore
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs.auth import SortedPairsAuth, TokenRule
from solarfakes.specs.loader import load_spec

LIFETIME = 100.0
ADDRESSES = ("127.0.0.1", "10.0.0.2")


@dataclass
class ModelSession:
    account: str
    client: str
    expires: float
    revoked: bool = False


class TokenLifecycle(RuleBasedStateMachine):
    """Issue, use, let expire, revoke: every answer of the store equals the model's."""

    tokens = Bundle("tokens")

    def __init__(self) -> None:
        super().__init__()
        self.now = 1_000.0
        self.sliding = True
        self.bound = True
        self.store = self.make_store()
        self.model: dict[str, ModelSession] = {}

    def make_store(self) -> TokenStore:
        rule = TokenRule(
            lifetime_seconds=LIFETIME,
            sliding=self.sliding,
            bound_to_ip=self.bound,
            ip_error=16,
            format="guid",
            invalid_error=14,
            expired_error=15,
            source="test",
        )
        return TokenStore(rule, seed="machine")

    @rule(target=tokens, account=st.sampled_from(["a", "b"]), client=st.sampled_from(ADDRESSES))
    def issue(self, account: str, client: str) -> str:
        session = self.store.issue(account, self.now, client=client)
        assert session.token not in self.model, "a token is never issued twice"
        self.model[session.token] = ModelSession(account, client, self.now + LIFETIME)
        return session.token

    @rule(seconds=st.one_of(st.floats(0, 3 * LIFETIME), st.sampled_from([LIFETIME, LIFETIME - 0.001])))
    def advance(self, seconds: float) -> None:
        self.now += seconds

    @rule(token=tokens, client=st.sampled_from(ADDRESSES))
    def use(self, token: str, client: str) -> None:
        expected = self.model[token]
        if expected.revoked:
            reason = "revoked"
        elif self.now >= expected.expires:
            reason = "expired"
        elif client != expected.client:
            reason = "address"
        else:
            reason = None
        if reason is None:
            assert self.store.check(token, self.now, client).account == expected.account
            expected.expires = self.now + LIFETIME  # every use slides the expiry
            return
        with pytest.raises(TokenRefused) as refused:
            self.store.check(token, self.now, client)
        assert refused.value.reason == reason

    @rule(token=tokens)
    def revoke(self, token: str) -> None:
        assert self.store.revoke(token)
        self.model[token].revoked = True

    @rule(token=st.text(min_size=0, max_size=40))
    def unknown(self, token: str) -> None:
        if token in self.model:
            return
        with pytest.raises(TokenRefused) as refused:
            self.store.check(token, self.now, ADDRESSES[0])
        assert refused.value.reason == "unknown"

    @invariant()
    def listing_matches(self) -> None:
        listed = {s["token"]: s for s in self.store.listing()}
        assert set(listed) == set(self.model)
        for token, session in self.model.items():
            assert listed[token]["revoked"] == session.revoked
            assert listed[token]["account"] == session.account


TestTokenLifecycle = TokenLifecycle.TestCase
TestTokenLifecycle.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def rule_of(**changes: object) -> TokenRule:
    fields: dict[str, object] = {
        "lifetime_seconds": 60.0,
        "sliding": False,
        "invalid_error": 1,
        "source": "test",
        **changes,
    }
    return TokenRule.model_validate(fields)


def test_a_fixed_lifetime_does_not_slide() -> None:
    store = TokenStore(rule_of(sliding=False))
    token = store.issue("a", 0.0).token
    store.check(token, 59.0)
    with pytest.raises(TokenRefused) as refused:
        store.check(token, 60.0)
    assert refused.value.reason == "expired"


def test_an_unbound_token_works_from_any_address() -> None:
    store = TokenStore(rule_of(bound_to_ip=False))
    token = store.issue("a", 0.0, client="127.0.0.1").token
    assert store.check(token, 1.0, "192.0.2.7").account == "a"


def test_token_formats_follow_the_rule() -> None:
    assert len(TokenStore(rule_of(format="hex32")).issue("a", 0).token) == 32
    guid = TokenStore(rule_of(format="guid")).issue("a", 0).token
    assert [len(part) for part in guid.split("-")] == [8, 4, 4, 4, 12]
    prefixed = TokenStore(rule_of(format="user_id_hex32")).issue("a", 0, prefix="123456").token
    user, text = prefixed.split("_")
    assert user == "123456"
    assert len(text) == 32


def test_the_same_seed_issues_the_same_tokens() -> None:
    first = [TokenStore(rule_of(), seed=7).issue("a", 0).token for _ in range(2)]
    assert first[0] == first[1]
    assert TokenStore(rule_of(), seed=8).issue("a", 0).token != first[0]


def test_permanent_tokens_exist_without_login_and_can_be_revoked() -> None:
    store = TokenStore(rule_of(lifetime_seconds=None), permanent=lambda: {"t0": "growatt-user"})
    assert store.check("t0", 1e12).account == "growatt-user"
    assert store.revoke("t0")
    with pytest.raises(TokenRefused) as refused:
        store.check("t0", 1.0)
    assert refused.value.reason == "revoked"
    store.reset()
    assert store.check("t0", 1.0).account == "growatt-user"


@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from(["n1", "n2", "n3"]), st.floats(0, 50)), max_size=40))
def test_nonce_store_refuses_exactly_the_replays_inside_the_window(steps: list[tuple[str, str, float]]) -> None:
    window = 30.0
    store = NonceStore(window)
    now = 0.0
    first_seen: dict[tuple[str, str], float] = {}
    for scope, nonce, step in steps:
        now += step
        earlier = first_seen.get((scope, nonce))
        replay = earlier is not None and now - earlier < window
        answer = store.use(scope, nonce, now)
        if replay:
            assert answer == earlier
        else:
            assert answer is None
            first_seen[(scope, nonce)] = now


def test_a_nonce_is_kept_as_a_small_int_of_its_scope_and_itself() -> None:
    keys = {nonce_key(scope, nonce) for scope in ("app", "ap", "apps") for nonce in ("n", "pn", "sn")}
    assert len(keys) == 9
    assert all(0 <= key < 2**60 for key in keys)
    assert sys.getsizeof(nonce_key("a" * 32, "b" * 32)) <= 32
    assert nonce_key("app", "n") == nonce_key("app", "n")


def test_nonce_memory_is_bounded_by_the_window() -> None:
    store = NonceStore(10.0)
    for second in range(1000):
        store.use("app", f"nonce-{second}", float(second))
    assert len(store) <= 11


def test_the_permanent_token_map_is_built_once_and_again_after_a_reset() -> None:
    builds: list[dict[str, str]] = []
    world = {"accounts": {"t0": "growatt-user"}}

    def account_tokens() -> dict[str, str]:
        builds.append(dict(world["accounts"]))
        return dict(world["accounts"])

    store = TokenStore(rule_of(lifetime_seconds=None), permanent=account_tokens)
    for now in range(50):
        assert store.check("t0", float(now)).account == "growatt-user"
        with pytest.raises(TokenRefused):
            store.check("nobody", float(now))
    assert store.revoke("t0")
    assert not store.revoke("nobody")
    assert len(builds) == 1
    world["accounts"] = {"t1": "growatt-user"}  # a reset (with a new seed) gives the accounts new tokens
    store.reset()
    assert store.check("t1", 1.0).account == "growatt-user"
    with pytest.raises(TokenRefused) as refused:
        store.check("t0", 1.0)
    assert refused.value.reason == "unknown"
    assert len(builds) == 2


def test_a_reseeded_cloud_takes_the_new_account_token_and_refuses_the_old() -> None:
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=False)
    old = cloud.credentials()["growatt_v1"]["token"]
    tokens = cloud.simulator("growatt_v1").tokens
    assert tokens is not None
    assert tokens.check(old, 1.0).account == "primary"
    cloud.reset(seed=2)
    new = cloud.credentials()["growatt_v1"]["token"]
    assert new != old
    assert tokens.check(new, 1.0).account == "primary"
    with pytest.raises(TokenRefused):
        tokens.check(old, 1.0)


def call_from(client_host: str) -> Call:
    return Call("test", "POST", "/x", {}, {}, b"", client_host, datetime(2026, 1, 1, tzinfo=UTC))


def refusal(
    rule: TokenRule, store: TokenStore, token: str, now: float, call: Call, client: str | None = None
) -> VendorError:
    with pytest.raises(VendorError) as refused:
        check_session(rule, store, token, now, call, client)
    return refused.value


def test_one_session_check_answers_each_refusal_with_the_rules_code_and_check_name() -> None:
    rule = rule_of(bound_to_ip=True, invalid_error=14, expired_error=13, ip_error=16)
    store = TokenStore(rule)
    token = store.issue("primary", 0.0, client="10.0.0.1").token
    assert check_session(rule, store, token, 1.0, call_from("10.0.0.1")).account == "primary"
    # A scheme whose server reads the address from headers passes it; the socket's address is ignored.
    assert check_session(rule, store, token, 2.0, call_from("127.0.0.1"), "10.0.0.1").account == "primary"
    foreign = call_from("10.0.0.1")
    refused = refusal(rule, store, token, 3.0, foreign, "10.9.9.9")
    assert (refused.code, refused.check, foreign.diagnostics["client"]) == (16, "ip", "10.9.9.9")
    unknown = refusal(rule, store, "not-a-token", 3.0, call_from("10.0.0.1"))
    assert (unknown.code, unknown.check) == (14, "token")
    expired = refusal(rule, store, token, 1000.0, call_from("10.0.0.1"))
    assert (expired.code, expired.check) == (13, "token")


def test_ras_v2_check_codes_agree_with_its_token_rule() -> None:
    """ras/v2's token check answers from the token rule, as every scheme's does: the spec's
    ``check_codes`` for the same checks must say the same."""
    auth = load_spec("alphaess_ras_v2", "observed").auth
    assert isinstance(auth, SortedPairsAuth)
    assert auth.check_codes["token"] == auth.token.invalid_error == auth.token.expired_error
    assert auth.check_codes["ip"] == auth.token.ip_error
