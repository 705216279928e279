"""Stateful machines against simple models, through the reference clients: after every step, the server's
reads agree with the model. Growatt plant CRUD, and AlphaCloud charge and discharge configs (written with
arguments drawn from the spec's own parameter rules)."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from solarfakes.contracts.generate import valid_args
from solarfakes.contracts.profiles import depth
from solarfakes.simulators.clock import SimClock, parse_instant
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.pytest_plugin import DEFAULT_INSTANT, CloudHandle
from solarfakes.simulators.vendors import VENDORS

MACHINE = settings(
    max_examples=depth().machine_examples, stateful_step_count=depth().machine_steps, deadline=None, database=None
)
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=16).map(str.strip).filter(bool)
PEAKS = st.integers(1, 400).map(lambda tenths: tenths / 10)


def fresh(api: str) -> CloudHandle:
    clock = SimClock()
    clock.freeze(parse_instant(DEFAULT_INSTANT))
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

    @rule(target=added, name=NAMES, peak=PEAKS)
    def add(self, name: str, peak: float) -> int:
        plant_id = int(self.client.plant_add(c_user_id=self.user, name=name, peak_power=peak)["plant_id"])
        assert plant_id not in self.model
        self.model[plant_id] = (name, peak)
        return plant_id

    @rule(plant_id=added, name=NAMES, peak=PEAKS)
    def modify(self, plant_id: int, name: str, peak: float) -> None:
        if plant_id not in self.model:
            return
        self.client.plant_modify(c_user_id=self.user, plant_id=plant_id, name=name, peak_power=peak)
        self.model[plant_id] = (name, peak)

    @rule(plant_id=consumes(added))
    def delete(self, plant_id: int) -> None:
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


TestGrowattPlants = GrowattPlants.TestCase
TestGrowattPlants.settings = MACHINE
TestAlphaCloudConfigs = AlphaCloudConfigs.TestCase
TestAlphaCloudConfigs.settings = MACHINE
TestRasV2Dispatch = RasV2Dispatch.TestCase
TestRasV2Dispatch.settings = MACHINE
