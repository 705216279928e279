"""Reference client of AlphaESS Web Monitoring API (ras/v2) (alphaess_ras_v2), typed: written by
solarfakes.clients.generate from specs/alphaess_ras_v2.yaml. Do not edit; regenerate with ``python -m
solarfakes.clients.generate``.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, Required, TypedDict, cast

from solarfakes.clients.shells import AsyncClient, Client

__all__ = ["AsyncRasV2Client", "RasV2Client"]


class LoginResult(TypedDict, total=False):
    UserType: Required[str]
    Token: Required[str]


class GetSystemListResultItemsItem(TypedDict, total=False):
    Id: Required[str]
    Sn: Required[str]
    SystemModel: Required[str | None]
    Cobat: Required[float | None]
    UsableCapacity: Required[float | None]
    Mbat: Required[str | None]
    Poinv: Required[float | None]
    Popv: Required[float | None]
    Remark: Required[str | None]
    Solution: Required[str | None]
    EmsVersion: Required[str | None]
    BmsVersion: Required[str | None]
    InvVersion: Required[str | None]
    InvModel: Required[str | None]
    MeterModel: Required[str | None]
    MeterPhase: Required[int | None]
    SetFeed: Required[int | None]
    NetWorkStatus: Required[int | None]
    State: Required[str | None]
    EndUser: Required[str | None]
    TransFrequency: Required[int | None]
    ListWeatherForecast: Required[list[dict[str, Any]] | None]


class GetSystemListResult(TypedDict, total=False):
    PageIndex: Required[int]
    PageSize: Required[int]
    TotalCount: Required[int]
    TotalPageCount: Required[int]
    HasNextPage: Required[bool]
    HasPreviousPage: Required[bool]
    Items: Required[list[GetSystemListResultItemsItem]]


class GetEnergySummaryResultItem(TypedDict, total=False):
    Id: Required[str]
    Sn: Required[str]
    EGrid2Load: Required[float | None]
    EGridCharge: Required[float | None]
    Ebat: Required[float | None]
    Echarge: Required[float | None]
    Eeff: Required[float | None]
    Einput: Required[float | None]
    Eload: Required[float | None]
    Eoutput: Required[float | None]
    Epv2Load: Required[float | None]
    Epvtotal: Required[float | None]
    EselfConsumption: Required[float | None]
    EselfSufficiency: Required[float | None]
    TotalIncome: Required[float | None]


class GetRunningDataResultItem(TypedDict, total=False):
    Id: Required[str]
    Sn: Required[str]
    UploadTime: Required[str | None]
    Ppv1: Required[float | None]
    Ppv2: Required[float | None]
    Upv1: Required[float | None]
    Upv2: Required[float | None]
    Ua: Required[float | None]
    Ub: Required[float | None]
    Uc: Required[float | None]
    Fac: Required[float | None]
    Ubus: Required[float | None]
    PrealL1: Required[float | None]
    PrealL2: Required[float | None]
    PrealL3: Required[float | None]
    Tinv: Required[float | None]
    PacL1: Required[float | None]
    PacL2: Required[float | None]
    PacL3: Required[float | None]
    InvworkMode: Required[int | None]
    EpvTotal: Required[float | None]
    Einput: Required[float | None]
    Eoutput: Required[float | None]
    Echarge: Required[float | None]
    PmeterL1: Required[float | None]
    PmeterL2: Required[float | None]
    PmeterL3: Required[float | None]
    PmeterDc: Required[float | None]
    Pbat: Required[float | None]
    Soc: Required[float | None]
    Batv: Required[float | None]
    Batc: Required[float | None]
    FlagBms: Required[str | None]
    BmsWork: Required[int | None]
    Pcharge: Required[int | None]
    Pdischarge: Required[int | None]
    BmsRelay: Required[str | None]
    BmsNum: Required[str | None]
    VcellLow: Required[str | None]
    VcellHigh: Required[str | None]
    TcellLow: Required[str | None]
    TcellHigh: Required[str | None]
    IdTempLover: Required[str | None]
    IdTempEover: Required[str | None]
    IdTempediffe: Required[str | None]
    IdChargcurre: Required[str | None]
    IdDischcurre: Required[str | None]
    IdCellvolover: Required[str | None]
    IdCellvollower: Required[str | None]
    IdSoclower: Required[str | None]
    IdCellvoldiffe: Required[str | None]
    BatC1: Required[float | None]
    BatC2: Required[float | None]
    BatC3: Required[float | None]
    BatC4: Required[float | None]
    BatC5: Required[float | None]
    BatC6: Required[float | None]
    ErrInv: Required[str | None]
    WarInv: Required[str | None]
    ErrEms: Required[str | None]
    ErrBms: Required[str | None]
    ErrMeter: Required[str | None]
    ErrBackupBox: Required[str | None]
    EGridCharge: Required[float | None]
    EmsStatus: Required[str | None]
    EDischarge: Required[float | None]
    Soc1: Required[float | None]
    Soc2: Required[float | None]
    Soc3: Required[float | None]
    Soc4: Required[float | None]
    Soc5: Required[float | None]
    Soc6: Required[float | None]
    VcellLowValue: Required[float | None]
    VcellHighValue: Required[float | None]
    TcellLowValue: Required[float | None]
    TcellHighValue: Required[float | None]
    InvBatV: Required[float | None]
    BmsShutdown: Required[int | None]
    BmuRelay: Required[int | None]
    BmsHardVer1: Required[int | None]
    BmsHardVer2: Required[int | None]
    BmsHardVer3: Required[int | None]
    DispatchSwitch: Required[float | None]
    Pdispatch: Required[float | None]
    DispatchSoc: Required[float | None]
    DispatchMode: Required[float | None]


class GetHistoryRunningDataResultItem(TypedDict, total=False):
    Id: Required[str]
    Sn: Required[str]
    UploadTime: Required[str | None]
    Ppv1: Required[float | None]
    Ppv2: Required[float | None]
    Upv1: Required[float | None]
    Upv2: Required[float | None]
    Ua: Required[float | None]
    Ub: Required[float | None]
    Uc: Required[float | None]
    Fac: Required[float | None]
    Ubus: Required[float | None]
    PrealL1: Required[float | None]
    PrealL2: Required[float | None]
    PrealL3: Required[float | None]
    Tinv: Required[float | None]
    PacL1: Required[float | None]
    PacL2: Required[float | None]
    PacL3: Required[float | None]
    InvworkMode: Required[int | None]
    EpvTotal: Required[float | None]
    Einput: Required[float | None]
    Eoutput: Required[float | None]
    Echarge: Required[float | None]
    PmeterL1: Required[float | None]
    PmeterL2: Required[float | None]
    PmeterL3: Required[float | None]
    PmeterDc: Required[float | None]
    Pbat: Required[float | None]
    Soc: Required[float | None]
    Batv: Required[float | None]
    Batc: Required[float | None]
    FlagBms: Required[str | None]
    BmsWork: Required[int | None]
    Pcharge: Required[int | None]
    Pdischarge: Required[int | None]
    BmsRelay: Required[str | None]
    BmsNum: Required[str | None]
    VcellLow: Required[str | None]
    VcellHigh: Required[str | None]
    TcellLow: Required[str | None]
    TcellHigh: Required[str | None]
    IdTempLover: Required[str | None]
    IdTempEover: Required[str | None]
    IdTempediffe: Required[str | None]
    IdChargcurre: Required[str | None]
    IdDischcurre: Required[str | None]
    IdCellvolover: Required[str | None]
    IdCellvollower: Required[str | None]
    IdSoclower: Required[str | None]
    IdCellvoldiffe: Required[str | None]
    BatC1: Required[float | None]
    BatC2: Required[float | None]
    BatC3: Required[float | None]
    BatC4: Required[float | None]
    BatC5: Required[float | None]
    BatC6: Required[float | None]
    ErrInv: Required[str | None]
    WarInv: Required[str | None]
    ErrEms: Required[str | None]
    ErrBms: Required[str | None]
    ErrMeter: Required[str | None]
    ErrBackupBox: Required[str | None]
    EGridCharge: Required[float | None]
    EmsStatus: Required[str | None]
    EDischarge: Required[float | None]
    Soc1: Required[float | None]
    Soc2: Required[float | None]
    Soc3: Required[float | None]
    Soc4: Required[float | None]
    Soc5: Required[float | None]
    Soc6: Required[float | None]
    VcellLowValue: Required[float | None]
    VcellHighValue: Required[float | None]
    TcellLowValue: Required[float | None]
    TcellHighValue: Required[float | None]
    InvBatV: Required[float | None]
    BmsShutdown: Required[int | None]
    BmuRelay: Required[int | None]
    BmsHardVer1: Required[int | None]
    BmsHardVer2: Required[int | None]
    BmsHardVer3: Required[int | None]
    DispatchSwitch: Required[float | None]
    Pdispatch: Required[float | None]
    DispatchSoc: Required[float | None]
    DispatchMode: Required[float | None]


class GetLastPowerDataResultItemsItem(TypedDict, total=False):
    Id: Required[str]
    Sn: Required[str]
    UploadTime: Required[str | None]
    Ppv1: Required[float | None]
    Ppv2: Required[float | None]
    PrealL1: Required[float | None]
    PrealL2: Required[float | None]
    PrealL3: Required[float | None]
    PmeterL1: Required[float | None]
    PmeterL2: Required[float | None]
    PmeterL3: Required[float | None]
    PmeterDc: Required[float | None]
    Pbat: Required[float | None]
    Pva: Required[float | None]
    VarAC: Required[float | None]
    VarDC: Required[float | None]


class GetLastPowerDataResult(TypedDict, total=False):
    PageIndex: Required[int]
    PageSize: Required[int]
    TotalCount: Required[int]
    TotalPageCount: Required[int]
    HasNextPage: Required[bool]
    HasPreviousPage: Required[bool]
    Items: Required[list[GetLastPowerDataResultItemsItem]]


class RasV2Client(Client):
    """Reference client of AlphaESS Web Monitoring API (ras/v2) (alphaess_ras_v2), synchronous: one method per
    endpoint.
    """

    api = "alphaess_ras_v2"

    def Login(self) -> LoginResult:
        """POST /ras/v2/Login: Log in; returns the user type and a Token"""
        return cast("LoginResult", self.call("Login"))

    def GetSystemList(self, *, pageindex: int | None = None, pagesize: int | None = None) -> GetSystemListResult | None:
        """POST /ras/v2/GetSystemList: Acquire system list of different end users

        pageindex: Page Index (Default to 1)
        pagesize: Page Size(Default to 10)
        """
        return cast("GetSystemListResult | None", self.call("GetSystemList", pageindex=pageindex, pagesize=pagesize))

    def iter_GetSystemList(
        self,
        *,
        pageindex: int | None = None,
        pagesize: int | None = None,
    ) -> Iterator[GetSystemListResultItemsItem]:
        """Every item of GetSystemList, page after page (Items); page and size default to the spec's."""
        return cast(
            "Iterator[GetSystemListResultItemsItem]",
            self.paginate("GetSystemList", pageindex=pageindex, pagesize=pagesize),
        )

    def GetEnergySummary(self, *, Sn: str | None = None, TheDate: str) -> list[GetEnergySummaryResultItem] | None:
        """POST /ras/v2/GetEnergySummary: Acquire energy summary of system for one day

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        TheDate: Returns data on the specified date(date format: yyyy-MM-dd)
        """
        return cast("list[GetEnergySummaryResultItem] | None", self.call("GetEnergySummary", Sn=Sn, TheDate=TheDate))

    def GetRunningData(self, *, Sn: str | None = None) -> list[GetRunningDataResultItem] | None:
        """POST /ras/v2/GetRunningData: Access to the latest system routine operating data (one piece of data per
        5 minutes)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        """
        return cast("list[GetRunningDataResultItem] | None", self.call("GetRunningData", Sn=Sn))

    def GetHistoryRunningData(
        self,
        *,
        Sn: str | None = None,
        Starttime: str,
        endtime: str,
    ) -> list[GetHistoryRunningDataResultItem] | None:
        """POST /ras/v2/GetHistoryRunningData: Access to the historical system routine operating data (Get one
        day at a time)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        Starttime: Historical data start time (Format: yyyy/MM/dd HH:mm:ss)
        endtime: Historical data end time (Format: yyyy/MM/dd HH:mm:ss)
        """
        return cast(
            "list[GetHistoryRunningDataResultItem] | None",
            self.call("GetHistoryRunningData", Sn=Sn, Starttime=Starttime, endtime=endtime),
        )

    def GetLastPowerData(self, *, Sn: str | None = None) -> GetLastPowerDataResult | None:
        """POST /ras/v2/GetLastPowerData: Acquire data of system power (one data per 10 seconds)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        """
        return cast("GetLastPowerDataResult | None", self.call("GetLastPowerData", Sn=Sn))

    def RemoteDispatch(
        self,
        *,
        Sn: str | None = None,
        ActivePower: int,
        ReactivePower: int,
        SOC: float,
        Status: Literal[0, 1],
        ControlMode: Literal[1, 2, 3],
    ) -> None:
        """POST /ras/v2/RemoteDispatch: Send system dispatch commands (the command will automatically stop after
        90 seconds)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        ActivePower: Inverter storage active power. 1 W/bit, offset 32000: < 32000 charge, > 32000 discharge
            (34500 = discharge 2500 W)
        ReactivePower: Inverter storage reactive power. 1 W/bit, offset 32000: < 32000 charge, > 32000
            discharge
        SOC: Force storage to reach SOC. 0.4 %/bit, offset 0 (95 = 38 %)
        Status: power grid dispatching (1:start , 0:stop)
        ControlMode: 1:Battery only charges from PV 2:State of Charge control 3:Load Following
        """
        return cast(
            "None",
            self.call(
                "RemoteDispatch",
                Sn=Sn,
                ActivePower=ActivePower,
                ReactivePower=ReactivePower,
                SOC=SOC,
                Status=Status,
                ControlMode=ControlMode,
            ),
        )


