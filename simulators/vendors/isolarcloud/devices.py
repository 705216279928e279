"""Device lists: under one plant (2.5) and under the user (2.13)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, isolar
from solarfakes.simulators.vendors.isolarcloud.fleet import PLANT_TYPE, TYPE_NAMES
from solarfakes.simulators.vendors.isolarcloud.plants import own_plant, own_plants

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

VIRTUAL_TYPES = {PLANT_TYPE, 3, 17}  # plant, grid-connection point, unit (2.5.3)
FACTORY = "SUNGROW"


def chosen(devices: list[IsoDevice], args: dict[str, Any]) -> list[IsoDevice]:
    virtual = str(args.get("is_virtual_unit") or "0") == "1"
    types = {str(t) for t in args.get("device_type_list") or []}
    rows = [d for d in devices if (d.device_type in VIRTUAL_TYPES) == virtual]
    if types:
        rows = [d for d in rows if str(d.device_type) in types]
    if str(args.get("rel_state") or "1") != "1":
        rows = []  # every device of the fleet is claimed
    return rows


def device_row(device: IsoDevice, firmware: bool, with_ps_id: bool) -> dict[str, Any]:
    logger = next((d for d in device.plant.devices if d.kind == "datalogger"), None)
    row: dict[str, Any] = {
        "ps_key": device.ps_key,
        "uuid": device.uuid,
        "type_name": TYPE_NAMES.get(device.device_type, ""),
        "factory_name": FACTORY,
        "device_model_code": device.device.model if device.device else "",
        "device_model_id": 100 + device.device_type,
        "device_name": device.name,
        "device_type": device.device_type,
        "device_code": device.device_code,
        "chnnl_id": device.chnnl_id,
        "rel_state": 1,
        "device_sn": device.sn,
        "communication_dev_sn": logger.sn if logger else None,
        "dev_status": "1" if device.plant.online else "0",
        "dev_fault_status": 4,
        "grid_connection_date": datetime.combine(device.plant.commissioned, datetime.min.time()),
    }
    if with_ps_id:
        row["ps_id"] = device.plant.plant_id
    if firmware and device.device is not None:
        model = device.device.model.replace(" ", "")
        row["firmware_version_info"] = {
            "lcd_version": f"LCD_{model}_V11_V01_A",
            "mdsp_version": f"MDSP_{model}_V11_V01_A",
        }
    return row


def device_list(call: RoutedCall, sim: Simulator) -> Page[IsoDevice]:
    plant = own_plant(call, sim, call.args["ps_id"])
    firmware = str(call.args.get("is_get_firmware_version")) == "1"
    rows = chosen(isolar(sim).devices_of(plant), call.args)
    return Page(rows, lambda d: device_row(d, firmware, sim.profile == "observed"))


def device_list_by_user(call: RoutedCall, sim: Simulator) -> Page[IsoDevice]:
    backend = isolar(sim)
    plants = [own_plant(call, sim, call.args["ps_id"])] if call.args.get("ps_id") else own_plants(call, sim)
    firmware = str(call.args.get("is_get_firmware_version")) == "1"
    rows = chosen([d for p in plants for d in backend.devices_of(p)], call.args)
    return Page(rows, lambda d: device_row(d, firmware, True))
