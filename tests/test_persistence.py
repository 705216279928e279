"""State that survives a restart: a cloud started again on its state file answers exactly as the one
that stopped (even one that was never closed, as after kill -9), for every API's writes, and keeps its
clock, faults, limits, meter counters, tokens and nonces."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import AlphaClient
from test_isolarcloud import Plain
from test_isolarcloud_platform import Platform, admin_code, consent_code, inverter

from solarfakes.simulators.clock import SimClock, parse_instant
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.state_file import StateError
from solarfakes.simulators.pytest_plugin import CloudHandle, make_cloud
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs import load_spec

START = "2026-06-21T10:00:00+00:00"
CHARGE = {"batHighCap": 95, "gridCharge": 1, "timeChae1": "06:00", "timeChae2": "00:00", "timeChaf1": "22:15",
          "timeChaf2": "00:00"}  # fmt: skip
DISCHARGE = {"batUseCap": 12, "ctrDis": 1, "timeDise1": "23:00", "timeDise2": "00:00", "timeDisf1": "07:00",
             "timeDisf2": "00:00"}  # fmt: skip
Reads = Callable[[CloudHandle], list[Any]]


def start(path: Path, api: str, **options: Any) -> CloudHandle:
    """A cloud on ``path`` as `serve --state` builds it: the clock the command line gives is the one the file
    overrides once it holds one."""
    clock = SimClock()
    clock.freeze(parse_instant(START))
    options = {"seed": 1, "plants": 3, "limits": False, "clock": clock, **options}
    return CloudHandle(Cloud(VENDORS, [api], base_url="http://solarfakes.test", state=path, **options), api)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite"


def answers_after_restart(path: Path, api: str, writes: Callable[[CloudHandle], Reads]) -> tuple[list[Any], list[Any]]:
    """Run ``writes`` on a cloud, then the reads it returns on that cloud and on a second one started from the
    same file while the first is still open (never closed, as after kill -9): both must answer the same."""
    first = start(path, api)
    reads = writes(first)
    second = start(path, api)
    try:
        return reads(first), reads(second)
    finally:
        first.close()
        second.close()


def admin_view(handle: CloudHandle) -> dict[str, Any]:
    """What the admin API shows of the state: clock, faults, limits with counters, tokens."""
    with handle.client() as http:
        return {name: http.get(f"/_solarfakes/{name}").json() for name in ("clock", "faults", "limits", "tokens")}


def steady(body: Any) -> Any:
    """An answer without its request serial, which is new on every call (restart or not)."""
    return {k: v for k, v in body.items() if k != "req_serial_num"} if isinstance(body, dict) else body


# --- Growatt -----------------------------------------------------------------------------------------------------


def growatt_writes(cloud: CloudHandle) -> Reads:
    creds = cloud.credentials
    user, plant = creds["c_user_ids"][0], creds["plant_ids"][0]
    inverter = next(sn for sn in creds["device_sns"] if sn not in creds["storage_sns"])
    free = creds["free_dataloggers"][0]
    with cloud.client(headers={"token": creds["token"]}) as http:

        def post(path: str, **data: Any) -> Any:
            body = http.post(path, data=data).json()
            assert body["error_code"] == 0, (path, body)
            return body["data"]

        registered = post("/v1/user/user_register", user_email="new@example.com", user_password="pw", user_type="1",
                          user_name="newcomer", user_country="Other")  # fmt: skip
        added = post("/v1/plant/add", c_user_id=registered["c_user_id"], name="Barn roof", peak_power="9.5")
        post("/v1/plant/modify", c_user_id=user, plant_id=plant, name="Renamed", peak_power="6.5")
        post("/v1/plant/delete", plant_id=creds["plant_ids"][1])
        post("/v1/user/modify", c_user_id=user, mobile="0123456789")
        post("/v1/device/datalogger/add", plant_id=plant, sn=free["sn"], c_user_id=user)
        post("/v1/inverterSet", device_sn=inverter, paramId="pv_active_p_rate", command_1="60", command_2="")
        post("/v1/storageSet", storage_sn=creds["storage_sns"][0], type="storage_ac_charge_soc_limit", param1="60")
    cloud.clock.advance(3600)
    cloud.faults.arm(10012, endpoint="/v1/plant/list", times=2)
    cloud.faults.arm(10011, endpoint="/v1/plant/details", probability=0.5)
    with cloud.client(headers={"token": creds["token"]}) as http:
        assert http.get("/v1/plant/list").json()["error_code"] == 10012  # the fault's first of two

    def reads(handle: CloudHandle) -> list[Any]:
        calls = [
            ("/v1/plant/list", {}),
            ("/v1/plant/list", {}),
            ("/v1/user/c_user_list", {}),
            ("/v1/plant/details", {"plant_id": plant}),
            ("/v1/plant/details", {"plant_id": added["plant_id"]}),
            ("/v1/plant/data", {"plant_id": plant}),
            ("/v1/device/list", {"plant_id": plant}),
            ("/v1/device/datalogger/list", {"plant_id": plant}),
            ("/v1/device/inverter/last_new_data", {"device_sn": inverter}),
            *[("/v1/plant/details", {"plant_id": plant})] * 6,
        ]
        with handle.client(headers={"token": creds["token"]}) as http:
            return [http.get(path, params=params).json() for path, params in calls] + [admin_view(handle)]

    return reads


def test_growatt_writes_survive_a_restart(state: Path) -> None:
    before, after = answers_after_restart(state, "growatt_v1", growatt_writes)
    assert after == before
    assert before[0]["error_code"] == 10012, "the fault armed for two calls fired once before the restart"
    names = [p["name"] for p in before[1]["data"]["plants"]]
    assert "Renamed" in names
    assert "Barn roof" in names
    assert before[4]["error_code"] == 0
    assert {body["error_code"] for body in before[9:15]} == {0, 10011}, "the probability fault fires now and then"
    assert before[-1]["clock"]["now"] == "2026-06-21T11:00:00+00:00"
    assert before[-1]["limits"]["counters"]["growatt_v1"], "the meter counts"


# --- AlphaCloud ------------------------------------------------------------------------------------------------


def alphacloud_writes(cloud: CloudHandle) -> Reads:
    creds = cloud.credentials
    sn, other = creds["system_sns"][0], creds["system_sns"][1]
    bindable = creds["bindable_systems"][0]
    client = cloud.reference_client()
    client.updateChargeConfigInfo(sysSn=sn, **CHARGE)
    client.updateDisChargeConfigInfo(sysSn=sn, **DISCHARGE)
    client.getVerificationCode(sysSn=bindable["sysSn"], checkCode=bindable["checkCode"])
    client.bindSn(sysSn=bindable["sysSn"], code=cloud.credentials["verification_codes"][bindable["sysSn"]])
    client.unBindSn(sysSn=other)
    with_charger = next(s for s in cloud.credentials["system_sns"] if client.getEvChargerConfigList(sysSn=s))
    client.setEvChargerCurrentsBySn(sysSn=with_charger, currentsetting=20)
    cloud.limits(True)
    cloud.clock.advance(600)

    def reads(handle: CloudHandle) -> list[Any]:
        reader = handle.reference_client()
        return [
            reader.getEssList(),
            reader.getChargeConfigInfo(sysSn=sn),
            reader.getDisChargeConfigInfo(sysSn=sn),
            reader.getEvChargerCurrentsBySn(sysSn=with_charger),
            reader.getLastPowerData(sysSn=bindable["sysSn"]),
            handle.credentials,
            AlphaClient(handle).post("updateChargeConfigInfo", {"sysSn": sn, **CHARGE}).json(),
            admin_view(handle),
        ]

    return reads


def test_alphacloud_writes_survive_a_restart(state: Path) -> None:
    before, after = answers_after_restart(state, "alphaess_openapi", alphacloud_writes)
    assert after == before
    systems = {s["sysSn"] for s in before[0]}
    assert before[5]["bindable_systems"][0]["sysSn"] not in systems, "the bound system left the bindable ones"
    assert before[1]["batHighCap"] == CHARGE["batHighCap"]
    assert before[3]["currentsetting"] == 20
    assert before[6]["code"] == 6053, "the config written before the restart still counts for its 24 hours"
    assert before[-1]["limits"]["enforce"] is True


# --- AlphaESS ras/v2 ---------------------------------------------------------------------------------------------


def rasv2_writes(cloud: CloudHandle) -> Reads:
    sn = cloud.credentials["system_sns"][0]
    client = cloud.reference_client()
    client.RemoteDispatch(Sn=sn, ActivePower=34000, ReactivePower=32000, SOC=25, Status=1, ControlMode=2)
    cloud.clock.advance(30)  # the 90-second command is still running after the restart

    def reads(handle: CloudHandle) -> list[Any]:
        reader = handle.reference_client()  # logs in: the token it gets must be the same after a restart
        running = reader.GetRunningData(Sn=sn)
        handle.clock.advance(60)
        return [running, reader.GetRunningData(Sn=sn), reader.GetLastPowerData(Sn=sn), admin_view(handle)]

    return reads


def test_rasv2_dispatch_survives_a_restart(state: Path) -> None:
    before, after = answers_after_restart(state, "alphaess_ras_v2", rasv2_writes)
    assert after == before
    assert before[0][0]["DispatchSwitch"] == 1
    assert before[1][0]["DispatchSwitch"] == 0, "the command ended 90 s after it began"
    assert len(before[-1]["tokens"]["alphaess_ras_v2"]) == 2, "the login before the restart and the one after"


# --- APsystems -------------------------------------------------------------------------------------------------


def apsystems_calls(cloud: CloudHandle) -> Reads:
    """APsystems writes nothing; its monthly quota counters and nonces are the state that must survive."""
    system = cloud.credentials["systems"][0]
    client = cloud.reference_client()
    client.system_details(sid=system["sid"])
    client.ecu_energy(sid=system["sid"], eid=system["ecu_ids"][0], energy_level="hourly", date_range="2026-06-20")

    def reads(handle: CloudHandle) -> list[Any]:
        answer = handle.reference_client().system_summary(sid=system["sid"])
        return [answer, admin_view(handle), list(handle.simulator.meter.counters)]  # the LRU order too

    return reads


def test_apsystems_counters_survive_a_restart(state: Path) -> None:
    before, after = answers_after_restart(state, "apsystems_openapi", apsystems_calls)
    assert after == before
    calls = sum(
        c["calls"] for c in before[1]["limits"]["counters"]["apsystems_openapi"] if c["limit"] == "monthly_budget"
    )
    assert calls >= 3


def test_a_nonce_used_before_a_restart_is_still_a_replay_after_it(state: Path) -> None:
    first = start(state, "apsystems_openapi")
    first.reference_client().system_details(sid=first.credentials["systems"][0]["sid"])
    sent = first.journal.last()
    second = start(state, "apsystems_openapi")
    with second.client() as http:
        again = http.get(sent.path, params=sent.query, headers=sent.headers).json()
    assert again["code"] != 0
    assert second.journal.last().diagnostics["check"] == "nonce"
    first.close()
    second.close()


# --- iSolarCloud -------------------------------------------------------------------------------------------------


def isolarcloud_writes(cloud: CloudHandle) -> Reads:
    user = Plain(cloud)
    user.login()
    wrong = {"user_account": cloud.credentials["user_account"], "user_password": "wrong"}
    assert Plain(cloud).post("login", wrong)["result_data"]["login_state"] == "0"  # it counts towards a lock
    platform = Platform(cloud)
    assert platform.exchange(consent_code(cloud))["result_code"] == "1"
    spare = admin_code(cloud)  # minted before the restart, exchanged after it
    key, uuid, _ = inverter(cloud)
    write = {"set_type": 0, "uuid": str(uuid), "param_list": [{"param_code": "10008", "set_value": "100"}]}
    task = platform.call("paramSetting", write)["result_data"]["dev_result_list"][0]["task_id"]
    cloud.clock.advance(300)  # the task is done, the spare code (ten minutes) still good

    def reads(handle: CloudHandle) -> list[Any]:
        again, other = Plain(handle), Platform(handle)
        again.token, other.access_token = user.token, platform.access_token
        return [steady(body) for body in (
            again.post("getPowerStationList", {"curPage": 1, "size": 10}),
            other.call("getParamSettingTask", {"task_id": task, "uuid": str(uuid)}),
            other.call("getDeviceRealTimeData", {"ps_key_list": [key], "point_id_list": ["24"], "device_type": "1"}),
            Plain(handle).post("login", wrong),
            Platform(handle).exchange(spare),
        )] + [admin_view(handle)]  # fmt: skip

    return reads


def test_isolarcloud_login_tokens_codes_and_tasks_survive_a_restart(state: Path) -> None:
    before, after = answers_after_restart(state, "isolarcloud", isolarcloud_writes)
    assert after == before
    assert before[0]["result_code"] == "1", "the login token from before the restart still works"
    assert before[1]["result_data"]["command_status"] != 2, "the task finished on the simulated clock"
    assert before[3]["result_data"]["err_times"] == "2", "the wrong password before the restart still counts"
    assert before[4]["result_code"] == "1", "the code minted before the restart is still good once"


# --- the file itself -----------------------------------------------------------------------------------------------


def test_a_reset_empties_the_file_and_a_reseed_survives_a_restart(state: Path) -> None:
    first = start(state, "growatt_v1")
    growatt_writes(first)
    first.cloud.reset(seed=7)
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT COUNT(*) FROM events").fetchone() == (0,)
    plants = first.credentials["plant_ids"]
    second = start(state, "growatt_v1")  # started with --seed 1, as the first was: the file says 7 now
    assert second.cloud.seed == 7
    assert second.credentials["plant_ids"] == plants
    assert second.clock.now() == first.clock.now(), "a reset leaves the clock, and so does a restart"
    first.close()
    second.close()


def test_a_file_of_another_fleet_or_no_state_file_at_all_is_refused(state: Path, tmp_path: Path) -> None:
    start(state, "growatt_v1").close()
    with pytest.raises(StateError, match="plants 3"):
        start(state, "growatt_v1", plants=4)
    with pytest.raises(StateError, match="seed 1"):
        start(state, "growatt_v1", seed=2)
    with pytest.raises(StateError, match="apis"):
        start(state, "alphaess_openapi")
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StateError, match="not a solarfakes state file"):
        start(garbage, "growatt_v1")


@pytest.mark.parametrize(
    "row",
    [
        ('"a nonce without its scope"', "1782043200.0"),  # a hand-edited key of the text form
        ("[1, 2, 3]", "1782043200.0"),  # a pair form with three parts
        ("12345", '"not a time"'),
    ],
)
def test_a_kept_row_that_cannot_be_read_is_refused_with_the_file_named(state: Path, row: tuple[str, str]) -> None:
    first = start(state, "apsystems_openapi")
    first.reference_client().system_details(sid=first.credentials["systems"][0]["sid"])
    first.close()
    with sqlite3.connect(state) as db:
        (store,) = db.execute("SELECT DISTINCT store FROM entries WHERE store LIKE '%nonces%'").fetchone()
        db.execute("INSERT INTO entries (store, key, seq, value) VALUES (?, ?, 1000000, ?)", (store, *row))
    with pytest.raises(StateError, match=f"{state}: a kept {store} row cannot be read"):
        start(state, "apsystems_openapi")


def test_the_pytest_marker_takes_a_state_file(request: pytest.FixtureRequest, state: Path) -> None:
    request.node.add_marker(pytest.mark.solarfakes(state=state))
    first = CloudHandle(make_cloud(request, "growatt_v1"), "growatt_v1")
    first.clock.advance(1234)
    first.faults.arm(10012, times=3)
    first.close()
    second = CloudHandle(make_cloud(request, "growatt_v1"), "growatt_v1")
    assert second.clock.now() == first.clock.now()
    assert [f["times"] for f in second.faults.armed()] == [3]
    assert second.faults.arm(10011).id == 2, "fault ids go on where they were"
    second.close()


def test_every_write_endpoint_is_marked_in_the_specs() -> None:
    """The handlers that change state, by API: the spec's effect marks exactly these (and the writes the fake
    acknowledges without modelling, which replay harmlessly)."""
    writes = {api: {e.id for e in load_spec(api).endpoints if e.effect == "write"} for api in VENDORS}
    assert writes["growatt_v1"] >= {
        "plant_add",
        "plant_modify",
        "plant_delete",
        "user_user_register",
        "user_modify",
        "device_datalogger_add",
        "device_datalogger_delete",
        "inverterSet",
        "storageSet",
    }
    assert writes["alphaess_openapi"] >= {
        "updateChargeConfigInfo",
        "updateDisChargeConfigInfo",
        "getVerificationCode",
        "bindSn",
        "unBindSn",
        "setEvChargerCurrentsBySn",
    }
    assert writes["alphaess_ras_v2"] == {"Login", "RemoteDispatch"}
    assert writes["isolarcloud"] == {"login", "apiManage_token", "apiManage_refreshToken", "platform_paramSetting"}
    assert writes["apsystems_openapi"] == set()  # fmt: skip


def test_a_session_row_of_another_shape_is_refused_with_the_file_named(state: Path) -> None:
    first = start(state, "alphaess_ras_v2")
    first.reference_client().GetLastPowerData(Sn=first.credentials["system_sns"][0])  # logs in
    first.close()
    with sqlite3.connect(state) as db:
        (store, key) = db.execute("SELECT store, key FROM entries WHERE store LIKE '%tokens%'").fetchone()
        db.execute("UPDATE entries SET value = ? WHERE store = ? AND key = ?", ('{"token": 1}', store, key))
    with pytest.raises(StateError, match=f"a kept {store} row cannot be read"):
        start(state, "alphaess_ras_v2")
