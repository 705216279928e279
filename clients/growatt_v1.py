"""Reference client of Growatt OpenAPI v1 (growatt_v1), typed: written by solarfakes.clients.generate from
specs/growatt_v1.yaml. Do not edit; regenerate with ``python -m solarfakes.clients.generate``.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, Required, TypedDict, cast

from solarfakes.clients.shells import AsyncClient, Client

__all__ = ["AsyncGrowattClient", "GrowattClient"]


class UserUserRegisterResult(TypedDict, total=False):
    c_user_id: Required[int]


class UserCUserListResultCUserItem(TypedDict, total=False):
    c_user_id: int
    c_user_email: str
    c_user_regtime: str
    c_user_name: str
    c_user_tel: str


class UserCUserListResult(TypedDict, total=False):
    count: Required[int]
    c_user: Required[list[UserCUserListResultCUserItem]]


class PlantListResultPlantsItem(TypedDict, total=False):
    plant_id: Required[int]
    name: Required[str]
    user_id: int
    country: str
    city: str
    operator: str
    longitude: str
    latitude: str
    peak_power: float
    create_date: str
    installer: str
    current_power: str | float
    total_energy: str | float
    status: int
    locale: str
    latitude_d: str | None
    latitude_f: str | float | None
    image_url: str | None


class PlantListResult(TypedDict, total=False):
    count: Required[int]
    plants: Required[list[PlantListResultPlantsItem]]


class PlantDetailsResultArraysItem(TypedDict, total=False):
    module_man: str | None
    module_md: str | None
    num_modules: int | None


class PlantDetailsResultDataloggersItem(TypedDict, total=False):
    datalogger_man: str | None
    datalogger_md: str | None
    datalogger_num: int | None


class PlantDetailsResultInvertersItem(TypedDict, total=False):
    inverter_man: str | None
    inverter_md: str | None
    inverter_num: int | None


class PlantDetailsResultMaxsItem(TypedDict, total=False):
    max_man: str | None
    max_md: str | None
    max_num: int | None


class PlantDetailsResult(TypedDict, total=False):
    name: str
    user_id: int
    country: str
    city: str
    longitude: str
    latitude: str
    create_date: str
    image_url: str | None
    peak_power: float
    currency: str
    timezone: str
    locale: str
    address1: str | None
    address2: str | None
    description: str | None
    designercontact: str | None
    designerorganization: str | None
    financiercontact: str | None
    financierorganization: str | None
    grid_type: str | None
    installercontact: str | None
    installerorganization: str | None
    irradiationsensor_type: str | None
    jurisdictioncontact: str | None
    jurisdictionorganization: str | None
    notes: str | None
    offtakercontact: str | None
    offtakerorganization: str | None
    operatorcontact: str | None
    operatororganization: str | None
    ownercontact: str | None
    ownerorganization: str | None
    postal: str | None
    state: str | None
    status: str | None
    tracker_type: str | None
    weather_type: str | None
    weathersensor_man: str | None
    weathersensor_md: str | None
    weathersensor_num: str | None
    elevation: float | None
    fixed_azimuth: float | None
    fixed_tilt: float | None
    installed_ac_capacity: float | None
    installed_dc_capacity: float | None
    installed_panel_area: float | None
    plant_type: int | None
    arrays: list[PlantDetailsResultArraysItem]
    dataloggers: list[PlantDetailsResultDataloggersItem]
    inverters: list[PlantDetailsResultInvertersItem]
    maxs: list[PlantDetailsResultMaxsItem]


class PlantDataResult(TypedDict, total=False):
    peak_power_actual: float
    last_update_time: str
    current_power: float | str
    today_energy: str
    monthly_energy: str
    yearly_energy: str
    total_energy: str
    carbon_offset: str
    efficiency: str
    timezone: str


class PlantEnergyResultEnergysItem(TypedDict, total=False):
    date: Required[str]
    energy: Required[str]


class PlantEnergyResult(TypedDict, total=False):
    count: Required[int]
    time_unit: Required[str]
    energys: Required[list[PlantEnergyResultEnergysItem]]


class PlantPowerResultPowersItem(TypedDict, total=False):
    time: Required[str]
    power: Required[float | None]


class PlantPowerResult(TypedDict, total=False):
    count: Required[int]
    powers: Required[list[PlantPowerResultPowersItem]]


class PlantAddResult(TypedDict, total=False):
    plant_id: Required[int]


class PlantUserPlantListResultPlantsItem(TypedDict, total=False):
    plant_id: Required[int]
    name: Required[str]
    user_id: int
    country: str
    longitude: str
    latitude: str
    peak_power: float
    create_date: str
    installer: str
    current_power: str | float
    total_energy: str | float
    city: str
    operator: str
    status: int
    locale: str
    latitude_d: str | None
    latitude_f: str | float | None
    image_url: str | None


class PlantUserPlantListResult(TypedDict, total=False):
    count: Required[int]
    plants: Required[list[PlantUserPlantListResultPlantsItem]]


class DeviceDataloggerListResultDataloggersItemLastUpdateTime(TypedDict, total=False):
    date: int
    day: int
    hours: int
    minutes: int
    month: int
    seconds: int
    time: int
    timezoneOffset: int
    year: int


class DeviceDataloggerListResultDataloggersItem(TypedDict, total=False):
    sn: str
    manufacturer: str
    type: int
    last_update_time: DeviceDataloggerListResultDataloggersItemLastUpdateTime
    lost: bool
    model: str
    netmode: str


class DeviceDataloggerListResultPeakPowerActualCreateDate(TypedDict, total=False):
    date: int
    day: int
    hours: int
    minutes: int
    month: int
    seconds: int
    time: int
    timezoneOffset: int
    year: int


class DeviceDataloggerListResultPeakPowerActual(TypedDict, total=False):
    id: Required[int]
    nominalPower: Required[int]
    hasStorage: int
    hasDeviceOnLine: int
    deviceCount: int
    onLineEnvCount: int
    level: int
    timezone: float
    currentPac: float
    eToday: float
    eTotal: float
    energyMonth: float
    energyYear: float
    etodayMoney: float
    etotalMoney: float
    formulaCo2: float
    formulaCoal: float
    formulaSo2: float
    formulaMoney: float
    peakPeriodPrice: float
    valleyPeriodPrice: float
    flatPeriodPrice: float
    fixedPowerPrice: float
    storage_BattoryPercentage: float
    storage_eChargeToday: float
    storage_eDisChargeToday: float
    storage_TodayToGrid: float
    storage_TodayToUser: float
    storage_TotalToGrid: float
    storage_TotalToUser: float
    panelTemp: float
    envTemp: float
    irradiance: float
    windAngle: float
    windSpeed: float
    treeID: str
    plantName: Required[str]
    treeName: str
    alias: str
    userAccount: str
    city: Required[str]
    country: Required[str]
    timezoneText: str
    plant_lat: str
    plant_lng: str
    latitude_d: str
    latitude_f: str
    latitude_m: str
    longitude_d: str
    longitude_f: str
    longitude_m: str
    latitudeText: str
    longitudeText: str
    mapLat: str
    mapLng: str
    mapCity: str
    currentPacTxt: str
    etodayCo2Text: str
    etotalCo2Text: str
    emonthCo2Text: str
    etodayCoalText: str
    etotalCoalText: str
    emonthCoalText: str
    etodaySo2Text: str
    etotalSo2Text: str
    emonthSo2Text: str
    etodayMoneyText: str
    emonthMoneyText: str
    etotalMoneyText: str
    EYearMoneyText: str
    formulaMoneyUnitId: str
    moneyUnitText: str
    prToday: str
    prMonth: str
    parentID: str
    pairViewUserAccount: str
    designCompany: str
    imgPath: str
    plantImgName: str
    locationImgName: str
    createDateText: str
    createDate: Required[DeviceDataloggerListResultPeakPowerActualCreateDate]
    dataLogList: Required[list[dict[str, Any]]]
    children: Required[list[dict[str, Any]]]
    isShare: bool
    alarmValue: int
    status: int
    plantType: int
    tempType: int
    companyName: str
    createDateTextA: str
    currentPacStr: str
    nominalPowerStr: str
    etotalFormulaTreeText: str
    formulaTree: float
    formulaMoneyStr: str
    gridCompany: str
    gridPort: str
    gridServerUrl: str
    installMapName: str
    logoImgName: str
    map_areaId: int
    map_cityId: int
    map_countryId: int
    map_provinceId: int
    phoneNum: str
    plantAddress: str
    plantNmi: str
    protocolId: str
    remark: str
    eventMessBeanList: Required[list[dict[str, Any]]]
    paramBean: Required[dict[str, Any] | None]
    plantFromBean: Required[dict[str, Any] | None]
    defaultPlant: bool
    userBean: dict[str, Any] | None
    unitMap: dict[str, Any] | None


class DeviceDataloggerListResult(TypedDict, total=False):
    count: Required[int]
    dataloggers: Required[list[DeviceDataloggerListResultDataloggersItem]]
    peak_power_actual: DeviceDataloggerListResultPeakPowerActual


class DeviceListResultDevicesItem(TypedDict, total=False):
    device_id: int | str
    datalogger_sn: str
    device_sn: Required[str]
    manufacturer: str
    model: str
    type: Required[int]
    last_update_time: str
    lost: bool
    status: int


class DeviceListResult(TypedDict, total=False):
    count: Required[int]
    devices: Required[list[DeviceListResultDevicesItem]]


class DeviceInverterDataResultDatasItem(TypedDict, total=False):
    ipv1: float
    ipv2: float
    vpv1: float
    vpv2: float
    ipv3: float
    vpv3: float
    iac1: float
    iac2: float
    iac3: float
    vac1: float
    vac2: float
    vac3: float
    power: float
    today_energy: str | float
    total_energy: str | float
    temperature: float
    fac: float
    power_factor: float
    time: str


class DeviceInverterDataResult(TypedDict, total=False):
    datalogger_sn: Required[str]
    next_page_start_id: int
    sn: str
    device_sn: str
    count: int
    datas: Required[list[DeviceInverterDataResultDatasItem]]


class DeviceInverterAlarmResultAlarmsItem(TypedDict, total=False):
    alarm_code: int
    alarm_message: str
    start_time: str
    end_time: str
    status: int


class DeviceInverterAlarmResult(TypedDict, total=False):
    count: Required[int]
    sn: Required[str]
    alarms: Required[list[DeviceInverterAlarmResultAlarmsItem]]


class DeviceInverterLastNewDataResult(TypedDict, total=False):
    device_sn: str
    dataloggerSn: str
    inverterId: Required[str]
    status: int
    ipv1: float
    ipv2: float
    vpv1: float
    vpv2: float
    ppv1: float
    ppv2: float
    iacr: float
    iacs: float
    iact: float
    vacr: float
    vacs: float
    vact: float
    pacr: float
    pacs: float
    pact: float
    ppv: float
    pac: float
    powerToday: float
    powerTotal: float
    temperature: float
    fac: float
    pf: float
    time: str
    faultType: int
    timeTotal: float
    ipmTemperature: float
    epv1Today: float
    epv1Total: float
    epv2Today: float
    epv2Total: float
    epvTotal: float
    eRacToday: float
    eRacTotal: float
    pBusVoltage: float
    nBusVoltage: float
    dwStringWarningValue1: int
    wStringStatusValue: int
    wPIDFaultValue: int
    vPidPvape: float
    iPidPvape: float
    pidStatus: int
    vPidPvbpe: float
    iPidPvbpe: float
    strFault: float
    vString1: float
    vString2: float
    vString3: float
    vString4: float
    vString5: float
    vString6: float
    vString7: float
    vString8: float
    currentString1: float
    currentString2: float
    currentString3: float
    currentString4: float
    currentString5: float
    currentString6: float
    currentString7: float
    currentString8: float
    warnCode: int
    again: bool
    apfStatus: int
    bigDevice: bool
    compharir: float
    compharis: float
    compharit: float
    compqr: float
    compqs: float
    compqt: float
    ctharir: float
    ctharis: float
    ctharit: float
    ctir: float
    ctis: float
    ctit: float
    ctqr: float
    ctqs: float
    ctqt: float
    currentString9: float
    currentString10: float
    currentString11: float
    currentString12: float
    currentString13: float
    currentString14: float
    currentString15: float
    currentString16: float
    debug2: str
    deratingMode: int
    epv3Today: float
    epv3Total: float
    epv4Today: float
    epv4Total: float
    epv5Today: float
    epv5Total: float
    epv6Today: float
    epv6Total: float
    epv7Today: float
    epv7Total: float
    epv8Today: float
    epv8Total: float
    epv9Today: float
    epv9Total: float
    epv10Today: float
    epv10Total: float
    faultCode1: int
    faultCode2: int
    faultValue: int
    gfci: int
    iPidPvcpe: float
    iPidPvdpe: float
    iPidPvepe: float
    iPidPvfpe: float
    iPidPvgpe: float
    iPidPvhpe: float
    id: int
    ipv3: float
    ipv4: float
    ipv5: float
    ipv6: float
    ipv7: float
    ipv8: float
    ipv9: float
    ipv10: float
    opFullwatt: float
    pidBus: float
    pidFaultCode: int
    ppv3: float
    ppv4: float
    ppv5: float
    ppv6: float
    ppv7: float
    ppv8: float
    ppv9: float
    ppv10: float
    pvIso: float
    rDci: float
    rac: float
    realOPPercent: float
    sDci: float
    strBreak: float
    strUnblance: float
    strUnmatch: float
    tDci: float
    temperature2: float
    temperature3: float
    temperature4: float
    temperature5: float
    timeTotalText: str
    vPidPvcpe: float
    vPidPvdpe: float
    vPidPvepe: float
    vPidPvfpe: float
    vPidPvgpe: float
    vPidPvhpe: float
    vString9: float
    vString10: float
    vString11: float
    vString12: float
    vString13: float
    vString14: float
    vString15: float
    vString16: float
    vacSt: float
    vacTr: float
    vpv3: float
    vpv4: float
    vpv5: float
    vpv6: float
    vpv7: float
    vpv8: float
    vpv9: float
    vpv10: float
    warnBit: int
    warningValue1: int
    warningValue2: int
    warningValue3: int
    statusText: str
    vacRs: float
    debug1: str
    timeCalendar: dict[str, Any]


class DeviceInverterInvsDataResultInverterSnInverterSn(TypedDict, total=False):
    inverterId: str
    status: int
    ipv1: float
    ipv2: float
    vpv1: float
    vpv2: float
    ppv1: float
    ppv2: float
    iacr: float
    iacs: float
    iact: float
    vacr: float
    vacs: float
    vact: float
    pacr: float
    pacs: float
    pact: float
    ppv: float
    pac: float
    powerToday: float
    powerTotal: float
    temperature: float
    fac: float
    pf: float
    time: str
    faultType: int
    timeTotal: float
    ipmTemperature: float
    epv1Today: float
    epv1Total: float
    epv2Today: float
    epv2Total: float
    epvTotal: float
    eRacToday: float
    eRacTotal: float
    pBusVoltage: float
    nBusVoltage: float
    dwStringWarningValue1: int
    wStringStatusValue: int
    wPIDFaultValue: int
    vPidPvape: float
    iPidPvape: float
    pidStatus: int
    vPidPvbpe: float
    iPidPvbpe: float
    strFault: float
    vString1: float
    vString2: float
    vString3: float
    vString4: float
    vString5: float
    vString6: float
    vString7: float
    vString8: float
    currentString1: float
    currentString2: float
    currentString3: float
    currentString4: float
    currentString5: float
    currentString6: float
    currentString7: float
    currentString8: float
    warnCode: int
    again: bool
    apfStatus: int
    bigDevice: bool
    compharir: float
    compharis: float
    compharit: float
    compqr: float
    compqs: float
    compqt: float
    ctharir: float
    ctharis: float
    ctharit: float
    ctir: float
    ctis: float
    ctit: float
    ctqr: float
    ctqs: float
    ctqt: float
    currentString9: float
    currentString10: float
    currentString11: float
    currentString12: float
    currentString13: float
    currentString14: float
    currentString15: float
    currentString16: float
    debug2: str
    deratingMode: int
    epv3Today: float
    epv3Total: float
    epv4Today: float
    epv4Total: float
    epv5Today: float
    epv5Total: float
    epv6Today: float
    epv6Total: float
    epv7Today: float
    epv7Total: float
    epv8Today: float
    epv8Total: float
    epv9Today: float
    epv9Total: float
    epv10Today: float
    epv10Total: float
    faultCode1: int
    faultCode2: int
    faultValue: int
    gfci: int
    iPidPvcpe: float
    iPidPvdpe: float
    iPidPvepe: float
    iPidPvfpe: float
    iPidPvgpe: float
    iPidPvhpe: float
    id: int
    ipv3: float
    ipv4: float
    ipv5: float
    ipv6: float
    ipv7: float
    ipv8: float
    ipv9: float
    ipv10: float
    opFullwatt: float
    pidBus: float
    pidFaultCode: int
    ppv3: float
    ppv4: float
    ppv5: float
    ppv6: float
    ppv7: float
    ppv8: float
    ppv9: float
    ppv10: float
    pvIso: float
    rDci: float
    rac: float
    realOPPercent: float
    sDci: float
    strBreak: float
    strUnblance: float
    strUnmatch: float
    tDci: float
    temperature2: float
    temperature3: float
    temperature4: float
    temperature5: float
    timeTotalText: str
    vPidPvcpe: float
    vPidPvdpe: float
    vPidPvepe: float
    vPidPvfpe: float
    vPidPvgpe: float
    vPidPvhpe: float
    vString9: float
    vString10: float
    vString11: float
    vString12: float
    vString13: float
    vString14: float
    vString15: float
    vString16: float
    vacSt: float
    vacTr: float
    vpv3: float
    vpv4: float
    vpv5: float
    vpv6: float
    vpv7: float
    vpv8: float
    vpv9: float
    vpv10: float
    warnBit: int
    warningValue1: int
    warningValue2: int
    warningValue3: int


class DeviceDataloggerValidateResult(TypedDict, total=False):
    dataloggerSn: str
    valiCode: str
    plant_id: int
    user_id: int
    datalogger_sn: str


class DeviceStorageAlarmDataResultAlarmsItem(TypedDict, total=False):
    alarm_code: int
    alarm_message: str
    start_time: str
    end_time: str
    status: int


class DeviceStorageAlarmDataResult(TypedDict, total=False):
    count: Required[int]
    storage_sn: str
    device_sn: str | None
    alarms: Required[list[DeviceStorageAlarmDataResultAlarmsItem]]


class DeviceStorageStorageLastDataResult(TypedDict, total=False):
    storage_sn: str
    dataloggerSn: str
    status: int
    deviceType: int
    pCharge: float
    pDischarge: float
    vpv: float
    ipv: float
    iCharge: float
    iDischarge: float
    ppv: float
    vBuck: float
    vac: float
    iacToUser: float
    pacToUser: float
    iacToGrid: float
    pacToGrid: float
    vBat: float
    capacity: float
    ipmTemperature: float
    epvToday: float
    epvTotal: float
    temperature: float
    eChargeToday: float
    eChargeTotal: float
    time: str
    eDischargeToday: float
    eDischargeTotal: float
    eToUserToday: float
    eToUserTotal: float
    eToGridToday: float
    eToGridTotal: float
    faultCode: int
    vpv2: float
    ppv2: float
    pCharge2: float
    pDischarge2: float
    vBuck2: float
    epvToday2: float
    epvTotal2: float
    eChargeToday2: float
    eChargeTotal2: float
    eDischargeToday2: float
    eDischargeTotal2: float
    normalPower: float
    errorCode: int
    warnCode: int
    address: int
    again: bool
    alias: str
    bLightEn: float
    batTemp: float
    bmsCellVoltage1: float
    bmsCellVoltage2: float
    bmsCellVoltage3: float
    bmsCellVoltage4: float
    bmsCellVoltage5: float
    bmsCellVoltage6: float
    bmsCellVoltage7: float
    bmsCellVoltage8: float
    bmsCellVoltage9: float
    bmsCellVoltage10: float
    bmsCellVoltage11: float
    bmsCellVoltage12: float
    bmsCellVoltage13: float
    bmsCellVoltage14: float
    bmsCellVoltage15: float
    bmsCellVoltage16: float
    bmsConstantVolt: float
    bmsCurrent: float
    bmsCurrent2: float
    bmsDeltaVolt: float
    bmsError: int
    bmsError2: int
    bmsSoh: float
    bmsStatus: int
    bmsStatus2: int
    bmsTemperature: float
    bmsTemperature2: float
    bmsWarnInfo: int
    calendar: dict[str, Any]
    capacityText: str
    cell2Voltage1: float
    cell2Voltage2: float
    cell2Voltage3: float
    cell2Voltage4: float
    cell2Voltage5: float
    cell2Voltage6: float
    cell2Voltage7: float
    cell2Voltage8: float
    cell2Voltage9: float
    cell2Voltage10: float
    cell2Voltage11: float
    cell2Voltage12: float
    cell2Voltage13: float
    cell2Voltage14: float
    cell2Voltage15: float
    cell2Voltage16: float
    cellVoltage1: float
    cellVoltage2: float
    cellVoltage3: float
    cellVoltage4: float
    cellVoltage5: float
    cellVoltage6: float
    cellVoltage7: float
    cellVoltage8: float
    cellVoltage9: float
    cellVoltage10: float
    cellVoltage11: float
    cellVoltage12: float
    cellVoltage13: float
    cellVoltage14: float
    cellVoltage15: float
    cellVoltage16: float
    chargeMonth: float
    chargeToStandbyReason: int
    chargeToStandbyReasonText: str
    chargeWay: int
    chgCurr: float
    constantVolt: float
    constantVolt2: float
    cycleCount: int
    cycleCount2: int
    dataLogSn: str
    day: int
    dayMap: dict[str, Any] | None
    deltaVolt: float
    deltaVolt2: float
    disChargeMonth: float
    dischargeToStandbyReason: int
    dischargeToStandbyReasonText: str
    dischgCurr: float
    eBatDisChargeToday: float
    eBatDisChargeTotal: float
    eChargeTodayText: str
    eChargeTotalText: str
    eDischargeTodayText: str
    eDischargeTotalText: str
    eacChargeToday: float
    eacChargeTotal: float
    eacDisChargeToday: float
    eacDisChargeTotal: float
    eopDischrToday: float
    eopDischrTotal: float
    errorText: str
    etoday: float
    etotal: float
    freqGrid: float
    freqOutPut: float
    gauge2RM1: float
    gauge2RM2: float
    gaugeBattteryStatus: int
    gaugeICCurrent: float
    gaugeOperationStatus: int
    gaugePackStatus: int
    gaugeRM1: float
    gaugeRM2: float
    iAcCharge: float
    iChargePV1: float
    iChargePV2: float
    iChargeText: str
    iDischargeText: str
    iacToGridText: str
    iacToUserText: str
    innerCWCode: str
    ipvText: str
    loadPercent: float
    lost: bool
    manualStartEn: float
    maxChargeOrDischargeCurrent: float
    maxChargeOrDischargeCurrent2: float
    outPutCurrent: float
    outPutPower: float
    outPutVolt: float
    pAcCharge: float
    pAcInPut: float
    pBat: float
    pChargeText: str
    pDischargeText: str
    pacToGridText: str
    pacToUserText: float | None
    powSavingEn: float
    ppvText: str
    rateVA: float
    rateWatt: float
    remoteCntlEn: float
    remoteCntlFailReason: int
    sciLossChkEn: float
    serialNum: str
    soh: float
    soh2: float
    statusText: str
    storageBean: dict[str, Any] | None
    sysOut: float
    uwBatType2: float
    vBatText: str
    vBuckText: str
    vBus: float
    vGrid: float
    vacText: str
    vpvText: str
    warnInfo: int
    warnInfo2: int
    warnText: str
    withTime: bool


class DeviceStorageStorageDataResultDatasItem(TypedDict, total=False):
    status: int
    deviceType: int
    pCharge: float
    pDischarge: float
    vpv: float
    ipv: float
    iCharge: float
    iDischarge: float
    ppv: float
    vBuck: float
    vac: float
    iacToUser: float
    pacToUser: float
    iacToGrid: float
    pacToGrid: float
    vBat: float
    capacity: float
    ipmTemperature: float
    epvToday: float
    epvTotal: float
    temperature: float
    eChargeToday: float
    eChargeTotal: float
    time: str
    eDischargeToday: float
    eDischargeTotal: float
    eToUserToday: float
    eToUserTotal: float
    eToGridToday: float
    eToGridTotal: float
    faultCode: int
    vpv2: float
    ppv2: float
    pCharge2: float
    pDischarge2: float
    vBuck2: float
    epvToday2: float
    epvTotal2: float
    eChargeToday2: float
    eChargeTotal2: float
    eDischargeToday2: float
    eDischargeTotal2: float
    normalPower: float
    errorCode: int
    warnCode: int


class DeviceStorageStorageDataResult(TypedDict, total=False):
    storage_sn: Required[str]
    device_sn: str
    count: int
    next_page_start_id: int
    datalogger_sn: Required[str]
    datas: Required[list[DeviceStorageStorageDataResultDatasItem]]


class DeviceInverterInvDataInfoResultLastUpdateTime(TypedDict, total=False):
    date: int
    day: int
    hours: int
    minutes: int
    month: int
    seconds: int
    time: int
    timezoneOffset: int
    year: int


class DeviceInverterInvDataInfoResult(TypedDict, total=False):
    device_sn: str
    serialNum: Required[str]
    dataloggerSn: str
    status: int
    statusText: str
    lost: bool
    alias: str
    location: str | None
    dataLogSn: str
    nominalPower: int
    power: float
    eToday: float
    eTotal: float
    lastUpdateTime: DeviceInverterInvDataInfoResultLastUpdateTime
    lastUpdateTimeText: str
    tcpServerIp: str
    fwVersion: str
    address: int
    id: int
    bigDevice: bool
    children: list[dict[str, Any]]
    createDate: str | None
    deviceType: int
    energyDay: float
    energyDayMap: dict[str, Any]
    energyMonth: float
    energyMonthText: str
    groupID: int
    imgPath: str
    innerVersion: str
    communicationVersion: str | None
    invSetBean: dict[str, Any] | None
    inverterInfoStatusCss: str
    ipmTemperature: float
    temperature: float
    level: int
    loadText: str
    model: int
    modelText: str
    optimezerList: list[Any] | None
    parentID: str
    plantId: int
    plantname: str
    powerMax: float | None
    powerMaxText: str | None
    powerMaxTime: str | None
    record: str | None
    rfStick: str | None
    timezone: float
    treeID: str
    treeName: str
    updateExist: bool
    updating: bool
    userID: int
    userName: str | None


class DeviceTlxTlxLastDataResult(TypedDict, total=False):
    eacToday: float
    eacTotal: float
    vpv1: float
    ppv: float
    vacrs: float
    pac: float
    temp1: float
    bdc1DischargePower: float


class GrowattClient(Client):
    """Reference client of Growatt OpenAPI v1 (growatt_v1), synchronous: one method per endpoint."""

    api = "growatt_v1"

    def user_user_register(
        self,
        *,
        user_email: str,
        user_password: str,
        user_type: int,
        user_name: str,
        user_country: str,
        user_tel: str | None = None,
    ) -> UserUserRegisterResult:
        """POST /v1/user/user_register: User Registration

        user_email: Register e-mail
        user_password: Password
        user_type: User type, available value See user_type (1 represents the end user)
        user_name: Username
        user_country: User Country (China or Other)
        user_tel: User phone
        """
        return cast(
            "UserUserRegisterResult",
            self.call(
                "user_user_register",
                user_email=user_email,
                user_password=user_password,
                user_type=user_type,
                user_name=user_name,
                user_country=user_country,
                user_tel=user_tel,
            ),
        )

    def user_check_user(self, *, user_name: str) -> str:
        """POST /v1/user/check_user: Verify that the user name is unique

        user_name: Username
        """
        return cast("str", self.call("user_check_user", user_name=user_name))

    def user_modify(self, *, c_user_id: int, mobile: str | None = None) -> str:
        """POST /v1/user/modify: Modify the user information

        c_user_id: The end user ID
        mobile: Phone number
        """
        return cast("str", self.call("user_modify", c_user_id=c_user_id, mobile=mobile))

    def user_c_user_list(self, *, page: int | None = None, perpage: int | None = None) -> UserCUserListResult:
        """GET /v1/user/c_user_list: Get a list of end users under the business

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast("UserCUserListResult", self.call("user_c_user_list", page=page, perpage=perpage))

    def iter_user_c_user_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[UserCUserListResultCUserItem]:
        """Every item of user_c_user_list, page after page (c_user); page and size default to the spec's."""
        return cast(
            "Iterator[UserCUserListResultCUserItem]",
            self.paginate("user_c_user_list", page=page, perpage=perpage),
        )

    def plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        search_type: Literal["name"] | None = None,
        search_keyword: str | None = None,
    ) -> PlantListResult:
        """GET /v1/plant/list: Obtain a list of users' power stations

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        search_type: Search type, available values see attachment_1:search_type
        search_keyword: Search for the keyword
        """
        return cast(
            "PlantListResult",
            self.call("plant_list", page=page, perpage=perpage, search_type=search_type, search_keyword=search_keyword),
        )

    def iter_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        search_type: Literal["name"] | None = None,
        search_keyword: str | None = None,
    ) -> Iterator[PlantListResultPlantsItem]:
        """Every item of plant_list, page after page (plants); page and size default to the spec's."""
        return cast(
            "Iterator[PlantListResultPlantsItem]",
            self.paginate(
                "plant_list",
                page=page,
                perpage=perpage,
                search_type=search_type,
                search_keyword=search_keyword,
            ),
        )

    def plant_modify(
        self,
        *,
        c_user_id: int,
        plant_id: int,
        name: str,
        peak_power: float,
        currency: Literal["1"] | None = None,
        longitude: float | None = None,
        latitude: float | None = None,
        timezone_id: str | None = None,
    ) -> str:
        """POST /v1/plant/modify: Modify the power station

        c_user_id: The user id to which the plant belongs
        plant_id: Plant ID
        name: Name of Plant
        peak_power: Peak Power (kWp)
        currency: Currency Units, Default 1, Available Values: 1 RMB
        longitude: longitude
        latitude: latitude
        timezone_id: Data shows the time zone code, the default is PRC
        """
        return cast(
            "str",
            self.call(
                "plant_modify",
                c_user_id=c_user_id,
                plant_id=plant_id,
                name=name,
                peak_power=peak_power,
                currency=currency,
                longitude=longitude,
                latitude=latitude,
                timezone_id=timezone_id,
            ),
        )

    def plant_delete(self, *, plant_id: int) -> str:
        """POST /v1/plant/delete: Delete the plant

        plant_id: Plant ID
        """
        return cast("str", self.call("plant_delete", plant_id=plant_id))

    def plant_details(self, *, plant_id: int) -> PlantDetailsResult:
        """GET /v1/plant/details: Get the basic information of a power plant

        plant_id: Plant ID
        """
        return cast("PlantDetailsResult", self.call("plant_details", plant_id=plant_id))

    def plant_data(self, *, plant_id: int) -> PlantDataResult:
        """GET /v1/plant/data: Obtain an overview of the data for a plant

        plant_id: Plant ID
        """
        return cast("PlantDataResult", self.call("plant_data", plant_id=plant_id))

    def plant_energy(
        self,
        *,
        plant_id: int,
        start_date: str,
        end_date: str,
        time_unit: Literal["day", "month", "year"] | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> PlantEnergyResult:
        """GET /v1/plant/energy: Obtain the historical power generation of a power plant

        plant_id: Plant ID
        start_date: Start date, date format see time format
        end_date: End date, date format see time format
        time_unit: Time type, the default is day, the value can be attached to attached 1: time_unit
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "PlantEnergyResult",
            self.call(
                "plant_energy",
                plant_id=plant_id,
                start_date=start_date,
                end_date=end_date,
                time_unit=time_unit,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_plant_energy(
        self,
        *,
        plant_id: int,
        start_date: str,
        end_date: str,
        time_unit: Literal["day", "month", "year"] | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[PlantEnergyResultEnergysItem]:
        """Every item of plant_energy, page after page (energys); page and size default to the spec's."""
        return cast(
            "Iterator[PlantEnergyResultEnergysItem]",
            self.paginate(
                "plant_energy",
                plant_id=plant_id,
                start_date=start_date,
                end_date=end_date,
                time_unit=time_unit,
                page=page,
                perpage=perpage,
            ),
        )

    def plant_power(self, *, plant_id: int, date: str, timezone_id: str | None = None) -> PlantPowerResult:
        """GET /v1/plant/power: To obtain a power plant a day of power data

        plant_id: Plant ID
        date: Date, date format see time format
        timezone_id: Data shows the time zone code, the default is UTC, the value can be used to see attached
            2
        """
        return cast("PlantPowerResult", self.call("plant_power", plant_id=plant_id, date=date, timezone_id=timezone_id))

    def plant_add(
        self,
        *,
        c_user_id: int,
        name: str,
        peak_power: float,
        currency: Literal["1"] | None = None,
        longitude: float | None = None,
        latitude: float | None = None,
        timezone_id: str | None = None,
    ) -> PlantAddResult:
        """POST /v1/plant/add: Add the power plant

        c_user_id: The end user ID to which the plant belongs
        name: Name of Plant
        peak_power: Peak Power (kWp)
        currency: Currency Units, Default 1, Available Values:1 RMB
        longitude: longitude
        latitude: latitude
        timezone_id: Data shows the time zone code, the default is PRC
        """
        return cast(
            "PlantAddResult",
            self.call(
                "plant_add",
                c_user_id=c_user_id,
                name=name,
                peak_power=peak_power,
                currency=currency,
                longitude=longitude,
                latitude=latitude,
                timezone_id=timezone_id,
            ),
        )

    def plant_user_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        user_name: str,
    ) -> PlantUserPlantListResult:
        """POST /v1/plant/user_plant_list: Obtain a list of the users' power stations

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        user_name: User account
        """
        return cast(
            "PlantUserPlantListResult",
            self.call("plant_user_plant_list", page=page, perpage=perpage, user_name=user_name),
        )

    def iter_plant_user_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        user_name: str,
    ) -> Iterator[PlantUserPlantListResultPlantsItem]:
        """Every item of plant_user_plant_list, page after page (plants); page and size default to the spec's."""
        return cast(
            "Iterator[PlantUserPlantListResultPlantsItem]",
            self.paginate("plant_user_plant_list", page=page, perpage=perpage, user_name=user_name),
        )

    def device_datalogger_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceDataloggerListResult:
        """GET /v1/device/datalogger/list: Obtain a list of collectors for a plant

        plant_id: Plant ID
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "DeviceDataloggerListResult",
            self.call("device_datalogger_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    def iter_device_datalogger_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceDataloggerListResultDataloggersItem]:
        """Every item of device_datalogger_list, page after page (dataloggers); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[DeviceDataloggerListResultDataloggersItem]",
            self.paginate("device_datalogger_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    def device_datalogger_add(self, *, plant_id: int, sn: str, c_user_id: int) -> str:
        """POST /v1/device/datalogger/add: Add a collector

        plant_id: Plant ID
        sn: Collector SN
        c_user_id: The user id
        """
        return cast("str", self.call("device_datalogger_add", plant_id=plant_id, sn=sn, c_user_id=c_user_id))

    def device_datalogger_delete(self, *, plant_id: int, sn: str) -> str:
        """POST /v1/device/datalogger/delete: Delete the collector

        plant_id: Plant ID
        sn: Collector SN
        """
        return cast("str", self.call("device_datalogger_delete", plant_id=plant_id, sn=sn))

    def device_list(self, *, plant_id: int, page: int | None = None, perpage: int | None = None) -> DeviceListResult:
        """GET /v1/device/list: Obtain a list of devices for a plant

        plant_id: Plant ID
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast("DeviceListResult", self.call("device_list", plant_id=plant_id, page=page, perpage=perpage))

    def iter_device_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceListResultDevicesItem]:
        """Every item of device_list, page after page (devices); page and size default to the spec's."""
        return cast(
            "Iterator[DeviceListResultDevicesItem]",
            self.paginate("device_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    def device_inverter_data(
        self,
        *,
        device_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceInverterDataResult:
        """GET /v1/device/inverter/data: Obtains the historical data of an inverter

        device_sn: Inverter serial number
        start_date: Start date
        end_date: End date; start / end time up to an interval of 7 days
        timezone_id: time zone code, the default is UTC
        page: page number
        perpage: items per page, default 20, max 100
        """
        return cast(
            "DeviceInverterDataResult",
            self.call(
                "device_inverter_data",
                device_sn=device_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_device_inverter_data(
        self,
        *,
        device_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceInverterDataResultDatasItem]:
        """Every item of device_inverter_data, page after page (datas); page and size default to the spec's."""
        return cast(
            "Iterator[DeviceInverterDataResultDatasItem]",
            self.paginate(
                "device_inverter_data",
                device_sn=device_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def device_inverter_alarm(
        self,
        *,
        device_sn: str,
        date: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceInverterAlarmResult:
        """GET /v1/device/inverter/alarm: Obtains the alarm data of a certain inverter

        device_sn: Inverter serial number
        date: day of the alarms
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "DeviceInverterAlarmResult",
            self.call("device_inverter_alarm", device_sn=device_sn, date=date, page=page, perpage=perpage),
        )

    def iter_device_inverter_alarm(
        self,
        *,
        device_sn: str,
        date: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceInverterAlarmResultAlarmsItem]:
        """Every item of device_inverter_alarm, page after page (alarms); page and size default to the spec's."""
        return cast(
            "Iterator[DeviceInverterAlarmResultAlarmsItem]",
            self.paginate("device_inverter_alarm", device_sn=device_sn, date=date, page=page, perpage=perpage),
        )

    def inverterSet(self, *, device_sn: str, paramId: str, command_1: str, command_2: str | None = None) -> str:
        """POST /v1/inverterSet: Inverter parameter setting

        device_sn: Inverter SN
        paramId: The parameter Id
        command_1: Parameter value 1
        command_2: Parameter value 2, with the value of the need to pass the value, the value of the
            transmission of empty string ""
        """
        return cast(
            "str",
            self.call("inverterSet", device_sn=device_sn, paramId=paramId, command_1=command_1, command_2=command_2),
        )

    def device_inverter_last_new_data(self, *, device_sn: str) -> DeviceInverterLastNewDataResult:
        """GET /v1/device/inverter/last_new_data: Access to the latest real-time data inverter

        device_sn: Inverter SN
        """
        return cast("DeviceInverterLastNewDataResult", self.call("device_inverter_last_new_data", device_sn=device_sn))

    def device_inverter_invs_data(
        self,
        *,
        pageNum: int | None = None,
        inverters: str,
    ) -> dict[str, dict[str, str | DeviceInverterInvsDataResultInverterSnInverterSn]]:
        """POST /v1/device/inverter/invs_data: Batch access to the latest real-time data inverter

        pageNum: page number
        inverters: comma-separated inverter SNs, up to 100
        """
        return cast(
            "dict[str, dict[str, str | DeviceInverterInvsDataResultInverterSnInverterSn]]",
            self.call("device_inverter_invs_data", pageNum=pageNum, inverters=inverters),
        )

    def device_datalogger_validate(self, *, datalogSn: str, valiCode: str) -> DeviceDataloggerValidateResult:
        """POST /v1/device/datalogger/validate: Check the collector SN and check code is qualified

        datalogSn: Collector SN
        valiCode: Verification Code
        """
        return cast(
            "DeviceDataloggerValidateResult",
            self.call("device_datalogger_validate", datalogSn=datalogSn, valiCode=valiCode),
        )

    def device_storage_alarm_data(
        self,
        *,
        storage_sn: str,
        date: str,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceStorageAlarmDataResult:
        """POST /v1/device/storage/alarm_data: Access to a storage energy of the alarm data

        storage_sn: Device unique SN
        date: A date , date format : See time format
        page: Page number , default 1
        perpage: Quantity per page , default 20 , maximum100
        """
        return cast(
            "DeviceStorageAlarmDataResult",
            self.call("device_storage_alarm_data", storage_sn=storage_sn, date=date, page=page, perpage=perpage),
        )

    def iter_device_storage_alarm_data(
        self,
        *,
        storage_sn: str,
        date: str,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceStorageAlarmDataResultAlarmsItem]:
        """Every item of device_storage_alarm_data, page after page (alarms); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[DeviceStorageAlarmDataResultAlarmsItem]",
            self.paginate("device_storage_alarm_data", storage_sn=storage_sn, date=date, page=page, perpage=perpage),
        )

    def storageSet(
        self,
        *,
        storage_sn: str,
        type: str,
        param1: str,
        param2: str | None = None,
        param3: str | None = None,
        param4: str | None = None,
    ) -> str:
        """POST /v1/storageSet: Energy storage machine parameter setting

        storage_sn: Energy storage machine SN
        type: Parameter type Id
        param1: Parameter value 1
        param2: Parameter value 2, there is a need to pass value ,an empty pass-through string " "
        param3: Parameter value 3, there is a need to pass value ,an empty pass-through string " "
        param4: Parameter value 4, there is a need to pass value ,an empty pass-through string " "
        """
        return cast(
            "str",
            self.call(
                "storageSet",
                storage_sn=storage_sn,
                type=type,
                param1=param1,
                param2=param2,
                param3=param3,
                param4=param4,
            ),
        )

    def device_storage_storage_last_data(self, *, storage_sn: str) -> DeviceStorageStorageLastDataResult:
        """POST /v1/device/storage/storage_last_data: Access to the latest energy storage machine real-time data

        storage_sn: Energy storage machine only SN
        """
        return cast(
            "DeviceStorageStorageLastDataResult",
            self.call("device_storage_storage_last_data", storage_sn=storage_sn),
        )

    def device_storage_storage_data(
        self,
        *,
        storage_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceStorageStorageDataResult:
        """POST /v1/device/storage/storage_data: Obtain historical data of an energy storage machine

        storage_sn: Energy storage equipment SN
        start_date: The start date
        end_date: The end date; up to 7 days after start_date
        timezone_id: time zone code, default UTC
        page: page number
        perpage: items per page, default 20, max 100
        """
        return cast(
            "DeviceStorageStorageDataResult",
            self.call(
                "device_storage_storage_data",
                storage_sn=storage_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_device_storage_storage_data(
        self,
        *,
        storage_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> Iterator[DeviceStorageStorageDataResultDatasItem]:
        """Every item of device_storage_storage_data, page after page (datas); page and size default to the
        spec's.
        """
        return cast(
            "Iterator[DeviceStorageStorageDataResultDatasItem]",
            self.paginate(
                "device_storage_storage_data",
                storage_sn=storage_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def device_inverter_inv_data_info(self, *, device_sn: str) -> DeviceInverterInvDataInfoResult:
        """GET /v1/device/inverter/inv_data_info: Get the inverter basic information

        device_sn: Inverter SN
        """
        return cast("DeviceInverterInvDataInfoResult", self.call("device_inverter_inv_data_info", device_sn=device_sn))

    def device_tlx_tlx_last_data(self, *, tlx_sn: str) -> DeviceTlxTlxLastDataResult:
        """POST /v1/device/tlx/tlx_last_data: Latest real-time data of a MIN/TLX inverter

        tlx_sn: MIN/TLX inverter SN
        """
        return cast("DeviceTlxTlxLastDataResult", self.call("device_tlx_tlx_last_data", tlx_sn=tlx_sn))


class AsyncGrowattClient(AsyncClient):
    """Reference client of Growatt OpenAPI v1 (growatt_v1), asynchronous: one method per endpoint."""

    api = "growatt_v1"

    async def user_user_register(
        self,
        *,
        user_email: str,
        user_password: str,
        user_type: int,
        user_name: str,
        user_country: str,
        user_tel: str | None = None,
    ) -> UserUserRegisterResult:
        """POST /v1/user/user_register: User Registration

        user_email: Register e-mail
        user_password: Password
        user_type: User type, available value See user_type (1 represents the end user)
        user_name: Username
        user_country: User Country (China or Other)
        user_tel: User phone
        """
        return cast(
            "UserUserRegisterResult",
            await self.call(
                "user_user_register",
                user_email=user_email,
                user_password=user_password,
                user_type=user_type,
                user_name=user_name,
                user_country=user_country,
                user_tel=user_tel,
            ),
        )

    async def user_check_user(self, *, user_name: str) -> str:
        """POST /v1/user/check_user: Verify that the user name is unique

        user_name: Username
        """
        return cast("str", await self.call("user_check_user", user_name=user_name))

    async def user_modify(self, *, c_user_id: int, mobile: str | None = None) -> str:
        """POST /v1/user/modify: Modify the user information

        c_user_id: The end user ID
        mobile: Phone number
        """
        return cast("str", await self.call("user_modify", c_user_id=c_user_id, mobile=mobile))

    async def user_c_user_list(self, *, page: int | None = None, perpage: int | None = None) -> UserCUserListResult:
        """GET /v1/user/c_user_list: Get a list of end users under the business

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast("UserCUserListResult", await self.call("user_c_user_list", page=page, perpage=perpage))

    def iter_user_c_user_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[UserCUserListResultCUserItem]:
        """Every item of user_c_user_list, page after page (c_user); page and size default to the spec's."""
        return cast(
            "AsyncIterator[UserCUserListResultCUserItem]",
            self.paginate("user_c_user_list", page=page, perpage=perpage),
        )

    async def plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        search_type: Literal["name"] | None = None,
        search_keyword: str | None = None,
    ) -> PlantListResult:
        """GET /v1/plant/list: Obtain a list of users' power stations

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        search_type: Search type, available values see attachment_1:search_type
        search_keyword: Search for the keyword
        """
        return cast(
            "PlantListResult",
            await self.call(
                "plant_list",
                page=page,
                perpage=perpage,
                search_type=search_type,
                search_keyword=search_keyword,
            ),
        )

    def iter_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        search_type: Literal["name"] | None = None,
        search_keyword: str | None = None,
    ) -> AsyncIterator[PlantListResultPlantsItem]:
        """Every item of plant_list, page after page (plants); page and size default to the spec's."""
        return cast(
            "AsyncIterator[PlantListResultPlantsItem]",
            self.paginate(
                "plant_list",
                page=page,
                perpage=perpage,
                search_type=search_type,
                search_keyword=search_keyword,
            ),
        )

    async def plant_modify(
        self,
        *,
        c_user_id: int,
        plant_id: int,
        name: str,
        peak_power: float,
        currency: Literal["1"] | None = None,
        longitude: float | None = None,
        latitude: float | None = None,
        timezone_id: str | None = None,
    ) -> str:
        """POST /v1/plant/modify: Modify the power station

        c_user_id: The user id to which the plant belongs
        plant_id: Plant ID
        name: Name of Plant
        peak_power: Peak Power (kWp)
        currency: Currency Units, Default 1, Available Values: 1 RMB
        longitude: longitude
        latitude: latitude
        timezone_id: Data shows the time zone code, the default is PRC
        """
        return cast(
            "str",
            await self.call(
                "plant_modify",
                c_user_id=c_user_id,
                plant_id=plant_id,
                name=name,
                peak_power=peak_power,
                currency=currency,
                longitude=longitude,
                latitude=latitude,
                timezone_id=timezone_id,
            ),
        )

    async def plant_delete(self, *, plant_id: int) -> str:
        """POST /v1/plant/delete: Delete the plant

        plant_id: Plant ID
        """
        return cast("str", await self.call("plant_delete", plant_id=plant_id))

    async def plant_details(self, *, plant_id: int) -> PlantDetailsResult:
        """GET /v1/plant/details: Get the basic information of a power plant

        plant_id: Plant ID
        """
        return cast("PlantDetailsResult", await self.call("plant_details", plant_id=plant_id))

    async def plant_data(self, *, plant_id: int) -> PlantDataResult:
        """GET /v1/plant/data: Obtain an overview of the data for a plant

        plant_id: Plant ID
        """
        return cast("PlantDataResult", await self.call("plant_data", plant_id=plant_id))

    async def plant_energy(
        self,
        *,
        plant_id: int,
        start_date: str,
        end_date: str,
        time_unit: Literal["day", "month", "year"] | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> PlantEnergyResult:
        """GET /v1/plant/energy: Obtain the historical power generation of a power plant

        plant_id: Plant ID
        start_date: Start date, date format see time format
        end_date: End date, date format see time format
        time_unit: Time type, the default is day, the value can be attached to attached 1: time_unit
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "PlantEnergyResult",
            await self.call(
                "plant_energy",
                plant_id=plant_id,
                start_date=start_date,
                end_date=end_date,
                time_unit=time_unit,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_plant_energy(
        self,
        *,
        plant_id: int,
        start_date: str,
        end_date: str,
        time_unit: Literal["day", "month", "year"] | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[PlantEnergyResultEnergysItem]:
        """Every item of plant_energy, page after page (energys); page and size default to the spec's."""
        return cast(
            "AsyncIterator[PlantEnergyResultEnergysItem]",
            self.paginate(
                "plant_energy",
                plant_id=plant_id,
                start_date=start_date,
                end_date=end_date,
                time_unit=time_unit,
                page=page,
                perpage=perpage,
            ),
        )

    async def plant_power(self, *, plant_id: int, date: str, timezone_id: str | None = None) -> PlantPowerResult:
        """GET /v1/plant/power: To obtain a power plant a day of power data

        plant_id: Plant ID
        date: Date, date format see time format
        timezone_id: Data shows the time zone code, the default is UTC, the value can be used to see attached
            2
        """
        return cast(
            "PlantPowerResult",
            await self.call("plant_power", plant_id=plant_id, date=date, timezone_id=timezone_id),
        )

    async def plant_add(
        self,
        *,
        c_user_id: int,
        name: str,
        peak_power: float,
        currency: Literal["1"] | None = None,
        longitude: float | None = None,
        latitude: float | None = None,
        timezone_id: str | None = None,
    ) -> PlantAddResult:
        """POST /v1/plant/add: Add the power plant

        c_user_id: The end user ID to which the plant belongs
        name: Name of Plant
        peak_power: Peak Power (kWp)
        currency: Currency Units, Default 1, Available Values:1 RMB
        longitude: longitude
        latitude: latitude
        timezone_id: Data shows the time zone code, the default is PRC
        """
        return cast(
            "PlantAddResult",
            await self.call(
                "plant_add",
                c_user_id=c_user_id,
                name=name,
                peak_power=peak_power,
                currency=currency,
                longitude=longitude,
                latitude=latitude,
                timezone_id=timezone_id,
            ),
        )

    async def plant_user_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        user_name: str,
    ) -> PlantUserPlantListResult:
        """POST /v1/plant/user_plant_list: Obtain a list of the users' power stations

        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        user_name: User account
        """
        return cast(
            "PlantUserPlantListResult",
            await self.call("plant_user_plant_list", page=page, perpage=perpage, user_name=user_name),
        )

    def iter_plant_user_plant_list(
        self,
        *,
        page: int | None = None,
        perpage: int | None = None,
        user_name: str,
    ) -> AsyncIterator[PlantUserPlantListResultPlantsItem]:
        """Every item of plant_user_plant_list, page after page (plants); page and size default to the spec's."""
        return cast(
            "AsyncIterator[PlantUserPlantListResultPlantsItem]",
            self.paginate("plant_user_plant_list", page=page, perpage=perpage, user_name=user_name),
        )

    async def device_datalogger_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceDataloggerListResult:
        """GET /v1/device/datalogger/list: Obtain a list of collectors for a plant

        plant_id: Plant ID
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "DeviceDataloggerListResult",
            await self.call("device_datalogger_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    def iter_device_datalogger_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceDataloggerListResultDataloggersItem]:
        """Every item of device_datalogger_list, page after page (dataloggers); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[DeviceDataloggerListResultDataloggersItem]",
            self.paginate("device_datalogger_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    async def device_datalogger_add(self, *, plant_id: int, sn: str, c_user_id: int) -> str:
        """POST /v1/device/datalogger/add: Add a collector

        plant_id: Plant ID
        sn: Collector SN
        c_user_id: The user id
        """
        return cast("str", await self.call("device_datalogger_add", plant_id=plant_id, sn=sn, c_user_id=c_user_id))

    async def device_datalogger_delete(self, *, plant_id: int, sn: str) -> str:
        """POST /v1/device/datalogger/delete: Delete the collector

        plant_id: Plant ID
        sn: Collector SN
        """
        return cast("str", await self.call("device_datalogger_delete", plant_id=plant_id, sn=sn))

    async def device_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceListResult:
        """GET /v1/device/list: Obtain a list of devices for a plant

        plant_id: Plant ID
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast("DeviceListResult", await self.call("device_list", plant_id=plant_id, page=page, perpage=perpage))

    def iter_device_list(
        self,
        *,
        plant_id: int,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceListResultDevicesItem]:
        """Every item of device_list, page after page (devices); page and size default to the spec's."""
        return cast(
            "AsyncIterator[DeviceListResultDevicesItem]",
            self.paginate("device_list", plant_id=plant_id, page=page, perpage=perpage),
        )

    async def device_inverter_data(
        self,
        *,
        device_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceInverterDataResult:
        """GET /v1/device/inverter/data: Obtains the historical data of an inverter

        device_sn: Inverter serial number
        start_date: Start date
        end_date: End date; start / end time up to an interval of 7 days
        timezone_id: time zone code, the default is UTC
        page: page number
        perpage: items per page, default 20, max 100
        """
        return cast(
            "DeviceInverterDataResult",
            await self.call(
                "device_inverter_data",
                device_sn=device_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_device_inverter_data(
        self,
        *,
        device_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceInverterDataResultDatasItem]:
        """Every item of device_inverter_data, page after page (datas); page and size default to the spec's."""
        return cast(
            "AsyncIterator[DeviceInverterDataResultDatasItem]",
            self.paginate(
                "device_inverter_data",
                device_sn=device_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    async def device_inverter_alarm(
        self,
        *,
        device_sn: str,
        date: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceInverterAlarmResult:
        """GET /v1/device/inverter/alarm: Obtains the alarm data of a certain inverter

        device_sn: Inverter serial number
        date: day of the alarms
        page: Page number, default 1
        perpage: Number of pages per page, default 20, maximum 100
        """
        return cast(
            "DeviceInverterAlarmResult",
            await self.call("device_inverter_alarm", device_sn=device_sn, date=date, page=page, perpage=perpage),
        )

    def iter_device_inverter_alarm(
        self,
        *,
        device_sn: str,
        date: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceInverterAlarmResultAlarmsItem]:
        """Every item of device_inverter_alarm, page after page (alarms); page and size default to the spec's."""
        return cast(
            "AsyncIterator[DeviceInverterAlarmResultAlarmsItem]",
            self.paginate("device_inverter_alarm", device_sn=device_sn, date=date, page=page, perpage=perpage),
        )

    async def inverterSet(self, *, device_sn: str, paramId: str, command_1: str, command_2: str | None = None) -> str:
        """POST /v1/inverterSet: Inverter parameter setting

        device_sn: Inverter SN
        paramId: The parameter Id
        command_1: Parameter value 1
        command_2: Parameter value 2, with the value of the need to pass the value, the value of the
            transmission of empty string ""
        """
        return cast(
            "str",
            await self.call(
                "inverterSet",
                device_sn=device_sn,
                paramId=paramId,
                command_1=command_1,
                command_2=command_2,
            ),
        )

    async def device_inverter_last_new_data(self, *, device_sn: str) -> DeviceInverterLastNewDataResult:
        """GET /v1/device/inverter/last_new_data: Access to the latest real-time data inverter

        device_sn: Inverter SN
        """
        return cast(
            "DeviceInverterLastNewDataResult",
            await self.call("device_inverter_last_new_data", device_sn=device_sn),
        )

    async def device_inverter_invs_data(
        self,
        *,
        pageNum: int | None = None,
        inverters: str,
    ) -> dict[str, dict[str, str | DeviceInverterInvsDataResultInverterSnInverterSn]]:
        """POST /v1/device/inverter/invs_data: Batch access to the latest real-time data inverter

        pageNum: page number
        inverters: comma-separated inverter SNs, up to 100
        """
        return cast(
            "dict[str, dict[str, str | DeviceInverterInvsDataResultInverterSnInverterSn]]",
            await self.call("device_inverter_invs_data", pageNum=pageNum, inverters=inverters),
        )

    async def device_datalogger_validate(self, *, datalogSn: str, valiCode: str) -> DeviceDataloggerValidateResult:
        """POST /v1/device/datalogger/validate: Check the collector SN and check code is qualified

        datalogSn: Collector SN
        valiCode: Verification Code
        """
        return cast(
            "DeviceDataloggerValidateResult",
            await self.call("device_datalogger_validate", datalogSn=datalogSn, valiCode=valiCode),
        )

    async def device_storage_alarm_data(
        self,
        *,
        storage_sn: str,
        date: str,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceStorageAlarmDataResult:
        """POST /v1/device/storage/alarm_data: Access to a storage energy of the alarm data

        storage_sn: Device unique SN
        date: A date , date format : See time format
        page: Page number , default 1
        perpage: Quantity per page , default 20 , maximum100
        """
        return cast(
            "DeviceStorageAlarmDataResult",
            await self.call("device_storage_alarm_data", storage_sn=storage_sn, date=date, page=page, perpage=perpage),
        )

    def iter_device_storage_alarm_data(
        self,
        *,
        storage_sn: str,
        date: str,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceStorageAlarmDataResultAlarmsItem]:
        """Every item of device_storage_alarm_data, page after page (alarms); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[DeviceStorageAlarmDataResultAlarmsItem]",
            self.paginate("device_storage_alarm_data", storage_sn=storage_sn, date=date, page=page, perpage=perpage),
        )

    async def storageSet(
        self,
        *,
        storage_sn: str,
        type: str,
        param1: str,
        param2: str | None = None,
        param3: str | None = None,
        param4: str | None = None,
    ) -> str:
        """POST /v1/storageSet: Energy storage machine parameter setting

        storage_sn: Energy storage machine SN
        type: Parameter type Id
        param1: Parameter value 1
        param2: Parameter value 2, there is a need to pass value ,an empty pass-through string " "
        param3: Parameter value 3, there is a need to pass value ,an empty pass-through string " "
        param4: Parameter value 4, there is a need to pass value ,an empty pass-through string " "
        """
        return cast(
            "str",
            await self.call(
                "storageSet",
                storage_sn=storage_sn,
                type=type,
                param1=param1,
                param2=param2,
                param3=param3,
                param4=param4,
            ),
        )

    async def device_storage_storage_last_data(self, *, storage_sn: str) -> DeviceStorageStorageLastDataResult:
        """POST /v1/device/storage/storage_last_data: Access to the latest energy storage machine real-time data

        storage_sn: Energy storage machine only SN
        """
        return cast(
            "DeviceStorageStorageLastDataResult",
            await self.call("device_storage_storage_last_data", storage_sn=storage_sn),
        )

    async def device_storage_storage_data(
        self,
        *,
        storage_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> DeviceStorageStorageDataResult:
        """POST /v1/device/storage/storage_data: Obtain historical data of an energy storage machine

        storage_sn: Energy storage equipment SN
        start_date: The start date
        end_date: The end date; up to 7 days after start_date
        timezone_id: time zone code, default UTC
        page: page number
        perpage: items per page, default 20, max 100
        """
        return cast(
            "DeviceStorageStorageDataResult",
            await self.call(
                "device_storage_storage_data",
                storage_sn=storage_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    def iter_device_storage_storage_data(
        self,
        *,
        storage_sn: str,
        start_date: str,
        end_date: str,
        timezone_id: str | None = None,
        page: int | None = None,
        perpage: int | None = None,
    ) -> AsyncIterator[DeviceStorageStorageDataResultDatasItem]:
        """Every item of device_storage_storage_data, page after page (datas); page and size default to the
        spec's.
        """
        return cast(
            "AsyncIterator[DeviceStorageStorageDataResultDatasItem]",
            self.paginate(
                "device_storage_storage_data",
                storage_sn=storage_sn,
                start_date=start_date,
                end_date=end_date,
                timezone_id=timezone_id,
                page=page,
                perpage=perpage,
            ),
        )

    async def device_inverter_inv_data_info(self, *, device_sn: str) -> DeviceInverterInvDataInfoResult:
        """GET /v1/device/inverter/inv_data_info: Get the inverter basic information

        device_sn: Inverter SN
        """
        return cast(
            "DeviceInverterInvDataInfoResult",
            await self.call("device_inverter_inv_data_info", device_sn=device_sn),
        )

    async def device_tlx_tlx_last_data(self, *, tlx_sn: str) -> DeviceTlxTlxLastDataResult:
        """POST /v1/device/tlx/tlx_last_data: Latest real-time data of a MIN/TLX inverter

        tlx_sn: MIN/TLX inverter SN
        """
        return cast("DeviceTlxTlxLastDataResult", await self.call("device_tlx_tlx_last_data", tlx_sn=tlx_sn))
