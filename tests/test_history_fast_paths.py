"""The cheaper ways a 7-day history is built answer exactly what the plain computations answer: the
battery day written out against ``dispatch`` slot by slot, a kept day's rows cut as a list is sliced,
readings built from running sums against the day's full loop, and a Growatt reading's lazy energies
against the ledger. The per-slot noise is deterministic (the same numbers in any process) and within
[0, 1)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.shape import compiled
from solarfakes.simulators.counters import SAMPLE_DAYS, clear_sky_hours, estimated_units, per_clear_hour
from solarfakes.simulators.day_rows import Rows, slot_times, wall_texts
from solarfakes.simulators.physics import (
    ENERGY_FIELDS,
    LOAD_SHAPE,
    SLOT_HOURS,
    BatteryCommand,
    DayNoise,
    PlantModel,
    Slot,
    SunDay,
    day_columns,
    dispatch,
    night_target,
    pv_series,
    seeded_units,
    simulate_day,
    zone_day_starts,
)
from solarfakes.simulators.vendors import VENDORS, build_cloud
from solarfakes.simulators.vendors.alphacloud.power import UPLOAD_TIME, day_power_columns, day_power_row
from solarfakes.simulators.vendors.apsystems.system import clock_texts
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.history import start_isoformats
from solarfakes.simulators.vendors.growatt.readings import PvSeries
from solarfakes.simulators.vendors.growatt.readings import day_readings as growatt_day_readings
from solarfakes.simulators.vendors.growatt.readings import series_between as growatt_series_between
from solarfakes.simulators.vendors.growatt.records import InverterHistoryRow, draw_noise, electrics, lit_span
from solarfakes.simulators.vendors.isolarcloud.readings import Reading, day_readings
from solarfakes.simulators.vendors.rasv2.backend import Dispatch
from solarfakes.simulators.vendors.rasv2.running import ledger_energies, slot_columns, slot_list
from solarfakes.simulators.world import Device, Plant, World
from solarfakes.specs.model import FieldSchema

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
# Around the changes of the clock in the fleet's zones (Europe, North America, Australia) and plain days.
DAYS = [date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 6, 20), date(2026, 10, 4),
        date(2026, 10, 25), date(2026, 11, 1)]  # fmt: skip


def plants(api: str, count: int = 8) -> list[Plant]:
    return list(World(seed=7, plants=count, reference=date(2026, 1, 1), layouts=LAYOUTS).fleet(api).values())


def slow_day(plant: PlantModel, day: date) -> list[tuple[float, float, float, float, float | None]]:
    """A battery day without commands, slot by slot through ``dispatch`` and each slot's wall clock."""
    assert plant.battery is not None
    soc = night_target(plant, day - timedelta(days=1))
    target = night_target(plant, day)
    noise = DayNoise.of(plant.key, day).load
    locals_ = zone_day_starts(plant.timezone, day)[1]
    out: list[tuple[float, float, float, float, float | None]] = []
    for n, (local, pv) in enumerate(zip(locals_, pv_series(plant, day), strict=True)):
        load = round(plant.base_load_w * (LOAD_SHAPE[local.hour * 60 + local.minute] + 0.6 * noise[n]), 1)
        battery_w = 0.0 + dispatch(plant.battery, soc, pv - load, len(locals_) - n, target)
        out.append((pv, load, battery_w, load - pv - battery_w, round(soc, 6)))
        soc -= battery_w * SLOT_HOURS / (plant.battery.capacity_kwh * 10)
    return out


def figures(slots: tuple[Slot, ...]) -> list[tuple[float, float, float, float, float | None]]:
    return [(s.pv_w, s.load_w, s.battery_w, s.grid_w, s.soc_pct) for s in slots]


@pytest.mark.parametrize("day", DAYS)
def test_a_battery_day_is_dispatch_slot_by_slot(day: date) -> None:
    batteries = [p for p in plants("alphaess_ras_v2") if p.battery is not None]
    assert batteries
    for plant in batteries:
        slots = simulate_day(plant.model, day)
        assert figures(slots) == slow_day(plant.model, day), (plant.timezone, day)
        assert [s.start for s in slots] == list(zone_day_starts(plant.timezone, day)[1])


def bits(values: Sequence[float | None]) -> list[str | None]:
    return [None if value is None else value.hex() for value in values]


