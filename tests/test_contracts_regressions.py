"""Simulator and export bugs the contract suites found, each pinned by the smallest call that shows it."""

from __future__ import annotations

from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.specs import load_spec
from solarfakes.specs.openapi import export_openapi


def test_a_path_with_a_newline_still_reaches_the_vendor_pipeline(apsystems_cloud: CloudHandle) -> None:
    """Found by schemathesis: a path parameter holding a newline missed the catch-all route and got
    Starlette's bare text 404, outside the vendor pipeline and its journal."""
    with apsystems_cloud.client() as http:
        response = http.get("/user/api/v2/systems/%0A/devices/inverter/energy/x")
    assert response.status_code == 404
    assert response.json()["solarfakes_error"] == "no such endpoint"
    assert apsystems_cloud.journal.last().status == 404


def test_the_export_declares_the_simulators_own_answers_where_the_vendor_has_none() -> None:
    """Found by schemathesis: a Growatt date without a vendor code answers HTTP 400, and an APsystems path
    that names no endpoint answers 404; the export declared neither, so status_code_conformance failed."""
    growatt = export_openapi(load_spec("growatt_v1"), "observed")
    assert "400" in growatt["paths"]["/v1/device/inverter/alarm"]["get"]["responses"]
    alphacloud = export_openapi(load_spec("alphaess_openapi"), "observed")
    assert "400" not in alphacloud["paths"]["/api/getLastPowerData"]["get"]["responses"]  # every code is the vendor's
    apsystems = export_openapi(load_spec("apsystems_openapi"), "observed")
    assert "404" in apsystems["paths"]["/user/api/v2/systems/details/{sid}"]["get"]["responses"]


def test_every_export_builds_including_java_offsets() -> None:
    """On main after two merges, iSolarCloud's export failed: the response typing's yyyy-MM-dd'T'HH:mm:ssXXX
    (%z) had no pattern in the export's date schemas."""
    from solarfakes.specs import API_IDS

    for api in API_IDS:
        assert export_openapi(load_spec(api), "observed")["paths"]
