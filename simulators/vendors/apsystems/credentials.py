"""What a test or a user needs to call APsystems as one application account: App Id and Secret, the ids
of its systems and devices, and ids that provoke each error naturally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.vendors.apsystems.backend import System, aps
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def system_view(system: System) -> dict[str, Any]:
    """One system with its devices, so a test can pick the case it needs (an offline one, one without meter)."""
    plant = system.plant
    return {
        "sid": system.sid,
        "ecu_ids": [ecu.eid for ecu in system.ecus],
        "meter_ids": [ecu.eid for ecu in system.meter_ecus()],
        "inverter_ids": [inverter.sn for inverter in system.inverters()],
        "create_date": plant.commissioned.isoformat(),
        "timezone": plant.timezone,
        "online": plant.online,
    }


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    systems = list(aps(sim).systems.values())
    own = [s for s in systems if s.account == account.name]
    others = [s for s in systems if s.account != account.name]
    return {
        "app_id": account.credentials["app_id"],
        "app_secret": account.credentials["app_secret"],
        "system_ids": [s.sid for s in own],
        "ecu_ids": [ecu.eid for s in own for ecu in s.ecus],
        "inverter_ids": [inverter.sn for s in own for inverter in s.inverters()],
        "meter_ids": [ecu.eid for s in own for ecu in s.meter_ecus()],
        "systems": [system_view(s) for s in own],
        "offline_system_ids": [s.sid for s in own if not s.plant.online],
        "systems_without_meter": [s.sid for s in own if not s.meter_ecus()],
        "other_account_system_ids": [s.sid for s in others],
        "other_account_ecu_ids": [ecu.eid for s in others for ecu in s.ecus],
        "other_account_inverter_ids": [inverter.sn for s in others for inverter in s.inverters()],
    }
