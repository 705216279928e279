"""The ``self_use`` battery command: follow the household between a cut-off and the ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.physics import SLOT_HOURS, Battery, BatteryCommand, commanded_power

BATTERY = Battery(capacity_kwh=10.0, max_power_w=5000.0, reserve_pct=10)
START = datetime(2026, 6, 21, tzinfo=UTC)


def self_use(cut_off: float) -> BatteryCommand:
    return BatteryCommand(START, START + timedelta(hours=1), "self_use", BATTERY.max_power_w, cut_off)


@given(soc=st.floats(10, 100), pv=st.floats(0, 8000), load=st.floats(0, 8000))
def test_a_cut_off_at_full_charge_never_discharges(soc: float, pv: float, load: float) -> None:
    power = commanded_power(BATTERY, self_use(100.0), soc, pv, load, 1.0)
    assert power <= 0.0
    if pv > load and soc < 99.9:
        assert power < 0.0, "surplus is still stored"


@given(soc=st.floats(10, 100), cut_off=st.floats(10, 100), load=st.floats(0, 8000))
def test_discharge_never_goes_below_the_cut_off(soc: float, cut_off: float, load: float) -> None:
    power = commanded_power(BATTERY, self_use(cut_off), soc, 0.0, load, 1.0)
    after = soc - power * SLOT_HOURS / (BATTERY.capacity_kwh * 10)
    assert after >= min(soc, cut_off) - 1e-9
    if soc > cut_off + 1 and load > 100:
        assert power > 0.0, "above the cut-off it covers the load"
