"""The contract runner (contracts/runner.py) against a live fake cloud on a loopback port: the table, JUnit
and JSON, read-only runs, the call budget, and the drift report naming the field and both values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from solarfakes.contracts import runner
from solarfakes.simulators.pytest_plugin import CloudHandle

READS = ["--endpoint", "plant_list", "--endpoint", "plant_details", "--endpoint", "plant_delete"]


def test_is_loopback() -> None:
    assert runner.is_loopback("http://127.0.0.1:8000")
    assert runner.is_loopback("http://localhost")
    assert runner.is_loopback("http://[::1]:80")
    assert not runner.is_loopback("https://openapi.growatt.com/v1/")
    assert not runner.is_loopback("http://192.168.1.5:8000")


def test_a_run_prints_the_table_and_writes_junit_and_json(
    growatt_cloud: CloudHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, *READS, "--examples", "2",
                          "--junit", str(tmp_path / "j.xml"), "--json", str(tmp_path / "r.json")])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert "plant_details" in out
    assert "all contracts hold" in out
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert report["passed"] is True
    statuses = {(o["endpoint"], o["suite"]): o["status"] for o in report["conformance"]}
    assert statuses["plant_details", "valid"] == "pass"
    assert statuses["plant_delete", "valid"] == "pass"  # loopback: writes run
    suites = ElementTree.parse(tmp_path / "j.xml").getroot()
    assert {s.get("name") for s in suites} == {"growatt_v1.conformance", "growatt_v1.schemathesis"}
    assert all(s.get("failures") == "0" for s in suites)


def test_read_only_skips_writes_and_reports_them(growatt_cloud: CloudHandle, tmp_path: Path) -> None:
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, *READS, "--examples", "2", "--read-only",
                          "--json", str(tmp_path / "r.json")])  # fmt: skip
    assert status == 0
    [report] = json.loads((tmp_path / "r.json").read_text())
    skipped = [o for o in report["conformance"] if o["endpoint"] == "plant_delete"]
    assert {o["status"] for o in skipped} == {"skip"}
    assert any("read-only" in note for note in report["notes"])
    assert growatt_cloud.journal.entries("plant_delete") == []


def test_the_budget_caps_the_calls(growatt_cloud: CloudHandle, tmp_path: Path) -> None:
    base_url = growatt_cloud.live()
    growatt_cloud.journal.clear()
    runner.main(["--api", "growatt_v1", "--base-url", base_url, "--budget", "5", "--suite", "conformance",
                 "--json", str(tmp_path / "r.json")])  # fmt: skip
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert sum(o["calls"] for o in report["conformance"]) <= 5
    assert any(o["skipped"] == "call budget used up" for o in report["conformance"])
    assert len(growatt_cloud.journal.entries()) <= 5


def test_drift_names_the_field_and_both_values(
    growatt_cloud: CloudHandle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handlers = growatt_cloud.simulator.vendor.handlers
    original = handlers["plant_details"]

    def drifted(call: Any, sim: Any) -> Any:
        return {**original(call, sim), "peak_power": "3.5 kW"}  # a server that sends text where the spec says number

    monkeypatch.setitem(handlers, "plant_details", drifted)
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, "--endpoint", "plant_details",
                          "--examples", "2", "--suite", "conformance", "--json", str(tmp_path / "r.json")])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 1
    assert "drift (server vs spec):" in out
    assert "plant_details: data/peak_power: spec type 'number', server sent '3.5 kW'" in out
    [report] = json.loads((tmp_path / "r.json").read_text())
    [valid] = [o for o in report["conformance"] if o["suite"] == "valid"]
    assert valid["differences"][0] | {} == {
        "field": "data/peak_power",
        "rule": "type",
        "spec": "number",
        "server": "3.5 kW",
    }


def test_missing_credentials_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = runner.main(["--api", "alphaess_openapi", "--base-url", "http://127.0.0.1:9", "--credential", "app_id=x"])
    assert status == 2
    assert "alphaess_openapi needs app_secret" in capsys.readouterr().err


def test_isolarcloud_runs_plain_and_encrypted_through_its_client(
    isolarcloud: CloudHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One report per mode; the reference client logs in and exchanges a consent-page code itself, so the
    session and OAuth2 endpoints answer successes in both modes; schemathesis goes with the plain report."""
    base_url = isolarcloud.live()
    endpoints = ["getPowerStationList", "platform_queryPowerStationList", "apiManage_refreshToken", "apiManage_token"]
    status = runner.main(["--api", "isolarcloud", "--base-url", base_url, *(f"--endpoint={e}" for e in endpoints),
                          "--examples", "2", "--json", str(tmp_path / "r.json"), "--junit", str(tmp_path / "j.xml")])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    assert "isolarcloud [encrypted] at" in out
    reports = json.loads((tmp_path / "r.json").read_text())
    assert [r["variant"] for r in reports] == ["", "encrypted"]
    for report in reports:
        valid = {o["endpoint"]: o for o in report["conformance"] if o["suite"] == "valid"}
        assert set(valid) == set(endpoints)
        assert all(o["status"] == "pass" and o["successes"] == o["calls"] > 0 for o in valid.values()), valid
    assert reports[0]["schemathesis"]
    assert not reports[1]["schemathesis"]
    suites = {s.get("name") for s in ElementTree.parse(tmp_path / "j.xml").getroot()}
    assert suites == {"isolarcloud.conformance", "isolarcloud.schemathesis", "isolarcloud [encrypted].conformance"}
    sealed = [e for e in isolarcloud.journal.entries() if "x-random-secret-key" in e.headers]
    assert {e.endpoint for e in sealed} >= set(endpoints)


