"""Growatt OpenAPI v1 handlers by spec endpoint id.

The token's account is an installer ("business") account; its plants belong to end users
(``c_user_id``). Registration, plant add/modify/delete, collector add/delete and device settings are
real state changes, visible in every later read until ``reset``."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler, deferred_handlers

HANDLERS: dict[str, Handler] = deferred_handlers(
    __name__,
    {
        "user_user_register": "users.user_register",
        "user_check_user": "users.check_user",
        "user_modify": "users.user_modify",
        "user_c_user_list": "users.user_list",
        "plant_list": "plants.plant_list",
        "plant_modify": "plants.plant_modify",
        "plant_delete": "plants.plant_delete",
        "plant_details": "plants.plant_details",
        "plant_data": "energy.plant_data",
        "plant_energy": "energy.plant_energy",
        "plant_power": "energy.plant_power",
        "plant_add": "plants.plant_add",
        "plant_user_plant_list": "plants.user_plant_list",
        "device_datalogger_list": "collectors.datalogger_list",
        "device_datalogger_add": "collectors.datalogger_add",
        "device_datalogger_delete": "collectors.datalogger_delete",
        "device_datalogger_validate": "collectors.datalogger_validate",
        "device_list": "devices.device_list",
        "device_inverter_data": "inverters.inverter_history",
        "device_inverter_alarm": "inverters.inverter_alarms",
        "inverterSet": "settings.inverter_set",
        "storageSet": "settings.storage_set",
        "device_inverter_last_new_data": "inverters.last_new_data",
        "device_inverter_invs_data": "inverters.invs_data",
        "device_inverter_inv_data_info": "inverters.inv_data_info",
        "device_storage_alarm_data": "storage.storage_alarms",
        "device_storage_storage_last_data": "storage.storage_last_data",
        "device_storage_storage_data": "storage.storage_history",
        "device_tlx_tlx_last_data": "inverters.tlx_last_data",
    },
)
