"""The APsystems meter far ahead (meter_history.py): a clock set to 2199 answers from closed-form days
and cached years, and every level still sums to the same totals."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.fleet import system_id
from solarfakes.simulators.vendors.apsystems.meter_history import Flows, MeterHistory, astuple
from solarfakes.simulators.world import Plant, World

FAR = datetime(2199, 6, 21, 10, tzinfo=UTC)
NAMES = ("produced", "consumed", "imported", "exported")
LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}


def metered_plants() -> list[Plant]:
    world = World(seed=6, plants=6, reference=date(2026, 6, 20), layouts=LAYOUTS)
    return list(world.fleet("apsystems_openapi").values())


def close(a: Flows, b: Flows, tolerance: float = 1e-9) -> bool:
    return all(x == pytest.approx(y, rel=tolerance, abs=tolerance) for x, y in zip(astuple(a), astuple(b), strict=True))


def test_spans_are_their_days_summed_across_the_exact_years_end_and_far_ahead() -> None:
    for plant in metered_plants()[:3]:
        meter = MeterHistory(plant, datetime(2031, 3, 10, 13, tzinfo=UTC))
        spans = [(date(2027, 12, 20), date(2028, 1, 10)), (date(2026, 6, 1), date(2026, 7, 15)),
                 (date(2028, 1, 1), date(2030, 1, 1)), (date(2029, 5, 17), date(2031, 3, 11)),
                 (date(2031, 3, 10), date(2031, 3, 11))]  # fmt: skip
        for first, after in spans:
            total = Flows()
            day = first
            while day < after:
                total += meter.day(day)
                day += timedelta(days=1)
            assert close(meter.between(first, after), total), (plant.key, first, after)


def test_a_far_days_points_sum_to_its_estimate_and_it_balances() -> None:
    for plant in metered_plants():
        meter = MeterHistory(plant, FAR)
        for day in (date(2199, 1, 15), date(2199, 4, 2), date(2199, 6, 20), date(2150, 11, 30)):
            points = meter.points(day)
            assert len(points) >= 23 * 12
            total = Flows()
            for point in points:
                total += point.energy
            estimate = meter.day(day)
            assert close(total, estimate), (plant.key, day)
            assert estimate.produced + estimate.imported == pytest.approx(estimate.consumed + estimate.exported)
            assert min(astuple(estimate)) >= 0


def far_meter(handle: CloudHandle, at: datetime) -> tuple[Any, str, str]:
    handle.clock.freeze(at)
    system = next(s for s in handle.credentials["systems"] if s["meter_ids"] and s["online"])
    return handle.reference_client(), system["sid"], system["meter_ids"][0]


def sums(values: dict[str, list[str]], name: str) -> float:
    return sum(float(v) for v in values[name])


def test_a_clock_set_to_2199_answers_the_meter_and_its_levels_agree(apsystems_cloud: CloudHandle) -> None:
    client, sid, eid = far_meter(apsystems_cloud, FAR)
    summary = client.meter_summary(sid=sid, eid=eid)
    yearly = client.meter_energy(sid=sid, eid=eid, energy_level="yearly")
    monthly = client.meter_energy(sid=sid, eid=eid, energy_level="monthly", date_range="2199")
    daily = client.meter_energy(sid=sid, eid=eid, energy_level="daily", date_range="2199-06")
    hourly = client.meter_energy(sid=sid, eid=eid, energy_level="hourly", date_range="2199-06-21")
    assert yearly["time"][-1] == "2199"
    for name in NAMES:
        today, month, year, lifetime = (float(summary[level][name]) for level in ("today", "month", "year", "lifetime"))
        assert 0 <= today <= month <= year < lifetime, name
        # each listed period is rounded to 3 places: the sums may stray by half a unit of the last place each
        assert sums(yearly, name) == pytest.approx(lifetime, abs=0.0005 * len(yearly["time"]) + 1e-6), name
        assert sums(monthly, name) == pytest.approx(year, abs=0.0005 * 12 + 1e-6), name
        assert sums(daily, name) == pytest.approx(month, abs=0.0005 * 30 + 1e-6), name
        assert sums(hourly, name) == pytest.approx(today, abs=0.0005 * 24 + 1e-6), name
        assert float(yearly[name][-1]) == pytest.approx(year, abs=0.0005)
    plant = next(p for p in apsystems_cloud.simulator.world.fleet("apsystems_openapi").values() if system_id(p) == sid)
    meter = MeterHistory(plant, FAR)
    assert close(meter.between(meter.activated, date(2199, 1, 1)) + meter.between(date(2199, 1, 1), date(2199, 6, 22)),
                 meter.between(meter.activated, date(2199, 6, 22)))  # fmt: skip


def test_the_far_lifetime_never_decreases(apsystems_cloud: CloudHandle) -> None:
    """Across the exact years' end, a far New Year and a far day, each flow's lifetime only grows."""
    instants = [datetime(2027, 12, 31, 12, tzinfo=UTC), datetime(2028, 1, 1, 12, tzinfo=UTC),
                datetime(2198, 12, 31, 12, tzinfo=UTC), datetime(2199, 1, 1, 12, tzinfo=UTC),
                datetime(2199, 1, 1, 18, tzinfo=UTC), FAR, FAR + timedelta(days=1)]  # fmt: skip
    seen: list[dict[str, float]] = []
    for at in instants:
        client, sid, eid = far_meter(apsystems_cloud, at)
        lifetime = client.meter_summary(sid=sid, eid=eid)["lifetime"]
        seen.append({name: float(lifetime[name]) for name in NAMES})
    for earlier, later in itertools.pairwise(seen):
        assert all(later[name] >= earlier[name] for name in NAMES), (earlier, later)
    assert all(seen[-1][name] > seen[0][name] for name in NAMES)
