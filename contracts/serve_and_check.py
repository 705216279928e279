"""Start a fresh ``solarfakes serve`` on a free loopback port, run the contract runner over every API against
it (both profiles, a fresh server each), and stop it: what ``nox -s contracts`` runs after the in-process
suites, so the runner's own path (HTTP, admin credentials, journal probe) is exercised end to end."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

from solarfakes.contracts import runner
from solarfakes.simulators.serve import free_port
from solarfakes.specs import API_IDS

START_SECONDS = 60


@contextmanager
def served(profile: str) -> Iterator[str]:
    """A solarfakes server of every API on 127.0.0.1, limits off, clock frozen; yields its base URL."""
    port = free_port("127.0.0.1")
    command = [sys.executable, "-m", "solarfakes.simulators.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--profile", profile, "--limits", "off", "--clock", "frozen@2026-06-21T10:00:00Z"]  # fmt: skip
    # The server logs a line per request: into a file, since a pipe nobody reads fills and stalls the server.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            yield wait_until_up(process, f"http://127.0.0.1:{port}", log)
        finally:
            process.terminate()  # our own child, by its handle
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(process: subprocess.Popen[bytes], base_url: str, log: IO[bytes]) -> str:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"solarfakes serve exited: {log.read().decode(errors='replace')}")
        try:
            if httpx.get(f"{base_url}/_solarfakes/health", timeout=2).status_code == 200:
                return base_url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("solarfakes serve did not start")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solarfakes.contracts.serve_and_check")
    parser.add_argument("--junit", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--profile", choices=["observed", "documented"], action="append")
    parser.add_argument("--examples", type=int, default=2, help="per endpoint and suite: the in-process suites go deep")
    args = parser.parse_args(argv)
    status = 0
    for profile in args.profile or ["observed", "documented"]:
        with served(profile) as base_url:
            options = [f"--api={api}" for api in API_IDS] + ["--base-url", base_url, "--profile", profile]
            options += ["--examples", str(args.examples)]
            if args.junit:
                options += ["--junit", str(args.junit.with_stem(f"{args.junit.stem}-{profile}"))]
            if args.json:
                options += ["--json", str(args.json.with_stem(f"{args.json.stem}-{profile}"))]
            status = max(status, runner.main(options))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
