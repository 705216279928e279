"""AlphaCloud systems as the server finds and checks them: exists, bound to this appId, online."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors.alphacloud.backend import alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.fleet import API
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def check_code(plant: Plant) -> str:
    """The CheckCode printed on the system's label, which getVerificationCode asks for."""
    return f"{int(unit_hash(plant.key, 'check-code') * 36**5):05X}"[:5]


def find_system(sim: Simulator, sn: str) -> Plant | None:
    """The system whose sysSn is ``sn``, found by the fleet's serial index, not a scan."""
    found = alpha(sim).world.plant_of_device(API, sn)
    if found is None or sys_sn(found[0]) != sn:
        return None
    return found[0]


def system(call: RoutedCall, sim: Simulator, *, unowned_code: int = 6005) -> Plant:
    """The system named by sysSn, checked as the server checks it: exists (6038), bound to this appId
    (6005; ``unowned_code`` for a system that has no end user, 6002 on the config calls)."""
    sn = str(call.args.get("sysSn", ""))
    plant = find_system(sim, sn)
    if plant is None:
        raise VendorError(6038, diagnostics={"problem": f"no system {sn!r}"})
    if sn not in alpha(sim).bound(call.account.name):
        code = unowned_code if plant.account == "" else 6005
        raise VendorError(code, diagnostics={"problem": f"{sn} is not bound to this appId"})
    return plant


def online_system(call: RoutedCall, sim: Simulator, *, unowned_code: int = 6005) -> Plant:
    """A system checked as ``system`` does, then online (6042): calls that reach the device itself."""
    plant = system(call, sim, unowned_code=unowned_code)
    if not plant.online:
        raise VendorError(6042, diagnostics={"problem": f"{sys_sn(plant)} is offline"})
    return plant


def history_day(call: RoutedCall, plant: Plant) -> date:
    """queryDate as a plant-local day. A date in the future is the server's 6026, as a bad date is;
    'tomorrow' for the plant may be today for a client further east, so it is an empty day instead."""
    day = as_date(str(call.args["queryDate"]))
    if day > plant.local_date(call.now) + timedelta(days=1):
        raise VendorError(6026, diagnostics={"problem": "queryDate is in the future"})
    return day
