"""The seeded identity of an account, from which each vendor takes the credentials its API uses.

Every account draws the same sequence of values whatever its vendor, so one seed gives the same
credentials it gave before vendors had packages of their own, and the draws that follow (serials of
collectors in stock, end users' names) stay the same too. A vendor keeps only its own fields."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker


@dataclass(frozen=True)
class Identity:
    token: str  # Growatt's API token
    app_id: str  # AlphaCloud's appId and appSecret
    app_secret: str
    api_account: str  # AlphaESS ras/v2 api account, secret key, user name and password
    secret_key: str
    username: str
    password: str
    appkey: str  # iSolarCloud appkey, access key, user account and password
    access_key: str
    user_account: str
    user_password: str
    user_id: str  # APsystems


def draw_identity(rng: random.Random, fake: Faker) -> Identity:
    def hexes(n: int) -> str:
        return "".join(rng.choice("0123456789abcdef") for _ in range(n))

    # Keyword arguments are evaluated in the order written: this is the order of the draws.
    return Identity(
        token=hexes(32),
        app_id="alpha" + hexes(15),
        app_secret=hexes(32),
        api_account="api" + hexes(8),
        secret_key=hexes(32),
        username=fake.user_name(),
        password=fake.password(length=12),
        appkey=hexes(32).upper(),
        access_key=hexes(32),
        user_account=fake.email(),
        user_password=fake.password(length=12),
        user_id=str(rng.randrange(100000, 999999)),
    )
