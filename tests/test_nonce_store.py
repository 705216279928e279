"""The nonce store's compact records against the dict-and-queues store it replaced, kept here as the
oracle: the same answers for any calls, clock set back included, and the rows a state file keeps."""

from __future__ import annotations

import tracemalloc
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core import nonces
from solarfakes.simulators.core.nonces import NonceStore, nonce_key
from solarfakes.simulators.core.state_entries import NonceRows, key_text


class DictNonces:
    """The store as it was: every nonce in a dict, its order in two queues."""

    def __init__(self, remember: float, bound: int) -> None:
        self.remember, self.bound = remember, bound
        self.seen: dict[int, float] = {}
        self.order: deque[int] = deque()
        self.stamps: deque[float] = deque()

    def use(self, scope: str, nonce: str, now: float) -> float | None:
        key = nonce_key(scope, nonce)
        while self.stamps and self.stamps[0] <= now - self.remember:
            self.drop_oldest()
        first = self.seen.get(key)
        if first is not None and abs(now - first) < self.remember:
            return first
        self.seen[key] = now
        self.order.append(key)
        self.stamps.append(now)
        while len(self.order) > self.bound:
            self.drop_oldest()
        return None

    def drop_oldest(self) -> None:
        key, stamp = self.order.popleft(), self.stamps.popleft()
        if self.seen.get(key) == stamp:
            del self.seen[key]


steps = st.lists(
    st.tuples(st.sampled_from("ab"), st.integers(0, 12), st.floats(-20, 15, allow_nan=False)), max_size=300
)


@settings(max_examples=300, deadline=None)
@given(steps, st.sampled_from([2, 3, 5, 10_000]), st.sampled_from([4, 7, 1000]), st.sampled_from([10.0, 30.0]))
def test_the_store_answers_as_the_dict_of_every_nonce_did(
    calls: list[tuple[str, int, float]], block: int, bound: int, window: float
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nonces, "MIN_BLOCK", block)
        patch.setattr(nonces, "MAX_NONCES", bound)
        store, oracle = NonceStore(window), DictNonces(window, bound)
        now = 100.0
        for scope, nonce, step in calls:
            now += step  # a negative step: the clock set back
            assert store.use(scope, f"n{nonce}", now) == oracle.use(scope, f"n{nonce}", now)
            assert len(store) == len(oracle.seen)
            remembered = zip(oracle.order, oracle.stamps, strict=True)
            assert list(store.items()) == [(key, stamp) for key, stamp in remembered if oracle.seen[key] == stamp]


def test_blocks_are_dropped_as_the_window_passes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nonces, "MIN_BLOCK", 1024)
    store = NonceStore(10.0)
    for tick in range(100_000):
        store.use("app", f"nonce-{tick}", tick / 1000)  # 1000 a second: 10,000 in a window
    assert len(store) == 10_000
    assert store.use("app", "nonce-99999", 100.0) == 99.999
    assert store.use("app", "nonce-90000", 100.0) is None  # seen at 90.0, just out of the window
    held = sum(len(block.stamps) for block in store.blocks) + len(store.recent_stamps)
    assert held < 10_000 * 1.5


def filled_store(count: int) -> tuple[NonceStore, float]:
    """A store given ``count`` new nonces, 50 a second, and the bytes it took per nonce (tracemalloc)."""
    tracemalloc.start()
    try:
        store = NonceStore(1800.0)
        before = tracemalloc.get_traced_memory()[0]
        for tick in range(count):
            store.use("app", f"nonce-{tick}", float(tick) / 50)
        return store, (tracemalloc.get_traced_memory()[0] - before) / len(store)
    finally:
        tracemalloc.stop()


def test_a_window_of_nonces_takes_about_25_bytes_each() -> None:
    store, per_nonce = filled_store(90_000)
    assert len(store) == 90_000
    assert per_nonce < 40  # the dict and queues it replaced: about 130


def test_the_latest_nonces_take_about_30_bytes_each_before_they_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    # a dict of key to position took about 100 bytes a nonce: near the store's bound, 2 MB until a freeze
    monkeypatch.setattr(nonces, "MIN_BLOCK", 30_000)
    store, per_nonce = filled_store(20_000)
    assert not store.blocks
    assert len(store) == 20_000
    assert per_nonce < 40
    assert store.use("app", "nonce-0", 400.0) == 0.0
    assert store.use("app", "nonce-19999", 400.0) == 19_999 / 50
    assert store.use("app", "nonce-20000", 400.0) is None


def test_the_rows_of_a_state_file_are_the_nonces_changed_and_those_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nonces, "MIN_BLOCK", 64)
    store = NonceStore(10.0)
    rows = NonceRows("apsystems_openapi/nonces", store)
    rows.install()
    store.use("app", "a", 1.0)
    store.use("app", "b", 2.0)
    cleared, touched, written, gone = rows.changes(False)
    assert touched == [nonce_key("app", "a"), nonce_key("app", "b")]
    assert not cleared
    assert written == [(key_text(nonce_key("app", "a")), 1.0), (key_text(nonce_key("app", "b")), 2.0)]
    assert gone == []
    for tick in range(3000):  # past the window of both, and enough to freeze them into a block and drop it
        store.use("app", f"later-{tick}", 20.0 + tick / 100)
    _, _, written, gone = rows.changes(False)
    assert {key_text(nonce_key("app", "a")), key_text(nonce_key("app", "b"))} <= set(gone)
    assert len(written) + len(gone) == 3002
    assert dict(written) == {key_text(key): stamp for key, stamp in store.items()}
    rows.give_back(False, [nonce_key("app", "a")])
    assert rows.changes(False)[3] == [key_text(nonce_key("app", "a"))]
    assert rows.changes(True)[2] == [(key_text(key), stamp) for key, stamp in store.items()]


def test_nonces_restored_from_a_state_file_are_replays_whatever_form_their_keys_were_written_in() -> None:
    store = NonceStore(10.0)
    # a pair and a text: files written before keys were texts, and before they were digests
    rows = [('["app", "old"]', 5.0), ('"app\\nnew"', 3.0), (key_text(nonce_key("app", "newest")), 4.0)]
    NonceRows("apsystems_openapi/nonces", store).restore(rows)
    assert list(store.items()) == [
        (nonce_key("app", "new"), 3.0),
        (nonce_key("app", "newest"), 4.0),
        (nonce_key("app", "old"), 5.0),
    ]
    assert store.use("app", "newest", 6.0) == 4.0
    assert store.use("app", "old", 6.0) == 5.0
    assert store.use("app", "new", 6.0) == 3.0
    assert store.use("app", "new", 13.5) is None  # the window has passed: the first record is forgotten
    assert dict(store.items()) == {
        nonce_key("app", "old"): 5.0,
        nonce_key("app", "newest"): 4.0,
        nonce_key("app", "new"): 13.5,
    }
