"""`solarfakes serve` as a real process, `solarfakes spec`, and the pytest plugin seen from a user's suite."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import alpha_signed

from solarfakes.simulators.serve import free_port

CLI = [sys.executable, "-m", "solarfakes.simulators.cli"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    port = free_port("127.0.0.1")
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--plants", "3", "--clock", "frozen@2026-06-21T10:00:00Z"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/_solarfakes/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"serve did not come up: {log.read_text()}")
            time.sleep(0.1)
        yield base, str(log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_prints_credentials_and_answers_both_apis(server: tuple[str, str]) -> None:
    base, log = server
    creds = httpx.get(f"{base}/_solarfakes/credentials").json()
    assert creds["growatt_v1"]["base_url"] == base
    printed = Path(log).read_text()
    assert creds["growatt_v1"]["token"] in printed
    assert creds["alphaess_openapi"]["app_secret"] in printed
    plants = httpx.get(f"{base}/v1/plant/list", headers={"token": creds["growatt_v1"]["token"]}).json()
    assert plants["data"]["count"] == 3
    alpha = creds["alphaess_openapi"]
    stamp = str(int(httpx.get(f"{base}/_solarfakes/clock").json()["epoch"]))
    systems = httpx.get(f"{base}/api/getEssList", headers=alpha_signed(alpha, stamp))
    assert systems.json()["code"] == 200
    assert len(systems.json()["data"]) == 3


def test_serve_enforces_limits_by_default(server: tuple[str, str]) -> None:
    base, _ = server
    token = httpx.get(f"{base}/_solarfakes/credentials").json()["growatt_v1"]["token"]
    codes = [
        httpx.get(f"{base}/v1/device/list", params={"plant_id": 1}, headers={"token": token}).json()["error_code"]
        for _ in range(2)
    ]
    assert codes[1] == 10012


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    port = free_port("127.0.0.1")
    process = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/_solarfakes/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
    assert "Traceback" not in process.stdout.read().decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "--api", "nosuch"], "invalid choice: 'nosuch'"),  # every API of specs/ is served now
        (["serve", "--clock", "sideways"], "unknown clock"),
        (["serve", "--plants", "0"], "--plants must be at least 1"),
    ],
)
def test_serve_refuses_bad_options_clearly(args: list[str], message: str) -> None:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_spec_export_writes_valid_openapi(tmp_path: Path) -> None:
    out = tmp_path / "growatt.json"
    done = subprocess.run([*CLI, "spec", "export", "--api", "growatt_v1", "--profile", "documented", "-o", str(out)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert document["x-profile"] == "documented"
    assert document["openapi"] == "3.1.0"


def test_spec_check_reports_a_broken_file_by_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("api: growatt_v1\ntitle: x\n", encoding="utf-8")
    done = subprocess.run([*CLI, "spec", "check", str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert str(broken) in done.stderr
    assert "required property" in done.stderr


@pytest.mark.slow
def test_plugin_fixtures_work_in_a_users_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.solarfakes(plants=3)
        def test_my_integration_survives_rate_limits(growatt_cloud):
            token = growatt_cloud.credentials["token"]
            growatt_cloud.faults.arm(10012, endpoint="/v1/plant/list", times=1)
            with growatt_cloud.client(headers={"token": token}) as http:
                assert http.get("/v1/plant/list").json()["error_code"] == 10012
                assert http.get("/v1/plant/list").json()["data"]["count"] == 3
            growatt_cloud.clock.advance(300)
            assert growatt_cloud.journal.last().endpoint == "plant_list"

        def test_live_server(alphacloud):
            import httpx
            base = alphacloud.live()
            assert base.startswith("http://127.0.0.1:")
            assert httpx.get(base + "/_solarfakes/health").json()["apis"] == {"alphaess_openapi": "/api/"}

        async def test_async_client(alphacloud):
            async with alphacloud.async_client() as http:
                assert (await http.get("/api/getEssList")).json()["code"] == 6012
        """
    )
    pytester.makeini("[pytest]\nanyio_mode = auto\n")
    result = pytester.runpytest_subprocess("-p", "anyio", "-W", "ignore::pytest.PytestUnknownMarkWarning")
    result.assert_outcomes(passed=3)


def test_readme_example_is_the_tested_one() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert 'growatt_cloud.faults.arm(10012, endpoint="/v1/plant/list", times=1)' in readme
    assert "python3 -m pip install nox && python3 -m nox -s tests lint typecheck" in readme
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pip install nox && python3 -m nox -s tests lint typecheck" in ci


@pytest.mark.slow
def test_growattserver_runs_unchanged_against_solarfakes_serve(server: tuple[str, str]) -> None:
    from growattServer import OpenApiV1

    base, _ = server
    creds = httpx.get(f"{base}/_solarfakes/credentials").json()["growatt_v1"]
    api = OpenApiV1(token=creds["token"])
    api.api_url = base + "/v1/"  # the only change: the host
    plants = api.plant_list()
    assert [p["plant_id"] for p in plants["plants"]] == creds["plant_ids"]
    assert api.plant_details(creds["plant_ids"][0])["timezone"]