@pytest.mark.parametrize("day", DAYS)
def test_a_days_columns_are_its_slots_figures_bit_for_bit(day: date) -> None:
    """``day_columns`` worked out as columns (a battery, no command) or read off the slots (no battery,
    or a command), from the night target or a given start: ``simulate_day``'s figures, signs of zero too."""
    fleet = plants("alphaess_ras_v2") + plants("growatt_v1")
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
    command = BatteryCommand(start, start + timedelta(hours=2), "to_soc", 3000.0, 10.0)
    for plant in fleet:
        for commands, start_soc in (((), None), ((), 42.5), ((command,), None)):
            if commands and plant.battery is None:
                continue
            slots = simulate_day(plant.model, day, commands, start_soc)
            found = day_columns(plant.model, day, commands, start_soc)
            for name in ("pv_w", "load_w", "battery_w", "grid_w", "soc_pct"):
                assert bits(getattr(found, name)) == bits([getattr(slot, name) for slot in slots]), name


@pytest.mark.parametrize("chosen", [slice(None), slice(0, 0), slice(1, 3), slice(2, 99), slice(-2, None),
                                    slice(None, None, 2), slice(3, 1), slice(5, 9)])  # fmt: skip
def test_a_kept_days_rows_slice_as_a_list_does(chosen: slice) -> None:
    rows = [b'{"a":1}', b'{"b":[2,3]}', b"{}", b'{"c":"x,y"}', b"[]"]
    assert Rows(rows)[chosen] == rows[chosen]


def test_seeded_units_are_the_same_numbers_in_any_process() -> None:
    found = seeded_units("ABC123|2026-06-20T10:05:00+02:00", 6)
    assert found == seeded_units("ABC123|2026-06-20T10:05:00+02:00", 6)
    assert len(found) == 6
    assert all(0.0 <= u < 1.0 for u in found)
    assert len(set(found)) == 6
    assert seeded_units("ABC123|2026-06-20T10:10:00+02:00", 6) != found
    # blake2b of the text, not Python's hash(): a literal pins the numbers across processes and versions
    assert seeded_units("solarfakes", 2) == [0.2811270504071799, 0.8015271529102072]


def test_seeded_units_never_reach_one() -> None:
    for n in range(2000):
        assert all(0.0 <= u < 1.0 and math.isfinite(u) for u in seeded_units(f"seed {n}", 8))


class FlatCaps:
    """A limit of 100 W on every inverter from ``since`` on (nothing lost before)."""

    def __init__(self, plant: Plant, since: date) -> None:
        self.plant, self.since = plant, since

    def limit_at(self, device: Device, moment: datetime) -> float | None:
        return 100.0

    def capped_since(self, plant: Plant) -> date | None:
        return self.since

    def lost_units_before(self, plant: Plant, day: date) -> dict[str, float]:
        return {}


@pytest.mark.parametrize("capped", [False, True])
def test_isolarcloud_readings_at_some_slots_are_the_days_readings_there(capped: bool) -> None:
    day = date(2026, 6, 20)
    until = datetime(2026, 6, 21, 12, 0, tzinfo=UTC)
    for plant in plants("isolarcloud", 3):
        caps = FlatCaps(plant, day) if capped else None
        for device in [None, *plant.devices]:
            every = day_readings(plant, device, day, until, caps)
            chosen = [0, 1, 2, 100, len(every) - 1]
            some = day_readings(plant, device, day, until, caps, only=chosen)
            assert [vars_of(r) for r in some] == [vars_of(every[n]) for n in chosen]


def vars_of(r: Reading) -> tuple[object, ...]:
    """What a reading shows: its slot, index, powers and energies, and the counters it reads from."""
    counters = r.counters
    return (r.slot, r.index, r.device_w, r.device_today_wh, r.nominal_w, counters.raw_units, counters.share,
            counters.lost_device_units, counters.lost_plant_units, r.today)  # fmt: skip


def test_a_growatt_readings_day_energies_are_its_ledgers_so_far() -> None:
    day = date(2026, 6, 20)
    until = datetime(2026, 6, 21, 12, 0, tzinfo=UTC)
    cloud = build_cloud(["growatt_v1"], plants=3, clock=SimClock.from_option(f"frozen@{until.isoformat()}"))
    backend = growatt(cloud.simulator("growatt_v1"))
    for plant in backend.fleet.values():
        ledger = plant.ledger(day)
        for device in plant.devices_of("inverter"):
            readings = growatt_day_readings(backend, plant, device, day, until)
            assert len(readings) == len(plant.history(day))
            for n, reading in enumerate(readings):
                assert reading.plant_today == ledger.upto(n + 1)
                assert reading.lifetime_kwh == plant.lifetime_at(day, ledger.upto(n + 1).pv_units)


