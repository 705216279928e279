"""How APsystems equips a plant of the shared world: a system with one or more ECUs, micro-inverters of
two or four channels under them, optionally a meter and a battery, each ECU activated for what it serves
(apsystems-openapi 3.1.2: ECU type 0, 1 meter, 2 storage)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

from solarfakes.simulators.core.vendor import FleetLayout
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors.identity import draw_identity
from solarfakes.simulators.vendors.topology import SerialFormat
from solarfakes.simulators.world import Device, Plant, SerialStyle

API = "apsystems_openapi"
# Twelve digits, as the document's examples have them: ECU 2160000xxxxx (ECU-C), inverter 90200000xxxx
# (3.1.2). The drawn digits follow a few of the plant's id (``plant_ids``): drawn alone, four digits
# gave 10,000 inverter ids, fewer than a fleet of a few thousand systems has. The draws themselves are
# as they were, so a seed's fleet is otherwise the same.
ECU_DIGITS = 5
INVERTER_DIGITS = 4
METER_ID = SerialFormat("MTR", 9)
STORAGE_ID = SerialFormat("EZB", 9)
ECU_MODEL = "ECU-C"
STORAGE_MODEL = "ELS-5K"
PANEL_W = 400  # one module per channel
KW_PER_ECU = 8  # a bigger system gets a second ECU
BATTERY_SHARE = 0.4
METER_SHARE = 0.7


@dataclass(frozen=True)
class MicroModel:
    name: str
    channels: int
    rated_w: float


MICRO_MODELS = (MicroModel("DS3", 2, 880), MicroModel("DS3-H", 2, 960), MicroModel("QS1", 4, 1200),
                MicroModel("QT2D", 4, 2000))  # fmt: skip
MODELS = {model.name: model for model in MICRO_MODELS}


def channels(inverter: Device) -> int:
    return MODELS[inverter.model].channels


def system_id(plant: Plant) -> str:
    """The sid, like the document's AZ12649A3DFF: fixed by the plant's seeded key."""
    return f"AZ{int(unit_hash(plant.key, 'sid') * 16**10):010X}"


def plant_ids(plant: Plant) -> tuple[SerialFormat, SerialFormat]:
    """The ECU and inverter id formats of ``plant``: 216 and 902, then digits of its plant id."""
    return (SerialFormat(f"216{plant.plant_id % 10**4:04d}", ECU_DIGITS),
            SerialFormat(f"902{plant.plant_id % 10**5:05d}", INVERTER_DIGITS))  # fmt: skip


def devices(plant: Plant, serials: SerialStyle, rng: random.Random) -> list[Device]:
    """ECUs first, then the micro-inverters spread over them, the meter on the first ECU and the battery
    on an ECU of its own (a storage-activated ECU). Every draw comes from the API's own generator."""
    ecu_id, inverter_id = plant_ids(plant)
    model = rng.choice(MICRO_MODELS)
    ecus = [Device(ecu_id.make(serials), "ecu", ECU_MODEL, plant.plant_id)
            for _ in range(1 if plant.peak_kw <= KW_PER_ECU else 2)]  # fmt: skip
    count = max(1, round(plant.peak_kw * 1000 / (model.channels * PANEL_W)))
    found = list(ecus)
    for index in range(count):
        ecu = ecus[index * len(ecus) // count]
        found.append(Device(inverter_id.make(serials), "inverter", model.name, plant.plant_id, ecu.sn,
                            nominal_w=model.rated_w, pv_share=1 / count))  # fmt: skip
    if rng.random() < METER_SHARE:
        found.append(Device(METER_ID.make(serials), "meter", "ECU-C CT", plant.plant_id, ecus[0].sn))
    if plant.battery is not None:
        storage_ecu = Device(ecu_id.make(serials), "ecu", STORAGE_MODEL, plant.plant_id)
        found.insert(len(ecus), storage_ecu)
        found.append(Device(STORAGE_ID.make(serials), "storage", STORAGE_MODEL, plant.plant_id, storage_ecu.sn,
                            nominal_w=plant.battery.max_power_w))  # fmt: skip
    return found


def has_battery(rng: random.Random) -> bool:
    return rng.random() < BATTERY_SHARE


def credentials(rng: random.Random, fake: Faker) -> dict[str, str]:
    """App Id and App Secret, "a 32-bit string with numbers and letters" (apsystems-openapi 2.1), read as
    32 characters. The shared identity is drawn first so every vendor's accounts draw alike."""
    draw_identity(rng, fake)
    alphabet = "0123456789abcdef"
    app_id = "".join(rng.choice(alphabet) for _ in range(32))
    secret = "".join(rng.choice(alphabet) for _ in range(32))
    return {"app_id": app_id, "app_secret": secret}


LAYOUT = FleetLayout(devices=devices, has_battery=has_battery, credentials=credentials)
