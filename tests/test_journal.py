"""The journal: whatever a request holds, it stays readable, and what it holds stays under its cap.

Issue 12 §1 and §4: one request with a NaN, an Infinity, a ``timeStamp: inf`` header or a body nested
hundreds deep made ``GET /_solarfakes/journal`` answer 500 until the journal was cleared, and small
bodies kept parsed took the server to 1.57 GB. The journal now keeps bytes and parses them on read.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator

import httpx
import pytest
from conftest import alpha_signed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.journal import BODY_LIMIT, Entry, Journal, kept
from solarfakes.simulators.pytest_plugin import SyncASGITransport
from solarfakes.simulators.vendors import VENDORS

HOSTILE_BODIES = [
    b'{"sysSn": NaN}',
    b'{"sysSn": Infinity, "x": -Infinity}',
    b"[" * 500 + b"]" * 500,
    b"[" * 970 + b"]" * 970,
    b'{"a":' * 900 + b"1" + b"}" * 900,
    b"[" * 100_000,
    b'{"sysSn": "\\ud800"}',  # a lone surrogate, which UTF-8 cannot carry
    b"[" + b"{}," * 10_000 + b"{}]",
    b"\xff\xfe\x00",
    b"9" * 5000,
]


@pytest.fixture(scope="module")
def cloud() -> Cloud:
    return Cloud(VENDORS, ["alphaess_openapi", "growatt_v1"], limits=False)


@pytest.fixture(scope="module")
def http(cloud: Cloud) -> Iterator[httpx.Client]:
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1") as client:
        yield client


def signed(cloud: Cloud) -> dict[str, str]:
    return alpha_signed(cloud.credentials()["alphaess_openapi"], str(int(cloud.clock.timestamp())))


def read_journal(http: httpx.Client, **params: object) -> dict[str, object]:
    answer = http.get("/_solarfakes/journal", params=params)
    assert answer.status_code == 200, answer.text
    body = json.loads(answer.content)  # strict: no NaN or Infinity
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_a_hostile_body_leaves_the_journal_readable(cloud: Cloud, http: httpx.Client, body: bytes) -> None:
    http.post(
        "/api/updateChargeConfigInfo", content=body, headers={**signed(cloud), "content-type": "application/json"}
    )
    http.post("/v1/plant/add", content=body, headers={"content-type": "application/json"})
    entries = read_journal(http, limit=2)["entries"]
    assert isinstance(entries, list)
    assert len(entries) == 2
    assert all(entry["body"] is not None for entry in entries)


@pytest.mark.parametrize("stamp", ["inf", "-inf", "nan", "1e999", "9" * 400])
def test_a_timestamp_header_json_cannot_carry_leaves_the_journal_readable(
    cloud: Cloud, http: httpx.Client, stamp: str
) -> None:
    answer = http.get("/api/getEssList", headers={**signed(cloud), "timeStamp": stamp})
    assert answer.json()["code"] != 200
    entry = read_journal(http, limit=1)["entries"][0]  # type: ignore[index]
    assert entry["diagnostics"]["check"]


def test_deep_json_in_an_admin_body_is_a_clear_400(http: httpx.Client) -> None:
    deep = b"[" * 10_000 + b"]" * 10_000  # past the parser's recursion
    nested = b'{"api": "growatt_v1", "code": 10001, "body": ' + b"[" * 900 + b"]" * 900 + b"}"
    for path in ("/faults", "/clock", "/reset"):
        for body in (deep, nested):
            answer = http.post(f"/_solarfakes{path}", content=body)
            assert answer.status_code == 400, (path, answer.text)
            assert "nested" in answer.json()["error"]
    assert http.get("/_solarfakes/faults").json()["faults"] == []


def test_the_journal_is_read_in_pages(cloud: Cloud, http: httpx.Client) -> None:
    cloud.journal.clear()
    for n in range(7):
        http.get("/v1/plant/list", params={"page": n + 1})
    latest = read_journal(http, limit=3)
    assert [e["query"]["page"] for e in latest["entries"]] == ["5", "6", "7"]  # type: ignore[index, union-attr]
    assert latest["matched"] == 7
    assert latest["next_after"] is None
    seen: list[str] = []
    after = 0
    while after is not None:
        page = read_journal(http, limit=3, after=after)
        seen += [e["query"]["page"] for e in page["entries"]]  # type: ignore[index, union-attr]
        after = page["next_after"]  # type: ignore[assignment]
    assert seen == [str(n + 1) for n in range(7)]
    assert read_journal(http)["count"] == 7  # a default page


@pytest.mark.parametrize("query", [{"limit": "-1"}, {"limit": "0"}, {"limit": "1001"}, {"limit": "x"}, {"after": "-2"}])
def test_a_page_size_out_of_range_is_refused(http: httpx.Client, query: dict[str, str]) -> None:
    answer = http.get("/_solarfakes/journal", params=query)
    assert answer.status_code == 400
    assert "must be a whole number" in answer.json()["error"]


# --- properties ----------------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
bodies = st.one_of(
    st.binary(max_size=2000),
    json_values.map(lambda v: json.dumps(v, allow_nan=True).encode()),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda n: b"[" + b"{}," * n + b"{}]"),
)


@given(
    body=bodies,
    headers=st.dictionaries(st.sampled_from(["timeStamp", "sign", "appId", "token", "x-other"]), header_text),
    query=st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=3),
    path=st.sampled_from(["/api/getEssList", "/api/updateChargeConfigInfo", "/v1/plant/add", "/v1/plant/list"]),
    method=st.sampled_from(["GET", "POST"]),
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_whatever_a_request_holds_the_journal_stays_readable(
    cloud: Cloud,
    http: httpx.Client,
    body: bytes,
    headers: dict[str, str],
    query: dict[str, str],
    path: str,
    method: str,
) -> None:
    answer = http.request(method, path, content=body, headers=headers, params=query)
    assert answer.status_code < 500, answer.text
    assert "x-solarfakes-crash" not in answer.headers
    page = read_journal(http, limit=5)
    assert page["count"] == 5 or page["count"] == page["matched"]
    assert cloud.journal.bytes <= cloud.journal.max_bytes


def realistic_entry(n: int, body: bytes, response: bytes) -> Entry:
    """An entry as the pipeline records it (bodies kept as ``kept`` keeps them)."""
    (raw_body, body_length), (raw_response, response_length) = kept(body), kept(response)
    headers = {f"x-header-{i}": f"value {n} {i}" for i in range(10)}
    query = {"sysSn": f"AL{n:010d}", "page": str(n)}
    return Entry(
        n, "alphaess_openapi", "getEssList", "POST", f"/api/getEssList/{n}", query, headers,
        raw_body, "127.0.0.1", "2026-06-21T10:00:00+00:00", 200, raw_response,
        diagnostics={"check": "validate", "problem": f"sysSn {n} is wrong"},
        body_length=body_length, response_length=response_length,
    )  # fmt: skip


@given(sizes=st.lists(st.integers(0, 3 * BODY_LIMIT), min_size=50, max_size=300))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_journal_holds_no_more_memory_than_its_cap(sizes: list[int]) -> None:
    """Measured: what the entries really allocate, bodies, dicts and strings included."""
    cap = 512 * 1024
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        journal = Journal(capacity=10_000, max_bytes=cap)
        for n, size in enumerate(sizes):
            raw = (b"[" + b"{}," * (size // 3) + b"{}]")[:size]
            journal.record(realistic_entry(n, raw, bytes(reversed(raw))))
        del raw  # what the test itself holds is not the journal's
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert journal.bytes <= cap
    assert held <= cap, f"{held} bytes held for a cap of {cap}"
    for entry in list(journal.entries)[-3:]:
        json.dumps(entry.as_json(), allow_nan=False)


def test_small_bodies_of_many_objects_stay_within_the_cap_through_the_pipeline() -> None:
    """Issue 12 §4: 32 KB bodies of ``[{},{},…]``, kept parsed, took the server to 1.57 GB."""
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=False)
    cap = 1024 * 1024
    cloud.journal.max_bytes = cap
    body = b"[" + b"{}," * 10_000 + b"{}]"
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1") as http:
        http.post("/v1/plant/add", content=body, headers={"content-type": "application/json"})
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(100):
                http.post("/v1/plant/add", content=body, headers={"content-type": "application/json"})
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert cloud.journal.bytes <= cap
    assert held < 2 * cap, f"{held} bytes held for a journal cap of {cap}"


def test_kept_bodies_hold_only_their_own_bytes() -> None:
    """A kept answer is a copy of its exact size, not the encoder's bigger buffer (orjson allocates
    4 KiB for a small answer), so the journal's byte bound is what it really holds."""
    import tracemalloc

    from solarfakes.simulators.core.codecs.json_bytes import dumps
    from solarfakes.simulators.core.journal import BODY_LIMIT, HEAD, kept

    def answer(n: int) -> bytes:
        return dumps({"code": 200, "data": {"n": n, "text": "x" * 300}})

    tracemalloc.start()
    try:
        held = [kept(answer(n)) for n in range(200)]  # each encoded answer dropped once kept
        allocated = sum(stat.size for stat in tracemalloc.take_snapshot().statistics("filename"))
    finally:
        tracemalloc.stop()
    assert all(body == answer(n) and length == len(body) for n, (body, length) in enumerate(held))
    assert allocated < 2 * sum(length for _, length in held) + 64 * 1024
    big = b"y" * (BODY_LIMIT + 1)
    assert kept(big) == (big[:HEAD], BODY_LIMIT + 1)
