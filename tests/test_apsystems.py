"""APsystems OpenAPI against a client written here from the document alone (apsystems-openapi 2.2): every
endpoint in both profiles, every error code by its natural cause and by injection, signature round trips,
the clock-driven edges (timestamp window, nonce replay, monthly budget rollover, per-second limit), and the
energy levels' lengths and agreement."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle

BASE = "/user/api/v2/systems"
BOTH = [pytest.param("observed"), pytest.param("documented", marks=pytest.mark.solarfakes(profile="documented"))]
TODAY = "2026-06-21"  # the fixture's clock: 2026-06-21T10:00:00Z


def no_nan(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} in an answer")

    return json.loads(text, parse_constant=refuse)


def sign(secret: str, timestamp: str, nonce: str, app_id: str, path: str, method: str, algorithm: str) -> str:
    """2.2.2: stringToSign = X-CA-Timestamp/X-CA-Nonce/X-CA-AppId/RequestPath/HTTPMethod/X-CA-Signature-Method,
    RequestPath being the last name of the path; HMAC keyed with the App Secret (UTF-8), Base64."""
    request_path = unquote(httpx.URL(path).path).rsplit("/", 1)[-1]
    text = f"{timestamp}/{nonce}/{app_id}/{request_path}/{method}/{algorithm}"
    digest = {"HmacSHA256": hashlib.sha256, "HmacSHA1": hashlib.sha1}[algorithm]
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), digest).digest()).decode()


def signed_headers(cloud: CloudHandle, path: str, *, skew: float = 0, algorithm: str = "HmacSHA256",
                   nonce: str | None = None, app_id: str | None = None) -> dict[str, str]:  # fmt: skip
    creds = cloud.credentials
    app_id = app_id or creds["app_id"]
    stamp = str(int((cloud.clock.timestamp() + skew) * 1000))
    nonce = nonce or uuid.uuid4().hex
    return {
        "X-CA-AppId": app_id,
        "X-CA-Timestamp": stamp,
        "X-CA-Nonce": nonce,
        "X-CA-Signature-Method": algorithm,
        "X-CA-Signature": sign(creds["app_secret"], stamp, nonce, app_id, path, "GET", algorithm),
    }


def sign_case(cloud: CloudHandle, case: Any) -> None:
    """For generated requests (test_robustness): every other one names a real system and its devices, so
    the fuzzer reaches the handlers' data; each is signed as a client would, for the path it goes to."""
    params = case.path_parameters or {}
    if params and len(str(params.get("sid", ""))) % 2 == 0:
        system = first_system(cloud, meter=True)
        real = {"sid": system["sid"], "uid": system["inverter_ids"][0], "eid": system["meter_ids"][0]}
        case.path_parameters = {name: real.get(name, value) for name, value in params.items()}
    case.headers = {**(case.headers or {}), **signed_headers(cloud, case.formatted_path)}


class ApsClient:
    def __init__(self, cloud: CloudHandle) -> None:
        self.cloud = cloud
        self.http = cloud.client()

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        response = self.http.get(path, params=params, headers=headers or signed_headers(self.cloud, path))
        assert response.status_code == 200, response.text
        return no_nan(response.text)

    def data(self, path: str, **params: Any) -> Any:
        body = self.get(path, **params)
        assert body["code"] == 0, (path, params, body, self.cloud.journal.last().diagnostics)
        return body["data"]


@pytest.fixture
def aps(apsystems_cloud: CloudHandle) -> ApsClient:
    return ApsClient(apsystems_cloud)


def first_system(cloud: CloudHandle, **wanted: Any) -> dict[str, Any]:
    """The first own system with the wanted traits (online, a meter, several ECUs)."""
    for system in cloud.credentials["systems"]:
        if wanted.get("online", True) != system["online"]:
            continue
        if wanted.get("meter") and not system["meter_ids"]:
            continue
        return dict(system)
    raise LookupError(wanted)


