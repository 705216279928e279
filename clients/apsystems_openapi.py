"""Reference client of APsystems OpenAPI (apsystems_openapi), typed: written by solarfakes.clients.generate from
specs/apsystems_openapi.yaml. Do not edit; regenerate with ``python -m solarfakes.clients.generate``.
"""

from typing import Any, Literal, Required, TypedDict, cast

from solarfakes.clients.shells import AsyncClient, Client

__all__ = ["APsystemsClient", "AsyncAPsystemsClient"]


class SystemDetailsResult(TypedDict, total=False):
    sid: Required[str]
    create_date: Required[str]
    capacity: Required[str]
    type: Required[int]
    timezone: Required[str]
    ecu: Required[list[str]]
    light: int
    authorization_code: str


class SystemInvertersResultItemInverterItem(TypedDict, total=False):
    uid: Required[str]
    type: Required[str]


class SystemInvertersResultItem(TypedDict, total=False):
    eid: Required[str]
    type: Required[int]
    timezone: Required[str]
    inverter: Required[list[SystemInvertersResultItemInverterItem]]
    model: str
    capacity: str


class SystemSummaryResult(TypedDict, total=False):
    today: Required[str]
    month: Required[str]
    year: Required[str]
    lifetime: Required[str]


class EcuSummaryResult(TypedDict, total=False):
    today: Required[str]
    month: Required[str]
    year: Required[str]
    lifetime: Required[str]


class EcuEnergyResult(TypedDict, total=False):
    time: list[str]
    energy: list[str]
    power: list[str]
    today: str


class MeterSummaryResultToday(TypedDict, total=False):
    consumed: Required[str]
    exported: Required[str]
    imported: Required[str]
    produced: Required[str]


class MeterSummaryResultMonth(TypedDict, total=False):
    consumed: Required[str]
    exported: Required[str]
    imported: Required[str]
    produced: Required[str]


class MeterSummaryResultYear(TypedDict, total=False):
    consumed: Required[str]
    exported: Required[str]
    imported: Required[str]
    produced: Required[str]


class MeterSummaryResultLifetime(TypedDict, total=False):
    consumed: Required[str]
    exported: Required[str]
    imported: Required[str]
    produced: Required[str]


class MeterSummaryResult(TypedDict, total=False):
    today: Required[MeterSummaryResultToday]
    month: Required[MeterSummaryResultMonth]
    year: Required[MeterSummaryResultYear]
    lifetime: Required[MeterSummaryResultLifetime]


class MeterEnergyResultToday(TypedDict, total=False):
    consumed: str
    exported: str
    imported: str
    produced: str


class MeterEnergyResultPower(TypedDict, total=False):
    consumed: list[str]
    imported_exported: list[str]
    produced: list[str]


class MeterEnergyResultEnergy(TypedDict, total=False):
    consumed: list[str]
    exported: list[str]
    imported: list[str]
    produced: list[str]


class MeterEnergyResult(TypedDict, total=False):
    time: list[str]
    produced: list[str]
    consumed: list[str]
    imported: list[str]
    exported: list[str]
    today: MeterEnergyResultToday
    power: MeterEnergyResultPower
    energy: MeterEnergyResultEnergy


class InverterSummaryResult(TypedDict, total=False):
    d1: str
    m1: Required[str]
    y1: Required[str]
    t1: Required[str]
    d2: str
    m2: str
    y2: str
    t2: str
    d3: str
    m3: str
    y3: str
    t3: str
    d4: str
    m4: str
    y4: str
    t4: str


class InverterEnergyResult(TypedDict, total=False):
    e1: list[str]
    e2: list[str]
    e3: list[str]
    e4: list[str]
    t: list[str]
    dc_p1: list[str]
    dc_p2: list[str]
    dc_p3: list[str]
    dc_p4: list[str]
    dc_i1: list[str]
    dc_i2: list[str]
    dc_i3: list[str]
    dc_i4: list[str]
    dc_v1: list[str]
    dc_v2: list[str]
    dc_v3: list[str]
    dc_v4: list[str]
    dc_e1: list[str]
    dc_e2: list[str]
    dc_e3: list[str]
    dc_e4: list[str]
    ac_v1: list[str]
    ac_v2: list[str]
    ac_v3: list[str]
    ac_t: list[str]
    ac_p: list[str]
    ac_f: list[str]


class EcuInvertersDayEnergyResult(TypedDict, total=False):
    energy: list[str]
    time: list[str]
    power: dict[str, Any]


