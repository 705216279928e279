"""Growatt collectors (dataloggers): a plant's list, add from stock, delete, and label validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors.growatt.access import all_collectors, own_plant, own_user
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.fleet import COLLECTOR_MODEL, COLLECTOR_SN_LENGTH
from solarfakes.simulators.vendors.growatt.portal import portal_record
from solarfakes.simulators.vendors.growatt.users import empty_answer
from solarfakes.simulators.vendors.growatt.zones import local_now
from solarfakes.simulators.world import Device

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def check_code(sn: str) -> str:
    """The check code printed on a collector's label (valiCode)."""
    return f"{int(unit_hash('growatt-check', sn) * 36**6):06X}"[-6:]


def datalogger_list(call: RoutedCall, sim: Simulator) -> Page[Device]:
    plant = own_plant(call, sim, 10003)
    updated = local_now(plant, plant.now_slot(call.now).start)

    def row(logger: Device) -> dict[str, Any]:
        return {
            "sn": logger.sn,
            "manufacturer": "Growatt",
            "type": 1,
            "last_update_time": updated,
            "lost": not plant.online,
            "model": logger.model,
            "netmode": "wifi",
        }

    # Real answers carry the portal's record of the plant beside the list (not in the document).
    extra = {"peak_power_actual": portal_record(growatt(sim), plant, call.now)} if sim.profile == "observed" else {}
    return Page(plant.devices_of("datalogger"), render=row, extra=extra)


def datalogger_add(call: RoutedCall, sim: Simulator) -> Any:
    own_user(call, sim, 10005)
    plant = own_plant(call, sim, 10004)
    sn = str(call.args["sn"]).strip()
    if len(sn) != COLLECTOR_SN_LENGTH or not sn.isalnum():
        raise VendorError(10002, diagnostics={"problem": f"a collector SN has {COLLECTOR_SN_LENGTH} letters or digits"})
    if sn in all_collectors(sim):
        raise VendorError(10003)
    stock = growatt(sim).stock
    if sn in stock:
        stock.remove(sn)
    loggers = {d.sn for d in plant.devices_of("datalogger")}
    for device in plant.devices:
        if device.kind != "datalogger" and device.datalogger_sn not in loggers:
            device.datalogger_sn = sn  # devices without a collector report through the new one
    plant.devices.append(Device(sn, "datalogger", COLLECTOR_MODEL, plant.plant_id))
    growatt(sim).world.fleet(sim.api).changed()  # the fleet's serial index learns the new collector
    return empty_answer(sim)


def datalogger_delete(call: RoutedCall, sim: Simulator) -> Any:
    plant = own_plant(call, sim, 10003)
    sn = str(call.args["sn"]).strip()
    logger = next((d for d in plant.devices_of("datalogger") if d.sn == sn), None)
    if logger is None:
        raise VendorError(10004)
    plant.devices.remove(logger)
    # ASSUMPTION (the document says nothing of it): the devices that reported through the collector stay
    # on the plant with no collector, lost to the cloud until a collector is added (datalogger_add takes
    # them), and the collector is free to be added again, as one taken off a plant in reality is.
    for device in plant.devices:
        if device.datalogger_sn == sn:
            device.datalogger_sn = None
    backend = growatt(sim)
    if sn not in backend.stock:
        backend.stock.append(sn)
    backend.world.fleet(sim.api).changed()
    return empty_answer(sim)


def datalogger_validate(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    sn = str(call.args["datalogSn"]).strip()
    if len(sn) != COLLECTOR_SN_LENGTH:
        raise VendorError(10001)
    if str(call.args["valiCode"]).strip().upper() != check_code(sn):
        raise VendorError(10002)
    answer: dict[str, Any] = {"dataloggerSn": sn, "valiCode": check_code(sn)}
    plant = all_collectors(sim).get(sn)
    if plant is not None:
        if plant.account != call.account.name:
            raise VendorError(10003)
        answer |= {
            "plant_id": plant.plant_id,
            "user_id": growatt(sim).record(plant).c_user_id,
            "datalogger_sn": sn,
        }
    return answer
