"""List calls look the caller's plants up by account (world.Fleet.plants_of) and AlphaCloud's
list by its bound serials: after plants are added, removed or replaced, the lists are the ones a walk
of the whole fleet finds, in the fleet's order."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.alphacloud.backend import alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.power import ess_list, slot_ess_row
from solarfakes.simulators.vendors.rasv2.backend import ras
from solarfakes.simulators.world import Fleet, Plant

BUILT = "2026-06-19T00:00:00+00:00"
ACCOUNTS = ("primary", "other", "", "nobody")


def cloud_of(api: str, plants: int = 4) -> Cloud:
    return build_cloud([api], plants=plants, clock=SimClock.from_option(f"frozen@{BUILT}"), limits=False)


def scanned(fleet: Fleet, account: str) -> list[Plant]:
    return [plant for plant in fleet.values() if plant.account == account]


def assert_lists_are_scans(fleet: Fleet) -> None:
    for account in ACCOUNTS:
        found = fleet.plants_of(account)
        assert [p.plant_id for p in found] == [p.plant_id for p in scanned(fleet, account)], account
        assert all(a is b for a, b in zip(found, scanned(fleet, account), strict=True)), account


def test_the_index_follows_adds_removals_and_replacements() -> None:
    for api in ("growatt_v1", "isolarcloud", "alphaess_ras_v2"):
        cloud = cloud_of(api)
        fleet = cloud.simulator(api).world.fleet(api)
        assert_lists_are_scans(fleet)
        first, *_, last = list(fleet.values())
        fleet[9_000_001] = replace(first, plant_id=9_000_001, account="other")
        assert_lists_are_scans(fleet)
        fleet[9_000_002] = replace(first, plant_id=9_000_002, account="primary")
        assert_lists_are_scans(fleet)
        del fleet[first.plant_id]
        assert_lists_are_scans(fleet)
        fleet[last.plant_id] = replace(last, account="other")  # the same id, another owner
        assert_lists_are_scans(fleet)
        fleet.pop(9_000_001)
        assert_lists_are_scans(fleet)
        fleet.setdefault(9_000_003, replace(first, plant_id=9_000_003, account="nobody"))
        assert_lists_are_scans(fleet)
        fleet.update({9_000_004: replace(first, plant_id=9_000_004, account="")})
        assert_lists_are_scans(fleet)
        fleet.clear()
        assert_lists_are_scans(fleet)


def test_an_owner_changed_in_place_is_listed_anew_once_the_fleet_is_told() -> None:
    """No API writes an owner in place; code that did would call ``Fleet.changed``, as device edits do."""
    cloud = cloud_of("growatt_v1")
    fleet = cloud.simulator("growatt_v1").world.fleet("growatt_v1")
    assert_lists_are_scans(fleet)
    next(iter(fleet.values())).account = "other"
    fleet.changed()
    assert_lists_are_scans(fleet)


def send(http: httpx.Client, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
    answer = http.get(path, params=params) if method == "GET" else http.post(path, data=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["error_code"] == 0, body
    return body


def test_growatt_plant_list_after_add_and_delete_is_the_scan(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    fleet = growatt_cloud.simulator.world.fleet("growatt_v1")
    user = growatt_cloud.credentials["c_user_ids"][0]

    def listed() -> list[int]:
        plants = send(growatt, "GET", "/v1/plant/list", {"perpage": 100})["data"]["plants"]
        return [int(p["plant_id"]) for p in plants]

    before = listed()
    assert before == [p.plant_id for p in scanned(fleet, "primary")]
    added = send(growatt, "POST", "/v1/plant/add", {"c_user_id": user, "name": "Barn roof", "peak_power": "9.5"})
    plant_id = int(added["data"]["plant_id"])
    assert listed() == [p.plant_id for p in scanned(fleet, "primary")] == [*before, plant_id]
    send(growatt, "POST", "/v1/plant/delete", {"plant_id": before[0]})
    assert listed() == [p.plant_id for p in scanned(fleet, "primary")] == [*before[1:], plant_id]


def test_ras_systems_of_follows_the_fleet() -> None:
    cloud = cloud_of("alphaess_ras_v2")
    backend = ras(cloud.simulator("alphaess_ras_v2"))
    fleet = backend.world.fleet("alphaess_ras_v2")
    first = next(iter(fleet.values()))
    fleet[9_000_001] = replace(first, plant_id=9_000_001)
    del fleet[first.plant_id]
    for account in ACCOUNTS:
        assert backend.systems_of(account) == scanned(fleet, account)


def alpha_scan(cloud: Cloud, account: str, now: datetime) -> list[dict[str, Any]]:
    """getEssList's rows as the whole fleet's walk found them before the lookup by serial."""
    sim = cloud.simulator("alphaess_openapi")
    bound = alpha(sim).bound(account)
    fleet = sim.world.fleet("alphaess_openapi").values()
    return [slot_ess_row(p, sim.profile, now) for p in fleet if sys_sn(p) in bound]


def test_alphacloud_ess_list_is_the_bound_systems_in_fleet_order() -> None:
    cloud = cloud_of("alphaess_openapi", plants=6)
    sim = cloud.simulator("alphaess_openapi")
    backend = alpha(sim)
    now = datetime.fromisoformat("2026-06-20T10:02:00+00:00")
    fleet = list(backend.fleet.values())

    class Call:  # what ess_list reads of a call
        def __init__(self, account: str) -> None:
            self.account = type("Account", (), {"name": account})()
            self.now = now

    for _ in range(2):  # afresh, then from the rows kept for the slot
        for account in ACCOUNTS:
            assert ess_list(Call(account), sim) == alpha_scan(cloud, account, now)  # type: ignore[arg-type]
    # Bindings change: one system bound to another appId too, one unbound, in an order unlike the fleet's.
    backend.bound("other").update({sys_sn(fleet[3]), sys_sn(fleet[0])})
    backend.bound("primary").discard(sys_sn(fleet[1]))
    for account in ACCOUNTS:
        rows = ess_list(Call(account), sim)  # type: ignore[arg-type]
        assert rows == alpha_scan(cloud, account, now)
    assert [r["sysSn"] for r in ess_list(Call("other"), sim)][:2] == [sys_sn(fleet[0]), sys_sn(fleet[3])]  # type: ignore[arg-type]
    # A system gone offline is listed as it is now, not as the kept row shows it.
    fleet[2].online = not fleet[2].online
    assert ess_list(Call("primary"), sim) == alpha_scan(cloud, "primary", now)  # type: ignore[arg-type]
