"""Figures kept per 5-minute slot (simulators/vendors/slot_memo.py): the slot found for an instant is the
physics' own, and an answer worked out from kept figures is the answer worked out afresh."""

from __future__ import annotations

import asyncio
import pickle
import random
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from solarfakes.simulators.bench.calls import DRIVERS
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.physics import ZONE_SLOTS, slot_index, zone_slot_index
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.slot_memo import ANSWERS_KEPT, SlotMemo

ZONES = ("Europe/Berlin", "Australia/Adelaide", "Asia/Kathmandu", "America/St_Johns", "UTC", "Europe/Amsterdam")
BUILT = "2026-06-19T00:00:00+00:00"
# A serial the envelope draws anew for every answer (not a figure of the plant).
SERIALS = re.compile(rb'"(req_serial_num|request_id|requestId|traceId|msgId)":"[^"]*"')


def instants() -> list[datetime]:
    """Slot boundaries and their neighbours around daylight-saving changes and New Year, in a shuffled
    order, so the kept bounds of one zone are often another instant's."""
    found = []
    for day in ("2026-03-29", "2026-10-25", "2026-04-05", "2026-12-31", "1890-06-01"):
        start = datetime.fromisoformat(f"{day}T00:00:00+00:00")
        for minutes in range(-60, 30 * 60, 37):
            moment = start + timedelta(minutes=minutes)
            found += [
                moment,
                moment - timedelta(microseconds=1),
                moment.replace(second=0, minute=moment.minute // 5 * 5),
            ]
    random.Random(7).shuffle(found)
    return found


@pytest.mark.parametrize("zone", ZONES)
def test_the_slot_of_an_instant_is_the_physics_own(zone: str) -> None:
    model = type("Model", (), {"timezone": zone})()
    ZONE_SLOTS.clear()
    for moment in instants():
        assert slot_index(model, moment) == zone_slot_index(zone, moment), moment  # type: ignore[arg-type]
        other = moment.astimezone(ZoneInfo("America/Havana"))  # an instant of a zone other than UTC
        assert slot_index(model, other) == zone_slot_index(zone, other), other  # type: ignore[arg-type]


async def answers(api: str, profile: str, moments: list[str]) -> list[bytes]:
    """The real-time and list answers for every plant of one cloud, asked at each of ``moments`` in turn
    (the last moment's answers are returned)."""
    clock = SimClock.from_option(f"frozen@{BUILT}")  # the fleet's reference date is the clock's at build
    cloud = build_cloud([api], plants=3, clock=clock, limits=False, profile=profile)
    credentials = cloud.credentials()[api]
    bodies: list[bytes] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cloud.app), base_url="http://127.0.0.1") as http:
        for moment in moments:
            await http.post("/_solarfakes/clock", json={"freeze": moment})
            driver = DRIVERS[api](credentials, datetime.fromisoformat(moment).timestamp(), profile)
            login = driver.login_request()
            if login is not None:
                sent = await http.request(login.method, login.target, headers=dict(login.headers), content=login.body)
                driver.accept_login_answer(sent.content)
            refs = driver.plant_refs()
            bodies = []
            for call in [driver.realtime(ref) for ref in refs] + [driver.listing(ref) for ref in refs]:
                raw = driver.raw(call)
                response = await http.request(raw.method, raw.target, headers=dict(raw.headers), content=raw.body)
                assert response.status_code == 200, response.text
                assert driver.marker.encode() in response.content, response.text
                bodies.append(SERIALS.sub(b"", response.content))
    return bodies


@pytest.mark.parametrize("profile", ["observed", "documented"])
@pytest.mark.parametrize("api", sorted(DRIVERS))
@pytest.mark.parametrize(
    "earlier",
    [
        "2026-06-21T12:00:00.250000+00:00",  # the same slot, another instant
        "2026-06-21T11:59:59.999999+00:00",  # the slot before
        "2026-06-21T09:02:00+00:00",  # hours before, the same day
        "2026-06-20T12:04:30+00:00",  # a day before, at the same time of day
    ],
)
def test_answers_after_an_earlier_instant_are_the_answers_afresh(api: str, profile: str, earlier: str) -> None:
    at = "2026-06-21T12:04:59.500000+00:00"
    assert asyncio.run(answers(api, profile, [earlier, at])) == asyncio.run(answers(api, profile, [at]))


@pytest.mark.solarfakes(at="2026-06-21T11:00:00+00:00")
def test_a_modified_plant_shows_in_the_next_list_at_the_same_instant(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    """The clock stands still: a list row kept for the slot must not outlive plant/modify."""
    creds = growatt_cloud.credentials
    plant = creds["plant_ids"][0]

    def row() -> dict[str, Any]:
        plants = growatt.get("/v1/plant/list", params={"perpage": 100}).json()["data"]["plants"]
        found: dict[str, Any] = next(p for p in plants if p["plant_id"] == plant)
        return found

    before = row()
    modify = {"c_user_id": creds["c_user_ids"][-1], "plant_id": plant, "name": "Renamed roof", "peak_power": "0.5",
              "latitude": "10.5", "longitude": "20.25"}  # fmt: skip
    assert growatt.post("/v1/plant/modify", data=modify).json()["error_code"] == 0
    after = row()
    assert (after["name"], after["peak_power"]) == ("Renamed roof", 0.5)
    assert (float(after["latitude"]), float(after["longitude"])) == (10.5, 20.25), "written as text in lists"
    assert after["user_id"] == creds["c_user_ids"][-1]
    assert (after["current_power"], after["total_energy"]) == (before["current_power"], before["total_energy"])


def test_a_memo_is_written_empty_with_its_bound() -> None:
    memo = SlotMemo(ANSWERS_KEPT)
    memo.put("row", (datetime(2026, 6, 21).date(), 144), {"figure": 1.0})
    assert memo.get("row", (datetime(2026, 6, 21).date(), 144)) == {"figure": 1.0}
    copy = pickle.loads(pickle.dumps(memo))
    assert (copy.kept, copy.limit) == ({}, ANSWERS_KEPT)