class APsystemsClient(Client):
    """Reference client of APsystems OpenAPI (apsystems_openapi), synchronous: one method per endpoint."""

    api = "apsystems_openapi"

    def system_details(self, *, sid: str) -> SystemDetailsResult:
        """GET /user/api/v2/systems/details/{sid}: Get Details for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("SystemDetailsResult", self.call("system_details", sid=sid))

    def system_inverters(self, *, sid: str) -> list[SystemInvertersResultItem]:
        """GET /user/api/v2/systems/inverters/{sid}: Get Inverters for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("list[SystemInvertersResultItem]", self.call("system_inverters", sid=sid))

    def system_meters(self, *, sid: str) -> list[str]:
        """GET /user/api/v2/systems/meters/{sid}: Get Meters for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("list[str]", self.call("system_meters", sid=sid))

    def system_summary(self, *, sid: str) -> SystemSummaryResult:
        """GET /user/api/v2/systems/summary/{sid}: Get Summary Energy for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("SystemSummaryResult", self.call("system_summary", sid=sid))

    def system_energy(
        self,
        *,
        sid: str,
        energy_level: Literal["hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> list[str | None]:
        """GET /user/api/v2/systems/energy/{sid}: Get Energy in Period for a Particular System

        sid: The unique identity id of the system.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: The date to calculate the accumulative energy for. hourly: yyyy-MM-dd; daily: yyyy-MM;
            monthly: yyyy; yearly: not required. A date later than the current time is rejected.
        """
        return cast(
            "list[str | None]",
            self.call("system_energy", sid=sid, energy_level=energy_level, date_range=date_range),
        )

    def ecu_summary(self, *, sid: str, eid: str) -> EcuSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/ecu/summary/{eid}: Get Summary Energy for a Particular ECU

        sid: The identity id of the system.
        eid: The identity id of ECU.
        """
        return cast("EcuSummaryResult", self.call("ecu_summary", sid=sid, eid=eid))

    def ecu_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> list[str] | EcuEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/ecu/energy/{eid}: Get Energy in Period for a Particular ECU

        sid: The identity id of the system.
        eid: The identity id of ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "list[str] | EcuEnergyResult",
            self.call("ecu_energy", sid=sid, eid=eid, energy_level=energy_level, date_range=date_range),
        )

    def meter_summary(self, *, sid: str, eid: str) -> MeterSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/meter/summary/{eid}: Get Summary Energy for a Particular Meter

        sid: The identity id of the system.
        eid: The identity id of Meter ECU.
        """
        return cast("MeterSummaryResult", self.call("meter_summary", sid=sid, eid=eid))

    def meter_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> MeterEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/meter/period/{eid}: Get Energy in Period for a Particular Meter

        sid: The unique identity id of the system.
        eid: The identity id of Meter ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "MeterEnergyResult",
            self.call("meter_energy", sid=sid, eid=eid, energy_level=energy_level, date_range=date_range),
        )

    def inverter_summary(self, *, sid: str, uid: str) -> InverterSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/summary/{uid}: Get Summary Energy for a Particular
        Inverter

        sid: The unique identity id of the system.
        uid: The identity id of inverter.
        """
        return cast("InverterSummaryResult", self.call("inverter_summary", sid=sid, uid=uid))

    def inverter_energy(
        self,
        *,
        sid: str,
        uid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> InverterEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/energy/{uid}: Get Energy in Period for a Particular
        Inverter

        sid: The unique identity id of the system.
        uid: The identity id of inverter.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "InverterEnergyResult",
            self.call("inverter_energy", sid=sid, uid=uid, energy_level=energy_level, date_range=date_range),
        )

    def ecu_inverters_day_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["power", "energy"],
        date_range: str,
    ) -> EcuInvertersDayEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/batch/energy/{eid}: Get Energy in a Day for all
        inverters below a Particular ECU

        sid: The unique identity id of the system.
        eid: The identity id of ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: The data to query. The format is yyyy-MM-dd. A date later than the current time is
            rejected.
        """
        return cast(
            "EcuInvertersDayEnergyResult",
            self.call("ecu_inverters_day_energy", sid=sid, eid=eid, energy_level=energy_level, date_range=date_range),
        )


class AsyncAPsystemsClient(AsyncClient):
    """Reference client of APsystems OpenAPI (apsystems_openapi), asynchronous: one method per endpoint."""

    api = "apsystems_openapi"

    async def system_details(self, *, sid: str) -> SystemDetailsResult:
        """GET /user/api/v2/systems/details/{sid}: Get Details for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("SystemDetailsResult", await self.call("system_details", sid=sid))

    async def system_inverters(self, *, sid: str) -> list[SystemInvertersResultItem]:
        """GET /user/api/v2/systems/inverters/{sid}: Get Inverters for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("list[SystemInvertersResultItem]", await self.call("system_inverters", sid=sid))

    async def system_meters(self, *, sid: str) -> list[str]:
        """GET /user/api/v2/systems/meters/{sid}: Get Meters for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("list[str]", await self.call("system_meters", sid=sid))

    async def system_summary(self, *, sid: str) -> SystemSummaryResult:
        """GET /user/api/v2/systems/summary/{sid}: Get Summary Energy for a Particular System

        sid: The unique identity id of the system.
        """
        return cast("SystemSummaryResult", await self.call("system_summary", sid=sid))

    async def system_energy(
        self,
        *,
        sid: str,
        energy_level: Literal["hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> list[str | None]:
        """GET /user/api/v2/systems/energy/{sid}: Get Energy in Period for a Particular System

        sid: The unique identity id of the system.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: The date to calculate the accumulative energy for. hourly: yyyy-MM-dd; daily: yyyy-MM;
            monthly: yyyy; yearly: not required. A date later than the current time is rejected.
        """
        return cast(
            "list[str | None]",
            await self.call("system_energy", sid=sid, energy_level=energy_level, date_range=date_range),
        )

    async def ecu_summary(self, *, sid: str, eid: str) -> EcuSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/ecu/summary/{eid}: Get Summary Energy for a Particular ECU

        sid: The identity id of the system.
        eid: The identity id of ECU.
        """
        return cast("EcuSummaryResult", await self.call("ecu_summary", sid=sid, eid=eid))

    async def ecu_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> list[str] | EcuEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/ecu/energy/{eid}: Get Energy in Period for a Particular ECU

        sid: The identity id of the system.
        eid: The identity id of ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "list[str] | EcuEnergyResult",
            await self.call("ecu_energy", sid=sid, eid=eid, energy_level=energy_level, date_range=date_range),
        )

    async def meter_summary(self, *, sid: str, eid: str) -> MeterSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/meter/summary/{eid}: Get Summary Energy for a Particular Meter

        sid: The identity id of the system.
        eid: The identity id of Meter ECU.
        """
        return cast("MeterSummaryResult", await self.call("meter_summary", sid=sid, eid=eid))

    async def meter_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> MeterEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/meter/period/{eid}: Get Energy in Period for a Particular Meter

        sid: The unique identity id of the system.
        eid: The identity id of Meter ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "MeterEnergyResult",
            await self.call("meter_energy", sid=sid, eid=eid, energy_level=energy_level, date_range=date_range),
        )

    async def inverter_summary(self, *, sid: str, uid: str) -> InverterSummaryResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/summary/{uid}: Get Summary Energy for a Particular
        Inverter

        sid: The unique identity id of the system.
        uid: The identity id of inverter.
        """
        return cast("InverterSummaryResult", await self.call("inverter_summary", sid=sid, uid=uid))

    async def inverter_energy(
        self,
        *,
        sid: str,
        uid: str,
        energy_level: Literal["minutely", "hourly", "daily", "monthly", "yearly"],
        date_range: str | None = None,
    ) -> InverterEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/energy/{uid}: Get Energy in Period for a Particular
        Inverter

        sid: The unique identity id of the system.
        uid: The identity id of inverter.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: minutely: yyyy-MM-dd; hourly: yyyy-MM-dd; daily: yyyy-MM; monthly: yyyy; yearly: not
            required. A date later than the current time is rejected.
        """
        return cast(
            "InverterEnergyResult",
            await self.call("inverter_energy", sid=sid, uid=uid, energy_level=energy_level, date_range=date_range),
        )

    async def ecu_inverters_day_energy(
        self,
        *,
        sid: str,
        eid: str,
        energy_level: Literal["power", "energy"],
        date_range: str,
    ) -> EcuInvertersDayEnergyResult:
        """GET /user/api/v2/systems/{sid}/devices/inverter/batch/energy/{eid}: Get Energy in a Day for all
        inverters below a Particular ECU

        sid: The unique identity id of the system.
        eid: The identity id of ECU.
        energy_level: The energy level to calculate the accumulative energy.
        date_range: The data to query. The format is yyyy-MM-dd. A date later than the current time is
            rejected.
        """
        return cast(
            "EcuInvertersDayEnergyResult",
            await self.call(
                "ecu_inverters_day_energy",
                sid=sid,
                eid=eid,
                energy_level=energy_level,
                date_range=date_range,
            ),
        )
