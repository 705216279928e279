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
from solarfakes.specs.openapi import export_openapi

Credentials = Callable[[CloudHandle], dict[str, str]]
CREDENTIALS: dict[str, Credentials] = {
    "growatt_v1": lambda cloud: {"token": cloud.credentials["token"]},
    "alphaess_openapi": lambda cloud: alpha_headers(cloud),
    "alphaess_ras_v2": lambda cloud: {},  # signs in the body: BODY_SIGNERS
    "isolarcloud": lambda cloud: {"x-access-key": cloud.credentials["access_key"], "sys_code": "901"},
    "apsystems_openapi": lambda cloud: {},  # signs per path and nonce: BODY_SIGNERS
}
FIXTURES = {
    "growatt_v1": "growatt_cloud",
    "alphaess_openapi": "alphacloud",
    "alphaess_ras_v2": "rasv2_cloud",
    "isolarcloud": "isolarcloud",
    "apsystems_openapi": "apsystems_cloud",
}
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
