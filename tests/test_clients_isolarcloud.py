"""The iSolarCloud reference client against the fake cloud: every endpoint in plain and in encrypted mode,
sync and async; the login and one re-login on the session codes; the OAuth2 platform API from an
authorization code to a parameter-setting task and a refresh."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import pytest
from test_isolarcloud import first_key, valid_calls
from test_isolarcloud_platform import REDIRECT, admin_code, inverter

from solarfakes.clients import (
    AsyncISolarCloudClient,
    AuthError,
    BackoffPolicy,
    CredentialsError,
    ISolarCloudClient,
    ParameterError,
    UnexpectedResponse,
)
from solarfakes.clients.errors import session_codes
from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport

NO_RETRY = BackoffPolicy(max_attempts=0)
PLATFORM = "/openapi/platform/"


def app_credentials(cloud: CloudHandle, app: str) -> dict[str, Any]:
    """plain: the account's first app without the server key (plain mode); encrypted: the encryption-only
    app with the server key; plain_app_encrypted: the first app calling in encrypted mode."""
    creds = dict(cloud.credentials)
    if app == "encrypted":
        return {**creds, **creds["encrypted_app"]}
    if app == "plain":
        del creds["rsa_public_key"]
    return creds


def client(cloud: CloudHandle, app: str = "plain", **options: Any) -> ISolarCloudClient:
    built = cloud.reference_client(credentials=app_credentials(cloud, app), **options)
    assert isinstance(built, ISolarCloudClient)
    return built


def platform_calls(cloud: CloudHandle) -> dict[str, dict[str, Any]]:
    """One valid call of each /openapi/platform/* endpoint but the task read, which needs a task."""
    creds = cloud.credentials
    ps_id = str(creds["plant_ids"][0])
    key, uuid, _ = inverter(cloud)
    storage = first_key(cloud, 14)
    storage_plant = str(cloud.simulator.backend.devices[storage].plant.plant_id)
    return {
        "platform_queryPowerStationList": {"page": 1, "size": 10},
        "platform_getPowerStationDetail": {"ps_ids": ps_id},
        "platform_getDeviceListByPsId": {"ps_id": ps_id, "page": 1, "size": 10},
        "platform_getPowerStationRealTimeData": {"ps_id_list": [ps_id], "point_id_list": ["83022", "83033"], "is_get_point_dict": "1"},
        "platform_getPowerStationPointMinuteDataList": {"ps_id_list": [ps_id], "points": "p83022,p83033", "start_time_stamp": "20260621080000",
                                                        "end_time_stamp": "20260621110000", "minute_interval": "15"},
        "platform_getDeviceRealTimeData": {"ps_key_list": [key], "point_id_list": ["24", "1"], "device_type": "1"},
        "platform_getOpenPointInfo": {"device_type": "1", "type": "2", "curPage": 1, "size": 50},
        "platform_getDevPropertyPointValue": {"ps_id": storage_plant, "device_type": "14", "ps_key_list": [storage],
                                              "point_id_list": ["13257", "13258"]},
        "platform_paramSettingCheck": {"set_type": 2, "uuid": str(uuid)},
        "platform_paramSetting": {"set_type": 0, "uuid": str(uuid), "task_name": "limit", "expire_second": 120,
                                  "param_list": [{"param_code": "10008", "set_value": "500"}]},
    }  # fmt: skip


def every_call(cloud: CloudHandle) -> list[tuple[str, dict[str, Any]]]:
    """Every endpoint once, in an order where each call finds what it needs (login first, the OAuth2 token
    before the platform calls, a task before its read, the refresh last)."""
    calls = [("login", {}), *valid_calls(cloud).items(), ("apiManage_token", {"code": "", "redirect_uri": REDIRECT})]
    calls += [*platform_calls(cloud).items(), ("platform_getParamSettingTask", {}), ("apiManage_refreshToken", {})]
    return calls


def fill(cloud: CloudHandle, endpoint_id: str, params: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Params that depend on earlier answers: a fresh authorization code, the task just queued."""
    if endpoint_id == "apiManage_token":
        return {**params, "code": admin_code(cloud)}
    if endpoint_id == "platform_getParamSettingTask":
        queued = answers["platform_paramSetting"]["dev_result_list"][0]
        return {"task_id": queued["task_id"], "uuid": str(queued["uuid"])}
    return params


def check_answer(cloud: CloudHandle, endpoint_id: str, payload: Any) -> None:
    """What every answer must show; the spec's schema is the contract suite's to check in depth."""
    schema = cloud.spec.endpoint(endpoint_id).response.schema_
    assert isinstance(payload, dict), (endpoint_id, payload)
    assert set(schema.required or ()) <= set(payload), (endpoint_id, payload)
    if endpoint_id == "login":
        assert payload["login_state"] == "1"


def test_the_table_covers_every_endpoint(isolarcloud: CloudHandle) -> None:
    assert [e for e, _ in every_call(isolarcloud)] == list(dict.fromkeys(e for e, _ in every_call(isolarcloud)))
    assert {e for e, _ in every_call(isolarcloud)} == {e.id for e in isolarcloud.spec.endpoints}


@pytest.mark.parametrize("app", ["plain", "encrypted", "plain_app_encrypted"])
def test_every_endpoint_round_trips(isolarcloud: CloudHandle, app: str) -> None:
    isolarcloud.clock.set(datetime(2026, 6, 21, 10, tzinfo=UTC))
    iso = client(isolarcloud, app)
    answers: dict[str, Any] = {}
    for endpoint_id, params in every_call(isolarcloud):
        answers[endpoint_id] = getattr(iso, endpoint_id)(**fill(isolarcloud, endpoint_id, params, answers))
        check_answer(isolarcloud, endpoint_id, answers[endpoint_id])
        entry = isolarcloud.journal.last()
        assert (entry.endpoint, entry.error_code) == (endpoint_id, None), entry.diagnostics
    entries = isolarcloud.journal.entries()
    assert len(entries) == len(every_call(isolarcloud)), "no call was sent twice, no extra login or token call"
    sealed = {"x-random-secret-key" in e.headers for e in entries}
    assert sealed == ({False} if app == "plain" else {True})
    assert all(e.headers["x-access-key"] == iso.core.credentials["access_key"] for e in entries)


@pytest.mark.parametrize("app", ["plain", "encrypted"])
def test_every_endpoint_round_trips_async(isolarcloud: CloudHandle, app: str) -> None:
    isolarcloud.clock.set(datetime(2026, 6, 21, 10, tzinfo=UTC))

    async def run() -> None:
        credentials = app_credentials(isolarcloud, app)
        async with isolarcloud.reference_async_client(credentials=credentials) as iso:
            assert isinstance(iso, AsyncISolarCloudClient)
            answers: dict[str, Any] = {}
            for endpoint_id, params in every_call(isolarcloud):
                call = getattr(iso, endpoint_id)(**fill(isolarcloud, endpoint_id, params, answers))
                answers[endpoint_id] = await call
                check_answer(isolarcloud, endpoint_id, answers[endpoint_id])

    anyio.run(run)
    assert [e.error_code for e in isolarcloud.journal.entries()] == [None] * len(every_call(isolarcloud))


def test_the_encrypted_app_refuses_plain_calls(isolarcloud: CloudHandle) -> None:
    creds = app_credentials(isolarcloud, "encrypted")
    del creds["rsa_public_key"]
    with pytest.raises(AuthError) as caught:
        isolarcloud.reference_client(credentials=creds).getOpenApiCallInfo()
    assert caught.value.code == "E902"


def test_encrypted_bodies_are_hex_and_answers_decrypt(isolarcloud: CloudHandle) -> None:
    seen: list[bytes] = []

    class Recording(SyncASGITransport):
        def handle_request(self, request: Any) -> Any:
            response = super().handle_request(request)
            seen.extend([request.content, response.read()])
            return response

    iso = client(isolarcloud, "encrypted", transport=Recording(isolarcloud.app))
    plants = iso.getPowerStationList(curPage=1, size=10)
    assert plants["rowCount"] == len(isolarcloud.credentials["plant_ids"])
    assert all(part and part.isalnum() and bytes.fromhex(part.decode()) for part in seen), seen
    assert seen[0] == seen[0].upper(), "the document's parseByte2HexStr writes upper-case hex"
    body = isolarcloud.journal.last().body
    assert set(body["api_key_param"]) == {"nonce", "timestamp"}
    assert int(body["api_key_param"]["timestamp"]) == int(isolarcloud.clock.timestamp() * 1000)


def test_logs_in_once_and_again_when_the_token_expires(isolarcloud: CloudHandle) -> None:
    iso = client(isolarcloud)
    ps_id = str(isolarcloud.credentials["plant_ids"][0])
    iso.getPowerStationDetail(ps_id=ps_id)
    iso.getOpenApiCallInfo()
    assert len(isolarcloud.journal.entries(endpoint="login")) == 1
    lifetime = isolarcloud.spec.auth.token.lifetime_seconds
    assert lifetime is not None
    isolarcloud.clock.advance(lifetime + 1)
    assert iso.getPowerStationDetail(ps_id=ps_id) is not None
    assert len(isolarcloud.journal.entries(endpoint="login")) == 2
    codes = [e.error_code for e in isolarcloud.journal.entries(endpoint="getPowerStationDetail")]
    assert codes == [None, "E00003", None]


@pytest.mark.parametrize("code", ["E00003", "E900", "E919"])
def test_each_session_code_gets_one_relogin(isolarcloud: CloudHandle, code: str) -> None:
    assert code in session_codes(isolarcloud.spec)
    iso = client(isolarcloud)
    iso.login()
    isolarcloud.faults.arm(code, endpoint="getOpenApiCallInfo", times=1)
    assert iso.getOpenApiCallInfo() is not None
    assert len(isolarcloud.journal.entries(endpoint="login")) == 2
    isolarcloud.faults.arm(code, endpoint="getOpenApiCallInfo", times=2)
    with pytest.raises(AuthError) as caught:
        iso.getOpenApiCallInfo()
    assert caught.value.code == code
    assert len(isolarcloud.journal.entries(endpoint="login")) == 3, "one re-login per call, no more"


def test_a_failed_login_is_an_auth_error(isolarcloud: CloudHandle) -> None:
    creds = {**app_credentials(isolarcloud, "plain"), "user_password": "wrong"}
    with pytest.raises(AuthError, match="login_state"):
        isolarcloud.reference_client(credentials=creds).getOpenApiCallInfo()
    assert [e.endpoint for e in isolarcloud.journal.entries()] == ["login"], "no call without a session"


def test_the_user_is_asked_for_only_where_needed(isolarcloud: CloudHandle) -> None:
    creds = {
        k: v for k, v in app_credentials(isolarcloud, "plain").items() if k not in ("user_account", "user_password")
    }
    iso = isolarcloud.reference_client(credentials=creds, environ={})
    with pytest.raises(CredentialsError, match="SOLARFAKES_ISOLARCLOUD_USER_ACCOUNT"):
        iso.getOpenApiCallInfo()
    assert isolarcloud.journal.entries() == []
    iso.apiManage_token(code=admin_code(isolarcloud), redirect_uri=REDIRECT)
    assert iso.platform_queryPowerStationList(page=1, size=5)["pageList"]


def test_parameter_errors_are_typed(isolarcloud: CloudHandle) -> None:
    with pytest.raises(ParameterError) as caught:
        client(isolarcloud).getOpenPointInfo(device_type="1", type="3", curPage=1, size=10)  # type: ignore[arg-type]
    assert caught.value.code == "010"


def test_an_answer_that_does_not_decrypt_is_unexpected(isolarcloud: CloudHandle) -> None:
    class Garbling(SyncASGITransport):
        """Hex that is no AES ciphertext: an odd number of digits."""

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            super().handle_request(request)
            return httpx.Response(200, content=b"0" * 33)

    iso = client(isolarcloud, "encrypted", transport=Garbling(isolarcloud.app))
    with pytest.raises(UnexpectedResponse, match="does not decrypt"):
        iso.login()


# --- OAuth2: the platform API ---------------------------------------------------------------------------------


def test_oauth2_code_token_plants_realtime_task_refresh(isolarcloud: CloudHandle) -> None:
    isolarcloud.clock.set(datetime(2026, 6, 21, 10, tzinfo=UTC))
    iso = client(isolarcloud)
    tokens = iso.apiManage_token(code=admin_code(isolarcloud), redirect_uri=REDIRECT)
    assert tokens["expires_in"] > 0
    plants = list(iso.iter_platform_queryPowerStationList(size=2))
    assert [p["ps_id"] for p in plants] == isolarcloud.credentials["plant_ids"]
    bearer = isolarcloud.journal.last().headers["authorization"]
    assert bearer == f"Bearer {tokens['access_token']}"
    ps_id = str(isolarcloud.credentials["plant_ids"][0])
    now = iso.platform_getPowerStationRealTimeData(ps_id_list=[ps_id], point_id_list=["83022", "83033"])
    assert now["device_point_list"][0]["p83022"] is not None
    _, uuid, _ = inverter(isolarcloud)
    assert iso.platform_paramSettingCheck(set_type=0, uuid=str(uuid))["dev_result_list"][0]["check_result"] == "1"
    queued = iso.platform_paramSetting(
        set_type=0, uuid=str(uuid), param_list=[{"param_code": "10008", "set_value": "100"}]
    )
    task_id = queued["dev_result_list"][0]["task_id"]
    assert task_id is not None
    statuses = []
    while not statuses or statuses[-1] == 2:
        assert len(statuses) < 10, "the task never finished"
        isolarcloud.clock.advance(5)
        task = iso.platform_getParamSettingTask(task_id=task_id, uuid=str(uuid))
        statuses.append(task["command_status"])
    assert statuses[-1] == 8
    assert [(p["param_code"], p["return_value"]) for p in task["param_list"]] == [("10008", "100")]
    refreshed = iso.apiManage_refreshToken()
    assert refreshed["access_token"] != tokens["access_token"]
    assert iso.platform_queryPowerStationList(page=1, size=1)["pageList"]
    assert isolarcloud.journal.last().headers["authorization"] == f"Bearer {refreshed['access_token']}"
    refresh_calls = isolarcloud.journal.entries(endpoint="apiManage_refreshToken")
    assert refresh_calls[0].body["refresh_token"] == tokens["refresh_token"]


def test_oauth2_refreshes_when_the_access_token_runs_out(isolarcloud: CloudHandle) -> None:
    iso = client(isolarcloud)
    tokens = iso.apiManage_token(code=admin_code(isolarcloud), redirect_uri=REDIRECT)
    isolarcloud.clock.advance(tokens["expires_in"] + 1)
    assert iso.platform_queryPowerStationList(page=1, size=1)["pageList"]
    assert [e.endpoint for e in isolarcloud.journal.entries()] == [
        "apiManage_token",
        "apiManage_refreshToken",
        "platform_queryPowerStationList",
    ], "refreshed by the clock, before a refused call"


def test_oauth2_refreshes_once_when_the_server_refuses_the_token(isolarcloud: CloudHandle) -> None:
    iso = client(isolarcloud)
    iso.apiManage_token(code=admin_code(isolarcloud), redirect_uri=REDIRECT)
    isolarcloud.faults.arm("E00003", endpoint="platform_queryPowerStationList", times=1)
    assert iso.platform_queryPowerStationList(page=1, size=1)["pageList"]
    assert len(isolarcloud.journal.entries(endpoint="apiManage_refreshToken")) == 1
    isolarcloud.faults.arm("E00003", endpoint="platform_queryPowerStationList", times=2)
    with pytest.raises(AuthError):
        iso.platform_queryPowerStationList(page=1, size=1)
    assert len(isolarcloud.journal.entries(endpoint="apiManage_refreshToken")) == 2


def test_oauth2_from_an_authorization_code_in_the_credentials(isolarcloud: CloudHandle) -> None:
    """The credentials' ready code is exchanged on the first platform call, without a login."""
    creds = {**app_credentials(isolarcloud, "encrypted"), "redirect_uri": REDIRECT}
    iso = isolarcloud.reference_client(credentials=creds)
    assert iso.platform_getPowerStationDetail(ps_ids=str(isolarcloud.credentials["plant_ids"][0]))["data_list"]
    assert [e.endpoint for e in isolarcloud.journal.entries()] == ["apiManage_token", "platform_getPowerStationDetail"]


def test_a_refresh_before_any_token_exchanges_the_authorization_code_first(isolarcloud: CloudHandle) -> None:
    """A program holding only a code can refresh: the code gives the refresh token the refresh sends."""
    iso = isolarcloud.reference_client(credentials={**app_credentials(isolarcloud, "plain"), "redirect_uri": REDIRECT})
    refreshed = iso.apiManage_refreshToken()
    [exchange, refresh] = isolarcloud.journal.entries()
    assert (exchange.endpoint, refresh.endpoint) == ("apiManage_token", "apiManage_refreshToken")
    assert (exchange.error_code, refresh.error_code) == (None, None)
    assert refresh.body["refresh_token"] == exchange.response["result_data"]["refresh_token"]
    assert refreshed["access_token"]
    assert iso.platform_queryPowerStationList(page=1, size=1) is not None
    assert isolarcloud.journal.last().headers["authorization"] == f"Bearer {refreshed['access_token']}"


def test_oauth2_without_a_token_says_what_is_missing(isolarcloud: CloudHandle) -> None:
    creds = {k: v for k, v in app_credentials(isolarcloud, "plain").items() if k != "auth_code"}
    with pytest.raises(AuthError, match="auth_code"):
        isolarcloud.reference_client(credentials=creds, environ={}).platform_queryPowerStationList(page=1, size=1)
    assert isolarcloud.journal.entries() == []


def test_oauth2_async(isolarcloud: CloudHandle) -> None:
    async def run() -> list[Any]:
        credentials = {**app_credentials(isolarcloud, "encrypted"), "redirect_uri": REDIRECT}
        async with isolarcloud.reference_async_client(credentials=credentials) as iso:
            return [plant async for plant in iso.iter_platform_queryPowerStationList(size=2)]

    assert [p["ps_id"] for p in anyio.run(run)] == isolarcloud.credentials["plant_ids"]


@pytest.mark.solarfakes(plants=7)
def test_iterators_page_through_every_plant_and_device(isolarcloud: CloudHandle) -> None:
    iso = client(isolarcloud, "encrypted")
    plants = list(iso.iter_getPowerStationList(size=3))
    assert [p["ps_id"] for p in plants] == isolarcloud.credentials["plant_ids"]
    pages = [e.body["curPage"] for e in isolarcloud.journal.entries(endpoint="getPowerStationList")]
    assert pages == [1, 2, 3]
    devices = list(iso.iter_getDeviceListByUser(size=4))
    keys = {d["ps_key"] for d in devices}
    assert len(devices) == len(keys) == iso.getDeviceListByUser(curPage=1, size=1)["rowCount"] > 4
    assert keys <= set(isolarcloud.credentials["ps_keys"])


@pytest.mark.solarfakes(profile="documented")
def test_the_documented_profile_sends_lang_as_a_header(isolarcloud: CloudHandle) -> None:
    iso = isolarcloud.reference_client(credentials=app_credentials(isolarcloud, "plain"))
    assert iso.core.profile == "documented"
    assert iso.getPowerStationList(curPage=1, size=5, lang="_en_US")["pageList"]
    entry = isolarcloud.journal.last()
    assert entry.headers["lang"] == "_en_US"
    assert "lang" not in entry.body
    assert not hasattr(iso, "apiManage_token"), "the OAuth2 endpoints are observed only"


@pytest.mark.solarfakes(limits=True)
def test_a_drained_gateway_bucket_waits_one_refill(isolarcloud: CloudHandle) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        isolarcloud.clock.advance(seconds)

    bucket = next(limit for limit in isolarcloud.spec.limits if limit.kind == "token_bucket")
    assert bucket.burst is not None
    assert bucket.refill_per_second is not None
    iso = client(isolarcloud, sleep=sleep)
    for _ in range(bucket.burst + 2):
        assert iso.getOpenApiCallInfo() is not None
    assert waits, "the bucket ran dry"
    assert set(waits) == {1 / bucket.refill_per_second}
    refused = isolarcloud.journal.entries(error_code=bucket.error)
    assert len(refused) == len(waits)
    assert refused[0].endpoint == "getOpenApiCallInfo"


def test_credentials_from_the_environment(isolarcloud: CloudHandle) -> None:
    creds = app_credentials(isolarcloud, "encrypted")
    names = ("appkey", "access_key", "user_account", "user_password", "rsa_public_key")
    environ = {f"SOLARFAKES_ISOLARCLOUD_{name.upper()}": str(creds[name]) for name in names}
    iso = isolarcloud.reference_client(credentials={}, environ=environ)
    assert iso.getPowerStationList(curPage=1, size=10)["rowCount"] == len(isolarcloud.credentials["plant_ids"])
    assert all("x-random-secret-key" in e.headers for e in isolarcloud.journal.entries())
    with pytest.raises(CredentialsError, match="SOLARFAKES_ISOLARCLOUD_ACCESS_KEY"):
        ISolarCloudClient(environ={"SOLARFAKES_ISOLARCLOUD_APPKEY": "x"})


def test_a_refused_login_backs_off_like_any_call(isolarcloud: CloudHandle) -> None:
    waits: list[float] = []
    iso = client(isolarcloud, sleep=waits.append)
    isolarcloud.faults.arm("E901", endpoint="login", times=1)
    assert iso.getOpenApiCallInfo() is not None
    bucket = next(limit for limit in isolarcloud.spec.limits if limit.error == "E901")
    assert bucket.refill_per_second is not None
    assert waits == [1 / bucket.refill_per_second]
    assert [(e.endpoint, e.error_code) for e in isolarcloud.journal.entries()] == [
        ("login", "E901"),
        ("login", None),
        ("getOpenApiCallInfo", None),
    ]
