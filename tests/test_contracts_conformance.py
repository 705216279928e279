"""Client-server conformance (contracts/conformance.py): generated valid arguments get answers that validate
against the spec, generated invalid ones get exactly the code the spec's error tables give; and the harness
itself fails on a crash hidden behind HTTP 200, on a wrong code, and on a body off the schema."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.clients import AsyncClient
from solarfakes.contracts.callers import PLAIN_SYNC, Exchange, ReferenceCaller, Variant, auth_filled
from solarfakes.contracts.conformance import (
    Broken,
    Target,
    check_api,
    check_invalid,
    check_valid,
    judge_valid,
)
from solarfakes.contracts.generate import breakages, invalid_case, valid_args
from solarfakes.contracts.inprocess import target_for
from solarfakes.simulators.core.validate import Invalid, check_rule, check_settings, collect
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs import API_IDS, load_spec
from solarfakes.specs.model import Endpoint, Spec

FIXTURES = {api: vendor.fixture for api, vendor in VENDORS.items()}
NOW = datetime(2026, 6, 21, 10, 0, tzinfo=UTC)


def cloud_of(request: pytest.FixtureRequest, api: str) -> CloudHandle:
    handle: CloudHandle = request.getfixturevalue(FIXTURES[api])
    return handle


# --- the generators keep the spec's rules, as the simulator's own validate step reads them ------------


class FakeCall:
    """Just enough of a pipeline Call for ``collect``: the parameters as they would arrive (texts, or the
    lists and objects a JSON body holds), wherever ``collect`` looks for them: the query, the body, or
    ``raw_param`` for headers and path parameters."""

    def __init__(self, args: dict[str, Any]) -> None:
        arrived = {k: v if v is None or isinstance(v, list | dict) else str(v) for k, v in args.items()}
        self.query: dict[str, Any] = arrived
        self.body: dict[str, Any] = arrived

    def raw_param(self, name: str, location: str) -> Any:
        return self.query.get(name)


@pytest.mark.parametrize("api", API_IDS)
def test_valid_arguments_pass_the_rules_of_every_endpoint(api: str) -> None:
    spec = load_spec(api)
    for endpoint in spec.endpoints:  # auth params too: their rules are the spec's as well
        keeps_rules(spec, endpoint)


def keeps_rules(spec: Spec, endpoint: Endpoint) -> None:
    @given(args=valid_args(spec, endpoint, NOW))
    @settings(max_examples=10, deadline=None, database=None)
    def check(args: dict[str, Any]) -> None:
        typed = collect(FakeCall(args), spec, endpoint)  # type: ignore[arg-type]
        check_settings(endpoint, typed)
        for rule in endpoint.rules:
            check_rule(endpoint, rule, typed, NOW)

    check()


@pytest.mark.parametrize("api", API_IDS)
def test_an_invalid_case_breaks_exactly_the_param_it_names(api: str) -> None:
    spec = load_spec(api)
    hidden = auth_filled(spec)
    endpoints = [e for e in spec.endpoints if any(breakages(spec, p, {}) for p in e.params if p.name not in hidden)]
    assert endpoints

    @given(data=st.data())
    @settings(max_examples=25, deadline=None, database=None)
    def broken_where_said(data: st.DataObject) -> None:
        endpoint = data.draw(st.sampled_from(endpoints))
        try:
            case = data.draw(invalid_case(spec, endpoint, NOW, hidden=hidden))
        except LookupError:
            return
        auth_params = {k: v for k, v in data.draw(valid_args(spec, endpoint, NOW)).items() if k in hidden}
        with pytest.raises(Invalid) as refused:
            collect(FakeCall(auth_params | case.args), spec, endpoint)  # type: ignore[arg-type]
        assert refused.value.param is not None
        assert refused.value.param.name == case.param
        assert str(refused.value.code) == str(case.expected.code)

    broken_where_said()


@pytest.mark.parametrize("api", API_IDS)
def test_every_pattern_breakage_is_refused_by_the_pattern(api: str) -> None:
    """Each pattern's "not matching" value really falls outside it (Growatt's comma list of inverter SNs
    once took the first candidate, so a sampled invalid case was valid and the suite flaked)."""
    spec = load_spec(api)
    checked = 0
    for endpoint in spec.endpoints:
        for param in endpoint.params:
            for value, expected in breakages(spec, param, {}):
                if "not matching" in expected.why:
                    assert param.pattern is not None
                    assert not re.fullmatch(param.pattern, value), (endpoint.id, param.name, value)
                    checked += 1
    assert checked == sum(
        1 for e in spec.endpoints for p in e.params if p.type == "string" and p.pattern and not p.enum
    )


# --- the harness fails where it must ----------------------------------------------------------------------


def test_a_crash_behind_http_200_fails_the_valid_suite(
    growatt_cloud: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(call: Any, sim: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(growatt_cloud.simulator.vendor.handlers, "plant_list", broken)
    target = target_for(growatt_cloud)
    outcome = check_valid(target, growatt_cloud.spec.endpoint("plant_list"), 3)
    target.close()
    assert growatt_cloud.simulator.crashes > 0
    growatt_cloud.expected_crashes = growatt_cloud.simulator.crashes  # provoked on purpose
    assert outcome.status == "fail"
    assert "simulator crashed" in outcome.failures[0]


def test_a_wrong_code_for_a_broken_param_fails_the_invalid_suite(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(10011, endpoint="plant_details", times=100)  # every answer: permission denied
    target = target_for(growatt_cloud)
    outcome = check_invalid(target, growatt_cloud.spec.endpoint("plant_details"), 3)
    target.close()
    assert outcome.status == "fail"
    assert "got 10011" in outcome.failures[0]


def test_a_body_off_the_schema_names_the_field_and_both_values(growatt_cloud: CloudHandle) -> None:
    target = target_for(growatt_cloud)
    endpoint = growatt_cloud.spec.endpoint("plant_details")
    body = (b'{"data": {"name": "x", "user_id": 1, "country": "DE", "longitude": "8.6", "latitude": "48.0", '
            b'"create_date": "2024-01-01", "image_url": null, "peak_power": "3.5", "currency": "1", '
            b'"timezone": "Europe/Berlin"}, "error_code": 0, "error_msg": ""}')  # fmt: skip
    exchange = Exchange("GET", endpoint.path, 200, {}, body)
    with pytest.raises(Broken) as broken:
        judge_valid(target, endpoint, {"plant_id": 1}, exchange)
    target.close()
    [difference] = broken.value.found
    assert (difference.field, difference.rule, difference.spec, difference.server) == (
        "data/peak_power",
        "type",
        "number",
        "3.5",
    )
    assert "data/peak_power: spec type 'number', server sent '3.5'" in str(broken.value)


def test_an_undeclared_code_for_valid_arguments_fails(growatt_cloud: CloudHandle) -> None:
    target = target_for(growatt_cloud)
    endpoint = growatt_cloud.spec.endpoint("plant_list")
    exchange = Exchange("GET", endpoint.path, 200, {}, b'{"data": "", "error_code": 10008, "error_msg": "?"}')
    with pytest.raises(Broken, match="code 10008 for valid arguments"):
        judge_valid(target, endpoint, {}, exchange)
    target.close()


def test_read_only_runs_skip_writes_and_say_so(growatt_cloud: CloudHandle) -> None:
    target = target_for(growatt_cloud)
    outcomes = check_api(target, writes=False, endpoints=["plant_list", "plant_delete"], valid=2, invalid=2)
    target.close()
    by_key = {(o.endpoint, o.suite): o for o in outcomes}
    assert by_key["plant_delete", "valid"].status == "skip"
    assert by_key["plant_delete", "valid"].skipped == "writes: read-only run"
    assert by_key["plant_list", "valid"].status == "pass"
    assert by_key["plant_list", "valid"].successes == 2
    assert growatt_cloud.journal.entries("plant_delete") == []


# --- every endpoint of every API, both profiles, through every kind of reference client -------------------------

# The sync client in each API's every mode (iSolarCloud: plain and encrypted), and the async client likewise: the
# same per-endpoint checks, so an answer the async client's requests get is judged against the schema too.
SYNC = [(api, Variant()) for api in API_IDS] + [("isolarcloud", Variant(mode="encrypted"))]
ASYNC = [(api, Variant(client="async")) for api in API_IDS] + [("isolarcloud", Variant("async", "encrypted"))]


def case_id(value: Any) -> str:
    return (value.label or "sync") if isinstance(value, Variant) else str(value)


def run_all(handle: CloudHandle, variant: Variant = PLAIN_SYNC) -> list[Any]:
    target: Target = target_for(handle, variant)
    try:
        return check_api(target, writes=True)
    finally:
        target.close()


def assert_conforms(handle: CloudHandle, profile: str, outcomes: list[Any]) -> None:
    failures = [f"{o.endpoint} ({o.suite}): {o.failures[0]}" for o in outcomes if o.status == "fail"]
    assert not failures, "\n".join(failures)
    valid = [o for o in outcomes if o.suite == "valid"]
    assert {o.endpoint for o in valid} == {e.id for e in handle.spec.endpoints if profile in e.profiles}
    assert all(o.calls > 0 for o in valid)
    assert sum(o.successes for o in valid) > len(valid) // 2, "most endpoints answered a success at least once"


def assert_sent_in(handle: CloudHandle, variant: Variant) -> None:
    """Every API call went out in the variant's mode (the consent page is a web page, never encrypted)."""
    calls = [e for e in handle.journal.entries() if e.endpoint is not None]
    assert calls
    if variant.mode == "encrypted":
        key_header = handle.spec.auth.encryption.key_header  # type: ignore[union-attr]
        assert all(key_header in e.headers for e in calls)


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["observed", "documented"])
@pytest.mark.parametrize(("api", "variant"), SYNC + ASYNC, ids=case_id)
def test_every_endpoint_conforms(request: pytest.FixtureRequest, api: str, variant: Variant, profile: str) -> None:
    request.applymarker(pytest.mark.solarfakes(profile=profile))
    handle = cloud_of(request, api)
    assert_conforms(handle, profile, run_all(handle, variant))
    assert_sent_in(handle, variant)


