"""The reference clients (solarfakes.clients) against the in-process fake clouds: a method per endpoint
that matches the spec, sync and async calls, typed errors by category, pagination, one re-login, and
bounded backoff. No test sleeps: backoff waits advance the simulated clock or are recorded."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from solarfakes.clients import (
    SUPPORTED,
    AuthError,
    BackoffPolicy,
    CredentialsError,
    GrowattClient,
    NotFoundError,
    ParameterError,
    QuotaError,
    UnexpectedResponse,
    VendorError,
    client_class,
)
from solarfakes.clients.auth import hidden_params
from solarfakes.clients.errors import error_classes, session_codes
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs import load_spec

FIXTURES = {api: vendor.fixture for api, vendor in VENDORS.items()}
NO_RETRY = BackoffPolicy(max_attempts=0)


def a_read(handle: CloudHandle) -> tuple[str, dict[str, Any]]:
    """One cheap read of each API with valid parameters."""
    creds = handle.credentials
    if handle.api == "growatt_v1":
        return "plant_details", {"plant_id": creds["plant_ids"][0]}
    if handle.api == "alphaess_openapi":
        return "getLastPowerData", {"sysSn": creds["system_sns"][0]}
    if handle.api == "apsystems_openapi":
        return "system_summary", {"sid": creds["systems"][0]["sid"]}
    if handle.api == "isolarcloud":
        return "getPowerStationDetail", {"ps_id": str(creds["plant_ids"][0])}
    return "GetRunningData", {"Sn": creds["system_sns"][0]}


def reads(handle: CloudHandle) -> list[tuple[str, dict[str, Any], Callable[[Any], bool]]]:
    """A few calls of each API and what their payload must show."""
    creds = handle.credentials
    if handle.api == "growatt_v1":
        plant = creds["plant_ids"][0]
        return [
            ("plant_list", {}, lambda p: p["count"] == len(creds["plant_ids"])),
            ("plant_details", {"plant_id": plant}, lambda p: "name" in p),
            ("device_list", {"plant_id": plant}, lambda p: isinstance(p["devices"], list)),
            (
                "plant_energy",
                {"plant_id": plant, "start_date": "2026-06-15", "end_date": "2026-06-20"},
                lambda p: p["energys"],
            ),
        ]
    if handle.api == "alphaess_openapi":
        sn = creds["system_sns"][0]
        return [
            ("getEssList", {}, lambda p: {s["sysSn"] for s in p} >= set(creds["system_sns"])),
            ("getLastPowerData", {"sysSn": sn}, lambda p: "soc" in p),
            ("getOneDateEnergyBySn", {"sysSn": sn, "queryDate": "2026-06-20"}, lambda p: p is not None),
        ]
    if handle.api == "apsystems_openapi":
        system = creds["systems"][0]
        sid, eid = system["sid"], system["ecu_ids"][0]
        return [
            ("system_details", {"sid": sid}, lambda p: p["sid"] == sid),
            ("system_summary", {"sid": sid}, lambda p: p is not None),
            (
                "ecu_energy",
                {"sid": sid, "eid": eid, "energy_level": "hourly", "date_range": "2026-06-20"},
                lambda p: len(p) == 24,
            ),
            ("inverter_summary", {"sid": sid, "uid": system["inverter_ids"][0]}, lambda p: p is not None),
        ]
    if handle.api == "isolarcloud":
        plant = creds["plant_ids"][0]
        return [
            ("getPowerStationList", {"curPage": 1, "size": 10}, lambda p: p["rowCount"] == len(creds["plant_ids"])),
            ("getPowerStationDetail", {"ps_id": str(plant)}, lambda p: p is not None),
            ("getDeviceList", {"ps_id": str(plant), "curPage": 1, "size": 10}, lambda p: p["pageList"]),
        ]
    sn = creds["system_sns"][0]
    return [
        ("GetSystemList", {}, lambda p: p["TotalCount"] >= len(creds["system_sns"])),
        ("GetRunningData", {"Sn": sn}, lambda p: p is not None),
        ("GetLastPowerData", {"Sn": sn}, lambda p: p is not None),
        ("GetEnergySummary", {"Sn": sn, "TheDate": "2026-06-20"}, lambda p: p is not None),
    ]


@pytest.fixture(params=SUPPORTED)
def cloud(request: pytest.FixtureRequest) -> CloudHandle:
    handle: CloudHandle = request.getfixturevalue(FIXTURES[request.param])
    return handle


# --- methods generated from the spec -------------------------------------------------------------------


@pytest.mark.parametrize("asynchronous", [False, True])
@pytest.mark.parametrize("api", SUPPORTED)
def test_every_endpoint_has_a_method_matching_its_params(api: str, asynchronous: bool) -> None:
    spec = load_spec(api)
    cls = client_class(api, asynchronous=asynchronous)
    for endpoint in spec.endpoints:
        if "observed" not in endpoint.profiles:
            continue
        method = getattr(cls, endpoint.id)
        assert inspect.iscoroutinefunction(method) == asynchronous
        params = dict(inspect.signature(method).parameters)
        params.pop("self")
        expected = [p for p in endpoint.params if p.name not in hidden_params(spec, endpoint)]
        assert list(params) == [p.name for p in expected], endpoint.id
        for param in expected:
            declared = params[param.name]
            assert declared.kind is inspect.Parameter.KEYWORD_ONLY
            assert (declared.default is inspect.Parameter.empty) == param.required, (endpoint.id, param.name)
        paginated = endpoint.pagination is not None and endpoint.pagination.style == "page"
        assert hasattr(cls, f"iter_{endpoint.id}") == paginated, endpoint.id
        assert endpoint.path in (method.__doc__ or "")


def test_unknown_or_missing_parameters_are_refused_before_sending() -> None:
    client = GrowattClient(credentials={"token": "x"}, base_url="http://nowhere.test", transport=httpx.MockTransport(
        lambda request: pytest.fail("nothing may be sent")))  # fmt: skip
    with pytest.raises(TypeError):
        client.plant_details()
    with pytest.raises(TypeError):
        client.plant_details(plant_id=1, colour="red")


def test_the_documented_profile_gets_its_own_class() -> None:
    observed, documented = client_class("growatt_v1"), client_class("growatt_v1", profile="documented")
    assert observed is not documented
    assert hasattr(observed, "device_tlx_tlx_last_data")
    assert not hasattr(documented, "device_tlx_tlx_last_data")  # observed-only endpoint


# --- calls against the fake clouds ------------------------------------------------------------------------


def test_sync_calls_succeed(cloud: CloudHandle) -> None:
    client = cloud.reference_client()
    for endpoint_id, params, check in reads(cloud):
        assert check(getattr(client, endpoint_id)(**params)), endpoint_id


def test_async_calls_succeed(cloud: CloudHandle) -> None:
    async def run() -> None:
        async with cloud.reference_async_client() as client:
            for endpoint_id, params, check in reads(cloud):
                assert check(await getattr(client, endpoint_id)(**params)), endpoint_id

    anyio.run(run)


def test_path_query_and_form_params_land_where_the_spec_says(
    growatt_cloud: CloudHandle, apsystems_cloud: CloudHandle
) -> None:
    growatt = growatt_cloud.reference_client()
    plant = growatt_cloud.credentials["plant_ids"][0]
    growatt.plant_details(plant_id=plant)
    assert growatt_cloud.journal.last().query == {"plant_id": str(plant)}
    assert growatt_cloud.journal.last().headers.get("token") == growatt_cloud.credentials["token"]
    growatt.plant_modify(
        c_user_id=growatt_cloud.credentials["c_user_ids"][0], plant_id=plant, name="Renamed", peak_power=4.5
    )
    entry = growatt_cloud.journal.last()
    assert entry.method == "POST"
    assert entry.body["name"] == "Renamed"
    assert entry.query == {}
    system = apsystems_cloud.credentials["systems"][0]
    apsystems_cloud.reference_client().ecu_energy(
        sid=system["sid"], eid=system["ecu_ids"][0], energy_level="daily", date_range="2026-06"
    )
    entry = apsystems_cloud.journal.last()
    assert entry.path.endswith(f"/{system['sid']}/devices/ecu/energy/{system['ecu_ids'][0]}")
    assert entry.query == {"energy_level": "daily", "date_range": "2026-06"}


def test_apsystems_nonces_are_fresh_on_every_call(apsystems_cloud: CloudHandle) -> None:
    client = apsystems_cloud.reference_client()
    sid = apsystems_cloud.credentials["systems"][0]["sid"]
    for _ in range(3):
        client.system_details(sid=sid)  # the same instant: a reused nonce would be refused
    nonces = {e.headers["x-ca-nonce"] for e in apsystems_cloud.journal.entries()}
    assert len(nonces) == 3


# --- typed errors -------------------------------------------------------------------------------------------

MAPPED = {
    "growatt_v1": {
        10011: AuthError,
        10012: QuotaError,
        10013: ParameterError,
        10002: ParameterError,
        10005: NotFoundError,
        10001: VendorError,
    },
    "alphaess_openapi": {
        6007: AuthError,
        6010: AuthError,
        6053: QuotaError,
        6001: ParameterError,
        6038: NotFoundError,
        6026: VendorError,
    },
    "apsystems_openapi": {
        2000: AuthError,
        2001: AuthError,
        2005: QuotaError,
        7002: QuotaError,
        4000: ParameterError,
        4001: ParameterError,
        1001: NotFoundError,
    },
    "alphaess_ras_v2": {
        14: AuthError,
        4: AuthError,
        15: AuthError,
        2: ParameterError,
        1: ParameterError,
        12: NotFoundError,
        13: VendorError,
    },
    "isolarcloud": {
        "E00003": AuthError,
        "E900": AuthError,
        "E919": AuthError,
        "E912": AuthError,
        "E905": AuthError,
        "E913": AuthError,
        "E901": QuotaError,
        "E999": QuotaError,
        "E998": QuotaError,
        "009": ParameterError,
        "010": ParameterError,
        "-1": VendorError,
        "42": VendorError,
    },
}


@pytest.mark.parametrize("api", SUPPORTED)
def test_the_error_mapping_follows_the_rule(api: str) -> None:
    classes = error_classes(load_spec(api))
    assert {code: classes[str(code)] for code in MAPPED[api]} == MAPPED[api]


@pytest.mark.parametrize("category", [AuthError, QuotaError, ParameterError, NotFoundError, VendorError])
def test_an_injected_fault_raises_its_typed_error(cloud: CloudHandle, category: type[VendorError]) -> None:
    classes = error_classes(cloud.spec)
    # a session code makes the client log in again once, so one injection of it is no error to the caller
    expired = session_codes(cloud.spec) if cloud.spec.auth.scheme in ("md5_sorted_kv", "appkey_token") else set()
    codes = [e.code for e in cloud.spec.errors if classes[str(e.code)] is category and str(e.code) not in expired
             and str(e.code) != str(cloud.spec.envelope.success_code)]  # fmt: skip
    if not codes:
        # ras/v2 has no rate limiter at all (vendor-reality ras/v2 §3), so it has no quota code to inject;
        # iSolarCloud's error table has no not-found code (an unknown id is an invalid value, 010).
        assert (cloud.api, category) in {("alphaess_ras_v2", QuotaError), ("isolarcloud", NotFoundError)}
        assert cloud.api != "alphaess_ras_v2" or cloud.spec.limits == []
        return
    code = codes[0]
    endpoint_id, params = a_read(cloud)
    client = cloud.reference_client(backoff=NO_RETRY)
    cloud.faults.arm(code, endpoint=endpoint_id, times=1)
    with pytest.raises(category) as caught:
        getattr(client, endpoint_id)(**params)
    error = caught.value
    assert type(error) is category
    assert (str(error.code), error.api, error.endpoint) == (str(code), cloud.api, endpoint_id)
    assert error.message
    assert getattr(client, endpoint_id)(**params) is not None  # the fault fired once


def test_async_errors_are_typed_too(alphacloud: CloudHandle) -> None:
    async def run() -> None:
        async with alphacloud.reference_async_client(backoff=NO_RETRY) as client:
            alphacloud.faults.arm(6038, endpoint="getLastPowerData", times=1)
            with pytest.raises(NotFoundError) as caught:
                await client.getLastPowerData(sysSn=alphacloud.credentials["system_sns"][0])
            assert caught.value.code == 6038

    anyio.run(run)


def test_natural_errors_are_typed(cloud: CloudHandle) -> None:
    """No injection: a bad credential and a bad parameter as the server itself refuses them."""
    bad = {k: "0" * len(str(v)) if isinstance(v, str) else v for k, v in cloud.credentials.items()}
    if "rsa_public_key" in bad:  # the server's key is no credential of the account: keep encrypting with it
        bad["rsa_public_key"] = cloud.credentials["rsa_public_key"]
    endpoint_id, params = a_read(cloud)
    with pytest.raises(AuthError):
        getattr(cloud.reference_client(credentials=bad), endpoint_id)(**params)


def test_a_body_outside_the_envelope_is_unexpected() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(502, text="<html>Bad gateway</html>"))
    client = GrowattClient(credentials={"token": "x"}, base_url="http://growatt.test", transport=transport)
    with pytest.raises(UnexpectedResponse) as caught:
        client.plant_list()
    assert caught.value.code == 502


# --- pagination -----------------------------------------------------------------------------------------------


@pytest.mark.solarfakes(plants=25)
def test_growatt_plant_list_iterates_every_plant(growatt_cloud: CloudHandle) -> None:
    client = growatt_cloud.reference_client()
    plants = list(client.iter_plant_list(perpage=10))
    assert len(plants) == 25 == len({p["plant_id"] for p in plants})
    assert {p["plant_id"] for p in plants} == set(growatt_cloud.credentials["plant_ids"])
    pages = [e.query["page"] for e in growatt_cloud.journal.entries(endpoint="plant_list")]
    assert pages == ["1", "2", "3"]
    assert len(list(client.iter_plant_list())) == 25  # one page at the spec's max_size


@pytest.mark.solarfakes(plants=25)
def test_async_pagination(growatt_cloud: CloudHandle) -> None:
    async def run() -> list[Any]:
        async with growatt_cloud.reference_async_client() as client:
            return [plant async for plant in client.iter_plant_list(perpage=7)]

    assert len(anyio.run(run)) == 25


def test_rasv2_system_list_iterates_every_system(rasv2_cloud: CloudHandle) -> None:
    client = rasv2_cloud.reference_client()
    total = client.GetSystemList()["TotalCount"]
    systems = list(client.iter_GetSystemList(pagesize=2))
    assert len(systems) == total == len({s["Sn"] for s in systems})
    assert len(rasv2_cloud.journal.entries(endpoint="GetSystemList")) == 1 + -(-total // 2)


# --- sessions: ras/v2 login and one re-login ------------------------------------------------------------------


def test_rasv2_logs_in_once_and_again_after_the_token_expires(rasv2_cloud: CloudHandle) -> None:
    client = rasv2_cloud.reference_client()
    sn = rasv2_cloud.credentials["system_sns"][0]
    client.GetRunningData(Sn=sn)
    client.GetLastPowerData(Sn=sn)
    assert len(rasv2_cloud.journal.entries(endpoint="Login")) == 1
    lifetime = rasv2_cloud.spec.auth.token.lifetime_seconds
    assert lifetime is not None
    rasv2_cloud.clock.advance(lifetime + 1)
    assert client.GetRunningData(Sn=sn) is not None
    assert len(rasv2_cloud.journal.entries(endpoint="Login")) == 2
    assert [str(e.error_code) for e in rasv2_cloud.journal.entries(endpoint="GetRunningData")][-2:] == ["14", "None"]


def test_rasv2_relogs_in_only_once(rasv2_cloud: CloudHandle) -> None:
    client = rasv2_cloud.reference_client()
    rasv2_cloud.faults.arm(14, endpoint="GetRunningData", times=2)
    with pytest.raises(AuthError) as caught:
        client.GetRunningData(Sn=rasv2_cloud.credentials["system_sns"][0])
    assert caught.value.code == 14
    assert len(rasv2_cloud.journal.entries(endpoint="Login")) == 2


# --- backoff ----------------------------------------------------------------------------------------------------


class Sleeps:
    """Records each wait and moves the simulated clock on by it."""

    def __init__(self, handle: CloudHandle) -> None:
        self.handle, self.waits = handle, list[float]()

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.handle.clock.advance(seconds)


@pytest.mark.solarfakes(limits=True)
def test_growatt_backs_off_for_its_window_then_succeeds(growatt_cloud: CloudHandle) -> None:
    sleeps = Sleeps(growatt_cloud)
    client = growatt_cloud.reference_client(sleep=sleeps)
    plant = growatt_cloud.credentials["plant_ids"][0]
    client.plant_details(plant_id=plant)
    assert "name" in client.plant_details(plant_id=plant)  # refused 10012 within 5 min, retried after the window
    window = next(limit.window_seconds for limit in growatt_cloud.spec.limits if limit.kind == "fixed_window")
    assert sleeps.waits == [window]
    codes = [str(e.error_code) for e in growatt_cloud.journal.entries(endpoint="plant_details")]
    assert codes == ["None", "10012", "None"]


@pytest.mark.solarfakes(limits=True)
def test_alphacloud_backs_off_one_token_refill(alphacloud: CloudHandle) -> None:
    sleeps = Sleeps(alphacloud)
    client = alphacloud.reference_client(sleep=sleeps)
    sn = alphacloud.credentials["system_sns"][0]
    bucket = next(limit for limit in alphacloud.spec.limits if limit.kind == "token_bucket")
    assert bucket.burst is not None
    assert bucket.refill_per_second is not None
    for _ in range(bucket.burst + 2):
        client.getLastPowerData(sysSn=sn)
    assert sleeps.waits == [1 / bucket.refill_per_second] * 2


def test_backoff_gives_up_after_max_attempts(growatt_cloud: CloudHandle) -> None:
    sleeps = Sleeps(growatt_cloud)
    client = growatt_cloud.reference_client(sleep=sleeps, backoff=BackoffPolicy(max_attempts=2, max_total_wait=10_000))
    growatt_cloud.faults.arm(10012, endpoint="plant_details", times=5)
    with pytest.raises(QuotaError) as caught:
        client.plant_details(plant_id=growatt_cloud.credentials["plant_ids"][0])
    assert sleeps.waits == [300.0, 300.0]
    assert caught.value.retry_after == 300.0
    assert len(growatt_cloud.journal.entries(endpoint="plant_details")) == 3


def test_backoff_gives_up_when_the_wait_passes_the_total_bound(growatt_cloud: CloudHandle) -> None:
    sleeps = Sleeps(growatt_cloud)
    client = growatt_cloud.reference_client(sleep=sleeps, backoff=BackoffPolicy(max_total_wait=60))
    growatt_cloud.faults.arm(10012, endpoint="plant_details", times=1)
    with pytest.raises(QuotaError):
        client.plant_details(plant_id=growatt_cloud.credentials["plant_ids"][0])
    assert sleeps.waits == []


def test_a_calendar_quota_is_not_retried(apsystems_cloud: CloudHandle) -> None:
    sleeps = Sleeps(apsystems_cloud)
    client = apsystems_cloud.reference_client(sleep=sleeps)
    apsystems_cloud.faults.arm(2005, endpoint="system_details", times=1)  # monthly budget: no bounded wait
    with pytest.raises(QuotaError) as caught:
        client.system_details(sid=apsystems_cloud.credentials["systems"][0]["sid"])
    assert caught.value.retry_after is None
    assert sleeps.waits == []
    apsystems_cloud.faults.arm(7002, endpoint="system_details", times=1)  # per-second limit: one window
    assert client.system_details(sid=apsystems_cloud.credentials["systems"][0]["sid"]) is not None
    assert sleeps.waits == [1.0]


def test_retry_after_header_is_honoured() -> None:
    answers = iter([
        httpx.Response(200, headers={"Retry-After": "7"}, json={"data": "", "error_code": 10012, "error_msg": "error_frequently_access"}),
        httpx.Response(200, json={"data": {"count": 0, "plants": []}, "error_code": 0, "error_msg": ""}),
    ])  # fmt: skip
    waits: list[float] = []
    client = GrowattClient(credentials={"token": "t"}, base_url="http://growatt.test",
                           transport=httpx.MockTransport(lambda request: next(answers)), sleep=waits.append)  # fmt: skip
    assert client.plant_list() == {"count": 0, "plants": []}
    assert waits == [7.0]


def test_async_backoff(growatt_cloud: CloudHandle) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        growatt_cloud.clock.advance(seconds)

    async def run() -> Any:
        async with growatt_cloud.reference_async_client(sleep=sleep) as client:
            growatt_cloud.faults.arm(10012, endpoint="plant_details", times=1)
            return await client.plant_details(plant_id=growatt_cloud.credentials["plant_ids"][0])

    assert "name" in anyio.run(run)
    assert waits == [300.0]


# --- credentials and base URL ---------------------------------------------------------------------------------


def test_credentials_and_base_url_from_the_environment() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"count": 0, "plants": []}, "error_code": 0, "error_msg": ""})

    environ = {
        "SOLARFAKES_GROWATT_V1_TOKEN": "abc",
        "SOLARFAKES_GROWATT_V1_BASE_URL": "https://openapi.growatt.com/v1/",
    }
    client = GrowattClient(environ=environ, transport=httpx.MockTransport(answer))
    client.plant_list()
    assert str(seen[0].url) == "https://openapi.growatt.com/v1/plant/list"
    assert seen[0].headers["token"] == "abc"
    with pytest.raises(CredentialsError, match="SOLARFAKES_ALPHAESS_OPENAPI_APP_ID"):
        client_class("alphaess_openapi")(environ={})
