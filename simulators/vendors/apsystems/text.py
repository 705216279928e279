"""Numbers as APsystems sends them: strings with a fixed number of decimals ("12.28"), never negative
zero, never NaN."""

from __future__ import annotations

import math
from collections.abc import Sequence


def fixed(value: float, places: int = 2) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is no number to report")
    return f"{max(round(value, places), 0.0) + 0.0:.{places}f}"


# Below this, writing a positive number with ``places`` decimals is rounding it to them: both round the
# exact binary value correctly, and the double nearest a rounded value writes as that value.
PLAIN_BELOW = 1e15


def fixed_all(values: Sequence[float], places: int = 2) -> list[str]:
    """``[fixed(value, places) for value in values]``: a column of positive numbers is written in one
    formatting (the same texts, see ``PLAIN_BELOW``), split at its commas; a day's points are hundreds,
    and a formatting each cost twice as much."""
    if plain(values):
        return ((f"%.{places}f," * len(values))[:-1] % tuple(values)).split(",")
    write = f"%.{places}f".__mod__
    return [write(value) if 0.0 < value < PLAIN_BELOW else fixed(value, places) for value in values]


def fixed_items(values: Sequence[float], places: int = 2) -> str:
    """The texts of ``fixed_all(values, places)`` as a JSON array's items, each quoted, separated by commas
    (``"1.20","3.45"``): a column of positive numbers in one formatting. Digits and a point need no escape."""
    if plain(values):
        return (f'"%.{places}f",' * len(values))[:-1] % tuple(values)
    return ",".join([f'"{text}"' for text in fixed_all(values, places)])


def plain(values: Sequence[float]) -> bool:
    """Whether every value is a positive number below ``PLAIN_BELOW``, which ``%f`` writes as ``fixed`` does:
    the least is above 0 and their sum below the bound (a sum of positive doubles is at least each of them,
    and a NaN, which ``min`` may pass over, makes it NaN), two passes in C."""
    return bool(values) and min(values) > 0.0 and sum(values) < PLAIN_BELOW


def signed(value: float, places: int = 2) -> str:
    """A value that may be negative (grid power as one series for import and export)."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is no number to report")
    return f"{round(value, places) + 0.0:.{places}f}"