def test_isolarcloud_device_calls_reach_a_success_with_the_accounts_devices(isolarcloud: CloudHandle) -> None:
    """The credentials name the account's device uuids and serials, so the parameter-setting calls and the
    communication-device lookup are checked on their success answers, not only on refusals (010)."""
    credentials = isolarcloud.credentials
    assert credentials["device_uuids"]
    assert credentials["device_sns"]
    endpoints = ["platform_paramSettingCheck", "platform_paramSetting", "getCommunicationDevInfoByDevSn"]
    target = target_for(isolarcloud, PLAIN_SYNC)
    try:
        outcomes = [check_valid(target, isolarcloud.spec.endpoint(e), 10) for e in endpoints]
    finally:
        target.close()
    for outcome in outcomes:
        assert outcome.status == "pass", (outcome.endpoint, outcome.failures)
        assert outcome.successes > 0, (outcome.endpoint, outcome.refusals)


@pytest.mark.parametrize("variant", [Variant(), Variant(mode="encrypted"), Variant("async", "encrypted")], ids=case_id)
def test_isolarcloud_conformance_opens_its_sessions_through_the_client(
    isolarcloud: CloudHandle, variant: Variant
) -> None:
    """No raw caller: the reference client logs in, exchanges a code from the consent page for the OAuth2
    tokens and refreshes with the token it holds, once each per connection, in plain or encrypted mode; the
    token call itself gets fresh consent-page codes, so its successes are checked against the schema too."""
    target = target_for(isolarcloud, variant)
    endpoints = ["getPowerStationList", "platform_queryPowerStationList", "apiManage_refreshToken", "apiManage_token"]
    caller = target.caller
    assert isinstance(caller, ReferenceCaller)
    assert isinstance(caller.client, AsyncClient) == (variant.client == "async")
    try:
        outcomes = [check_valid(target, isolarcloud.spec.endpoint(e), 3) for e in endpoints]
    finally:
        target.close()
    # the token call draws nothing but its code: hypothesis sees few distinct cases and stops there
    assert [(o.endpoint, o.calls, o.successes) for o in outcomes[:3]] == [(e, 3, 3) for e in endpoints[:3]]
    assert outcomes[3].calls == outcomes[3].successes > 0
    entries = isolarcloud.journal.entries()
    consents = [e for e in entries if e.path == "/authorized-app"]
    assert entries[0] is consents[0], "the connection starts with a code from the consent page"
    assert {e.status for e in consents} == {302}
    assert len(consents) > outcomes[3].calls, "one for the client, and one per token call of the suite"
    calls = [e for e in entries if e.endpoint is not None]
    opened = [e.endpoint for e in calls if e.endpoint in ("login", "apiManage_token")]
    assert opened == ["login"] + ["apiManage_token"] * (1 + outcomes[3].calls), "one login, one exchange of its own"
    assert [e.error_code for e in calls] == [None] * len(calls)
    keys = isolarcloud.credentials["encrypted_app"] if variant.mode == "encrypted" else isolarcloud.credentials
    assert {e.headers["x-access-key"] for e in calls} == {keys["access_key"]}
    assert_sent_in(isolarcloud, variant)


@pytest.mark.solarfakes(profile="documented")
def test_growatt_documented_profile_answers_the_documents_types_and_dates(growatt_cloud: CloudHandle) -> None:
    """Found by the conformance suite: the documented profile answered MIN inverters as type 7 and month or
    year energy rows as YYYY-MM / YYYY, neither of which the document's schema allows."""
    client = growatt_cloud.reference_client()
    plant = growatt_cloud.credentials["plant_ids"][0]
    assert {d["type"] for d in client.device_list(plant_id=plant)["devices"]} <= {1, 2, 3}
    energy = client.plant_energy(plant_id=plant, start_date="2026-01-10", end_date="2026-06-20", time_unit="month")
    assert [row["date"] for row in energy["energys"]][:2] == ["2026-01-01", "2026-02-01"]
