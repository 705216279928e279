"""What a test or a user needs to call AlphaCloud as one account: appId, secret and systems to use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.alphacloud.backend import alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.systems import check_code
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    backend = alpha(sim)
    fleet = backend.fleet.values()
    bound_set = backend.bindings.get(account.name, set())
    bound = [sys_sn(p) for p in fleet if sys_sn(p) in bound_set]
    unbound = [p for p in fleet if sys_sn(p) not in bound_set and p.account != ""]
    return {
        "app_id": account.credentials["app_id"],
        "app_secret": account.credentials["app_secret"],
        "system_sns": bound,
        "offline_system_sns": [sys_sn(p) for p in fleet if not p.online and sys_sn(p) in bound_set],
        "bindable_systems": [{"sysSn": sys_sn(p), "checkCode": check_code(p)} for p in unbound],
        "verification_codes": {sn: sent.code for sn, sent in backend.verification.items()},
    }
