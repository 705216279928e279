"""Schemathesis over every API's OpenAPI export (contracts/fuzz.py), authenticated by schemathesis's own auth
hook, with its four conformance checks and the crash check: zero failures, both profiles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from schemathesis.generation import GenerationMode

from solarfakes.contracts.fuzz import FuzzTarget, fuzz_api, fuzz_operation, load_schema
from solarfakes.contracts.inprocess import fuzz_target_for
from solarfakes.contracts.profiles import depth
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs import API_IDS

FIXTURES = {api: vendor.fixture for api, vendor in VENDORS.items()}


def operation(target: FuzzTarget, method: str, path: str) -> Any:
    schema = load_schema(target)
    return next(r.ok() for r in schema.get_all_operations() if (r.ok().method.upper(), r.ok().path) == (method, path))


@pytest.fixture
def growatt_fuzz(growatt_cloud: CloudHandle) -> Iterator[FuzzTarget]:
    target = fuzz_target_for(growatt_cloud)
    yield target
    target.close()


def test_a_crash_behind_http_200_is_a_failure(
    growatt_cloud: CloudHandle, growatt_fuzz: FuzzTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(call: Any, sim: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", broken)
    outcome = fuzz_operation(growatt_fuzz, operation(growatt_fuzz, "GET", "/v1/plant/list"), 3, GenerationMode.POSITIVE)
    assert growatt_cloud.simulator.crashes > 0
    growatt_cloud.expected_crashes = growatt_cloud.simulator.crashes  # provoked on purpose
    assert outcome.status == "fail"
    assert "the simulator crashed on GET /v1/plant/list" in outcome.failures[0]
    assert growatt_cloud.journal.last().status == 200  # schemathesis's own checks saw nothing wrong


@pytest.mark.parametrize("api", ["alphaess_openapi", "apsystems_openapi", "alphaess_ras_v2", "isolarcloud"])
def test_the_auth_hook_signs_every_request(request: pytest.FixtureRequest, api: str) -> None:
    handle: CloudHandle = request.getfixturevalue(FIXTURES[api])
    target = fuzz_target_for(handle)
    try:
        for outcome in fuzz_api(target, 2)[:3]:
            assert outcome.status == "pass", outcome.failures
    finally:
        target.close()
    from solarfakes.clients.errors import auth_error_codes

    refused = {str(e.error_code) for e in handle.journal.entries()} & auth_error_codes(handle.spec)
    assert not refused, f"requests refused by auth: {refused}"
    assert len(handle.journal.entries()) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["observed", "documented"])
@pytest.mark.parametrize("api", API_IDS)
def test_schemathesis_finds_nothing(request: pytest.FixtureRequest, api: str, profile: str) -> None:
    request.applymarker(pytest.mark.solarfakes(profile=profile))
    handle: CloudHandle = request.getfixturevalue(FIXTURES[api])
    target = fuzz_target_for(handle)
    try:
        outcomes = fuzz_api(target, depth().schemathesis_examples)
    finally:
        target.close()
    failures = [f"{o.operation}: {o.failures[0]}" for o in outcomes if o.status == "fail"]
    assert not failures, "\n\n".join(failures)
    assert all(o.calls > 0 for o in outcomes)
