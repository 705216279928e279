"""The Python load generator, for machines without wrk: its own process, raw HTTP/1.1 on keep-alive
connections, requests read from a file of prepared requests (the one wrk reads), bounded in time.

    python -m solarfakes.simulators.bench.pyload FILE --port P --duration S --connections C [--marker M] [--once]

It prints one JSON line: requests, duration_us, p50_us, p99_us, bad (non-200 or no success marker),
socket_errors. ``--once`` sends each request once (then stops, or at the deadline, whichever is first).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from solarfakes.simulators.bench.servers import HOST


def read_requests(path: Path) -> list[bytes]:
    """Records of ``<length>\\n<bytes>``, the format ``load.write_requests`` writes."""
    data = path.read_bytes()
    requests, pos = [], 0
    while pos < len(data):
        newline = data.index(b"\n", pos)
        length = int(data[pos:newline])
        requests.append(data[newline + 1 : newline + 1 + length])
        pos = newline + 1 + length
    return requests


@dataclass
class Tally:
    requests: list[bytes]
    once: bool
    marker: bytes | None
    deadline: float
    next_index: int = 0
    latencies: list[float] = field(default_factory=list)
    bad: int = 0
    socket_errors: int = 0

    def take(self) -> bytes | None:
        if time.perf_counter() >= self.deadline:
            return None
        if self.next_index >= len(self.requests):
            if self.once:
                return None
            self.next_index = 0
        request = self.requests[self.next_index]
        self.next_index += 1
        return request


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return status, bytes(body)
            body += chunk[:-2]
    return status, b""


async def connection(port: int, tally: Tally) -> None:
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        tally.socket_errors += 1
        return
    try:
        while (request := tally.take()) is not None:
            started = time.perf_counter()
            writer.write(request)
            status, body = await read_response(reader)
            tally.latencies.append(time.perf_counter() - started)
            if status != 200 or (tally.marker is not None and tally.marker not in body):
                tally.bad += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        tally.socket_errors += 1
    finally:
        writer.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


async def run(
    requests: list[bytes], port: int, duration: float, connections: int, marker: bytes | None, once: bool
) -> dict[str, int]:
    started = time.perf_counter()
    tally = Tally(requests, once, marker, started + duration)
    await asyncio.gather(*(connection(port, tally) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    return {
        "requests": len(latencies),
        "duration_us": int(elapsed * 1e6),
        "p50_us": int(percentile(latencies, 0.50) * 1e6),
        "p99_us": int(percentile(latencies, 0.99) * 1e6),
        "bad": tally.bad,
        "socket_errors": tally.socket_errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--marker", default=None)
    parser.add_argument("--once", action="store_true")
    args = parser.parse_args(argv)
    marker = args.marker.encode() if args.marker else None
    result = asyncio.run(run(read_requests(args.file), args.port, args.duration, args.connections, marker, args.once))
    print("LOADJSON " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
