"""Growatt's device records: the inverter and storage fields of one reading, as plain numbers and
datetimes (the pipeline types them per profile from the spec)."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from datetime import datetime, tzinfo
from functools import lru_cache
from itertools import repeat
from math import copysign
from typing import Any

from solarfakes.simulators.core.shape import java_calendar
from solarfakes.simulators.day_rows import Columns, Decimals
from solarfakes.simulators.physics import UNIT_STEP, rounded, seeded_units
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.readings import PvSeries, Reading, ReadingSeries, storage_on
from solarfakes.simulators.world import Device, Plant

DEVICE_TYPES = {"inverter": 1, "storage": 2, "meter": 3}
MIN_INVERTER_TYPE = 7  # Growatt's type for its MIN inverters (TLX)


def device_type(device: Device, documented: bool = False) -> int:
    """Growatt's device type; the document's table knows only 1-3, where a MIN inverter is an inverter."""
    if device.kind == "inverter" and device.model.startswith("MIN") and not documented:
        return MIN_INVERTER_TYPE
    return DEVICE_TYPES.get(device.kind, 3)


Noise = tuple[float, float, float, float, float, float]


def draw_noise(seed: str, on: bool) -> Noise:
    """The seeded measurements of one inverter's slot (PV voltages, grid voltage and frequency, bus
    voltages), each from its own share of one hash of ``seed``."""
    u_pv1, u_pv2, u_ac, u_fac, u_p_bus, u_n_bus = seeded_units(seed, 6)
    vpv1 = round(320 + 60 * u_pv1, 1) if on else 0.0
    vpv2 = round(320 + 60 * u_pv2, 1) if on else 0.0
    vac = round(228 + 8 * u_ac, 1)
    fac = round(50 + (-0.03 + 0.06 * u_fac), 2)
    p_bus = round(360 + (-5 + 10 * u_p_bus), 1) if on else 0.0
    n_bus = round(360 + (-5 + 10 * u_n_bus), 1) if on else 0.0
    return vpv1, vpv2, vac, fac, p_bus, n_bus


# Real-time records keep their slots' noise, read again by every call in the slot. History rows draw
# theirs afresh: a finished day's rows are built once and kept encoded
# (day_rows), so keeping their noise would only push the real-time slots out (a week is 2,016 rows).
slot_noise = lru_cache(maxsize=4096)(draw_noise)


def electrics(pac: float, vpv1: float, vpv2: float, vac: float, nominal_w: float) -> tuple[float, ...]:
    """An inverter's slot as its real-time record and its history rows both show it: the two strings'
    power and current, the AC current and the temperature."""
    ppv1, ppv2 = round(pac * 0.52, 1), round(pac * 0.48, 1)
    ipv1 = round(ppv1 / vpv1, 1) if vpv1 else 0.0
    ipv2 = round(ppv2 / vpv2, 1) if vpv2 else 0.0
    return ppv1, ppv2, ipv1, ipv2, round(pac / vac, 1), round(22 + pac / max(nominal_w, 1) * 25, 1)


def inverter_record(plant: Plant, device: Device, reading: Reading) -> dict[str, Any]:
    slot = reading.slot
    pac = reading.inverter_w
    on = pac > 0
    vpv1, vpv2, vac, fac, p_bus, n_bus = slot_noise(f"{device.sn}|{slot.start.isoformat()}", on)
    ppv1, ppv2, ipv1, ipv2, iac, temperature = electrics(pac, vpv1, vpv2, vac, device.nominal_w)
    today = reading.inverter_today_kwh
    total = round(reading.lifetime_kwh * device.pv_share, 1)
    status = -1 if not plant.online else (1 if on else 0)
    record: dict[str, Any] = {
        "inverterId": device.sn,
        "status": status,
        "ipv1": ipv1,
        "ipv2": ipv2,
        "vpv1": vpv1,
        "vpv2": vpv2,
        "ppv1": ppv1,
        "ppv2": ppv2,
        "iacr": iac,
        "iacs": 0.0,
        "iact": 0.0,
        "vacr": vac,
        "vacs": 0.0,
        "vact": 0.0,
        "pacr": pac,
        "pacs": 0.0,
        "pact": 0.0,
        "ppv": round(ppv1 + ppv2, 1),
        "pac": pac,
        "powerToday": today,
        "powerTotal": total,
        "temperature": temperature,
        "fac": fac,
        "pf": 1.0,
        "time": slot.start,
        "faultType": 0,
        "timeTotal": round(total / max(device.nominal_w / 1000, 0.1), 1),
        "ipmTemperature": round(25 + pac / max(device.nominal_w, 1) * 30, 1),
        "epv1Today": round(today * 0.52, 1),
        "epv1Total": round(total * 0.52, 1),
        "epv2Today": round(today * 0.48, 1),
        "epv2Total": round(total * 0.48, 1),
        "epvTotal": total,
        "eRacToday": 0.0,
        "eRacTotal": 0.0,
        "pBusVoltage": p_bus,
        "nBusVoltage": n_bus,
        "dwStringWarningValue1": 0,
        "wStringStatusValue": 0,
        "wPIDFaultValue": 0,
        "vPidPvape": 0.0,
        "iPidPvape": 0.0,
        "pidStatus": 0,
        "vPidPvbpe": 0.0,
        "iPidPvbpe": 0.0,
        "strFault": 0.0,
        "warnCode": 0,
    }
    for string in range(1, 9):
        record[f"vString{string}"] = vpv1 if string == 1 else vpv2 if string == 2 else 0.0
        record[f"currentString{string}"] = record["ipv1"] if string == 1 else record["ipv2"] if string == 2 else 0.0
    return record


class InverterHistoryRow:
    """An inverter's history row of a reading (device/inverter/data): the fields of ``inverter_record``
    a row shows, under the row's names, without the rest of the record. What every row of the call
    shares (the device's figures, the zone, the profile's extra inputs) is worked out once."""

    __slots__ = ("device", "extra", "zone")

    def __init__(self, device: Device, zone: tzinfo, observed: bool) -> None:
        self.device, self.zone = device, zone
        # Real rows carry the third input too (timohencken inverter/inverter.py energy_history sample).
        self.extra: dict[str, Any] = {"ipv3": 0.0, "vpv3": 0.0} if observed else {}

    def __call__(self, reading: Reading) -> dict[str, Any]:
        slot = reading.slot
        pac = reading.inverter_w
        vpv1, vpv2, vac, fac, _, _ = draw_noise(f"{self.device.sn}|{slot.start.isoformat()}", pac > 0)
        _, _, ipv1, ipv2, iac, temperature = electrics(pac, vpv1, vpv2, vac, self.device.nominal_w)
        row: dict[str, Any] = {
            "ipv1": ipv1,
            "ipv2": ipv2,
            "vpv1": vpv1,
            "vpv2": vpv2,
            "iac1": iac,
            "iac2": 0.0,
            "iac3": 0.0,
            "vac1": vac,
            "vac2": 0.0,
            "vac3": 0.0,
            "power": pac,
            "today_energy": reading.inverter_today_kwh,
            "total_energy": round(reading.lifetime_kwh * self.device.pv_share, 1),
            "temperature": temperature,
            "fac": fac,
            "power_factor": 1.0,
            "time": slot.start.astimezone(self.zone),
        }
        if self.extra:
            row |= self.extra
        return row

    def columns(self, series: ReadingSeries | PvSeries, isoformats: Sequence[str]) -> Columns:
        """``__call__`` of each reading of ``series`` (``isoformats``: each slot's ``start.isoformat()``),
        field by field: a day's noise drawn in one pass, then ``draw_noise`` and ``electrics`` written out
        a field at a time (the same operations in the same order, so the same numbers) for the four draws a
        row shows."""
        device = self.device
        nominal, step = max(device.nominal_w, 1), UNIT_STEP
        u_pv1s, u_pv2s, u_acs, u_facs = row_noise_words(f"{device.sn}|", isoformats)
        pacs = series.powers
        # Before the first and after the last power that is not +0.0 (the night), every field worked out
        # from the power alone is the same in each row: the value the row's own operations give a power
        # of +0.0 (the PV voltages, currents and powers 0.0, the AC current 0.0 over a grid voltage above
        # zero, the temperature 22.0). Those fields are rounded over the lit rows only: rounding a zero
        # takes round()'s slow way, and a third of a June day is night.
        first, stop = lit_span(pacs)
        before, after = [0.0] * first, [0.0] * (len(pacs) - stop)
        lit = pacs[first:stop]
        # each field's values first, rounded a column at a time (physics.rounded: round's very floats); a
        # dark row's PV voltages and currents are 0.0, as round leaves them
        vpv1s = rounded(
            [320 + 60 * ((w >> 11) * step) if pac > 0 else 0.0 for w, pac in zip(u_pv1s[first:stop], lit, strict=True)],
            1,
        )
        vpv2s = rounded(
            [320 + 60 * ((w >> 11) * step) if pac > 0 else 0.0 for w, pac in zip(u_pv2s[first:stop], lit, strict=True)],
            1,
        )
        pv1s, pv2s = rounded([pac * 0.52 for pac in lit], 1), rounded([pac * 0.48 for pac in lit], 1)
        # a field only shown is rounded as it is written (Decimals): the others' rounded values are needed
        ipv1s = Decimals(before + [a / v if v else 0.0 for a, v in zip(pv1s, vpv1s, strict=True)] + after, 1)
        ipv2s = Decimals(before + [a / v if v else 0.0 for a, v in zip(pv2s, vpv2s, strict=True)] + after, 1)
        vpv1s, vpv2s = before + vpv1s + after, before + vpv2s + after
        vacs = rounded([228 + 8 * ((w >> 11) * step) for w in u_acs], 1)
        iacs = Decimals(before + [pac / vac for pac, vac in zip(lit, vacs[first:stop], strict=True)] + after, 1)
        temperatures = Decimals(
            [DARK_TEMPERATURE] * first
            + [22 + pac / nominal * 25 for pac in lit]
            + [DARK_TEMPERATURE] * (len(pacs) - stop),
            1,
        )
        facs = rounded([50 + (-0.03 + 0.06 * ((w >> 11) * step)) for w in u_facs], 2)
        count = len(ipv1s)
        zeros = [0.0] * count
        share, zone = device.pv_share, self.zone
        values: list[Sequence[Any]] = [
            ipv1s, ipv2s, vpv1s, vpv2s, iacs, zeros, zeros, vacs, zeros, zeros, series.powers, series.today_kwh,
            Decimals([lifetime * share for lifetime in series.lifetime_kwh], 1), temperatures, facs, [1.0] * count,
            list(map(datetime.astimezone, series.starts, repeat(zone))),  # a start of that zone: itself
        ]  # fmt: skip
        values += ([value] * count for value in self.extra.values())
        return Columns((*HISTORY_ROW_KEYS, *self.extra), values)


def lit_span(powers: Sequence[float]) -> tuple[int, int]:
    """Where the first power that is not +0.0 is, and where the last one ends (a day without one: an
    empty span at its start). A -0.0 counts as lit: the operations on it keep its sign."""
    first, stop = 0, len(powers)
    while first < stop and powers[first] == 0.0 and copysign(1.0, powers[first]) > 0:
        first += 1
    while stop > first and powers[stop - 1] == 0.0 and copysign(1.0, powers[stop - 1]) > 0:
        stop -= 1
    return first, stop


DARK_TEMPERATURE = round(22 + 0.0 * 25, 1)  # ``electrics``' temperature of an inverter at +0.0 W


# The fields of an inverter's history row (``InverterHistoryRow.__call__``), in order.
HISTORY_ROW_KEYS = ("ipv1", "ipv2", "vpv1", "vpv2", "iac1", "iac2", "iac3", "vac1", "vac2", "vac3", "power",
                    "today_energy", "total_energy", "temperature", "fac", "power_factor", "time")  # fmt: skip


def row_noise_words(prefix: str, isoformats: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """The first four of ``seeded_units(prefix + text, 6)``'s words for each of ``isoformats``, as four
    columns: each row's hash is the prefix's hash state copied and given the row's text (the same digest
    as hashing the joined text: a hash made with its parameters cost a third more than a copy), and the
    day's digests are unpacked in one step."""
    copy = hashlib.blake2b(prefix.encode(), digest_size=SEEDED_DIGEST_BYTES).copy
    hashes = [copy() for _ in isoformats]
    for found, text in zip(hashes, isoformats, strict=True):
        found.update(text.encode())
    words = day_noise_words(len(hashes)).unpack(b"".join([found.digest() for found in hashes]))
    return words[0::4], words[1::4], words[2::4], words[3::4]


