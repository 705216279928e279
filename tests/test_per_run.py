"""``day_rows.per_run``: a function of each value, worked out once per run of equal values, is the
function of every value (a day's running energy sums written as kWh)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.day_rows import per_run
from solarfakes.simulators.physics import KWH_PER_UNIT
from solarfakes.simulators.vendors.rasv2.running import kwh_of

running_sums = st.lists(st.integers(0, 3), max_size=300).map(
    lambda steps: [sum(steps[: n + 1]) * 997 for n in range(len(steps))]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(running_sums, st.lists(st.integers(-(10**12), 10**12), max_size=50)))
def test_per_run_is_the_function_of_every_value(values: list[int]) -> None:
    calls: list[int] = []

    def kwh(units: int) -> float:
        calls.append(units)
        return round(units * KWH_PER_UNIT, 2)

    made = per_run(kwh, values)
    assert [x.hex() for x in made] == [round(u * KWH_PER_UNIT, 2).hex() for u in values]
    assert [x.hex() for x in made] == [kwh_of(u).hex() for u in values]
    runs = [u for n, u in enumerate(values) if n == 0 or values[n - 1] != u]
    assert calls == runs, "once per run of equal values"


def test_per_run_of_nothing_is_nothing() -> None:
    assert per_run(kwh_of, []) == []
