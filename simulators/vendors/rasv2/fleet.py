"""How AlphaESS equips a ras/v2 system of the shared world, and what a ras/v2 account's credentials are."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

from solarfakes.simulators.core.vendor import FleetLayout
from solarfakes.simulators.vendors.identity import draw_identity
from solarfakes.simulators.vendors.topology import SerialFormat, Topology

API = "alphaess_ras_v2"

# The serial formats this API's fleet had before vendors had packages (git 845d8d0 simulators/world.py).
TOPOLOGY = Topology(
    datalogger=SerialFormat("ALE", 12),
    inverter=SerialFormat("AL2002", 9),
    storage=SerialFormat("ALB1", 11),
    meter=SerialFormat("ALM", 9),
    logger_model="EMS",
    inverter_models=("SMILE5-INV", "STORION-S5"),
    storage_model="SMILE5-BAT",
)


def has_battery(rng: random.Random) -> bool:
    """Every AlphaESS system is a storage system; nothing is drawn."""
    return True


def credentials(rng: random.Random, fake: Faker) -> dict[str, str]:
    """The api_account and its secret key (issued by Alpha, alphaess-ras-v2 1 and 10), and the end
    user's username and password that Login takes."""
    identity = draw_identity(rng, fake)
    return {
        "api_account": identity.api_account,
        "secret_key": identity.secret_key,
        "username": identity.username,
        "password": identity.password,
    }


LAYOUT = FleetLayout(devices=TOPOLOGY.devices, has_battery=has_battery, credentials=credentials)
