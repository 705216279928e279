"""Growatt's time zones: its own timezone_id codes, and the zone a plant's times are shown in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.world import Plant

# Growatt's timezone_id values are its own codes; the common ones map to IANA zones.
TIMEZONE_CODES = {"PRC": "Asia/Shanghai", "UTC": "UTC", "GMT": "UTC"}


def zone_for(code: str | None, fallback: str) -> str:
    if not code:
        return fallback
    name = TIMEZONE_CODES.get(code, code)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return name


def requested_zone(call: RoutedCall, plant: Plant) -> ZoneInfo:
    """Times are shown in the plant's zone unless the client names one with timezone_id. The
    document's default (UTC) is not applied: vendor-reality shows plant-local times."""
    code = str(call.args["timezone_id"]) if call.sent("timezone_id") else None
    return ZoneInfo(zone_for(code, plant.timezone))


def local_now(plant: Plant, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(plant.timezone))
