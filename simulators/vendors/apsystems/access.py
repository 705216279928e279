"""Systems and their devices as the server finds them for an application account: a sid this account
may not see, or an ECU, meter or inverter id that is not one of that system's, is 2004 ("The application
account has no permission.", inferred in the spec); the journal says which."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.apsystems.backend import Ecu, System, aps
from solarfakes.simulators.world import Device

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def own_system(call: RoutedCall, sim: Simulator) -> System:
    sid = str(call.args.get("sid", ""))
    system = aps(sim).systems.get(sid)
    if system is None:
        raise VendorError(2004, diagnostics={"problem": f"no system {sid!r}"})
    if system.account != call.account.name:
        raise VendorError(2004, diagnostics={"problem": f"system {sid} is not bound to this application account"})
    return system


def own_ecu(call: RoutedCall, sim: Simulator) -> tuple[System, Ecu]:
    system = own_system(call, sim)
    eid = str(call.args.get("eid", ""))
    ecu = system.ecu(eid)
    if ecu is None:
        raise VendorError(2004, diagnostics={"problem": f"{eid!r} is no ECU of system {system.sid}"})
    return system, ecu


def own_meter_ecu(call: RoutedCall, sim: Simulator) -> tuple[System, Ecu]:
    system, ecu = own_ecu(call, sim)
    if ecu.meter is None:
        raise VendorError(2004, diagnostics={"problem": f"ECU {ecu.eid} of system {system.sid} has no meter"})
    return system, ecu


def own_inverter(call: RoutedCall, sim: Simulator) -> tuple[System, Device]:
    system = own_system(call, sim)
    uid = str(call.args.get("uid", ""))
    inverter = system.inverter(uid)
    if inverter is None:
        raise VendorError(2004, diagnostics={"problem": f"{uid!r} is no inverter of system {system.sid}"})
    return system, inverter
