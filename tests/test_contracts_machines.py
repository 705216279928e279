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


TestGrowattPlants = GrowattPlants.TestCase
TestGrowattPlants.settings = MACHINE
TestAlphaCloudConfigs = AlphaCloudConfigs.TestCase
TestAlphaCloudConfigs.settings = MACHINE
