"""``DayLedger.of`` sums each slot's energies as ``units`` rounds each power, skipping the powers that are
zero: the same sums as rounding all seven of every slot, for any signs and zeros (-0.0 included)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.physics import DayEnergy, DayLedger, Slot, units

powers = st.one_of(st.sampled_from([0.0, -0.0, 0.04, -0.04, 0.05, -0.05]), st.floats(-20_000, 20_000))
slots = st.lists(st.tuples(powers, powers, powers, powers), max_size=300)
START = datetime(2026, 6, 21)


def every_power_rounded(slots: list[Slot]) -> list[DayEnergy]:
    """The sums of each prefix, all seven powers of every slot rounded."""
    out = [DayEnergy()]
    pv = load = charge = discharge = imported = exported = grid_charge = 0
    for s in slots:
        charge_w = -s.battery_w if s.battery_w < 0 else 0.0
        import_w = s.grid_w if s.grid_w > 0 else 0.0
        pv += units(s.pv_w)
        load += units(s.load_w)
        charge += units(charge_w)
        discharge += units(s.battery_w) if s.battery_w > 0 else 0
        imported += units(import_w)
        exported += units(-s.grid_w) if s.grid_w < 0 else 0
        grid_charge += units(min(charge_w, import_w))
        out.append(DayEnergy(pv, load, charge, discharge, imported, exported, grid_charge))
    return out


@settings(max_examples=300, deadline=None)
@given(slots)
def test_a_ledger_is_every_power_rounded_and_summed(figures: list[tuple[float, float, float, float]]) -> None:
    day = [Slot(START, pv, load, battery, grid, None) for pv, load, battery, grid in figures]
    ledger = DayLedger.of(day)
    assert [ledger.upto(n) for n in range(len(day) + 1)] == every_power_rounded(day)
