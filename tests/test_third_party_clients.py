"""Real client libraries, written by nobody here, run unchanged once their host points at a fake cloud."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from solarfakes.simulators.pytest_plugin import CloudHandle


@pytest.fixture
def growatt_server(growatt_cloud: CloudHandle) -> Any:
    from growattServer import OpenApiV1

    api = OpenApiV1(token=growatt_cloud.credentials["token"])
    api.api_url = growatt_cloud.live() + "/v1/"  # the only change: the host
    return api


def test_growattserver_reads_plants_devices_and_history(growatt_server: Any, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    plants = growatt_server.plant_list()
    assert plants["count"] == len(creds["plant_ids"])
    plant_id = plants["plants"][0]["plant_id"]
    assert growatt_server.plant_details(plant_id)["timezone"]
    overview = growatt_server.plant_energy_overview(plant_id)
    assert float(overview["today_energy"]) > 0
    powers = growatt_server.plant_power_overview(plant_id, day=date(2026, 6, 20))
    assert powers["count"] == 288
    history = growatt_server.plant_energy_history(plant_id, start_date=date(2026, 6, 14), end_date=date(2026, 6, 20))
    assert next(row["date"] for row in history["energys"]) == "2026-06-14"
    devices = growatt_server.device_list(plant_id)
    assert {d["device_sn"] for d in devices["devices"]} & set(creds["device_sns"])


def test_growattserver_sees_vendor_errors(growatt_server: Any, growatt_cloud: CloudHandle) -> None:
    from growattServer.exceptions import GrowattV1ApiError

    growatt_cloud.faults.arm(10012, endpoint="/v1/plant/list", times=1)
    with pytest.raises(GrowattV1ApiError) as caught:
        growatt_server.plant_list()
    assert caught.value.error_code == 10012
    assert caught.value.error_msg == "error_frequently_access"
    assert growatt_server.plant_list()["count"] == len(growatt_cloud.credentials["plant_ids"])


def test_growattserver_min_energy_reads_tlx_last_data(growatt_server: Any, growatt_cloud: CloudHandle) -> None:
    inverter = next(sn for sn in growatt_cloud.credentials["device_sns"] if sn.startswith("NTC"))
    energy = growatt_server.min_energy(inverter)
    assert {"eacToday", "eacTotal", "ppv", "pac"} <= set(energy)


def run_alphaess(base_url: str, creds: dict[str, Any], work: Any, *, raise_on_error: bool = False) -> Any:
    import alphaess.alphaess as module

    async def main() -> Any:
        client = module.alphaess(creds["app_id"], creds["app_secret"], raise_on_error=raise_on_error)
        try:
            return await work(client)
        finally:
            await client.close()

    original = module.BASEURL
    module.BASEURL = base_url + "/api"  # the only change: the host
    try:
        return asyncio.run(main())
    finally:
        module.BASEURL = original


@pytest.mark.solarfakes(clock="real", limits=True)
def test_alphaessopenapi_polls_like_home_assistant(alphacloud: CloudHandle) -> None:
    base = alphacloud.live()
    creds = alphacloud.credentials

    async def poll(client: Any) -> Any:
        assert await client.authenticate() is True
        return await client.getdata(get_power=True, get_ev=True, get_timecharge=True)

    units = run_alphaess(base, creds, poll)
    assert {unit["sysSn"] for unit in units} == set(creds["system_sns"])
    online = next(u for u in units if u["sysSn"] not in creds["offline_system_sns"])
    assert online["LastPower"]["ppvDetail"] is not None
    assert "soc" in online["LastPower"]
    assert online["ChargeConfig"]["batHighCap"] == 100
    assert online["SumData"]["epvtotal"] > 0
    assert online["TimeCharge"] is None, "6017: not entitled, tolerated by the client"
    chargers = [u for u in units if u.get("EVData")]
    assert chargers, "some systems have an EV charger"
    for unit in chargers:
        # Home Assistant reads EVStatus with .get: one object, not a list (spec getEvChargerStatusBySn note)
        assert unit["EVStatus"].get("evchargerStatus") in {1, 2, 3, 4, 5, 6, 9}
    offline = next(u for u in units if u["sysSn"] in creds["offline_system_sns"])
    assert offline["LastPower"] is None, "6042 for the offline system"
    rate_limited = list(alphacloud.journal.entries(error_code=6053))
    assert not rate_limited, "one poll per cycle stays inside the rate limit"


@pytest.mark.solarfakes(clock="real")
def test_alphaessopenapi_writes_and_reads_back_the_charge_config(alphacloud: CloudHandle) -> None:
    base = alphacloud.live()
    creds = alphacloud.credentials
    sn = creds["system_sns"][0]

    async def write_then_read(client: Any) -> Any:
        await client.updateChargeConfigInfo(sn, 90, 1, "06:00", "00:00", "22:00", "00:00")
        return await client.getChargeConfigInfo(sn)

    config = run_alphaess(base, creds, write_then_read)
    assert config == {"batHighCap": 90, "gridCharge": 1, "timeChae1": "06:00", "timeChae2": "00:00",
                      "timeChaf1": "22:00", "timeChaf2": "00:00"}  # fmt: skip


@pytest.mark.solarfakes(clock="real")
def test_alphaessopenapi_raises_the_vendor_code(alphacloud: CloudHandle) -> None:
    import alphaess.alphaess as module

    base = alphacloud.live()
    alphacloud.faults.arm(6053, endpoint="getEssList", times=1)

    async def list_systems(client: Any) -> Any:
        return await client.getESSList()

    with pytest.raises(module.AlphaESSApiError) as caught:
        run_alphaess(base, alphacloud.credentials, list_systems, raise_on_error=True)
    assert caught.value.code == 6053
    assert caught.value.msg == "The maximum number of requests has been reached"
