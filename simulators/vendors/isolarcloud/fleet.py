"""How iSolarCloud equips a plant of the shared world, its device types and ps_keys, and what an
account's credentials are."""

from __future__ import annotations

import random
import string
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

from solarfakes.simulators.core.vendor import FleetLayout
from solarfakes.simulators.vendors.identity import draw_identity
from solarfakes.simulators.vendors.topology import SerialFormat, Topology

API = "isolarcloud"
BATTERY_SHARE = 0.6  # the share of plants with a hybrid (energy storage) inverter

# Serials as live samples show them: inverters "A2262065536", communication devices "B2261882811"
# (vendor-reality isolarcloud §4, Afrouper queryDeviceListResponse.json).
TOPOLOGY = Topology(
    datalogger=SerialFormat("B2", 9),
    inverter=SerialFormat("A2", 9),
    storage=SerialFormat("A2", 9),
    meter=SerialFormat("D2", 9),
    logger_model="WiNet-S",
    inverter_models=("SG5.0RS", "SG10RT", "SG8.0RS"),
    storage_model="SH5.0RS",
    meter_model="DTSU666",
)

# Appendix 1 device types, by the world's device kinds; the plant itself is the virtual device 11.
DEVICE_TYPES = {"inverter": 1, "storage": 14, "meter": 7, "datalogger": 22}
PLANT_TYPE = 11
TYPE_NAMES = {1: "Inverter", 7: "Meter", 11: "Plant", 14: "Energy Storage System", 22: "Communication Module"}


def has_battery(rng: random.Random) -> bool:
    return rng.random() < BATTERY_SHARE


def credentials(rng: random.Random, fake: Faker) -> dict[str, str]:
    """An app (appkey, access key), a second app the vendor made encryption-only, and the user."""
    identity = draw_identity(rng, fake)

    def alnum(n: int) -> str:
        return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))

    # Keyword order is draw order.
    return dict(  # noqa: C408 - keyword order is the order of the draws
        appkey=identity.appkey,
        access_key=alnum(32),
        encrypted_appkey="".join(rng.choice("0123456789ABCDEF") for _ in range(32)),
        encrypted_access_key=alnum(32),
        user_account=identity.user_account,
        user_password=identity.user_password,
        user_id=str(rng.randrange(1_000_000, 9_999_999)),  # a 40-character token (1.3 (6))
        user_name=fake.name(),
        org_id=str(rng.randrange(10_000_000, 99_999_999)),
        mobile_tel=fake.msisdn()[:11],
    )


LAYOUT = FleetLayout(devices=TOPOLOGY.devices, has_battery=has_battery, credentials=credentials)
