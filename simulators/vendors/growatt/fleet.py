"""How Growatt equips a plant of the shared world, and what a Growatt account's credentials are."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

from solarfakes.simulators.core.vendor import FleetLayout
from solarfakes.simulators.vendors.identity import draw_identity
from solarfakes.simulators.vendors.topology import ALPHANUMERIC, SerialFormat, Topology

API = "growatt_v1"
# Shine collectors carry ten letters and digits (datalogger/add checks the length).
COLLECTOR_SN_LENGTH = 10
BATTERY_SHARE = 0.75  # the share of Growatt plants with a storage unit

TOPOLOGY = Topology(
    datalogger=SerialFormat("XGD", 7, ALPHANUMERIC),
    inverter=SerialFormat("NTC", 7, ALPHANUMERIC),
    storage=SerialFormat("SPH", 7, ALPHANUMERIC),
    meter=SerialFormat("MTR", 7),
    logger_model="ShineWiFi-X",
    inverter_models=("MIN 5000TL-X", "MOD 10KTL3-X", "MIC 3000TL-X"),
    storage_model="SPH 5000",
)
COLLECTOR_MODEL = TOPOLOGY.logger_model
ADDED_INVERTER_MODEL = "MOD 10KTL3-X"  # the inverter plant/add puts on a new plant


def has_battery(rng: random.Random) -> bool:
    return rng.random() < BATTERY_SHARE


def credentials(rng: random.Random, fake: Faker) -> dict[str, str]:
    """A business account's API token (Growatt authenticates by it alone)."""
    return {"token": draw_identity(rng, fake).token}


LAYOUT = FleetLayout(devices=TOPOLOGY.devices, has_battery=has_battery, credentials=credentials)