def valid_requests(cloud: CloudHandle) -> list[tuple[str, str, dict[str, Any]]]:
    system = first_system(cloud, meter=True)
    sid, eid, meter, uid = system["sid"], system["ecu_ids"][0], system["meter_ids"][0], system["inverter_ids"][0]
    levels = [("hourly", TODAY), ("daily", "2026-06"), ("monthly", "2026"), ("yearly", None)]
    out = [("system_details", f"{BASE}/details/{sid}", {}), ("system_inverters", f"{BASE}/inverters/{sid}", {}),
           ("system_meters", f"{BASE}/meters/{sid}", {}), ("system_summary", f"{BASE}/summary/{sid}", {}),
           ("ecu_summary", f"{BASE}/{sid}/devices/ecu/summary/{eid}", {}),
           ("meter_summary", f"{BASE}/{sid}/devices/meter/summary/{meter}", {}),
           ("inverter_summary", f"{BASE}/{sid}/devices/inverter/summary/{uid}", {})]  # fmt: skip
    for level, date_range in [*levels, ("minutely", TODAY)]:
        params = {"energy_level": level} | ({"date_range": date_range} if date_range else {})
        if level != "minutely":
            out.append(("system_energy", f"{BASE}/energy/{sid}", params))
        out.append(("ecu_energy", f"{BASE}/{sid}/devices/ecu/energy/{eid}", params))
        out.append(("meter_energy", f"{BASE}/{sid}/devices/meter/period/{meter}", params))
        out.append(("inverter_energy", f"{BASE}/{sid}/devices/inverter/energy/{uid}", params))
    for level in ("power", "energy"):
        params = {"energy_level": level, "date_range": TODAY}
        out.append(("ecu_inverters_day_energy", f"{BASE}/{sid}/devices/inverter/batch/energy/{eid}", params))
    return out


# ---------------------------------------------------------------- every endpoint, both profiles


@pytest.mark.parametrize("profile", BOTH)
def test_every_endpoint_answers_its_schema(aps: ApsClient, apsystems_cloud: CloudHandle, profile: str) -> None:
    requests = valid_requests(apsystems_cloud)
    assert {endpoint for endpoint, _, _ in requests} == {e.id for e in apsystems_cloud.spec.endpoints}
    for endpoint, path, params in requests:
        body = aps.get(path, **params)
        assert body["code"] == 0, (endpoint, params, body)
        assert list(body) == ["data", "code"]
        check_success(apsystems_cloud.spec, profile, endpoint, body)  # type: ignore[arg-type]


