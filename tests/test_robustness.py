"""Generated requests, valid and invalid, never get a server error, and every answer is the vendor's envelope."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import schemathesis
from conftest import alpha_headers
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from test_apsystems import sign_case as apsystems_sign_case
from test_isolarcloud import sign_case as isolarcloud_sign_case
from test_rasv2 import sign_case as rasv2_sign_case

from solarfakes.contracts.schema_check import ContractViolation, check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs.openapi import export_openapi

Credentials = Callable[[CloudHandle], dict[str, str]]
CREDENTIALS: dict[str, Credentials] = {
    "growatt_v1": lambda cloud: {"token": cloud.credentials["token"]},
    "alphaess_openapi": lambda cloud: alpha_headers(cloud),
    "alphaess_ras_v2": lambda cloud: {},  # signs in the body: BODY_SIGNERS
    "isolarcloud": lambda cloud: {"x-access-key": cloud.credentials["access_key"], "sys_code": "901"},
    "apsystems_openapi": lambda cloud: {},  # signs per path and nonce: BODY_SIGNERS
}
FIXTURES = {api: vendor.fixture for api, vendor in VENDORS.items()}
BODY_SIGNERS: dict[str, Callable[[CloudHandle, Any], None]] = {
    "alphaess_ras_v2": rasv2_sign_case,
    "isolarcloud": isolarcloud_sign_case,
    "apsystems_openapi": apsystems_sign_case,
}


def flat_form(body: Any) -> dict[str, str]:
    """A form body as a client would send it: nested values travel as text."""
    if not isinstance(body, dict):
        return {"value": json.dumps(body)}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}


def send(http: httpx.Client, case: Any, auth: dict[str, str]) -> httpx.Response:
    headers = {k: str(v) for k, v in (case.headers or {}).items()} | auth
    kwargs: dict[str, Any] = {"params": case.query or None, "headers": headers}
    body = getattr(case, "body", None)
    if isinstance(body, bytes):
        kwargs["content"] = body
        headers["content-type"] = case.media_type or "application/octet-stream"
    elif case.media_type and "form" in case.media_type and body is not None:
        kwargs["data"] = flat_form(body)
    elif case.media_type and body is not None:
        kwargs["json"] = body
    return http.request(case.method, case.formatted_path, **kwargs)


def check_answer(cloud: CloudHandle, operation_id: str, response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert "x-solarfakes-crash" not in response.headers, f"the simulator crashed: {response.text}"
    if response.status_code == 400:
        assert response.json()["solarfakes_error"], "where the vendor has no code, a clear message"
        return
    if response.status_code != 200:
        assert response.status_code in (404, 405), response.text
        return
    body = response.json()
    endpoint_id = operation_id.split("__")[0]
    try:
        check_success(cloud.spec, "observed", endpoint_id, body)
    except ContractViolation:
        check_error(cloud.spec, "observed", endpoint_id, body)


def fuzz(cloud: CloudHandle, http: httpx.Client, api: str, operation: Any, mode: GenerationMode) -> None:
    operation_id = operation.definition.raw["operationId"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def exercise(case: Any) -> None:
        BODY_SIGNERS.get(api, lambda cloud, case: None)(cloud, case)
        check_answer(cloud, operation_id, send(http, case, CREDENTIALS[api](cloud)))

    exercise()


@pytest.mark.slow
@pytest.mark.parametrize(
    "api", ["growatt_v1", "alphaess_openapi", "alphaess_ras_v2", "isolarcloud", "apsystems_openapi"]
)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_vendor_answers(request: pytest.FixtureRequest, api: str, mode: GenerationMode) -> None:
    cloud: CloudHandle = request.getfixturevalue(FIXTURES[api])
    schema = schemathesis.openapi.from_dict(export_openapi(cloud.spec, "observed"))
    with cloud.client() as http:
        for result in schema.get_all_operations():
            operation = result.ok()
            fuzz(cloud, http, api, operation, mode)
    assert not [e for e in cloud.journal.entries() if e.diagnostics.get("check", "").startswith("simulator bug")]


def test_a_failing_handler_answers_the_vendors_internal_error(
    growatt_cloud: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(call: Any, sim: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", broken)
    growatt_cloud.expected_crashes = 1
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        response = http.get("/v1/plant/list")
    assert response.status_code == 200
    assert response.json() == {"data": "", "error_code": 10001, "error_msg": "System error"}
    assert "boom" not in response.text
    assert growatt_cloud.journal.last().diagnostics["check"].startswith("simulator bug")


def test_malformed_json_body_is_a_parameter_error(alphacloud: CloudHandle) -> None:
    with alphacloud.client() as http:
        response = http.post(
            "/api/updateChargeConfigInfo",
            content=b'{"sysSn": "AL', headers={**alpha_headers(alphacloud), "content-type": "application/json"},
        )  # fmt: skip
    assert response.json()["code"] == 6001


def test_state_survives_bad_writes(growatt_cloud: CloudHandle) -> None:
    token = growatt_cloud.credentials["token"]
    with growatt_cloud.client(headers={"token": token}) as http:
        before = http.get("/v1/plant/list").json()["data"]
        assert http.post("/v1/plant/add", data={"c_user_id": "x", "name": "n", "peak_power": "1"}).status_code == 400
        assert (
            http.post("/v1/plant/add", data={"c_user_id": 1, "name": "n", "peak_power": "1"}).json()["error_code"]
            == 10005
        )
        assert http.post("/v1/plant/modify", data={"c_user_id": growatt_cloud.credentials["c_user_ids"][0],
                                                   "plant_id": before["plants"][0]["plant_id"], "name": "", "peak_power": "x"}).json()["error_code"] != 0  # fmt: skip
        assert http.get("/v1/plant/list").json()["data"] == before


@pytest.mark.slow
def test_growatt_token_never_expires(growatt_cloud: CloudHandle) -> None:
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        growatt_cloud.clock.advance(400 * 86400)
        assert http.get("/v1/plant/list").json()["error_code"] == 0


def test_every_endpoint_error_answers_with_the_endpoints_own_meaning(growatt_cloud: CloudHandle) -> None:
    from test_growatt import send as send_growatt
    from test_growatt import valid_calls

    calls = valid_calls(growatt_cloud.credentials)
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        for endpoint in growatt_cloud.spec.endpoints:
            for ref in endpoint.errors:
                growatt_cloud.faults.arm(ref.code, endpoint=endpoint.id, times=1)
                body = send_growatt(http, calls[endpoint.id])
                expected = ref.message or growatt_cloud.spec.error(ref.code).message
                assert body == {"data": "", "error_code": int(ref.code), "error_msg": expected}, endpoint.id


@pytest.mark.parametrize("body", [b'{"sysSn": ' + b"9" * 5000 + b"}", b"[" * 100_000, b'{"sysSn": "\xff\xfe"}'])
def test_hostile_json_bodies_are_parameter_errors(alphacloud: CloudHandle, body: bytes) -> None:
    with alphacloud.client() as http:
        response = http.post(
            "/api/updateChargeConfigInfo",
            content=body,
            headers={**alpha_headers(alphacloud), "content-type": "application/json"},
        )
    assert response.status_code == 200
    assert response.json()["code"] == 6001


def test_a_sign_that_is_not_ascii_is_a_sign_error(alphacloud: CloudHandle) -> None:
    headers: dict[str, Any] = dict(alpha_headers(alphacloud))
    headers["sign"] = ("\u00e9" * 8).encode()
    with alphacloud.client() as http:
        response = http.get("/api/getEssList", headers=headers)
    assert response.json()["code"] == 6007


# --- issue 12: bounded bodies, crashes made visible, the smaller defects -------------------------------------


def test_an_oversize_body_is_refused_unread_with_413(growatt_cloud: CloudHandle) -> None:
    limit = growatt_cloud.cloud.body_limits.max_bytes
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        answer = http.post("/v1/plant/add", content=b"x" * (limit + 1))
        assert answer.status_code == 413
        assert str(limit) in answer.json()["solarfakes_error"]
        admin = http.post("/_solarfakes/faults", content=b'{"message": "' + b"m" * 70_000 + b'"}')
        assert admin.status_code == 413
        assert http.post("/v1/plant/add", content=b"x" * limit).status_code == 200  # at the limit: read


def streamed(chunks: list[bytes]) -> Any:
    """An ASGI receive that sends ``chunks`` and then never sends the rest (a truncated body)."""
    import anyio

    async def receive() -> dict[str, Any]:
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": True}
        await anyio.sleep(3600)
        return {"type": "http.disconnect"}

    return receive


def test_a_truncated_body_is_not_waited_on_forever(growatt_cloud: CloudHandle) -> None:
    import anyio

    growatt_cloud.cloud.body_limits.timeout_seconds = 0.2
    token = growatt_cloud.credentials["token"].encode()
    for path in ("/v1/plant/add", "/_solarfakes/faults"):
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any], into: list[dict[str, Any]] = sent) -> None:
            into.append(message)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"token", token), (b"content-length", b"100"), (b"content-type", b"application/json")],
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
        }  # fmt: skip

        async def run(scope: dict[str, Any] = scope, send: Any = send) -> None:
            with anyio.fail_after(5):
                await growatt_cloud.app(scope, streamed([b'{"api": ']), send)

        anyio.run(run)
        assert sent[0]["status"] == 408, path


def test_a_crash_is_visible_in_a_header_the_journal_and_health(
    growatt_cloud: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(call: Any, sim: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", broken)
    growatt_cloud.expected_crashes = 1
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        answer = http.get("/v1/plant/list")
        fine = http.get("/v1/plant/details", params={"plant_id": growatt_cloud.credentials["plant_ids"][0]})
        health = http.get("/_solarfakes/health").json()
        crashed = http.get("/_solarfakes/journal", params={"endpoint": "plant_list"}).json()["entries"][0]
    assert answer.status_code == 200  # the vendor's own internal-error envelope
    assert answer.headers["x-solarfakes-crash"] == str(crashed["id"])
    assert "x-solarfakes-crash" not in fine.headers
    assert crashed["crash"] is True
    assert health["crashes"] == {"growatt_v1": 1}


def test_the_fixture_fails_a_test_whose_simulator_crashed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_crash(growatt_cloud, monkeypatch):
            def broken(call, sim):
                raise RuntimeError("boom")
            monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", broken)
            with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
                assert http.get("/v1/plant/list").status_code == 200

        def test_expected(growatt_cloud, monkeypatch):
            monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", lambda call, sim: 1 / 0)
            growatt_cloud.expected_crashes = 1
            with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
                http.get("/v1/plant/list")
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*the growatt_v1 simulator crashed 1 time(s) during this test*"])


@pytest.mark.parametrize("status", [100, 101, 199])
def test_an_interim_http_status_cannot_be_armed(growatt_cloud: CloudHandle, status: int) -> None:
    from solarfakes.simulators.core.faults import FaultError

    with pytest.raises(FaultError, match="from 200 to 599"):
        growatt_cloud.faults.arm(http_status=status)


@pytest.mark.parametrize("status", [204, 304])
def test_an_answer_without_a_body_is_sent_without_one(growatt_cloud: CloudHandle, status: int) -> None:
    from solarfakes.simulators.core.faults import FaultError

    with pytest.raises(FaultError, match="no body"):
        growatt_cloud.faults.arm(http_status=status, body="text")
    growatt_cloud.faults.arm(http_status=status, times=1)
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        answer = http.get("/v1/plant/list")
    assert answer.status_code == status
    assert answer.content == b""
    assert "content-length" not in answer.headers or answer.headers["content-length"] == "0"


@pytest.mark.parametrize(("api", "path"), [("growatt_v1", "/v1/plant/list"), ("alphaess_openapi", "/api/getEssList")])
def test_a_wrong_method_is_answered_405_with_allow(request: pytest.FixtureRequest, api: str, path: str) -> None:
    cloud: CloudHandle = request.getfixturevalue(FIXTURES[api])
    with cloud.client() as http:
        answer = http.delete(path)
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET"


def test_an_impossible_date_of_the_right_layout_gets_the_vendors_parameter_error(growatt_cloud: CloudHandle) -> None:
    """0000-00-00 fits the exported schema's pattern: schemathesis sends it as a valid value."""
    from test_growatt import valid_calls

    _, path, params = valid_calls(growatt_cloud.credentials)["device_inverter_alarm"]
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        answer = http.get(path, params={**params, "date": "0000-00-00"})
        malformed = http.get(path, params={**params, "date": "20-06-2026"})
    assert answer.status_code == 200
    assert answer.json()["error_code"] == 10002
    assert malformed.status_code == 400  # a value the schema itself refuses: no code of the vendor's


