"""Whatever figures a plant was given (a write can set any number a spec lets through), the physics
answers finite numbers and never raises: no NaN or Infinity can reach a response."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.physics import MAX_PEAK_KW, PlantModel, simulate_day
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.world import World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
TEMPLATE = next(iter(World(seed=3, plants=1, layouts=LAYOUTS).fleet("growatt_v1").values()))
anything = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([1e308, -1e308, 0.0, -0.0, 5e-324])


@settings(max_examples=40, deadline=None)
@given(
    latitude=anything,
    longitude=anything,
    peak_kw=anything,
    base_load_w=anything,
    moment=st.datetimes(datetime(1971, 1, 1), datetime(2199, 12, 30)),
)
def test_extreme_plant_figures_never_give_a_non_finite_number(
    latitude: float, longitude: float, peak_kw: float, base_load_w: float, moment: datetime
) -> None:
    plant = replace(TEMPLATE, latitude=latitude, longitude=longitude, peak_kw=peak_kw, base_load_w=base_load_w)
    instant = moment.replace(tzinfo=UTC)
    today = plant.local_date(instant)
    for slot in simulate_day(plant.model, today):
        figures = [slot.pv_w, slot.load_w, slot.battery_w, slot.grid_w, slot.soc_pct or 0.0]
        assert all(math.isfinite(f) for f in figures)
    energy = plant.energy(today, instant)
    assert all(math.isfinite(v) for v in (energy.pv, energy.load, energy.grid_import, energy.grid_export))
    assert math.isfinite(plant.lifetime_pv_kwh(instant))
    assert math.isfinite(plant.pv_kwh_between(today - timedelta(days=3), today + timedelta(days=1), instant))
    assert math.isfinite(plant.now_slot(instant).pv_w)


def test_figures_within_their_ranges_are_computed_as_given() -> None:
    """The guards leave every real place and size exactly as it is (the seeded fleet's numbers stand)."""
    model = PlantModel.physical("k", 52.5, -179.5, "Europe/Berlin", 6.5, 300.0, None)
    assert (model.latitude, model.longitude, model.peak_kw, model.base_load_w) == (52.5, -179.5, 6.5, 300.0)
    far = PlantModel.physical("k", 1e308, 540.0, "Europe/Berlin", 1e308, -5.0, None)
    assert (far.latitude, far.longitude, far.peak_kw, far.base_load_w) == (90.0, -180.0, MAX_PEAK_KW, 0.0)
