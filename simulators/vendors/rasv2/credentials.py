"""What a test or a user needs to call ras/v2 as one user, and to provoke each error naturally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.rasv2.backend import ras, system_sn
from solarfakes.simulators.world import Account
from solarfakes.specs.auth import SortedPairsAuth

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    backend = ras(sim)
    auth = sim.spec.auth
    assert isinstance(auth, SortedPairsAuth), "ras/v2 signs with md5_sorted_kv"
    mine = backend.systems_of(account.name)
    others = [p for p in backend.fleet.values() if p.account != account.name]
    return {
        "api_account": account.credentials["api_account"],
        "secret_key": account.credentials["secret_key"],
        "username": account.credentials["username"],
        "password": account.credentials["password"],
        "password_key_material": auth.password_cipher.key_material,
        "system_sns": [system_sn(p) for p in mine],
        "offline_system_sns": [system_sn(p) for p in mine if not p.online],
        "other_users_system_sns": [system_sn(p) for p in others],
    }
