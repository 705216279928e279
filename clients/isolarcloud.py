"""Reference client of SUNGROW iSolarCloud Open API (isolarcloud), typed: written by solarfakes.clients.generate
from specs/isolarcloud.yaml. Do not edit; regenerate with ``python -m solarfakes.clients.generate``.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, Required, TypedDict, cast

from solarfakes.clients.shells import AsyncClient, Client

__all__ = ["AsyncISolarCloudClient", "ISolarCloudClient"]


class LoginResult(TypedDict, total=False):
    login_state: Required[str]
    token: str
    user_id: str
    user_name: str
    language: str
    user_account: str
    mobile_tel: str
    email: str
    err_times: str
    remain_times: str
    disable_time: str | None
    user_master_org_id: str
    user_master_org_name: str
    country_name: str
    country_id: str


class GetOpenApiCallInfoResultPerHourAccessTimesConfigItem(TypedDict, total=False):
    hour: str
    max_call_times: str


class GetOpenApiCallInfoResultPerHourResidueTimesItem(TypedDict, total=False):
    hour: str
    times: str


class GetOpenApiCallInfoResult(TypedDict, total=False):
    per_hour_access_times_config: list[GetOpenApiCallInfoResultPerHourAccessTimesConfigItem]
    per_day_access_times_config: str
    per_hour_residue_times: list[GetOpenApiCallInfoResultPerHourResidueTimesItem]
    today_accessed_times: str
    curr_hour_accessed_times: str


class GetPowerStationListResultPageListItemTotalEnergy(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemTodayEnergy(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemCurrPower(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemTodayIncome(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemTotalIncome(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemCo2Reduce(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemCo2ReduceTotal(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemTotalCapcity(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItemEquivalentHour(TypedDict, total=False):
    unit: str
    value: str | None


class GetPowerStationListResultPageListItem(TypedDict, total=False):
    ps_id: Required[int]
    ps_name: Required[str]
    share_type: str
    ps_type: int
    valid_flag: int
    install_date: str
    ps_current_time_zone: str
    ps_location: str
    description: str | None
    longitude: float
    latitude: float
    fault_count: int
    alarm_count: int
    ps_status: int
    ps_fault_status: int
    build_status: int
    connect_type: int
    total_energy_update_time: str
    today_energy_update_time: str
    cur_power_update_time: str
    curr_power_update_time: str
    today_income_update_time: str
    total_income_update_time: str
    co2_reduce_update_time: str
    co2_reduce_total_update_time: str
    total_capcity_update_time: str
    equivalent_hour_update_time: str
    total_energy: GetPowerStationListResultPageListItemTotalEnergy
    today_energy: GetPowerStationListResultPageListItemTodayEnergy
    curr_power: GetPowerStationListResultPageListItemCurrPower
    today_income: GetPowerStationListResultPageListItemTodayIncome
    total_income: GetPowerStationListResultPageListItemTotalIncome
    co2_reduce: GetPowerStationListResultPageListItemCo2Reduce
    co2_reduce_total: GetPowerStationListResultPageListItemCo2ReduceTotal
    total_capcity: GetPowerStationListResultPageListItemTotalCapcity
    equivalent_hour: GetPowerStationListResultPageListItemEquivalentHour
    online_status: int
    grid_connection_status: int
    update_time: str
    grid_connection_time: int | None


class GetPowerStationListResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[GetPowerStationListResultPageListItem]]


class GetPowerStationDetailResultCommunicationDevDetailListItem(TypedDict, total=False):
    sn: str
    is_enable: int


class GetPowerStationDetailResult(TypedDict, total=False):
    ps_name: Required[str]
    ps_id: Required[int]
    ps_type: int
    ps_type_name: str
    ps_key: str
    ps_current_time_zone: str
    ps_location: str
    longitude: float
    latitude: float
    design_capacity: float
    build_status: int
    connect_type: int
    install_date: str
    user_moble_tel: str | None
    email: str | None
    description: str | None
    ps_price: str | None
    ps_price_kwh: str | None
    param_income_unit_name: str
    share_type: str
    share_user_type: int | None
    fault_count: int
    alarm_count: int
    ps_status: int
    ps_fault_status: int
    communication_dev_detail_list: list[GetPowerStationDetailResultCommunicationDevDetailListItem]


class GetDeviceListResultPageListItemFirmwareVersionInfo(TypedDict, total=False):
    lcd_version: str
    mdsp_version: str
    sdsp_version: str
    pvd_version: str
    cpld_version: str
    temp_version: str
    battery_version: str
    m_version: str
    system_version: str


class GetDeviceListResultPageListItem(TypedDict, total=False):
    ps_key: Required[str]
    uuid: Required[int]
    type_name: str
    factory_name: str
    device_model_code: str
    device_model_id: int
    device_name: str
    device_type: Required[int]
    device_code: int
    chnnl_id: int
    rel_state: int
    device_sn: str | None
    communication_dev_sn: str | None
    dev_status: str
    dev_fault_status: int
    firmware_version_info: GetDeviceListResultPageListItemFirmwareVersionInfo
    ps_id: int
    grid_connection_date: str


class GetDeviceListResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[GetDeviceListResultPageListItem]]


class GetPVInverterRealTimeDataResultDevicePointListItemDevicePoint(TypedDict, total=False):
    device_name: str
    device_time: str
    ps_id: int
    ps_key: str
    uuid: int
    dev_status: int
    dev_fault_status: int
    device_sn: str | None
    communication_dev_sn: str | None
    p14: str | None
    p24: str | None
    p1: str | None
    p2: str | None
    p15: str | None
    p16: str | None
    p17: str | None
    p18: str | None
    p21: str | None
    p19: str | None
    p22: str | None
    p20: str | None
    p23: str | None
    p27: str | None
    p4: str | None
    p5: str | None
    p7: str | None
    p9: str | None
    p45: str | None
    p47: str | None
    p49: str | None
    p51: str | None
    p53: str | None
    p55: str | None
    p57: str | None
    p6: str | None
    p8: str | None
    p10: str | None
    p46: str | None
    p48: str | None
    p50: str | None
    p52: str | None
    p54: str | None
    p56: str | None
    p58: str | None
    p25: str | None
    p26: str | None
    p43: str | None
    p70: str | None
    p71: str | None
    p72: str | None
    p73: str | None
    p74: str | None
    p75: str | None
    p76: str | None
    p77: str | None
    p78: str | None
    p79: str | None
    p87: str | None
    p88: str | None
    p96: str | None
    p97: str | None
    p98: str | None
    p99: str | None
    p100: str | None
    p101: str | None
    p102: str | None
    p103: str | None
    p104: str | None
    p105: str | None
    p304: str | None


class GetPVInverterRealTimeDataResultDevicePointListItem(TypedDict, total=False):
    device_point: GetPVInverterRealTimeDataResultDevicePointListItemDevicePoint


class GetPVInverterRealTimeDataResult(TypedDict, total=False):
    fail_sn_list: list[str]
    device_point_list: list[GetPVInverterRealTimeDataResultDevicePointListItem]


class GetFaultAlarmInfoResultPageListItem(TypedDict, total=False):
    ps_id: int
    ps_key: str
    fault_code: str
    fault_type_code: int
    fault_type: int
    fault_level: int
    process_status: int
    fault_name: str
    fault_desc: str
    type_name: str
    ps_name: str
    device_name: str
    device_model_code: str
    uuid: int
    create_time: str
    over_time: str


class GetFaultAlarmInfoResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[GetFaultAlarmInfoResultPageListItem]]


class GetOpenPointInfoResultPageListItem(TypedDict, total=False):
    point_id: int
    point_name: str
    device_type: int
    open_point_remark: str | None
    show_unit: str | None
    storage_unit: str | None


class GetOpenPointInfoResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[GetOpenPointInfoResultPageListItem]]


class GetDevPropertyPointValueResultPropertyPointValueListItem(TypedDict, total=False):
    uuid: int
    device_type: int
    ps_key: str
    property_code: str
    property_value: str
    unit: str


class GetDevPropertyPointValueResult(TypedDict, total=False):
    code: str
    property_point_value_list: list[GetDevPropertyPointValueResultPropertyPointValueListItem]


class GetCommunicationDevInfoByDevSnResult(TypedDict, total=False):
    ps_id: int
    ps_name: str
    ps_key: str
    uuid: int
    sn: str
    device_model_code: str


class GetDeviceListByUserResultPageListItemFirmwareVersionInfo(TypedDict, total=False):
    lcd_version: str
    mdsp_version: str
    sdsp_version: str
    pvd_version: str
    cpld_version: str
    temp_version: str
    battery_version: str
    m_version: str
    system_version: str


class GetDeviceListByUserResultPageListItem(TypedDict, total=False):
    ps_id: int
    ps_key: Required[str]
    uuid: Required[int]
    type_name: str
    factory_name: str
    device_model_code: str
    device_model_id: int
    device_name: str
    device_type: Required[int]
    device_code: int
    chnnl_id: int
    rel_state: int
    device_sn: str | None
    communication_dev_sn: str | None
    dev_status: str
    dev_fault_status: int
    grid_connection_date: str
    firmware_version_info: GetDeviceListByUserResultPageListItemFirmwareVersionInfo


class GetDeviceListByUserResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[GetDeviceListByUserResultPageListItem]]


class GetDeviceRealTimeDataResultDevicePointListItemDevicePoint(TypedDict, total=False):
    device_name: str
    device_time: str
    ps_id: int
    ps_key: str
    uuid: int
    dev_status: int
    dev_fault_status: int
    device_sn: str | None
    communication_dev_sn: str | None


class GetDeviceRealTimeDataResultDevicePointListItem(TypedDict, total=False):
    device_point: GetDeviceRealTimeDataResultDevicePointListItemDevicePoint


class GetDeviceRealTimeDataResult(TypedDict, total=False):
    fail_sn_list: list[str]
    fail_ps_key_list: list[str]
    device_point_list: list[GetDeviceRealTimeDataResultDevicePointListItem]


class ApiManageTokenResult(TypedDict, total=False):
    access_token: Required[str]
    token_type: str
    refresh_token: Required[str]
    expires_in: Required[int]
    auth_ps_list: list[str]
    auth_user: int


class ApiManageRefreshTokenResult(TypedDict, total=False):
    access_token: Required[str]
    refresh_token: str
    code: str
    token_type: str
    expires_in: Required[int]


class PlatformQueryPowerStationListResultPageListItemTotalEnergy(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemTodayEnergy(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemCurrPower(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemTodayIncome(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemTotalIncome(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemCo2Reduce(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemCo2ReduceTotal(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemTotalCapcity(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItemEquivalentHour(TypedDict, total=False):
    unit: str
    value: str | None


class PlatformQueryPowerStationListResultPageListItem(TypedDict, total=False):
    ps_id: Required[int]
    ps_name: Required[str]
    share_type: str
    ps_type: int
    valid_flag: int
    install_date: str
    ps_current_time_zone: str
    ps_location: str
    description: str | None
    longitude: float
    latitude: float
    fault_count: int
    alarm_count: int
    ps_status: int
    ps_fault_status: int
    build_status: int
    connect_type: int
    total_energy_update_time: str
    today_energy_update_time: str
    cur_power_update_time: str
    curr_power_update_time: str
    today_income_update_time: str
    total_income_update_time: str
    co2_reduce_update_time: str
    co2_reduce_total_update_time: str
    total_capcity_update_time: str
    equivalent_hour_update_time: str
    total_energy: PlatformQueryPowerStationListResultPageListItemTotalEnergy
    today_energy: PlatformQueryPowerStationListResultPageListItemTodayEnergy
    curr_power: PlatformQueryPowerStationListResultPageListItemCurrPower
    today_income: PlatformQueryPowerStationListResultPageListItemTodayIncome
    total_income: PlatformQueryPowerStationListResultPageListItemTotalIncome
    co2_reduce: PlatformQueryPowerStationListResultPageListItemCo2Reduce
    co2_reduce_total: PlatformQueryPowerStationListResultPageListItemCo2ReduceTotal
    total_capcity: PlatformQueryPowerStationListResultPageListItemTotalCapcity
    equivalent_hour: PlatformQueryPowerStationListResultPageListItemEquivalentHour
    online_status: int
    grid_connection_status: int
    update_time: str
    grid_connection_time: int | None


class PlatformQueryPowerStationListResult(TypedDict, total=False):
    pageList: Required[list[PlatformQueryPowerStationListResultPageListItem]]


class PlatformGetPowerStationDetailResultDataListItemCommunicationDevDetailListItem(TypedDict, total=False):
    sn: str
    is_enable: int


class PlatformGetPowerStationDetailResultDataListItem(TypedDict, total=False):
    ps_name: Required[str]
    ps_id: Required[int]
    ps_type: int
    ps_type_name: str
    ps_key: str
    ps_current_time_zone: str
    ps_location: str
    longitude: float
    latitude: float
    design_capacity: float
    build_status: int
    connect_type: int
    install_date: str
    user_moble_tel: str | None
    email: str | None
    description: str | None
    ps_price: str | None
    ps_price_kwh: str | None
    param_income_unit_name: str
    share_type: str
    share_user_type: int | None
    fault_count: int
    alarm_count: int
    ps_status: int
    ps_fault_status: int
    communication_dev_detail_list: list[PlatformGetPowerStationDetailResultDataListItemCommunicationDevDetailListItem]


class PlatformGetPowerStationDetailResult(TypedDict, total=False):
    data_list: Required[list[PlatformGetPowerStationDetailResultDataListItem]]


class PlatformGetDeviceListByPsIdResultPageListItemFirmwareVersionInfo(TypedDict, total=False):
    lcd_version: str
    mdsp_version: str
    sdsp_version: str
    pvd_version: str
    cpld_version: str
    temp_version: str
    battery_version: str
    m_version: str
    system_version: str


class PlatformGetDeviceListByPsIdResultPageListItem(TypedDict, total=False):
    ps_key: Required[str]
    uuid: Required[int]
    type_name: str
    factory_name: str
    device_model_code: str
    device_model_id: int
    device_name: str
    device_type: Required[int]
    device_code: int
    chnnl_id: int
    rel_state: int
    device_sn: str | None
    communication_dev_sn: str | None
    dev_status: str
    dev_fault_status: int
    firmware_version_info: PlatformGetDeviceListByPsIdResultPageListItemFirmwareVersionInfo
    ps_id: int
    grid_connection_date: str


class PlatformGetDeviceListByPsIdResult(TypedDict, total=False):
    pageList: Required[list[PlatformGetDeviceListByPsIdResultPageListItem]]


class PlatformGetPowerStationRealTimeDataResultPointDictItem(TypedDict, total=False):
    point_id: int | str
    point_name: str
    point_unit: str


class PlatformGetPowerStationRealTimeDataResultDevicePointListItem(TypedDict, total=False):
    ps_id: int | str


class PlatformGetPowerStationRealTimeDataResult(TypedDict, total=False):
    point_dict: list[PlatformGetPowerStationRealTimeDataResultPointDictItem]
    device_point_list: list[PlatformGetPowerStationRealTimeDataResultDevicePointListItem]


class PlatformGetPowerStationPointMinuteDataListResultPointDictItem(TypedDict, total=False):
    point_id: int | str
    point_name: str
    point_unit: str


class PlatformGetPowerStationPointMinuteDataListResult(TypedDict, total=False):
    point_dict: list[PlatformGetPowerStationPointMinuteDataListResultPointDictItem]


class PlatformGetDeviceRealTimeDataResultPointDictItem(TypedDict, total=False):
    point_id: int | str
    point_name: str
    point_unit: str


class PlatformGetDeviceRealTimeDataResultDevicePointListItemDevicePoint(TypedDict, total=False):
    device_name: str
    device_time: str
    ps_id: int
    ps_key: str
    uuid: int
    dev_status: int
    dev_fault_status: int
    device_sn: str | None
    communication_dev_sn: str | None


class PlatformGetDeviceRealTimeDataResultDevicePointListItem(TypedDict, total=False):
    device_point: PlatformGetDeviceRealTimeDataResultDevicePointListItemDevicePoint


class PlatformGetDeviceRealTimeDataResult(TypedDict, total=False):
    fail_ps_key_list: list[str]
    illegal_ps_key_list: list[str]
    point_dict: list[PlatformGetDeviceRealTimeDataResultPointDictItem]
    device_point_list: list[PlatformGetDeviceRealTimeDataResultDevicePointListItem]


class PlatformGetOpenPointInfoResultPageListItem(TypedDict, total=False):
    point_id: int
    point_name: str
    device_type: int
    open_point_remark: str | None
    show_unit: str | None
    storage_unit: str | None


class PlatformGetOpenPointInfoResult(TypedDict, total=False):
    rowCount: Required[int]
    pageList: Required[list[PlatformGetOpenPointInfoResultPageListItem]]


class PlatformGetDevPropertyPointValueResultPropertyPointValueListItem(TypedDict, total=False):
    uuid: int
    device_type: int
    ps_key: str
    property_code: str
    property_value: str
    unit: str


class PlatformGetDevPropertyPointValueResult(TypedDict, total=False):
    code: str
    property_point_value_list: list[PlatformGetDevPropertyPointValueResultPropertyPointValueListItem]


class PlatformParamSettingCheckResultDevResultListItem(TypedDict, total=False):
    uuid: int
    check_result: Required[str]


class PlatformParamSettingCheckResult(TypedDict, total=False):
    check_result: Required[str]
    dev_result_list: Required[list[PlatformParamSettingCheckResultDevResultListItem]]


class PlatformParamSettingResultDevResultListItem(TypedDict, total=False):
    uuid: int
    code: Required[str]
    task_id: str | None


class PlatformParamSettingResult(TypedDict, total=False):
    check_result: Required[str]
    dev_result_list: Required[list[PlatformParamSettingResultDevResultListItem]]


class PlatformGetParamSettingTaskResultParamListItem(TypedDict, total=False):
    param_code: Required[str]
    point_name: str
    set_value: str
    return_value: str | None
    unit: str
    set_precision: str
    set_val_name: str
    set_val_name_val: str


class PlatformGetParamSettingTaskResult(TypedDict, total=False):
    task_id: str
    uuid: int
    command_status: Required[int]
    param_list: Required[list[PlatformGetParamSettingTaskResultParamListItem]]


class ISolarCloudClient(Client):
    """Reference client of SUNGROW iSolarCloud Open API (isolarcloud), synchronous: one method per endpoint."""

    api = "isolarcloud"

    def login(self, *, lang: str | None = None, login_type: str | None = None) -> LoginResult:
        """POST /openapi/login: User login - authenticate with user account and password and acquire a token

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        login_type: Sent as "1" in the encrypted-call sample only; not in 2.1.3.
        """
        return cast("LoginResult", self.call("login", lang=lang, login_type=login_type))

    def getOpenApiCallInfo(self, *, lang: str | None = None) -> GetOpenApiCallInfoResult:
        """POST /openapi/getOpenApiCallInfo: Service access status - API calls of the day and hour against their
        maxima, for the appkey

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast("GetOpenApiCallInfoResult", self.call("getOpenApiCallInfo", lang=lang))

    def getPowerStationList(
        self,
        *,
        lang: str | None = None,
        ps_name: str | None = None,
        ps_type: str | None = None,
        valid_flag: str | None = None,
        org_id: str | None = None,
        curPage: int,
        size: int,
        share_type: str | None = None,
    ) -> GetPowerStationListResult:
        """POST /openapi/getPowerStationList: Query the plant list of the user, or by user organization ID

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_name: Plant name (fuzzy query)
        ps_type: Comma-separated plant types, all by default: 1 Utility PV, 3 Commercial PV, 4 Residential PV,
            5 Residential Storage, 6 Village-level, 7 Distributed Storage, 8 Poverty Reduction, 9 Wind
        valid_flag: Comma-separated plant status types: 1 Normal, 2 Disable, 3 Commissioning Unfinished;
            normal plants when missing
        org_id: user_master_org_id returned by login
        curPage: Page number. Typed String(11) in the table; the sample sends a JSON number, other samples
            strings - accept both.
        size: Page size. Typed String(6) in the table; the sample sends a JSON number. No maximum is
            documented.
        share_type: Comma-separated: 0 not shared (owner's plant), 1 shared browse permission, 2 shared
            administrative authority
        """
        return cast(
            "GetPowerStationListResult",
            self.call(
                "getPowerStationList",
                lang=lang,
                ps_name=ps_name,
                ps_type=ps_type,
                valid_flag=valid_flag,
                org_id=org_id,
                curPage=curPage,
                size=size,
                share_type=share_type,
            ),
        )

    def iter_getPowerStationList(
        self,
        *,
        lang: str | None = None,
        ps_name: str | None = None,
        ps_type: str | None = None,
        valid_flag: str | None = None,
        org_id: str | None = None,
        curPage: int | None = None,
        size: int | None = None,
        share_type: str | None = None,
    ) -> Iterator[GetPowerStationListResultPageListItem]:
        """Every item of getPowerStationList, page after page (pageList); page and size default to the spec's."""
        return cast(
            "Iterator[GetPowerStationListResultPageListItem]",
            self.paginate(
                "getPowerStationList",
                lang=lang,
                ps_name=ps_name,
                ps_type=ps_type,
                valid_flag=valid_flag,
                org_id=org_id,
                curPage=curPage,
                size=size,
                share_type=share_type,
            ),
        )

    def getPowerStationDetail(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        sn: str | None = None,
    ) -> GetPowerStationDetailResult:
        """POST /openapi/getPowerStationDetail: Get plant detail by plant ID (or by the SN of a communication
        device of the plant)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_id: Plant id. The table marks it required, but the sn row says sn can be used when ps_id is
            missing.
        sn: SN of a communication device of the plant, used when ps_id is missing
        """
        return cast("GetPowerStationDetailResult", self.call("getPowerStationDetail", lang=lang, ps_id=ps_id, sn=sn))

    def getDeviceList(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int,
        size: int,
    ) -> GetDeviceListResult:
        """POST /openapi/getDeviceList: Query the device list under a plant by plant ID

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        is_virtual_unit: 1 virtual devices (plant, grid-connection point, unit), 0 physical devices
        device_type_list: Device type codes (Appendix 1), e.g. ["1"]; all types when empty. 11 plant, 1
            inverter, 3 grid-connection point, 17 unit
        rel_state: Device claim status: 0 not claimed, 1 claimed
        is_get_firmware_version: 1: include firmware_version_info
        curPage: Page number; String(32) in the table, strings in the sample - accept both
        size: Page size; String(32) in the table; no maximum documented
        """
        return cast(
            "GetDeviceListResult",
            self.call(
                "getDeviceList",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getDeviceList(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> Iterator[GetDeviceListResultPageListItem]:
        """Every item of getDeviceList, page after page (pageList); page and size default to the spec's."""
        return cast(
            "Iterator[GetDeviceListResultPageListItem]",
            self.paginate(
                "getDeviceList",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def getPVInverterRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str] | None = None,
        sn_list: list[str] | None = None,
    ) -> GetPVInverterRealTimeDataResult:
        """POST /openapi/getPVInverterRealTimeData: Query PV inverter real-time point data by ps_key or SN, in
        base units

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: List of device ps_key
        sn_list: List of PV inverter SN, used when ps_key_list is missing
        """
        return cast(
            "GetPVInverterRealTimeDataResult",
            self.call("getPVInverterRealTimeData", lang=lang, ps_key_list=ps_key_list, sn_list=sn_list),
        )

    def getDevicePointMinuteDataList(
        self,
        *,
        lang: str | None = None,
        points: str,
        ps_key_list: list[str],
        start_time_stamp: str,
        end_time_stamp: str,
        minute_interval: str | None = None,
    ) -> dict[str, Any]:
        """POST /openapi/getDevicePointMinuteDataList: Query device point data in minutes for several devices of
        the same type, at most 3 hours

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        points: Comma-separated point IDs such as p1,p2 (getOpenPointInfo); fewer than 50 per request (2.7.1).
            The table's Length 32 is not enforced: 49 points do not fit in 32 characters.
        ps_key_list: Device ps_keys of devices of the same type; at most 50 devices
        minute_interval: Interval in minutes, e.g. 15; every 5 minutes when missing or empty
        """
        return cast(
            "dict[str, Any]",
            self.call(
                "getDevicePointMinuteDataList",
                lang=lang,
                points=points,
                ps_key_list=ps_key_list,
                start_time_stamp=start_time_stamp,
                end_time_stamp=end_time_stamp,
                minute_interval=minute_interval,
            ),
        )

    def getDevicePointsDayMonthYearDataList(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str],
        data_point: str,
        start_time: str,
        end_time: str,
        data_type: str,
        order: Literal["0", "1"] | None = None,
        query_type: Literal["1", "2", "3"],
    ) -> dict[str, Any]:
        """POST /openapi/getDevicePointsDayMonthYearDataList: Query device point data in days, months or years
        for several devices of the same type

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: Device ps_keys of the same type, at most 50; a plant's ps_key is <ps_id>_11_0_0. The
            table types it String(32); the sample sends a list.
        data_point: Comma-separated points, e.g. p1 (inverter daily yield, Wh), p2 (total yield, Wh), p24
            (active power, W)
        start_time: yyyyMMdd when query_type is 1, yyyyMM when 2, yyyy when 3
        end_time: yyyyMMdd when query_type is 1, yyyyMM when 2, yyyy when 3
        data_type: Comma-separated: 1 average, 2 peak, 3 valley, 4 total (day data has no total). For summable
            data: 2 for days, 4 for months and years.
        order: 1 reverse order, 0 chronological
        query_type: 1 day data, 2 month data, 3 year data
        """
        return cast(
            "dict[str, Any]",
            self.call(
                "getDevicePointsDayMonthYearDataList",
                lang=lang,
                ps_key_list=ps_key_list,
                data_point=data_point,
                start_time=start_time,
                end_time=end_time,
                data_type=data_type,
                order=order,
                query_type=query_type,
            ),
        )

    def getFaultAlarmInfo(
        self,
        *,
        lang: str | None = None,
        fault_code: str | None = None,
        fault_name: str | None = None,
        startTime: str | None = None,
        endTime: str | None = None,
        process_status: Literal["8", "9"] | None = None,
        fault_type: str | None = None,
        fault_level: str | None = None,
        ps_id: str | None = None,
        ps_key: str | None = None,
        share_type: str | None = None,
        curPage: int,
        size: int,
    ) -> GetFaultAlarmInfoResult:
        """POST /openapi/getFaultAlarmInfo: Query device fault and alarm information

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        fault_code: Fault unique identifier
        fault_name: Fault name (fuzzy query)
        startTime: Start time; may be empty. With startTime and endTime missing, the current month is queried.
            (The sample sends "2020-11-27 00:00", contradicting the table's yyyyMMddHHmm.)
        endTime: End time; may be empty
        process_status: 8 active, 9 closed; unclosed faults when empty
        fault_type: Comma-separated: 1 fault, 2 alarm, 3 prompt, 4 advice
        fault_level: Comma-separated: 1 important, 2 secondary, 3 general, 4 slight
        share_type: Comma-separated: 0 not shared (owner's plant), 1 shared browse permission, 2 shared
            administrative authority
        curPage: int in this table (String elsewhere); the sample sends "1"
        size: int in this table; no maximum documented
        """
        return cast(
            "GetFaultAlarmInfoResult",
            self.call(
                "getFaultAlarmInfo",
                lang=lang,
                fault_code=fault_code,
                fault_name=fault_name,
                startTime=startTime,
                endTime=endTime,
                process_status=process_status,
                fault_type=fault_type,
                fault_level=fault_level,
                ps_id=ps_id,
                ps_key=ps_key,
                share_type=share_type,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getFaultAlarmInfo(
        self,
        *,
        lang: str | None = None,
        fault_code: str | None = None,
        fault_name: str | None = None,
        startTime: str | None = None,
        endTime: str | None = None,
        process_status: Literal["8", "9"] | None = None,
        fault_type: str | None = None,
        fault_level: str | None = None,
        ps_id: str | None = None,
        ps_key: str | None = None,
        share_type: str | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> Iterator[GetFaultAlarmInfoResultPageListItem]:
        """Every item of getFaultAlarmInfo, page after page (pageList); page and size default to the spec's."""
        return cast(
            "Iterator[GetFaultAlarmInfoResultPageListItem]",
            self.paginate(
                "getFaultAlarmInfo",
                lang=lang,
                fault_code=fault_code,
                fault_name=fault_name,
                startTime=startTime,
                endTime=endTime,
                process_status=process_status,
                fault_type=fault_type,
                fault_level=fault_level,
                ps_id=ps_id,
                ps_key=ps_key,
                share_type=share_type,
                curPage=curPage,
                size=size,
            ),
        )

    def getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int,
        curPage: int,
        device_model_id: str | None = None,
    ) -> GetOpenPointInfoResult:
        """POST /openapi/getOpenPointInfo: Query the open remote-signalling, telemetry and property points of a
        device type

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        device_type: Device type (Appendix 1)
        type: Point type: 1 remote signalling, 2 telemetry, 5 property
        size: Page size; String(11) in the table
        curPage: Page number; String(11) in the table
        device_model_id: For telemetry points: only the points this device model supports; all points of the
            type when missing
        """
        return cast(
            "GetOpenPointInfoResult",
            self.call(
                "getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def iter_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int | None = None,
        curPage: int | None = None,
        device_model_id: str | None = None,
    ) -> Iterator[GetOpenPointInfoResultPageListItem]:
        """Every item of getOpenPointInfo, page after page (pageList); page and size default to the spec's."""
        return cast(
            "Iterator[GetOpenPointInfoResultPageListItem]",
            self.paginate(
                "getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def getDevPropertyPointValue(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        device_type: str,
        ps_key_list: list[str],
        point_id_list: list[str],
    ) -> GetDevPropertyPointValueResult:
        """POST /openapi/getDevPropertyPointValue: Query property point values of several devices of one type
        under one plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        point_id_list: Property point ids, e.g. 13258 battery capacity (lithium), 13261 battery capacity
            (lead-acid)
        """
        return cast(
            "GetDevPropertyPointValueResult",
            self.call(
                "getDevPropertyPointValue",
                lang=lang,
                ps_id=ps_id,
                device_type=device_type,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
            ),
        )

    def getCommunicationDevInfoByDevSn(
        self,
        *,
        lang: str | None = None,
        dev_sn: str,
    ) -> GetCommunicationDevInfoByDevSnResult:
        """POST /openapi/getCommunicationDevInfoByDevSn: Query the communication device corresponding to a device
        SN

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast(
            "GetCommunicationDevInfoByDevSnResult",
            self.call("getCommunicationDevInfoByDevSn", lang=lang, dev_sn=dev_sn),
        )

    def getDeviceListByUser(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int,
        size: int,
    ) -> GetDeviceListByUserResult:
        """POST /openapi/getDeviceListByUser: Query the device list under the user

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        device_type_list: Device type codes (Appendix 1)
        curPage: String(32) in the table
        size: String(32) in the table; no maximum documented
        """
        return cast(
            "GetDeviceListByUserResult",
            self.call(
                "getDeviceListByUser",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getDeviceListByUser(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> Iterator[GetDeviceListByUserResultPageListItem]:
        """Every item of getDeviceListByUser, page after page (pageList); page and size default to the spec's."""
        return cast(
            "Iterator[GetDeviceListByUserResultPageListItem]",
            self.paginate(
                "getDeviceListByUser",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def getDeviceRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str] | None = None,
        sn_list: list[str] | None = None,
        point_id_list: list[str],
        device_type: str,
    ) -> GetDeviceRealTimeDataResult:
        """POST /openapi/getDeviceRealTimeData: Query device real-time point data by ps_key or SN, in base units

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: ps_keys of devices of one type
        sn_list: SNs of devices of one type
        point_id_list: Point ids, e.g. ["1", "2"]
        device_type: Device type code (Appendix 1)
        """
        return cast(
            "GetDeviceRealTimeDataResult",
            self.call(
                "getDeviceRealTimeData",
                lang=lang,
                ps_key_list=ps_key_list,
                sn_list=sn_list,
                point_id_list=point_id_list,
                device_type=device_type,
            ),
        )

    def apiManage_token(self, *, code: str, redirect_uri: str) -> ApiManageTokenResult:
        """POST /openapi/apiManage/token: Exchange an OAuth2 authorization code for access and refresh tokens

        code: Authorization code from the web3 authorized-app redirect
        """
        return cast("ApiManageTokenResult", self.call("apiManage_token", code=code, redirect_uri=redirect_uri))

    def apiManage_refreshToken(self) -> ApiManageRefreshTokenResult:
        """POST /openapi/apiManage/refreshToken: Refresh the OAuth2 access token with a refresh token"""
        return cast("ApiManageRefreshTokenResult", self.call("apiManage_refreshToken"))

    def platform_queryPowerStationList(
        self,
        *,
        lang: str | None = None,
        page: int,
        size: int,
    ) -> PlatformQueryPowerStationListResult:
        """POST /openapi/platform/queryPowerStationList: OAuth2 variant - list the plants the user authorised

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        size: Clients send 10 or 100; no maximum is known
        """
        return cast(
            "PlatformQueryPowerStationListResult",
            self.call("platform_queryPowerStationList", lang=lang, page=page, size=size),
        )

    def iter_platform_queryPowerStationList(
        self,
        *,
        lang: str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> Iterator[PlatformQueryPowerStationListResultPageListItem]:
        """Every item of platform_queryPowerStationList, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[PlatformQueryPowerStationListResultPageListItem]",
            self.paginate("platform_queryPowerStationList", lang=lang, page=page, size=size),
        )

    def platform_getPowerStationDetail(
        self,
        *,
        lang: str | None = None,
        ps_ids: str,
    ) -> PlatformGetPowerStationDetailResult:
        """POST /openapi/platform/getPowerStationDetail: OAuth2 variant - details of one or more plants

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_ids: Comma-separated plant ids
        """
        return cast(
            "PlatformGetPowerStationDetailResult",
            self.call("platform_getPowerStationDetail", lang=lang, ps_ids=ps_ids),
        )

    def platform_getDeviceListByPsId(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        page: int,
        size: int,
    ) -> PlatformGetDeviceListByPsIdResult:
        """POST /openapi/platform/getDeviceListByPsId: OAuth2 variant - device list of a plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast(
            "PlatformGetDeviceListByPsIdResult",
            self.call("platform_getDeviceListByPsId", lang=lang, ps_id=ps_id, page=page, size=size),
        )

    def iter_platform_getDeviceListByPsId(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        page: int | None = None,
        size: int | None = None,
    ) -> Iterator[PlatformGetDeviceListByPsIdResultPageListItem]:
        """Every item of platform_getDeviceListByPsId, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[PlatformGetDeviceListByPsIdResultPageListItem]",
            self.paginate("platform_getDeviceListByPsId", lang=lang, ps_id=ps_id, page=page, size=size),
        )

    def platform_getPowerStationRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_id_list: list[str],
        point_id_list: list[str],
        is_get_point_dict: Literal["0", "1"] | None = None,
    ) -> PlatformGetPowerStationRealTimeDataResult:
        """POST /openapi/platform/getPowerStationRealTimeData: OAuth2 variant - latest plant-level point values
        (5-minute data)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        point_id_list: Plant point ids without the p prefix, e.g. 83022 daily yield (Wh), 83033 power (W)
        is_get_point_dict: "1" adds point_dict to the answer
        """
        return cast(
            "PlatformGetPowerStationRealTimeDataResult",
            self.call(
                "platform_getPowerStationRealTimeData",
                lang=lang,
                ps_id_list=ps_id_list,
                point_id_list=point_id_list,
                is_get_point_dict=is_get_point_dict,
            ),
        )

    def platform_getPowerStationPointMinuteDataList(
        self,
        *,
        lang: str | None = None,
        ps_id_list: list[str],
        points: str,
        is_get_point_dict: Literal["0", "1"] | None = None,
        start_time_stamp: str,
        end_time_stamp: str,
        minute_interval: str | None = None,
    ) -> PlatformGetPowerStationPointMinuteDataListResult:
        """POST /openapi/platform/getPowerStationPointMinuteDataList: OAuth2 variant - plant point history in
        minutes

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        points: Comma-separated p-prefixed plant points, e.g. p83022,p83033
        minute_interval: Interval in minutes (bugjam's minimum 1, default 60)
        """
        return cast(
            "PlatformGetPowerStationPointMinuteDataListResult",
            self.call(
                "platform_getPowerStationPointMinuteDataList",
                lang=lang,
                ps_id_list=ps_id_list,
                points=points,
                is_get_point_dict=is_get_point_dict,
                start_time_stamp=start_time_stamp,
                end_time_stamp=end_time_stamp,
                minute_interval=minute_interval,
            ),
        )

    def platform_getDeviceRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str],
        point_id_list: list[str],
        device_type: str,
        is_get_point_dict: Literal["0", "1"] | None = None,
    ) -> PlatformGetDeviceRealTimeDataResult:
        """POST /openapi/platform/getDeviceRealTimeData: OAuth2 variant - device real-time point data

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: Missing ps_key_list answers 009
        """
        return cast(
            "PlatformGetDeviceRealTimeDataResult",
            self.call(
                "platform_getDeviceRealTimeData",
                lang=lang,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
                device_type=device_type,
                is_get_point_dict=is_get_point_dict,
            ),
        )

    def platform_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int,
        curPage: int,
        device_model_id: str | None = None,
    ) -> PlatformGetOpenPointInfoResult:
        """POST /openapi/platform/getOpenPointInfo: OAuth2 variant - the open points of a device type (the
        catalogue every data endpoint answers from)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        device_type: Device type (Appendix 1)
        type: Point type: 1 remote signalling, 2 telemetry, 5 property
        size: Page size
        curPage: Page number
        device_model_id: For telemetry points: only the points this device model supports; all points of the
            type when missing
        """
        return cast(
            "PlatformGetOpenPointInfoResult",
            self.call(
                "platform_getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def iter_platform_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int | None = None,
        curPage: int | None = None,
        device_model_id: str | None = None,
    ) -> Iterator[PlatformGetOpenPointInfoResultPageListItem]:
        """Every item of platform_getOpenPointInfo, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[PlatformGetOpenPointInfoResultPageListItem]",
            self.paginate(
                "platform_getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def platform_getDevPropertyPointValue(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        device_type: str,
        ps_key_list: list[str],
        point_id_list: list[str],
    ) -> PlatformGetDevPropertyPointValueResult:
        """POST /openapi/platform/getDevPropertyPointValue: OAuth2 variant - property point values of devices of
        one type under one plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        point_id_list: Property point ids, e.g. 13258 battery capacity (lithium)
        """
        return cast(
            "PlatformGetDevPropertyPointValueResult",
            self.call(
                "platform_getDevPropertyPointValue",
                lang=lang,
                ps_id=ps_id,
                device_type=device_type,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
            ),
        )

    def platform_paramSettingCheck(
        self,
        *,
        lang: str | None = None,
        set_type: Literal[0, 2],
        uuid: str,
    ) -> PlatformParamSettingCheckResult:
        """POST /openapi/platform/paramSettingCheck: OAuth2 variant - whether a device accepts parameter reads
        (set_type 2) or writes (set_type 0)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        set_type: 0 write (update), 2 read
        uuid: The device's uuid (getDeviceListByPsId), sent as a string
        """
        return cast(
            "PlatformParamSettingCheckResult",
            self.call("platform_paramSettingCheck", lang=lang, set_type=set_type, uuid=uuid),
        )

    def platform_paramSetting(
        self,
        *,
        lang: str | None = None,
        set_type: Literal[0, 2],
        uuid: str,
        task_name: str | None = None,
        expire_second: int | None = None,
        param_list: list[dict[str, Any]],
    ) -> PlatformParamSettingResult:
        """POST /openapi/platform/paramSetting: OAuth2 variant - queue a task that writes (set_type 0) or reads
        back (set_type 2) device parameters

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        set_type: 0 write, 2 read back
        task_name: Free text naming the task
        expire_second: The task's lifetime on the server (clients send 120)
        param_list: [{param_code: Appendix 10 code as a string, set_value: string ("" when reading)}]
        """
        return cast(
            "PlatformParamSettingResult",
            self.call(
                "platform_paramSetting",
                lang=lang,
                set_type=set_type,
                uuid=uuid,
                task_name=task_name,
                expire_second=expire_second,
                param_list=param_list,
            ),
        )

    def platform_getParamSettingTask(
        self,
        *,
        lang: str | None = None,
        task_id: str,
        uuid: str,
    ) -> PlatformGetParamSettingTaskResult:
        """POST /openapi/platform/getParamSettingTask: OAuth2 variant - the status and results of a parameter-
        setting task

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        """
        return cast(
            "PlatformGetParamSettingTaskResult",
            self.call("platform_getParamSettingTask", lang=lang, task_id=task_id, uuid=uuid),
        )


class AsyncISolarCloudClient(AsyncClient):
    """Reference client of SUNGROW iSolarCloud Open API (isolarcloud), asynchronous: one method per endpoint."""

    api = "isolarcloud"

    async def login(self, *, lang: str | None = None, login_type: str | None = None) -> LoginResult:
        """POST /openapi/login: User login - authenticate with user account and password and acquire a token

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        login_type: Sent as "1" in the encrypted-call sample only; not in 2.1.3.
        """
        return cast("LoginResult", await self.call("login", lang=lang, login_type=login_type))

    async def getOpenApiCallInfo(self, *, lang: str | None = None) -> GetOpenApiCallInfoResult:
        """POST /openapi/getOpenApiCallInfo: Service access status - API calls of the day and hour against their
        maxima, for the appkey

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast("GetOpenApiCallInfoResult", await self.call("getOpenApiCallInfo", lang=lang))

    async def getPowerStationList(
        self,
        *,
        lang: str | None = None,
        ps_name: str | None = None,
        ps_type: str | None = None,
        valid_flag: str | None = None,
        org_id: str | None = None,
        curPage: int,
        size: int,
        share_type: str | None = None,
    ) -> GetPowerStationListResult:
        """POST /openapi/getPowerStationList: Query the plant list of the user, or by user organization ID

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_name: Plant name (fuzzy query)
        ps_type: Comma-separated plant types, all by default: 1 Utility PV, 3 Commercial PV, 4 Residential PV,
            5 Residential Storage, 6 Village-level, 7 Distributed Storage, 8 Poverty Reduction, 9 Wind
        valid_flag: Comma-separated plant status types: 1 Normal, 2 Disable, 3 Commissioning Unfinished;
            normal plants when missing
        org_id: user_master_org_id returned by login
        curPage: Page number. Typed String(11) in the table; the sample sends a JSON number, other samples
            strings - accept both.
        size: Page size. Typed String(6) in the table; the sample sends a JSON number. No maximum is
            documented.
        share_type: Comma-separated: 0 not shared (owner's plant), 1 shared browse permission, 2 shared
            administrative authority
        """
        return cast(
            "GetPowerStationListResult",
            await self.call(
                "getPowerStationList",
                lang=lang,
                ps_name=ps_name,
                ps_type=ps_type,
                valid_flag=valid_flag,
                org_id=org_id,
                curPage=curPage,
                size=size,
                share_type=share_type,
            ),
        )

    def iter_getPowerStationList(
        self,
        *,
        lang: str | None = None,
        ps_name: str | None = None,
        ps_type: str | None = None,
        valid_flag: str | None = None,
        org_id: str | None = None,
        curPage: int | None = None,
        size: int | None = None,
        share_type: str | None = None,
    ) -> AsyncIterator[GetPowerStationListResultPageListItem]:
        """Every item of getPowerStationList, page after page (pageList); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetPowerStationListResultPageListItem]",
            self.paginate(
                "getPowerStationList",
                lang=lang,
                ps_name=ps_name,
                ps_type=ps_type,
                valid_flag=valid_flag,
                org_id=org_id,
                curPage=curPage,
                size=size,
                share_type=share_type,
            ),
        )

    async def getPowerStationDetail(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        sn: str | None = None,
    ) -> GetPowerStationDetailResult:
        """POST /openapi/getPowerStationDetail: Get plant detail by plant ID (or by the SN of a communication
        device of the plant)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_id: Plant id. The table marks it required, but the sn row says sn can be used when ps_id is
            missing.
        sn: SN of a communication device of the plant, used when ps_id is missing
        """
        return cast(
            "GetPowerStationDetailResult",
            await self.call("getPowerStationDetail", lang=lang, ps_id=ps_id, sn=sn),
        )

    async def getDeviceList(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int,
        size: int,
    ) -> GetDeviceListResult:
        """POST /openapi/getDeviceList: Query the device list under a plant by plant ID

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        is_virtual_unit: 1 virtual devices (plant, grid-connection point, unit), 0 physical devices
        device_type_list: Device type codes (Appendix 1), e.g. ["1"]; all types when empty. 11 plant, 1
            inverter, 3 grid-connection point, 17 unit
        rel_state: Device claim status: 0 not claimed, 1 claimed
        is_get_firmware_version: 1: include firmware_version_info
        curPage: Page number; String(32) in the table, strings in the sample - accept both
        size: Page size; String(32) in the table; no maximum documented
        """
        return cast(
            "GetDeviceListResult",
            await self.call(
                "getDeviceList",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getDeviceList(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> AsyncIterator[GetDeviceListResultPageListItem]:
        """Every item of getDeviceList, page after page (pageList); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetDeviceListResultPageListItem]",
            self.paginate(
                "getDeviceList",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    async def getPVInverterRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str] | None = None,
        sn_list: list[str] | None = None,
    ) -> GetPVInverterRealTimeDataResult:
        """POST /openapi/getPVInverterRealTimeData: Query PV inverter real-time point data by ps_key or SN, in
        base units

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: List of device ps_key
        sn_list: List of PV inverter SN, used when ps_key_list is missing
        """
        return cast(
            "GetPVInverterRealTimeDataResult",
            await self.call("getPVInverterRealTimeData", lang=lang, ps_key_list=ps_key_list, sn_list=sn_list),
        )

    async def getDevicePointMinuteDataList(
        self,
        *,
        lang: str | None = None,
        points: str,
        ps_key_list: list[str],
        start_time_stamp: str,
        end_time_stamp: str,
        minute_interval: str | None = None,
    ) -> dict[str, Any]:
        """POST /openapi/getDevicePointMinuteDataList: Query device point data in minutes for several devices of
        the same type, at most 3 hours

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        points: Comma-separated point IDs such as p1,p2 (getOpenPointInfo); fewer than 50 per request (2.7.1).
            The table's Length 32 is not enforced: 49 points do not fit in 32 characters.
        ps_key_list: Device ps_keys of devices of the same type; at most 50 devices
        minute_interval: Interval in minutes, e.g. 15; every 5 minutes when missing or empty
        """
        return cast(
            "dict[str, Any]",
            await self.call(
                "getDevicePointMinuteDataList",
                lang=lang,
                points=points,
                ps_key_list=ps_key_list,
                start_time_stamp=start_time_stamp,
                end_time_stamp=end_time_stamp,
                minute_interval=minute_interval,
            ),
        )

    async def getDevicePointsDayMonthYearDataList(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str],
        data_point: str,
        start_time: str,
        end_time: str,
        data_type: str,
        order: Literal["0", "1"] | None = None,
        query_type: Literal["1", "2", "3"],
    ) -> dict[str, Any]:
        """POST /openapi/getDevicePointsDayMonthYearDataList: Query device point data in days, months or years
        for several devices of the same type

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: Device ps_keys of the same type, at most 50; a plant's ps_key is <ps_id>_11_0_0. The
            table types it String(32); the sample sends a list.
        data_point: Comma-separated points, e.g. p1 (inverter daily yield, Wh), p2 (total yield, Wh), p24
            (active power, W)
        start_time: yyyyMMdd when query_type is 1, yyyyMM when 2, yyyy when 3
        end_time: yyyyMMdd when query_type is 1, yyyyMM when 2, yyyy when 3
        data_type: Comma-separated: 1 average, 2 peak, 3 valley, 4 total (day data has no total). For summable
            data: 2 for days, 4 for months and years.
        order: 1 reverse order, 0 chronological
        query_type: 1 day data, 2 month data, 3 year data
        """
        return cast(
            "dict[str, Any]",
            await self.call(
                "getDevicePointsDayMonthYearDataList",
                lang=lang,
                ps_key_list=ps_key_list,
                data_point=data_point,
                start_time=start_time,
                end_time=end_time,
                data_type=data_type,
                order=order,
                query_type=query_type,
            ),
        )

    async def getFaultAlarmInfo(
        self,
        *,
        lang: str | None = None,
        fault_code: str | None = None,
        fault_name: str | None = None,
        startTime: str | None = None,
        endTime: str | None = None,
        process_status: Literal["8", "9"] | None = None,
        fault_type: str | None = None,
        fault_level: str | None = None,
        ps_id: str | None = None,
        ps_key: str | None = None,
        share_type: str | None = None,
        curPage: int,
        size: int,
    ) -> GetFaultAlarmInfoResult:
        """POST /openapi/getFaultAlarmInfo: Query device fault and alarm information

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        fault_code: Fault unique identifier
        fault_name: Fault name (fuzzy query)
        startTime: Start time; may be empty. With startTime and endTime missing, the current month is queried.
            (The sample sends "2020-11-27 00:00", contradicting the table's yyyyMMddHHmm.)
        endTime: End time; may be empty
        process_status: 8 active, 9 closed; unclosed faults when empty
        fault_type: Comma-separated: 1 fault, 2 alarm, 3 prompt, 4 advice
        fault_level: Comma-separated: 1 important, 2 secondary, 3 general, 4 slight
        share_type: Comma-separated: 0 not shared (owner's plant), 1 shared browse permission, 2 shared
            administrative authority
        curPage: int in this table (String elsewhere); the sample sends "1"
        size: int in this table; no maximum documented
        """
        return cast(
            "GetFaultAlarmInfoResult",
            await self.call(
                "getFaultAlarmInfo",
                lang=lang,
                fault_code=fault_code,
                fault_name=fault_name,
                startTime=startTime,
                endTime=endTime,
                process_status=process_status,
                fault_type=fault_type,
                fault_level=fault_level,
                ps_id=ps_id,
                ps_key=ps_key,
                share_type=share_type,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getFaultAlarmInfo(
        self,
        *,
        lang: str | None = None,
        fault_code: str | None = None,
        fault_name: str | None = None,
        startTime: str | None = None,
        endTime: str | None = None,
        process_status: Literal["8", "9"] | None = None,
        fault_type: str | None = None,
        fault_level: str | None = None,
        ps_id: str | None = None,
        ps_key: str | None = None,
        share_type: str | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> AsyncIterator[GetFaultAlarmInfoResultPageListItem]:
        """Every item of getFaultAlarmInfo, page after page (pageList); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetFaultAlarmInfoResultPageListItem]",
            self.paginate(
                "getFaultAlarmInfo",
                lang=lang,
                fault_code=fault_code,
                fault_name=fault_name,
                startTime=startTime,
                endTime=endTime,
                process_status=process_status,
                fault_type=fault_type,
                fault_level=fault_level,
                ps_id=ps_id,
                ps_key=ps_key,
                share_type=share_type,
                curPage=curPage,
                size=size,
            ),
        )

    async def getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int,
        curPage: int,
        device_model_id: str | None = None,
    ) -> GetOpenPointInfoResult:
        """POST /openapi/getOpenPointInfo: Query the open remote-signalling, telemetry and property points of a
        device type

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        device_type: Device type (Appendix 1)
        type: Point type: 1 remote signalling, 2 telemetry, 5 property
        size: Page size; String(11) in the table
        curPage: Page number; String(11) in the table
        device_model_id: For telemetry points: only the points this device model supports; all points of the
            type when missing
        """
        return cast(
            "GetOpenPointInfoResult",
            await self.call(
                "getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def iter_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int | None = None,
        curPage: int | None = None,
        device_model_id: str | None = None,
    ) -> AsyncIterator[GetOpenPointInfoResultPageListItem]:
        """Every item of getOpenPointInfo, page after page (pageList); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetOpenPointInfoResultPageListItem]",
            self.paginate(
                "getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    async def getDevPropertyPointValue(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        device_type: str,
        ps_key_list: list[str],
        point_id_list: list[str],
    ) -> GetDevPropertyPointValueResult:
        """POST /openapi/getDevPropertyPointValue: Query property point values of several devices of one type
        under one plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        point_id_list: Property point ids, e.g. 13258 battery capacity (lithium), 13261 battery capacity
            (lead-acid)
        """
        return cast(
            "GetDevPropertyPointValueResult",
            await self.call(
                "getDevPropertyPointValue",
                lang=lang,
                ps_id=ps_id,
                device_type=device_type,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
            ),
        )

    async def getCommunicationDevInfoByDevSn(
        self,
        *,
        lang: str | None = None,
        dev_sn: str,
    ) -> GetCommunicationDevInfoByDevSnResult:
        """POST /openapi/getCommunicationDevInfoByDevSn: Query the communication device corresponding to a device
        SN

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast(
            "GetCommunicationDevInfoByDevSnResult",
            await self.call("getCommunicationDevInfoByDevSn", lang=lang, dev_sn=dev_sn),
        )

    async def getDeviceListByUser(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int,
        size: int,
    ) -> GetDeviceListByUserResult:
        """POST /openapi/getDeviceListByUser: Query the device list under the user

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        device_type_list: Device type codes (Appendix 1)
        curPage: String(32) in the table
        size: String(32) in the table; no maximum documented
        """
        return cast(
            "GetDeviceListByUserResult",
            await self.call(
                "getDeviceListByUser",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    def iter_getDeviceListByUser(
        self,
        *,
        lang: str | None = None,
        ps_id: str | None = None,
        is_virtual_unit: Literal["0", "1"] | None = None,
        device_type_list: list[str] | None = None,
        rel_state: Literal["0", "1"] | None = None,
        is_get_firmware_version: Literal["0", "1"] | None = None,
        curPage: int | None = None,
        size: int | None = None,
    ) -> AsyncIterator[GetDeviceListByUserResultPageListItem]:
        """Every item of getDeviceListByUser, page after page (pageList); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetDeviceListByUserResultPageListItem]",
            self.paginate(
                "getDeviceListByUser",
                lang=lang,
                ps_id=ps_id,
                is_virtual_unit=is_virtual_unit,
                device_type_list=device_type_list,
                rel_state=rel_state,
                is_get_firmware_version=is_get_firmware_version,
                curPage=curPage,
                size=size,
            ),
        )

    async def getDeviceRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str] | None = None,
        sn_list: list[str] | None = None,
        point_id_list: list[str],
        device_type: str,
    ) -> GetDeviceRealTimeDataResult:
        """POST /openapi/getDeviceRealTimeData: Query device real-time point data by ps_key or SN, in base units

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: ps_keys of devices of one type
        sn_list: SNs of devices of one type
        point_id_list: Point ids, e.g. ["1", "2"]
        device_type: Device type code (Appendix 1)
        """
        return cast(
            "GetDeviceRealTimeDataResult",
            await self.call(
                "getDeviceRealTimeData",
                lang=lang,
                ps_key_list=ps_key_list,
                sn_list=sn_list,
                point_id_list=point_id_list,
                device_type=device_type,
            ),
        )

    async def apiManage_token(self, *, code: str, redirect_uri: str) -> ApiManageTokenResult:
        """POST /openapi/apiManage/token: Exchange an OAuth2 authorization code for access and refresh tokens

        code: Authorization code from the web3 authorized-app redirect
        """
        return cast("ApiManageTokenResult", await self.call("apiManage_token", code=code, redirect_uri=redirect_uri))

    async def apiManage_refreshToken(self) -> ApiManageRefreshTokenResult:
        """POST /openapi/apiManage/refreshToken: Refresh the OAuth2 access token with a refresh token"""
        return cast("ApiManageRefreshTokenResult", await self.call("apiManage_refreshToken"))

    async def platform_queryPowerStationList(
        self,
        *,
        lang: str | None = None,
        page: int,
        size: int,
    ) -> PlatformQueryPowerStationListResult:
        """POST /openapi/platform/queryPowerStationList: OAuth2 variant - list the plants the user authorised

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        size: Clients send 10 or 100; no maximum is known
        """
        return cast(
            "PlatformQueryPowerStationListResult",
            await self.call("platform_queryPowerStationList", lang=lang, page=page, size=size),
        )

    def iter_platform_queryPowerStationList(
        self,
        *,
        lang: str | None = None,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncIterator[PlatformQueryPowerStationListResultPageListItem]:
        """Every item of platform_queryPowerStationList, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[PlatformQueryPowerStationListResultPageListItem]",
            self.paginate("platform_queryPowerStationList", lang=lang, page=page, size=size),
        )

    async def platform_getPowerStationDetail(
        self,
        *,
        lang: str | None = None,
        ps_ids: str,
    ) -> PlatformGetPowerStationDetailResult:
        """POST /openapi/platform/getPowerStationDetail: OAuth2 variant - details of one or more plants

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_ids: Comma-separated plant ids
        """
        return cast(
            "PlatformGetPowerStationDetailResult",
            await self.call("platform_getPowerStationDetail", lang=lang, ps_ids=ps_ids),
        )

    async def platform_getDeviceListByPsId(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        page: int,
        size: int,
    ) -> PlatformGetDeviceListByPsIdResult:
        """POST /openapi/platform/getDeviceListByPsId: OAuth2 variant - device list of a plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        """
        return cast(
            "PlatformGetDeviceListByPsIdResult",
            await self.call("platform_getDeviceListByPsId", lang=lang, ps_id=ps_id, page=page, size=size),
        )

    def iter_platform_getDeviceListByPsId(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        page: int | None = None,
        size: int | None = None,
    ) -> AsyncIterator[PlatformGetDeviceListByPsIdResultPageListItem]:
        """Every item of platform_getDeviceListByPsId, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[PlatformGetDeviceListByPsIdResultPageListItem]",
            self.paginate("platform_getDeviceListByPsId", lang=lang, ps_id=ps_id, page=page, size=size),
        )

    async def platform_getPowerStationRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_id_list: list[str],
        point_id_list: list[str],
        is_get_point_dict: Literal["0", "1"] | None = None,
    ) -> PlatformGetPowerStationRealTimeDataResult:
        """POST /openapi/platform/getPowerStationRealTimeData: OAuth2 variant - latest plant-level point values
        (5-minute data)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        point_id_list: Plant point ids without the p prefix, e.g. 83022 daily yield (Wh), 83033 power (W)
        is_get_point_dict: "1" adds point_dict to the answer
        """
        return cast(
            "PlatformGetPowerStationRealTimeDataResult",
            await self.call(
                "platform_getPowerStationRealTimeData",
                lang=lang,
                ps_id_list=ps_id_list,
                point_id_list=point_id_list,
                is_get_point_dict=is_get_point_dict,
            ),
        )

    async def platform_getPowerStationPointMinuteDataList(
        self,
        *,
        lang: str | None = None,
        ps_id_list: list[str],
        points: str,
        is_get_point_dict: Literal["0", "1"] | None = None,
        start_time_stamp: str,
        end_time_stamp: str,
        minute_interval: str | None = None,
    ) -> PlatformGetPowerStationPointMinuteDataListResult:
        """POST /openapi/platform/getPowerStationPointMinuteDataList: OAuth2 variant - plant point history in
        minutes

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        points: Comma-separated p-prefixed plant points, e.g. p83022,p83033
        minute_interval: Interval in minutes (bugjam's minimum 1, default 60)
        """
        return cast(
            "PlatformGetPowerStationPointMinuteDataListResult",
            await self.call(
                "platform_getPowerStationPointMinuteDataList",
                lang=lang,
                ps_id_list=ps_id_list,
                points=points,
                is_get_point_dict=is_get_point_dict,
                start_time_stamp=start_time_stamp,
                end_time_stamp=end_time_stamp,
                minute_interval=minute_interval,
            ),
        )

    async def platform_getDeviceRealTimeData(
        self,
        *,
        lang: str | None = None,
        ps_key_list: list[str],
        point_id_list: list[str],
        device_type: str,
        is_get_point_dict: Literal["0", "1"] | None = None,
    ) -> PlatformGetDeviceRealTimeDataResult:
        """POST /openapi/platform/getDeviceRealTimeData: OAuth2 variant - device real-time point data

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.); samples also send ""
        ps_key_list: Missing ps_key_list answers 009
        """
        return cast(
            "PlatformGetDeviceRealTimeDataResult",
            await self.call(
                "platform_getDeviceRealTimeData",
                lang=lang,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
                device_type=device_type,
                is_get_point_dict=is_get_point_dict,
            ),
        )

    async def platform_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int,
        curPage: int,
        device_model_id: str | None = None,
    ) -> PlatformGetOpenPointInfoResult:
        """POST /openapi/platform/getOpenPointInfo: OAuth2 variant - the open points of a device type (the
        catalogue every data endpoint answers from)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        device_type: Device type (Appendix 1)
        type: Point type: 1 remote signalling, 2 telemetry, 5 property
        size: Page size
        curPage: Page number
        device_model_id: For telemetry points: only the points this device model supports; all points of the
            type when missing
        """
        return cast(
            "PlatformGetOpenPointInfoResult",
            await self.call(
                "platform_getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    def iter_platform_getOpenPointInfo(
        self,
        *,
        lang: str | None = None,
        device_type: str,
        type: Literal["1", "2", "5"],
        size: int | None = None,
        curPage: int | None = None,
        device_model_id: str | None = None,
    ) -> AsyncIterator[PlatformGetOpenPointInfoResultPageListItem]:
        """Every item of platform_getOpenPointInfo, page after page (pageList); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[PlatformGetOpenPointInfoResultPageListItem]",
            self.paginate(
                "platform_getOpenPointInfo",
                lang=lang,
                device_type=device_type,
                type=type,
                size=size,
                curPage=curPage,
                device_model_id=device_model_id,
            ),
        )

    async def platform_getDevPropertyPointValue(
        self,
        *,
        lang: str | None = None,
        ps_id: str,
        device_type: str,
        ps_key_list: list[str],
        point_id_list: list[str],
    ) -> PlatformGetDevPropertyPointValueResult:
        """POST /openapi/platform/getDevPropertyPointValue: OAuth2 variant - property point values of devices of
        one type under one plant

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        point_id_list: Property point ids, e.g. 13258 battery capacity (lithium)
        """
        return cast(
            "PlatformGetDevPropertyPointValueResult",
            await self.call(
                "platform_getDevPropertyPointValue",
                lang=lang,
                ps_id=ps_id,
                device_type=device_type,
                ps_key_list=ps_key_list,
                point_id_list=point_id_list,
            ),
        )

    async def platform_paramSettingCheck(
        self,
        *,
        lang: str | None = None,
        set_type: Literal[0, 2],
        uuid: str,
    ) -> PlatformParamSettingCheckResult:
        """POST /openapi/platform/paramSettingCheck: OAuth2 variant - whether a device accepts parameter reads
        (set_type 2) or writes (set_type 0)

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        set_type: 0 write (update), 2 read
        uuid: The device's uuid (getDeviceListByPsId), sent as a string
        """
        return cast(
            "PlatformParamSettingCheckResult",
            await self.call("platform_paramSettingCheck", lang=lang, set_type=set_type, uuid=uuid),
        )

    async def platform_paramSetting(
        self,
        *,
        lang: str | None = None,
        set_type: Literal[0, 2],
        uuid: str,
        task_name: str | None = None,
        expire_second: int | None = None,
        param_list: list[dict[str, Any]],
    ) -> PlatformParamSettingResult:
        """POST /openapi/platform/paramSetting: OAuth2 variant - queue a task that writes (set_type 0) or reads
        back (set_type 2) device parameters

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        set_type: 0 write, 2 read back
        task_name: Free text naming the task
        expire_second: The task's lifetime on the server (clients send 120)
        param_list: [{param_code: Appendix 10 code as a string, set_value: string ("" when reading)}]
        """
        return cast(
            "PlatformParamSettingResult",
            await self.call(
                "platform_paramSetting",
                lang=lang,
                set_type=set_type,
                uuid=uuid,
                task_name=task_name,
                expire_second=expire_second,
                param_list=param_list,
            ),
        )

    async def platform_getParamSettingTask(
        self,
        *,
        lang: str | None = None,
        task_id: str,
        uuid: str,
    ) -> PlatformGetParamSettingTaskResult:
        """POST /openapi/platform/getParamSettingTask: OAuth2 variant - the status and results of a parameter-
        setting task

        lang: Language, default Chinese; values in auth.params.lang (_en_US etc.)
        """
        return cast(
            "PlatformGetParamSettingTaskResult",
            await self.call("platform_getParamSettingTask", lang=lang, task_id=task_id, uuid=uuid),
        )
