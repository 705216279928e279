"""A Growatt plant's own figures are the sum of its inverters: an inverter curtailed or switched off
through inverterSet lowers the plant's power and energy from the instant the setting was made.

The plant's PV is what its panels could make; what its inverters delivered is that less what their
settings held back. Only inverters that were ever curtailed cost anything, and only from the day of
their first such setting, a whole past day once (cached until the inverter's settings change)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from solarfakes.simulators.physics import KWH_PER_UNIT, Slot, pv_series, slot_index, slot_starts, units
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.readings import output_limit
from solarfakes.simulators.world import Device, Plant

# The settings that limit an inverter's output (readings.output_limit).
LIMITING_SETTINGS = ("pv_on_off", "pv_active_p_rate")


def first_limit(backend: GrowattBackend, device: Device) -> float | None:
    """Epoch seconds of the first setting that may have limited ``device``, if any."""
    writes = backend.settings.get(device.sn, {})
    made = [w.made for name in LIMITING_SETTINGS for w in writes.get(name, [])]
    return min(made) if made else None


def limited_inverters(backend: GrowattBackend, plant: Plant) -> list[tuple[Device, float]]:
    found = []
    for device in plant.devices_of("inverter"):
        first = first_limit(backend, device)
        if first is not None:
            found.append((device, first))
    return found


def held_back_w(backend: GrowattBackend, device: Device, pv_w: float, moment: datetime) -> float:
    """What ``device``'s settings held back of its share of ``pv_w`` at ``moment``."""
    share = pv_w * device.pv_share
    return max(0.0, share - output_limit(backend, device, moment))


def plant_output_w(backend: GrowattBackend, plant: Plant, slot: Slot) -> float:
    """The plant's AC power in ``slot``: its PV less what its inverters held back."""
    held = sum(held_back_w(backend, device, slot.pv_w, slot.start) for device, _ in limited_inverters(backend, plant))
    return max(0.0, slot.pv_w - held)


def held_back_units(backend: GrowattBackend, plant: Plant, day: date, until: datetime) -> int:
    """Energy the inverters held back on the plant-local ``day`` up to ``until``, in exact units."""
    limited = limited_inverters(backend, plant)
    if not limited or day < plant.commissioned:
        return 0
    today, index = slot_index(plant.model, until)
    if day > today:
        return 0
    total = 0
    for device, first in limited:
        if day < datetime.fromtimestamp(first, ZoneInfo(plant.timezone)).date():
            continue
        whole = day < today
        key = (device.sn, day)
        if whole and key in backend.held_back:
            total += backend.held_back[key]
            continue
        starts = slot_starts(plant.model, day)
        count = len(starts) if whole else index + 1
        series = pv_series(plant.model, day)
        held = sum(units(held_back_w(backend, device, series[n], starts[n])) for n in range(count))
        if whole:
            backend.held_back[key] = held
        total += held
    return total


def held_back_kwh(backend: GrowattBackend, plant: Plant, start: date, end: date, now: datetime) -> float:
    """Energy held back from ``start`` up to, not including, ``end``; nothing after ``now``."""
    limited = limited_inverters(backend, plant)
    if not limited:
        return 0.0
    zone = ZoneInfo(plant.timezone)
    earliest = min(datetime.fromtimestamp(first, zone).date() for _, first in limited)
    day = max(start, earliest, plant.commissioned)
    last = min(end - timedelta(days=1), plant.local_date(now))
    total = 0
    while day <= last:
        total += held_back_units(backend, plant, day, now)
        day += timedelta(days=1)
    return total * KWH_PER_UNIT


def live_power_w(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    """The plant's power now; an offline plant reports none (its collector has stopped sending)."""
    return plant_output_w(backend, plant, plant.now_slot(now)) if plant.online else 0.0


def plant_kwh_between(backend: GrowattBackend, plant: Plant, start: date, end: date, now: datetime) -> float:
    """What the plant's inverters delivered from ``start`` up to, not including, ``end``."""
    return max(0.0, plant.pv_kwh_between(start, end, now) - held_back_kwh(backend, plant, start, end, now))


def plant_today_kwh(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    today = plant.local_date(now)
    return max(0.0, plant.energy(today, now).pv - held_back_units(backend, plant, today, now) * KWH_PER_UNIT)


def plant_lifetime_kwh(backend: GrowattBackend, plant: Plant, now: datetime) -> float:
    """The plant's lifetime counter less everything its inverters held back since their first limit."""
    held = held_back_kwh(backend, plant, date.min, plant.local_date(now) + timedelta(days=1), now)
    return max(0.0, plant.lifetime_pv_kwh(now) - held)
