"""`solarfakes serve --state FILE` killed with SIGKILL in the middle of writes: the file is intact, and the
restarted server has every write that was answered with success, the clock, the faults and the counters."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from solarfakes.simulators.core.state import COMPACT_VARIABLE
from solarfakes.simulators.serve import free_port

CLI = [sys.executable, "-m", "solarfakes.simulators.cli"]
WRITERS = 3
MAX_WRITES = 400  # per writer: the loop ends by itself even if the kill never came
pytestmark = pytest.mark.slow


class Server:
    """One `solarfakes serve --state` process on a free loopback port."""

    def __init__(self, state: Path, log: Path, compact_after: int | None = None) -> None:
        self.port = free_port("127.0.0.1")
        self.base = f"http://127.0.0.1:{self.port}"
        command = [*CLI, "serve", "--api", "growatt_v1", "--host", "127.0.0.1", "--port", str(self.port),
                   "--plants", "3", "--clock", "frozen@2026-06-21T10:00:00Z", "--limits", "off", "--state", str(state)]  # fmt: skip
        env = dict(os.environ)
        if compact_after is not None:
            env[COMPACT_VARIABLE] = str(compact_after)
        with log.open("a") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.base}/_solarfakes/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                pytest.fail(f"serve did not come up: {log.read_text()}")
            time.sleep(0.1)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def write_until_refused(base: str, creds: dict[str, Any], writer: int, accepted: list[str]) -> None:
    """Add plants one by one; every name the server confirmed goes to ``accepted``."""
    with httpx.Client(base_url=base, headers={"token": creds["token"]}, timeout=5) as http:
        for index in range(MAX_WRITES):
            name = f"writer {writer} plant {index}"
            try:
                response = http.post("/v1/plant/add", data={"c_user_id": creds["c_user_ids"][0], "name": name,
                                                            "peak_power": "5"})  # fmt: skip
            except httpx.TransportError:
                return  # the server is gone
            if response.status_code == 200 and response.json()["error_code"] == 0:
                accepted.append(name)


def plant_names(http: httpx.Client) -> set[str]:
    names: set[str] = set()
    page = 1
    while True:
        data = http.get("/v1/plant/list", params={"page": page, "perpage": 100}).json()["data"]
        names |= {p["name"] for p in data["plants"]}
        if page * 100 >= data["count"]:
            return names
        page += 1


# None: the default bound, never reached here; 7: the log is compacted (each time it outweighs the last
# snapshot) while the writes and the kill come.
@pytest.mark.parametrize("compact_after", [None, 7])
def test_kill_9_mid_traffic_loses_no_accepted_write(
    tmp_path: Path, servers: list[Server], compact_after: int | None
) -> None:
    state, log = tmp_path / "state.sqlite", tmp_path / "serve.log"
    server = Server(state, log, compact_after)
    servers.append(server)
    creds = httpx.get(f"{server.base}/_solarfakes/credentials").json()["growatt_v1"]
    admin = httpx.Client(base_url=f"{server.base}/_solarfakes", timeout=5)
    assert admin.post("/clock", json={"advance": 3600}).status_code == 200  # before the writes: one meter window
    armed = admin.post("/faults", json={"api": "growatt_v1", "endpoint": "plant_details", "code": 10011, "times": 5})
    assert armed.status_code == 201
    accepted: list[str] = []
    writers = [
        threading.Thread(target=write_until_refused, args=(server.base, creds, n, accepted)) for n in range(WRITERS)
    ]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 60
    while len(accepted) < 30 and time.monotonic() < deadline and any(t.is_alive() for t in writers):
        time.sleep(0.01)
    assert any(t.is_alive() for t in writers), "the kill must come while writes are under way"
    server.kill()
    for thread in writers:
        thread.join(timeout=30)
    confirmed = list(accepted)
    assert len(confirmed) >= 30

    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        snapshots = db.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0]
    assert snapshots == (1 if compact_after is not None else 0), "a small fleet's snapshot is outweighed by 30 writes"

    restarted = Server(state, log, compact_after)
    servers.append(restarted)
    with httpx.Client(base_url=restarted.base, headers={"token": creds["token"]}, timeout=10) as http:
        names = plant_names(http)
        lost = set(confirmed) - names
        assert not lost, f"{len(lost)} accepted writes lost: {sorted(lost)[:5]}"
        assert http.get("/v1/plant/details", params={"plant_id": creds["plant_ids"][0]}).json()["error_code"] == 10011
    admin = httpx.Client(base_url=f"{restarted.base}/_solarfakes", timeout=5)
    assert admin.get("/clock").json()["now"] == "2026-06-21T11:00:00+00:00"
    (fault,) = admin.get("/faults").json()["faults"]
    assert (fault["code"], fault["remaining"]) == (10011, 4)
    counters = admin.get("/limits").json()["counters"]["growatt_v1"]
    # limits off: the meter still counts (1 call in the 5-minute window, the rest over its limit)
    assert sum(c["calls"] + c["refused"] for c in counters if "plant_add" in c["scope"]) >= len(confirmed)
    admin.close()


def test_serve_refuses_a_file_it_cannot_use(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("shopping list\n" * 200)
    done = subprocess.run([*CLI, "serve", "--port", "0", "--state", str(garbage)], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert "is not a solarfakes state file" in done.stderr
    assert garbage.read_text() == "shopping list\n" * 200, "the file is left as it was"
