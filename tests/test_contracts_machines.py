"""Stateful machines against simple models, through the reference clients: after every step, the server's
reads agree with the model. Growatt plant, end-user and collector CRUD, AlphaCloud charge and discharge configs
(written with arguments drawn from the spec's own parameter rules), ras/v2 dispatch expiry and iSolarCloud
setting tasks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from solarfakes.clients import ParameterError, VendorError
from solarfakes.contracts.callers import make_caller
from solarfakes.contracts.generate import valid_args
from solarfakes.contracts.profiles import depth, suite_settings
from solarfakes.simulators.clock import SimClock, parse_instant
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport
from solarfakes.simulators.vendors import VENDORS

MACHINE = settings(suite_settings(depth().machine_examples), stateful_step_count=depth().machine_steps)
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=16).map(str.strip).filter(bool)
INSTANT = "2026-06-21T10:00:00+00:00"  # midsummer noon in Europe: the fleet produces
PEAKS = st.integers(1, 400).map(lambda tenths: tenths / 10)
PHONES = st.text(alphabet="0123456789", min_size=6, max_size=15)
UNKNOWN_USER = 999_999_999  # no end user has this id: ids are counted up from the seeded users'


def fresh(api: str) -> CloudHandle:
    clock = SimClock()
    clock.freeze(parse_instant(INSTANT))
    cloud = Cloud(VENDORS, [api], seed=1, plants=3, profile="observed", limits=False, clock=clock,
                  base_url="http://solarfakes.test")  # fmt: skip
    return CloudHandle(cloud, api)


class GrowattPlants(RuleBasedStateMachine):
    """Plants added, renamed and deleted: plant_list and plant_details show exactly the model's plants."""

    added = Bundle("added")

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("growatt_v1")
        self.client = self.handle.reference_client()
        self.user = self.handle.credentials["c_user_ids"][0]
        listed = self.client.plant_list(perpage=100)["plants"]
        self.model: dict[int, tuple[str, float | None]] = {p["plant_id"]: (p["name"], None) for p in listed}

    def taken(self, name: str, besides: int | None = None) -> bool:
        return any(other == name for plant_id, (other, _) in self.model.items() if plant_id != besides)

    @rule(target=added, name=NAMES, peak=PEAKS)
    def add(self, name: str, peak: float) -> int | None:
        if self.taken(name):  # the vendor refuses a second plant of one name (10006), and nothing changes
            with pytest.raises(ParameterError) as refused:
                self.client.plant_add(c_user_id=self.user, name=name, peak_power=peak)
            assert refused.value.code == 10006
            return None
        plant_id = int(self.client.plant_add(c_user_id=self.user, name=name, peak_power=peak)["plant_id"])
        assert plant_id not in self.model
        self.model[plant_id] = (name, peak)
        return plant_id

    @rule(plant_id=added, name=NAMES, peak=PEAKS)
    def modify(self, plant_id: int | None, name: str, peak: float) -> None:
        if plant_id not in self.model or self.taken(name, besides=plant_id):
            return
        self.client.plant_modify(c_user_id=self.user, plant_id=plant_id, name=name, peak_power=peak)
        self.model[plant_id] = (name, peak)

    @rule(plant_id=consumes(added))
    def delete(self, plant_id: int | None) -> None:
        if plant_id is None:
            return
        self.client.plant_delete(plant_id=plant_id)
        del self.model[plant_id]

    @invariant()
    def reads_agree(self) -> None:
        listed = self.client.plant_list(perpage=100)
        assert listed["count"] == len(self.model)
        assert {p["plant_id"]: p["name"] for p in listed["plants"]} == {k: v[0] for k, v in self.model.items()}
        for plant_id, (name, peak) in self.model.items():
            if peak is not None:
                details = self.client.plant_details(plant_id=plant_id)
                assert (details["name"], details["peak_power"]) == (name, peak)

    def teardown(self) -> None:
        self.handle.close()


