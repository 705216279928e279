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
    """``[fixed(value, places) for value in values]``: positive numbers are written in one formatting each,
    without the rounding and clamping (the same texts, see ``PLAIN_BELOW``); a day's points are hundreds."""
    write = f"%.{places}f".__mod__
    return [write(value) if 0.0 < value < PLAIN_BELOW else fixed(value, places) for value in values]


def signed(value: float, places: int = 2) -> str:
    """A value that may be negative (grid power as one series for import and export)."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is no number to report")
    return f"{round(value, places) + 0.0:.{places}f}"
