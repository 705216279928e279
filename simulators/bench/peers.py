"""Peers measured on a comparable cheap call, in the same run: moto's server (STS GetCallerIdentity),
Prism mocking our own OpenAPI export (AlphaCloud getLastPowerData) and WireMock standalone answering a
stub of the same 2 KB document as the bare app.

A peer that cannot be installed or started is reported with the reason, never dropped. The npm peers
are installed with ``npm install --prefix`` into a cache folder (bounded in time); moto comes from
PyPI (the nox session installs ``moto[server]``).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from solarfakes.simulators.bench.bare import PATH as BARE_PATH
from solarfakes.simulators.bench.bare import document
from solarfakes.simulators.bench.load import RawRequest
from solarfakes.simulators.bench.servers import HOST, Server, ServerError, free_port, launch

NPM_PACKAGES = ("@stoplight/prism-cli@5", "wiremock@3")
NPM_TIMEOUT = 600.0


@dataclass
class Peer:
    name: str
    call: str
    server: Server | None = None
    requests: list[RawRequest] | None = None
    marker: str | None = None
    missing: str | None = None  # why it is not measured


def default_npm_prefix() -> Path:
    return Path.home() / ".cache" / "solarfakes-bench" / "npm"


def npm_install(prefix: Path, log: Callable[[str], None]) -> str | None:
    """Install the npm peers into ``prefix`` unless they are there; the reason on failure."""
    if (prefix / "node_modules" / ".bin" / "prism").exists() and (prefix / "node_modules" / "wiremock").exists():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed"
    prefix.mkdir(parents=True, exist_ok=True)
    log(f"installing {', '.join(NPM_PACKAGES)} with npm into {prefix} (once)")
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", *NPM_PACKAGES],
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"npm install took more than {NPM_TIMEOUT:.0f} s"
    if done.returncode != 0:
        return "npm install failed: " + (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
    return None


def start_moto(log_dir: Path, core: int | None) -> Peer:
    peer = Peer("moto server", "STS GetCallerIdentity")
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("werkzeug") is None:
        peer.missing = "not installed (PyPI moto[server])"
        return peer
    port = free_port()
    argv = [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)]
    try:
        peer.server = launch("moto", argv, port, "/moto-api/", log_dir, core)
    except ServerError as exc:
        peer.missing = f"did not start: {str(exc).splitlines()[0]}"
        return peer
    scope = "AKIAIOSFODNN7EXAMPLE/20260621/us-east-1/sts/aws4_request"
    headers = (
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Amz-Date", "20260621T120000Z"),
        ("Authorization", f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, Signature={'0' * 64}"),
    )
    peer.requests = [RawRequest("POST", "/", headers, b"Action=GetCallerIdentity&Version=2011-06-15")]
    peer.marker = "GetCallerIdentityResult"
    return peer


def start_prism(prefix: Path, openapi: dict[str, object], request: RawRequest, log_dir: Path, core: int | None) -> Peer:
    peer = Peer("Prism (mock of our OpenAPI export)", "AlphaCloud getLastPowerData")
    prism = prefix / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        peer.missing = "not installed (npm @stoplight/prism-cli)"
        return peer
    spec_file = log_dir / "alphaess_openapi.openapi.json"
    spec_file.write_text(json.dumps(openapi))
    port = free_port()
    argv = [str(prism), "mock", "-h", HOST, "-p", str(port), str(spec_file)]
    try:
        peer.server = launch("prism", argv, port, request.target, log_dir, core, any_status=True)
    except ServerError as exc:
        peer.missing = f"did not start: {str(exc).splitlines()[0]}"
        return peer
    peer.requests = [request]
    return peer


def wiremock_jar(prefix: Path) -> Path | None:
    return next(iter(sorted((prefix / "node_modules" / "wiremock").rglob("wiremock-standalone*.jar"))), None)


def start_wiremock(prefix: Path, log_dir: Path, core: int | None) -> Peer:
    peer = Peer("WireMock standalone", "a stub of the bare app's 2 KB document")
    jar = wiremock_jar(prefix)
    java = shutil.which("java")
    if jar is None or java is None:
        peer.missing = "not installed (npm wiremock)" if java else "java is not installed"
        return peer
    root = log_dir / "wiremock"
    (root / "mappings").mkdir(parents=True, exist_ok=True)
    stub = {"request": {"method": "GET", "urlPath": BARE_PATH}, "response": {"status": 200, "jsonBody": document()}}
    (root / "mappings" / "bare.json").write_text(json.dumps(stub))
    port = free_port()
    argv = [java, "-jar", str(jar), "--port", str(port), "--bind-address", HOST, "--root-dir", str(root)]
    argv += ["--disable-banner", "--disable-request-logging"]
    try:
        peer.server = launch("wiremock", argv, port, BARE_PATH, log_dir, core)
    except ServerError as exc:
        peer.missing = f"did not start: {str(exc).splitlines()[0]}"
        return peer
    peer.requests = [RawRequest("GET", BARE_PATH)]
    peer.marker = '"code":200'
    return peer
