"""Where a Growatt plant stands, as Growatt's records name it: the country by its English name
(real plant lists carry "Germany", not "DE"; timohencken pydantic_models/plant.py PlantData) and
the time zone as the portal writes it ("GMT+8")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

# The world places plants in these countries (simulators/world.py COUNTRIES).
COUNTRY_NAMES = {
    "DE": "Germany",
    "NL": "Netherlands",
    "GB": "United Kingdom",
    "IT": "Italy",
    "ES": "Spain",
    "AU": "Australia",
    "US": "United States",
    "CN": "China",
}


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


def utc_offset_hours(zone: str, moment: datetime) -> float:
    offset = moment.astimezone(ZoneInfo(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def gmt_text(hours: float) -> str:
    """The portal's zone label: GMT+8, GMT-5, GMT+5.5."""
    number = f"{abs(hours):g}"
    return f"GMT{'-' if hours < 0 else '+'}{number}"
