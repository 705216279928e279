"""Numbers as APsystems sends them: strings with a fixed number of decimals ("12.28"), never negative
zero, never NaN."""

from __future__ import annotations

import math


def fixed(value: float, places: int = 2) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is no number to report")
    return f"{max(round(value, places), 0.0) + 0.0:.{places}f}"


def signed(value: float, places: int = 2) -> str:
    """A value that may be negative (grid power as one series for import and export)."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is no number to report")
    return f"{round(value, places) + 0.0:.{places}f}"
