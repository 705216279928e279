"""Fast paths of the fleet views answer what the plain computations answer: Growatt readings built
per slot and per page, devices found by serial, lifetime counters with a clock far ahead."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from solarfakes.simulators.physics import KWH_PER_UNIT, DayEnergy, units
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.energy import PvHistory
from solarfakes.simulators.vendors.apsystems.fleet import system_id
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.history import HistoryReadings
from solarfakes.simulators.vendors.growatt.readings import Reading, inverter_power, latest_reading
from solarfakes.simulators.vendors.isolarcloud.plants import plant_row
from solarfakes.simulators.world import Device, Plant, SeededSerials, SerialStyle, World, seeded_serial

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
FAR = datetime(2199, 6, 21, 10, tzinfo=UTC)


def slow_day_readings(backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime) -> list[Any]:
    """Growatt's readings of a day with every counter re-added slot by slot, as they first were built."""
    readings = []
    so_far = DayEnergy()
    inverter_units = 0
    for slot in plant.history(day, until):
        so_far += DayEnergy.of((slot,))
        inverter_w = inverter_power(backend, device, slot)
        inverter_units += units(inverter_w)
        lifetime = plant.lifetime_at(day, so_far.pv_units)
        readings.append((slot, inverter_w, so_far, round(inverter_units * KWH_PER_UNIT, 1), lifetime))
    return readings


def plain(reading: Reading) -> tuple[Any, ...]:
    return (reading.slot, reading.inverter_w, reading.plant_today, reading.inverter_today_kwh, reading.lifetime_kwh)


@pytest.mark.parametrize("curtailed", [False, True])
def test_growatt_readings_and_pages_are_the_plain_readings(growatt_cloud: CloudHandle, curtailed: bool) -> None:
    backend = growatt_cloud.simulator.backend
    assert isinstance(backend, GrowattBackend)
    now = growatt_cloud.clock.now()
    plants = [p for p in backend.fleet.values() if p.account == "primary"]
    for plant in plants:
        for device in plant.devices_of("inverter", "storage"):
            if curtailed:
                backend.write_setting(device.sn, "pv_active_p_rate", now - timedelta(hours=30), ["20"])
                backend.write_setting(device.sn, "pv_on_off", now - timedelta(hours=2), ["0000"])
            days = [plant.local_date(now) - timedelta(days=n) for n in range(6, -1, -1)]
            slow = [r for day in days for r in slow_day_readings(backend, plant, device, day, now)]
            lazy = HistoryReadings(backend, plant, device, days, now)
            assert len(lazy) == len(slow)
            for start, stop in [(0, 20), (280, 300), (len(slow) - 7, len(slow) + 5), (1000, 1013), (5, 5)]:
                assert [plain(r) for r in lazy[start:stop]] == slow[start:stop]
            assert plain(lazy[-1]) == slow[-1]
            assert plain(latest_reading(backend, plant, device, now)) == slow[-1]


def test_every_device_is_found_by_its_serial_and_edits_keep_the_index_true() -> None:
    world = World(seed=9, plants=40, layouts=LAYOUTS)
    fleet = world.fleet("alphaess_openapi")
    for plant in fleet.values():
        for device in plant.devices:
            assert world.plant_of_device("alphaess_openapi", device.sn) == (plant, device)
    assert world.plant_of_device("alphaess_openapi", "NO-SUCH-SERIAL") is None

    last = list(fleet.values())[-1]
    gone = last.devices[0]
    del fleet[last.plant_id]
    assert world.plant_of_device("alphaess_openapi", gone.sn) is None
    fleet[last.plant_id] = last
    assert world.plant_of_device("alphaess_openapi", gone.sn) == (last, gone)

    added = Device("NEW-LOGGER-1", "datalogger", "EMS", last.plant_id)
    last.devices.append(added)
    fleet.changed()
    assert world.plant_of_device("alphaess_openapi", added.sn) == (last, added)
    last.devices.remove(added)  # even without telling the fleet, a removed device is not answered
    assert world.plant_of_device("alphaess_openapi", added.sn) is None