@pytest.mark.parametrize("observed", [True, False])
def test_growatt_inverter_history_columns_are_its_rows_field_by_field(observed: bool) -> None:
    """``InverterHistoryRow.columns`` against the row of each reading, on and around clock changes, in the
    plant's zone and another, for an inverter without settings and one limited part of the way."""
    until = datetime(2026, 12, 1, tzinfo=UTC)
    cloud = build_cloud(["growatt_v1"], plants=3, clock=SimClock.from_option(f"frozen@{until.isoformat()}"))
    backend = growatt(cloud.simulator("growatt_v1"))
    inverters = [(plant, device) for plant in backend.fleet.values() for device in plant.devices_of("inverter")]
    assert len(inverters) >= 2
    limited = inverters[0][1]
    backend.write_setting(limited.sn, "pv_active_p_rate", datetime(2026, 6, 20, 11, tzinfo=UTC), ["40"])
    for plant, device in inverters:
        for zone in (ZoneInfo(plant.timezone), ZoneInfo("Asia/Tokyo")):
            row = InverterHistoryRow(device, zone, observed)
            for day in [*DAYS, date(2026, 6, 20)]:
                series = growatt_series_between(backend, plant, device, day, until, 0, None)
                assert series is not None
                columns = row.columns(series, start_isoformats(plant, day, series.starts))
                readings = growatt_day_readings(backend, plant, device, day, until)
                assert columns.rows() == [row(reading) for reading in readings], (device.sn, day)
                # and each float's sign: a zero's too (the night's fields are the +0.0 power's)
                assert repr(columns.rows()) == repr([row(reading) for reading in readings]), (device.sn, day)


def test_a_days_lit_span_leaves_only_positive_zeros_outside() -> None:
    assert lit_span([0.0, 0.0, 3.0, 0.0, 2.0, 0.0]) == (2, 5)
    assert lit_span([0.0, -0.0, 1.0, -0.0, 0.0]) == (1, 4), "a negative zero keeps its sign: lit"
    assert lit_span([0.0, 0.0]) == (2, 2)
    assert lit_span([]) == (0, 0)
    assert lit_span([math.nan, 0.0]) == (0, 1)


def test_growatt_inverter_columns_of_a_night_of_zeros_are_the_rows_operations() -> None:
    """The night's fields of an inverter's rows (``columns`` leaves them out of rounding) against the rows'
    own operations on each power, a negative zero's sign and a day with no light included."""
    cloud = build_cloud(["growatt_v1"], plants=1, clock=SimClock.from_option("frozen@2026-06-21T12:00:00+00:00"))
    plant = next(iter(growatt(cloud.simulator("growatt_v1")).fleet.values()))
    device = plant.devices_of("inverter")[0]
    starts = [datetime(2026, 6, 20, tzinfo=UTC) + timedelta(minutes=5 * n) for n in range(7)]
    texts = [start.isoformat() for start in starts]
    row = InverterHistoryRow(device, UTC, observed=False)
    for powers in ([0.0, -0.0, 0.0, 812.4, 0.0, -0.0, 0.0], [0.0] * 7, [-0.0] * 7, [1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]):
        series = PvSeries(starts, powers, [0.0] * 7, [1.0] * 7)
        made = row.columns(series, texts).rows()
        for pac, text, shown in zip(powers, texts, made, strict=True):
            vpv1, vpv2, vac, fac, _, _ = draw_noise(f"{device.sn}|{text}", pac > 0)
            _, _, ipv1, ipv2, iac, temperature = electrics(pac, vpv1, vpv2, vac, device.nominal_w)
            expected = {"ipv1": ipv1, "ipv2": ipv2, "vpv1": vpv1, "vpv2": vpv2, "iac1": iac, "vac1": vac,
                        "temperature": temperature, "fac": fac}  # fmt: skip
            assert repr({key: shown[key] for key in expected}) == repr(expected), (powers, pac)


def test_a_ras_days_columns_are_its_rows_values_field_by_field() -> None:
    """``slot_columns`` against ``slot_list`` row by row, on and around clock changes, with and without
    a dispatch held by some rows."""
    until = datetime(2026, 12, 1, tzinfo=UTC)
    command = Dispatch(datetime(2026, 1, 1, tzinfo=UTC), until, -2500, 87.5, 2)
    for plant in plants("alphaess_ras_v2", 4):
        for day in DAYS:
            slots = plant.history(day, until)
            sums = plant.ledger(day).sums
            counter = plant.counter(day)
            ids = [f"id-{n}" for n in range(len(slots))]
            times = [slot.start for slot in slots]
            for helds in (None, [command if n % 3 else None for n in range(len(slots))]):
                columns = slot_columns(plant, slots, ledger_energies(sums, len(slots)), counter, helds, ids, times)
                rows = []
                for n, slot in enumerate(slots):
                    energy = sums[(n + 1) * ENERGY_FIELDS : (n + 2) * ENERGY_FIELDS]
                    held = None if helds is None else helds[n]
                    rows.append(tuple(slot_list(plant, slot, energy, counter.at(energy[0]), held, ids[n], times[n])))
                assert list(zip(*columns, strict=True)) == rows, (plant.key, day)


