"""Every writable value has a range in its spec (issue 12 §2): an absurd value is refused with the
vendor's parameter error, and nothing written can break a later read."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest

from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.specs import load_spec
from solarfakes.specs.model import PROFILES

RANGED_APIS = ("growatt_v1", "alphaess_openapi", "apsystems_openapi", "alphaess_ras_v2")
# Integer parameters that carry a quantity (not an id, page or timestamp), by endpoint id.
INTEGER_QUANTITIES = {
    "updateChargeConfigInfo": ("batHighCap",),
    "updateDisChargeConfigInfo": ("batUseCap",),
    "RemoteDispatch": ("ActivePower", "ReactivePower"),
}


def strict_json(text: str) -> Any:
    """JSON as the standard allows it: NaN and Infinity are not numbers there."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"non-JSON number {constant}")

    return json.loads(text, parse_constant=refuse)


def unbounded(low: float | None, high: float | None) -> bool:
    return low is None or high is None


@pytest.mark.parametrize("api", RANGED_APIS)
@pytest.mark.parametrize("profile", PROFILES)
def test_every_number_and_setting_value_has_a_range(api: str, profile: str) -> None:
    spec = load_spec(api, profile)  # type: ignore[arg-type]
    unranged = []
    for endpoint in spec.endpoints:
        quantities = INTEGER_QUANTITIES.get(endpoint.id, ())
        unranged += [
            f"{endpoint.id}.{param.name}"
            for param in endpoint.params
            if param.enum is None
            and (param.type == "number" or param.name in quantities)
            and unbounded(param.minimum, param.maximum)
        ]
        for setting in endpoint.settings or []:
            unranged += [
                f"{endpoint.id}.{setting.id}.{slot.param}"
                for slot in [*setting.values, *(setting.registers or {}).values()]
                if slot.type in ("number", "integer") and slot.enum is None and unbounded(slot.minimum, slot.maximum)
            ]
    assert not unranged, f"writable values without a range: {unranged}"


def growatt_send(http: httpx.Client, method: str, path: str, params: dict[str, Any]) -> Any:
    response = http.get(path, params=params) if method == "GET" else http.post(path, data=params)
    assert response.status_code == 200, response.text
    return strict_json(response.text)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("longitude", "1e308", 10001),
        ("latitude", "-91", 10001),
        ("peak_power", "1e308", 10004),
        ("peak_power", "-1", 10004),
    ],
)
def test_growatt_plant_add_refuses_values_out_of_range(
    growatt: httpx.Client, growatt_cloud: CloudHandle, field: str, value: str, code: int
) -> None:
    creds = growatt_cloud.credentials
    plants_before = growatt_send(growatt, "GET", "/v1/plant/list", {})["data"]["count"]
    form = {"c_user_id": creds["c_user_ids"][0], "name": "Far away", "peak_power": "5", field: value}
    body = growatt_send(growatt, "POST", "/v1/plant/add", form)
    assert (body["error_code"], body["data"]) == (code, "")
    listed = growatt_send(growatt, "GET", "/v1/plant/list", {})
    assert listed["error_code"] == 0
    assert listed["data"]["count"] == plants_before, "nothing was added"


def test_growatt_plant_modify_refuses_values_out_of_range_and_reads_keep_working(
    growatt: httpx.Client, growatt_cloud: CloudHandle
) -> None:
    creds = growatt_cloud.credentials
    plant = creds["plant_ids"][0]
    base = {"c_user_id": creds["c_user_ids"][0], "plant_id": plant, "name": "Renamed", "peak_power": "6"}
    for extra, code in (({"longitude": "1e308"}, 10001), ({"peak_power": "1e308"}, 10004)):
        assert growatt_send(growatt, "POST", "/v1/plant/modify", base | extra)["error_code"] == code
    listed = growatt_send(growatt, "GET", "/v1/plant/list", {})
    assert listed["error_code"] == 0
    row = next(p for p in listed["data"]["plants"] if p["plant_id"] == plant)
    assert math.isfinite(float(row["longitude"]))
    assert row["peak_power"] < 1e6
    power = growatt_send(growatt, "GET", "/v1/plant/power", {"plant_id": plant, "date": "2026-06-20"})
    assert power["error_code"] == 0
    assert all(p["power"] is None or math.isfinite(p["power"]) for p in power["data"]["powers"])


def test_growatt_plant_add_at_the_edges_is_read_back(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    form = {"c_user_id": creds["c_user_ids"][0], "name": "Edge", "peak_power": "1000000", "longitude": "180",
            "latitude": "-90"}  # fmt: skip
    added = growatt_send(growatt, "POST", "/v1/plant/add", form)
    assert added["error_code"] == 0
    plant_id = added["data"]["plant_id"]
    listed = growatt_send(growatt, "GET", "/v1/plant/list", {"perpage": 100})
    assert listed["error_code"] == 0
    assert plant_id in {p["plant_id"] for p in listed["data"]["plants"]}
    power = growatt_send(growatt, "GET", "/v1/plant/power", {"plant_id": plant_id, "date": "2026-06-20"})
    assert power["error_code"] == 0


def test_alphacloud_ev_current_out_of_range_is_6001(alpha: Any, alphacloud: CloudHandle) -> None:
    sn = alphacloud.credentials["system_sns"][0]
    for current in (1e308, -1, 401):
        body = strict_json(alpha.post("setEvChargerCurrentsBySn", {"sysSn": sn, "currentsetting": current}).text)
        assert (body["code"], body["data"]) == (6001, None)


def test_growatt_stored_text_has_a_length(growatt: httpx.Client, growatt_cloud: CloudHandle) -> None:
    creds = growatt_cloud.credentials
    user = creds["c_user_ids"][0]
    named = growatt_send(growatt, "POST", "/v1/plant/add", {"c_user_id": user, "name": "x" * 101, "peak_power": "5"})
    assert named["error_code"] == 10003
    register = {"user_email": "a" * 250 + "@x.io", "user_password": "pw", "user_type": "1", "user_name": "longmail",
                "user_country": "Other"}  # fmt: skip
    assert growatt_send(growatt, "POST", "/v1/user/user_register", register)["error_code"] == 10004
    # No code is documented for a phone number: a clear answer outside the vendor's envelope.
    response = growatt.post("/v1/user/modify", data={"c_user_id": user, "mobile": "1" * 33})
    assert response.status_code == 400
    assert "mobile" in response.json()["solarfakes_error"]
    fits = growatt_send(growatt, "POST", "/v1/plant/add", {"c_user_id": user, "name": "y" * 100, "peak_power": "5"})
    assert fits["error_code"] == 0


def test_a_json_integer_beyond_any_float_is_a_parameter_error(alpha: Any, alphacloud: CloudHandle) -> None:
    from conftest import alpha_headers

    sn = alphacloud.credentials["system_sns"][0]
    body = '{"sysSn": "%s", "currentsetting": 1%s}' % (sn, "0" * 400)  # noqa: UP031
    headers = alpha_headers(alphacloud) | {"Content-Type": "application/json"}
    answer = strict_json(alpha.http.post("/api/setEvChargerCurrentsBySn", content=body, headers=headers).text)
    assert (answer["code"], answer["data"]) == (6001, None)