def far_plant(handle: CloudHandle) -> Plant:
    """A plant of a cloud started in 2026 whose clock was then set to 2199: its world's exact years are
    2026 and 2027, so 2199 needs the closed-form bases (a cloud started at 2199 would count it exactly)."""
    handle.clock.freeze(FAR)
    return next(p for p in handle.simulator.world.fleet(handle.api).values() if p.account == "primary")


def test_growatt_lifetime_totals_answer_far_ahead(growatt_cloud: CloudHandle) -> None:
    client = growatt_cloud.reference_client()
    plant = far_plant(growatt_cloud)
    data = client.plant_data(plant_id=plant.plant_id)
    now = growatt_cloud.clock.now()
    assert float(data["total_energy"]) == pytest.approx(plant.lifetime_pv_kwh(now), abs=0.051)
    assert float(data["total_energy"]) > plant.lifetime_pv_kwh(datetime(2100, 1, 1, tzinfo=UTC)) > 0
    assert float(data["yearly_energy"]) == pytest.approx(
        plant.pv_kwh_between(date(2199, 1, 1), plant.local_date(now) + timedelta(days=1), now), abs=0.051
    )


def test_alphacloud_lifetime_totals_answer_far_ahead(alphacloud: CloudHandle) -> None:
    client = alphacloud.reference_client()
    plant = far_plant(alphacloud)
    sn = plant.devices_of("inverter")[0].sn
    data = client.getSumDataForCustomer(sysSn=sn)
    assert float(data["epvtotal"]) == pytest.approx(plant.lifetime_pv_kwh(alphacloud.clock.now()), abs=0.0051)


def test_rasv2_lifetime_totals_answer_far_ahead(rasv2_cloud: CloudHandle) -> None:
    client = rasv2_cloud.reference_client()
    plant = far_plant(rasv2_cloud)
    rows = client.GetRunningData(Sn=plant.devices_of("inverter")[0].sn)
    assert rows[0]["EpvTotal"] == pytest.approx(plant.lifetime_pv_kwh(rasv2_cloud.clock.now()), abs=0.0051)


def test_isolarcloud_lifetime_totals_answer_far_ahead(isolarcloud: CloudHandle) -> None:
    plant = far_plant(isolarcloud)
    now = isolarcloud.clock.now()
    row = plant_row(plant, isolarcloud.simulator, now)
    total = row["total_energy"]
    assert math.isfinite(float(total["value"]))
    assert float(total["value"]) == pytest.approx(plant.lifetime_pv_kwh(now), abs=0.0051)


def test_apsystems_spans_are_their_days_summed() -> None:
    """Exact days (a month at a time), estimated days before the reference and past the exact years
    (a year at a time) and today's points add up to what summing every day gives."""
    world = World(seed=6, plants=2, reference=date(2026, 6, 20), layouts=LAYOUTS)
    plant = next(iter(world.fleet("apsystems_openapi").values()))
    history = PvHistory(plant, datetime(2029, 3, 10, 13, tzinfo=UTC))
    spans = [(date(2020, 1, 1), date(2029, 3, 11)), (date(2026, 6, 1), date(2026, 7, 15)),
             (date(2027, 12, 20), date(2028, 1, 10)), (date(2028, 1, 1), date(2029, 1, 1)),
             (date(2025, 1, 1), date(2026, 1, 1)), (date(2029, 3, 10), date(2029, 3, 11))]  # fmt: skip
    for first, after in spans:
        start = max(first, plant.commissioned)
        days = [start + timedelta(days=n) for n in range((min(after, history.today + timedelta(days=1)) - start).days)]
        slow = sum(history.day(day) for day in days)
        assert history.between(first, after) == pytest.approx(slow, rel=1e-12, abs=1e-9)


def test_apsystems_lifetime_totals_answer_far_ahead(apsystems_cloud: CloudHandle) -> None:
    apsystems_cloud.clock.freeze(FAR)
    client = apsystems_cloud.reference_client()
    system = apsystems_cloud.credentials["systems"][0]
    plant = next(p for p in apsystems_cloud.simulator.world.fleet(apsystems_cloud.api).values()
                 if system_id(p) == system["sid"])  # fmt: skip
    summary = client.system_summary(sid=system["sid"])
    history = PvHistory(plant, apsystems_cloud.clock.now())
    days = (history.today - plant.commissioned).days + 1
    slow = sum(history.day(plant.commissioned + timedelta(days=n)) for n in range(days))
    assert float(summary["lifetime"]) == pytest.approx(slow, abs=0.01)
    assert float(summary["year"]) <= float(summary["lifetime"])


