"""What a test or a user needs to call Growatt as one account: the token and the ids to call with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.collectors import check_code
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    backend = growatt(sim)
    fleet = backend.fleet
    plants = [p for p in fleet.values() if p.account == account.name]
    users = backend.users_of(account.name)
    return {
        "token": account.credentials["token"],
        "plant_ids": [p.plant_id for p in plants],
        "device_sns": [d.sn for p in plants for d in p.devices if d.kind in ("inverter", "storage")],
        "storage_sns": [d.sn for p in plants for d in p.devices_of("storage")],
        "datalogger_sns": [d.sn for p in plants for d in p.devices_of("datalogger")],
        "c_user_ids": [u.c_user_id for u in users],
        "c_user_names": [u.name for u in users],
        "offline_plant_ids": [p.plant_id for p in plants if not p.online],
        "free_dataloggers": [{"sn": sn, "valiCode": check_code(sn)} for sn in backend.stock],
        "other_account_plant_ids": [p.plant_id for p in fleet.values() if p.account not in ("", account.name)],
    }
