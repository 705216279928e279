"""Growatt answers in the shapes real clients read (observed profile), and plant-level figures are the
sum of the plant's inverters: a curtailed or switched-off inverter shows in the plant's power and
energy, an offline plant reports no live power."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors.growatt.places import COUNTRY_NAMES


def data(http: httpx.Client, method: str, path: str, params: dict[str, Any]) -> Any:
    response = http.get(path, params=params) if method == "GET" else http.post(path, data=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["error_code"] == 0, body
    return body


def inverters_of(http: httpx.Client, plant_id: int) -> list[str]:
    devices = data(http, "GET", "/v1/device/list", {"plant_id": plant_id})["data"]["devices"]
    return [d["device_sn"] for d in devices if d["type"] in (1, 7)]


def test_plant_list_rows_carry_city_operator_agent_and_the_country_name(growatt: httpx.Client) -> None:
    plants = data(growatt, "GET", "/v1/plant/list", {})["data"]["plants"]
    for row in plants:
        assert row["country"] in COUNTRY_NAMES.values()
        assert isinstance(row["city"], str)
        assert row["city"]
        assert row["operator"] == "0"
        assert "latitude_d" in row
        assert row["latitude_d"] is None
    details = data(growatt, "GET", "/v1/plant/details", {"plant_id": plants[0]["plant_id"]})["data"]
    assert (details["country"], details["city"]) == (plants[0]["country"], plants[0]["city"])


def test_user_plant_list_rows_are_plant_list_rows_in_reality(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    name = growatt_cloud.credentials["c_user_names"][0]
    rows = data(growatt, "POST", "/v1/plant/user_plant_list", {"user_name": name})["data"]["plants"]
    assert rows
    assert {"status", "locale", "city", "operator", "latitude_d"} <= set(rows[0])


@pytest.mark.solarfakes(profile="documented")
def test_documented_plant_rows_keep_the_documents_fields(growatt_cloud: CloudHandle) -> None:
    name = growatt_cloud.credentials["c_user_names"][0]
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        rows = http.post("/v1/plant/user_plant_list", data={"user_name": name}).json()["plants"]
        listed = http.get("/v1/plant/list").json()["plants"]
        details = http.get("/v1/plant/details", params={"plant_id": listed[0]["plant_id"]}).json()
    assert rows
    assert not {"status", "locale", "city", "operator", "latitude_d"} & set(rows[0])
    assert not {"status", "locale", "city", "operator", "latitude_d"} & set(listed[0])
    assert listed[0]["country"] in COUNTRY_NAMES.values(), "the document says country name too"
    assert "city" not in details


def test_datalogger_list_carries_the_plants_portal_record(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    plant_id = growatt_cloud.credentials["plant_ids"][0]
    listed = next(p for p in data(growatt, "GET", "/v1/plant/list", {})["data"]["plants"] if p["plant_id"] == plant_id)
    record = data(growatt, "GET", "/v1/device/datalogger/list", {"plant_id": plant_id})["data"]["peak_power_actual"]
    assert record["id"] == plant_id
    assert record["plantName"] == listed["name"]
    assert record["treeID"] == f"PLANT_{plant_id}"
    assert (record["city"], record["country"]) == (listed["city"], listed["country"])
    assert record["nominalPower"] == round(listed["peak_power"] * 1000)
    assert record["createDateText"] == listed["create_date"]
    assert record["createDate"]["year"] + 1900 == int(listed["create_date"][:4])
    assert record["children"] == []
    assert record["dataLogList"] == []
    assert record["eTotal"] == pytest.approx(float(listed["total_energy"]), abs=0.11)


@pytest.mark.solarfakes(profile="documented")
def test_documented_datalogger_list_has_no_portal_record(growatt_cloud: CloudHandle) -> None:
    plant_id = growatt_cloud.credentials["plant_ids"][0]
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        body = http.get("/v1/device/datalogger/list", params={"plant_id": plant_id}).json()
    assert body["error_code"] == 0
    assert "peak_power_actual" not in body


def test_invs_data_lists_the_serials_on_the_page(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    mine = [sn for plant in creds["plant_ids"][:3] for sn in inverters_of(growatt, plant)][:3]
    sent = ",".join([mine[0], "NOSUCH0001", *mine[1:]])
    body = data(growatt, "POST", "/v1/device/inverter/invs_data", {"inverters": sent, "pageNum": 1})
    assert body["inverters"] == mine, "a list of the serials answered, unknown ones left out"
    assert body["pageNum"] == 1
    assert list(body["data"]) == mine
    for sn in mine:
        assert body["data"][sn][sn]["inverterId"] == sn
    later = data(growatt, "POST", "/v1/device/inverter/invs_data", {"inverters": sent, "pageNum": 2})
    assert (later["inverters"], later["data"], later["pageNum"]) == ([], {}, 2)


# ---------------------------------------------------------------- plant figures follow the inverters


def plant_figures(http: httpx.Client, plant_id: int) -> dict[str, Any]:
    figures: dict[str, Any] = data(http, "GET", "/v1/plant/data", {"plant_id": plant_id})["data"]
    return figures


def inverter_pac_kw(http: httpx.Client, sn: str) -> float:
    record = data(http, "GET", "/v1/device/inverter/last_new_data", {"device_sn": sn})["data"]
    return float(record["pac"]) / 1000


def test_plant_power_is_the_sum_of_its_inverters_when_one_is_curtailed(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    plant_id = next(p for p in creds["plant_ids"] if p not in creds["offline_plant_ids"])
    inverters = inverters_of(growatt, plant_id)
    before = float(plant_figures(growatt, plant_id)["current_power"])
    assert before > 0.1
    data(
        growatt, "POST", "/v1/inverterSet", {"device_sn": inverters[0], "paramId": "pv_active_p_rate", "command_1": "5"}
    )
    growatt_cloud.clock.advance(600)
    after = plant_figures(growatt, plant_id)
    summed = sum(inverter_pac_kw(growatt, sn) for sn in inverters)
    assert float(after["current_power"]) == pytest.approx(summed, abs=0.002)
    assert float(after["current_power"]) < before
    day = str(after["last_update_time"])[:10]
    powers = data(growatt, "GET", "/v1/plant/power", {"plant_id": plant_id, "date": day})["data"]["powers"]
    latest = max(powers, key=lambda row: row["time"])
    assert latest["power"] / 1000 == pytest.approx(summed, abs=0.002)


def test_switched_off_plant_stops_counting_energy(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    plant_id = next(p for p in creds["plant_ids"] if p not in creds["offline_plant_ids"])
    for sn in inverters_of(growatt, plant_id):
        data(growatt, "POST", "/v1/inverterSet", {"device_sn": sn, "paramId": "pv_on_off", "command_1": "0000"})
    growatt_cloud.clock.advance(300)
    held = plant_figures(growatt, plant_id)
    listed = next(p for p in data(growatt, "GET", "/v1/plant/list", {})["data"]["plants"] if p["plant_id"] == plant_id)
    growatt_cloud.clock.advance(3600)
    later = plant_figures(growatt, plant_id)
    assert float(later["current_power"]) == 0.0
    for key in ("today_energy", "monthly_energy", "yearly_energy", "total_energy"):
        assert float(later[key]) == pytest.approx(float(held[key]), abs=0.11), key
    relisted = next(
        p for p in data(growatt, "GET", "/v1/plant/list", {})["data"]["plants"] if p["plant_id"] == plant_id
    )
    assert float(relisted["current_power"]) == 0.0
    assert float(relisted["total_energy"]) == pytest.approx(float(listed["total_energy"]), abs=0.11)
    day = str(later["last_update_time"])[:10]
    energys = data(growatt, "GET", "/v1/plant/energy", {"plant_id": plant_id, "start_date": day, "end_date": day})[
        "data"
    ]["energys"]
    assert float(energys[0]["energy"]) == pytest.approx(float(later["today_energy"]), abs=0.11)


def test_an_untouched_plant_keeps_its_figures(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    online = [p for p in creds["plant_ids"] if p not in creds["offline_plant_ids"]]
    first, other = online[0], online[1]
    before = plant_figures(growatt, other)
    for sn in inverters_of(growatt, first):
        data(growatt, "POST", "/v1/inverterSet", {"device_sn": sn, "paramId": "pv_on_off", "command_1": "0000"})
    assert plant_figures(growatt, other) == before


def test_offline_plant_reports_no_live_power(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    offline = growatt_cloud.credentials["offline_plant_ids"][0]
    figures = plant_figures(growatt, offline)
    assert float(figures["current_power"]) == 0.0
    listed = next(p for p in data(growatt, "GET", "/v1/plant/list", {})["data"]["plants"] if p["plant_id"] == offline)
    assert (listed["status"], float(listed["current_power"])) == (4, 0.0)


# Keys of a real last_new_data record that the document does not list (timohencken InverterEnergyOverviewData).
REAL_RECORD_KEYS = {"ipv3", "vpv10", "ppv8", "epv3Today", "epv10Total", "vString16", "currentString9", "vPidPvhpe",
                    "compharit", "ctqr", "vacSt", "vacTr", "temperature5", "realOPPercent", "opFullwatt", "pvIso",
                    "timeTotalText", "debug2", "again", "bigDevice", "warningValue3", "id"}  # fmt: skip


def test_latest_inverter_records_carry_the_real_records_keys(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    plant_id = growatt_cloud.credentials["plant_ids"][0]
    sn = inverters_of(growatt, plant_id)[0]
    record = data(growatt, "GET", "/v1/device/inverter/last_new_data", {"device_sn": sn})["data"]
    assert set(record) >= REAL_RECORD_KEYS
    assert isinstance(record["timeTotalText"], str)
    assert isinstance(record["again"], bool)
    assert record["realOPPercent"] == pytest.approx(record["pac"] / record["opFullwatt"] * 100, abs=0.1)
    batch = data(growatt, "POST", "/v1/device/inverter/invs_data", {"inverters": sn, "pageNum": 1})["data"]
    assert set(batch[sn][sn]) >= REAL_RECORD_KEYS


@pytest.mark.solarfakes(profile="documented")
def test_documented_records_keep_the_documents_keys(growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    sn = next(s for s in creds["device_sns"] if s not in creds["storage_sns"])
    with growatt_cloud.client(headers={"token": creds["token"]}) as http:
        record = http.get("/v1/device/inverter/last_new_data", params={"device_sn": sn}).json()
        details = http.get("/v1/plant/details", params={"plant_id": creds["plant_ids"][0]}).json()
    assert record["error_code"] == 0
    assert not REAL_RECORD_KEYS & set(record)
    assert "arrays" not in details


def test_plant_details_count_the_plants_equipment(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    plant_id = growatt_cloud.credentials["plant_ids"][0]
    details = data(growatt, "GET", "/v1/plant/details", {"plant_id": plant_id})["data"]
    assert details["inverters"][0]["inverter_num"] == len(inverters_of(growatt, plant_id))
    loggers = data(growatt, "GET", "/v1/device/datalogger/list", {"plant_id": plant_id})["data"]["count"]
    assert details["dataloggers"][0]["datalogger_num"] == loggers
    assert details["locale"] == "en_US"
    assert details["address1"] is None


def test_storage_and_detail_records_carry_the_real_records_keys(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    storage = data(growatt, "POST", "/v1/device/storage/storage_last_data", {"storage_sn": creds["storage_sns"][0]})
    record = storage["data"]
    assert {"serialNum", "dataLogSn", "bmsSoh", "cellVoltage16", "capacityText", "calendar", "lost"} <= set(record)
    assert record["serialNum"] == creds["storage_sns"][0]
    assert record["capacityText"] == f"{round(record['capacity'])} %"
    assert record["cellVoltage1"] * 16 == pytest.approx(record["vBat"], abs=0.02)
    assert record["calendar"]["timeInMillis"] > 0
    sn = inverters_of(growatt, creds["plant_ids"][0])[0]
    info = data(growatt, "GET", "/v1/device/inverter/inv_data_info", {"device_sn": sn})["data"]
    assert {"treeID", "parentID", "plantId", "plantname", "modelText", "loadText", "innerVersion"} <= set(info)
    assert (info["plantId"], info["treeID"]) == (creds["plant_ids"][0], sn)
    assert info["loadText"].endswith("%")


def test_plant_data_names_its_zone_as_the_portal_does(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    for plant_id in growatt_cloud.credentials["plant_ids"]:
        zone = plant_figures(growatt, plant_id)["timezone"]
        assert re.fullmatch(r"GMT[+-]\d+(\.\d+)?", zone), zone


def test_inverter_history_rows_carry_the_third_input(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    sn = inverters_of(growatt, growatt_cloud.credentials["plant_ids"][0])[0]
    params = {"device_sn": sn, "start_date": "2026-06-20", "end_date": "2026-06-20"}
    rows = data(growatt, "GET", "/v1/device/inverter/data", params)["data"]["datas"]
    assert rows
    assert {"ipv3", "vpv3", "today_energy", "power_factor"} <= set(rows[0])
