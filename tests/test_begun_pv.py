"""``physics.begun_pv``: a day's PV and slot starts without simulating load and battery are the values the
simulated day's slots hold (Growatt plant/power and APsystems' points read them so)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from solarfakes.simulators.physics import BatteryCommand, begun_pv
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import Plant, World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
# Ordinary days, daylight-saving changes (Europe, the US, Australia) and the turn of the year.
DAYS = [date(2026, 6, 21), date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1),
        date(2026, 4, 5), date(2026, 10, 4), date(2026, 12, 31)]  # fmt: skip


def plants(api: str) -> list[Plant]:
    return list(World(seed=7, plants=12, layouts=LAYOUTS).fleet(api).values())


def assert_as_simulated(plant: Plant, day: date, until: datetime | None) -> None:
    slots = plant.history(day, until)
    starts, pvs = begun_pv(plant.model, day, plant.slot_count(day, until))
    assert list(starts) == [s.start for s in slots], (plant.timezone, day, until)
    assert all(a is b.start for a, b in zip(starts, slots, strict=True)), "the very starts the slots hold"
    # bit for bit, the sign of a zero included
    assert [pv.hex() for pv in pvs] == [s.pv_w.hex() for s in slots], (plant.timezone, day, until)


@pytest.mark.parametrize("api", ["growatt_v1", "apsystems_openapi", "alphaess_ras_v2"])
def test_begun_pv_is_the_simulated_days(api: str) -> None:
    for plant in plants(api):
        for day in DAYS:
            noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            for until in (
                None,
                noon,
                noon - timedelta(hours=11, minutes=57),
                noon + timedelta(days=2),
                noon - timedelta(days=1),
            ):
                assert_as_simulated(plant, day, until)


def test_begun_pv_is_the_simulated_days_under_battery_commands() -> None:
    plant = next(p for p in plants("alphaess_ras_v2") if p.battery is not None)
    day = DAYS[0]
    start = datetime(day.year, day.month, day.day, 9, 2, tzinfo=UTC)
    plant.command_battery(BatteryCommand(start, start + timedelta(hours=3), "pv_charge", -5000.0, 100.0))
    assert plant.commands_on(day), "the day is simulated command by command"
    assert_as_simulated(plant, day, None)
    assert_as_simulated(plant, day, start + timedelta(hours=1))


def test_begun_pv_before_commissioning_is_empty() -> None:
    plant = plants("growatt_v1")[0]
    before = plant.commissioned - timedelta(days=1)
    assert plant.slot_count(before) == 0
    assert_as_simulated(plant, before, None)
