"""A Growatt collector deleted from a plant (collectors.py): its devices stay on the plant with no collector,
lost and out of reach of settings, until a collector is added, which takes them; the serial is free again."""

from __future__ import annotations

from typing import Any

import httpx

from solarfakes.contracts.schema_check import check_success
from solarfakes.simulators.pytest_plugin import CloudHandle


def send(http: httpx.Client, method: str, path: str, **params: Any) -> Any:
    response = http.get(path, params=params) if method == "GET" else http.post(path, data=params)
    assert response.status_code == 200, response.text
    return response.json()


def devices(http: httpx.Client, plant: int) -> dict[str, dict[str, Any]]:
    listed = send(http, "GET", "/v1/device/list", plant_id=plant, perpage=100)["data"]["devices"]
    return {d["device_sn"]: d for d in listed}


def test_a_deleted_collectors_devices_report_through_none_until_a_collector_is_added(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    plant, user = creds["plant_ids"][0], creds["c_user_ids"][0]
    collector = send(growatt, "GET", "/v1/device/datalogger/list", plant_id=plant)["data"]["dataloggers"][0]["sn"]
    under = {sn for sn, d in devices(growatt, plant).items() if d["datalogger_sn"] == collector}
    inverter = next(sn for sn in under if sn in creds["device_sns"] and sn not in creds["storage_sns"])
    setting = {"device_sn": inverter, "paramId": "pv_active_p_rate", "command_1": "50"}

    assert send(growatt, "POST", "/v1/device/datalogger/delete", plant_id=plant, sn=collector)["error_code"] == 0
    after = devices(growatt, plant)
    assert set(after) >= under, "the devices stay on the plant"
    for sn in under:
        assert after[sn]["datalogger_sn"] == "", "no device points at the deleted collector"
        assert after[sn]["lost"] is True
    assert collector in {f["sn"] for f in growatt_cloud.credentials["free_dataloggers"]}, "free to be added again"
    assert send(growatt, "POST", "/v1/inverterSet", **setting)["error_code"] == 10005
    data = send(growatt, "GET", "/v1/device/inverter/last_new_data", device_sn=inverter)
    assert data["error_code"] == 0
    check_success(growatt_cloud.spec, "observed", "device_inverter_last_new_data", data)

    # The collector back (from the free stock, as any collector): it takes the devices left without one.
    added = send(growatt, "POST", "/v1/device/datalogger/add", plant_id=plant, sn=collector, c_user_id=user)
    assert added["error_code"] == 0
    again = devices(growatt, plant)
    assert all(again[sn]["datalogger_sn"] == collector for sn in under)
    assert all(again[sn]["lost"] is False for sn in under)
    assert send(growatt, "POST", "/v1/inverterSet", **setting)["error_code"] == 0


def test_a_device_without_a_collector_answers_within_its_schema(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    """A new plant's inverter has no collector yet: its reads give an empty collector serial, not null."""
    creds = growatt_cloud.credentials
    added = send(growatt, "POST", "/v1/plant/add", c_user_id=creds["c_user_ids"][0], name="New roof", peak_power="4")
    plant = added["data"]["plant_id"]
    (inverter,) = devices(growatt, plant).values()
    assert inverter["datalogger_sn"] == ""
    assert inverter["lost"] is True
    for endpoint, path in (("device_inverter_last_new_data", "/v1/device/inverter/last_new_data"),
                           ("device_inverter_inv_data_info", "/v1/device/inverter/inv_data_info")):  # fmt: skip
        body = send(growatt, "GET", path, device_sn=inverter["device_sn"])
        assert body["error_code"] == 0
        check_success(growatt_cloud.spec, "observed", endpoint, body)
