"""What a Growatt device measured in each slot: the plant's physics shaped by the device's settings.

Settings written through inverterSet/storageSet take effect from the instant they were made (an
inverter switched off reports no output from then on), so real-time and history keep agreeing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from solarfakes.simulators.physics import KWH_PER_UNIT, DayEnergy, Slot, units
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.world import Device, Plant

SWITCHED_OFF = "0000"  # the value of pv_on_off / storage_cmd_on_off that turns the device off


@dataclass(frozen=True)
class Reading:
    """One slot with the inverter's AC output in it and the counters as they stood at its end: the
    plant's energies so far that day, the inverter's AC energy so far that day and the plant's
    lifetime PV counter."""

    slot: Slot
    inverter_w: float
    plant_today: DayEnergy
    inverter_today_kwh: float
    lifetime_kwh: float


def output_limit(backend: GrowattBackend, device: Device, moment: datetime) -> float:
    """The most the inverter may deliver under the settings in force: off, or an active-power rate."""
    switch = backend.setting_at(device.sn, "pv_on_off", moment)
    if switch is not None and switch[0] == SWITCHED_OFF:
        return 0.0
    rate = backend.setting_at(device.sn, "pv_active_p_rate", moment)
    return device.nominal_w * (1.0 if rate is None else int(rate[0]) / 100)


def inverter_power(backend: GrowattBackend, device: Device, slot: Slot) -> float:
    """AC output of one inverter: its share of the plant's PV, curtailed by its settings."""
    return round(min(slot.pv_w * device.pv_share, output_limit(backend, device, slot.start)), 1)


def storage_on(backend: GrowattBackend, device: Device, moment: datetime) -> bool:
    switch = backend.setting_at(device.sn, "storage_cmd_on_off", moment)
    return switch is None or switch[0] != SWITCHED_OFF


def day_readings(backend: GrowattBackend, plant: Plant, device: Device, day: date, until: datetime) -> list[Reading]:
    """A day's readings in one pass, so a week of history costs a week of slots, not its square."""
    readings = []
    so_far = DayEnergy()
    inverter_units = 0
    for slot in plant.history(day, until):
        so_far += DayEnergy.of((slot,))
        inverter_w = inverter_power(backend, device, slot)
        inverter_units += units(inverter_w)
        lifetime = plant.lifetime_at(day, so_far.pv_units)
        readings.append(Reading(slot, inverter_w, so_far, round(inverter_units * KWH_PER_UNIT, 1), lifetime))
    return readings


def latest_reading(backend: GrowattBackend, plant: Plant, device: Device, now: datetime) -> Reading:
    readings = day_readings(backend, plant, device, plant.local_date(now), now)
    if readings:
        return readings[-1]
    slot = plant.now_slot(now)
    return Reading(slot, 0.0, DayEnergy(), 0.0, plant.lifetime_pv_kwh(now))
