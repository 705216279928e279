"""Reference client of AlphaESS AlphaCloud Open API (alphaess_openapi), typed: written by
solarfakes.clients.generate from specs/alphaess_openapi.yaml. Do not edit; regenerate with ``python -m
solarfakes.clients.generate``.
"""

from typing import Any, Literal, Required, TypedDict, cast

from solarfakes.clients.shells import AsyncClient, Client

__all__ = ["AlphaCloudClient", "AsyncAlphaCloudClient"]


class GetEssListResultItem(TypedDict, total=False):
    sysSn: Required[str]
    popv: float
    minv: str
    poinv: float
    cobat: float
    mbat: str
    surplusCobat: float
    usCapacity: float
    emsStatus: str


class GetLastPowerDataResultPpvDetail(TypedDict, total=False):
    ppv1: float | None
    ppv2: float | None
    ppv3: float | None
    ppv4: float | None
    pmeterDc: float | None


class GetLastPowerDataResultPevDetail(TypedDict, total=False):
    ev1Power: float | None
    ev2Power: float | None
    ev3Power: float | None
    ev4Power: float | None


class GetLastPowerDataResultPgridDetail(TypedDict, total=False):
    pmeterL1: float | None
    pmeterL2: float | None
    pmeterL3: float | None


class GetLastPowerDataResult(TypedDict, total=False):
    ppv: float | None
    ppvDetail: GetLastPowerDataResultPpvDetail | None
    soc: float | None
    pev: float | None
    pevDetail: GetLastPowerDataResultPevDetail | None
    prealL1: float | None
    prealL2: float | None
    prealL3: float | None
    pgrid: float | None
    pgridDetail: GetLastPowerDataResultPgridDetail | None
    pload: float | None
    pbat: float | None


class GetOneDayPowerBySnResultItem(TypedDict, total=False):
    sysSn: str
    uploadTime: str
    ppv: float
    load: float
    cbat: float
    feedIn: float
    gridCharge: float
    pchargingPile: float


class GetOneDateEnergyBySnResult(TypedDict, total=False):
    sysSn: str
    theDate: str
    epv: float
    eCharge: float
    eDischarge: float
    eGridCharge: float
    eInput: float
    eOutput: float
    eChargingPile: float


class GetChargeConfigInfoResult(TypedDict, total=False):
    batHighCap: int
    gridCharge: int
    timeChae1: str
    timeChae2: str
    timeChaf1: str
    timeChaf2: str


class GetDisChargeConfigInfoResult(TypedDict, total=False):
    batUseCap: int
    ctrDis: int
    timeDise1: str
    timeDise2: str
    timeDisf1: str
    timeDisf2: str


class GetSumDataForCustomerResult(TypedDict, total=False):
    epvtoday: float | None
    epvtotal: float | None
    eload: float | None
    eoutput: float | None
    einput: float | None
    echarge: float | None
    edischarge: float | None
    todayIncome: float | None
    totalIncome: float | None
    eselfConsumption: float | None
    eselfSufficiency: float | None
    treeNum: float | None
    carbonNum: float | None
    moneyType: str | None


class GetEvChargerConfigListResultItem(TypedDict, total=False):
    evchargerSn: str
    evchargerModel: str


class GetEvChargerCurrentsBySnResult(TypedDict, total=False):
    currentsetting: float


class GetEvChargerStatusBySnResult(TypedDict, total=False):
    evchargerStatus: int


class GetTimeChargeBySnResultChargeTimeListItem(TypedDict, total=False):
    executeCycleType: int
    strategyType: int
    beginTime: str
    endTime: str
    weeks: list[int]
    sort: int
    chargePower: int
    chargeLimit: float


class GetTimeChargeBySnResultDischargeTimeListItem(TypedDict, total=False):
    executeCycleType: int
    strategyType: int
    beginTime: str
    endTime: str
    weeks: list[int]
    sort: int
    chargePower: int
    chargeLimit: float


class GetTimeChargeBySnResult(TypedDict, total=False):
    sysSn: str
    executeCycleType: int
    gridChargeCycle: int
    ctrDisCycle: int
    chargeTimeList: list[GetTimeChargeBySnResultChargeTimeListItem]
    dischargeTimeList: list[GetTimeChargeBySnResultDischargeTimeListItem]


