"""In process, as a user's test suite runs the clouds: calls per second through httpx's ASGITransport
(against the bare app through the same transport), and what one pytest fixture costs a test.

Each API is paired with the bare app taking that API's very requests (headers, signed bodies, paths),
interleaved: httpx's own work on a signed request is the client's cost, paid against any server, so the
ratio to that pairing is what the simulator adds. The pairing runs in ``ALTERNATIONS`` short rounds, the
order of the two flipped each round, and the figure is the median of the rounds' ratios with their
range: one collection or one busy moment of the machine falls in one round, not on one side of a single
pair. The bare app on its plain GET is kept beside it for comparison with the served baseline.

The fixture figure is the plugin's own path (``make_cloud`` and ``CloudHandle``) up to the first answered
call, because a test pays for whatever a lazy fleet defers until then. The first build in the process
(specs loaded, imports warm) is left out and reported apart; start-up is measured by ``servers``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import httpx

from solarfakes.simulators.bench.bare import PATH as BARE_PATH
from solarfakes.simulators.bench.bare import build_app
from solarfakes.simulators.bench.calls import DRIVERS, Driver, needs_fresh_requests, signed
from solarfakes.simulators.bench.load import RawRequest
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.vendors import build_cloud

AT = "2026-06-21T12:00:00+00:00"
FRESH_CALLS = 20_000
ALTERNATIONS = 5  # rounds of each pairing (see the module's note)


@dataclass(frozen=True)
class Rate:
    name: str
    calls: int
    seconds: float
    bad: int

    @property
    def per_second(self) -> float:
        return self.calls / self.seconds if self.seconds else 0.0


async def rate(
    name: str, app: Any, requests: list[RawRequest], marker: str | None, seconds: float, max_calls: int, start: int = 0
) -> Rate:
    """Calls one after another (as a test does); requests that must not repeat are each sent once, so a
    later run on the same list starts after the ones an earlier run sent (``start``). The first request
    only warms the connection and is not counted."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        warm = requests[0]
        await http.request(warm.method, warm.target, headers=dict(warm.headers), content=warm.body)
        calls = bad = 0
        started = time.perf_counter()
        deadline = started + seconds
        while calls < max_calls and time.perf_counter() < deadline:
            request = requests[1 + (start + calls) % (len(requests) - 1)] if len(requests) > 1 else warm
            response = await http.request(
                request.method, request.target, headers=dict(request.headers), content=request.body
            )
            calls += 1
            if response.status_code != 200 or (marker is not None and marker.encode() not in response.content):
                bad += 1
        return Rate(name, calls, time.perf_counter() - started, bad)


@dataclass(frozen=True)
class Pairing:
    bare: Rate  # the bare app on the API's requests, all rounds summed
    app: Rate  # the API's cloud, all rounds summed
    ratios: list[float]  # each round's calls/s of the cloud ÷ the bare app's


def paired(name: str, app: Any, requests: list[RawRequest], marker: str | None, seconds: float, limit: int) -> Pairing:
    """The bare app and ``app`` on the same requests in ``ALTERNATIONS`` rounds, each of a share of
    ``seconds`` and of ``limit`` calls per side, the side going first flipped every round, so drift in
    the machine's load falls on both."""
    bare_app = build_app(any_path=True)
    halves: dict[str, list[Rate]] = {"bare": [], "app": []}
    share, calls = seconds / (2 * ALTERNATIONS), max(1, limit // ALTERNATIONS)
    sent = 0
    for round_ in range(ALTERNATIONS):
        for side in ("bare", "app") if round_ % 2 == 0 else ("app", "bare"):
            if side == "bare":
                halves["bare"].append(asyncio.run(rate("bare", bare_app, requests, '"code":200', share, calls)))
            else:
                halves["app"].append(asyncio.run(rate(name, app, requests, marker, share, calls, sent)))
                sent += halves["app"][-1].calls

    def total(label: str, parts: list[Rate]) -> Rate:
        return Rate(label, sum(p.calls for p in parts), sum(p.seconds for p in parts), sum(p.bad for p in parts))

    ratios = [a.per_second / b.per_second for a, b in zip(halves["app"], halves["bare"], strict=True) if b.per_second]
    return Pairing(total(f"bare:{name}", halves["bare"]), total(name, halves["app"]), ratios)


def asgi_rates(apis: list[str], seconds: float, max_calls: int = 200_000) -> tuple[list[Rate], dict[str, list[float]]]:
    """The bare app, then each API's real-time call paired with the bare app on the same requests,
    through ASGITransport, bounded in time and count; with each API's ratios, one per round."""
    # running at normal speed from noon, as a fixture's wall clock runs: every call is a new instant
    clock = SimClock.from_option(f"speed:1@{AT}")
    cloud = build_cloud(apis, plants=5, clock=clock, limits=False)
    credentials = cloud.credentials()
    bare = [RawRequest("GET", BARE_PATH)]
    rates = [asyncio.run(rate("bare", build_app(), bare, '"code":200', seconds, max_calls))]
    ratios: dict[str, list[float]] = {}
    for api in apis:
        driver = DRIVERS[api](credentials[api], clock.timestamp())
        login_in_process(driver, cloud.app)
        # fresh nonces (APsystems) are signed before the timed loop, one per call it may make
        fresh = needs_fresh_requests(driver)
        requests = signed(driver, [driver.realtime(driver.plant_refs()[0])], FRESH_CALLS + 1 if fresh else 1)
        limit = min(max_calls, len(requests) - 1) if fresh else max_calls
        pairing = paired(api, cloud.app, requests, driver.marker, seconds, limit)
        rates += [pairing.bare, pairing.app]
        ratios[api] = [round(r, 4) for r in pairing.ratios]
    return rates, ratios


def login_in_process(driver: Driver, app: Any) -> None:
    transport = httpx.ASGITransport(app=app)

    async def go() -> None:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            request = driver.login_request()
            if request is None:
                return
            response = await http.request(
                request.method, request.target, headers=dict(request.headers), content=request.body
            )
            driver.accept_login_answer(response.content)

    asyncio.run(go())


def fixture_seconds(api: str, builds: int) -> tuple[float, list[float]]:
    """(first build, the builds after it): the plugin's handle built and its first call answered."""
    from solarfakes.simulators.pytest_plugin import CloudHandle, make_cloud

    # A test with no marker, in a suite whose ini leaves the clock at its default (frozen at the start).
    config = SimpleNamespace(getini=lambda name: "frozen")
    request: Any = SimpleNamespace(node=SimpleNamespace(get_closest_marker=lambda name: None), config=config)

    def once() -> float:
        started = time.perf_counter()
        handle = CloudHandle(make_cloud(request, api), api)
        driver = DRIVERS[api](handle.credentials, handle.clock.timestamp())
        call = driver.raw(driver.list_call if driver.list_call.endpoint else driver.realtime(driver.plant_refs()[0]))
        with handle.client() as http:
            http.request(call.method, call.target, headers=dict(call.headers), content=call.body)
        seconds = time.perf_counter() - started
        handle.close()
        return seconds

    first = once()
    return first, [once() for _ in range(builds)]


def fixture_costs(apis: list[str], builds: int) -> dict[str, dict[str, float]]:
    out = {}
    for api in apis:
        first, after = fixture_seconds(api, builds)
        out[api] = {
            "first_ms": first * 1000,
            "median_ms": statistics.median(after) * 1000,
            "max_ms": max(after) * 1000,
        }
    return out
