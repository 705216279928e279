"""What one iSolarCloud device measured in each 5-minute slot: the plant's physics, seen from the device
(an inverter's share of the PV, curtailed by a power limit written through paramSetting)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from solarfakes.simulators.physics import DayEnergy, Slot, unit_hash
from solarfakes.simulators.world import Device, Plant

SLOTS_PER_HOUR = 12
# The most a device may deliver at a moment (W), or None for no limit: the settings' view.
Limiter = Callable[[Device, datetime], float | None]


@dataclass(frozen=True)
class Reading:
    slot: Slot
    today: DayEnergy  # the plant's energies so far that day, this slot included
    device_w: float  # the inverter's AC output (0 for other devices)
    device_today_wh: float  # the integral of device_w so far that day, slot by slot
    device_lifetime_wh: float
    plant_lifetime_wh: float
    nominal_w: float
    noise: float  # a seeded number in [0, 1) for the slot, for readings physics does not give

    @property
    def dc_w(self) -> float:
        return round(self.device_w / 0.97, 1) if self.device_w else 0.0

    @property
    def voltage(self) -> float:
        return round(229.0 + 4 * self.noise, 1)

    @property
    def current(self) -> float:
        return round(self.device_w / self.voltage, 2)

    @property
    def frequency(self) -> float:
        return round(49.98 + 0.04 * self.noise, 2)

    @property
    def temperature(self) -> float:
        load = self.device_w / self.nominal_w if self.nominal_w else 0.0
        return round(22.0 + 25 * load + 2 * self.noise, 1)

    @property
    def dc_voltage(self) -> float:
        return (
            round(300.0 + 80 * min(self.device_w / self.nominal_w, 1.0), 1) if self.device_w and self.nominal_w else 0.0
        )

    @property
    def dc_current(self) -> float:
        return round(self.dc_w / self.dc_voltage, 2) if self.dc_voltage else 0.0


def device_power(device: Device | None, slot: Slot, limiter: Limiter | None) -> float:
    if device is None or device.kind != "inverter":
        return 0.0
    power = slot.pv_w * device.pv_share
    cap = limiter(device, slot.start) if limiter is not None else None
    return round(power if cap is None else min(power, cap), 1)


def day_readings(
    plant: Plant, device: Device | None, day: date, until: datetime, limiter: Limiter | None = None
) -> list[Reading]:
    """A day's readings (up to ``until``) in one pass; the day's counters are running sums."""
    readings = []
    so_far = DayEnergy()
    device_wh = 0.0
    share = device.pv_share if device is not None and device.kind == "inverter" else 0.0
    nominal = device.nominal_w if device is not None else plant.peak_kw * 1000
    key = device.sn if device is not None else plant.key
    for index, slot in enumerate(plant.history(day, until)):
        so_far += DayEnergy.of((slot,))
        power = device_power(device, slot, limiter)
        device_wh += power / SLOTS_PER_HOUR
        lifetime_wh = plant.lifetime_at(day, so_far.pv_units) * 1000
        readings.append(
            Reading(
                slot=slot,
                today=so_far,
                device_w=power,
                device_today_wh=round(device_wh, 1),
                device_lifetime_wh=round(lifetime_wh * share, 1),
                plant_lifetime_wh=round(lifetime_wh, 1),
                nominal_w=nominal,
                noise=unit_hash(key, day, index),
            )
        )
    return readings