def test_energy_values_are_strings_with_two_decimals(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    sid = first_system(apsystems_cloud)["sid"]
    summary = aps.data(f"{BASE}/summary/{sid}")
    assert set(summary) == {"today", "month", "year", "lifetime"}
    for value in summary.values():
        assert isinstance(value, str)
        assert len(value.split(".")[1]) == 2
    assert float(summary["today"]) <= float(summary["month"]) <= float(summary["year"]) <= float(summary["lifetime"])


def test_topology_ecus_inverters_channels_meters(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    creds = apsystems_cloud.credentials
    for system in creds["systems"]:
        details = aps.data(f"{BASE}/details/{system['sid']}")
        ecus = aps.data(f"{BASE}/inverters/{system['sid']}")
        assert details["ecu"] == [ecu["eid"] for ecu in ecus] == system["ecu_ids"]
        assert {inv["type"] for ecu in ecus for inv in ecu["inverter"]} <= {"DS3", "DS3-H", "QS1", "QT2D"}
        assert sum(len(ecu["inverter"]) for ecu in ecus) == len(system["inverter_ids"]) > 0
        meters = aps.data(f"{BASE}/meters/{system['sid']}")
        assert meters == system["meter_ids"] == [ecu["eid"] for ecu in ecus if ecu["type"] == 1]
        storage = [ecu for ecu in ecus if ecu["type"] == 2]
        assert details["type"] == (3 if storage else 1)
        assert all(ecu["model"] and float(ecu["capacity"]) > 0 for ecu in storage)
    assert any(len(s["ecu_ids"]) > 1 for s in creds["systems"]), "one system has several ECUs"
    assert creds["systems_without_meter"], "a system without meter exists"


@pytest.mark.parametrize("profile", BOTH)
def test_inverter_summary_keys_per_profile(aps: ApsClient, apsystems_cloud: CloudHandle, profile: str) -> None:
    system = first_system(apsystems_cloud)
    path = f"{BASE}/{system['sid']}/devices/inverter/summary/{system['inverter_ids'][0]}"
    keys = set(aps.data(path))
    if profile == "documented":
        assert keys == {f"{k}{c}" for k in "dmyt" for c in range(1, 5)}
    else:
        assert not any(key.startswith("d") for key in keys)
        assert {"m1", "y1", "t1", "m2", "y2", "t2"} <= keys


# ---------------------------------------------------------------- energy levels: lengths and agreement


def floats(values: list[Any]) -> list[float]:
    return [float(v) if v is not None else 0.0 for v in values]


def close(a: float, b: float, terms: int) -> bool:
    return abs(a - b) <= 0.005 * (terms + 1) + 1e-9


def test_level_lengths(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    system = first_system(apsystems_cloud)
    path = f"{BASE}/energy/{system['sid']}"
    assert len(aps.data(path, energy_level="hourly", date_range="2026-06-20")) == 24
    assert len(aps.data(path, energy_level="daily", date_range="2026-06")) == 30
    assert len(aps.data(path, energy_level="daily", date_range="2024-02")) == 29
    assert len(aps.data(path, energy_level="monthly", date_range="2025")) == 12
    installed = date.fromisoformat(system["create_date"]).year
    assert len(aps.data(path, energy_level="yearly")) == 2026 - installed + 1
    inverter = aps.data(f"{BASE}/{system['sid']}/devices/inverter/energy/{system['inverter_ids'][0]}",
                        energy_level="daily", date_range="2026-02")  # fmt: skip
    assert set(inverter) in ({"e1", "e2"}, {"e1", "e2", "e3", "e4"})
    assert all(len(values) == 28 for values in inverter.values())


def test_system_levels_agree(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    sid = first_system(apsystems_cloud)["sid"]
    path = f"{BASE}/energy/{sid}"
    summary = {k: float(v) for k, v in aps.data(f"{BASE}/summary/{sid}").items()}
    today_hours = floats(aps.data(path, energy_level="hourly", date_range=TODAY))
    days = floats(aps.data(path, energy_level="daily", date_range="2026-06"))
    months = floats(aps.data(path, energy_level="monthly", date_range="2026"))
    years = floats(aps.data(path, energy_level="yearly"))
    assert close(sum(today_hours), summary["today"], 24)
    assert close(days[20], summary["today"], 0)
    assert close(sum(days), summary["month"], 30)
    assert close(months[5], summary["month"], 0)
    assert close(sum(months), summary["year"], 12)
    assert close(years[-1], summary["year"], 0)
    assert close(sum(years), summary["lifetime"], len(years))
    for day in ("2026-06-20", "2026-06-03"):  # exact physics, and a day before the world's exact history
        hours = floats(aps.data(path, energy_level="hourly", date_range=day))
        assert close(sum(hours), days[int(day[-2:]) - 1], 24)
        assert max(hours[:4]) == 0, "no PV at night"
        assert max(hours) > 0, "PV follows the sun"
    may = floats(aps.data(path, energy_level="daily", date_range="2026-05"))
    assert close(sum(may), months[4], 31)
    last_year = floats(aps.data(path, energy_level="monthly", date_range="2025"))
    assert close(sum(last_year), years[-2], 12)


def test_devices_add_up_to_the_system(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    system = first_system(apsystems_cloud)
    sid = system["sid"]
    day = {"energy_level": "hourly", "date_range": "2026-06-20"}
    total = sum(floats(aps.data(f"{BASE}/energy/{sid}", **day)))
    ecu_days = [sum(floats(aps.data(f"{BASE}/{sid}/devices/ecu/energy/{eid}", **day))) for eid in system["ecu_ids"]]
    assert close(sum(ecu_days), total, 48)
    channels = 0.0
    for uid in system["inverter_ids"]:
        lists = aps.data(f"{BASE}/{sid}/devices/inverter/energy/{uid}", **day)
        channels += sum(sum(floats(values)) for values in lists.values())
    assert close(channels, total, 24 * 4 * len(system["inverter_ids"]))
    batch = [aps.data(f"{BASE}/{sid}/devices/inverter/batch/energy/{eid}", energy_level="energy",
                      date_range="2026-06-20")["energy"] for eid in system["ecu_ids"]]  # fmt: skip
    entries = [entry.rsplit("-", 1) for ecu in batch for entry in ecu]
    assert {key.split("-")[0] for key, _ in entries} == set(system["inverter_ids"])
    assert close(sum(float(kwh) for _, kwh in entries), total, len(entries))


def test_minutely_and_batch_power_agree_with_the_day(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    system = first_system(apsystems_cloud)
    sid, eid = system["sid"], system["ecu_ids"][0]
    ecu_hours = floats(aps.data(f"{BASE}/{sid}/devices/ecu/energy/{eid}", energy_level="hourly", date_range=TODAY))
    minutely = aps.data(f"{BASE}/{sid}/devices/ecu/energy/{eid}", energy_level="minutely", date_range=TODAY)
    assert len(minutely["time"]) == len(minutely["energy"]) == len(minutely["power"]) > 0
    assert minutely["time"][-1] <= "12:00", "only points begun by now (10:00Z), local time"
    assert close(sum(floats(minutely["energy"])), float(minutely["today"]), len(minutely["energy"]) // 50)
    assert close(float(minutely["today"]), sum(ecu_hours), 24)
    power = aps.data(f"{BASE}/{sid}/devices/inverter/batch/energy/{eid}", energy_level="power", date_range=TODAY)
    assert power["time"] == minutely["time"]
    summed = [sum(float(series[i]) for series in power["power"].values()) for i in range(len(power["time"]))]
    assert all(abs(a - float(b)) <= 0.01 * len(power["power"]) for a, b in zip(summed, minutely["power"], strict=True))
    uid = system["inverter_ids"][0]
    telemetry = aps.data(f"{BASE}/{sid}/devices/inverter/energy/{uid}", energy_level="minutely", date_range=TODAY)
    assert telemetry["t"] == minutely["time"]
    assert all(len(values) == len(telemetry["t"]) for values in telemetry.values())
    assert float(telemetry["ac_f"][0]) in (50.0, 60.0)


def test_meter_levels_agree(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    system = first_system(apsystems_cloud, meter=True)
    sid, meter = system["sid"], system["meter_ids"][0]
    summary = aps.data(f"{BASE}/{sid}/devices/meter/summary/{meter}")
    path = f"{BASE}/{sid}/devices/meter/period/{meter}"
    minutely = aps.data(path, energy_level="minutely", date_range=TODAY)
    hourly = aps.data(path, energy_level="hourly", date_range=TODAY)
    daily = aps.data(path, energy_level="daily", date_range="2026-06")
    assert hourly["time"] == [f"{h:02d}" for h in range(24)]
    assert len(daily["time"]) == 30
    for flow in ("produced", "consumed", "imported", "exported"):
        today = float(summary["today"][flow])
        assert float(minutely["today"][flow]) == today
        assert close(sum(floats(minutely["energy"][flow])), today, len(minutely["time"]) // 50)
        assert close(sum(floats(hourly[flow])), today, 24)
        assert close(sum(floats(daily[flow])), float(summary["month"][flow]), 30)
    assert minutely["time"][0] == "00:00", "the meter reports around the clock"


# ---------------------------------------------------------------- errors: natural causes


def natural_causes(cloud: CloudHandle) -> dict[int, list[tuple[str, dict[str, Any]]]]:
    creds = cloud.credentials
    system = first_system(cloud)
    sid, eid, uid = system["sid"], system["ecu_ids"][0], system["inverter_ids"][0]
    offline = creds["offline_system_ids"][0]
    other = creds["other_account_system_ids"][0]
    no_meter = next(s for s in creds["systems"] if s["sid"] in creds["systems_without_meter"])
    energy = f"{BASE}/energy/{sid}"
    return {
        1001: [(f"{BASE}/{offline}/devices/ecu/energy/{creds['systems'][-1]['ecu_ids'][0]}",
                {"energy_level": "minutely", "date_range": TODAY}),
               (f"{BASE}/{sid}/devices/inverter/energy/{uid}", {"energy_level": "minutely", "date_range": "2026-06-22"}),
               (energy, {"energy_level": "daily", "date_range": f"{int(system['create_date'][:4]) - 1}-01"})],
        2004: [(f"{BASE}/details/AZ0000000000", {}), (f"{BASE}/summary/{other}", {}),
               (f"{BASE}/{sid}/devices/ecu/summary/{creds['other_account_ecu_ids'][0]}", {}),
               (f"{BASE}/{no_meter['sid']}/devices/meter/summary/{no_meter['ecu_ids'][0]}", {}),
               (f"{BASE}/{sid}/devices/inverter/summary/{creds['other_account_inverter_ids'][0]}", {})],
        4000: [(energy, {}), (energy, {"energy_level": "hourly"})],
        4001: [(energy, {"energy_level": "weekly"}), (energy, {"energy_level": "hourly", "date_range": "2026-06"}),
               (energy, {"energy_level": "daily", "date_range": "2026-6"}),
               (energy, {"energy_level": "hourly", "date_range": "2026-06-23"}),
               (energy, {"energy_level": "monthly", "date_range": "2027"}),
               (f"{BASE}/{sid}/devices/inverter/batch/energy/{eid}", {"energy_level": "power", "date_range": "2026-06"})],
    }  # fmt: skip


AUTH_CAUSES = [2000, 2001]  # test_signature_faults
LIMIT_CAUSES = [2005, 7002]  # test_monthly_budget_rolls_over_with_the_month, test_per_second_limit


def test_every_natural_code_has_a_test(apsystems_cloud: CloudHandle) -> None:
    natural = {int(e.code) for e in apsystems_cloud.spec.errors if e.natural and e.code != 0}
    assert natural == set(natural_causes(apsystems_cloud)) | set(AUTH_CAUSES) | set(LIMIT_CAUSES)


@pytest.mark.parametrize("code", [1001, 2004, 4000, 4001])
def test_natural_cause(aps: ApsClient, apsystems_cloud: CloudHandle, code: int) -> None:
    for path, params in natural_causes(apsystems_cloud)[code]:
        body = aps.get(path, **params)
        assert body == {"data": None, "code": code}, (path, params, apsystems_cloud.journal.last().diagnostics)
        check_error(apsystems_cloud.spec, "observed", None, body)
        assert apsystems_cloud.journal.last().diagnostics["problem"]


@pytest.mark.parametrize("profile", BOTH)
def test_every_error_code_can_be_injected(aps: ApsClient, apsystems_cloud: CloudHandle, profile: str) -> None:
    requests = {endpoint: (path, params) for endpoint, path, params in valid_requests(apsystems_cloud)}
    for error in apsystems_cloud.spec.errors:
        if error.code == 0:
            continue
        for endpoint in ("system_summary", "ecu_inverters_day_energy"):
            apsystems_cloud.faults.arm(error.code, endpoint=endpoint, times=1)
            path, params = requests[endpoint]
            assert aps.get(path, **params) == {"data": None, "code": error.code}
            assert apsystems_cloud.journal.last().fault is not None
        assert aps.get(requests["system_summary"][0])["code"] == 0, "a fault fires once"


def test_offline_system_reports_nothing_today(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    offline = next(s for s in apsystems_cloud.credentials["systems"] if not s["online"])
    summary = aps.data(f"{BASE}/summary/{offline['sid']}")
    assert summary["today"] == "0.00"
    assert float(summary["month"]) > 0


# ---------------------------------------------------------------- signing and the clock


def test_signature_faults(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    sid = first_system(apsystems_cloud)["sid"]
    path = f"{BASE}/summary/{sid}"
    good = signed_headers(apsystems_cloud, path)
    assert aps.get(path, headers=good)["code"] == 0
    cases: dict[str, tuple[dict[str, str], int, str]] = {
        "missing header": ({k: v for k, v in signed_headers(apsystems_cloud, path).items() if k != "X-CA-Nonce"}, 2000, "headers"),
        "bad signature": ({**signed_headers(apsystems_cloud, path), "X-CA-Signature": "AAAA"}, 2000, "sign"),
        "unknown app": (signed_headers(apsystems_cloud, path, app_id="0" * 32), 2001, "sign"),
        "HmacMD5": ({**signed_headers(apsystems_cloud, path), "X-CA-Signature-Method": "HmacMD5"}, 2000, "signature_method"),
        "signed 'summary'": (signed_headers(apsystems_cloud, f"{BASE}/summary"), 2000, "sign"),
        "replayed nonce": (good, 2000, "nonce"),
        "stale": (signed_headers(apsystems_cloud, path, skew=-901), 2000, "timestamp"),
        "ahead": (signed_headers(apsystems_cloud, path, skew=901), 2000, "timestamp"),
    }  # fmt: skip
    for name, (headers, code, check) in cases.items():
        assert aps.get(path, headers=headers) == {"data": None, "code": code}, name
        assert apsystems_cloud.journal.last().diagnostics["check"] == check, name
    assert "string_to_sign" in apsystems_cloud.journal.entries(error_code=2001)[-1].diagnostics


def test_sha1_lowercase_headers_seconds_and_the_window_edges(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    path = f"{BASE}/summary/{first_system(apsystems_cloud)['sid']}"
    assert aps.get(path, headers=signed_headers(apsystems_cloud, path, algorithm="HmacSHA1"))["code"] == 0
    lower = {k.lower(): v for k, v in signed_headers(apsystems_cloud, path).items()}
    assert aps.get(path, headers=lower)["code"] == 0
    for skew in (-900, 900):
        assert aps.get(path, headers=signed_headers(apsystems_cloud, path, skew=skew))["code"] == 0
    # observed: a client signing Unix seconds is accepted too (vendor-reality apsystems §2)
    creds, nonce = apsystems_cloud.credentials, uuid.uuid4().hex
    stamp = str(int(apsystems_cloud.clock.timestamp()))
    headers = {"X-CA-AppId": creds["app_id"], "X-CA-Timestamp": stamp, "X-CA-Nonce": nonce,
               "X-CA-Signature-Method": "HmacSHA256",
               "X-CA-Signature": sign(creds["app_secret"], stamp, nonce, creds["app_id"], path, "GET", "HmacSHA256")}  # fmt: skip
    assert aps.get(path, headers=headers)["code"] == 0
    assert aps.get(path, headers=headers)["code"] == 2000, "and its nonce is remembered"


def test_a_nonce_is_remembered_for_1800_seconds(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    path = f"{BASE}/summary/{first_system(apsystems_cloud)['sid']}"
    nonce = uuid.uuid4().hex
    assert aps.get(path, headers=signed_headers(apsystems_cloud, path, nonce=nonce))["code"] == 0
    apsystems_cloud.clock.advance(1799)
    assert aps.get(path, headers=signed_headers(apsystems_cloud, path, nonce=nonce))["code"] == 2000
    assert apsystems_cloud.journal.last().diagnostics["check"] == "nonce"
    apsystems_cloud.clock.advance(2)
    assert aps.get(path, headers=signed_headers(apsystems_cloud, path, nonce=nonce))["code"] == 0


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_changed_character_of_the_signature_fails(apsystems_cloud: CloudHandle, data: st.DataObject) -> None:
    path = f"{BASE}/summary/{apsystems_cloud.credentials['system_ids'][0]}"
    algorithm = data.draw(st.sampled_from(["HmacSHA256", "HmacSHA1"]))
    headers = signed_headers(apsystems_cloud, path, algorithm=algorithm)
    role = data.draw(st.sampled_from(["X-CA-Signature", "X-CA-Timestamp", "X-CA-Nonce", "X-CA-AppId"]))
    value = headers[role]
    index = data.draw(st.integers(0, len(value) - 1))
    replacement = data.draw(st.sampled_from("0123456789abcdefXYZ+/").filter(lambda c: c != value[index]))
    changed = {**headers, role: value[:index] + replacement + value[index + 1 :]}
    with apsystems_cloud.client() as http:
        body = http.get(path, headers=changed).json()
        assert body["code"] in (2000, 2001)
        assert http.get(path, headers=headers).json()["code"] == 0, "the unchanged request passes"


@pytest.mark.solarfakes(at="2026-06-30T23:00:00Z", limits=True)
def test_monthly_budget_rolls_over_with_the_month(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    path = f"{BASE}/meters/{first_system(apsystems_cloud)['sid']}"
    for _ in range(1000):
        apsystems_cloud.clock.advance(1)  # under the per-second limit
        assert aps.get(path)["code"] == 0
    apsystems_cloud.clock.advance(1)
    assert aps.get(path) == {"data": None, "code": 2005}
    assert apsystems_cloud.journal.last().diagnostics["limit"] == "monthly_budget"
    apsystems_cloud.clock.set(datetime(2026, 7, 1, tzinfo=UTC))
    assert aps.get(path)["code"] == 0, "a new calendar month, a new budget"


@pytest.mark.solarfakes(limits=True)
def test_per_second_limit(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    path = f"{BASE}/meters/{first_system(apsystems_cloud)['sid']}"
    assert [aps.get(path)["code"] for _ in range(11)] == [0] * 10 + [7002]
    assert apsystems_cloud.journal.last().diagnostics["limit"] == "per_second"
    apsystems_cloud.clock.advance(1)
    assert aps.get(path)["code"] == 0


@pytest.mark.solarfakes(profile="documented", limits=True)
def test_documented_profile_has_no_monthly_budget(aps: ApsClient, apsystems_cloud: CloudHandle) -> None:
    assert [limit.id for limit in apsystems_cloud.spec.limits] == ["per_second"]
    assert not apsystems_cloud.spec.error(2005).natural
    assert apsystems_cloud.spec.error(7002).natural
