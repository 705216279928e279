"""RemoteDispatch: the battery follows the command for its duration, then its own schedule again.

ActivePower is 1 W/bit with offset 32000, below charging, above discharging; SOC is 0.4 %/bit; ControlMode
1 charges from PV only, 2 drives the state of charge, 3 follows the load (alphaess-ras-v2 7). The command
ends by itself after 90 seconds (alphaess-ras-v2 7) on the simulated clock; Status 0 ends it at once.
Without Sn the command goes to every system of the caller (spec RemoteDispatch note). A system that is
offline stores the command but its battery cannot receive it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.physics import BatteryCommand, CommandMode
from solarfakes.simulators.vendors.rasv2.backend import Dispatch, ras, system_sn
from solarfakes.simulators.vendors.rasv2.systems import chosen_systems

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

DURATION = timedelta(seconds=90)
POWER_OFFSET = 32_000
SOC_PCT_PER_BIT = 0.4
MODES: dict[int, CommandMode] = {1: "pv_charge", 2: "to_soc", 3: "follow_load"}


def remote_dispatch(call: RoutedCall, sim: Simulator) -> None:
    backend = ras(sim)
    if not backend.systems_of(call.account.name):
        # The permission step comes before the Sn checks here (spec RemoteDispatch note).
        raise VendorError(15, diagnostics={"problem": "this user has no systems to dispatch"})
    now = call.now
    for plant in chosen_systems(call, sim):
        sn = system_sn(plant)
        held = backend.dispatches.setdefault(sn, [])
        held[:] = [d if d.end <= now else Dispatch(d.start, now, d.active_power, d.soc, d.control_mode) for d in held]
        plant.stop_battery_commands(now)
        if int(call.args["Status"]) != 1:
            continue
        active_power, soc, mode = int(call.args["ActivePower"]), float(call.args["SOC"]), int(call.args["ControlMode"])
        held.append(Dispatch(now, now + DURATION, active_power, soc, mode))
        if plant.online:
            target = min(max(soc * SOC_PCT_PER_BIT, 0.0), 100.0)
            command = BatteryCommand(now, now + DURATION, MODES[mode], float(active_power - POWER_OFFSET), target)
            plant.command_battery(command)
