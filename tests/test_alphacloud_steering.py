"""AlphaCloud charge and discharge settings steer the battery, and telemetry and history show it: a
grid-charge period charges it from the grid up to batHighCap; with discharge time control the battery
discharges only in its periods and never below batUseCap."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from conftest import AlphaClient

from solarfakes.simulators.pytest_plugin import CloudHandle

# Night in Europe: batteries there are part empty, so charging shows.
pytestmark = pytest.mark.solarfakes(at="2026-06-21T02:00:00+00:00")

NO_PERIOD = "00:00"


def data(response: Any) -> Any:
    body = response.json()
    assert body["code"] == 200, body
    return body["data"]


def online_systems(alphacloud: CloudHandle) -> list[str]:
    creds = alphacloud.credentials
    return [sn for sn in creds["system_sns"] if sn not in creds["offline_system_sns"]]


def local_now(alpha: AlphaClient, sn: str, alphacloud: CloudHandle) -> datetime:
    """The system's local time now: the newest point of its day (the plant-local day may differ from UTC's)."""
    utc_day = alphacloud.clock.now().date()
    for day in (utc_day + timedelta(days=1), utc_day, utc_day - timedelta(days=1)):
        points = data(alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=day.isoformat()))
        if points:
            return datetime.strptime(points[-1]["uploadTime"], "%Y-%m-%d %H:%M:%S")
    raise AssertionError("no points")


def points_between(alpha: AlphaClient, sn: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Every history point of the system from ``start`` to ``end`` (local times)."""
    found: list[dict[str, Any]] = []
    day: date = start.date()
    while day <= end.date():
        for point in data(alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=day.isoformat())):
            moment = datetime.strptime(point["uploadTime"], "%Y-%m-%d %H:%M:%S")
            if start <= moment <= end:
                found.append(point)
        day += timedelta(days=1)
    return found


def hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute // 15 * 15:02d}"


