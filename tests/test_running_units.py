"""``physics.running_units``: a day's running energy sums a list per field are the day ledger's sums
field by field (``summed_units`` interleaves them), and None where the ledger adds slot by slot."""

from __future__ import annotations

import math
from datetime import date

import pytest

from solarfakes.simulators.physics import ENERGY_FIELDS, DayLedger, day_columns, running_units, summed_units
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.rasv2.running import ledger_energies
from solarfakes.simulators.world import World

LAYOUTS = {api: vendor.layout for api, vendor in VENDORS.items()}
DAYS = [date(2026, 3, 29), date(2026, 6, 21), date(2026, 10, 25), date(2026, 12, 21)]  # clock changes among them


@pytest.mark.parametrize("day", DAYS)
def test_a_days_running_units_are_its_ledgers_sums_field_by_field(day: date) -> None:
    world = World(seed=7, plants=6, reference=date(2026, 1, 1), layouts=LAYOUTS)
    for api in ("alphaess_ras_v2", "growatt_v1"):
        for plant in world.fleet(api).values():
            figures = day_columns(plant.model, day)
            columns = [list(column) for column in figures.fields()[:4]]
            found = running_units(columns)
            assert found is not None
            assert len(found) == ENERGY_FIELDS
            sums = DayLedger.of_figures(*columns).sums
            assert found == ledger_energies(sums, len(columns[0]))
            assert found == ledger_energies(DayLedger.added_slot_by_slot(*columns), len(columns[0]))


@pytest.mark.parametrize(
    "columns",
    [
        [[1.0, math.nan], [1.0, 2.0], [0.0, 0.0], [0.0, 0.0]],
        [[1.0, 2.0], [1e40, 2.0], [0.0, 0.0], [0.0, 0.0]],
        [[1.0, 2.0], [1.0], [0.0, 0.0], [0.0, 0.0]],
        [[1.0] * 4096, [1.0] * 4096, [0.0] * 4096, [0.0] * 4096],
    ],
)
def test_running_units_leave_what_the_column_sums_leave(columns: list[list[float]]) -> None:
    assert running_units(columns) is None
    assert summed_units(columns) is None


def test_running_units_of_no_slot_are_empty() -> None:
    assert running_units([[], [], [], []]) == [[] for _ in range(ENERGY_FIELDS)]
