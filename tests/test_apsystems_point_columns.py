"""``PvHistory.point_columns``: a day's points field by field are the points one by one, as they were
built (a point per begun slot, its power and energy scaled to the day's reported PV), daylight's alone
where asked; each point's kWh worked out from its PV at once (``points_kwh``), and a run of indexes taken
as a slice (``picked``)."""

from __future__ import annotations

import math
import random
from array import array
from datetime import UTC, date, datetime

import pytest

from solarfakes.simulators.physics import KWH_PER_UNIT, UNITS_BELOW, begun_pv, pv_series, slot_units, units
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.energy import PvHistory, PvPoint, picked, points_kwh
from solarfakes.simulators.world import World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
NOW = datetime(2026, 6, 21, 12, tzinfo=UTC)
# A finished day before the exact accounting starts, the reference date, today, a far day, a clock change
DAYS = [date(2026, 6, 14), date(2026, 6, 20), date(2026, 6, 21), date(2019, 3, 31), date(2026, 3, 29)]


def points_one_by_one(history: PvHistory, day: date, daylight_only: bool) -> list[PvPoint]:
    if not history.reported(day):
        return []
    starts, pvs = begun_pv(history.plant.model, day, history.plant.slot_count(day, history.now))
    scale = history.scale(day)
    points = [
        PvPoint(start, pv * scale, units(pv) * KWH_PER_UNIT * scale) for start, pv in zip(starts, pvs, strict=True)
    ]
    return [p for p in points if p.watts > 0] if daylight_only else points


@pytest.mark.parametrize("daylight_only", [True, False])
def test_point_columns_are_the_points(daylight_only: bool) -> None:
    plants = list(
        World(seed=3, plants=6, reference=date(2026, 6, 20), layouts=LAYOUTS).fleet("apsystems_openapi").values()
    )
    assert plants
    for plant in plants:
        history = PvHistory(plant, NOW)
        for day in DAYS:
            expected = points_one_by_one(history, day, daylight_only)
            starts, watts, kwhs = history.point_columns(day, daylight_only)
            assert [(p.start, p.watts.hex(), p.kwh.hex()) for p in expected] == [
                (start, power.hex(), kwh.hex()) for start, power, kwh in zip(starts, watts, kwhs, strict=True)
            ]
            assert all(a is b.start for a, b in zip(starts, expected, strict=True)), "the zone-day's own starts"
            assert history.points(day, daylight_only) == expected


def test_an_estimated_days_scale_from_its_summed_units_is_its_scale() -> None:
    plants = list(
        World(seed=5, plants=6, reference=date(2026, 6, 20), layouts=LAYOUTS).fleet("apsystems_openapi").values()
    )
    estimated = [day for day in DAYS if day < date(2026, 6, 20)]
    for plant in plants:
        history = PvHistory(plant, NOW)
        for day in filter(history.reported, estimated):  # the days point_figures sums units of
            summed = sum(slot_units(pv_series(plant.model, day)))
            assert summed == plant.pv_units(day)
            assert history.scale(day, summed).hex() == history.scale(day).hex()


def test_points_kwh_is_each_points_units_in_kwh_scaled() -> None:
    rng = random.Random(4)
    powers = [round(rng.random() * 10 ** rng.uniform(-2, 6), 1) for _ in range(2_000)]
    ties = [(k + 0.5) / 10 for k in range(2_000)]  # a power whose units lie on a half: rounded to even
    edges = [0.0, -0.0, 0.04, 0.05, 0.15, 2.0**33, -3.5, 2.0**40, 1e300]
    for column in (powers, ties, edges, edges[:6], [], [UNITS_BELOW / 2], [UNITS_BELOW / 2] * 2):
        for scale in (1.0, 0.37, 3.1e-7):
            expected = [units(pv) * KWH_PER_UNIT * scale for pv in column]
            assert [kwh.hex() for kwh in points_kwh(column, scale)] == [kwh.hex() for kwh in expected]
    with pytest.raises(ValueError, match="NaN"):
        points_kwh([1.0, math.nan, 2.0], 1.0)  # as ``units`` refuses it


@pytest.mark.parametrize(
    "chosen", [[], [0], [3, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7], [1, 3], [0, 2, 3, 4], list(range(2, 8, 2))]
)
def test_picked_items_are_the_items_at_the_indexes(chosen: list[int]) -> None:
    items = tuple(f"item {n}" for n in range(8))
    assert list(picked(items, chosen)) == [items[n] for n in chosen]
    values = array("d", range(8))
    assert list(picked(values, chosen)) == [values[n] for n in chosen]


@pytest.mark.parametrize("daylight_only", [True, False])
def test_point_pv_scaled_is_point_figures(daylight_only: bool) -> None:
    plants = list(
        World(seed=7, plants=6, reference=date(2026, 6, 20), layouts=LAYOUTS).fleet("apsystems_openapi").values()
    )
    for plant in plants:
        history = PvHistory(plant, NOW)
        for day in DAYS:
            chosen, pvs, scale = history.point_pv(day, daylight_only)
            figures = history.point_figures(day, daylight_only)
            assert list(chosen) == list(figures[0])
            assert [(pv * scale).hex() for pv in pvs] == [watts.hex() for watts in figures[1]]
            assert [kwh.hex() for kwh in points_kwh(pvs, scale)] == [kwh.hex() for kwh in figures[2]]