def stranger_client(handle: CloudHandle) -> Any:
    """A reference client signed in as the cloud's other account, whose users and plants are not ours."""
    [stranger] = [a for a in handle.cloud.world.accounts[handle.api] if a.name == "other"]
    return handle.reference_client(credentials=stranger.credentials)


def refused(code: int, call: Callable[..., Any], **args: Any) -> None:
    """The call is refused with exactly this vendor code."""
    with pytest.raises(VendorError) as refusal:
        call(**args)
    assert refusal.value.code == code, refusal.value


class GrowattUsers(RuleBasedStateMachine):
    """End users registered (by us and by another account) and modified: c_user_list shows exactly the model's
    users. A name taken anywhere on Growatt is refused (10003), and so is modifying a user that is not ours
    (10003); a refusal changes nothing."""

    registered = Bundle("registered")

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("growatt_v1")
        self.client = self.handle.reference_client()
        self.stranger = stranger_client(self.handle)
        self.model = {u["c_user_id"]: (u["c_user_name"], u["c_user_email"], u["c_user_tel"]) for u in self.users()}
        strangers = self.stranger.user_c_user_list(perpage=100)["c_user"]
        self.stranger_users = {(int(u["c_user_id"]), str(u["c_user_name"])) for u in strangers}

    def users(self) -> list[dict[str, Any]]:
        listed = self.client.user_c_user_list(perpage=100)
        assert listed["count"] == len(listed["c_user"])
        return list(listed["c_user"])

    @property
    def stranger_ids(self) -> set[int]:
        return {user_id for user_id, _ in self.stranger_users}

    def taken(self, name: str) -> bool:
        names = {other for _, other in self.stranger_users} | {other for other, _, _ in self.model.values()}
        return name in names

    @rule(target=registered, name=NAMES, mailbox=NAMES, tel=PHONES)
    def register(self, name: str, mailbox: str, tel: str) -> int | None:
        email = f"{mailbox.replace(' ', '.')}@example.com"
        args = {"user_email": email, "user_password": "secret", "user_type": 1, "user_name": name,
                "user_country": "Other", "user_tel": tel}  # fmt: skip
        if self.taken(name):
            refused(10003, self.client.user_user_register, **args)
            return None
        user_id = int(self.client.user_user_register(**args)["c_user_id"])
        assert user_id not in self.model
        assert user_id not in self.stranger_ids
        self.model[user_id] = (name, email, tel)
        return user_id

    @rule(name=NAMES)
    def stranger_registers(self, name: str) -> None:
        args = {"user_email": "someone@example.com", "user_password": "secret", "user_type": 1, "user_name": name,
                "user_country": "China"}  # fmt: skip
        if self.taken(name):
            refused(10003, self.stranger.user_user_register, **args)
            return
        self.stranger_users.add((int(self.stranger.user_user_register(**args)["c_user_id"]), name))

    @rule(user_id=registered, tel=PHONES)
    def modify(self, user_id: int | None, tel: str) -> None:
        if user_id is None:
            return
        self.client.user_modify(c_user_id=user_id, mobile=tel)
        name, email, _ = self.model[user_id]
        self.model[user_id] = (name, email, tel)

    @rule(data=st.data(), tel=PHONES)
    def modify_not_ours(self, data: st.DataObject, tel: str) -> None:
        unknown = max([*self.model, *self.stranger_ids]) + 1
        user_id = data.draw(st.sampled_from(sorted(self.stranger_ids | {unknown})))
        refused(10003, self.client.user_modify, c_user_id=user_id, mobile=tel)

    @invariant()
    def reads_agree(self) -> None:
        listed = {u["c_user_id"]: (u["c_user_name"], u["c_user_email"], u["c_user_tel"]) for u in self.users()}
        assert listed == self.model
        strangers = self.stranger.user_c_user_list(perpage=100)["c_user"]
        assert {(u["c_user_id"], u["c_user_name"]) for u in strangers} == self.stranger_users

    def teardown(self) -> None:
        self.handle.close()