@pytest.mark.parametrize("day", DAYS)
def test_apsystems_clock_texts_are_each_starts_strftime(day: date) -> None:
    """The zone-day's shared texts against a strftime per start, on and around clock changes, for all of
    the day's slots, some of them and none."""
    for timezone in ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"):
        starts = zone_day_starts(timezone, day)[1]
        for picked in (range(len(starts)), range(5, 200, 3), [0, len(starts) - 1], []):
            assert clock_texts(timezone, day, picked) == [starts[n].strftime("%H:%M") for n in picked]


TIME_FIELDS = [
    {"type": "integer", "format": "yyyyMMddHHmmss"},  # a time written as its digits
    {"type": ["integer", "null"], "format": "yyyyMMddHHmm"},
    {"type": "number", "format": "yyyyMMddHHmmss"},
    {"type": "integer"},  # epoch milliseconds
    {"type": "string", "format": "yyyyMMddHHmmss"},
    {"type": "string", "format": "yyyy-MM-dd'T'HH:mm:ssXXX"},
    {"type": "string", "format": "HH:mm"},
    {"type": "string"},
]


@pytest.mark.parametrize("field", TIME_FIELDS)
@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 6, 20), date(2026, 10, 25)])
def test_slot_times_are_what_the_shape_step_writes_of_each_start(field: dict[str, object], day: date) -> None:
    """A zone-day's shared times, shaped where the shape step would still shape them, are each start as
    the shape step writes it: digits as a number, texts as text (also on clock-change days)."""
    conformer = compiled(FieldSchema.model_validate(field))
    starts = zone_day_starts("Europe/Berlin", day)[1]
    shared = slot_times("Europe/Berlin", day, conformer)
    # final values (the shape step leaves them as they are), or the starts themselves: never a text
    # that the shape step would read again as a number
    assert shared is starts or all(type(value) in conformer.kept for value in shared)
    written = [value if type(value) in conformer.kept else conformer.conform(value) for value in shared]
    assert written == [conformer.conform(start) for start in starts]
    assert [type(value) for value in written] == [type(conformer.conform(start)) for start in starts]


@pytest.mark.parametrize("latitude", [-89.9, -33.87, 0.0, 1e-9, 23.44, 48.14, 52.52, 66.5, 78.2, 90.0])
def test_the_clear_sky_table_is_each_samples_sun_summed_hour_by_hour(latitude: float) -> None:
    """``clear_sky_hours`` against ``SunDay.fraction_at`` of every sampled hour, interpolated day by day."""
    samples = {}
    for yday in SAMPLE_DAYS:
        sun = SunDay.of(latitude, 0.0, date(2024, 1, 1) + timedelta(days=yday - 1))
        samples[yday] = sum(sun.fraction_at(hour * 60 + 30 - sun.offset_minutes) for hour in range(24))
    days = sorted(samples)
    table = []
    for low, high in itertools.pairwise(days):
        for yday in range(low, high):
            table.append(samples[low] + (samples[high] - samples[low]) * (yday - low) / (high - low))
    table.append(samples[366])
    assert list(clear_sky_hours(latitude)) == table


def test_an_estimate_adds_each_days_clear_sky_hours_in_order() -> None:
    spans = [(date(2026, 6, 20), date(2028, 1, 1)), (date(2024, 2, 27), date(2024, 3, 2)),
             (date(2019, 12, 31), date(2031, 1, 2)), (date(2026, 3, 1), date(2026, 3, 1))]  # fmt: skip
    for plant in plants("growatt_v1", 4):
        hours = clear_sky_hours(plant.model.latitude)
        for first, after in spans:
            total = 0.0
            for n in range((after - first).days):
                total += hours[(first + timedelta(days=n)).timetuple().tm_yday - 1]
            assert estimated_units(plant.model, first, after) == round(total * per_clear_hour(plant.model))


def test_alphacloud_day_power_columns_are_its_rows_field_by_field() -> None:
    """``day_power_columns`` against ``day_power_row`` of each slot, on and around clock changes, with
    and without a battery."""
    for plant in plants("alphaess_openapi", 8):
        for day in DAYS:
            slots = plant.history(day)
            stamps = wall_texts(plant.timezone, day, UPLOAD_TIME)
            rows = [day_power_row(slot, "SN", "observed", stamps[n]) for n, slot in enumerate(slots)]
            assert day_power_columns(slots, "SN", stamps).rows() == rows, (plant.key, day)
