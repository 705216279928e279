"""iSolarCloud's observed profile answers with the fields real captures show, each with its real type.

The tables below name, per endpoint, every field of a captured answer and the type it has there: the document's
samples, the developer portal's samples (isolarcloud-portal quick-start), the fixtures recorded from live answers in
Afrouper/sungrow-api-client (src/test/resources/*.json) and its typed OAuth2 models (dto/v2/*.java). The spec cites
each one where the field is declared; here every field must be present in a live answer with that type.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from test_isolarcloud import Plain, first_key
from test_isolarcloud_platform import Platform, admin_code

from solarfakes.contracts.schema_check import check_success
from solarfakes.simulators.core.shape import conform, format_time
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.specs.model import FieldSchema

NONE = type(None)
NUMBER = (int, float)
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")  # "2023-06-13 15:40:56"
OFFSET_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")  # "2025-08-17T22:31:36+08:00"
STAMP = re.compile(r"\d{14}")  # "20241127151500"
Expected = type | tuple[type, ...] | re.Pattern[str]

# Afrouper queryPlantListResponse.json and the portal's getPowerStationList sample; the unit/value objects and
# total_capcity (sic) as Afrouper's Plant type reads them.
PLANT_ROW: dict[str, Expected] = {
    "ps_id": int, "ps_name": str, "ps_type": int, "valid_flag": int, "share_type": str, "install_date": DATETIME,
    "ps_current_time_zone": str, "ps_location": str, "description": (str, NONE), "longitude": NUMBER,
    "latitude": NUMBER, "ps_status": int, "ps_fault_status": int, "build_status": int, "connect_type": int,
    "fault_count": int, "alarm_count": int, "online_status": int, "grid_connection_status": int,
    "update_time": DATETIME, "grid_connection_time": (int, NONE), "curr_power_update_time": OFFSET_TIME,
    "curr_power": dict, "total_energy": dict, "today_energy": dict, "total_capcity": dict, "equivalent_hour": dict,
    "today_income": dict, "total_income": dict, "co2_reduce": dict, "co2_reduce_total": dict,
}  # fmt: skip
# Afrouper basicPlantInfoResponse.json (the 2.4.5 sample has the same keys).
PLANT_DETAIL: dict[str, Expected] = {
    "design_capacity": float, "alarm_count": int, "ps_key": str, "latitude": float, "description": (str, NONE),
    "ps_price_kwh": (str, NONE), "ps_fault_status": int, "ps_type_name": str, "build_status": int,
    "install_date": DATETIME, "ps_type": int, "email": (str, NONE), "longitude": float, "param_income_unit_name": str,
    "ps_price": (str, NONE), "ps_name": str, "share_user_type": (int, NONE), "ps_location": str, "share_type": str,
    "ps_current_time_zone": str, "user_moble_tel": (str, NONE), "ps_id": int, "communication_dev_detail_list": list,
    "connect_type": int, "ps_status": int, "fault_count": int,
}  # fmt: skip
# Afrouper queryDeviceListResponse.json: dev_status a string, dev_fault_status an int.
DEVICE_ROW: dict[str, Expected] = {
    "chnnl_id": int, "type_name": str, "ps_key": str, "device_sn": (str, NONE), "dev_status": str, "device_type": int,
    "factory_name": str, "uuid": int, "grid_connection_date": DATETIME, "device_name": str, "dev_fault_status": int,
    "rel_state": int, "device_code": int, "ps_id": int, "device_model_id": int, "communication_dev_sn": (str, NONE),
    "device_model_code": str,
}  # fmt: skip
# Afrouper deviceRealTimeDataResponse.json: here dev_status and dev_fault_status are ints.
DEVICE_POINT: dict[str, Expected] = {
    "device_name": str, "dev_fault_status": int, "ps_key": str, "device_sn": (str, NONE), "dev_status": int,
    "ps_id": int, "communication_dev_sn": (str, NONE), "uuid": int, "device_time": STAMP,
}  # fmt: skip
# The 2.6.5 sample and Afrouper realtimeDataResponse.json: every one of these keys in every device_point.
PV_POINT_KEYS = [
    1, 2, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 43, 45, 46, 47, 48, 49,
    50, 51, 52, 53, 54, 55, 56, 57, 58, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 87, 88, 96, 97, 98, 99, 100, 101,
    102, 103, 104, 105, 304,
]  # fmt: skip
# Afrouper getOpenPointInfoResponse.json: units may be null.
OPEN_POINT: dict[str, Expected] = {
    "point_id": int, "open_point_remark": (str, NONE), "storage_unit": (str, NONE), "show_unit": (str, NONE),
    "device_type": int, "point_name": str,
}  # fmt: skip
# Afrouper loginResponse.json, the portal's login sample: all strings, disable_time null.
LOGIN: dict[str, Expected] = {
    **dict.fromkeys(("user_master_org_id", "mobile_tel", "user_name", "language", "token", "err_times", "user_id",
                     "login_state", "country_name", "user_account", "user_master_org_name", "email", "country_id"), str),
    "disable_time": (str, NONE),
}  # fmt: skip
# The portal's token and refresh samples (isolarcloud-portal quick-start); Afrouper dto/v2/TokenResponse.java.
TOKENS: dict[str, Expected] = {
    "access_token": str, "token_type": str, "refresh_token": str, "expires_in": int, "auth_ps_list": list,
    "auth_user": int,
}  # fmt: skip
REFRESHED: dict[str, Expected] = {
    "access_token": str, "refresh_token": str, "code": str, "token_type": str, "expires_in": int,
}  # fmt: skip
# Afrouper dto/v2/DevicePointList.java and PointInformation.java.
POINT_DICT_ENTRY: dict[str, Expected] = {"point_id": (int, str), "point_name": str, "point_unit": str}


def fits(value: Any, expected: Expected) -> bool:
    if isinstance(expected, re.Pattern):
        return isinstance(value, str) and expected.fullmatch(value) is not None
    if isinstance(value, bool):
        return False  # no field of these answers is a JSON boolean
    return isinstance(value, expected)


def assert_shape(where: str, row: dict[str, Any], table: dict[str, Expected]) -> None:
    missing = sorted(set(table) - set(row))
    assert not missing, f"{where} lacks {missing}"
    wrong = {name: row[name] for name, expected in table.items() if not fits(row[name], expected)}
    assert not wrong, f"{where}: fields of the wrong type {wrong}"


@pytest.fixture
def plain(isolarcloud: CloudHandle) -> Plain:
    client = Plain(isolarcloud)
    assert_shape("login", client.login()["result_data"], LOGIN)
    return client


def test_documented_endpoints_carry_the_captured_fields_with_their_types(
    plain: Plain, isolarcloud: CloudHandle
) -> None:
    ps_id = str(isolarcloud.credentials["plant_ids"][0])
    calls = {
        "getPowerStationList": ({"curPage": 1, "size": 10}, ["pageList", 0], PLANT_ROW),
        "getPowerStationDetail": ({"ps_id": ps_id}, [], PLANT_DETAIL),
        "getDeviceList": ({"ps_id": ps_id, "curPage": 1, "size": 10}, ["pageList", 0], DEVICE_ROW),
        "getDeviceListByUser": ({"curPage": 1, "size": 10}, ["pageList", 0], DEVICE_ROW),
        "getOpenPointInfo": ({"device_type": "1", "type": "2", "curPage": 1, "size": 5}, ["pageList", 0], OPEN_POINT),
        "getDeviceRealTimeData": ({"ps_key_list": [first_key(isolarcloud, 11)], "point_id_list": ["83022", "83033"],
                                   "device_type": "11"}, ["device_point_list", 0, "device_point"], DEVICE_POINT),
    }  # fmt: skip
    for service, (body, path, table) in calls.items():
        answer = plain.post(service, body)
        assert answer["result_code"] == "1", (service, answer)
        check_success(isolarcloud.spec, "observed", service, answer)
        row = answer["result_data"]
        for step in path:
            row = row[step]
        assert_shape(service, row, table)
    realtime = plain.post(
        "getDeviceRealTimeData",
        {"ps_key_list": [first_key(isolarcloud, 11)], "point_id_list": ["83022", "83033"], "device_type": "11"},
    )["result_data"]
    assert realtime["fail_ps_key_list"] == []
    assert all(
        isinstance(v, str) for v in (realtime["device_point_list"][0]["device_point"][k] for k in ("p83022", "p83033"))
    )


def test_pv_inverter_points_list_every_key_null_where_unmeasured(plain: Plain, isolarcloud: CloudHandle) -> None:
    inverter = first_key(isolarcloud, 1)
    serial = isolarcloud.simulator.backend.devices[inverter].sn
    answer = plain.post("getPVInverterRealTimeData", {"sn_list": [serial, "NO-SUCH-SN"]})
    check_success(isolarcloud.spec, "observed", "getPVInverterRealTimeData", answer)
    assert answer["result_data"]["fail_sn_list"] == ["NO-SUCH-SN"]
    (entry,) = answer["result_data"]["device_point_list"]
    point = entry["device_point"]
    assert_shape("getPVInverterRealTimeData", point, DEVICE_POINT)
    assert_shape("getPVInverterRealTimeData points", point, {f"p{k}": (str, NONE) for k in PV_POINT_KEYS})
    assert point["p304"] is None, "points the fake does not model read null"
    assert point["p25"] is None
    assert isinstance(point["p24"], str), "a modelled point keeps its value"


def test_platform_endpoints_carry_the_captured_fields_with_their_types(isolarcloud: CloudHandle) -> None:
    client = Platform(isolarcloud)
    tokens = client.exchange(admin_code(isolarcloud))
    check_success(isolarcloud.spec, "observed", "apiManage_token", tokens)
    assert_shape("apiManage_token", tokens["result_data"], TOKENS)
    assert tokens["result_data"]["token_type"] == "bearer"
    assert tokens["result_data"]["auth_ps_list"] == [str(p) for p in isolarcloud.credentials["plant_ids"]]
    ps_id = str(isolarcloud.credentials["plant_ids"][0])
    calls = {
        "queryPowerStationList": ({"page": 1, "size": 10}, ["pageList", 0], PLANT_ROW),
        "getPowerStationDetail": ({"ps_ids": ps_id}, ["data_list", 0], PLANT_DETAIL),
        "getDeviceListByPsId": ({"ps_id": ps_id, "page": 1, "size": 10}, ["pageList", 0], DEVICE_ROW),
        "getOpenPointInfo": ({"device_type": "1", "type": "2", "curPage": 1, "size": 5}, ["pageList", 0], OPEN_POINT),
    }  # fmt: skip
    for service, (body, path, table) in calls.items():
        answer = client.call(service, body)
        assert answer["result_code"] == "1", (service, answer)
        check_success(isolarcloud.spec, "observed", f"platform_{service}", answer)
        row = answer["result_data"]
        for step in path:
            row = row[step]
        assert_shape(f"platform {service}", row, table)
    inverter = first_key(isolarcloud, 1)
    body = {
        "ps_key_list": [inverter, "1_1_1_1"],
        "point_id_list": ["24", "1"],
        "device_type": "1",
        "is_get_point_dict": "1",
    }
    realtime = client.call("getDeviceRealTimeData", body)
    check_success(isolarcloud.spec, "observed", "platform_getDeviceRealTimeData", realtime)
    data = realtime["result_data"]
    assert data["illegal_ps_key_list"] == ["1_1_1_1"]
    assert [str(p["point_id"]) for p in data["point_dict"]] == ["24", "1"]
    for entry in data["point_dict"]:
        assert_shape("point_dict", entry, POINT_DICT_ENTRY)
    assert_shape("platform getDeviceRealTimeData", data["device_point_list"][0]["device_point"], DEVICE_POINT)
    without = client.call("getDeviceRealTimeData", {**body, "is_get_point_dict": "0"})["result_data"]
    assert "point_dict" not in without
    refreshed = client.post("apiManage/refreshToken", {"refresh_token": tokens["result_data"]["refresh_token"]})
    check_success(isolarcloud.spec, "observed", "apiManage_refreshToken", refreshed)
    assert_shape("apiManage_refreshToken", refreshed["result_data"], REFRESHED)
    assert refreshed["result_data"]["code"] == "1"


@pytest.mark.solarfakes(profile="documented")
def test_documented_rows_keep_to_the_document(isolarcloud: CloudHandle) -> None:
    client = Plain(isolarcloud)
    client.login()
    row = client.post("getPowerStationList", {"curPage": 1, "size": 1})["result_data"]["pageList"][0]
    observed_only = {"online_status", "grid_connection_status", "update_time", "grid_connection_time",
                     "curr_power_update_time"}  # fmt: skip
    assert not observed_only & set(row), "fields the document does not have"
    assert OFFSET_TIME.fullmatch(row["cur_power_update_time"]), "2.3.4: yyyy-MM-dd'T'HH:mm:ssXXX"
    points = client.post("getOpenPointInfo", {"device_type": "1", "type": "2", "curPage": 1, "size": 5})
    check_success(isolarcloud.spec, "documented", "getOpenPointInfo", points)


@pytest.mark.parametrize(
    ("offset", "text"),
    [(timedelta(hours=8), "2025-08-17T22:31:36+08:00"), (timedelta(0), "2025-08-17T22:31:36Z"),
     (timedelta(hours=-1), "2025-08-17T22:31:36-01:00")],
)  # fmt: skip
def test_offset_times_are_written_as_java_writes_xxx(offset: timedelta, text: str) -> None:
    moment = datetime(2025, 8, 17, 22, 31, 36, tzinfo=timezone(offset))
    assert format_time(moment, "yyyy-MM-dd'T'HH:mm:ssXXX") == text


def test_a_time_typed_integer_with_a_format_is_its_digits() -> None:
    stamp = FieldSchema(type=["integer", "null"], format="yyyyMMddHHmmss")
    assert conform(datetime(2023, 8, 8, 15, 28, tzinfo=UTC), stamp) == 20230808152800
    assert conform(None, stamp) is None
    millis = FieldSchema(type="integer")
    assert conform(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC), millis) == 1000, "without a format: epoch ms as before"