class GrowattCollectors(RuleBasedStateMachine):
    """Collectors added to and deleted from our plants, drawn from the free stock, our plants' own collectors
    and another account's: each plant's datalogger/list shows exactly the model's collectors. A collector
    bound to any plant is refused (10003), deleting one the plant does not have is refused (10004), another
    account's plant is refused (10011) and an unknown end user too (10005); a refusal changes nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("growatt_v1")
        self.client = self.handle.reference_client()
        credentials = self.handle.credentials
        self.user = int(credentials["c_user_ids"][0])
        self.model = {int(p): self.collectors(self.client, int(p)) for p in credentials["plant_ids"]}
        self.stranger = stranger_client(self.handle)
        self.foreign_plants = [int(p) for p in credentials["other_account_plant_ids"]]
        self.foreign = {p: self.collectors(self.stranger, p) for p in self.foreign_plants}
        stranger_owned = set().union(*self.foreign.values())
        assert stranger_owned, "the other account's plant has collectors"
        free = {str(f["sn"]) for f in credentials["free_dataloggers"]}
        assert free, "the stock has free collectors"
        self.serials = sorted(free | stranger_owned | set().union(*self.model.values()))

    @staticmethod
    def collectors(client: Any, plant_id: int) -> set[str]:
        listed = client.device_datalogger_list(plant_id=plant_id, perpage=100)
        assert listed["count"] == len(listed["dataloggers"])
        return {str(d["sn"]) for d in listed["dataloggers"]}

    def bound(self, sn: str) -> bool:
        return any(sn in serials for serials in [*self.model.values(), *self.foreign.values()])

    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        plant_id = data.draw(st.sampled_from(sorted(self.model)))
        sn = data.draw(st.sampled_from(self.serials))
        if self.bound(sn):
            refused(10003, self.client.device_datalogger_add, plant_id=plant_id, sn=sn, c_user_id=self.user)
            return
        self.client.device_datalogger_add(plant_id=plant_id, sn=sn, c_user_id=self.user)
        self.model[plant_id].add(sn)

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        plant_id = data.draw(st.sampled_from(sorted(self.model)))
        sn = data.draw(st.sampled_from(self.serials))
        if sn not in self.model[plant_id]:
            refused(10004, self.client.device_datalogger_delete, plant_id=plant_id, sn=sn)
            return
        self.client.device_datalogger_delete(plant_id=plant_id, sn=sn)
        self.model[plant_id].remove(sn)

    @rule(data=st.data())
    def foreign_plant(self, data: st.DataObject) -> None:
        plant_id = data.draw(st.sampled_from(self.foreign_plants))
        sn = data.draw(st.sampled_from(self.serials))
        refused(10011, self.client.device_datalogger_add, plant_id=plant_id, sn=sn, c_user_id=self.user)
        refused(10011, self.client.device_datalogger_delete, plant_id=plant_id, sn=sn)
        refused(10011, self.client.device_datalogger_list, plant_id=plant_id)

    @rule(data=st.data())
    def unknown_user(self, data: st.DataObject) -> None:
        plant_id = data.draw(st.sampled_from(sorted(self.model)))
        sn = data.draw(st.sampled_from(self.serials))
        refused(10005, self.client.device_datalogger_add, plant_id=plant_id, sn=sn, c_user_id=UNKNOWN_USER)

    @invariant()
    def reads_agree(self) -> None:
        for plant_id, serials in self.model.items():
            assert self.collectors(self.client, plant_id) == serials, plant_id
        for plant_id, serials in self.foreign.items():  # our refused calls never touch the other account's
            assert self.collectors(self.stranger, plant_id) == serials, plant_id

    def teardown(self) -> None:
        self.handle.close()


class AlphaCloudConfigs(RuleBasedStateMachine):
    """Charge and discharge configs written with spec-drawn values: each read shows the last write of its
    system, and a system never written keeps its first answer."""

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("alphaess_openapi")
        self.client = self.handle.reference_client()
        offline = set(self.handle.credentials["offline_system_sns"])  # they refuse config calls (6042)
        self.systems = [sn for sn in self.handle.credentials["system_sns"] if sn not in offline]
        self.model: dict[tuple[str, str], dict[str, Any]] = {}
        for sn in self.systems:
            self.model["getChargeConfigInfo", sn] = self.client.getChargeConfigInfo(sysSn=sn)
            self.model["getDisChargeConfigInfo", sn] = self.client.getDisChargeConfigInfo(sysSn=sn)

    @rule(data=st.data(), kind=st.sampled_from(["updateChargeConfigInfo", "updateDisChargeConfigInfo"]))
    def write(self, data: st.DataObject, kind: str) -> None:
        spec = self.handle.spec
        endpoint = spec.endpoint(kind)
        sn = data.draw(st.sampled_from(self.systems))
        args = data.draw(valid_args(spec, endpoint, self.handle.clock.now()))
        args["sysSn"] = sn
        self.client.call(kind, **args)
        read = kind.replace("update", "get")
        self.model[read, sn] = {k: v for k, v in args.items() if k != "sysSn"}

    @invariant()
    def reads_agree(self) -> None:
        for (read, sn), expected in self.model.items():
            assert getattr(self.client, read)(sysSn=sn) == expected, (read, sn)

    def teardown(self) -> None:
        self.handle.close()


class RasV2Dispatch(RuleBasedStateMachine):
    """RemoteDispatch commands on the simulated clock: a command holds for 90 seconds from when it was given
    (alphaess-ras-v2 RemoteDispatch; the spec's dispatch duration), Status 0 ends it at once, and
    GetRunningData shows the switch and the commanded values exactly while it holds. The clock runs on
    past the 90-minute token too, so the client's one re-login is part of the walk."""

    HOLD_SECONDS = 90

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("alphaess_ras_v2")
        self.client = self.handle.reference_client()
        offline = set(self.handle.credentials["offline_system_sns"])  # an offline system reports no running data
        self.systems = [sn for sn in self.handle.credentials["system_sns"] if sn not in offline]
        self.model: dict[str, tuple[float, int, int, int] | None] = dict.fromkeys(self.systems)

    @rule(data=st.data(), power=st.integers(30000, 34000), soc=st.integers(25, 250), mode=st.sampled_from([1, 2, 3]))
    def command(self, data: st.DataObject, power: int, soc: int, mode: int) -> None:
        sn = data.draw(st.sampled_from(self.systems))
        answer = self.client.RemoteDispatch(Sn=sn, ActivePower=power, ReactivePower=32000, SOC=soc, Status=1,
                                            ControlMode=mode)  # fmt: skip
        assert answer == {"ReturnCode": 0}
        self.model[sn] = (self.handle.clock.timestamp(), power, soc, mode)

    @rule(data=st.data())
    def stop(self, data: st.DataObject) -> None:
        sn = data.draw(st.sampled_from(self.systems))
        self.client.RemoteDispatch(Sn=sn, ActivePower=32000, ReactivePower=32000, SOC=0, Status=0, ControlMode=1)
        self.model[sn] = None

    @rule(seconds=st.sampled_from([1, 29, 60, 89, 90, 91, 300, 3600]))
    def wait(self, seconds: int) -> None:
        self.handle.clock.advance(seconds)

    @invariant()
    def reads_agree(self) -> None:
        now = self.handle.clock.timestamp()
        for sn, command in self.model.items():
            [row] = self.client.GetRunningData(Sn=sn)
            holds = command is not None and now - command[0] < self.HOLD_SECONDS
            assert row["DispatchSwitch"] == (1 if holds else 0), (sn, command, now)
            if holds:
                assert command is not None
                assert (row["Pdispatch"], row["DispatchSoc"], row["DispatchMode"]) == command[1:]

    def teardown(self) -> None:
        self.handle.close()


class ISolarCloudSettingTasks(RuleBasedStateMachine):
    """Platform parameter-setting tasks (paramSettingCheck, paramSetting, getParamSettingTask) on the simulated
    clock: a task runs, then succeeds for good; a finished write task returns the values written; a finished
    read task returns the device's setting when it ran: the last write issued no later than the read (tasks
    take equal times, so a write queued in the same instant has run too), else the default."""

    DONE_WITHIN = 60  # seconds; no source gives a task's duration, only that clients poll every 5 s

    def __init__(self) -> None:
        super().__init__()
        self.handle = fresh("isolarcloud")
        self.caller = make_caller("isolarcloud", "observed", self.handle.base_url, self.handle.credentials,
                                  transport=SyncASGITransport(self.handle.app))  # fmt: skip
        plant = str(self.handle.credentials["plant_ids"][0])
        devices = self.post("platform_getDeviceListByPsId", {"ps_id": plant, "page": 1, "size": 50})["pageList"]
        self.uuid = str(next(d["uuid"] for d in devices if d["device_type"] == 1))
        check = self.post("platform_paramSettingCheck", {"set_type": 0, "uuid": self.uuid})
        assert check["dev_result_list"][0]["check_result"] == "1"
        self.writes: list[tuple[float, str]] = [(float("-inf"), "1000")]  # 10008's default: no limit
        self.tasks: dict[str, tuple[float, int, str]] = {}  # task id -> issued, set_type, value written
        self.finished: set[str] = set()

    def post(self, endpoint_id: str, body: dict[str, Any]) -> Any:
        answer = self.caller(endpoint_id, body).body()
        assert answer["result_code"] == "1", answer
        return answer["result_data"]

    def queue(self, set_type: int, value: str) -> str:
        body = {"set_type": set_type, "uuid": self.uuid, "param_list": [{"param_code": "10008", "set_value": value}]}
        [result] = self.post("platform_paramSetting", body)["dev_result_list"]
        assert result["code"] == "1"
        return str(result["task_id"])

    @rule(ratio=st.integers(0, 1000))
    def write(self, ratio: int) -> None:
        task = self.queue(0, str(ratio))
        self.tasks[task] = (self.handle.clock.timestamp(), 0, str(ratio))
        self.writes.append((self.handle.clock.timestamp(), str(ratio)))

    @rule()
    def read(self) -> None:
        task = self.queue(2, "")
        self.tasks[task] = (self.handle.clock.timestamp(), 2, "")

    @rule(seconds=st.sampled_from([1, 2, 5, 30, 61]))
    def wait(self, seconds: int) -> None:
        self.handle.clock.advance(seconds)

    @invariant()
    def reads_agree(self) -> None:
        now = self.handle.clock.timestamp()
        for task, (issued, set_type, written) in self.tasks.items():
            expected = written if set_type == 0 else [v for at, v in self.writes if at <= issued][-1]
            status = self.post("platform_getParamSettingTask", {"task_id": task, "uuid": self.uuid})
            assert status["command_status"] in (2, 8)
            if task in self.finished or now - issued >= self.DONE_WITHIN:
                assert status["command_status"] == 8, (task, now - issued)
            if status["command_status"] == 8:
                self.finished.add(task)
                assert status["param_list"][0]["return_value"] == expected, (task, set_type)
            else:
                assert status["param_list"][0]["return_value"] is None

    def teardown(self) -> None:
        self.caller.close()
        self.handle.close()


TestGrowattPlants = GrowattPlants.TestCase
TestGrowattPlants.settings = MACHINE
TestGrowattUsers = GrowattUsers.TestCase
TestGrowattUsers.settings = MACHINE
TestGrowattCollectors = GrowattCollectors.TestCase
TestGrowattCollectors.settings = MACHINE
TestAlphaCloudConfigs = AlphaCloudConfigs.TestCase
TestAlphaCloudConfigs.settings = MACHINE
TestRasV2Dispatch = RasV2Dispatch.TestCase
TestRasV2Dispatch.settings = MACHINE
TestISolarCloudSettingTasks = ISolarCloudSettingTasks.TestCase
TestISolarCloudSettingTasks.settings = MACHINE