def test_a_serial_format_used_up_fails_instead_of_drawing_forever() -> None:
    serials = SerialStyle(random.Random(1))
    made = {serials.make("X", 1) for _ in range(10)}
    assert made == {f"X{n}" for n in range(10)}
    with pytest.raises(LookupError, match="no unused serial X"):
        serials.make("X", 1)


def test_a_big_apsystems_fleet_has_an_id_for_every_device() -> None:
    """Four drawn digits once gave 10,000 inverter ids, and a fleet of a few thousand systems never built."""
    fleet = World(seed=1, plants=3000, layouts=LAYOUTS).fleet("apsystems_openapi")
    ids = [d.sn for plant in fleet.values() for d in plant.devices]
    assert len(ids) == len(set(ids)) > 10_000
    assert all(len(sn) == 12 and sn[:3] in ("216", "902") for p in fleet.values() for sn in
               [d.sn for d in p.devices if d.kind in ("ecu", "inverter")])  # fmt: skip


def test_a_frozen_serial_style_draws_exactly_what_an_unfrozen_one_draws() -> None:
    """A built fleet keeps its serials as a sorted tuple; later draws (writes adding devices) still never
    repeat one, and are the very draws the set gave."""
    plain, frozen = SerialStyle(random.Random(7)), SerialStyle(random.Random(7))
    first = [plain.make("Q", 2) for _ in range(60)]
    assert [frozen.make("Q", 2) for _ in range(60)] == first
    frozen.freeze()
    assert frozen.used == set()
    assert list(frozen.seeded) == sorted(first)
    later = [plain.make("Q", 2) for _ in range(30)]
    assert [frozen.make("Q", 2) for _ in range(30)] == later
    assert not set(later) & set(first)
    frozen.freeze()  # twice: what it held stays
    assert len(frozen.seeded) == 90


def test_a_built_fleet_keeps_its_serials_frozen_and_its_plants_share_empty_containers() -> None:
    world = World(seed=1, plants=30, layouts=LAYOUTS)
    fleet = world.fleet("growatt_v1")
    serials = world.generators("growatt_v1").serials
    sns = sorted(d.sn for plant in fleet.values() for d in plant.devices)
    assert [seeded_serial(entry) for entry in serials.seeded] == sns
    # read where the plants keep them, packed: no device is held for them
    assert isinstance(serials.seeded, SeededSerials)
    assert not any(isinstance(v, Device) for part in (serials.seeded.packed, serials.seeded.layouts) for v in part)
    assert serials.used == set()
    plant = next(iter(fleet.values()))
    assert plant.battery_commands == ()
    assert plant.day_counters is None


def test_a_serial_style_frozen_with_its_devices_keeps_them_and_still_never_repeats_a_serial() -> None:
    plain, frozen = SerialStyle(random.Random(7)), SerialStyle(random.Random(7))
    first = [plain.make("Q", 2) for _ in range(60)]
    made = [frozen.make("Q", 2) for _ in range(60)]
    devices = [Device(sn, "meter", "M", 1) for sn in made[:40]]  # the last 20 are carried by none
    frozen.freeze(devices)
    assert frozen.used == set()
    assert [seeded_serial(entry) for entry in frozen.seeded] == sorted(first)
    assert {id(entry) for entry in frozen.seeded if isinstance(entry, Device)} == {id(d) for d in devices}
    later = [plain.make("Q", 2) for _ in range(30)]
    assert [frozen.make("Q", 2) for _ in range(30)] == later
    # as a snapshot written before kept serials: strings only, checked alike
    old = SerialStyle(random.Random(7))
    old.seeded = tuple(sorted(first))
    assert old.was_seeded(first[0])
    assert not old.was_seeded("Q__")