def test_the_async_client_runs_the_conformance_suite(growatt_cloud: CloudHandle, tmp_path: Path) -> None:
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, *READS, "--examples", "2", "--client", "async",
                          "--suite", "conformance", "--json", str(tmp_path / "r.json")])  # fmt: skip
    assert status == 0
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert report["variant"] == "async"
    valid = {o["endpoint"]: o for o in report["conformance"] if o["suite"] == "valid"}
    assert valid["plant_details"]["successes"] == 2


def test_a_spent_authorization_code_is_not_sent_again(isolarcloud: CloudHandle, tmp_path: Path) -> None:
    """As against a real account, with one ready code and no consent page: the first connection exchanges it,
    the later ones (the encrypted mode, schemathesis) go on from the tokens it held, refreshed or not."""
    base_url = isolarcloud.live()
    endpoints = ["platform_queryPowerStationList", "apiManage_refreshToken"]
    status = runner.main(["--api", "isolarcloud", "--base-url", base_url, *(f"--endpoint={e}" for e in endpoints),
                          "--examples", "2", "--credential", "authorize_url=", "--credential",
                          "redirect_uri=https://example.invalid/cb", "--json", str(tmp_path / "r.json")])  # fmt: skip
    reports = json.loads((tmp_path / "r.json").read_text())
    assert status == 0, reports
    assert [r["variant"] for r in reports] == ["", "encrypted"]
    exchanges = isolarcloud.journal.entries(endpoint="apiManage_token")
    assert [e.error_code for e in exchanges] == [None], "the code is exchanged once"
    assert not [e for e in isolarcloud.journal.entries() if e.path == "/authorized-app"]
    refreshes = isolarcloud.journal.entries(endpoint="apiManage_refreshToken")
    assert len(refreshes) >= 4
    assert all(e.error_code is None for e in refreshes[:4]), "each connection refreshes with the latest token"


