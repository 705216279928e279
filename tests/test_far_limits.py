"""Limits written through the API still cost little when the clock is set far ahead: lifetime counters
answer in 2199, never step down (across the exact years' end and far New Years), and agree with the
day figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.counters import EXACT_YEARS
from solarfakes.simulators.physics import KWH_PER_UNIT
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.growatt import output
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend, growatt
from solarfakes.simulators.vendors.isolarcloud.backend import LOST_IN_MONTH_KEPT, IsolarBackend, PowerLimit, isolar
from solarfakes.simulators.vendors.isolarcloud.readings import (
    PLANT,
    WH_PER_UNIT,
    day_readings,
    inverters,
    losses_between,
)
from solarfakes.simulators.world import Device, Plant

START = datetime(2026, 6, 21, 10, 0, tzinfo=UTC)


def growatt_limited(setting: str, value: str) -> tuple[GrowattBackend, Plant, Device]:
    clock = SimClock.from_option(f"frozen@{START.isoformat()}")
    cloud = build_cloud(["growatt_v1"], plants=2, clock=clock, limits=False)
    backend = growatt(cloud.simulator("growatt_v1"))
    plant = next(p for p in backend.fleet.values() if p.online and p.devices_of("inverter"))
    device = plant.devices_of("inverter")[0]
    backend.write_setting(device.sn, setting, START, [value, ""])
    return backend, plant, device


def local_noon(plant: Plant, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(plant.timezone))


LIMITS = [("pv_active_p_rate", "20"), ("pv_on_off", "0000")]


@pytest.mark.parametrize(("setting", "value"), LIMITS)
def test_growatt_lifetime_after_a_limit_answers_far_ahead_and_never_steps_down(setting: str, value: str) -> None:
    backend, plant, _ = growatt_limited(setting, value)
    exact_end = date(plant.reference.year + EXACT_YEARS, 1, 1)
    days = [exact_end - timedelta(days=1), exact_end, date(2150, 12, 31), date(2151, 1, 1), date(2198, 12, 31),
            date(2199, 1, 1), date(2199, 1, 2)]  # fmt: skip
    instants = []
    for day in days:  # the day's last slot, then the next day's first
        instants += [datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=h) for h in (0, 12, 23)]
    counters = [output.plant_lifetime_kwh(backend, plant, instant) for instant in sorted(instants)]
    assert counters == sorted(counters), "a lifetime counter never steps down"
    held = output.held_back_lifetime_units(backend, plant, datetime(2199, 1, 2, 12, tzinfo=UTC))
    assert held > 0, "the limit still holds energy back in 2199"
    assert counters[-1] < plant.lifetime_pv_kwh(datetime(2199, 1, 2, 23, tzinfo=UTC))


@pytest.mark.parametrize(("setting", "value"), LIMITS)
def test_growatt_lifetime_rises_by_the_day_figures_far_ahead(setting: str, value: str) -> None:
    backend, plant, _ = growatt_limited(setting, value)
    day = date(2199, 6, 20)
    evening = local_noon(plant, day) + timedelta(hours=6)
    morning = local_noon(plant, day) - timedelta(hours=4)
    today = output.plant_today_kwh(backend, plant, evening) - output.plant_today_kwh(backend, plant, morning)
    assert output.held_back_units(backend, plant, day, evening) > output.held_back_units(backend, plant, day, morning)
    rise = output.plant_lifetime_kwh(backend, plant, evening) - output.plant_lifetime_kwh(backend, plant, morning)
    assert rise == pytest.approx(today, abs=1e-6)
    # A far month's figure is the sum of its days' figures.
    month = output.plant_kwh_between(backend, plant, date(2199, 5, 1), date(2199, 6, 1), evening)
    days = [date(2199, 5, 1) + timedelta(days=n) for n in range(31)]
    by_day = sum(output.plant_kwh_between(backend, plant, d, d + timedelta(days=1), evening) for d in days)
    assert month == pytest.approx(by_day, abs=1e-6)


def test_growatt_held_back_in_the_exact_years_is_every_day_summed() -> None:
    backend, plant, device = growatt_limited("pv_active_p_rate", "20")
    now = datetime(2027, 3, 5, 12, tzinfo=UTC)
    output.plant_lifetime_kwh(backend, plant, now - timedelta(days=1))  # the month so far is built on a day later
    floor = output.first_day(plant, START.timestamp())
    day, expected = floor, 0
    while day < plant.local_date(now):
        expected += output.device_day_units(backend, plant, device, day, None)
        day += timedelta(days=1)
    expected += output.held_back_units(backend, plant, plant.local_date(now), now)
    assert output.held_back_lifetime_units(backend, plant, now) == expected
    lifetime = output.plant_lifetime_kwh(backend, plant, now)
    assert lifetime == pytest.approx(plant.lifetime_pv_kwh(now) - expected * KWH_PER_UNIT, abs=1e-6)


def test_growatt_held_back_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    backend, plant, _ = growatt_limited("pv_active_p_rate", "20")
    monkeypatch.setattr(output, "HELD_BACK_KEPT", 6)
    for year in (2027, 2150, 2199):
        output.plant_lifetime_kwh(backend, plant, datetime(year, 12, 30, 12, tzinfo=UTC))
        assert 0 < len(backend.held_back_months) <= 6


def isolar_capped(watts: float) -> tuple[IsolarBackend, Plant, Device]:
    clock = SimClock.from_option(f"frozen@{START.isoformat()}")
    cloud = build_cloud(["isolarcloud"], plants=2, clock=clock, limits=False)
    backend = isolar(cloud.simulator("isolarcloud"))
    plant = next(p for p in backend.fleet.values() if p.online and inverters(p))
    device = inverters(plant)[0]
    backend.add_limit(device, PowerLimit(START.timestamp(), watts))
    return backend, plant, device


def isolar_counters(backend: IsolarBackend, plant: Plant, device: Device, instant: datetime) -> tuple[float, float]:
    """The plant's and the capped inverter's lifetime counters (Wh) at ``instant``."""
    reading = day_readings(plant, device, plant.local_date(instant), instant, backend, last_only=True)[-1]
    return reading.plant_lifetime_wh, reading.device_lifetime_wh


def test_isolarcloud_counters_after_a_cap_answer_far_ahead_and_never_step_down() -> None:
    backend, plant, device = isolar_capped(100.0)
    exact_end = date(plant.reference.year + EXACT_YEARS, 1, 1)
    days = [exact_end - timedelta(days=1), exact_end, date(2150, 12, 31), date(2151, 1, 1), date(2198, 12, 31),
            date(2199, 1, 1), date(2199, 1, 2)]  # fmt: skip
    instants = sorted(
        datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(plant.timezone)) + timedelta(hours=h)
        for d in days
        for h in (0.5, 12, 23.5)
    )
    counters = [isolar_counters(backend, plant, device, instant) for instant in instants]
    for n in (0, 1):
        series = [c[n] for c in counters]
        assert series == sorted(series), "a lifetime counter never steps down"
    lost = backend.lost_units_before(plant, date(2199, 1, 2))
    assert lost[device.sn] > 0
    assert lost[PLANT] == pytest.approx(lost[device.sn], rel=1e-6), "one capped inverter: the plant loses what it loses"
    assert len(backend.lost_in_month) <= LOST_IN_MONTH_KEPT


def test_isolarcloud_losses_in_the_exact_years_are_every_day_summed() -> None:
    backend, plant, _ = isolar_capped(100.0)
    day = date(2027, 3, 5)
    backend.lost_units_before(plant, day - timedelta(days=1))  # the month so far is built on a day later
    since = backend.capped_since(plant)
    assert since is not None
    expected = losses_between(plant, since, day, backend)
    found = backend.lost_units_before(plant, day)
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        assert found[key] == pytest.approx(value, rel=1e-12)


def test_isolarcloud_counters_rise_by_the_day_far_ahead() -> None:
    backend, plant, device = isolar_capped(100.0)
    day = date(2199, 6, 20)
    readings = day_readings(plant, device, day, local_noon(plant, day) + timedelta(hours=11), backend)
    plant_rise = readings[-1].plant_lifetime_wh - readings[0].plant_lifetime_wh
    device_rise = readings[-1].device_lifetime_wh - readings[0].device_lifetime_wh
    first = readings[0]
    assert plant_rise == pytest.approx(
        readings[-1].today.pv_units * WH_PER_UNIT - first.today.pv_units * WH_PER_UNIT, abs=0.2
    )
    assert device_rise == pytest.approx(readings[-1].device_today_wh - first.device_today_wh, abs=0.2)
    assert device_rise > 0
