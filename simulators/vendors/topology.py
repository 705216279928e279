"""The device topology the served vendors share: one collector, one or two inverters, the battery
if the plant has one, and a meter, each with a serial number in the vendor's own format."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from solarfakes.simulators.world import Device, Plant, SerialStyle

ALPHANUMERIC = string.ascii_uppercase + string.digits
# One inverter carries up to this much PV; a bigger plant has two.
KW_PER_INVERTER = 6


@dataclass(frozen=True)
class SerialFormat:
    """A vendor's serial numbers: a fixed prefix and ``digits`` characters drawn from ``alphabet``."""

    prefix: str
    digits: int
    alphabet: str = string.digits

    def make(self, serials: SerialStyle) -> str:
        return serials.make(self.prefix, self.digits, self.alphabet)


@dataclass(frozen=True)
class Topology:
    """How a vendor equips a plant. ``devices`` is a ``FleetLayout.devices``: it draws from the world's
    generator in a fixed order (collector, inverters, battery, meter), which a seed's fleet relies on."""

    datalogger: SerialFormat
    inverter: SerialFormat
    storage: SerialFormat
    meter: SerialFormat
    logger_model: str
    inverter_models: tuple[str, ...]
    storage_model: str
    meter_model: str = "SDM630"

    def devices(self, plant: Plant, serials: SerialStyle, rng: random.Random) -> list[Device]:
        logger = Device(self.datalogger.make(serials), "datalogger", self.logger_model, plant.plant_id)
        count = 1 if plant.peak_kw <= KW_PER_INVERTER else 2
        devices = [logger]
        for _ in range(count):
            devices.append(
                Device(
                    self.inverter.make(serials),
                    "inverter",
                    rng.choice(self.inverter_models),
                    plant.plant_id,
                    datalogger_sn=logger.sn,
                    nominal_w=plant.peak_kw * 1000 / count,
                    pv_share=1 / count,
                )
            )
        if plant.battery is not None:
            devices.append(
                Device(
                    self.storage.make(serials),
                    "storage",
                    self.storage_model,
                    plant.plant_id,
                    datalogger_sn=logger.sn,
                    nominal_w=plant.battery.max_power_w,
                )
            )
        devices.append(Device(self.meter.make(serials), "meter", self.meter_model, plant.plant_id, logger.sn))
        return devices