def test_calls_the_client_cannot_make_without_a_token_are_skipped_and_say_why(
    isolarcloud: CloudHandle, tmp_path: Path
) -> None:
    """A real account given without any OAuth2 credential: the platform and refresh calls are not sent."""
    base_url = isolarcloud.live()
    endpoints = ["getPowerStationList", "platform_queryPowerStationList", "apiManage_refreshToken"]
    status = runner.main(["--api", "isolarcloud", "--base-url", base_url, *(f"--endpoint={e}" for e in endpoints),
                          "--examples", "2", "--mode", "plain", "--credential", "authorize_url=", "--credential",
                          "auth_code=", "--json", str(tmp_path / "r.json")])  # fmt: skip
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert status == 0, report
    valid = {o["endpoint"]: o for o in report["conformance"] if o["suite"] == "valid"}
    assert valid["getPowerStationList"]["successes"] == 2
    assert valid["platform_queryPowerStationList"]["skipped"].startswith("not sent: ")
    assert "refresh_token" in valid["apiManage_refreshToken"]["skipped"]
    fuzzed = {o["operation_id"].split("__")[0]: o for o in report["schemathesis"]}
    assert fuzzed["getPowerStationList"]["status"] == "pass"
    assert fuzzed["platform_queryPowerStationList"]["skipped"].startswith("not sent: ")
    assert "refresh_token" in fuzzed["apiManage_refreshToken"]["skipped"]
    assert not isolarcloud.journal.entries(endpoint="platform_queryPowerStationList")


def test_a_solarfakes_servers_quotas_are_lifted_for_the_run_and_put_back(
    growatt_cloud: CloudHandle, tmp_path: Path
) -> None:
    """Growatt allows one call per endpoint in 5 minutes; with the server's quotas on, a run would see
    10012 for nearly every call. The runner lifts them through the admin API and enforces them again after."""
    growatt_cloud.limits(True)
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, "--endpoint", "plant_list",
                          "--examples", "4", "--suite", "conformance", "--json", str(tmp_path / "r.json")])  # fmt: skip
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert status == 0, report
    assert growatt_cloud.cloud.limits is True
    assert any("quotas lifted" in note for note in report["notes"])
    outcomes = {o["suite"]: o for o in report["conformance"]}
    assert outcomes["valid"]["successes"] == outcomes["valid"]["calls"] == 4
    invalid = outcomes["invalid"]
    assert invalid["status"] == "pass"
    assert invalid["calls"] > 0
    assert not [verdict for verdict in invalid["refusals"] if verdict.startswith("quota")], invalid


def test_with_the_quotas_kept_a_quota_refusal_is_not_a_failure(growatt_cloud: CloudHandle, tmp_path: Path) -> None:
    """A call the meter refuses before its parameters are checked proves nothing either way, also where the
    broken parameter has no vendor code (the simulator's own HTTP 400 would have been expected)."""
    growatt_cloud.limits(True)
    base_url = growatt_cloud.live()
    status = runner.main(["--api", "growatt_v1", "--base-url", base_url, "--endpoint", "plant_list", "--keep-limits",
                          "--examples", "4", "--suite", "conformance", "--json", str(tmp_path / "r.json")])  # fmt: skip
    [report] = json.loads((tmp_path / "r.json").read_text())
    assert status == 0, report
    assert not any("quotas lifted" in note for note in report["notes"])
    outcomes = {o["suite"]: o for o in report["conformance"]}
    assert outcomes["valid"]["refusals"].get("10012", 0) >= 3  # one call per endpoint in 5 minutes
    assert outcomes["invalid"]["skipped"] == "every call was refused by a quota before its parameters were checked"
    assert set(outcomes["invalid"]["refusals"]) == {"quota 10012"}


def test_an_endpoint_with_nothing_to_break_reads_n_a_not_skip(
    alphacloud: CloudHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base_url = alphacloud.live()
    status = runner.main(["--api", "alphaess_openapi", "--base-url", base_url, "--endpoint", "getEssList",
                          "--examples", "2", "--suite", "conformance"])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0, out
    [row] = [line.split() for line in out.splitlines() if line.startswith("getEssList")]
    assert row[:4] == ["getEssList", "pass", "(2)", "n/a"]