class AsyncRasV2Client(AsyncClient):
    """Reference client of AlphaESS Web Monitoring API (ras/v2) (alphaess_ras_v2), asynchronous: one method per
    endpoint.
    """

    api = "alphaess_ras_v2"

    async def Login(self) -> LoginResult:
        """POST /ras/v2/Login: Log in; returns the user type and a Token"""
        return cast("LoginResult", await self.call("Login"))

    async def GetSystemList(
        self,
        *,
        pageindex: int | None = None,
        pagesize: int | None = None,
    ) -> GetSystemListResult | None:
        """POST /ras/v2/GetSystemList: Acquire system list of different end users

        pageindex: Page Index (Default to 1)
        pagesize: Page Size(Default to 10)
        """
        return cast(
            "GetSystemListResult | None",
            await self.call("GetSystemList", pageindex=pageindex, pagesize=pagesize),
        )

    def iter_GetSystemList(
        self,
        *,
        pageindex: int | None = None,
        pagesize: int | None = None,
    ) -> AsyncIterator[GetSystemListResultItemsItem]:
        """Every item of GetSystemList, page after page (Items); page and size default to the spec's."""
        return cast(
            "AsyncIterator[GetSystemListResultItemsItem]",
            self.paginate("GetSystemList", pageindex=pageindex, pagesize=pagesize),
        )

    async def GetEnergySummary(self, *, Sn: str | None = None, TheDate: str) -> list[GetEnergySummaryResultItem] | None:
        """POST /ras/v2/GetEnergySummary: Acquire energy summary of system for one day

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        TheDate: Returns data on the specified date(date format: yyyy-MM-dd)
        """
        return cast(
            "list[GetEnergySummaryResultItem] | None",
            await self.call("GetEnergySummary", Sn=Sn, TheDate=TheDate),
        )

    async def GetRunningData(self, *, Sn: str | None = None) -> list[GetRunningDataResultItem] | None:
        """POST /ras/v2/GetRunningData: Access to the latest system routine operating data (one piece of data per
        5 minutes)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        """
        return cast("list[GetRunningDataResultItem] | None", await self.call("GetRunningData", Sn=Sn))

    async def GetHistoryRunningData(
        self,
        *,
        Sn: str | None = None,
        Starttime: str,
        endtime: str,
    ) -> list[GetHistoryRunningDataResultItem] | None:
        """POST /ras/v2/GetHistoryRunningData: Access to the historical system routine operating data (Get one
        day at a time)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        Starttime: Historical data start time (Format: yyyy/MM/dd HH:mm:ss)
        endtime: Historical data end time (Format: yyyy/MM/dd HH:mm:ss)
        """
        return cast(
            "list[GetHistoryRunningDataResultItem] | None",
            await self.call("GetHistoryRunningData", Sn=Sn, Starttime=Starttime, endtime=endtime),
        )

    async def GetLastPowerData(self, *, Sn: str | None = None) -> GetLastPowerDataResult | None:
        """POST /ras/v2/GetLastPowerData: Acquire data of system power (one data per 10 seconds)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        """
        return cast("GetLastPowerDataResult | None", await self.call("GetLastPowerData", Sn=Sn))

    async def RemoteDispatch(
        self,
        *,
        Sn: str | None = None,
        ActivePower: int,
        ReactivePower: int,
        SOC: float,
        Status: Literal[0, 1],
        ControlMode: Literal[1, 2, 3],
    ) -> None:
        """POST /ras/v2/RemoteDispatch: Send system dispatch commands (the command will automatically stop after
        90 seconds)

        Sn: If S/N is entered then date of the device relating to this S/N will be provided otherwise all date
            of the devices of the particular user will be provided.
        ActivePower: Inverter storage active power. 1 W/bit, offset 32000: < 32000 charge, > 32000 discharge
            (34500 = discharge 2500 W)
        ReactivePower: Inverter storage reactive power. 1 W/bit, offset 32000: < 32000 charge, > 32000
            discharge
        SOC: Force storage to reach SOC. 0.4 %/bit, offset 0 (95 = 38 %)
        Status: power grid dispatching (1:start , 0:stop)
        ControlMode: 1:Battery only charges from PV 2:State of Charge control 3:Load Following
        """
        return cast(
            "None",
            await self.call(
                "RemoteDispatch",
                Sn=Sn,
                ActivePower=ActivePower,
                ReactivePower=ReactivePower,
                SOC=SOC,
                Status=Status,
                ControlMode=ControlMode,
            ),
        )