SEEDED_DIGEST_BYTES = 48  # ``seeded_units(seed, 6)``: six words of 8 bytes


@lru_cache(maxsize=8)
def day_noise_words(rows: int) -> struct.Struct:
    """The first four words of each of ``rows`` digests of ``SEEDED_DIGEST_BYTES`` laid end to end."""
    return struct.Struct(">" + "4Q16x" * rows)


def status_text(status: int) -> str:
    return {-1: "inverter.status.lost", 0: "Waiting", 1: "Normal"}.get(status, "Fault")


def storage_record(backend: GrowattBackend, plant: Plant, device: Device, reading: Reading) -> dict[str, Any]:
    slot = reading.slot
    today = reading.plant_today
    total_pv = reading.lifetime_kwh
    battery = plant.battery
    capacity = battery.capacity_kwh if battery else 0.0
    soc = slot.soc_pct or 0.0
    on = storage_on(backend, device, slot.start) and plant.online
    vbat = round(48 + soc / 100 * 6, 1)
    return {
        "status": (1 if on else 0) if plant.online else -1,
        "deviceType": 0,
        "pCharge": round(slot.charge_w, 1),
        "pDischarge": round(slot.discharge_w, 1),
        "vpv": 360.0 if slot.pv_w > 0 else 0.0,
        "ipv": round(slot.pv_w / 360, 1),
        "iCharge": round(slot.charge_w / vbat, 1),
        "iDischarge": round(slot.discharge_w / vbat, 1),
        "ppv": round(slot.pv_w, 1),
        "vBuck": vbat,
        "vac": 230.0,
        "iacToUser": round(slot.import_w / 230, 1),
        "pacToUser": round(slot.import_w, 1),
        "iacToGrid": round(slot.export_w / 230, 1),
        "pacToGrid": round(slot.export_w, 1),
        "vBat": vbat,
        "capacity": round(soc, 1),
        "ipmTemperature": 30.0,
        "epvToday": round(today.pv, 1),
        "epvTotal": round(total_pv, 1),
        "temperature": 25.0,
        "eChargeToday": round(today.charge, 1),
        "eChargeTotal": round(total_pv * 0.3, 1),
        "time": slot.start,
        "eDischargeToday": round(today.discharge, 1),
        "eDischargeTotal": round(total_pv * 0.28, 1),
        "eToUserToday": round(today.grid_import, 1),
        "eToUserTotal": round(total_pv * 0.2, 1),
        "eToGridToday": round(today.grid_export, 1),
        "eToGridTotal": round(total_pv * 0.4, 1),
        "faultCode": 0,
        "vpv2": 0.0,
        "ppv2": 0.0,
        "pCharge2": 0.0,
        "pDischarge2": 0.0,
        "vBuck2": 0.0,
        "epvToday2": 0.0,
        "epvTotal2": 0.0,
        "eChargeToday2": 0.0,
        "eChargeTotal2": 0.0,
        "eDischargeToday2": 0.0,
        "eDischargeTotal2": 0.0,
        "normalPower": round(capacity * 1000),
        "errorCode": 0,
        "warnCode": 0,
    }


