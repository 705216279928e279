"""Shortcuts the pipeline takes on every call to save time (issue 11, in process), each checked against the
longer way it replaced: same decisions, same bytes, same counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.body import Arrival, read_body
from solarfakes.simulators.core.codecs.json_bytes import ORJSON_OPTIONS, Encoded
from solarfakes.simulators.core.envelope_bytes import nulls_outside
from solarfakes.simulators.core.meter import DIGITS, Meter
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.isolarcloud import backend
from solarfakes.simulators.world import World
from solarfakes.specs import load_spec

# the clock's range (clock.py: 1971-01-01 to 2199-12-31)
INSTANTS = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 12, 31, 23, 59, 59, 999999))


@given(INSTANTS)
@settings(max_examples=2000)
def test_the_timestamp_of_an_aware_instant_needs_no_rounding_to_the_microsecond(moment: datetime) -> None:
    at = moment.replace(tzinfo=UTC).timestamp()
    assert round(at, DIGITS) == at


def metered(whole_micros: bool, steps: list[float]) -> tuple[list[Any], list[dict[str, str]], list[dict[str, Any]]]:
    """iSolarCloud's limits (a bucket, an hour, a day, a month) on calls at ``steps`` seconds apart."""
    start = datetime(2026, 6, 30, 23, 59, 58, tzinfo=UTC)
    clock = SimClock.from_option(f"frozen@{start.isoformat()}")
    meter = Meter(list(load_spec("isolarcloud", "observed").limits), clock)
    verdicts, headers = [], []
    moment = start
    for step in steps:
        moment += timedelta(seconds=step)
        reported: dict[str, str] = {}
        at = moment.timestamp()
        verdict = meter.check("primary", "getDeviceRealTimeData", {}, at, reported, whole_micros=whole_micros)
        verdicts.append(None if verdict is None else (verdict.limit.id, verdict.remaining, verdict.reset_at))
        headers.append(reported)
    return verdicts, headers, meter.snapshot()


@given(st.lists(st.sampled_from([0.0, 0.000001, 0.05, 0.1, 0.25, 1.0, 3599.9, 86400.0]), max_size=60))
@settings(max_examples=100, deadline=None)
def test_a_whole_microsecond_instant_meters_as_the_rounded_one(steps: list[float]) -> None:
    assert metered(True, steps) == metered(False, steps)


def test_a_fixed_window_still_turns_at_its_end() -> None:
    verdicts, _, snapshot = metered(True, [0.0] * 3 + [3600.0] + [0.0] * 2)
    assert [c["calls"] for c in snapshot if c["limit"] == "hourly_quota"] == [3]
    assert all(v is None for v in verdicts)


def test_an_encoded_fragment_counts_its_nulls_once() -> None:
    fragment = Encoded(b'[null,{"a":null},"nullish",1]')
    assert fragment.nulls() == 3
    assert fragment.nulls() == 3
    assert fragment.data == b'[null,{"a":null},"nullish",1]'


def test_an_arrival_reads_its_body_as_a_request_does() -> None:
    scope = {"type": "http", "http_version": "1.1", "method": "POST", "headers": [(b"content-length", b"6")]}

    def receiving() -> Any:
        parts = [b"abc", b"def"]

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": parts.pop(0), "more_body": bool(parts)}

        return receive

    async def both() -> tuple[bytes, bytes]:
        light = await read_body(Arrival(scope, receiving()), 1024, 5.0)
        full = await read_body(Request(scope, receiving()), 1024, 5.0)
        return light, full

    assert anyio.run(both) == (b"abcdef", b"abcdef")


def test_a_ps_key_found_lately_is_the_entry_its_plant_makes(monkeypatch: Any) -> None:
    monkeypatch.setattr(backend, "PLANTS_RECENT", 2)
    world = World(seed=1, plants=4, layouts={api: vendor.layout for api, vendor in VENDORS.items()})
    index = backend.index_devices(world)
    for _ in range(2):  # found by writing out ps_keys, then found again
        for plant_id in index.first_uuids:
            entries = index.of_plant(plant_id)
            assert all(index[entry.ps_key] is entry for entry in entries)
            assert all(index.get(entry.ps_key) is entry for entry in entries)
            held = {entry.plant.plant_id for entry in index.recent_keys.values()}
            assert held <= set(index.recent)
            assert len(index.recent) <= 2
    for name in ("0" + entries[0].ps_key, entries[0].ps_key + " ", "x_1", ""):
        assert index.get(name) is None


FRAGMENTS = st.sampled_from([b"null", b"[null,1]", b'{"a":null,"b":"null"}', b"[]", b'"nullish"', b"0"])
LEAVES = st.one_of(
    st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.sampled_from(["null", "x", ""]), FRAGMENTS.map(Encoded)
)
VALUES = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
)


@given(VALUES)
@settings(max_examples=500)
def test_nulls_outside_the_embedded_json_as_counting_them_finds(value: Any) -> None:
    embedded = [0]

    def counted(item: Any) -> Any:
        if isinstance(item, Encoded):
            embedded[0] += item.data.count(b"null")
            return orjson.Fragment(item.data)
        raise TypeError

    part = orjson.dumps(value, default=counted, option=ORJSON_OPTIONS)
    if b"null" in part:
        assert nulls_outside(value, embedded[0]) == (part.count(b"null") != embedded[0])
