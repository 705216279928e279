"""How AlphaESS equips a plant of the shared world, and what an AlphaCloud account's credentials are."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

from solarfakes.simulators.core.vendor import FleetLayout
from solarfakes.simulators.vendors.identity import draw_identity
from solarfakes.simulators.vendors.topology import SerialFormat, Topology

API = "alphaess_openapi"

TOPOLOGY = Topology(
    datalogger=SerialFormat("ALE", 12),
    inverter=SerialFormat("AL7011", 9),
    storage=SerialFormat("ALB0", 11),
    meter=SerialFormat("ALM", 9),
    logger_model="EMS",
    inverter_models=("SMILE5-INV", "SMILE-G3-S5", "SMILE-T10-HV-INV"),
    storage_model="SMILE-BAT-13.3P",
)


def has_battery(rng: random.Random) -> bool:
    """Every AlphaESS system is a storage system. Nothing is drawn, so the seeded fleet stays as it was."""
    return True


def credentials(rng: random.Random, fake: Faker) -> dict[str, str]:
    """An appId and appSecret from the AlphaCloud developer portal (signed into every request)."""
    identity = draw_identity(rng, fake)
    return {"app_id": identity.app_id, "app_secret": identity.app_secret}


LAYOUT = FleetLayout(devices=TOPOLOGY.devices, has_battery=has_battery, credentials=credentials)
