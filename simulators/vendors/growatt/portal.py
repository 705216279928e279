"""The web portal's record of a plant, which real device/datalogger/list answers carry under the
(sic) key ``peak_power_actual``: camelCase keys, Java dates, figures as numbers and as text.

The keys and their types are those of a real answer (timohencken plant/plant.py list_dataloggers
sample; pydantic_models/device.py PlantTwo); the values are this plant's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.output import (
    live_power_w,
    plant_kwh_between,
    plant_lifetime_kwh,
    plant_today_kwh,
)
from solarfakes.simulators.vendors.growatt.places import country_name, gmt_text, utc_offset_hours

if TYPE_CHECKING:
    from solarfakes.simulators.world import Plant

# The factors the portal multiplies energy by (kg per kWh, and money per kWh), as a real record
# shows them (float32 values, as the portal stores them).
FORMULA_CO2 = 0.6000000238418579
FORMULA_COAL = 0.4000000059604645
FORMULA_SO2 = 0.800000011920929
FORMULA_MONEY = 1.2000000476837158
FORMULA_TREE = 0.054999999701976776  # trees per kWh
# The portal's text when no degrees, minutes and seconds were entered (with prime and double prime).
NO_DEGREES = "null\u00b0null\u2032null\u2033"


def text(value: float) -> str:
    """A figure as the portal's *Text fields write it: one decimal, no trailing zero."""
    return f"{round(value, 1):g}"


def portal_record(backend: GrowattBackend, plant: Plant, now: datetime) -> dict[str, Any]:
    record = backend.record(plant)
    owner = backend.users.get(record.c_user_id)
    zone = record.timezone_of(plant)
    hours = utc_offset_hours(zone, now)
    today = plant.local_date(now)
    tomorrow = today + timedelta(days=1)
    e_today = plant_today_kwh(backend, plant, now)
    e_month = plant_kwh_between(backend, plant, today.replace(day=1), tomorrow, now)
    e_year = plant_kwh_between(backend, plant, today.replace(month=1, day=1), tomorrow, now)
    e_total = plant_lifetime_kwh(backend, plant, now)
    energy = plant.energy(today, now)
    stored = plant.battery is not None
    pac = live_power_w(backend, plant, now)
    created = datetime(plant.commissioned.year, plant.commissioned.month, plant.commissioned.day, tzinfo=ZoneInfo(zone))
    return {
        "id": plant.plant_id,
        "treeID": f"PLANT_{plant.plant_id}",
        "plantName": plant.name,
        "treeName": plant.name,
        "alias": "",
        "userAccount": owner.name if owner else "",
        "city": plant.city,
        "country": country_name(plant.country),
        "timezone": hours,
        "timezoneText": gmt_text(hours),
        "nominalPower": round(record.peak_power_of(plant) * 1000),
        "plant_lat": f"{record.latitude_of(plant):g}",
        "plant_lng": f"{record.longitude_of(plant):g}",
        "latitude_d": "",
        "latitude_f": "",
        "latitude_m": "",
        "longitude_d": "",
        "longitude_f": "",
        "longitude_m": "",
        "latitudeText": NO_DEGREES,
        "longitudeText": NO_DEGREES,
        "mapLat": "",
        "mapLng": "",
        "mapCity": "",
        "createDate": created,
        "createDateText": plant.commissioned.isoformat(),
        "currentPac": round(pac, 1),
        "currentPacTxt": text(pac),
        "eToday": round(e_today, 1),
        "eTotal": round(e_total, 1),
        "energyMonth": round(e_month, 1),
        "energyYear": round(e_year, 1),
        "etodayCo2Text": text(e_today * FORMULA_CO2),
        "etotalCo2Text": text(e_total * FORMULA_CO2),
        "emonthCo2Text": text(e_month * FORMULA_CO2),
        "etodayCoalText": text(e_today * FORMULA_COAL),
        "etotalCoalText": text(e_total * FORMULA_COAL),
        "emonthCoalText": text(e_month * FORMULA_COAL),
        "etodaySo2Text": text(e_today * FORMULA_SO2),
        "etotalSo2Text": text(e_total * FORMULA_SO2),
        "emonthSo2Text": text(e_month * FORMULA_SO2),
        "etodayMoney": round(e_today * FORMULA_MONEY, 2),
        "etotalMoney": round(e_total * FORMULA_MONEY, 2),
        "etodayMoneyText": text(e_today * FORMULA_MONEY),
        "emonthMoneyText": text(e_month * FORMULA_MONEY),
        "etotalMoneyText": text(e_total * FORMULA_MONEY),
        "EYearMoneyText": text(e_year * FORMULA_MONEY),
        "formulaCo2": FORMULA_CO2,
        "formulaCoal": FORMULA_COAL,
        "formulaSo2": FORMULA_SO2,
        "formulaMoney": FORMULA_MONEY,
        "formulaMoneyUnitId": "rmb",
        "moneyUnitText": "￥",
        "peakPeriodPrice": 0,
        "valleyPeriodPrice": 0,
        "flatPeriodPrice": 0,
        "fixedPowerPrice": 0,
        "prToday": "0",
        "prMonth": "0",
        "hasStorage": 1 if stored else 0,
        "storage_BattoryPercentage": round(plant.now_slot(now).soc_pct or 0.0) if stored else 0,
        "storage_eChargeToday": round(energy.charge, 1) if stored else 0,
        "storage_eDisChargeToday": round(energy.discharge, 1) if stored else 0,
        "storage_TodayToGrid": round(energy.grid_export, 1) if stored else 0,
        "storage_TodayToUser": round(energy.grid_import, 1) if stored else 0,
        "storage_TotalToGrid": 0,
        "storage_TotalToUser": 0,
        "hasDeviceOnLine": 1 if plant.online else 0,
        "deviceCount": len(plant.devices_of("inverter", "storage")),
        "onLineEnvCount": 0,
        "dataLogList": [],
        "children": [],
        "parentID": "",
        "level": 1,
        "isShare": False,
        "defaultPlant": False,
        "pairViewUserAccount": "",
        "userBean": None,
        "unitMap": None,
        "designCompany": "solarfakes",
        "imgPath": "css/img/plant.gif",
        "plantImgName": "",
        "locationImgName": "",
        "panelTemp": 0,
        "envTemp": 0,
        "irradiance": 0,
        "windAngle": 0,
        "windSpeed": 0,
        "alarmValue": 0,
        "status": 1 if plant.online else 4,
        "plantType": 0,
        "tempType": 0,
        "companyName": "",
        "createDateTextA": "",
        "currentPacStr": f"{text(pac / 1000)}kW",
        "nominalPowerStr": f"{text(record.peak_power_of(plant))}kWp",
        "etotalFormulaTreeText": text(e_total * FORMULA_TREE),
        "formulaTree": FORMULA_TREE,
        "formulaMoneyStr": "",
        "gridCompany": "",
        "gridPort": "",
        "gridServerUrl": "",
        "installMapName": "",
        "logoImgName": "",
        "map_areaId": 0,
        "map_cityId": 0,
        "map_countryId": 0,
        "map_provinceId": 0,
        "phoneNum": "",
        "plantAddress": "",
        "plantNmi": "",
        "protocolId": "",
        "remark": "",
        "eventMessBeanList": [],
        "paramBean": None,
        "plantFromBean": None,
    }
