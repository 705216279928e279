"""``physics.begun_pv``: a day's PV and slot starts without simulating load and battery are the values the
simulated day's slots hold (Growatt plant/power and inverter history, APsystems' points read them so)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.physics import BatteryCommand, begun_pv
from solarfakes.simulators.vendors import VENDORS, build_cloud
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.readings import PvSeries, ReadingSeries, day_series, series_between
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


def test_a_growatt_inverters_pv_day_is_its_simulated_days_figures() -> None:
    """``day_series`` of an inverter without settings (from PV alone) against ``series_between`` (from the
    simulated day and its ledger); with a setting written, it is ``series_between``'s own."""
    until = datetime(2026, 12, 1, 9, tzinfo=UTC)
    cloud = build_cloud(["growatt_v1"], plants=4, clock=SimClock.from_option(f"frozen@{until.isoformat()}"))
    backend = growatt(cloud.simulator("growatt_v1"))
    inverters = [(plant, device) for plant in backend.fleet.values() for device in plant.devices_of("inverter")]
    days = [*DAYS[:7], until.date() - timedelta(days=1), until.date(), until.date() + timedelta(days=1)]
    for plant, device in inverters:
        for day in days:
            simulated = series_between(backend, plant, device, day, until, 0, None)
            pv_alone = day_series(backend, plant, device, day, until)
            if simulated is None:
                assert pv_alone is None, (device.sn, day)
                continue
            assert isinstance(pv_alone, PvSeries)
            assert all(a is b for a, b in zip(pv_alone.starts, simulated.starts, strict=True)), (device.sn, day)
            assert [x.hex() for x in pv_alone.powers] == [x.hex() for x in simulated.powers], (device.sn, day)
            assert list(pv_alone.today_kwh) == simulated.today_kwh, (device.sn, day)
            assert pv_alone.lifetime_kwh == simulated.lifetime_kwh, (device.sn, day)
    plant, device = inverters[0]
    backend.write_setting(device.sn, "pv_active_p_rate", datetime(2026, 6, 20, 11, tzinfo=UTC), ["40"])
    assert isinstance(day_series(backend, plant, device, DAYS[0], until), ReadingSeries)
