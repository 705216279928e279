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
    eids = [ecu.eid for ecu in system.ecus]
    meters = {id(ecu) for ecu in system.meter_ecus()}
    return {
        "sid": system.sid,
        "ecu_ids": eids,
        "meter_ids": [eid for ecu, eid in zip(system.ecus, eids, strict=True) if id(ecu) in meters],
        "inverter_ids": [inverter.sn for inverter in system.inverters()],
        "create_date": plant.commissioned.isoformat(),
        "timezone": plant.timezone,
        "online": plant.online,
    }


def credentials(sim: Simulator, account: Account) -> dict[str, Any]:
    systems = list(aps(sim).systems.values())
    own = [s for s in systems if s.account == account.name]
    others = [s for s in systems if s.account != account.name]
    # The account's ids are taken from its systems' views, so each is one string wherever it is listed: a
    # device's serial is made when asked (world.Device), and made per list the view of 10,000 systems
    # held 18 MB rather than 12.
    views = [system_view(s) for s in own]
    return {
        "app_id": account.credentials["app_id"],
        "app_secret": account.credentials["app_secret"],
        "system_ids": [view["sid"] for view in views],
        "ecu_ids": [eid for view in views for eid in view["ecu_ids"]],
        "inverter_ids": [sn for view in views for sn in view["inverter_ids"]],
        "meter_ids": [eid for view in views for eid in view["meter_ids"]],
        "systems": views,
        "offline_system_ids": [view["sid"] for view in views if not view["online"]],
        "systems_without_meter": [view["sid"] for view in views if not view["meter_ids"]],
        "other_account_system_ids": [s.sid for s in others],
        "other_account_ecu_ids": [ecu.eid for s in others for ecu in s.ecus],
        "other_account_inverter_ids": [inverter.sn for s in others for inverter in s.inverters()],
    }
