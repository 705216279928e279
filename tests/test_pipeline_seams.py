"""The pipeline's seams: decoding inside the error handling, headers beside the body, handlers that
may only answer the codes their endpoint declares, paged answers laid out by the spec."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from conftest import alpha_signed
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.pipeline import CRASH_HEADER, Simulator, query_params
from solarfakes.simulators.core.vendor import Vendor, WebRoute
from solarfakes.simulators.pytest_plugin import SyncASGITransport
from solarfakes.simulators.vendors import VENDORS


def cloud_with(api: str, endpoint_id: str, handler: Any) -> Cloud:
    """A cloud whose ``endpoint_id`` handler is replaced, everything else as shipped."""
    vendor: Vendor = VENDORS[api]
    patched = dataclasses.replace(vendor, handlers={**vendor.handlers, endpoint_id: handler})
    return Cloud({**VENDORS, api: patched}, [api], limits=False)


def alpha_client(cloud: Cloud) -> httpx.Client:
    creds = cloud.credentials()["alphaess_openapi"]
    headers = alpha_signed(creds, str(int(cloud.clock.timestamp())))
    return httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers=headers)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"sysSn": ', "not valid JSON"),
        (b'{"sysSn": NaN}', "NaN is not a JSON number"),
        (b'{"sysSn": Infinity}', "Infinity is not a JSON number"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_an_undecodable_body_gets_the_vendors_code_and_the_journal_says_why(body: bytes, problem: str) -> None:
    cloud = Cloud(VENDORS, ["alphaess_openapi"], limits=False)
    with alpha_client(cloud) as http:
        answer = http.post("/api/updateChargeConfigInfo", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["code"] == 6001
    entry = cloud.journal.query(endpoint="updateChargeConfigInfo")[-1]
    assert entry.diagnostics["check"] == "decode"
    assert problem in entry.diagnostics["problem"]
    assert cloud.journal.query()[-1].as_json()  # the journal stays readable


def test_an_api_without_a_code_for_bad_bodies_answers_400_in_plain_words() -> None:
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=False)
    token = cloud.credentials()["growatt_v1"]["token"]
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        answer = http.post(
            "/v1/user/check_user",
            content=b'{"user_name": ',
            headers={"token": token, "content-type": "application/json"},
        )
    assert answer.status_code == 400
    assert "not valid JSON" in answer.json()["solarfakes_error"]


def test_a_handler_adds_response_headers() -> None:
    shipped = VENDORS["alphaess_openapi"].handlers["getEssList"]

    def with_header(call: RoutedCall, sim: Simulator) -> Any:
        call.add_header("X-Request-Id", "abc123")
        return shipped(call, sim)

    cloud = cloud_with("alphaess_openapi", "getEssList", with_header)
    with alpha_client(cloud) as http:
        answer = http.get("/api/getEssList")
    assert answer.json()["code"] == 200
    assert answer.headers["x-request-id"] == "abc123"


def test_an_undeclared_code_from_a_handler_is_a_simulator_bug() -> None:
    def undeclared(call: RoutedCall, sim: Simulator) -> Any:
        raise VendorError(6046)  # a bind code, not one getEssList declares

    cloud = cloud_with("alphaess_openapi", "getEssList", undeclared)
    with alpha_client(cloud) as http:
        answer = http.get("/api/getEssList")
    assert answer.json()["code"] == 6026  # the vendor's internal error, as the real server would answer
    entry = cloud.journal.query(endpoint="getEssList")[-1]
    assert entry.diagnostics["check"].startswith("simulator bug")


def test_a_declared_code_from_a_handler_passes_through() -> None:
    def declared(call: RoutedCall, sim: Simulator) -> Any:
        raise VendorError(6005)

    cloud = cloud_with("alphaess_openapi", "getLastPowerData", declared)
    sn = cloud.credentials()["alphaess_openapi"]["system_sns"][0]
    with alpha_client(cloud) as http:
        assert http.get("/api/getLastPowerData", params={"sysSn": sn}).json()["code"] == 6005


def test_a_nan_in_a_payload_is_a_simulator_bug_never_sent() -> None:
    def not_a_number(call: RoutedCall, sim: Simulator) -> Any:
        return [{"sysSn": "x", "popv": float("nan")}]

    cloud = cloud_with("alphaess_openapi", "getEssList", not_a_number)
    with alpha_client(cloud) as http:
        answer = http.get("/api/getEssList")
    assert "NaN" not in answer.text
    assert answer.json()["code"] == 6026
    assert cloud.journal.query(endpoint="getEssList")[-1].diagnostics["check"].startswith("simulator bug")


def test_a_page_is_laid_out_under_the_specs_fields() -> None:
    cloud = Cloud(VENDORS, ["growatt_v1"], plants=25, limits=False)
    token = cloud.credentials()["growatt_v1"]["token"]
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token}) as http:
        first = http.get("/v1/plant/list", params={"page": 1, "perpage": 10}).json()["data"]
        last = http.get("/v1/plant/list", params={"page": 3, "perpage": 10}).json()["data"]
    assert first["count"] == last["count"] == 25
    assert len(first["plants"]) == 10
    assert len(last["plants"]) == 5


def test_the_request_serial_in_the_body_is_echoed_in_the_header() -> None:
    cloud = Cloud(VENDORS, ["isolarcloud"], limits=False)
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        answer = http.post("/openapi/getPowerStationList", json={})
    serial = answer.json()["req_serial_num"]
    assert len(serial) == 32
    assert answer.headers["x-log-requestid"] == serial


def growatt_client(cloud: Cloud) -> httpx.Client:
    token = cloud.credentials()["growatt_v1"]["token"]
    return httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token})


def daily_calls(cloud: Cloud) -> int:
    counters = cloud.simulator("growatt_v1").meter.snapshot()
    return sum(c["calls"] for c in counters if c["limit"] == "plant_daily_quota")


def test_an_armed_fault_answers_before_the_meter_and_uses_no_quota() -> None:
    """Issue 10: on a default serve (limits on) the README's fault example was answered by the natural
    rate limit, the fault stayed unfired, and a call a fault answered still used up quota."""
    clock = SimClock()
    clock.freeze(datetime(2026, 6, 21, 12, 0, tzinfo=UTC))  # advance(301) must not cross a new day's quota
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=True, clock=clock)
    with growatt_client(cloud) as http:
        assert http.get("/v1/plant/list").json()["error_code"] == 0
        assert http.get("/v1/plant/list").json()["error_code"] == 10012  # the 5-minute rule, naturally
        cloud.arm_fault(api="growatt_v1", endpoint="plant_list", code=10001, times=2)
        assert http.get("/v1/plant/list").json()["error_code"] == 10001
        assert http.get("/v1/plant/list").json()["error_code"] == 10001
        assert cloud.faults.listing() == []
        assert daily_calls(cloud) == 1
        cloud.clock.advance(301)
        cloud.arm_fault(api="growatt_v1", endpoint="plant_list", http_status=503, body="busy", times=1)
        assert http.get("/v1/plant/list").status_code == 503
        assert http.get("/v1/plant/list").json()["error_code"] == 0, "the fault's call left the 5-minute window free"
        assert daily_calls(cloud) == 2


def test_a_latency_fault_answers_nothing_so_its_call_is_metered() -> None:
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=True)
    cloud.arm_fault(api="growatt_v1", endpoint="plant_list", latency_ms=1, times=2)
    with growatt_client(cloud) as http:
        assert http.get("/v1/plant/list").json()["error_code"] == 0
        assert http.get("/v1/plant/list").json()["error_code"] == 10012
    assert daily_calls(cloud) == 1


def test_a_fault_answered_with_its_call_is_journaled_as_the_calls_fault() -> None:
    """A call is admitted and answered in one piece of work (an armed latency parts the two): the fault
    the answer raises is the call's journaled fault either way, and its error is the vendor's envelope."""
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=False)
    cloud.arm_fault(api="growatt_v1", endpoint="plant_list", code=10001, times=1)
    cloud.arm_fault(api="growatt_v1", endpoint="plant_list", code=10001, latency_ms=1, times=1)
    with growatt_client(cloud) as http:
        answers = [http.get("/v1/plant/list").json() for _ in range(3)]
    assert [answer["error_code"] for answer in answers] == [10001, 10001, 0]
    entries = cloud.journal.query(api="growatt_v1", endpoint="plant_list")
    faults = [entry.fault for entry in entries]
    assert [fault["latency_ms"] if fault else None for fault in faults] == [0, 1, None]
    assert [fault["code"] if fault else None for fault in faults] == [10001, 10001, None]
    assert [entry.diagnostics.get("check") for entry in entries] == ["fault", "fault", None]


def test_growatt_blocks_every_endpoint_for_minutes_after_a_burst() -> None:
    """Issue 10 / vendor-reality growatt §3: after a burst, every endpoint is blocked for several minutes."""
    cloud = Cloud(VENDORS, ["growatt_v1"], limits=True)
    plant = cloud.credentials()["growatt_v1"]["plant_ids"][0]
    with growatt_client(cloud) as http:
        assert http.get("/v1/plant/list").json()["error_code"] == 0
        burst = [http.get("/v1/plant/list").json()["error_code"] for _ in range(6)]
        assert burst == [10012] * 6
        blocked = http.get("/v1/device/list", params={"plant_id": plant}).json()
        assert blocked == {"data": "", "error_code": 10012, "error_msg": "error_frequently_access"}
        assert cloud.journal.query()[-1].diagnostics["limit"] == "burst_lockout"
        cloud.clock.advance(301)
        assert http.get("/v1/device/list", params={"plant_id": plant}).json()["error_code"] == 0
        assert http.get("/v1/plant/list").json()["error_code"] == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"a": [1.0, {"b": float("nan")}]},
        {"a": (1, float("inf"))},
        [{"x": -float("inf")}],
    ],
)
def test_a_non_json_number_anywhere_in_an_answer_is_refused_by_the_encoder(payload: Any) -> None:
    from solarfakes.simulators.core.codecs.json_bytes import dumps

    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps(payload)


def test_the_encoder_writes_what_orjson_refuses_as_the_standard_library_does() -> None:
    import json

    from solarfakes.simulators.core.codecs.json_bytes import dumps

    assert json.loads(dumps({"big": 10**30, 1: "int key", "s": "x\ud800"}).decode("ascii")) == {
        "big": 10**30,
        "1": "int key",
        "s": "x\ud800",
    }
    assert dumps({"e": "é", "t": (1, 2), "f": 0.5}) == '{"e":"é","t":[1,2],"f":0.5}'.encode()


def test_counters_stay_bounded_whatever_values_a_client_invents() -> None:
    """Issue 11: a client sending a new sysSn per call grew the meter by 1.2 KB per call, with no plateau."""
    from solarfakes.simulators.core.meter import MAX_COUNTERS

    cloud = Cloud(VENDORS, ["alphaess_openapi"], limits=True)
    meter = cloud.simulator("alphaess_openapi").meter
    for n in range(MAX_COUNTERS + 5_000):
        meter.check("primary", "getLastPowerData", {"sysSn": f"invented-{n}"})
    assert len(meter.counters) == MAX_COUNTERS


def cloud_with_page(handler: Any) -> Cloud:
    """An iSolarCloud cloud whose consent page is served by ``handler``."""
    vendor: Vendor = VENDORS["isolarcloud"]
    patched = dataclasses.replace(vendor, web_routes=(WebRoute("/authorized-app", handler, profiles=("observed",)),))
    return Cloud({**VENDORS, "isolarcloud": patched}, ["isolarcloud"], limits=False)


def test_a_failing_vendor_page_is_a_crash_like_any_api_call() -> None:
    def broken(request: Request, sim: Simulator) -> Response:
        raise KeyError("a bug in the page")

    cloud = cloud_with_page(broken)
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        page = http.get("/authorized-app", params={"applicationId": "any"})
        health = http.get("/_solarfakes/health").json()
    assert page.status_code == 500
    assert "Traceback" not in page.text
    assert "a bug in the page" not in page.text
    entry = cloud.journal.query(api="isolarcloud")[-1]
    assert page.headers[CRASH_HEADER] == str(entry.id)
    assert entry.crash
    assert not entry.success
    assert entry.path == "/authorized-app"
    assert entry.status == 500
    assert entry.diagnostics["check"].startswith("simulator bug")
    assert health["crashes"]["isolarcloud"] == 1


def test_a_vendor_page_is_journaled_and_its_body_bounded() -> None:
    cloud = Cloud(VENDORS, ["isolarcloud"], limits=False)
    appkey = cloud.credentials()["isolarcloud"]["appkey"]
    limit = cloud.body_limits.max_bytes
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        query = {"cloudId": "1", "applicationId": appkey, "redirectUrl": "https://app.example/cb"}
        consent = http.get("/authorized-app", params=query)
        oversize = http.request("GET", "/authorized-app", params=query, content=b"x" * (limit + 1))
    assert consent.status_code == 302
    assert CRASH_HEADER not in consent.headers
    assert oversize.status_code == 413
    assert CRASH_HEADER not in oversize.headers
    first, second = cloud.journal.query(endpoint="/authorized-app")
    assert (first.status, first.success, first.crash) == (302, True, False)
    assert first.query["applicationId"] == appkey
    assert first.as_json()["headers"]
    assert (second.status, second.success, second.body_length) == (413, False, 0)
    assert cloud.simulator("isolarcloud").crashes == 0


@given(st.lists(st.text(alphabet="ab=&;%+2 \u00e9", max_size=6), max_size=5).map("&".join))
def test_query_params_reads_a_query_as_parse_qsl_does(text: str) -> None:
    assert query_params(text) == dict(parse_qsl(text, keep_blank_values=True))
