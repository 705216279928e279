"""iSolarCloud: plain and encrypted calls, login and tokens, one point catalogue, quotas, every code on demand."""

from __future__ import annotations

import base64
import json
import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle

HEADERS = {"sys_code": "901", "content-type": "application/json;charset=UTF-8"}


class Plain:
    """A plain-mode client as 1.3 and Appendix 3 describe it."""

    def __init__(self, cloud: CloudHandle, app: dict[str, str] | None = None) -> None:
        self.cloud, self.creds = cloud, cloud.credentials
        app = app or {"appkey": self.creds["appkey"], "access_key": self.creds["access_key"]}
        self.appkey, self.access_key = app["appkey"], app["access_key"]
        self.http = cloud.client()
        self.token = ""

    def post(self, service: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
        sent = {"appkey": self.appkey, "token": self.token, "lang": "_en_US", **body}
        response = self.http.post(
            f"/openapi/{service}", json=sent, headers={**HEADERS, "x-access-key": self.access_key, **headers}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def login(self) -> dict[str, Any]:
        body = self.post(
            "login", {"user_account": self.creds["user_account"], "user_password": self.creds["user_password"]}
        )
        self.token = body["result_data"]["token"]
        return body


class Encrypted(Plain):
    """An encrypted-mode client written from the document's Appendix 4-7 alone, on `cryptography`."""

    def seal(self, body: dict[str, Any], key: str) -> tuple[bytes, str]:
        public = serialization.load_pem_public_key(self.creds["rsa_public_key"].encode())
        wrapped = public.encrypt(key.encode(), rsa_padding.PKCS1v15())  # type: ignore[union-attr]
        header = base64.urlsafe_b64encode(wrapped).decode().rstrip("=")  # encodeBase64URLSafeString
        padder = padding.PKCS7(128).padder()
        data = padder.update(json.dumps(body).encode()) + padder.finalize()
        encryptor = Cipher(algorithms.AES(key.encode()), modes.ECB()).encryptor()
        return (encryptor.update(data) + encryptor.finalize()).hex().upper().encode(), header

    def open(self, text: str, key: str) -> dict[str, Any]:
        decryptor = Cipher(algorithms.AES(key.encode()), modes.ECB()).decryptor()
        padded = decryptor.update(bytes.fromhex(text)) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return dict(json.loads(unpadder.update(padded) + unpadder.finalize()))

    def post(self, service: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
        key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
        stamp = str(int(self.cloud.clock.timestamp() * 1000))
        nonce = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        sent = {"appkey": self.appkey, "token": self.token, "lang": "_en_US",
                "api_key_param": {"nonce": nonce, "timestamp": stamp}, **body}  # fmt: skip
        content, wrapped = self.seal(sent, key)
        all_headers = {**HEADERS, "x-access-key": self.access_key, "x-random-secret-key": wrapped, **headers}
        response = self.http.post(f"/openapi/{service}", content=content, headers=all_headers)
        assert response.status_code == 200
        text = response.text
        return json.loads(text) if text.startswith("{") else self.open(text, key)


@pytest.fixture
def plain(isolarcloud: CloudHandle) -> Plain:
    client = Plain(isolarcloud)
    client.login()
    return client


def first_key(cloud: CloudHandle, device_type: int) -> str:
    return next(k for k in cloud.credentials["ps_keys"] if k.split("_")[1] == str(device_type))


def valid_calls(cloud: CloudHandle) -> dict[str, dict[str, Any]]:
    creds = cloud.credentials
    ps_id = str(creds["plant_ids"][0])
    inverter = first_key(cloud, 1)
    logger_sn = None
    return {
        "getOpenApiCallInfo": {},
        "getPowerStationList": {"curPage": 1, "size": 10},
        "getPowerStationDetail": {"ps_id": ps_id},
        "getDeviceList": {"ps_id": ps_id, "curPage": "1", "size": "10", "is_get_firmware_version": "1"},
        "getPVInverterRealTimeData": {"ps_key_list": [inverter]},
        "getDevicePointMinuteDataList": {"points": "p1,p24", "ps_key_list": [inverter], "start_time_stamp": "20260621080000",
                                         "end_time_stamp": "20260621110000", "minute_interval": "15"},
        "getDevicePointsDayMonthYearDataList": {"ps_key_list": [inverter], "data_point": "p1,p24", "start_time": "20260618",
                                                "end_time": "20260621", "data_type": "1,2", "query_type": "1"},
        "getFaultAlarmInfo": {"curPage": "1", "size": "10", "process_status": "9", "startTime": "202606010000", "endTime": "202606212359"},
        "getOpenPointInfo": {"device_type": "1", "type": "2", "curPage": "1", "size": "50"},
        "getDevPropertyPointValue": {"ps_id": str(cloud.simulator.backend.devices[first_key(cloud, 14)].plant.plant_id),
                                     "device_type": "14", "ps_key_list": [first_key(cloud, 14)], "point_id_list": ["13257", "13258"]},
        "getCommunicationDevInfoByDevSn": {"dev_sn": logger_sn or cloud.simulator.backend.devices[inverter].sn},
        "getDeviceListByUser": {"curPage": "1", "size": "100"},
        "getDeviceRealTimeData": {"ps_key_list": [first_key(cloud, 11)], "point_id_list": ["83022", "83033"], "device_type": "11"},
    }  # fmt: skip


def test_every_documented_endpoint_answers_its_schema_in_plain_and_encrypted_mode(isolarcloud: CloudHandle) -> None:
    for client in (Plain(isolarcloud), Encrypted(isolarcloud)):
        login = client.login()
        check_success(isolarcloud.spec, "observed", "login", login)
        assert all(isinstance(v, str) for v in login["result_data"].values() if v is not None)
        for service, body in valid_calls(isolarcloud).items():
            answer = client.post(service, body)
            assert answer["result_code"] == "1", (service, answer)
            check_success(isolarcloud.spec, "observed", service, answer)


@pytest.mark.solarfakes(profile="documented")
def test_documented_profile_answers_its_schemas(isolarcloud: CloudHandle) -> None:
    client = Plain(isolarcloud)
    check_success(isolarcloud.spec, "documented", "login", client.login())
    for service, body in valid_calls(isolarcloud).items():
        answer = client.post(service, body)
        check_success(isolarcloud.spec, "documented", service, answer)
    assert (
        client.post("getPowerStationList", {"curPage": 1, "size": 1})["result_data"]["pageList"][0]["curr_power"][
            "unit"
        ]
        == "kW"
    )


def test_appendix_client_reads_real_time_minute_and_history_that_agree(isolarcloud: CloudHandle) -> None:
    client = Encrypted(isolarcloud)
    assert client.login()["result_data"]["login_state"] == "1"
    key = first_key(isolarcloud, 1)
    now = client.post("getPVInverterRealTimeData", {"ps_key_list": [key]})["result_data"]["device_point_list"][0][
        "device_point"
    ]
    minutes = client.post("getDevicePointMinuteDataList", {"points": "p1,p24", "ps_key_list": [key],
                          "start_time_stamp": "20260621000000", "end_time_stamp": "20260621025500"})  # fmt: skip
    assert minutes["result_msg"] == "success"
    zone_now = now["device_time"]
    late = client.post("getDevicePointMinuteDataList", {"points": "p1,p24", "ps_key_list": [key],
                       "start_time_stamp": zone_now[:8] + "000000", "end_time_stamp": zone_now[:8] + "235500"})  # fmt: skip
    assert late["result_code"] == "010", "a whole day is more than 3 hours"
    rows = []
    for hour in range(0, 24, 3):
        start, end = f"{zone_now[:8]}{hour:02d}0000", f"{zone_now[:8]}{hour + 2:02d}5500"
        answer = client.post("getDevicePointMinuteDataList", {"points": "p1,p24", "ps_key_list": [key],
                             "start_time_stamp": start, "end_time_stamp": end})  # fmt: skip
        rows += answer["result_data"].get(key, [])
    assert rows[-1]["time_stamp"] == zone_now
    assert rows[-1]["p24"] == now["p24"]
    assert rows[-1]["p1"] == now["p1"]
    integral = sum(float(r["p24"]) for r in rows) / 12
    assert abs(integral - float(now["p1"])) < 0.2, "a day's minute data integrates to its daily yield"
    days = client.post("getDevicePointsDayMonthYearDataList", {"ps_key_list": [key], "data_point": "p1", "data_type": "2",
                       "start_time": zone_now[:8], "end_time": zone_now[:8], "query_type": "1"})  # fmt: skip
    assert days["result_data"][key]["p1"][0] == {"2": now["p1"], "time_stamp": zone_now[:8]}


def test_month_total_is_the_sum_of_its_days(plain: Plain, isolarcloud: CloudHandle) -> None:
    key = first_key(isolarcloud, 11)
    days = plain.post("getDevicePointsDayMonthYearDataList", {"ps_key_list": [key], "data_point": "p83022", "data_type": "2",
                      "start_time": "20260501", "end_time": "20260531", "query_type": "1"})["result_data"][key]["p83022"]  # fmt: skip
    month = plain.post("getDevicePointsDayMonthYearDataList", {"ps_key_list": [key], "data_point": "p83022", "data_type": "4",
                       "start_time": "202605", "end_time": "202605", "query_type": "2"})["result_data"][key]["p83022"]  # fmt: skip
    assert len(days) == 31
    assert abs(sum(float(d["2"]) for d in days) - float(month[0]["4"])) < 1.0


@pytest.mark.parametrize(
    ("query_type", "start", "end", "code"),
    [("1", "20260101", "20260501", "010"), ("1", "20260301", "20260601", "1"), ("2", "202401", "202602", "010"),
     ("2", "202402", "202602", "1"), ("3", "2020", "2026", "010"), ("1", "202601", "202602", "010")],
)  # fmt: skip
def test_spans_follow_query_type(
    plain: Plain, isolarcloud: CloudHandle, query_type: str, start: str, end: str, code: str
) -> None:
    body = {"ps_key_list": [first_key(isolarcloud, 11)], "data_point": "p83022", "data_type": "2",
            "start_time": start, "end_time": end, "query_type": query_type}  # fmt: skip
    assert plain.post("getDevicePointsDayMonthYearDataList", body)["result_code"] == code


def test_illegal_devices_are_listed_in_result_msg(plain: Plain, isolarcloud: CloudHandle) -> None:
    body = valid_calls(isolarcloud)["getDevicePointMinuteDataList"] | {
        "ps_key_list": [first_key(isolarcloud, 1), "1_1_1_1"]
    }
    answer = plain.post("getDevicePointMinuteDataList", body)
    assert answer["result_code"] == "1"
    assert answer["result_msg"] == "illegal device list:1_1_1_1"


def test_catalogue_lists_what_real_time_answers(plain: Plain, isolarcloud: CloudHandle) -> None:
    for device_type in (1, 7, 11, 14):
        listed = plain.post(
            "getOpenPointInfo", {"device_type": str(device_type), "type": "2", "curPage": 1, "size": 100}
        )
        ids = [str(p["point_id"]) for p in listed["result_data"]["pageList"]]
        body = {
            "ps_key_list": [first_key(isolarcloud, device_type)],
            "point_id_list": ids,
            "device_type": str(device_type),
        }
        point = plain.post("getDeviceRealTimeData", body)["result_data"]["device_point_list"][0]["device_point"]
        assert {f"p{i}" for i in ids} <= set(point)


def test_login_states_count_down_and_lock_until_the_lock_runs_out(isolarcloud: CloudHandle) -> None:
    client = Plain(isolarcloud)
    account = client.creds["user_account"]
    assert (
        client.post("login", {"user_account": "nobody@x", "user_password": "x"})["result_data"]["login_state"] == "-1"
    )
    states = [
        client.post("login", {"user_account": account, "user_password": "wrong"})["result_data"] for _ in range(5)
    ]
    assert [s["login_state"] for s in states] == ["0", "0", "0", "0", "2"]
    assert [s["remain_times"] for s in states] == ["4", "3", "2", "1", "0"]
    good = {"user_account": account, "user_password": client.creds["user_password"]}
    assert client.post("login", good)["result_data"]["login_state"] == "2"
    isolarcloud.clock.advance(3601)
    assert client.post("login", good)["result_data"]["login_state"] == "1"
    locked = client.creds["admin_locked_user"]
    assert client.post("login", locked)["result_data"]["login_state"] == "5"


def test_token_slides_for_24_hours_then_expires(plain: Plain, isolarcloud: CloudHandle) -> None:
    assert plain.token.startswith(plain.token.split("_")[0] + "_")
    assert len(plain.token.split("_")[1]) == 32
    isolarcloud.clock.advance(86000)
    assert plain.post("getPowerStationList", {"curPage": 1, "size": 1})["result_code"] == "1"
    isolarcloud.clock.advance(86000)
    assert plain.post("getPowerStationList", {"curPage": 1, "size": 1})["result_code"] == "1"
    isolarcloud.clock.advance(86401)
    assert plain.post("getPowerStationList", {"curPage": 1, "size": 1})["result_code"] == "E00003"


def encrypted_raw(client: Encrypted, body: dict[str, Any], **headers: str) -> httpx.Response:
    key = "A123456zA123456z"
    content, wrapped = client.seal(body, key)
    sent = {**HEADERS, "x-access-key": client.access_key, "x-random-secret-key": wrapped, **headers}
    return client.http.post("/openapi/getPowerStationList", content=content, headers=sent)


def test_natural_causes_of_the_auth_and_crypto_codes(isolarcloud: CloudHandle) -> None:
    creds = isolarcloud.credentials
    plain = Plain(isolarcloud)
    plain.login()
    page = {"curPage": 1, "size": 1}
    assert plain.post("getPowerStationList", page, **{"x-access-key": ""})["result_code"] == "E911"
    assert plain.post("getPowerStationList", page, **{"x-access-key": "nope"})["result_code"] == "E912"
    assert plain.post("getPowerStationList", page, sys_code="")["result_code"] == "003"
    assert plain.post("getPowerStationList", page | {"appkey": ""})["result_code"] == "001"
    assert plain.post("getPowerStationList", page | {"appkey": "X" * 32})["result_code"] == "E00000"
    assert (
        plain.post("getPowerStationList", page | {"appkey": creds["encrypted_app"]["appkey"]})["result_code"] == "E914"
    )
    assert plain.post("getPowerStationList", page | {"token": ""})["result_code"] == "002"
    assert plain.post("getPowerStationList", page | {"token": "1_" + "0" * 32})["result_code"] == "E00003"
    assert plain.post("getPowerStationList", {"size": 1})["result_code"] == "009"
    assert plain.post("getPowerStationList", page | {"ps_type": "2"})["result_code"] == "010"
    only_encrypted = Plain(isolarcloud, creds["encrypted_app"])
    assert only_encrypted.post("login", {"user_account": "a", "user_password": "b"})["result_code"] == "E902"
    assert Encrypted(isolarcloud, creds["encrypted_app"]).login()["result_code"] == "1"
    client = Encrypted(isolarcloud)
    client.login()
    body = {"appkey": client.appkey, "token": client.token, **page}
    stamp = str(int(isolarcloud.clock.timestamp() * 1000))
    assert encrypted_raw(client, body).json()["result_code"] == "E908"
    assert (
        encrypted_raw(client, body | {"api_key_param": {"nonce": "short", "timestamp": stamp}}).json()["result_code"]
        == "E909"
    )
    stale = str(int(stamp) - 301_000)
    assert (
        encrypted_raw(client, body | {"api_key_param": {"nonce": "n" * 32, "timestamp": stale}}).json()["result_code"]
        == "E913"
    )
    fresh = body | {"api_key_param": {"nonce": "r" * 32, "timestamp": stamp}}
    assert not encrypted_raw(client, fresh).text.startswith("{")
    assert encrypted_raw(client, fresh).json()["result_code"] == "E910"
    content, wrapped = client.seal(fresh, "A123456zA123456z")
    headers = {**HEADERS, "x-access-key": client.access_key}
    assert client.http.post("/openapi/login", content=content, headers=headers).json()["result_code"] == "E904"
    bad_hex = {**headers, "x-random-secret-key": wrapped}
    assert client.http.post("/openapi/login", content=b"ABCD", headers=bad_hex).json()["result_code"] == "E905"
    not_rsa = {**headers, "x-random-secret-key": "QUJD"}
    assert client.http.post("/openapi/login", content=content, headers=not_rsa).json()["result_code"] == "E906"
    public = serialization.load_pem_public_key(creds["rsa_public_key"].encode())
    short = base64.urlsafe_b64encode(public.encrypt(b"short", rsa_padding.PKCS1v15())).decode()  # type: ignore[union-attr]
    assert (
        client.http.post("/openapi/login", content=content, headers={**headers, "x-random-secret-key": short}).json()[
            "result_code"
        ]
        == "E907"
    )


@pytest.mark.solarfakes(profile="documented")
def test_documented_profile_wants_url_safe_base64(isolarcloud: CloudHandle) -> None:
    client = Encrypted(isolarcloud)
    public = serialization.load_pem_public_key(client.creds["rsa_public_key"].encode())
    while True:
        wrapped = base64.b64encode(public.encrypt(b"A123456zA123456z", rsa_padding.PKCS1v15())).decode()  # type: ignore[union-attr]
        if "+" in wrapped or "/" in wrapped:
            break
    content, _ = client.seal({"appkey": client.appkey}, "A123456zA123456z")
    headers = {**HEADERS, "x-access-key": client.access_key, "x-random-secret-key": wrapped}
    assert client.http.post("/openapi/login", content=content, headers=headers).json()["result_code"] == "E906"


def test_quota_headers_and_counters_are_true(plain: Plain, isolarcloud: CloudHandle) -> None:
    response = plain.http.post("/openapi/getOpenApiCallInfo", json={"appkey": plain.appkey, "token": plain.token},
                               headers={**HEADERS, "x-access-key": plain.access_key})  # fmt: skip
    assert response.headers["X-Ratelimit-Burst-Capacity"] == "15"
    assert response.headers["X-Ratelimit-Replenish-Rate"] == "10"
    assert response.headers["X-Ratelimit-Remaining"] == "13", "login and this call took a token each"
    info = response.json()["result_data"]
    assert info["today_accessed_times"] == "2"
    assert info["curr_hour_accessed_times"] == "2"
    assert len(info["per_hour_residue_times"]) == 24
    isolarcloud.limits(True)
    codes = [
        plain.post("getOpenPointInfo", {"device_type": "1", "type": "2", "curPage": 1, "size": 1})["result_code"]
        for _ in range(14)
    ]
    assert codes[:13] == ["1"] * 13
    assert codes[13] == "E901"
    isolarcloud.clock.advance(1)
    assert plain.post("getOpenApiCallInfo", {})["result_code"] == "1"


def test_hours_gone_report_what_they_had_left(plain: Plain, isolarcloud: CloudHandle) -> None:
    """The default clock stands at 10:00 UTC; the login fixture has made one call in hour 10."""
    for _ in range(3):
        plain.post("getOpenPointInfo", {"device_type": "1", "type": "2", "curPage": 1, "size": 1})
    isolarcloud.clock.advance(3600)
    plain.post("getOpenPointInfo", {"device_type": "1", "type": "2", "curPage": 1, "size": 1})
    info = plain.post("getOpenApiCallInfo", {})["result_data"]
    residue = {row["hour"]: int(row["times"]) for row in info["per_hour_residue_times"]}
    budget = int(info["per_hour_access_times_config"][0]["max_call_times"])
    assert residue["09"] == budget
    assert residue["10"] == budget - 4, "the login and three reads"
    assert residue["11"] == budget - 2, "one read and this report"
    assert residue["12"] == budget
    assert info["today_accessed_times"] == "6"


def test_hour_budget_answers_e999(plain: Plain, isolarcloud: CloudHandle) -> None:
    isolarcloud.limits(True)
    for _ in range(1999):
        isolarcloud.clock.advance(0.2)
        plain.post("getOpenPointInfo", {"device_type": "1", "type": "2", "curPage": 1, "size": 1})
    isolarcloud.clock.advance(0.2)
    answer = plain.post("getOpenApiCallInfo", {})
    assert answer["result_code"] == "E999"
    assert answer["result_msg"] == "er_hour_call_api_times_upper_limit"


def test_every_code_can_be_armed_and_answers_the_envelope(plain: Plain, isolarcloud: CloudHandle) -> None:
    for error in isolarcloud.spec.errors:
        if str(error.code) == "1":
            continue
        isolarcloud.faults.arm(error.code, endpoint="getPowerStationList", times=1)
        answer = plain.post("getPowerStationList", {"curPage": 1, "size": 1})
        assert answer["result_code"] == str(error.code)
        assert answer["result_msg"] == error.message
        check_error(isolarcloud.spec, "observed", "getPowerStationList", answer)


def test_faults_follow_filters_and_paging(plain: Plain) -> None:
    base = {"curPage": 1, "size": 200, "process_status": "9", "startTime": "202606010000", "endTime": "202606302359"}
    every = plain.post("getFaultAlarmInfo", base)["result_data"]
    assert every["rowCount"] >= 3
    alarms = plain.post("getFaultAlarmInfo", base | {"fault_type": "2"})["result_data"]["pageList"]
    assert alarms
    assert all(row["fault_type"] == 2 for row in alarms)
    second = plain.post("getFaultAlarmInfo", base | {"curPage": 2, "size": 2})["result_data"]["pageList"]
    assert second == every["pageList"][2:4]
    assert plain.post("getFaultAlarmInfo", base | {"endTime": "202607012359"})["result_code"] == "010"


def test_a_closed_fault_query_with_only_a_start_runs_to_now_within_one_month(
    plain: Plain, isolarcloud: CloudHandle
) -> None:
    """Closed faults are asked for within one calendar month (2.9.3); a start alone runs to now, so a start
    in an earlier month is a multi-month query, answered at once rather than walking every day since."""
    isolarcloud.clock.set(datetime(2026, 6, 21, 12, tzinfo=UTC))
    plain.login()
    page = {"curPage": 1, "size": 200, "process_status": "9"}
    alone = plain.post("getFaultAlarmInfo", page | {"startTime": "202606010000"})
    explicit = plain.post("getFaultAlarmInfo", page | {"startTime": "202606010000", "endTime": "202606211200"})
    assert alone["result_code"] == "1"
    assert alone["result_data"] == explicit["result_data"]
    assert alone["result_data"]["rowCount"] > 0
    earlier = plain.post("getFaultAlarmInfo", page | {"startTime": "200001010000"})
    assert (earlier["result_code"], earlier["result_msg"]) == ("010", "er_parameter_value_invalid")
    assert plain.post("getFaultAlarmInfo", page | {"startTime": "202605312359"})["result_code"] == "010"


def test_isolarcloud_open_faults_after_a_jump_are_those_of_the_last_days(
    plain: Plain, isolarcloud: CloudHandle
) -> None:
    """An open fault began within its longest duration, so a window reaching back years after a jump to
    2199 answers as the same window from two days back (and some open fault shows on that day)."""
    page = {"curPage": 1, "size": 200, "endTime": "219906302359"}  # the plants' local times are ahead of UTC
    found = 0
    for minutes in range(0, 24 * 60, 20):
        isolarcloud.clock.set(datetime(2199, 6, 20, tzinfo=UTC) + timedelta(minutes=minutes))
        plain.login()
        wide = plain.post("getFaultAlarmInfo", {**page, "startTime": "202606010000"})
        narrow = plain.post("getFaultAlarmInfo", {**page, "startTime": "219906180000"})
        assert wide["result_code"] == "1"
        assert wide["result_data"] == narrow["result_data"]
        found += wide["result_data"]["rowCount"]
    assert found > 0


def test_oauth_flow_code_token_plants_realtime_refresh(isolarcloud: CloudHandle) -> None:
    creds = isolarcloud.credentials
    client = Plain(isolarcloud)
    grant = {
        "appkey": creds["appkey"],
        "grant_type": "authorization_code",
        "code": creds["auth_code"],
        "redirect_uri": "https://x",
    }
    tokens = client.post("apiManage/token", grant)
    assert tokens["result_code"] == "1"
    assert tokens["access_token"] == tokens["result_data"]["access_token"]
    assert client.post("apiManage/token", grant)["result_code"] == "010", "a code is single use"
    bearer = {"authorization": f"Bearer {tokens['access_token']}"}
    plants = client.post("platform/queryPowerStationList", {"page": 1, "size": 10}, **bearer)
    assert [p["ps_id"] for p in plants["result_data"]["pageList"]] == creds["plant_ids"]
    now = client.post("platform/getPowerStationRealTimeData", {"ps_id_list": [str(creds["plant_ids"][0])],
                      "point_id_list": ["83022", "83033"], "is_get_point_dict": "1"}, **bearer)  # fmt: skip
    assert now["result_data"]["device_point_list"][0]["p83022"] is not None
    assert (
        client.post("platform/queryPowerStationList", {"page": 1, "size": 1}, authorization="Bearer x")["result_code"]
        == "E00003"
    )
    refreshed = client.post("apiManage/refreshToken", {"refresh_token": tokens["refresh_token"]})
    assert refreshed["result_code"] == "1"
    assert refreshed["access_token"] != tokens["access_token"]
    isolarcloud.clock.advance(172800)
    assert client.post("platform/queryPowerStationList", {"page": 1, "size": 1}, **bearer)["result_code"] == "E00003"


def test_reset_keeps_the_server_key_and_a_reseed_changes_it(isolarcloud: CloudHandle) -> None:
    key = isolarcloud.credentials["rsa_public_key"]
    isolarcloud.cloud.reset()
    assert isolarcloud.credentials["rsa_public_key"] == key
    isolarcloud.cloud.reset(seed=2)
    assert isolarcloud.credentials["rsa_public_key"] != key
    assert Encrypted(isolarcloud).login()["result_data"]["login_state"] == "1"


def sign_case(cloud: CloudHandle, case: Any) -> None:
    """For generated requests (test_robustness): the app key and a live session in the body, as a logged-in
    client sends them, and the bearer header on /openapi/platform/*, so fuzzing reaches the handlers."""
    sim = cloud.simulator
    if not isinstance(case.body, dict):
        return
    account = sim.world.account("isolarcloud")
    assert sim.tokens is not None
    case.body.setdefault("appkey", cloud.credentials["appkey"])
    if "/platform/" in case.formatted_path:
        bearer = sim.auth.bearer  # type: ignore[attr-defined]
        case.headers = {
            **(case.headers or {}),
            "authorization": "Bearer " + bearer.issue("primary", cloud.clock.timestamp()).token,
        }
    else:
        case.body.setdefault(
            "token", sim.tokens.issue("primary", cloud.clock.timestamp(), prefix=account.credentials["user_id"]).token
        )


# Where each code the spec calls natural is produced by its real cause ("1" is success itself).
NATURAL_TESTS = {
    "1": "test_appendix_client_reads_real_time_minute_and_history_that_agree",
    **dict.fromkeys(
        [
            "001",
            "002",
            "003",
            "009",
            "010",
            "E00000",
            "E00003",
            "E902",
            "E904",
            "E905",
            "E906",
            "E907",
            "E908",
            "E909",
            "E910",
            "E911",
            "E912",
            "E913",
            "E914",
        ],
        "test_natural_causes_of_the_auth_and_crypto_codes",
    ),
    "E901": "test_quota_headers_and_counters_are_true",
    "E999": "test_hour_budget_answers_e999",
}


def test_every_natural_code_has_its_natural_test(isolarcloud: CloudHandle) -> None:
    natural = {e.code for e in isolarcloud.spec.errors if e.natural}
    assert natural == set(NATURAL_TESTS)
    missing = {name for name in NATURAL_TESTS.values() if not callable(globals().get(name))}
    assert not missing, f"no such test: {missing}"


def test_a_latest_reading_equals_the_last_of_the_whole_day(isolarcloud: CloudHandle) -> None:
    """Real-time reads build only the latest reading; every point must read as the day's last one does."""
    from solarfakes.simulators.vendors.isolarcloud.points import points_of
    from solarfakes.simulators.vendors.isolarcloud.readings import day_readings

    backend = isolarcloud.simulator.backend
    now = isolarcloud.clock.now()
    for device in backend.devices.values():
        day = device.plant.local_date(now)
        whole = day_readings(device.plant, device.device, day, now, backend)
        latest = day_readings(device.plant, device.device, day, now, backend, last_only=True)
        assert len(latest) == min(len(whole), 1)
        for point in points_of(device.device_type):
            assert [point.value(r) for r in latest] == [point.value(r) for r in whole[-1:]], (device.ps_key, point.key)


def test_a_kept_real_time_payload_is_the_payload_the_shape_step_writes(
    plain: Plain, isolarcloud: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """getPVInverterRealTimeData by ps_key_list is kept per slot as its bytes: for one device and several,
    within a slot and across slots, it answers what shaping and writing the rows answers."""
    from solarfakes.simulators.vendors.isolarcloud import realtime

    keys = [k for k in isolarcloud.credentials["ps_keys"] if k.split("_")[1] == "1"]

    def built(backend: Any, devices: list[Any], call: Any) -> dict[str, Any]:
        return {
            "device_point_list": [{"device_point": realtime.listed_device_point(backend, d, call)} for d in devices]
        }

    seen = set()
    for step in [0, 1, 299, 1, 3600]:
        isolarcloud.clock.advance(step)
        for chosen in [keys[:1], keys[:3], [keys[0], "1_1_1_1"]]:
            kept = plain.post("getPVInverterRealTimeData", {"ps_key_list": chosen})
            with monkeypatch.context() as patch:
                patch.setattr(realtime, "kept_realtime_payload", built)
                rows = plain.post("getPVInverterRealTimeData", {"ps_key_list": chosen})
            assert kept["result_code"] == "1"
            assert json.dumps(kept["result_data"]) == json.dumps(rows["result_data"])
            seen.add(json.dumps(kept["result_data"]))
    assert len(seen) > 3, "the answers moved with the slots"