def test_grid_charge_period_charges_the_battery_from_the_grid(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = next(s for s in online_systems(alphacloud) if data(alpha.get("getLastPowerData", sysSn=s))["soc"] < 80)
    before = data(alpha.get("getLastPowerData", sysSn=sn))
    start = local_now(alpha, sn, alphacloud)
    energy_before = data(alpha.get("getOneDateEnergyBySn", sysSn=sn, queryDate=start.date().isoformat()))
    config = {"sysSn": sn, "batHighCap": 100, "gridCharge": 1, "timeChaf1": "00:00", "timeChae1": "23:45",
              "timeChaf2": NO_PERIOD, "timeChae2": NO_PERIOD}  # fmt: skip
    assert data(alpha.post("updateChargeConfigInfo", config)) is None
    alphacloud.clock.advance(900)
    after = data(alpha.get("getLastPowerData", sysSn=sn))
    assert after["pbat"] < 0, "charging"
    assert after["pgrid"] > 0, "from the grid"
    assert after["soc"] > before["soc"]
    points = points_between(alpha, sn, start + timedelta(minutes=5), local_now(alpha, sn, alphacloud))
    assert points
    assert all(p["gridCharge"] > 0 for p in points)
    energy = data(alpha.get("getOneDateEnergyBySn", sysSn=sn, queryDate=start.date().isoformat()))
    assert energy["eGridCharge"] > energy_before["eGridCharge"]


def test_grid_charge_stops_at_bat_high_cap(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = next(s for s in online_systems(alphacloud) if data(alpha.get("getLastPowerData", sysSn=s))["soc"] < 80)
    soc = data(alpha.get("getLastPowerData", sysSn=sn))["soc"]
    cap = int(soc) + 3
    config = {"sysSn": sn, "batHighCap": cap, "gridCharge": 1, "timeChaf1": "00:00", "timeChae1": "23:45",
              "timeChaf2": NO_PERIOD, "timeChae2": NO_PERIOD}  # fmt: skip
    data(alpha.post("updateChargeConfigInfo", config))
    start = local_now(alpha, sn, alphacloud)
    alphacloud.clock.advance(3 * 3600)
    points = points_between(alpha, sn, start, local_now(alpha, sn, alphacloud))
    assert max(p["cbat"] for p in points) == pytest.approx(cap, abs=0.15)


def discharge_config(sn: str, start: str, end: str, cut_off: int) -> dict[str, Any]:
    return {"sysSn": sn, "batUseCap": cut_off, "ctrDis": 1, "timeDisf1": start, "timeDise1": end,
            "timeDisf2": NO_PERIOD, "timeDise2": NO_PERIOD}  # fmt: skip


def discharges_on_its_own(alpha: AlphaClient, sn: str, day: date) -> bool:
    """Whether the battery's state of charge ever falls during an unsteered day (the control)."""
    socs = [p["cbat"] for p in data(alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=day.isoformat()))]
    return any(later < earlier - 0.5 for earlier, later in itertools.pairwise(socs))


def test_outside_its_discharge_periods_the_battery_does_not_discharge(
    alpha: AlphaClient, alphacloud: CloudHandle
) -> None:
    sn = online_systems(alphacloud)[0]
    now = local_now(alpha, sn, alphacloud)
    assert discharges_on_its_own(alpha, sn, now.date() - timedelta(days=1)), "the control day discharges"
    elsewhere = now + timedelta(hours=12)
    window_end = elsewhere + timedelta(minutes=15)
    data(alpha.post("updateDisChargeConfigInfo", discharge_config(sn, hhmm(elsewhere), hhmm(window_end), 10)))
    alphacloud.clock.advance(10 * 3600)
    points = points_between(alpha, sn, now + timedelta(minutes=5), local_now(alpha, sn, alphacloud))
    socs = [p["cbat"] for p in points]
    assert len(socs) > 100
    assert all(later >= earlier - 1e-6 for earlier, later in itertools.pairwise(socs))


def test_in_its_discharge_period_the_battery_stops_at_bat_use_cap(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = online_systems(alphacloud)[0]
    now = local_now(alpha, sn, alphacloud)
    yesterday = data(alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=(now.date() - timedelta(days=1)).isoformat()))
    soc = data(alpha.get("getLastPowerData", sysSn=sn))["soc"]
    # On its own the battery went 10 points lower than this yesterday (the control).
    cut_off = int(min(p["cbat"] for p in yesterday)) + 10
    data(alpha.post("updateDisChargeConfigInfo", discharge_config(sn, "00:00", "23:45", cut_off)))
    alphacloud.clock.advance(20 * 3600)
    points = points_between(alpha, sn, now + timedelta(minutes=5), local_now(alpha, sn, alphacloud))
    assert len(points) > 200
    assert min(p["cbat"] for p in points) >= min(cut_off, soc) - 0.15


def test_settings_of_one_system_leave_the_others_alone(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    steered, other = online_systems(alphacloud)[:2]
    day = local_now(alpha, other, alphacloud).date().isoformat()
    before = data(alpha.get("getOneDayPowerBySn", sysSn=other, queryDate=day))
    config = {"sysSn": steered, "batHighCap": 100, "gridCharge": 1, "timeChaf1": "00:00", "timeChae1": "23:45",
              "timeChaf2": NO_PERIOD, "timeChae2": NO_PERIOD}  # fmt: skip
    data(alpha.post("updateChargeConfigInfo", config))
    assert data(alpha.get("getOneDayPowerBySn", sysSn=other, queryDate=day)) == before


def test_a_steered_system_still_answers_after_a_year(alpha: AlphaClient, alphacloud: CloudHandle) -> None:
    sn = online_systems(alphacloud)[0]
    data(alpha.post("updateDisChargeConfigInfo", discharge_config(sn, "17:00", "21:00", 20)))
    for _ in range(3):
        alphacloud.clock.advance(400 * 86400)
        now = local_now(alpha, sn, alphacloud)
        assert data(alpha.get("getLastPowerData", sysSn=sn))["soc"] >= 0
        assert len(data(alpha.get("getOneDayPowerBySn", sysSn=sn, queryDate=now.date().isoformat()))) > 0
        assert data(alpha.get("getSumDataForCustomer", sysSn=sn))["epvtotal"] > 0
