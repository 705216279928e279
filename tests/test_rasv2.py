"""AlphaESS ras/v2 against a client written here from the document alone (alphaess-ras-v2 §1-§11, with
vendor-reality ras/v2 §2 for the observed password key): every endpoint in both profiles, every error
code, the order of checks, the clock-driven edges and remote dispatch."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solarfakes.contracts.schema_check import check_error, check_success
from solarfakes.simulators.pytest_plugin import CloudHandle

# The request keys of each action besides api_account, timestamp, sign and Token (alphaess-ras-v2 §2-§7).
KEYS = {
    "GetSystemList": ("pageindex", "pagesize"),
    "GetEnergySummary": ("Sn", "TheDate"),
    "GetRunningData": ("Sn",),
    "GetHistoryRunningData": ("Sn", "Starttime", "endtime"),
    "GetLastPowerData": ("Sn",),
    "RemoteDispatch": ("Sn", "ActivePower", "ReactivePower", "SOC", "Status", "ControlMode"),
}
BOTH = [pytest.param("observed"), pytest.param("documented", marks=pytest.mark.solarfakes(profile="documented"))]


def doc_sign(body: dict[str, Any], secret: str) -> str:
    """§10: Key=Value of every request field but sign, and secretkey, sorted ascending as .NET's SortedList
    sorts (case-insensitive), concatenated; §11: MD5, lower-case hex, of the UTF-8 string."""
    pairs = {k: v for k, v in body.items() if k != "sign"} | {"secretkey": secret}
    text = "".join(f"{k}={'' if v is None else v}" for k, v in sorted(pairs.items(), key=lambda kv: kv[0].lower()))
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def doc_encrypt(password: str, material: str) -> str:
    """§9: AES (CBC, PKCS7: Aes.Create() defaults), key SHA256 and IV MD5 of the material, Base64."""
    raw = material.encode("utf-8")
    padder = padding.PKCS7(128).padder()
    data = padder.update(password.encode("utf-8")) + padder.finalize()
    cipher = Cipher(algorithms.AES(hashlib.sha256(raw).digest()), modes.CBC(hashlib.md5(raw).digest()))
    encryptor = cipher.encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


class RasClient:
    def __init__(self, cloud: CloudHandle, profile: str = "observed") -> None:
        self.cloud = cloud
        self.creds = cloud.credentials
        self.profile = profile
        self.http = cloud.client()
        self.token = ""

    def stamp(self, skew: float = 0) -> int:
        return int(self.cloud.clock.timestamp() + skew)

    def post(self, action: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
        response = self.http.post(f"/ras/v2/{action}", json=body, headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def login_body(self, *, skew: float = 0, secret: str | None = None, **override: Any) -> dict[str, Any]:
        creds = self.creds
        material = creds["username"] if self.profile == "observed" else creds["secret_key"]
        body = {"api_account": creds["api_account"], "timestamp": self.stamp(skew), "username": creds["username"],
                "password": doc_encrypt(creds["password"], material)} | override  # fmt: skip
        body["sign"] = doc_sign(body, creds["secret_key"] if secret is None else secret)
        return body

    def login(self, **headers: str) -> str:
        answer = self.post("Login", self.login_body(), **headers)
        assert answer["ReturnCode"] == 0, answer
        self.token = answer["Token"]
        return self.token

    def body(self, action: str, *, skew: float = 0, secret: str | None = None, **params: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "api_account": self.creds["api_account"],
            "timestamp": self.stamp(skew),
            "Token": self.token,
        }
        body |= {key: params.pop(key, "") for key in KEYS[action]} | params
        body["sign"] = doc_sign(body, self.creds["secret_key"] if secret is None else secret)
        return body

    def call(self, action: str, headers: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
        return self.post(action, self.body(action, **params), **(headers or {}))


@pytest.fixture
def ras(rasv2_cloud: CloudHandle, request: pytest.FixtureRequest) -> Iterator[RasClient]:
    marker = request.node.get_closest_marker("solarfakes")
    client = RasClient(rasv2_cloud, (marker.kwargs.get("profile") if marker else None) or "observed")
    client.login()
    yield client
    client.http.close()


def valid_calls(creds: dict[str, Any]) -> dict[str, dict[str, Any]]:
    sn = creds["system_sns"][0]
    return {
        "GetSystemList": {"pageindex": 1, "pagesize": 10},
        "GetEnergySummary": {"Sn": sn, "TheDate": "2026-06-21"},
        "GetRunningData": {"Sn": sn},
        "GetHistoryRunningData": {"Sn": sn, "Starttime": "2026/06/21 00:00:00", "endtime": "2026/06/21 10:00:00"},
        "GetLastPowerData": {"Sn": ""},
        "RemoteDispatch": {
            "Sn": sn,
            "ActivePower": 34500,
            "ReactivePower": 32000,
            "SOC": 95,
            "Status": 1,
            "ControlMode": 2,
        },
    }


# --- every endpoint, both profiles ---------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
def test_every_endpoint_answers_as_its_spec_says(ras: RasClient, profile: str) -> None:
    spec = ras.cloud.spec
    check_success(spec, profile, "Login", ras.post("Login", ras.login_body()))  # type: ignore[arg-type]
    for action, params in valid_calls(ras.creds).items():
        answer = ras.call(action, **params)
        assert answer["ReturnCode"] == 0, (action, answer)
        check_success(spec, profile, action, answer)  # type: ignore[arg-type]
        if action != "RemoteDispatch":
            assert answer["Result"], action


def test_observed_names_and_paging(ras: RasClient) -> None:
    page = ras.call("GetSystemList", pageindex=2, pagesize=2)["Result"]
    assert page["PageIndex"] == 2
    assert page["TotalCount"] == len(ras.creds["system_sns"])
    assert page["TotalPageCount"] == 3
    assert page["HasNextPage"] is True
    assert page["HasPreviousPage"] is True
    assert [s["Sn"] for s in page["Items"]] == ras.creds["system_sns"][2:4]
    row = ras.call("GetRunningData", Sn=ras.creds["system_sns"][0])["Result"][0]
    assert {"Soc", "InvworkMode", "Batv", "PmeterDc"} <= row.keys()
    assert "SOC" not in row
    assert ras.post("Login", ras.login_body()).keys() == {"ReturnCode", "UserType", "Token"}


@pytest.mark.solarfakes(profile="documented")
def test_documented_names(ras: RasClient) -> None:
    ras.profile = "documented"
    row = ras.call("GetRunningData", Sn=ras.creds["system_sns"][0])["Result"][0]
    assert {"SOC", "InvWorkMode", "BatV", "PmeterDC"} <= row.keys()
    assert "Id" not in row
    page = ras.call("GetSystemList", pageindex=1, pagesize=10)["Result"]
    assert len(page["Systems"]) == len(ras.creds["system_sns"])
    assert ras.post("Login", ras.login_body()).keys() == {"ReturnCode", "userType", "Token"}


def test_json_keys_bind_in_any_case(ras: RasClient) -> None:
    body = ras.body("GetRunningData", Sn=ras.creds["system_sns"][0])
    shouted = {key.upper(): value for key, value in body.items()}
    answer = ras.post("GetRunningData", shouted)
    assert answer["ReturnCode"] == 0
    assert answer["Result"][0]["Sn"] == ras.creds["system_sns"][0]


def test_without_sn_every_reporting_system_of_the_user(ras: RasClient) -> None:
    rows = ras.call("GetRunningData")["Result"]
    online = [sn for sn in ras.creds["system_sns"] if sn not in ras.creds["offline_system_sns"]]
    assert [r["Sn"] for r in rows] == online
    assert ras.call("GetRunningData", Sn=ras.creds["offline_system_sns"][0]) == {"ReturnCode": 0, "Result": None}


def test_latest_running_row_is_the_newest_history_row(ras: RasClient) -> None:
    sn = ras.creds["system_sns"][0]
    latest = ras.call("GetRunningData", Sn=sn)["Result"][0]
    day = latest["UploadTime"][:10].replace("-", "/")
    history = ras.call("GetHistoryRunningData", Sn=sn, Starttime=f"{day} 00:00:00", endtime=f"{day} 23:59:59")["Result"]
    assert history[0] == latest
    assert [r["UploadTime"] for r in history] == sorted((r["UploadTime"] for r in history), reverse=True)
    summary = ras.call("GetEnergySummary", Sn=sn, TheDate=day.replace("/", "-"))["Result"][0]
    assert summary["Einput"] == latest["Einput"]
    assert summary["Eoutput"] == latest["Eoutput"]


# --- signing ---------------------------------------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=st.text(min_size=1, max_size=40), sn=texts, spot=st.integers(0, 31), flip=st.integers(1, 15))
def test_signatures_round_trip_through_the_server_and_any_changed_byte_fails(
    rasv2_cloud: CloudHandle, secret: str, sn: str, spot: int, flip: int
) -> None:
    from solarfakes.simulators.core.auth.sorted_pairs import Progress, SortedPairs, sign_order
    from solarfakes.simulators.core.context import Call
    from solarfakes.simulators.core.errors import VendorError
    from solarfakes.simulators.world import Account

    sim = rasv2_cloud.simulator
    scheme = sim.auth
    assert isinstance(scheme, SortedPairs)
    account = Account(sim.api, "probe", {"api_account": "acct", "secret_key": secret})
    scheme.services.lookup = lambda key, value: account if value == "acct" else None  # type: ignore[method-assign]
    body = {"api_account": "acct", "timestamp": 1_781_000_000, "Token": "t", "Sn": sn}
    body["sign"] = doc_sign(body, secret)

    def verify(candidate: dict[str, Any]) -> int:
        call = Call(sim.api, "POST", "/ras/v2/GetRunningData", {}, {}, b"", "127.0.0.1", rasv2_cloud.clock.now())
        call.endpoint = sim.spec.endpoint("GetRunningData")
        try:
            scheme.check_sign(Progress(candidate, sign_order(scheme.auth, call.endpoint)), call, 0.0)
        except VendorError as refused:
            return int(refused.code)
        return 0

    assert verify(body) == 0
    changed = body["sign"][:spot] + format(int(body["sign"][spot], 16) ^ flip, "x") + body["sign"][spot + 1 :]
    assert verify(body | {"sign": changed}) == 4
    assert verify(body | {"Sn": sn + "x"}) == 4
    assert verify(body | {"timestamp": body["timestamp"] + 1}) == 4


def test_a_failed_sign_tells_the_string_that_should_have_been_signed(ras: RasClient) -> None:
    answer = ras.call("GetRunningData", secret="wrong")
    assert answer == {"ReturnCode": 4, "Result": None}
    shown = ras.cloud.journal.last().diagnostics["string_to_sign"]
    assert (
        shown
        == f"api_account={ras.creds['api_account']}secretkey=<secretkey>Sn=timestamp={ras.stamp()}Token={ras.token}"
    )
    assert ras.creds["secret_key"] not in str(ras.cloud.journal.last().diagnostics)


# --- errors: natural causes, check order, injection ---------------------------------------------------------


def natural_causes(ras: RasClient) -> dict[int, Callable[[], dict[str, Any]]]:
    creds, sn = ras.creds, ras.creds["system_sns"][0]
    history = {"Sn": sn, "Starttime": "2026/06/20 00:00:00"}
    return {
        0: lambda: ras.call("GetRunningData", Sn=sn),
        1: lambda: ras.call("GetHistoryRunningData", **history, endtime="2026/06/21 00:00:01"),
        2: lambda: ras.call("GetHistoryRunningData", **history, endtime=""),
        3: lambda: ras.call("GetRunningData", skew=-3600),
        4: lambda: ras.call("GetRunningData", secret="not the secret"),
        8: lambda: ras.call("GetRunningData", api_account="nobody", secret=""),
        9: lambda: ras.post("Login", ras.login_body(username="nobody")),
        11: lambda: ras.post("Login", ras.login_body(password=doc_encrypt("wrong", creds["username"]))),
        12: lambda: ras.call("GetRunningData", Sn="AL2002000000000"),
        14: lambda: ras.call("GetRunningData", Token="00000000-0000-4000-8000-000000000000"),
        15: lambda: ras.call("GetRunningData", Sn=creds["other_users_system_sns"][0]),
        16: lambda: ras.call("GetRunningData", headers={"X-Real-IP": "203.0.113.9"}, Sn=sn),
    }


def test_every_natural_error_has_its_natural_cause(ras: RasClient) -> None:
    causes = natural_causes(ras)
    assert {int(e.code) for e in ras.cloud.spec.errors if e.natural} == set(causes)
    for code, cause in causes.items():
        assert cause()["ReturnCode"] == code, code


@pytest.mark.parametrize("profile", BOTH)
def test_every_code_of_every_endpoint_can_be_injected(ras: RasClient, profile: str) -> None:
    spec = ras.cloud.spec
    calls = valid_calls(ras.creds)
    codes = [int(e.code) for e in spec.errors if int(e.code) != 0]
    user_type = "UserType" if profile == "observed" else "userType"
    for endpoint in spec.endpoints:
        for code in codes:
            ras.cloud.faults.arm(code, endpoint=endpoint.id, times=1)
            answer = (
                ras.post("Login", ras.login_body())
                if endpoint.id == "Login"
                else ras.call(endpoint.id, **calls[endpoint.id])
            )
            expected: dict[str, Any] = {"ReturnCode": code, "Result": None}
            if endpoint.id == "Login":
                expected = {"ReturnCode": code, user_type: "", "Token": ""}
            elif endpoint.id == "RemoteDispatch":
                expected = {"ReturnCode": code}
            assert answer == expected, (endpoint.id, code)
            check_error(spec, profile, endpoint.id, answer)  # type: ignore[arg-type]


def test_login_checks_in_the_servers_order(ras: RasClient) -> None:
    assert ras.post("Login", ras.login_body(skew=-600, api_account="nobody"))["ReturnCode"] == 3
    assert ras.post("Login", ras.login_body(api_account="nobody", secret="x"))["ReturnCode"] == 8
    assert ras.post("Login", ras.login_body(secret="x", username="nobody"))["ReturnCode"] == 4
    assert ras.post("Login", ras.login_body(username="", password=""))["ReturnCode"] == 9
    assert ras.post("Login", ras.login_body(password=""))["ReturnCode"] == 2
    assert ras.post("Login", ras.login_body(password="bm90IGEgY2lwaGVy"))["ReturnCode"] == 11


def test_data_calls_check_in_the_servers_order(ras: RasClient) -> None:
    token = ras.token
    ras.cloud.clock.advance(5400)
    assert ras.call("GetRunningData", secret="x", skew=-600)["ReturnCode"] == 14  # expired beats all
    ras.login()
    assert token != ras.token
    stranger = {"X-Real-IP": "198.51.100.7"}
    assert ras.call("GetRunningData", headers=stranger, secret="x")["ReturnCode"] == 16
    assert ras.call("GetRunningData", secret="x", skew=-600, api_account="nobody")["ReturnCode"] == 4
    assert ras.call("GetRunningData", skew=-600, api_account="nobody", secret="")["ReturnCode"] == 3
    assert ras.call("GetRunningData", api_account="nobody", secret="", Sn="AL2002000000000")["ReturnCode"] == 8
    assert ras.call("GetHistoryRunningData", Sn="AL2002000000000", Starttime="", endtime="")["ReturnCode"] == 2


def test_history_spans(ras: RasClient) -> None:
    sn = ras.creds["system_sns"][0]

    def span(start: str, end: str) -> int:
        return int(ras.call("GetHistoryRunningData", Sn=sn, Starttime=start, endtime=end)["ReturnCode"])

    assert span("2026/06/20 10:00:00", "2026/06/21 10:00:00") == 0  # exactly 24 h, across midnight
    assert span("2026/06/20 10:00:00", "2026/06/21 10:00:01") == 1
    assert span("2026/06/21 10:00:00", "2026/06/21 09:59:59") == 1
    assert span("2026-06-21 00:00:00", "2026/06/21 01:00:00") == 1


@pytest.mark.solarfakes(profile="documented")
def test_documented_history_is_one_calendar_day(ras: RasClient) -> None:
    ras.profile = "documented"
    sn = ras.creds["system_sns"][0]
    across = ras.call("GetHistoryRunningData", Sn=sn, Starttime="2026/06/20 23:00:00", endtime="2026/06/21 01:00:00")
    assert across["ReturnCode"] == 1
    whole = ras.call("GetHistoryRunningData", Sn=sn, Starttime="2026/06/20 00:00:00", endtime="2026/06/20 23:59:59")
    assert whole["ReturnCode"] == 0
    assert len(whole["Result"]) == 288


# --- the clock: token lifetime, address, timestamp window ----------------------------------------------------


def test_the_token_slides_for_ninety_minutes_from_each_use(ras: RasClient) -> None:
    for _ in range(3):
        ras.cloud.clock.advance(89 * 60)
        assert ras.call("GetSystemList")["ReturnCode"] == 0
    ras.cloud.clock.advance(90 * 60)
    assert ras.call("GetSystemList")["ReturnCode"] == 14


@pytest.mark.solarfakes(profile="documented")
def test_documented_token_expires_ninety_minutes_after_login_and_is_not_bound(ras: RasClient) -> None:
    ras.cloud.clock.advance(60 * 60)
    assert ras.call("GetSystemList", headers={"X-Real-IP": "203.0.113.9"}, pageindex=1)["ReturnCode"] == 0
    ras.cloud.clock.advance(30 * 60)
    assert ras.call("GetSystemList", pageindex=1)["ReturnCode"] == 14


def test_the_token_is_bound_to_the_address_that_logged_in(rasv2_cloud: CloudHandle) -> None:
    client = RasClient(rasv2_cloud)
    client.login(**{"X-Forwarded-For": "10.0.0.1, 10.0.0.2"})  # with a comma the server takes it whole
    assert client.call("GetSystemList")["ReturnCode"] == 16
    assert client.call("GetSystemList", headers={"X-Forwarded-For": "10.0.0.1, 10.0.0.2"})["ReturnCode"] == 0
    assert client.call("GetSystemList", headers={"X-Forwarded-For": "10.0.0.1"})["ReturnCode"] == 16


DOCUMENTED = pytest.mark.solarfakes(profile="documented")


@pytest.mark.parametrize(
    ("skew", "code"),
    [(-179, 0), (-180, 3), (86_400, 0),
     pytest.param(-300, 0, marks=DOCUMENTED), pytest.param(-301, 3, marks=DOCUMENTED),
     pytest.param(300, 0, marks=DOCUMENTED), pytest.param(301, 3, marks=DOCUMENTED)],
)  # fmt: skip
def test_timestamp_window_edges(ras: RasClient, skew: int, code: int) -> None:
    """Observed: (now - timestamp) < 180 s, any future passes; documented: within 300 s either side."""
    assert ras.post("Login", ras.login_body(skew=skew))["ReturnCode"] == code
    assert ras.call("GetRunningData", skew=skew)["ReturnCode"] == code


# --- remote dispatch ----------------------------------------------------------------------------------------


def dispatch(ras: RasClient, sn: str, power_w: int, soc_pct: float, mode: int, status: int = 1) -> dict[str, Any]:
    soc_bits = round(soc_pct / 0.4)
    return ras.call("RemoteDispatch", Sn=sn, ActivePower=32000 + power_w, ReactivePower=32000, SOC=soc_bits,
                    Status=status, ControlMode=mode)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [("SOC", 1e308), ("SOC", 251), ("ActivePower", 65536), ("ReactivePower", -1), ("ActivePower", -1)],
)
def test_dispatch_values_out_of_range_are_refused_and_reads_keep_working(
    ras: RasClient, field: str, value: float
) -> None:
    sn = ras.creds["system_sns"][0]
    params: dict[str, Any] = valid_calls(ras.creds)["RemoteDispatch"] | {field: value}
    assert ras.call("RemoteDispatch", **params)["ReturnCode"] == 1
    assert ras.call("GetRunningData", Sn=sn)["ReturnCode"] == 0


def running(ras: RasClient, sn: str) -> dict[str, Any]:
    return dict(ras.call("GetRunningData", Sn=sn)["Result"][0])


def test_dispatch_drives_the_battery_for_ninety_seconds(ras: RasClient) -> None:
    sn = ras.creds["system_sns"][0]
    assert ras.cloud.clock.now().minute % 5 == 0, "the test starts at a slot's start"
    before = running(ras, sn)
    assert before["DispatchSwitch"] == 0
    assert dispatch(ras, sn, 2000, 10, 2) == {"ReturnCode": 0}
    during = running(ras, sn)
    assert (during["DispatchSwitch"], during["Pdispatch"], during["DispatchSoc"], during["DispatchMode"]) == (
        1,
        34000,
        25,
        2,
    )
    assert during["Pbat"] > before["Pbat"]  # discharging 2 kW for 90 of the slot's 300 s
    assert during["Soc"] == before["Soc"]  # the state at the slot's start
    ras.cloud.clock.advance(89)
    assert running(ras, sn)["DispatchSwitch"] == 1
    ras.cloud.clock.advance(1)
    assert running(ras, sn)["DispatchSwitch"] == 0
    ras.cloud.clock.advance(300 - 90)
    after = running(ras, sn)
    capacity = next(
        p for p in ras.cloud.cloud.world.fleet("alphaess_ras_v2").values() if p.devices_of("inverter")[0].sn == sn
    ).battery
    assert capacity is not None
    assert after["Soc"] == pytest.approx(during["Soc"] - during["Pbat"] / 12 / (capacity.capacity_kwh * 10), abs=0.11)
    ras.login()
    old = ras.call("GetHistoryRunningData", Sn=sn, Starttime="2026/06/21 00:00:00", endtime="2026/06/21 23:59:59")[
        "Result"
    ]
    assert [r["DispatchSwitch"] for r in old[:2]] == [0, 1]


def test_status_zero_stops_the_command_and_other_users_systems_are_refused(ras: RasClient) -> None:
    sn = ras.creds["system_sns"][1]
    dispatch(ras, sn, 1500, 10, 2)
    assert running(ras, sn)["DispatchSwitch"] == 1
    assert dispatch(ras, sn, 1500, 10, 2, status=0) == {"ReturnCode": 0}
    assert running(ras, sn)["DispatchSwitch"] == 0
    assert dispatch(ras, ras.creds["other_users_system_sns"][0], 0, 50, 3) == {"ReturnCode": 15}
    assert dispatch(ras, "AL2002000000000", 0, 50, 3) == {"ReturnCode": 12}


def test_without_sn_every_system_is_dispatched_and_a_reset_forgets(ras: RasClient) -> None:
    assert (
        ras.call("RemoteDispatch", ActivePower=32000, ReactivePower=32000, SOC=125, Status=1, ControlMode=3)[
            "ReturnCode"
        ]
        == 0
    )
    assert {r["DispatchSwitch"] for r in ras.call("GetRunningData")["Result"]} == {1}
    ras.cloud.reset()
    ras.login()
    assert {r["DispatchSwitch"] for r in ras.call("GetRunningData")["Result"]} == {0}


def test_credentials_view(rasv2_cloud: CloudHandle) -> None:
    creds = rasv2_cloud.credentials
    assert {"base_url", "api_account", "secret_key", "username", "password", "system_sns"} <= creds.keys()
    assert creds["offline_system_sns"][0] in creds["system_sns"]
    assert not set(creds["other_users_system_sns"]) & set(creds["system_sns"])


def test_bad_bodies_get_vendor_codes(rasv2_cloud: CloudHandle) -> None:
    with rasv2_cloud.client() as http:
        for content in (b"", b"[1, 2]", b'{"Token": ', b"\xff\xfe", b"Token=x&sign=y"):
            response = http.post(
                "/ras/v2/GetRunningData", content=content, headers={"content-type": "application/json"}
            )
            assert response.status_code == 200
            assert response.json()["ReturnCode"] in (1, 14), content
        assert http.post("/ras/v2/Login", json={"timestamp": "soon"}).json() == {
            "ReturnCode": 3,
            "UserType": "",
            "Token": "",
        }


def sign_case(cloud: CloudHandle, case: Any) -> None:
    """A schemathesis hook: sign a generated body as a real client would (fields it lacks signed empty)."""
    if not isinstance(case.body, dict):
        return
    action = case.path.rsplit("/", 1)[-1]
    creds = cloud.credentials
    case.body["api_account"] = creds["api_account"]
    case.body["timestamp"] = int(cloud.clock.timestamp())
    if action == "Login":
        case.body |= {"username": creds["username"], "password": doc_encrypt(creds["password"], creds["username"])}
    else:
        if not getattr(cloud, "fuzz_token", None):
            client = RasClient(cloud)
            cloud.fuzz_token = client.login()  # type: ignore[attr-defined]
            client.http.close()
        case.body["Token"] = cloud.fuzz_token  # type: ignore[attr-defined]
        for key in KEYS[action]:
            case.body.setdefault(key, "")
    documented = {
        "api_account",
        "timestamp",
        *(("username", "password") if action == "Login" else ("Token", *KEYS[action])),
    }
    for key in set(case.body) - documented:
        del case.body[key]  # the document's fields only: the server binds no others, so signs none
    case.body["sign"] = doc_sign(case.body, creds["secret_key"])


def test_one_systems_kept_page_is_the_page_the_paging_steps_write(
    ras: RasClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GetLastPowerData of one Sn is kept per upload as its bytes: within an upload, across uploads and
    under a dispatch (not kept), it answers what laying out, shaping and writing its page answers."""
    from solarfakes.simulators.vendors.rasv2 import power

    sn = ras.creds["system_sns"][0]

    def answers() -> tuple[bytes, bytes]:
        body = ras.body("GetLastPowerData", Sn=sn)
        kept = ras.http.post("/ras/v2/GetLastPowerData", json=body).content
        with monkeypatch.context() as patch:
            patch.setattr(power, "kept_power_page", lambda sim, plant, call: power.power_page(sim, [plant], call))
            paged = ras.http.post("/ras/v2/GetLastPowerData", json=body).content
        return kept, paged

    seen = set()
    for step in [0, 3, 4, 3, 61, 300]:
        ras.cloud.clock.advance(step)
        kept, paged = answers()
        assert kept == paged
        assert b'"ReturnCode":0' in kept
        seen.add(kept)
    assert len(seen) > 2, "the answer moved with the uploads"
    assert dispatch(ras, sn, 2000, 10, 2) == {"ReturnCode": 0}
    for step in [0, 5]:
        ras.cloud.clock.advance(step)
        kept, paged = answers()
        assert kept == paged
        assert kept not in seen, "the dispatch shows at once"
