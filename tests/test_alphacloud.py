"""AlphaCloud OpenAPI: signing, envelopes, real field names, configs, and every error code on demand."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from conftest import AlphaClient, alpha_headers

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle

KNOWN_ANSWER = (
    "0f023c2287b8f6b21b0994947465f8e9de0e1542567b1735bdc6c427336b9b6406285cd94f9215c3e9af958df37fb11c2c9fe792"
    "713d8afbdb8c463359a1add8"
)
CHARGE = {
    "batHighCap": 95,
    "gridCharge": 1,
    "timeChae1": "06:00",
    "timeChae2": "00:00",
    "timeChaf1": "22:15",
    "timeChaf2": "00:00",
}
DISCHARGE = {
    "batUseCap": 12,
    "ctrDis": 1,
    "timeDise1": "23:00",
    "timeDise2": "00:00",
    "timeDisf1": "07:00",
    "timeDisf2": "00:00",
}


def test_known_answer_vector_from_the_spec(alphacloud: CloudHandle) -> None:
    (vector,) = alphacloud.spec.auth.known_answers
    inputs = vector.inputs
    # Computed here independently of the project's recipe, from the formula vendor-reality gives.
    independent = hashlib.sha512((inputs["app_id"] + inputs["app_secret"] + inputs["timestamp"]).encode()).hexdigest()
    assert independent == vector.signature == KNOWN_ANSWER


def valid_requests(creds: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    sn = creds["system_sns"][0]
    bindable = creds["bindable_systems"][0]
    return {
        "getEssList": ("GET", "getEssList", {}),
        "getLastPowerData": ("GET", "getLastPowerData", {"sysSn": sn}),
        "getOneDayPowerBySn": ("GET", "getOneDayPowerBySn", {"sysSn": sn, "queryDate": "2026-06-20"}),
        "getOneDateEnergyBySn": ("GET", "getOneDateEnergyBySn", {"sysSn": sn, "queryDate": "2026-06-20"}),
        "getChargeConfigInfo": ("GET", "getChargeConfigInfo", {"sysSn": sn}),
        "updateChargeConfigInfo": ("POST", "updateChargeConfigInfo", {"sysSn": sn, **CHARGE}),
        "getDisChargeConfigInfo": ("GET", "getDisChargeConfigInfo", {"sysSn": sn}),
        "updateDisChargeConfigInfo": ("POST", "updateDisChargeConfigInfo", {"sysSn": sn, **DISCHARGE}),
        "getSumDataForCustomer": ("GET", "getSumDataForCustomer", {"sysSn": sn}),
        "getVerificationCode": ("GET", "getVerificationCode", {"sysSn": bindable["sysSn"], "checkCode": bindable["checkCode"]}),
        "bindSn": ("POST", "bindSn", {"sysSn": bindable["sysSn"], "code": "filled in by the test"}),
        "unBindSn": ("POST", "unBindSn", {"sysSn": creds["system_sns"][1]}),
        "getEvChargerConfigList": ("GET", "getEvChargerConfigList", {"sysSn": sn}),
        "getEvChargerCurrentsBySn": ("GET", "getEvChargerCurrentsBySn", {"sysSn": sn}),
        "setEvChargerCurrentsBySn": ("POST", "setEvChargerCurrentsBySn", {"sysSn": sn, "currentsetting": 20}),
        "getEvChargerStatusBySn": ("GET", "getEvChargerStatusBySn", {"sysSn": sn, "evchargerSn": "filled in"}),
        "remoteControlEvCharger": ("POST", "remoteControlEvCharger", {"sysSn": sn, "evchargerSn": "filled in", "controlMode": 1}),
    }  # fmt: skip


def point_ev_calls_at_a_charger(alpha: AlphaClient, cloud: CloudHandle, requests: dict[str, Any]) -> None:
    with_charger = next(sn for sn in cloud.credentials["system_sns"]
                        if call(alpha, ("GET", "getEvChargerConfigList", {"sysSn": sn}))["data"])  # fmt: skip
    charger = call(alpha, ("GET", "getEvChargerConfigList", {"sysSn": with_charger}))["data"][0]["evchargerSn"]
    for name in (
        "getEvChargerCurrentsBySn",
        "setEvChargerCurrentsBySn",
        "getEvChargerStatusBySn",
        "remoteControlEvCharger",
    ):
        method, path, params = requests[name]
        params = {**params, "sysSn": with_charger} | ({"evchargerSn": charger} if "evchargerSn" in params else {})
        requests[name] = (method, path, params)


def call(alpha: AlphaClient, request: tuple[str, str, dict[str, Any]]) -> Any:
    method, name, params = request
    response = alpha.get(name, **params) if method == "GET" else alpha.post(name, params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_every_endpoint_answers_its_schema(request: pytest.FixtureRequest, profile: str) -> None:
    from solarfakes.simulators.pytest_plugin import make_cloud

    request.node.add_marker(pytest.mark.solarfakes(profile=profile))
    cloud = CloudHandle(make_cloud(request, "alphaess_openapi"), "alphaess_openapi")
    alpha = AlphaClient(cloud)
    requests = valid_requests(cloud.credentials)
    served = [e for e in cloud.spec.endpoints if profile in e.profiles]
    if profile == "observed":
        point_ev_calls_at_a_charger(alpha, cloud, requests)
    assert {e.id for e in served} <= set(requests) | {"getTimeChargeBySn", "setTimeChargeBySn"}
    for endpoint in served:
        if endpoint.id in ("getTimeChargeBySn", "setTimeChargeBySn"):
            continue  # these answer 6017 (not entitled), tested below
        if endpoint.id == "bindSn":
            call(alpha, requests["getVerificationCode"])
            code = cloud.credentials["verification_codes"][requests["bindSn"][2]["sysSn"]]
            requests["bindSn"] = ("POST", "bindSn", {"sysSn": requests["bindSn"][2]["sysSn"], "code": code})
        body = call(alpha, requests[endpoint.id])
        assert body["code"] == 200, (endpoint.id, body)
        check_success(cloud.spec, profile, endpoint.id, body)  # type: ignore[arg-type]
    alpha.http.close()


def test_envelope_key_order_and_types(alpha: AlphaClient) -> None:
    body = alpha.get("getEssList").json()
    assert list(body) == ["code", "msg", "expMsg", "data", "extra"]
    assert body["code"] == 200
    assert body["msg"] == "Success"
    assert isinstance(body["data"], list)
    assert {
        "sysSn",
        "popv",
        "minv",
        "poinv",
        "cobat",
        "mbat",
        "surplusCobat",
        "usCapacity",
        "emsStatus",
    } <= set(body["data"][0])


def test_one_day_power_has_288_points_for_a_past_day(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    points = alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate="2026-06-20").json()["data"]
    assert len(points) == 288
    assert set(points[0]) == {
        "sysSn",
        "uploadTime",
        "ppv",
        "load",
        "cbat",
        "feedIn",
        "gridCharge",
        "pchargingPile",
    }


def test_last_power_equals_the_newest_history_point(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    last = alpha.get("getLastPowerData", sysSn=sn).json()["data"]
    today = alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=alphacloud.clock.now().date().isoformat()).json()[
        "data"
    ]
    newest = today[-1]
    assert (last["ppv"], last["pload"], last["soc"]) == (newest["ppv"], newest["load"], newest["cbat"])
    assert last["pgrid"] == last["pload"] - last["ppv"] - last["pbat"]


def test_energy_of_a_day_equals_the_integral_of_its_power(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    energy = alpha.get("getOneDateEnergyBySn", sysSn=sn, queryDate="2026-06-19").json()["data"]
    points = alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate="2026-06-19").json()["data"]
    integral = sum(p["ppv"] for p in points) / 12 / 1000
    assert energy["epv"] == pytest.approx(integral, abs=0.05)
    assert energy["eOutput"] == pytest.approx(sum(p["feedIn"] for p in points) / 12 / 1000, abs=0.05)


def test_charge_and_discharge_updates_show_in_the_next_read(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE}).json()["data"] is None
    assert alpha.get("getChargeConfigInfo", sysSn=sn).json()["data"] == CHARGE
    alpha.post("updateDisChargeConfigInfo", {"sysSn": sn, **DISCHARGE})
    assert alpha.get("getDisChargeConfigInfo", sysSn=sn).json()["data"] == DISCHARGE


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timeChaf1", "22:10"),
        ("batHighCap", 101),
        ("batHighCap", -1),
        ("gridCharge", 2),
        ("timeChae1", "25:00"),
        ("timeChae2", "6h"),
    ],
)
def test_config_validation_answers_6001_and_keeps_the_old_config(
    alpha: AlphaClient, alphacloud: CloudHandle, field: str, value: Any
) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    before = alpha.get("getChargeConfigInfo", sysSn=sn).json()["data"]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE, field: value}).json()["code"] == 6001
    assert alpha.get("getChargeConfigInfo", sysSn=sn).json()["data"] == before


def test_config_accepts_the_documents_string_percentage(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE, "batHighCap": "95"}).json()["code"] == 200
    assert alpha.get("getChargeConfigInfo", sysSn=sn).json()["data"]["batHighCap"] == 95


def test_bind_and_unbind_change_the_system_list(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    bindable = alphacloud.credentials["bindable_systems"][0]
    before = {s["sysSn"] for s in alpha.get("getEssList").json()["data"]}
    assert bindable["sysSn"] not in before
    assert alpha.get("getVerificationCode", **bindable).json()["code"] == 200
    code = alphacloud.credentials["verification_codes"][bindable["sysSn"]]
    assert alpha.post("bindSn", {"sysSn": bindable["sysSn"], "code": code}).json()["code"] == 200
    assert bindable["sysSn"] in {s["sysSn"] for s in alpha.get("getEssList").json()["data"]}
    assert alpha.post("unBindSn", {"sysSn": bindable["sysSn"]}).json()["code"] == 200
    assert {s["sysSn"] for s in alpha.get("getEssList").json()["data"]} == before


@pytest.mark.solarfakes(profile="documented")
def test_documented_profile_uses_the_documents_names(alphacloud: CloudHandle) -> None:
    alpha = AlphaClient(alphacloud)
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.get("getInChargeConfigInfo", sysSn=sn).json()["code"] == 200
    assert alpha.get("getSumDataForCustomer", sysSn=sn).status_code == 404, "extras exist only in reality"
    stale = alpha.http.get("/api/getEssList", headers=alpha_headers(alphacloud, skew=-301)).json()
    assert stale["code"] == 6006
    assert stale["msg"] == "Timestamp error"
    alpha.http.close()


# ---------------------------------------------------------------- errors, natural causes


def natural_causes(cloud: CloudHandle) -> dict[int, Any]:
    creds = cloud.credentials
    sn = creds["system_sns"][0]
    other = creds["bindable_systems"][0]["sysSn"]
    nobody = (
        next(p for p in cloud.cloud.world.fleet("alphaess_openapi").values() if p.account == "")
        .devices_of("inverter")[0]
        .sn
    )
    offline = creds["offline_system_sns"][0]
    return {
        6001: ("GET", "getLastPowerData", {}),
        6002: ("GET", "getChargeConfigInfo", {"sysSn": nobody}),
        6003: ("POST", "bindSn", {"sysSn": sn, "code": "123456"}),
        6004: ("GET", "getVerificationCode", {"sysSn": other, "checkCode": "WRONG"}),
        6005: ("GET", "getLastPowerData", {"sysSn": other}),
        6017: ("GET", "getTimeChargeBySn", {"sysSn": sn}),
        6026: ("GET", "getOneDateEnergyBySn", {"sysSn": sn, "queryDate": "2027-01-01"}),
        6038: ("GET", "getLastPowerData", {"sysSn": "AL0000000000000"}),
        6042: ("GET", "getLastPowerData", {"sysSn": offline}),
        6046: ("POST", "bindSn", {"sysSn": other, "code": "000000"}),
        10001: ("POST", "setTimeChargeBySn", {"sysSn": sn, "executeCycleType": 0, "chargeTimeList": [PERIOD]}),
    }


PERIOD = {"beginTime": "01:00", "endTime": "05:00", "chargeLimit": 90}
HEADER_CAUSES = {
    6007: {"sign": "0" * 128},
    6009: {"skew": -301},
    6010: {"sign": ""},
    6011: {"timeStamp": ""},
    6012: {"appId": ""},
}
NATURAL = [6001, 6002, 6003, 6004, 6005, 6007, 6009, 6010, 6011, 6012, 6017, 6026, 6038, 6042, 6046, 10001]


def test_every_natural_code_has_a_test(alphacloud: CloudHandle) -> None:
    natural = {int(e.code) for e in alphacloud.spec.errors if e.natural}
    assert natural - set(NATURAL) == {6053}, "6053 is covered by the rate-limit test"
    assert set(natural_causes(alphacloud)) | set(HEADER_CAUSES) == set(NATURAL)


@pytest.mark.parametrize("code", [c for c in NATURAL if c not in HEADER_CAUSES])
def test_natural_cause(alpha: AlphaClient, alphacloud: CloudHandle, code: int) -> None:
    body = call(alpha, natural_causes(alphacloud)[code])
    assert body == {
        "code": code,
        "msg": alphacloud.spec.error(code).message,
        "expMsg": None,
        "data": None,
        "extra": None,
    }
    check_error(alphacloud.spec, "observed", None, body)


@pytest.mark.parametrize("code", sorted(HEADER_CAUSES))
def test_header_causes(alpha: AlphaClient, alphacloud: CloudHandle, code: int) -> None:
    override = dict(HEADER_CAUSES[code])
    skew = float(override.pop("skew", 0))
    headers = alpha_headers(alphacloud, skew=skew, **{k: str(v) for k, v in override.items()})
    body = alpha.http.get("/api/getEssList", headers=headers).json()
    assert body["code"] == code
    assert body["msg"] == alphacloud.spec.error(code).message


def test_stale_timestamp_uses_the_live_code_and_message(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    body = alpha.http.get("/api/getEssList", headers=alpha_headers(alphacloud, skew=-301)).json()
    assert body["code"] == 6009
    assert body["msg"] == "The request timestamp is not within the validity period"
    assert alphacloud.journal.last().diagnostics["window"] == "300 s, either side"


def test_timestamp_window_edges_on_the_simulated_clock(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    for skew, code in [(-300, 200), (300, 200), (-301, 6009), (301, 6009)]:
        body = alpha.http.get("/api/getEssList", headers=alpha_headers(alphacloud, skew=skew)).json()
        assert body["code"] == code, skew


def test_bad_sign_diagnostics_show_the_string_to_sign_without_the_secret(
    alpha: AlphaClient, alphacloud: CloudHandle
) -> None:
    alpha.http.get("/api/getEssList", headers=alpha_headers(alphacloud, sign="f" * 128))
    diagnostics = alphacloud.journal.last().diagnostics
    assert diagnostics["check"] == "sign"
    assert diagnostics["string_to_sign"].startswith(alphacloud.credentials["app_id"] + "<appSecret>")
    assert alphacloud.credentials["app_secret"] not in str(diagnostics)


@pytest.mark.solarfakes(limits=True)
def test_rate_limit_6053_with_the_live_message(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    assert [alpha.get("getEssList").json()["code"] for _ in range(5)] == [200] * 5, "a burst of five"
    refused = alpha.get("getEssList").json()
    assert refused["code"] == 6053
    assert refused["msg"] == "The maximum number of requests has been reached"
    alphacloud.clock.advance(10)
    assert alpha.get("getEssList").json()["code"] == 200
    assert alpha.get("getEssList").json()["code"] == 6053, "then one call per 10 s"


@pytest.mark.solarfakes(limits=True)
def test_rate_limit_counts_each_system_apart(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    first, second = alphacloud.credentials["system_sns"][:2]
    for _ in range(5):
        assert alpha.get("getChargeConfigInfo", sysSn=first).json()["code"] == 200
    assert alpha.get("getChargeConfigInfo", sysSn=first).json()["code"] == 6053
    assert alpha.get("getChargeConfigInfo", sysSn=second).json()["code"] == 200


@pytest.mark.solarfakes(limits=True)
def test_config_writes_once_a_day(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE}).json()["code"] == 200
    alphacloud.clock.advance(86399)
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE}).json()["code"] == 6053, "not a calendar day"
    alphacloud.clock.advance(1)
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE}).json()["code"] == 200
    other = alphacloud.credentials["system_sns"][1]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": other, **CHARGE}).json()["code"] == 200, "per system"


# ---------------------------------------------------------------- errors, fault injection


def test_every_code_can_be_armed_and_answers_exactly(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    for error in alphacloud.spec.errors:
        alphacloud.faults.arm(error.code, endpoint="getEssList", times=1)
        body = alpha.get("getEssList").json()
        assert body == {"code": error.code, "msg": error.message, "expMsg": None, "data": None, "extra": None}
    assert alpha.get("getEssList").json()["code"] == 200


def test_latency_fault_delays_the_answer(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    import time

    alphacloud.faults.arm(latency_ms=300, times=1)
    started = time.perf_counter()
    assert alpha.get("getEssList").json()["code"] == 200
    assert time.perf_counter() - started >= 0.3


def test_wrong_method_is_springs_405(alpha: AlphaClient) -> None:
    response = alpha.http.post("/api/getEssList")
    assert response.status_code == 405
    assert response.json() == {
        "timestamp": "2026-06-21T10:00:00.000+00:00",
        "status": 405,
        "error": "Method Not Allowed",
        "path": "/api/getEssList",
    }


def test_unknown_path_is_404(alpha: AlphaClient) -> None:
    assert alpha.http.get("/api/getNothing").status_code == 404


@pytest.mark.parametrize(
    ("lists", "code"),
    [
        ({"chargeTimeList": [], "dischargeTimeList": [PERIOD]}, 6001),
        ({"chargeTimeList": [PERIOD]}, 10001),
        ({"chargeTimeList": [{**PERIOD, "chargeLimit": 500}], "dischargeTimeList": [PERIOD]}, 6001),
        ({"chargeTimeList": [{**PERIOD, "beginTime": "1:00"}], "dischargeTimeList": [PERIOD]}, 6001),
        ({"chargeTimeList": [{"beginTime": "01:00"}], "dischargeTimeList": [PERIOD]}, 6001),
        ({"chargeTimeList": [PERIOD], "dischargeTimeList": [PERIOD]}, 6017),
    ],
)
def test_time_charge_lists_are_validated_before_entitlement(
    alpha: AlphaClient, alphacloud: CloudHandle, lists: dict[str, Any], code: int
) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.post("setTimeChargeBySn", {"sysSn": sn, "executeCycleType": 0, **lists}).json()["code"] == code


def test_times_must_be_exactly_hh_mm(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE, "timeChaf1": "6:00"}).json()["code"] == 6001
    assert alpha.post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE, "batHighCap": 95.0}).json()["code"] == 200