class AlphaCloudClient(Client):
    """Reference client of AlphaESS AlphaCloud Open API (alphaess_openapi), synchronous: one method per endpoint."""

    api = "alphaess_openapi"

    def getEssList(self) -> list[GetEssListResultItem]:
        """GET /api/getEssList: List all ESS units bound to the developer's appId"""
        return cast("list[GetEssListResultItem]", self.call("getEssList"))

    def getLastPowerData(self, *, sysSn: str) -> GetLastPowerDataResult:
        """GET /api/getLastPowerData: Real-time power snapshot of one ESS

        sysSn: system serial number
        """
        return cast("GetLastPowerDataResult", self.call("getLastPowerData", sysSn=sysSn))

    def getOneDayPowerBySn(self, *, sysSn: str, queryDate: str) -> list[GetOneDayPowerBySnResultItem]:
        """GET /api/getOneDayPowerBySn: Power time series of one ESS for one day (about 288 samples)

        sysSn: system serial number
        queryDate: the day, YYYY-MM-DD
        """
        return cast(
            "list[GetOneDayPowerBySnResultItem]",
            self.call("getOneDayPowerBySn", sysSn=sysSn, queryDate=queryDate),
        )

    def getOneDateEnergyBySn(self, *, sysSn: str, queryDate: str) -> GetOneDateEnergyBySnResult:
        """GET /api/getOneDateEnergyBySn: Energy totals (kWh) of one ESS for one day

        sysSn: system serial number
        queryDate: the day, YYYY-MM-DD
        """
        return cast("GetOneDateEnergyBySnResult", self.call("getOneDateEnergyBySn", sysSn=sysSn, queryDate=queryDate))

    def getChargeConfigInfo(self, *, sysSn: str) -> GetChargeConfigInfoResult:
        """GET /api/getChargeConfigInfo: Read the grid-charging schedule and the charge-stop SOC

        sysSn: system serial number
        """
        return cast("GetChargeConfigInfoResult", self.call("getChargeConfigInfo", sysSn=sysSn))

    def updateChargeConfigInfo(
        self,
        *,
        sysSn: str,
        batHighCap: int,
        gridCharge: Literal[0, 1],
        timeChae1: str,
        timeChae2: str,
        timeChaf1: str,
        timeChaf2: str,
    ) -> None:
        """POST /api/updateChargeConfigInfo: Set the grid-charging schedule and the charge-stop SOC (full
        replacement, all seven fields)

        sysSn: system serial number
        batHighCap: charging stops at this SOC (%)
        gridCharge: 1 enables grid charging
        timeChae1: charge period 1 end
        timeChae2: charge period 2 end
        timeChaf1: charge period 1 start
        timeChaf2: charge period 2 start
        """
        return cast(
            "None",
            self.call(
                "updateChargeConfigInfo",
                sysSn=sysSn,
                batHighCap=batHighCap,
                gridCharge=gridCharge,
                timeChae1=timeChae1,
                timeChae2=timeChae2,
                timeChaf1=timeChaf1,
                timeChaf2=timeChaf2,
            ),
        )

    def getDisChargeConfigInfo(self, *, sysSn: str) -> GetDisChargeConfigInfoResult:
        """GET /api/getDisChargeConfigInfo: Read the battery discharge schedule and the discharge cut-off SOC

        sysSn: system serial number
        """
        return cast("GetDisChargeConfigInfoResult", self.call("getDisChargeConfigInfo", sysSn=sysSn))

    def updateDisChargeConfigInfo(
        self,
        *,
        sysSn: str,
        batUseCap: int,
        ctrDis: Literal[0, 1],
        timeDise1: str,
        timeDise2: str,
        timeDisf1: str,
        timeDisf2: str,
    ) -> None:
        """POST /api/updateDisChargeConfigInfo: Set the battery discharge schedule and the discharge cut-off SOC
        (full replacement, all seven fields)

        sysSn: system serial number
        batUseCap: discharge cut-off SOC, the minimum reserve (%)
        ctrDis: enable discharge: 1 enabled, 0 disabled
        timeDise1: discharge period 1 end
        timeDise2: discharge period 2 end
        timeDisf1: discharge period 1 start
        timeDisf2: discharge period 2 start
        """
        return cast(
            "None",
            self.call(
                "updateDisChargeConfigInfo",
                sysSn=sysSn,
                batUseCap=batUseCap,
                ctrDis=ctrDis,
                timeDise1=timeDise1,
                timeDise2=timeDise2,
                timeDisf1=timeDisf1,
                timeDisf2=timeDisf2,
            ),
        )

    def getSumDataForCustomer(self, *, sysSn: str) -> GetSumDataForCustomerResult:
        """GET /api/getSumDataForCustomer: System summary (today's and lifetime energy, income, environmental
        figures)
        """
        return cast("GetSumDataForCustomerResult", self.call("getSumDataForCustomer", sysSn=sysSn))

    def getVerificationCode(self, *, sysSn: str, checkCode: str) -> None:
        """GET /api/getVerificationCode: Have a verification code e-mailed to the system owner (first step of
        binding an SN to the appId)

        checkCode: the system's CheckCode from the device label
        """
        return cast("None", self.call("getVerificationCode", sysSn=sysSn, checkCode=checkCode))

    def bindSn(self, *, sysSn: str, code: str) -> None:
        """POST /api/bindSn: Bind an SN to the appId with the e-mailed verification code

        code: verification code from getVerificationCode's e-mail
        """
        return cast("None", self.call("bindSn", sysSn=sysSn, code=code))

    def unBindSn(self, *, sysSn: str) -> None:
        """POST /api/unBindSn: Unbind an SN from the appId"""
        return cast("None", self.call("unBindSn", sysSn=sysSn))

    def getEvChargerConfigList(self, *, sysSn: str) -> list[GetEvChargerConfigListResultItem]:
        """GET /api/getEvChargerConfigList: List the EV chargers of a system"""
        return cast("list[GetEvChargerConfigListResultItem]", self.call("getEvChargerConfigList", sysSn=sysSn))

    def getEvChargerCurrentsBySn(self, *, sysSn: str) -> GetEvChargerCurrentsBySnResult:
        """GET /api/getEvChargerCurrentsBySn: Read the household current setting of the EV charger"""
        return cast("GetEvChargerCurrentsBySnResult", self.call("getEvChargerCurrentsBySn", sysSn=sysSn))

    def setEvChargerCurrentsBySn(self, *, sysSn: str, currentsetting: float) -> None:
        """POST /api/setEvChargerCurrentsBySn: Set the household current setting of the EV charger

        currentsetting: household current in A
        """
        return cast("None", self.call("setEvChargerCurrentsBySn", sysSn=sysSn, currentsetting=currentsetting))

    def getEvChargerStatusBySn(self, *, sysSn: str, evchargerSn: str) -> GetEvChargerStatusBySnResult:
        """GET /api/getEvChargerStatusBySn: Read the status of one EV charger

        evchargerSn: from getEvChargerConfigList
        """
        return cast(
            "GetEvChargerStatusBySnResult",
            self.call("getEvChargerStatusBySn", sysSn=sysSn, evchargerSn=evchargerSn),
        )

    def remoteControlEvCharger(self, *, sysSn: str, evchargerSn: str, controlMode: Literal[0, 1]) -> None:
        """POST /api/remoteControlEvCharger: Start or stop charging on one EV charger"""
        return cast(
            "None",
            self.call("remoteControlEvCharger", sysSn=sysSn, evchargerSn=evchargerSn, controlMode=controlMode),
        )

    def getTimeChargeBySn(self, *, sysSn: str) -> GetTimeChargeBySnResult:
        """GET /api/getTimeChargeBySn: Read the periodic (weekly) charge/discharge schedule"""
        return cast("GetTimeChargeBySnResult", self.call("getTimeChargeBySn", sysSn=sysSn))

    def setTimeChargeBySn(
        self,
        *,
        sysSn: str,
        executeCycleType: Literal[0, 1],
        gridChargeCycle: Literal[0, 1] | None = None,
        ctrDisCycle: Literal[0, 1] | None = None,
        chargeTimeList: list[dict[str, Any]],
        dischargeTimeList: list[dict[str, Any]],
    ) -> None:
        """POST /api/setTimeChargeBySn: Set the periodic (weekly) charge/discharge schedule

        executeCycleType: 0 daily, 1 weekly
        """
        return cast(
            "None",
            self.call(
                "setTimeChargeBySn",
                sysSn=sysSn,
                executeCycleType=executeCycleType,
                gridChargeCycle=gridChargeCycle,
                ctrDisCycle=ctrDisCycle,
                chargeTimeList=chargeTimeList,
                dischargeTimeList=dischargeTimeList,
            ),
        )