# Keys real last_new_data and invs_data records carry beyond the document's (timohencken
# pydantic_models/inverter.py InverterEnergyOverviewData and the energy docstrings of inverter/inverter.py).
# This fleet's inverters have two PV inputs, eight strings, one phase and no PID module, so what
# the rest measure is nothing.
UNUSED_INPUTS = range(3, 11)
UNUSED_STRINGS = range(9, 17)
UNUSED_PID_CHANNELS = "cdefgh"
ZERO_FLOATS = ("pidBus", "rac", "rDci", "sDci", "tDci", "strBreak", "strUnblance", "strUnmatch", "vacSt", "vacTr")
ZERO_INTS = ("apfStatus", "deratingMode", "faultCode1", "faultCode2", "faultValue", "gfci", "pidFaultCode", "warnBit",
             "warningValue1", "warningValue2", "warningValue3")  # fmt: skip
PV_INSULATION_KOHM = 1000.0


def nothing_measured() -> dict[str, Any]:
    """The extras that are the same in every record: the unused inputs, strings and channels."""
    extras: dict[str, Any] = {"id": 0, "again": False, "bigDevice": False}
    for n in UNUSED_INPUTS:
        extras |= {f"ipv{n}": 0.0, f"vpv{n}": 0.0, f"ppv{n}": 0.0, f"epv{n}Today": 0.0, f"epv{n}Total": 0.0}
    for n in UNUSED_STRINGS:
        extras |= {f"vString{n}": 0.0, f"currentString{n}": 0.0}
    for channel in UNUSED_PID_CHANNELS:
        extras |= {f"vPidPv{channel}pe": 0.0, f"iPidPv{channel}pe": 0.0}
    for phase in "rst":
        extras |= {f"comphari{phase}": 0.0, f"compq{phase}": 0.0, f"cthari{phase}": 0.0, f"cti{phase}": 0.0,
                   f"ctq{phase}": 0.0}  # fmt: skip
    return extras | dict.fromkeys(ZERO_FLOATS, 0.0) | dict.fromkeys(ZERO_INTS, 0)


