"""Load: prepared raw requests replayed against one server for a bounded time, by wrk when it is
installed (one thread, pinned to the load core) or else by ``pyload`` in its own process.

Both read the same file of prepared requests and cycle through it, so calls that must not repeat
(nonces, fresh parameter values) are prepared in advance, as many as the run can send. Both count
a response as bad when it is not HTTP 200 or lacks the API's success marker, so a fast error is never
mistaken for a fast answer.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from solarfakes.simulators.bench.proc import cpu_seconds, pinned_to
from solarfakes.simulators.bench.servers import HOST

CONNECTIONS = 4
# what a load run may take beyond its duration (start-up, reading the request file) before it is ended
OVERRUN_SECONDS = 60.0


@dataclass(frozen=True)
class RawRequest:
    method: str
    target: str  # path and query, as on the request line
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def wire(self, port: int) -> bytes:
        lines = [f"{self.method} {self.target} HTTP/1.1", f"Host: {HOST}:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers if name.lower() not in ("host", "content-length")]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad: int
    socket_errors: int
    server_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_request(self) -> float | None:
        return self.server_cpu_seconds / self.requests * 1e6 if self.requests else None


def write_requests(requests: list[RawRequest], port: int, path: Path) -> Path:
    with path.open("wb") as out:
        for request in requests:
            wire = request.wire(port)
            out.write(b"%d\n" % len(wire) + wire)
    return path


def lua_string(text: str) -> str:
    return (
        '"' + "".join(ch if ch.isascii() and ch.isalnum() else f"\\{b:03d}" for ch in text for b in ch.encode()) + '"'
    )


WRK_SCRIPT = """
local path = %(path)s
local marker = %(marker)s
local reqs = {}
local n = 0
local i = 0
bad = 0
function init(args)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = data:find("\\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    n = n + 1
    reqs[n] = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
  end
end
function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end
function response(status, headers, body)
  if status ~= 200 or (marker and not body:find(marker, 1, true)) then bad = bad + 1 end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  local form = 'LOADJSON {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,'
  io.write(string.format(form .. '"bad":%%d,"socket_errors":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), b,
    e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_path() -> str | None:
    return shutil.which("wrk")


def load_command(
    tool: str, file: Path, port: int, duration: float, connections: int, marker: str | None, once: bool
) -> list[str]:
    if tool == "wrk":
        script = file.with_suffix(".lua")
        quoted_marker = lua_string(marker) if marker else "nil"
        script.write_text(WRK_SCRIPT % {"path": lua_string(str(file)), "marker": quoted_marker})
        seconds = max(1, round(duration))
        return [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://{HOST}:{port}/",
        ]
    command = [sys.executable, "-m", "solarfakes.simulators.bench.pyload", str(file), "--port", str(port)]
    command += ["--duration", str(duration), "--connections", str(connections)]
    command += ["--marker", marker] if marker else []
    return [*command, "--once"] if once else command


def run_load(
    requests: list[RawRequest],
    port: int,
    server_pid: int,
    duration: float,
    work_dir: Path,
    *,
    marker: str | None = None,
    connections: int = CONNECTIONS,
    core: int | None = None,
    tool: str | None = None,
    once: bool = False,
    server_tree: bool = False,
) -> LoadResult:
    """Replay ``requests`` against ``port`` for ``duration`` seconds; the server's CPU time is read from
    /proc before and after (with ``server_tree``, summed over the processes it started)."""
    chosen = tool or ("wrk" if wrk_path() and not once else "python")
    if chosen == "wrk" and once:
        chosen = "python"  # wrk cannot stop after one pass
    file = write_requests(requests, port, work_dir / f"requests-{port}.bin")
    command = load_command(chosen, file, port, duration, connections, marker, once)
    cpu_before = cpu_seconds(server_pid, server_tree)
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=duration + OVERRUN_SECONDS,
        preexec_fn=pinned_to(core),
        check=False,
    )
    cpu_after = cpu_seconds(server_pid, server_tree)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("LOADJSON ")), None)
    if line is None:
        raise RuntimeError(f"{chosen} gave no result (exit {completed.returncode}): {completed.stderr[-2000:]}")
    data = json.loads(line.removeprefix("LOADJSON "))
    return LoadResult(
        tool=chosen,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        bad=data["bad"],
        socket_errors=data["socket_errors"],
        server_cpu_seconds=cpu_after - cpu_before,
    )