class AsyncAlphaCloudClient(AsyncClient):
    """Reference client of AlphaESS AlphaCloud Open API (alphaess_openapi), asynchronous: one method per
    endpoint.
    """

    api = "alphaess_openapi"

    async def getEssList(self) -> list[GetEssListResultItem]:
        """GET /api/getEssList: List all ESS units bound to the developer's appId"""
        return cast("list[GetEssListResultItem]", await self.call("getEssList"))

    async def getLastPowerData(self, *, sysSn: str) -> GetLastPowerDataResult:
        """GET /api/getLastPowerData: Real-time power snapshot of one ESS

        sysSn: system serial number
        """
        return cast("GetLastPowerDataResult", await self.call("getLastPowerData", sysSn=sysSn))

    async def getOneDayPowerBySn(self, *, sysSn: str, queryDate: str) -> list[GetOneDayPowerBySnResultItem]:
        """GET /api/getOneDayPowerBySn: Power time series of one ESS for one day (about 288 samples)

        sysSn: system serial number
        queryDate: the day, YYYY-MM-DD
        """
        return cast(
            "list[GetOneDayPowerBySnResultItem]",
            await self.call("getOneDayPowerBySn", sysSn=sysSn, queryDate=queryDate),
        )

    async def getOneDateEnergyBySn(self, *, sysSn: str, queryDate: str) -> GetOneDateEnergyBySnResult:
        """GET /api/getOneDateEnergyBySn: Energy totals (kWh) of one ESS for one day

        sysSn: system serial number
        queryDate: the day, YYYY-MM-DD
        """
        return cast(
            "GetOneDateEnergyBySnResult",
            await self.call("getOneDateEnergyBySn", sysSn=sysSn, queryDate=queryDate),
        )

    async def getChargeConfigInfo(self, *, sysSn: str) -> GetChargeConfigInfoResult:
        """GET /api/getChargeConfigInfo: Read the grid-charging schedule and the charge-stop SOC

        sysSn: system serial number
        """
        return cast("GetChargeConfigInfoResult", await self.call("getChargeConfigInfo", sysSn=sysSn))

    async def updateChargeConfigInfo(
        self,
        *,
        sysSn: str,
        batHighCap: int,
        gridCharge: Literal[0, 1],
        timeChae1: str,
        timeChae2: str,
        timeChaf1: str,
        timeChaf2: str,
    ) -> None:
        """POST /api/updateChargeConfigInfo: Set the grid-charging schedule and the charge-stop SOC (full
        replacement, all seven fields)

        sysSn: system serial number
        batHighCap: charging stops at this SOC (%)
        gridCharge: 1 enables grid charging
        timeChae1: charge period 1 end
        timeChae2: charge period 2 end
        timeChaf1: charge period 1 start
        timeChaf2: charge period 2 start
        """
        return cast(
            "None",
            await self.call(
                "updateChargeConfigInfo",
                sysSn=sysSn,
                batHighCap=batHighCap,
                gridCharge=gridCharge,
                timeChae1=timeChae1,
                timeChae2=timeChae2,
                timeChaf1=timeChaf1,
                timeChaf2=timeChaf2,
            ),
        )

    async def getDisChargeConfigInfo(self, *, sysSn: str) -> GetDisChargeConfigInfoResult:
        """GET /api/getDisChargeConfigInfo: Read the battery discharge schedule and the discharge cut-off SOC

        sysSn: system serial number
        """
        return cast("GetDisChargeConfigInfoResult", await self.call("getDisChargeConfigInfo", sysSn=sysSn))

    async def updateDisChargeConfigInfo(
        self,
        *,
        sysSn: str,
        batUseCap: int,
        ctrDis: Literal[0, 1],
        timeDise1: str,
        timeDise2: str,
        timeDisf1: str,
        timeDisf2: str,
    ) -> None:
        """POST /api/updateDisChargeConfigInfo: Set the battery discharge schedule and the discharge cut-off SOC
        (full replacement, all seven fields)

        sysSn: system serial number
        batUseCap: discharge cut-off SOC, the minimum reserve (%)
        ctrDis: enable discharge: 1 enabled, 0 disabled
        timeDise1: discharge period 1 end
        timeDise2: discharge period 2 end
        timeDisf1: discharge period 1 start
        timeDisf2: discharge period 2 start
        """
        return cast(
            "None",
            await self.call(
                "updateDisChargeConfigInfo",
                sysSn=sysSn,
                batUseCap=batUseCap,
                ctrDis=ctrDis,
                timeDise1=timeDise1,
                timeDise2=timeDise2,
                timeDisf1=timeDisf1,
                timeDisf2=timeDisf2,
            ),
        )

    async def getSumDataForCustomer(self, *, sysSn: str) -> GetSumDataForCustomerResult:
        """GET /api/getSumDataForCustomer: System summary (today's and lifetime energy, income, environmental
        figures)
        """
        return cast("GetSumDataForCustomerResult", await self.call("getSumDataForCustomer", sysSn=sysSn))

    async def getVerificationCode(self, *, sysSn: str, checkCode: str) -> None:
        """GET /api/getVerificationCode: Have a verification code e-mailed to the system owner (first step of
        binding an SN to the appId)

        checkCode: the system's CheckCode from the device label
        """
        return cast("None", await self.call("getVerificationCode", sysSn=sysSn, checkCode=checkCode))

    async def bindSn(self, *, sysSn: str, code: str) -> None:
        """POST /api/bindSn: Bind an SN to the appId with the e-mailed verification code

        code: verification code from getVerificationCode's e-mail
        """
        return cast("None", await self.call("bindSn", sysSn=sysSn, code=code))

    async def unBindSn(self, *, sysSn: str) -> None:
        """POST /api/unBindSn: Unbind an SN from the appId"""
        return cast("None", await self.call("unBindSn", sysSn=sysSn))

    async def getEvChargerConfigList(self, *, sysSn: str) -> list[GetEvChargerConfigListResultItem]:
        """GET /api/getEvChargerConfigList: List the EV chargers of a system"""
        return cast("list[GetEvChargerConfigListResultItem]", await self.call("getEvChargerConfigList", sysSn=sysSn))

    async def getEvChargerCurrentsBySn(self, *, sysSn: str) -> GetEvChargerCurrentsBySnResult:
        """GET /api/getEvChargerCurrentsBySn: Read the household current setting of the EV charger"""
        return cast("GetEvChargerCurrentsBySnResult", await self.call("getEvChargerCurrentsBySn", sysSn=sysSn))

    async def setEvChargerCurrentsBySn(self, *, sysSn: str, currentsetting: float) -> None:
        """POST /api/setEvChargerCurrentsBySn: Set the household current setting of the EV charger

        currentsetting: household current in A
        """
        return cast("None", await self.call("setEvChargerCurrentsBySn", sysSn=sysSn, currentsetting=currentsetting))

    async def getEvChargerStatusBySn(self, *, sysSn: str, evchargerSn: str) -> GetEvChargerStatusBySnResult:
        """GET /api/getEvChargerStatusBySn: Read the status of one EV charger

        evchargerSn: from getEvChargerConfigList
        """
        return cast(
            "GetEvChargerStatusBySnResult",
            await self.call("getEvChargerStatusBySn", sysSn=sysSn, evchargerSn=evchargerSn),
        )

    async def remoteControlEvCharger(self, *, sysSn: str, evchargerSn: str, controlMode: Literal[0, 1]) -> None:
        """POST /api/remoteControlEvCharger: Start or stop charging on one EV charger"""
        return cast(
            "None",
            await self.call("remoteControlEvCharger", sysSn=sysSn, evchargerSn=evchargerSn, controlMode=controlMode),
        )

    async def getTimeChargeBySn(self, *, sysSn: str) -> GetTimeChargeBySnResult:
        """GET /api/getTimeChargeBySn: Read the periodic (weekly) charge/discharge schedule"""
        return cast("GetTimeChargeBySnResult", await self.call("getTimeChargeBySn", sysSn=sysSn))

    async def setTimeChargeBySn(
        self,
        *,
        sysSn: str,
        executeCycleType: Literal[0, 1],
        gridChargeCycle: Literal[0, 1] | None = None,
        ctrDisCycle: Literal[0, 1] | None = None,
        chargeTimeList: list[dict[str, Any]],
        dischargeTimeList: list[dict[str, Any]],
    ) -> None:
        """POST /api/setTimeChargeBySn: Set the periodic (weekly) charge/discharge schedule

        executeCycleType: 0 daily, 1 weekly
        """
        return cast(
            "None",
            await self.call(
                "setTimeChargeBySn",
                sysSn=sysSn,
                executeCycleType=executeCycleType,
                gridChargeCycle=gridChargeCycle,
                ctrDisCycle=ctrDisCycle,
                chargeTimeList=chargeTimeList,
                dischargeTimeList=dischargeTimeList,
            ),
        )
