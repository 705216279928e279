"""Servers under test, each a process of its own on 127.0.0.1 and a free port, pinned to the server core.

Start-up is timed from spawning the process to its first HTTP 200. Every process started here is
ended here, by its PID (and those of its own children, found by parent links), never by name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from solarfakes.simulators.bench.proc import descendants, pinned_to

HOST = "127.0.0.1"
START_TIMEOUT = 120.0


class ServerError(RuntimeError):
    """A server did not come up; the message carries the tail of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    start_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def http_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def launch(
    name: str,
    argv: Sequence[str],
    port: int,
    ready_path: str,
    log_dir: Path,
    core: int | None,
    env: dict[str, str] | None = None,
    timeout: float = START_TIMEOUT,
    any_status: bool = False,
) -> Server:
    """Spawn ``argv`` and wait (bounded) until ``GET ready_path`` answers 200 (with ``any_status``, answers
    at all: for a peer whose cheap call needs headers a bare GET lacks)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log: IO[bytes] = log_path.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=pinned_to(core),
        env={**os.environ, **(env or {})},
    )
    log.close()
    server = Server(name, process, port, log_path)
    url = f"{server.base_url}{ready_path}"
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise ServerError(f"{name} exited with {process.returncode} before answering:\n{server.log_tail()}")
        status = http_status(url, timeout=1.0)
        if status == 200 or (any_status and status is not None):
            server.start_seconds = time.perf_counter() - started
            return server
        time.sleep(0.005)
    stop(server)
    raise ServerError(f"{name} gave no 200 on {url} within {timeout:.0f} s:\n{server.log_tail()}")


def stop(server: Server, grace: float = 5.0) -> None:
    """SIGTERM the server and the processes it started (by PID), then SIGKILL what is left."""
    if server.process.poll() is not None:
        return
    family = descendants(server.pid)
    for pid in reversed(family):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(grace)
    for pid in family:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if server.process.poll() is None:
        server.process.wait(grace)


def solarfakes_argv(port: int, plants: int, at: str, apis: Sequence[str] = ()) -> list[str]:
    """`solarfakes serve` as a user runs it, quotas off (the load repeats calls on a frozen clock)."""
    argv = [sys.executable, "-m", "solarfakes.simulators.cli", "serve", "--host", HOST, "--port", str(port)]
    argv += ["--plants", str(plants), "--clock", f"frozen@{at}", "--limits", "off", "--log-level", "warning"]
    for api in apis:
        argv += ["--api", api]
    return argv


def bare_argv(port: int) -> list[str]:
    return [sys.executable, "-m", "solarfakes.simulators.bench.bare", "--port", str(port)]