NOTHING_MEASURED = nothing_measured()


def observed_inverter_extras(device: Device, record: dict[str, Any]) -> dict[str, Any]:
    """The rest of a real record, from the document's fields of ``record``."""
    extras = dict(NOTHING_MEASURED)
    nominal = max(device.nominal_w, 1.0)
    extras |= {
        "opFullwatt": float(round(device.nominal_w)),
        "realOPPercent": round(record["pac"] / nominal * 100, 1),
        "pvIso": PV_INSULATION_KOHM if record["pac"] > 0 else 0.0,
        "timeTotalText": f"{record['timeTotal']:.1f}",
        "debug2": "\uff0c".join("0" * 8),
    }
    for sensor in range(2, 6):
        extras[f"temperature{sensor}"] = record["temperature"] if sensor < 4 else record["ipmTemperature"]
    return extras


# Keys real storage_last_data records carry beyond the document's (timohencken pydantic_models/storage.py
# StorageEnergyOverviewData and the storage/storage.py energy docstring). One battery pack of 16 cells;
# a second pack, gauges and remote-control flags report nothing.
CELLS = range(1, 17)
STORAGE_ZERO_FLOATS = (
    "bLightEn", "bmsConstantVolt", "bmsCurrent2", "bmsDeltaVolt", "bmsTemperature2", "chargeMonth", "chgCurr",
    "constantVolt", "constantVolt2", "deltaVolt", "deltaVolt2", "disChargeMonth", "dischgCurr", "eacChargeToday",
    "eacChargeTotal", "eacDisChargeToday", "eacDisChargeTotal", "eopDischrToday", "eopDischrTotal", "gauge2RM1",
    "gauge2RM2", "gaugeICCurrent", "gaugeRM1", "gaugeRM2", "iAcCharge", "iChargePV1", "iChargePV2", "manualStartEn",
    "maxChargeOrDischargeCurrent", "maxChargeOrDischargeCurrent2", "pAcCharge", "pAcInPut", "powSavingEn",
    "remoteCntlEn", "sciLossChkEn", "soh2", "sysOut", "uwBatType2", "vBus",
)  # fmt: skip
STORAGE_ZERO_INTS = (
    "bmsError", "bmsError2", "bmsStatus", "bmsStatus2", "bmsWarnInfo", "chargeToStandbyReason", "chargeWay",
    "cycleCount2", "day", "dischargeToStandbyReason", "gaugeBattteryStatus", "gaugeOperationStatus",
    "gaugePackStatus", "remoteCntlFailReason", "warnInfo", "warnInfo2",
)  # fmt: skip
# The document's storage states (growatt-openapi-v1 4.3.13), and the lost text of a dropped device.
STORAGE_STATUS_TEXT = {-1: "storage.status.lost", 0: "Operating", 1: "Charge", 2: "Discharge", 3: "Fault", 4: "Flash"}
UNKNOWN = "Unknown"


