"""iSolarCloud handlers by spec endpoint id."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Handler, deferred_handlers

HANDLERS: dict[str, Handler] = deferred_handlers(
    __name__,
    {
        "login": "login.login",
        "getOpenApiCallInfo": "quota.call_info",
        "getPowerStationList": "plants.plant_list",
        "getPowerStationDetail": "plants.plant_detail",
        "getDeviceList": "devices.device_list",
        "getPVInverterRealTimeData": "realtime.pv_inverter_realtime",
        "getDevicePointMinuteDataList": "history.minute_data",
        "getDevicePointsDayMonthYearDataList": "history.day_month_year_data",
        "getFaultAlarmInfo": "faults.fault_alarms",
        "getOpenPointInfo": "catalogue.open_points",
        "getDevPropertyPointValue": "catalogue.property_values",
        "getCommunicationDevInfoByDevSn": "plants.communication_device",
        "getDeviceListByUser": "devices.device_list_by_user",
        "getDeviceRealTimeData": "realtime.device_realtime",
        "apiManage_token": "oauth.token",
        "apiManage_refreshToken": "oauth.refresh_token",
        "platform_queryPowerStationList": "platform.plants",
        "platform_getPowerStationDetail": "platform.plant_details",
        "platform_getDeviceListByPsId": "platform.devices",
        "platform_getPowerStationRealTimeData": "platform.plant_realtime",
        "platform_getPowerStationPointMinuteDataList": "platform.plant_minutes",
        "platform_getDeviceRealTimeData": "platform.device_realtime",
        "platform_getOpenPointInfo": "catalogue.open_points",
        "platform_getDevPropertyPointValue": "catalogue.property_values",
        "platform_paramSettingCheck": "control.check",
        "platform_paramSetting": "control.setting",
        "platform_getParamSettingTask": "control.task_status",
    },
)
