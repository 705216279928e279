"""inverterSet and storageSet: a validated setting is stored with the instant it was made, and shapes
the device's readings from then on (see readings.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.growatt.access import owned_device
from solarfakes.simulators.vendors.growatt.backend import growatt

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def write_setting(call: RoutedCall, sim: Simulator, sn_param: str, selector: str, values: list[str]) -> str:
    """Store a validated setting. An offline plant's device has dropped (10003); a device whose collector
    was deleted from the plant cannot be reached through it (10005, collector dropped)."""
    plant, device = owned_device(call, sim, sn_param, 10012, "inverter" if sn_param == "device_sn" else "storage")
    if not plant.online:
        raise VendorError(10003, diagnostics={"problem": f"{device.sn} is offline"})
    if device.datalogger_sn not in {d.sn for d in plant.devices_of("datalogger")}:
        raise VendorError(10005, diagnostics={"problem": f"{device.sn}'s collector {device.datalogger_sn} is gone"})
    cleaned = [str(call.args.get(v) or "").strip() for v in values]
    growatt(sim).write_setting(device.sn, str(call.args[selector]), call.now, cleaned)
    return ""


def inverter_set(call: RoutedCall, sim: Simulator) -> str:
    return write_setting(call, sim, "device_sn", "paramId", ["command_1", "command_2"])


def storage_set(call: RoutedCall, sim: Simulator) -> str:
    return write_setting(call, sim, "storage_sn", "type", ["param1", "param2", "param3", "param4"])