def observed_storage_extras(plant: Plant, device: Device, record: dict[str, Any]) -> dict[str, Any]:
    """The rest of a real storage record, from the document's fields of ``record``."""
    v_bat = record["vBat"]
    cell = round(v_bat / len(CELLS), 3)
    extras: dict[str, Any] = dict.fromkeys(STORAGE_ZERO_FLOATS, 0.0) | dict.fromkeys(STORAGE_ZERO_INTS, 0)
    for n in CELLS:
        extras |= {f"cellVoltage{n}": cell, f"bmsCellVoltage{n}": cell, f"cell2Voltage{n}": 0.0}
    load = record["pacToUser"] + record["pDischarge"] + record["ppv"] - record["pCharge"] - record["pacToGrid"]
    extras |= {
        "address": 1,
        "alias": device.sn,
        "serialNum": device.sn,
        "dataLogSn": device.datalogger_sn or "",
        "lost": not plant.online,
        "again": False,
        "withTime": False,
        "cycleCount": round(record["eDischargeTotal"] / max(device.nominal_w / 1000, 0.1)),
        "soh": 100.0,
        "bmsSoh": 100.0,
        "batTemp": record["temperature"],
        "bmsTemperature": record["temperature"],
        "bmsCurrent": round(record["iDischarge"] - record["iCharge"], 1),
        "pBat": round(record["pDischarge"] - record["pCharge"], 1),
        "etoday": record["epvToday"],
        "etotal": record["epvTotal"],
        "eBatDisChargeToday": record["eDischargeToday"],
        "eBatDisChargeTotal": record["eDischargeTotal"],
        "vGrid": record["vac"],
        "freqGrid": 50.0,
        "freqOutPut": 50.0,
        "outPutVolt": record["vac"],
        "outPutPower": round(max(load, 0.0), 1),
        "outPutCurrent": round(max(load, 0.0) / max(record["vac"], 1.0), 1),
        "loadPercent": round(max(load, 0.0) / max(device.nominal_w, 1.0) * 100, 1),
        "rateWatt": float(round(device.nominal_w)),
        "rateVA": float(round(device.nominal_w)),
        "statusText": STORAGE_STATUS_TEXT.get(record["status"], UNKNOWN),
        "errorText": UNKNOWN,
        "warnText": UNKNOWN,
        "chargeToStandbyReasonText": UNKNOWN,
        "dischargeToStandbyReasonText": UNKNOWN,
        "innerCWCode": "0_0",
        "capacityText": f"{round(record['capacity'])} %",
        "vBatText": f"{v_bat:.1f} V",
        "vBuckText": f"{record['vBuck']:.1f} V",
        "vpvText": f"{record['vpv']:.1f} V",
        "vacText": f"{record['vac']:.1f} V",
        "ipvText": f"{record['ipv']:.1f} A",
        "iChargeText": f"{record['iCharge']:.1f} A",
        "iDischargeText": f"{record['iDischarge']:.1f} A",
        "iacToGridText": f"{record['iacToGrid']:.1f} A",
        "iacToUserText": f"{record['iacToUser']:.1f} A",
        "ppvText": f"{record['ppv']:.1f} W",
        "pChargeText": f"{record['pCharge']:.1f} W",
        "pDischargeText": f"{record['pDischarge']:.1f} W",
        "pacToGridText": f"{record['pacToGrid']:.1f} W",
        "pacToUserText": None,
        "eChargeTodayText": f"{record['eChargeToday']:.1f} kWh",
        "eChargeTotalText": f"{record['eChargeTotal']:.1f} kWh",
        "eDischargeTodayText": f"{record['eDischargeToday']:.1f} kWh",
        "eDischargeTotalText": f"{record['eDischargeTotal']:.1f} kWh",
        "calendar": java_calendar(record["time"]),
        "dayMap": None,
        "storageBean": None,
    }
    return extras
