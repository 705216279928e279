"""`nox -s bench`: start-up time, memory and request throughput of the fake clouds.

Every loop is bounded in count and in time, and everything runs in-process or on 127.0.0.1.
Results print as a table and, with ``--json FILE``, are written down for comparison.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.vendors import build_cloud
from solarfakes.specs.auth import SignedHeadersAuth
from solarfakes.specs.signing import signed_header_values

FROZEN = datetime(2026, 6, 21, 10, tzinfo=UTC)
MAX_SECONDS_PER_LOOP = 20.0


def frozen_clock() -> SimClock:
    clock = SimClock()
    clock.freeze(FROZEN)
    return clock


def build(plants: int) -> Cloud:
    cloud = build_cloud(plants=plants, clock=frozen_clock(), limits=False)
    cloud.credentials()  # builds every API's fleet
    return cloud


def measure_start(plants: int) -> dict[str, Any]:
    """Build every fleet of ``plants`` plants per API: wall time untraced, then memory traced."""
    build(1)  # specs are loaded once per process; that cost is measured on its own below
    gc.collect()
    started = time.perf_counter()
    build(plants)
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    cloud = build(plants)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "plants_per_api": plants,
        "apis": len(cloud.simulators),
        "start_seconds": round(seconds, 3),
        "memory_mb": round(current / 2**20, 1),
        "peak_memory_mb": round(peak / 2**20, 1),
    }


def measure_spec_loading() -> dict[str, Any]:
    from solarfakes.specs import API_IDS, PROFILES
    from solarfakes.specs.loader import load_spec

    load_spec.cache_clear()
    started = time.perf_counter()
    for api in API_IDS:
        for profile in PROFILES:
            load_spec(api, profile)
    return {"specs": len(API_IDS) * len(PROFILES), "seconds": round(time.perf_counter() - started, 3)}


def alpha_headers(cloud: Cloud) -> dict[str, str]:
    """AlphaCloud's signed headers, by the spec's own recipe (the one the server verifies with)."""
    creds = cloud.credentials()["alphaess_openapi"]
    auth = cloud.simulator("alphaess_openapi").spec.auth
    assert isinstance(auth, SignedHeadersAuth)
    stamp = str(int(cloud.clock.timestamp()))
    return signed_header_values(
        auth, app_id=creds["app_id"], secret=creds["app_secret"], timestamp=stamp, method="GET", path="/api/"
    )


def requests_of(cloud: Cloud) -> dict[str, tuple[str, dict[str, Any], dict[str, str]]]:
    creds = cloud.credentials()
    growatt = {"token": creds["growatt_v1"]["token"]}
    plant = creds["growatt_v1"]["plant_ids"][0]
    system = creds["alphaess_openapi"]["system_sns"][0]
    return {
        "growatt plant/list": ("/v1/plant/list", {}, growatt),
        "growatt plant/data": ("/v1/plant/data", {"plant_id": plant}, growatt),
        "growatt plant/power (a day)": ("/v1/plant/power", {"plant_id": plant, "date": "2026-06-20"}, growatt),
        "alphacloud getLastPowerData": ("/api/getLastPowerData", {"sysSn": system}, alpha_headers(cloud)),
        "alphacloud getOneDayPowerBySn": (
            "/api/getOneDayPowerBySn",
            {"sysSn": system, "queryDate": "2026-06-20"},
            alpha_headers(cloud),
        ),
    }


async def measure_requests(plants: int, count: int) -> list[dict[str, Any]]:
    """Latency of each request kind through the whole pipeline (in-process ASGI), warm caches."""
    cloud = build_cloud(plants=plants, clock=frozen_clock(), limits=False)
    results = []
    transport = httpx.ASGITransport(app=cloud.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        for name, (path, params, headers) in requests_of(cloud).items():
            await http.get(path, params=params, headers=headers)  # warm the day caches
            timings: list[float] = []
            deadline = time.perf_counter() + MAX_SECONDS_PER_LOOP
            for _ in range(count):
                started = time.perf_counter()
                response = await http.get(path, params=params, headers=headers)
                timings.append(time.perf_counter() - started)
                if response.status_code != 200 or time.perf_counter() > deadline:
                    break
            results.append(
                {
                    "request": name,
                    "count": len(timings),
                    "median_ms": round(statistics.median(timings) * 1000, 2),
                    "p95_ms": round(sorted(timings)[int(len(timings) * 0.95) - 1] * 1000, 2),
                    "per_second": round(len(timings) / sum(timings)),
                }
            )
    return results


def measure_cold_history(days: int) -> dict[str, Any]:
    """Computing days of history nobody asked for before: the cost of a cold cache."""
    from datetime import date, timedelta

    from solarfakes.simulators.physics import simulate_day

    cloud = build_cloud(["growatt_v1"], plants=1, clock=frozen_clock(), limits=False)
    plant = next(iter(cloud.world.fleet("growatt_v1").values()))
    started = time.perf_counter()
    for n in range(days):
        simulate_day(plant.model, date(2024, 1, 1) + timedelta(days=n))
    seconds = time.perf_counter() - started
    return {"days": days, "seconds": round(seconds, 3), "ms_per_day": round(seconds / days * 1000, 3)}


def measure_clock_jump(days: int) -> dict[str, Any]:
    """The first lifetime counter after the clock jumps ``days`` ahead: each day's PV integrated once."""
    from datetime import timedelta

    cloud = build_cloud(["growatt_v1"], plants=1, clock=frozen_clock(), limits=False)
    plant = next(iter(cloud.world.fleet("growatt_v1").values()))
    later = FROZEN + timedelta(days=days)
    started = time.perf_counter()
    plant.lifetime_pv_kwh(later)
    first = time.perf_counter() - started
    started = time.perf_counter()
    plant.lifetime_pv_kwh(later)
    return {
        "days_ahead": days,
        "first_seconds": round(first, 3),
        "ms_per_day": round(first / days * 1000, 3),
        "again_ms": round((time.perf_counter() - started) * 1000, 3),
    }


def table(rows: list[dict[str, Any]]) -> str:
    keys = list(rows[0])
    widths = [max(len(str(k)), *(len(str(r[k])) for r in rows)) for k in keys]
    lines = ["  ".join(str(k).ljust(w) for k, w in zip(keys, widths, strict=True))]
    lines += ["  ".join(str(r[k]).ljust(w) for k, w in zip(keys, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def run(plants: list[int], count: int, emit: Callable[[str], None] = print) -> dict[str, Any]:
    specs = measure_spec_loading()
    emit("loading and validating every spec in both profiles\n" + table([specs]))
    starts = [measure_start(n) for n in plants]
    emit("\nstart-up (specs already loaded) and memory, every served API\n" + table(starts))
    requests = anyio.run(measure_requests, plants[-1], count)
    emit(f"\nrequests, {plants[-1]} plants per API, in-process\n" + table(requests))
    history = measure_cold_history(365)
    emit("\ncold history (one plant)\n" + table([history]))
    jump = measure_clock_jump(365)
    emit("\nlifetime counter after the clock jumps a year ahead (one plant)\n" + table([jump]))
    return {
        "python": sys.version.split()[0],
        "specs": specs,
        "start": starts,
        "requests": requests,
        "cold_history": history,
        "clock_jump": jump,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solarfakes.simulators.bench", description=__doc__)
    parser.add_argument("--plants", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--count", type=int, default=200, help="requests per kind (bounded by time too)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    results = run(args.plants, args.count)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
