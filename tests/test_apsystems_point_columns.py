"""``PvHistory.point_columns``: a day's points field by field are the points one by one, as they were
built (a point per begun slot, its power and energy scaled to the day's reported PV), daylight's alone
where asked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from solarfakes.simulators.physics import KWH_PER_UNIT, begun_pv, pv_series, slot_units, units
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.apsystems.energy import PvHistory, PvPoint
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