def test_an_integer_past_the_float_range_is_a_parameter_error(alphacloud: CloudHandle) -> None:
    from test_alphacloud import CHARGE

    sn = alphacloud.credentials["system_sns"][0]
    huge = json.dumps({"sysSn": sn, **CHARGE})[:-1].encode() + b', "batHighCap": 1' + b"0" * 400 + b"}"
    with alphacloud.client() as http:
        answer = http.post(
            "/api/updateChargeConfigInfo",
            content=huge,
            headers={**alpha_headers(alphacloud), "content-type": "application/json"},
        )
    assert answer.json()["code"] == 6001
    assert "x-solarfakes-crash" not in answer.headers


@pytest.mark.parametrize(
    ("http_version", "headers"),
    [("1.1", [(b"transfer-encoding", b"chunked")]), ("2", []), ("1.1", [(b"content-length", b"22")])],
)
def test_a_body_without_a_length_is_still_read(
    growatt_cloud: CloudHandle, http_version: str, headers: list[tuple[bytes, bytes]]
) -> None:
    """Only an HTTP/1.x request with neither Content-Length nor Transfer-Encoding is known to have no body."""
    import anyio

    chunks = [b"user_name=", b"nobody_at_all"]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    token = growatt_cloud.credentials["token"].encode()
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": http_version, "method": "POST", "scheme": "http",
        "path": "/v1/user/check_user", "raw_path": b"/v1/user/check_user", "query_string": b"", "root_path": "",
        "headers": [(b"token", token), (b"content-type", b"application/x-www-form-urlencoded"), *headers],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    anyio.run(growatt_cloud.app, scope, receive, send)
    assert sent[0]["status"] == 200
    assert growatt_cloud.journal.last().body == {"user_name": "nobody_at_all"}
