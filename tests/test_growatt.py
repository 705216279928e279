"""Growatt v1: every endpoint answers its schema, writes show in later reads, every code is reproducible."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle

Call = tuple[str, str, dict[str, Any]]


def valid_calls(creds: dict[str, Any]) -> dict[str, Call]:
    """One valid request per endpoint id, built from the seeded credentials."""
    plant = creds["plant_ids"][0]
    inverter = next(sn for sn in creds["device_sns"] if sn not in creds["storage_sns"])
    storage = creds["storage_sns"][0]
    free = creds["free_dataloggers"][0]
    user = creds["c_user_ids"][0]
    return {
        "user_user_register": ("POST", "/v1/user/user_register", {"user_email": "new@example.com", "user_password": "pw",
                               "user_type": "1", "user_name": "newcomer", "user_country": "Other"}),
        "user_check_user": ("POST", "/v1/user/check_user", {"user_name": "nobody-has-this"}),
        "user_modify": ("POST", "/v1/user/modify", {"c_user_id": user, "mobile": "0123456789"}),
        "user_c_user_list": ("GET", "/v1/user/c_user_list", {}),
        "plant_list": ("GET", "/v1/plant/list", {}),
        "plant_modify": ("POST", "/v1/plant/modify", {"c_user_id": user, "plant_id": plant, "name": "Renamed", "peak_power": "6.5"}),
        "plant_delete": ("POST", "/v1/plant/delete", {"plant_id": creds["plant_ids"][1]}),
        "plant_details": ("GET", "/v1/plant/details", {"plant_id": plant}),
        "plant_data": ("GET", "/v1/plant/data", {"plant_id": plant}),
        "plant_energy": ("GET", "/v1/plant/energy", {"plant_id": plant, "start_date": "2026-06-15", "end_date": "2026-06-21"}),
        "plant_power": ("GET", "/v1/plant/power", {"plant_id": plant, "date": "2026-06-20"}),
        "plant_add": ("POST", "/v1/plant/add", {"c_user_id": user, "name": "Brand new", "peak_power": "4.2"}),
        "plant_user_plant_list": ("POST", "/v1/plant/user_plant_list", {"user_name": creds["c_user_names"][0]}),
        "device_datalogger_list": ("GET", "/v1/device/datalogger/list", {"plant_id": plant}),
        "device_datalogger_add": ("POST", "/v1/device/datalogger/add", {"plant_id": plant, "sn": free["sn"], "c_user_id": user}),
        # deletes the collector the add call above put on the plant (the plant's own one carries its inverter)
        "device_datalogger_delete": ("POST", "/v1/device/datalogger/delete", {"plant_id": plant, "sn": free["sn"]}),
        "device_datalogger_validate": ("POST", "/v1/device/datalogger/validate", {"datalogSn": free["sn"], "valiCode": free["valiCode"]}),
        "device_list": ("GET", "/v1/device/list", {"plant_id": plant}),
        "device_inverter_data": ("GET", "/v1/device/inverter/data", {"device_sn": inverter, "device_id": inverter, "start_date": "2026-06-20", "end_date": "2026-06-21"}),
        "device_inverter_alarm": ("GET", "/v1/device/inverter/alarm", {"device_sn": inverter, "device_id": inverter, "date": "2026-06-20"}),
        "inverterSet": ("POST", "/v1/inverterSet", {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "60", "command_2": ""}),
        "storageSet": ("POST", "/v1/storageSet", {"storage_sn": storage, "type": "storage_ac_charge_soc_limit", "param1": "60"}),
        "device_inverter_last_new_data": ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}),
        "device_inverter_invs_data": ("POST", "/v1/device/inverter/invs_data", {"inverters": inverter, "pageNum": 1}),
        "device_inverter_inv_data_info": ("GET", "/v1/device/inverter/inv_data_info", {"device_sn": inverter}),
        "device_storage_alarm_data": ("POST", "/v1/device/storage/alarm_data", {"storage_sn": storage, "date": "2026-06-20"}),
        "device_storage_storage_last_data": ("POST", "/v1/device/storage/storage_last_data", {"storage_sn": storage}),
        "device_storage_storage_data": ("POST", "/v1/device/storage/storage_data", {"storage_sn": storage, "start_date": "2026-06-21", "end_date": "2026-06-21"}),
        "device_tlx_tlx_last_data": ("POST", "/v1/device/tlx/tlx_last_data", {"tlx_sn": inverter}),
    }  # fmt: skip


def send(http: httpx.Client, call: Call) -> Any:
    method, path, params = call
    response = http.get(path, params=params) if method == "GET" else http.post(path, data=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_endpoint_has_a_valid_call(growatt_cloud: CloudHandle) -> None:
    served = {e.id for e in growatt_cloud.spec.endpoints}
    assert set(valid_calls(growatt_cloud.credentials)) == served


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_every_endpoint_answers_its_documented_schema(
    pytester_profile: Callable[[str], CloudHandle], profile: str
) -> None:
    cloud = pytester_profile(profile)
    calls = valid_calls(cloud.credentials)
    with cloud.client(headers={"token": cloud.credentials["token"]}) as http:
        for endpoint in cloud.spec.endpoints:
            if profile not in endpoint.profiles:
                continue
            body = send(http, calls[endpoint.id])
            assert body["error_code"] == 0, (endpoint.id, body)
            check_success(cloud.spec, profile, endpoint.id, body)  # type: ignore[arg-type]


@pytest.fixture
def pytester_profile(request: pytest.FixtureRequest) -> Any:
    """A Growatt cloud in the given profile, closed after the test."""
    from solarfakes.simulators.pytest_plugin import CloudHandle, make_cloud

    handles: list[CloudHandle] = []

    def build(profile: str) -> CloudHandle:
        request.node.add_marker(pytest.mark.solarfakes(profile=profile))
        handle = CloudHandle(make_cloud(request, "growatt_v1"), "growatt_v1")
        handles.append(handle)
        return handle

    yield build
    for handle in handles:
        handle.close()


def test_payloads_sit_under_data_with_codes_typed_as_ints(growatt: httpx.Client) -> None:
    response = growatt.get("/v1/plant/list")
    assert response.headers["content-type"] == "text/html;charset=UTF-8"
    body = response.json()
    assert list(body) == ["data", "error_code", "error_msg"]
    assert body["error_code"] == 0
    assert isinstance(body["data"]["plants"][0]["total_energy"], str)


@pytest.mark.solarfakes(profile="documented")
def test_documented_profile_is_flat_and_typed_as_the_document(growatt_cloud: CloudHandle) -> None:
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        body = http.get("/v1/plant/list").json()
    assert "data" not in body
    assert body["error_code"] == 0
    assert isinstance(body["plants"][0]["total_energy"], float)


# ---------------------------------------------------------------- state changes visible in later reads


def test_user_register_then_check_and_list(growatt: httpx.Client) -> None:
    created = send(growatt, ("POST", "/v1/user/user_register", {"user_email": "e@x.org", "user_password": "p",
                                                                "user_type": "1", "user_name": "zoe", "user_country": "Other"}))  # fmt: skip
    user_id = created["data"]["c_user_id"]
    assert send(growatt, ("POST", "/v1/user/check_user", {"user_name": "zoe"}))["error_code"] == 10003
    send(growatt, ("POST", "/v1/user/modify", {"c_user_id": user_id, "mobile": "555"}))
    users = send(growatt, ("GET", "/v1/user/c_user_list", {}))["data"]["c_user"]
    assert {"c_user_id": user_id, "c_user_name": "zoe", "c_user_tel": "555"}.items() <= next(
        u for u in users if u["c_user_id"] == user_id
    ).items()


def test_plant_add_modify_delete_round_trip(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    user = growatt_cloud.credentials["c_user_ids"][0]
    before = send(growatt, ("GET", "/v1/plant/list", {}))["data"]["count"]
    added = send(growatt, ("POST", "/v1/plant/add", {"c_user_id": user, "name": "Barn roof", "peak_power": "9.5",
                                                     "latitude": "51.5", "longitude": "-0.1", "timezone_id": "Europe/London"}))  # fmt: skip
    plant_id = added["data"]["plant_id"]
    listed = send(growatt, ("GET", "/v1/plant/list", {"perpage": 100}))["data"]
    assert listed["count"] == before + 1
    assert any(p["plant_id"] == plant_id and p["name"] == "Barn roof" for p in listed["plants"])
    assert len(send(growatt, ("GET", "/v1/device/list", {"plant_id": plant_id}))["data"]["devices"]) == 1
    send(growatt, ("POST", "/v1/plant/modify", {"c_user_id": user, "plant_id": plant_id, "name": "Barn", "peak_power": "10",
                                                "timezone_id": "Europe/London"}))  # fmt: skip
    details = send(growatt, ("GET", "/v1/plant/details", {"plant_id": plant_id}))["data"]
    assert (details["name"], details["peak_power"], details["timezone"]) == ("Barn", 10.0, "GMT+1"), "London in June"
    send(
        growatt,
        (
            "POST",
            "/v1/plant/modify",
            {"c_user_id": user, "plant_id": plant_id, "name": "Barn", "peak_power": "10"},
        ),
    )
    details = send(growatt, ("GET", "/v1/plant/details", {"plant_id": plant_id}))["data"]
    assert details["timezone"] == "GMT+1", "a modify without timezone_id keeps the zone"
    send(growatt, ("POST", "/v1/plant/delete", {"plant_id": plant_id}))
    assert send(growatt, ("GET", "/v1/plant/details", {"plant_id": plant_id}))["error_code"] == 10002
    assert send(growatt, ("GET", "/v1/plant/list", {}))["data"]["count"] == before


def test_datalogger_validate_add_delete_round_trip(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    plant, user, free = creds["plant_ids"][0], creds["c_user_ids"][0], creds["free_dataloggers"][0]
    checked = send(
        growatt,
        ("POST", "/v1/device/datalogger/validate", {"datalogSn": free["sn"], "valiCode": free["valiCode"]}),
    )
    assert "plant_id" not in checked["data"]
    send(
        growatt,
        ("POST", "/v1/device/datalogger/add", {"plant_id": plant, "sn": free["sn"], "c_user_id": user}),
    )
    listed = send(growatt, ("GET", "/v1/device/datalogger/list", {"plant_id": plant}))["data"]["dataloggers"]
    assert free["sn"] in {d["sn"] for d in listed}
    again = send(
        growatt,
        ("POST", "/v1/device/datalogger/validate", {"datalogSn": free["sn"], "valiCode": free["valiCode"]}),
    )
    assert again["data"]["plant_id"] == plant
    assert (
        send(
            growatt,
            ("POST", "/v1/device/datalogger/add", {"plant_id": plant, "sn": free["sn"], "c_user_id": user}),
        )["error_code"]
        == 10003
    )
    send(growatt, ("POST", "/v1/device/datalogger/delete", {"plant_id": plant, "sn": free["sn"]}))
    listed = send(growatt, ("GET", "/v1/device/datalogger/list", {"plant_id": plant}))["data"]["dataloggers"]
    assert free["sn"] not in {d["sn"] for d in listed}


def test_inverter_switched_off_reports_no_output_from_then_on(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    inverter = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    before = send(growatt, ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}))["data"]
    assert before["pac"] > 0
    send(
        growatt,
        ("POST", "/v1/inverterSet", {"device_sn": inverter, "paramId": "pv_on_off", "command_1": "0000"}),
    )
    growatt_cloud.clock.advance(600)
    after = send(growatt, ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}))["data"]
    assert after["pac"] == 0
    assert after["status"] == 0
    info = send(growatt, ("GET", "/v1/device/inverter/inv_data_info", {"device_sn": inverter}))["data"]
    assert info["settings"]["pv_on_off"] == ["0000", ""]


def test_setting_reaches_the_device_only_through_its_collector(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    inverter = valid_calls(creds)["inverterSet"][2]["device_sn"]
    setting = {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "50"}
    send(
        growatt,
        ("POST", "/v1/device/datalogger/delete", {"plant_id": creds["plant_ids"][0], "sn": creds["datalogger_sns"][0]}),
    )
    body = send(growatt, ("POST", "/v1/inverterSet", setting))
    assert body == {"data": "", "error_code": 10005, "error_msg": "Collector dropped"}
    offline_plant = creds["offline_plant_ids"][0]
    devices = send(growatt, ("GET", "/v1/device/list", {"plant_id": offline_plant}))["data"]["devices"]
    offline_inverter = next(d["device_sn"] for d in devices if d["type"] in (1, 7))
    body = send(growatt, ("POST", "/v1/inverterSet", {**setting, "device_sn": offline_inverter}))
    assert body == {"data": "", "error_code": 10003, "error_msg": "inverter dropped"}


def test_active_power_rate_caps_output(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    inverter = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    info = send(growatt, ("GET", "/v1/device/inverter/inv_data_info", {"device_sn": inverter}))["data"]
    send(
        growatt,
        (
            "POST",
            "/v1/inverterSet",
            {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "10"},
        ),
    )
    record = send(growatt, ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}))["data"]
    assert record["pac"] <= info["nominalPower"] * 0.10 + 0.1


@pytest.mark.solarfakes(at="2026-06-21T11:00:00+00:00")
def test_a_setting_shows_in_the_next_real_time_read_at_the_same_instant(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    """The clock stands still: what a read worked out for this instant must not outlive a setting."""
    inverter = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    info = send(growatt, ("GET", "/v1/device/inverter/inv_data_info", {"device_sn": inverter}))["data"]
    cap = info["nominalPower"] * 0.10 + 0.1
    before = send(growatt, ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}))["data"]
    assert before["pac"] > cap  # midday in June: the cap below has something to cut
    setting = {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "10"}
    send(growatt, ("POST", "/v1/inverterSet", setting))
    after = send(growatt, ("GET", "/v1/device/inverter/last_new_data", {"device_sn": inverter}))["data"]
    assert after["pac"] <= cap


# ---------------------------------------------------------------- errors: natural causes


def natural_causes(creds: dict[str, Any]) -> dict[int, Call]:
    plant = creds["plant_ids"][0]
    inverter = valid_calls(creds)["inverterSet"][2]["device_sn"]
    return {
        10001: ("POST", "/v1/device/datalogger/validate", {"datalogSn": "SHORT", "valiCode": "X"}),
        10002: ("GET", "/v1/plant/details", {"plant_id": 1}),
        10003: ("POST", "/v1/user/check_user", {"user_name": creds["c_user_names"][0]}),
        10004: (
            "GET",
            "/v1/plant/energy",
            {"plant_id": plant, "start_date": "2026-06-01", "end_date": "2026-06-21"},
        ),
        10005: ("POST", "/v1/plant/add", {"c_user_id": 1, "name": "x", "peak_power": "1"}),
        10006: ("POST", "/v1/inverterSet", {"device_sn": inverter, "paramId": "pv_turbo", "command_1": "1"}),
        10007: (
            "POST",
            "/v1/inverterSet",
            {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": ""},
        ),
        10008: (
            "POST",
            "/v1/inverterSet",
            {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "101"},
        ),
        10009: (
            "POST",
            "/v1/inverterSet",
            {"device_sn": inverter, "paramId": "pf_sys_year", "command_1": "yesterday"},
        ),
        10011: ("GET", "/v1/plant/details", {"plant_id": creds["other_account_plant_ids"][0]}),
        10013: ("GET", "/v1/plant/list", {"perpage": 101}),
        10014: ("GET", "/v1/plant/list", {"page": 251}),
    }


def test_every_natural_code_has_a_natural_cause(growatt_cloud: CloudHandle) -> None:
    natural = {int(e.code) for e in growatt_cloud.spec.errors if e.natural}
    assert natural - set(natural_causes(growatt_cloud.credentials)) == {10012}, "10012 is covered by the limit tests"


NATURAL_CODES = [10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10011, 10013, 10014]


def test_natural_cause_table_matches_the_list(growatt_cloud: CloudHandle) -> None:
    assert sorted(natural_causes(growatt_cloud.credentials)) == NATURAL_CODES


@pytest.mark.parametrize("code", NATURAL_CODES)
def test_natural_cause_answers_the_vendor_body(growatt: httpx.Client, growatt_cloud: CloudHandle, code: int) -> None:
    body = send(growatt, natural_causes(growatt_cloud.credentials)[code])
    assert body["error_code"] == code
    assert body["data"] == ""
    check_error(growatt_cloud.spec, "observed", None, body)
    assert growatt_cloud.journal.last().error_code == code


def test_wrong_token_is_10011_with_the_live_message(growatt_cloud: CloudHandle) -> None:
    with growatt_cloud.client(headers={"token": "0" * 32}) as http:
        body = http.get("/v1/plant/list").json()
    assert body == {"data": "", "error_code": 10011, "error_msg": "error_permission_denied"}
    assert growatt_cloud.journal.last().diagnostics["check"] == "token"


def test_missing_token_is_10011(growatt_cloud: CloudHandle) -> None:
    with growatt_cloud.client() as http:
        assert http.get("/v1/plant/list").json()["error_code"] == 10011


@pytest.mark.solarfakes(limits=True)
def test_frequency_limit_answers_the_live_10012_body_until_the_window_passes(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    assert (
        growatt.get("/v1/plant/details", params={"plant_id": growatt_cloud.credentials["plant_ids"][0]}).json()[
            "error_code"
        ]
        == 0
    )
    refused = growatt.get("/v1/plant/details", params={"plant_id": growatt_cloud.credentials["plant_ids"][0]}).json()
    assert refused == {"data": "", "error_code": 10012, "error_msg": "error_frequently_access"}
    other = growatt.get("/v1/device/list", params={"plant_id": growatt_cloud.credentials["plant_ids"][0]}).json()
    assert other["error_code"] == 0, "the limit is per endpoint"
    growatt_cloud.clock.advance(300)
    again = growatt.get("/v1/plant/details", params={"plant_id": growatt_cloud.credentials["plant_ids"][0]}).json()
    assert again["error_code"] == 0


@pytest.mark.solarfakes(limits=True)
def test_plant_list_daily_quota_of_ten(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    codes = []
    for _ in range(11):
        codes.append(growatt.get("/v1/plant/list").json()["error_code"])
        growatt_cloud.clock.advance(301)
    assert codes[:10] == [0] * 10
    assert codes[10] == 10012


def test_limits_off_still_counts(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    for _ in range(3):
        assert growatt.get("/v1/plant/list").json()["error_code"] == 0
    counters = growatt_cloud.simulator.meter.snapshot()
    assert any(c["limit"] == "plant_daily_quota" and c["calls"] == 3 for c in counters)


def test_seven_day_history_span(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    sn = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    ok = growatt.get(
        "/v1/device/inverter/data",
        params={"device_sn": sn, "start_date": "2026-06-14", "end_date": "2026-06-21"},
    )
    assert ok.json()["error_code"] == 0
    too_long = growatt.get(
        "/v1/device/inverter/data",
        params={"device_sn": sn, "start_date": "2026-06-13", "end_date": "2026-06-21"},
    )
    assert too_long.json()["error_code"] == 10004
    bad_date = growatt.get(
        "/v1/device/inverter/data",
        params={"device_sn": sn, "start_date": "21/06/2026", "end_date": "2026-06-21"},
    )
    assert bad_date.json()["error_code"] == 10003


# ---------------------------------------------------------------- errors: fault injection


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_every_code_can_be_armed_and_answers_exactly(
    pytester_profile: Callable[[str], CloudHandle], profile: str
) -> None:
    cloud = pytester_profile(profile)
    with cloud.client(headers={"token": cloud.credentials["token"]}) as http:
        for error in cloud.spec.errors:
            cloud.faults.arm(error.code, endpoint="/v1/plant/list", times=1)
            body = http.get("/v1/plant/list").json()
            assert body == {"data": "", "error_code": int(error.code), "error_msg": error.message}
            assert http.get("/v1/plant/list").json()["error_code"] == 0, "times=1 fires once"


def test_fault_for_one_endpoint_leaves_others_alone(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(10001, endpoint="plant_data", times=2)
    plant = growatt_cloud.credentials["plant_ids"][0]
    assert growatt.get("/v1/plant/details", params={"plant_id": plant}).json()["error_code"] == 0
    assert growatt.get("/v1/plant/data", params={"plant_id": plant}).json()["error_code"] == 10001
    assert growatt.get("/v1/plant/data", params={"plant_id": plant}).json()["error_msg"] == "System error"


def test_http_status_fault_and_probability(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(http_status=502, body="<html>502 Bad Gateway</html>", times=1)
    response = growatt.get("/v1/plant/list")
    assert response.status_code == 502
    assert "Bad Gateway" in response.text
    growatt_cloud.faults.arm(10001, probability=0.5)
    codes = [growatt.get("/v1/plant/list").json()["error_code"] for _ in range(40)]
    assert 5 < codes.count(10001) < 35
    assert codes.count(0) > 5


def test_unknown_code_cannot_be_armed(growatt_cloud: CloudHandle) -> None:
    with pytest.raises(ValueError, match="not an error code of growatt_v1"):
        growatt_cloud.faults.arm(6007)


def test_unknown_path_and_method(growatt: httpx.Client) -> None:
    assert growatt.get("/v1/plant/nothing").status_code == 404
    wrong = growatt.post("/v1/plant/list")
    assert wrong.status_code == 405
    assert wrong.json()["allowed"] == ["GET"]


def test_v4_paths_are_aliases_in_reality(growatt: httpx.Client) -> None:
    assert growatt.get("/v4/plant/list").json()["data"]["count"] == 5


@pytest.mark.solarfakes(profile="documented")
def test_v4_paths_are_not_in_the_document(growatt_cloud: CloudHandle) -> None:
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        assert http.get("/v4/plant/list").status_code == 404


def test_modify_edits_the_record_not_the_roof(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    plant = creds["plant_ids"][0]
    before = send(growatt, ("GET", "/v1/plant/data", {"plant_id": plant}))["data"]
    send(growatt, ("POST", "/v1/plant/modify", {"c_user_id": creds["c_user_ids"][0], "plant_id": plant, "name": "Tiny",
                                                "peak_power": "0.5", "timezone_id": "Asia/Tokyo"}))  # fmt: skip
    details = send(growatt, ("GET", "/v1/plant/details", {"plant_id": plant}))["data"]
    assert (details["peak_power"], details["timezone"]) == (0.5, "GMT+9")
    after = send(growatt, ("GET", "/v1/plant/data", {"plant_id": plant}))["data"]
    assert after["total_energy"] == before["total_energy"], "counters never go down"


def test_added_plant_gets_new_ids_and_a_collector_makes_it_settable(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    user = creds["c_user_ids"][0]
    first = send(growatt, ("POST", "/v1/plant/add", {"c_user_id": user, "name": "A", "peak_power": "4"}))["data"][
        "plant_id"
    ]
    send(growatt, ("POST", "/v1/plant/delete", {"plant_id": first}))
    second = send(growatt, ("POST", "/v1/plant/add", {"c_user_id": user, "name": "B", "peak_power": "4"}))["data"][
        "plant_id"
    ]
    assert second != first, "ids are not reused"
    inverter = send(growatt, ("GET", "/v1/device/list", {"plant_id": second}))["data"]["devices"][0]["device_sn"]
    setting = {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "80"}
    assert send(growatt, ("POST", "/v1/inverterSet", setting))["error_code"] == 10005, "no collector yet"
    send(
        growatt,
        (
            "POST",
            "/v1/device/datalogger/add",
            {"plant_id": second, "sn": creds["free_dataloggers"][0]["sn"], "c_user_id": user},
        ),
    )
    assert send(growatt, ("POST", "/v1/inverterSet", setting))["error_code"] == 0


def test_plant_power_in_the_zone_asked_for(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    plant = growatt_cloud.credentials["plant_ids"][0]  # Europe/Berlin, UTC+2 in June
    local = send(growatt, ("GET", "/v1/plant/power", {"plant_id": plant, "date": "2026-06-20"}))["data"]["powers"]
    utc = send(growatt, ("GET", "/v1/plant/power", {"plant_id": plant, "date": "2026-06-20", "timezone_id": "UTC"}))[
        "data"
    ]["powers"]
    assert min(p["time"] for p in local) == "2026-06-20 00:00"
    assert min(p["time"] for p in utc) == "2026-06-19 22:00"


@pytest.mark.solarfakes(profile="documented")
def test_documented_invs_data_returns_the_records(growatt_cloud: CloudHandle) -> None:
    inverter = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        body = send(http, ("POST", "/v1/device/inverter/invs_data", {"inverters": inverter, "pageNum": 1}))
    assert body["inverters"] == [inverter]
    assert body[inverter]["inverterId"] == inverter


@pytest.mark.solarfakes(profile="documented")
def test_documented_history_pages_by_perpage(growatt_cloud: CloudHandle) -> None:
    inverter = valid_calls(growatt_cloud.credentials)["inverterSet"][2]["device_sn"]
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        body = send(http, ("GET", "/v1/device/inverter/data", {"device_id": inverter, "start_date": "2026-06-19",
                                                               "end_date": "2026-06-20", "perpage": 5}))  # fmt: skip
    assert len(body["datas"]) == 5
    assert body["next_page_start_id"] == 6


def test_a_test_turns_limits_on_through_its_handle(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    assert [growatt.get("/v1/user/c_user_list").json()["error_code"] for _ in range(2)] == [0, 0]
    growatt_cloud.limits(True)
    assert growatt.get("/v1/user/c_user_list").json()["error_code"] == 10012
