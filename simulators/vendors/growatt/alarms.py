"""Seeded device alarms: on roughly one day in five, lasting minutes to an hour."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.world import Device, Plant

ALARMS = [
    (25, "No utility (grid lost)"),
    (101, "Communication fault"),
    (202, "Grid voltage high"),
    (207, "Isolation fault"),
    (300, "Battery voltage low"),
]
ALARM_DAY_SHARE = 0.2


def alarms_for(plant: Plant, device: Device, day: date, now: datetime) -> list[dict[str, Any]]:
    """The day's alarms of ``device``; none that had not begun by ``now``."""
    rng = random.Random(f"{device.sn}|alarm|{day.isoformat()}")
    if rng.random() > ALARM_DAY_SHARE:
        return []
    code, message = rng.choice(ALARMS)
    zone = ZoneInfo(plant.timezone)
    start = datetime(
        day.year, day.month, day.day, rng.randrange(6, 19), rng.randrange(60), rng.randrange(60), tzinfo=zone
    )
    if start > now:
        return []
    end = start + timedelta(minutes=rng.randrange(3, 60))
    status = 1 if end > now else 0
    return [{"alarm_code": code, "alarm_message": message, "start_time": start.replace(tzinfo=None),
             "end_time": end.replace(tzinfo=None), "status": status}]  # fmt: skip
