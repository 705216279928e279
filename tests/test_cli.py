"""`solarfakes serve` as a real process, `solarfakes spec`, and the pytest plugin seen from a user's suite."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import alpha_signed

from solarfakes.simulators.cli import main
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
        deadline = time.monotonic() + 90  # a loaded CI machine starts Python slowly
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
        stop(process)


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
    deadline = time.monotonic() + 90  # a loaded CI machine starts Python slowly
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
        (["serve", "--clock", "sideways"], "argument --clock: unknown clock 'sideways'"),
        (["serve", "--clock", "frozen@notadate"], "argument --clock: 'notadate' is not an ISO 8601 instant"),
        (["serve", "--clock", "speed:abc"], "argument --clock: 'abc' is not a number (in speed:FACTOR)"),
        (["serve", "--plants", "0"], "argument --plants: 0 is less than 1"),
        (["serve", "--port", "99999"], "argument --port: 99999 is not a port number (0 to 65535)"),
        (["serve", "--port", "http"], "argument --port: 'http' is not a port number"),
        (["serve", "--log-format", "xml"], "argument --log-format: invalid choice: 'xml'"),
        (["serve", "--host", "a..b"], "--host a..b: "),  # resolved as bytes: the resolver's own words
        (["serve", "--host", "ä..b"], "--host ä..b: not a host name (encoding with 'idna' codec failed"),
    ],
)
def test_serve_refuses_bad_options_clearly(args: list[str], message: str) -> None:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == "", "nothing is printed for a server that never starts"


def test_a_port_in_use_is_reported_before_the_banner(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*CLI, "serve", "--port", str(port)], capture_output=True, text=True, timeout=60, cwd=tmp_path
        )
    assert done.returncode == 2
    assert f"--port {port}: cannot listen there" in done.stderr
    assert "--port 0 for a free one" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_version_and_help_describe_everything() -> None:
    from solarfakes.simulators.cli import build_parser, package_version

    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"solarfakes {package_version()}"
    assert package_version() == importlib.metadata.version("solarfakes")
    parser = build_parser()
    assert "Fake vendor clouds" in (parser.description or "")
    undocumented = [
        f"{name} {action.option_strings or action.dest}"
        for name, sub in subparsers(parser)
        for action in sub._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert undocumented == []


def subparsers(
    parser: argparse.ArgumentParser, name: str = "solarfakes"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from subparsers(sub, f"{name} {sub_name}")


def test_credentials_depend_on_the_seed_alone() -> None:
    from solarfakes.simulators.vendors import build_cloud

    def creds(seed: int, plants: int) -> dict[str, dict[str, object]]:
        every = build_cloud(seed=seed, plants=plants).credentials()
        return {api: {k: v for k, v in c.items() if k in SECRETS[api]} for api, c in every.items()}

    assert creds(1, 3) == creds(1, 100)
    assert creds(1, 3) != creds(2, 3)
    assert all(set(SECRETS[api]) <= set(c) for api, c in creds(1, 3).items())


SECRETS = {
    "growatt_v1": ("token",),
    "alphaess_openapi": ("app_id", "app_secret"),
    "alphaess_ras_v2": ("api_account", "secret_key", "username", "password"),
    "apsystems_openapi": ("app_id", "app_secret"),
    "isolarcloud": ("appkey", "access_key", "user_account", "user_password"),
}


def start(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port("127.0.0.1")
    log = tmp_path / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env={**os.environ, **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded CI machine starts Python slowly
    while True:
        try:
            if httpx.get(f"{base}/_solarfakes/health", timeout=1).status_code == 200:
                return process, base, log
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop(process)
            pytest.fail(f"serve did not come up: {log.read_text()}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.slow
def test_chosen_credentials_from_a_file_and_the_environment(tmp_path: Path) -> None:
    chosen = tmp_path / "creds.json"
    chosen.write_text(json.dumps({"growatt_v1": {"token": "0123456789abcdef0123456789abcdef"},
                                  "alphaess_openapi": {"app_id": "alphamine", "app_secret": "file-secret"}}))  # fmt: skip
    env = {"SOLARFAKES_ALPHAESS_OPENAPI_APP_SECRET": "env-secret"}
    process, base, _ = start(tmp_path, "--credentials", str(chosen), "--plants", "2", env=env)
    try:
        creds = httpx.get(f"{base}/_solarfakes/credentials").json()
        assert creds["growatt_v1"]["token"] == "0123456789abcdef0123456789abcdef"
        assert creds["alphaess_openapi"]["app_id"] == "alphamine"
        assert creds["alphaess_openapi"]["app_secret"] == "env-secret"  # the environment wins over the file
        plants = httpx.get(f"{base}/v1/plant/list", headers={"token": "0123456789abcdef0123456789abcdef"}).json()
        assert plants["data"]["count"] == 2
        stamp = str(int(httpx.get(f"{base}/_solarfakes/clock").json()["epoch"]))
        systems = httpx.get(f"{base}/api/getEssList", headers=alpha_signed(creds["alphaess_openapi"], stamp)).json()
        assert systems["code"] == 200
        httpx.post(f"{base}/_solarfakes/reset", json={"seed": 9})
        assert (
            httpx.get(f"{base}/_solarfakes/credentials").json()["growatt_v1"]["token"] == creds["growatt_v1"]["token"]
        )
    finally:
        stop(process)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"growatt_v1": {"tokn": "x"}}, "growatt_v1 has no credential tokn; its credentials are token"),
        ({"growat": {"token": "x"}}, "'growat' is not an API"),
        ({"growatt_v1": {"token": ""}}, "growatt_v1 must map credential names to non-empty strings"),
        (["token"], "give an object by API"),
    ],
)
def test_wrong_credentials_files_are_named_before_the_banner(tmp_path: Path, document: object, message: str) -> None:
    chosen = tmp_path / "creds.json"
    chosen.write_text(json.dumps(document))
    done = subprocess.run([*CLI, "serve", "--port", "0", "--credentials", str(chosen)], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert f"--credentials {chosen}: {message}" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_wrong_credential_variable_is_named_before_the_banner(tmp_path: Path) -> None:
    env = {**os.environ, "SOLARFAKES_GROWATT_V1_TOKN": "x"}
    done = subprocess.run([*CLI, "serve", "--port", "0"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=env)  # fmt: skip
    assert done.returncode == 2
    assert "SOLARFAKES_<API>_<NAME>: growatt_v1 has no credential tokn; its credentials are token" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_the_banner_is_short_and_names_each_api(tmp_path: Path) -> None:
    process, base, log = start(tmp_path, "--plants", "100")
    try:
        creds = httpx.get(f"{base}/_solarfakes/credentials").json()
    finally:
        stop(process)
    banner = log.read_text().split("Started server process")[0]
    assert len(banner.splitlines()) <= 30
    for api, names in SECRETS.items():
        assert f"{api}  {base}/" in banner
        for name in names:
            assert f"{name}: {creds[api][name]}" in banner
    assert f"curl -H 'token: {creds['growatt_v1']['token']}' {base}/v1/plant/list" in banner
    assert 'sign = sha512, hex_lower, of "{app_id}{app_secret}{timestamp}"' in banner
    assert f"{base}/_solarfakes/credentials" in banner
    assert str(creds["growatt_v1"]["plant_ids"][50]) not in banner, "ids stay at /_solarfakes/credentials"


@pytest.mark.slow
@pytest.mark.parametrize("form", ["text", "json"])
def test_a_log_line_per_request(tmp_path: Path, form: str) -> None:
    process, base, log = start(tmp_path, "--log-format", form, "--log-level", "debug")
    try:
        httpx.get(f"{base}/v1/plant/list", headers={"token": "wrong"})
        httpx.get(f"{base}/nowhere")
    finally:
        stop(process)
    lines = log.read_text().splitlines()
    assert not [line for line in lines if "faker" in line.lower()]
    if form == "text":
        assert any(
            "GET /v1/plant/list 200 api=growatt_v1 endpoint=plant_list code=10011 check=token" in line for line in lines
        )
        assert any("GET /nowhere 404" in line for line in lines)
        return
    records = [json.loads(line) for line in lines if line.startswith("{")]
    requests = [r for r in records if r.get("logger") == "solarfakes.requests"]
    assert {"method": "GET", "path": "/v1/plant/list", "status": 200, "api": "growatt_v1", "endpoint": "plant_list",
            "code": 10011, "check": "token"}.items() <= requests[-2].items()  # fmt: skip
    assert requests[-1]["path"] == "/nowhere"
    assert requests[-1]["status"] == 404


def test_serving_other_machines_without_an_admin_token_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bound to 127.0.0.1 all the same (tests never serve other machines): only the address the user asked
    for is 0.0.0.0."""
    import uvicorn

    from solarfakes.simulators import serve
    from solarfakes.simulators.cli import build_parser

    bind = serve.listening_socket

    def run_no_server(self: uvicorn.Server, sockets: list[socket.socket]) -> None:
        for sock in sockets:
            sock.close()

    monkeypatch.setattr(serve, "listening_socket", lambda host, port: bind("127.0.0.1", 0))
    monkeypatch.setattr(uvicorn.Server, "run", run_no_server)
    monkeypatch.delenv("SOLARFAKES_ADMIN_TOKEN", raising=False)
    assert serve.run_serve(build_parser().parse_args(["serve", "--host", "0.0.0.0", "--api", "growatt_v1"])) == 0
    warning = capsys.readouterr().err
    assert "warning: --host 0.0.0.0 serves the fake clouds to other machines" in warning
    assert "--admin-token SECRET (or SOLARFAKES_ADMIN_TOKEN=SECRET)" in warning
    assert "X-Solarfakes-Admin-Token: SECRET" in warning
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--api", "growatt_v1", "--admin-token", "s3"])
    assert serve.run_serve(args) == 0
    assert "warning" not in capsys.readouterr().err
    assert serve.open_to_others_warning("127.0.0.1", None) is None
    assert serve.open_to_others_warning("::1", None) is None


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


def test_contract_subcommand_is_the_contract_runner(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["contract", "--help"])
    assert exited.value.code == 0
    assert "usage: solarfakes contract" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["contract", "--api", "growatt_v1"])
    assert exited.value.code == 2
    assert "--base-url" in capsys.readouterr().err
