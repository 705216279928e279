"""iSolarCloud's OAuth2 platform API: codes three ways, tokens, reads, a parameter-setting task on the simulated
clock whose setting later reads show, refresh; schema conformance and every declared code by injection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from test_isolarcloud import Plain, first_key

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport

REDIRECT = "https://app.example/callback"
NEW = ("platform_getOpenPointInfo", "platform_getDevPropertyPointValue", "platform_paramSettingCheck",
       "platform_paramSetting", "platform_getParamSettingTask")  # fmt: skip


class Platform(Plain):
    """A client of /openapi/platform/*: x-access-key and appkey as always, the access token as a bearer."""

    access_token = ""

    def call(self, service: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.post(f"platform/{service}", body, authorization=f"Bearer {self.access_token}")

    def exchange(self, code: str, redirect_uri: str = REDIRECT) -> dict[str, Any]:
        grant = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        answer = self.post("apiManage/token", grant)
        if answer["result_code"] == "1":
            self.access_token = answer["access_token"]
        return answer


def consent_code(cloud: CloudHandle) -> str:
    """Way (a): the consent page redirects to the redirect URI with ?code=."""
    url = cloud.credentials["authorize_url"] + REDIRECT
    response = cloud.client().get(urlsplit(url).path + "?" + urlsplit(url).query, follow_redirects=False)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return parse_qs(location.query)["code"][0]


def admin_client(cloud: CloudHandle) -> httpx.Client:
    return httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1")


def admin_code(cloud: CloudHandle) -> str:
    """Way (b): the admin API mints one for the account."""
    with admin_client(cloud) as admin:
        response = admin.post("/_solarfakes/oauth-code", json={"api": "isolarcloud"})
    assert response.status_code == 200, response.text
    return str(response.json()["code"])


def credentials_code(cloud: CloudHandle) -> str:
    """Way (c): the credentials carry one ready code per account."""
    return str(cloud.credentials["auth_code"])


@pytest.fixture
def platform(isolarcloud: CloudHandle) -> Platform:
    client = Platform(isolarcloud)
    assert client.exchange(admin_code(isolarcloud))["result_code"] == "1"
    return client


def inverter(cloud: CloudHandle) -> tuple[str, int, float]:
    """The first PV inverter's ps_key, uuid and nominal power, on a plant that is online."""
    backend = cloud.simulator.backend
    for key in cloud.credentials["ps_keys"]:
        device = backend.devices[key]
        if device.device_type == 1 and device.plant.online:
            return key, device.uuid, device.device.nominal_w
    raise AssertionError("no online inverter")


def follow(client: Platform, cloud: CloudHandle, uuid: int, task_id: str) -> list[dict[str, Any]]:
    """Poll as clients do (a first wait, then every 5 s) until the task leaves the running status."""
    statuses = []
    cloud.clock.advance(2)
    while True:
        answer = client.call("getParamSettingTask", {"task_id": task_id, "uuid": str(uuid)})
        check_success(cloud.spec, "observed", "platform_getParamSettingTask", answer)
        statuses.append(answer["result_data"]["command_status"])
        if statuses[-1] != 2:
            assert statuses[-1] == 8
            return [answer["result_data"]]
        assert len(statuses) < 10, "the task never finished"
        cloud.clock.advance(5)


def realtime_power(client: Platform, key: str) -> float:
    body = {"ps_key_list": [key], "point_id_list": ["24", "1"], "device_type": "1"}
    row = client.call("getDeviceRealTimeData", body)["result_data"]["device_point_list"][0]["device_point"]
    return float(row["p24"])


@pytest.mark.parametrize("way", [consent_code, admin_code, credentials_code])
def test_code_token_plants_realtime_setting_task_refresh(isolarcloud: CloudHandle, way: Any) -> None:
    isolarcloud.clock.set(
        datetime(2026, 6, 21, 10, tzinfo=UTC)
    )  # noon in the plants' zones: the inverters deliver power
    client = Platform(isolarcloud)
    code = way(isolarcloud)
    tokens = client.exchange(code)
    assert tokens["result_code"] == "1", tokens
    check_success(isolarcloud.spec, "observed", "apiManage_token", tokens)
    assert client.exchange(code)["result_code"] == "010", "a code is single use"
    plants = client.call("queryPowerStationList", {"page": 1, "size": 10})
    assert [p["ps_id"] for p in plants["result_data"]["pageList"]] == isolarcloud.credentials["plant_ids"]
    key, uuid, nominal = inverter(isolarcloud)
    before = realtime_power(client, key)
    assert before > 0.2 * nominal, "at noon the inverter runs well above the limit set below"
    check = client.call("paramSettingCheck", {"set_type": 0, "uuid": str(uuid)})
    assert check["result_data"]["dev_result_list"][0]["check_result"] == "1"
    write = {"set_type": 0, "uuid": str(uuid), "task_name": "limit", "expire_second": 120,
             "param_list": [{"param_code": "10007", "set_value": "170"}, {"param_code": "10008", "set_value": "100"}]}  # fmt: skip
    queued = client.call("paramSetting", write)
    check_success(isolarcloud.spec, "observed", "platform_paramSetting", queued)
    task_id = queued["result_data"]["dev_result_list"][0]["task_id"]
    assert client.call("getParamSettingTask", {"task_id": task_id, "uuid": str(uuid)})["result_data"][
        "command_status"] == 2, "the task has only just started"  # fmt: skip
    (done,) = follow(client, isolarcloud, uuid, task_id)
    assert [(p["param_code"], p["return_value"]) for p in done["param_list"]] == [("10007", "170"), ("10008", "100")]
    isolarcloud.clock.advance(300)  # the next 5-minute slot begins after the task finished
    assert realtime_power(client, key) <= 0.1 * nominal + 0.1, "the limit caps what later reads show"
    read = client.call(
        "paramSetting", {"set_type": 2, "uuid": str(uuid), "param_list": [{"param_code": "10008", "set_value": ""}]}
    )
    (readback,) = follow(client, isolarcloud, uuid, read["result_data"]["dev_result_list"][0]["task_id"])
    assert readback["param_list"][0]["return_value"] == "100"
    refreshed = client.post("apiManage/refreshToken", {"refresh_token": tokens["refresh_token"]})
    assert refreshed["result_code"] == "1"
    client.access_token = refreshed["access_token"]
    assert client.call("queryPowerStationList", {"page": 1, "size": 1})["result_code"] == "1"
    assert client.post("apiManage/refreshToken", {"refresh_token": tokens["refresh_token"]})["result_code"] == "010"


def test_history_shows_the_limit_from_the_moment_the_task_finished(
    platform: Platform, isolarcloud: CloudHandle
) -> None:
    isolarcloud.clock.set(datetime(2026, 6, 21, 10, tzinfo=UTC))
    key, uuid, _ = inverter(isolarcloud)
    write = {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10011", "set_value": "206"}]}
    follow(
        platform,
        isolarcloud,
        uuid,
        platform.call("paramSetting", write)["result_data"]["dev_result_list"][0]["task_id"],
    )
    zone = ZoneInfo(isolarcloud.simulator.backend.devices[key].plant.timezone)
    finished = isolarcloud.clock.now().astimezone(zone).replace(tzinfo=None)
    isolarcloud.clock.advance(3600)
    plain = Plain(isolarcloud)
    plain.login()
    start, end = finished - timedelta(minutes=90), finished + timedelta(minutes=85)
    answer = plain.post("getDevicePointMinuteDataList", {"points": "p24", "ps_key_list": [key], "start_time_stamp":
                        start.strftime("%Y%m%d%H%M%S"), "end_time_stamp": end.strftime("%Y%m%d%H%M%S")})  # fmt: skip
    rows = answer["result_data"][key]
    after = [r for r in rows if r["time_stamp"] > finished.strftime("%Y%m%d%H%M%S")]
    before = [r for r in rows if r["time_stamp"] < (finished - timedelta(minutes=5)).strftime("%Y%m%d%H%M%S")]
    assert after, rows
    assert before, rows
    assert all(float(r["p24"]) == 0.0 for r in after), "shut down from the task's end on"
    assert all(float(r["p24"]) > 0 for r in before), "history before the task is as it was"


def test_codes_are_bound_to_their_app_and_redirect_and_expire(isolarcloud: CloudHandle) -> None:
    client = Platform(isolarcloud)
    assert client.exchange(consent_code(isolarcloud), "https://elsewhere.example/")["result_code"] == "010"
    code = admin_code(isolarcloud)
    isolarcloud.clock.advance(601)
    assert client.exchange(code)["result_code"] == "010", "codes are short-lived"
    encrypted_only = Platform(isolarcloud, isolarcloud.credentials["encrypted_app"])
    assert encrypted_only.exchange(admin_code(isolarcloud))["result_code"] == "E902"
    page = isolarcloud.client().get("/authorized-app", params={"applicationId": "nope", "redirectUrl": REDIRECT})
    assert page.status_code == 400
    assert "applicationId" in page.json()["solarfakes_error"]
    page = isolarcloud.client().get("/authorized-app", params={"applicationId": client.appkey, "redirectUrl": "x"})
    assert page.status_code == 400


def test_admin_oauth_code_refuses_what_it_cannot_mint(isolarcloud: CloudHandle) -> None:
    with admin_client(isolarcloud) as admin:
        assert admin.post("/_solarfakes/oauth-code", json={"api": "growatt_v1"}).status_code == 404
        assert admin.post("/_solarfakes/oauth-code", json={}).status_code == 404
        assert (
            admin.post("/_solarfakes/oauth-code", json={"api": "isolarcloud", "account": "nobody"}).status_code == 404
        )
        assert admin.post("/_solarfakes/oauth-code", json={"api": "isolarcloud", "redirect_uri": 3}).status_code == 400
        bound = admin.post("/_solarfakes/oauth-code", json={"api": "isolarcloud", "redirect_uri": REDIRECT}).json()
    assert bound["account"] == isolarcloud.simulator.world.account("isolarcloud").name
    assert Platform(isolarcloud).exchange(bound["code"])["result_code"] == "1"


def valid_new_calls(cloud: CloudHandle, uuid: int) -> dict[str, dict[str, Any]]:
    storage = first_key(cloud, 14)
    ps_id = str(cloud.simulator.backend.devices[storage].plant.plant_id)
    return {
        "getOpenPointInfo": {"device_type": "1", "type": "2", "curPage": 1, "size": 50},
        "getDevPropertyPointValue": {"ps_id": ps_id, "device_type": "14", "ps_key_list": [storage],
                                     "point_id_list": ["13257", "13258"]},
        "paramSettingCheck": {"set_type": 2, "uuid": str(uuid)},
        "paramSetting": {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10008", "set_value": "500"}]},
    }  # fmt: skip


def test_new_endpoints_answer_their_schemas_and_agree_with_the_catalogue(
    platform: Platform, isolarcloud: CloudHandle
) -> None:
    _, uuid, _ = inverter(isolarcloud)
    for service, body in valid_new_calls(isolarcloud, uuid).items():
        answer = platform.call(service, body)
        assert answer["result_code"] == "1", (service, answer)
        check_success(isolarcloud.spec, "observed", f"platform_{service}", answer)
    listed = platform.call("getOpenPointInfo", {"device_type": "11", "type": "2", "curPage": 1, "size": 100})
    ids = [str(p["point_id"]) for p in listed["result_data"]["pageList"]]
    now = platform.call("getPowerStationRealTimeData", {"ps_id_list": [str(isolarcloud.credentials["plant_ids"][0])],
                        "point_id_list": ids})["result_data"]["device_point_list"][0]  # fmt: skip
    assert {f"p{i}" for i in ids} <= set(now)
    values = platform.call("getDevPropertyPointValue", valid_new_calls(isolarcloud, uuid)["getDevPropertyPointValue"])
    assert values["result_data"]["property_point_value_list"][0]["property_code"] == "13257"


def test_setting_refusals(platform: Platform, isolarcloud: CloudHandle) -> None:
    _, uuid, _ = inverter(isolarcloud)
    storage = isolarcloud.simulator.backend.devices[first_key(isolarcloud, 14)].uuid
    unsupported = platform.call("paramSettingCheck", {"set_type": 0, "uuid": str(storage)})
    assert unsupported["result_data"]["dev_result_list"][0]["check_result"] == "9"
    refused = platform.call(
        "paramSetting", {"set_type": 0, "uuid": str(storage), "param_list": [{"param_code": "10008", "set_value": "1"}]}
    )
    assert refused["result_data"]["dev_result_list"][0] == {"uuid": storage, "code": "9", "task_id": None}
    bad = [
        {"set_type": 1, "uuid": str(uuid), "param_list": [{"param_code": "10008", "set_value": "1"}]},
        {"set_type": 0, "uuid": "1", "param_list": [{"param_code": "10008", "set_value": "1"}]},
        {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10008", "set_value": "1001"}]},
        {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10007", "set_value": "1"}]},
        {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "99999", "set_value": "1"}]},
        {"set_type": 0, "uuid": str(uuid), "param_list": ["10008"]},
        {"set_type": 0, "uuid": str(uuid), "param_list": []},
    ]
    for body in bad:
        answer = platform.call("paramSetting", body)
        assert answer["result_code"] == "010", (body, answer)
        check_error(isolarcloud.spec, "observed", "platform_paramSetting", answer)
    assert platform.call("paramSetting", {"set_type": 0, "uuid": str(uuid)})["result_code"] == "009"
    assert platform.call("getParamSettingTask", {"task_id": "1", "uuid": str(uuid)})["result_code"] == "010"
    other = Platform(isolarcloud)
    other.access_token = "not-a-token"
    assert other.call("paramSettingCheck", {"set_type": 0, "uuid": str(uuid)})["result_code"] == "E00003"


def test_every_declared_code_of_the_new_endpoints_by_injection(platform: Platform, isolarcloud: CloudHandle) -> None:
    _, uuid, _ = inverter(isolarcloud)
    calls = valid_new_calls(isolarcloud, uuid) | {"getParamSettingTask": {"task_id": "1", "uuid": str(uuid)}}
    for endpoint_id in NEW:
        endpoint = isolarcloud.spec.endpoint(endpoint_id)
        for ref in endpoint.errors:
            isolarcloud.faults.arm(ref.code, endpoint=endpoint_id, times=1)
            answer = platform.call(endpoint_id.removeprefix("platform_"), calls[endpoint_id.removeprefix("platform_")])
            assert answer["result_code"] == str(ref.code), (endpoint_id, answer)
            check_error(isolarcloud.spec, "observed", endpoint_id, answer)


def plant_points(client: Platform, cloud: CloudHandle, plant_id: int) -> dict[str, float]:
    """The plant's own points and the sums of its inverters' points, read at the same moment."""
    backend = cloud.simulator.backend
    plant_key = f"{plant_id}_11_0_0"
    keys = [k for k, d in backend.devices.items() if d.plant.plant_id == plant_id and d.device_type == 1]
    body = {"ps_key_list": [plant_key], "point_id_list": ["83033", "83022", "83024", "83549"], "device_type": "11"}
    (row,) = client.call("getDeviceRealTimeData", body)["result_data"]["device_point_list"]
    body = {"ps_key_list": keys, "point_id_list": ["24", "1", "2"], "device_type": "1"}
    rows = client.call("getDeviceRealTimeData", body)["result_data"]["device_point_list"]
    found = {key: float(row["device_point"][key]) for key in ("p83033", "p83022", "p83024", "p83549")}
    for point in ("p24", "p1", "p2"):
        found[point] = sum(float(r["device_point"][point]) for r in rows)
    return found


def test_plant_totals_are_what_their_inverters_delivered_after_a_shutdown(
    platform: Platform, isolarcloud: CloudHandle
) -> None:
    isolarcloud.clock.set(datetime(2026, 6, 21, 9, tzinfo=UTC))
    key, uuid, _ = inverter(isolarcloud)
    plant = isolarcloud.simulator.backend.devices[key].plant
    before = plant_points(platform, isolarcloud, plant.plant_id)
    assert before["p83033"] > 0
    write = {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10011", "set_value": "206"}]}
    task = platform.call("paramSetting", write)["result_data"]["dev_result_list"][0]["task_id"]
    follow(platform, isolarcloud, uuid, task)
    isolarcloud.clock.advance(3600)
    during = plant_points(platform, isolarcloud, plant.plant_id)
    raw = plant.now_slot(isolarcloud.clock.now())
    assert raw.pv_w > 0, "the sun still shines on the plant: the limit, not the night, stops the inverter"
    assert during["p83033"] == pytest.approx(during["p24"], abs=0.2), "plant power is what its inverters deliver"
    assert during["p83022"] == pytest.approx(during["p1"], abs=1.0), "plant daily yield is its inverters' sum"
    assert during["p83024"] == pytest.approx(during["p2"], abs=1.0), "plant lifetime yield is its inverters' sum"
    lost = raw.pv_w - during["p83033"]
    assert lost > 0
    assert during["p83549"] == pytest.approx(raw.grid_w + lost, abs=0.2), "the grid makes up what was not produced"
    listed = platform.call("queryPowerStationList", {"page": 1, "size": 50})["result_data"]["pageList"]
    (row,) = [r for r in listed if r["ps_id"] == plant.plant_id]
    assert float(row["curr_power"]["value"]) == pytest.approx(during["p83033"], abs=0.051)  # points: one decimal
    isolarcloud.clock.advance(86_400)  # the next day: the counters carry the loss over midnight, never going back
    after = plant_points(platform, isolarcloud, plant.plant_id)
    assert after["p83024"] >= during["p83024"]
    assert after["p2"] >= during["p2"]
    assert after["p83024"] == pytest.approx(after["p2"], abs=2.0)


@pytest.mark.solarfakes(profile="documented")
def test_documented_profile_has_no_consent_page(isolarcloud: CloudHandle) -> None:
    """The document knows no OAuth2: its consent page, like the platform endpoints, is observed only."""
    url = urlsplit(isolarcloud.credentials["authorize_url"] + REDIRECT)
    response = isolarcloud.client().get(f"{url.path}?{url.query}", follow_redirects=False)
    assert response.status_code == 404
    assert response.json()["solarfakes_error"] == "no API is served at this path"
