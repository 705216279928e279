"""``isolarcloud.history.pv_columns``: an uncapped inverter's p1 and p24 of a day, worked out from the day's
PV series, are the texts its readings give, for any order of those points; where a limit may apply, or
another point is asked, it leaves the day to the readings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, IsolarBackend, PowerLimit, isolar
from solarfakes.simulators.vendors.isolarcloud.history import pv_columns
from solarfakes.simulators.vendors.isolarcloud.points import Point, points_of, text
from solarfakes.simulators.vendors.isolarcloud.readings import day_readings

NOON = datetime(2026, 6, 21, 12, tzinfo=UTC)
# Finished days, today, a daylight-saving change in Europe and the US (the fleet spans their zones)
DAYS = [date(2026, 6, 14), date(2026, 6, 20), date(2026, 6, 21), date(2026, 3, 29), date(2026, 3, 8)]
POINT_LISTS = [["p1", "p24"], ["p24", "p1"], ["p1"], ["p24"], ["p1", "p24", "p1"]]


def readings_texts(backend: IsolarBackend, device: IsoDevice, points: list[Point], day: date) -> list[list[str | None]]:
    readings = day_readings(device.plant, device.device, day, NOON, backend)
    return [[text(point.value(reading)) for reading in readings] for point in points]


def inverters(backend: IsolarBackend) -> list[IsoDevice]:
    return [d for d in backend.devices.values() if d.device_type == 1 and d.device is not None]


@pytest.fixture(scope="module")
def backend() -> IsolarBackend:
    cloud = build_cloud(["isolarcloud"], plants=8, clock=SimClock.from_option(f"frozen@{NOON.isoformat()}"))
    return isolar(cloud.simulator("isolarcloud"))


def test_an_uncapped_inverters_power_points_are_its_readings(backend: IsolarBackend) -> None:
    devices = inverters(backend)
    assert len(devices) >= 4
    for device in devices:
        for day in DAYS:
            for keys in POINT_LISTS:
                points = points_of(1, keys)
                assert pv_columns(backend, device, points, day, NOON) == readings_texts(backend, device, points, day)


def test_other_points_and_limits_are_left_to_the_readings(backend: IsolarBackend) -> None:
    device = inverters(backend)[0]
    assert pv_columns(backend, device, points_of(1, ["p1", "p14"]), DAYS[0], NOON) is None
    assert pv_columns(backend, device, [], DAYS[0], NOON) is None
    assert device.device is not None
    since = NOON - timedelta(days=3)
    backend.add_limit(device.device, PowerLimit(since.timestamp(), 100.0))
    points = points_of(1, ["p1", "p24"])
    before, after = date(2026, 6, 14), date(2026, 6, 20)
    assert pv_columns(backend, device, points, before, NOON) == readings_texts(backend, device, points, before)
    assert pv_columns(backend, device, points, after, NOON) is None, "a limit in force: the readings' own"
