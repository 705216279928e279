"""The benchmark: one run, every server up side by side, scenarios interleaved round by round.

Phases, each bounded in time and count:
1. start-up: the bare app and `solarfakes serve` (default fleet) started alternately, spawn to first 200,
   and their RSS at start; then a server with 10,000 plants per API (its RSS at start);
2. peers (moto, Prism, WireMock), or the reason each is missing;
3. rounds: every scenario once per round, in an order rotated each round, each a bounded load by wrk
   (or the Python generator) with the server pinned to one core and the load on the other; requests/s,
   p50/p99, and the server's CPU per request from /proc;
4. history: 7-day histories fetched one call after another, new plants then the same plants again;
5. sustained: every plant of every API read once, with a never-seen id every fourth call (fresh parameter
   values), then the RSS; the 10,000-plant server's RSS is sampled throughout;
6. in process: ASGITransport against the bare app, and the pytest fixture.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from solarfakes.simulators.bench import inprocess
from solarfakes.simulators.bench import peers as peerlib
from solarfakes.simulators.bench.bare import PATH as BARE_PATH
from solarfakes.simulators.bench.calls import DRIVERS, Call, Driver, needs_fresh_requests, signed
from solarfakes.simulators.bench.load import LoadResult, RawRequest, run_load, wrk_path
from solarfakes.simulators.bench.proc import (
    TICKS_PER_SECOND,
    RssSampler,
    core_plan,
    cpu_between,
    cpu_reading,
    rss_bytes,
)
from solarfakes.simulators.bench.servers import Server, bare_argv, free_port, launch, solarfakes_argv, stop
from solarfakes.specs.loader import load_spec
from solarfakes.specs.openapi import export_openapi

APIS = ("growatt_v1", "alphaess_openapi", "alphaess_ras_v2", "apsystems_openapi", "isolarcloud")
DAY = "2026-06-21"
NOON = f"{DAY}T12:00:00+00:00"
TIMES_OF_DAY = ("02:30", "12:00", "20:30")  # UTC; the fleet spans eight countries' time zones
# The bare app's CPU per request under one-after-another calls: measured on at least this many (10 ms ticks)
BARE_HISTORY_CALLS = 300
# Requests prepared per second of load where none may repeat: three times the fastest rate seen here (APsystems'
# real-time call passed 5,000/s once the request path got leaner, and its cycled nonces came back refused).
FRESH_PER_SECOND = 15_000


@dataclass(frozen=True)
class Options:
    rounds: int = 3
    duration: float = 3.0
    start_rounds: int = 3
    big_plants: int = 10_000
    # the bound on reading every plant once (83,704 reads): first reads of plants simulate their day so far,
    # so this is minutes, not the 90 s that once sent a sixth of them
    sustained_seconds: float = 480.0
    # Where schedstat cannot be trusted the kernel counts CPU in ticks (10 ms): a figure averaged over n plants'
    # histories is known to a tick / n, so 20 plants tell a 5 ms target apart to half a millisecond.
    history_plants: int = 20
    history_seconds: float = 10.0
    history_cached_reads: int = 5  # each plant's history read again this many times, right after it is new
    rounds_budget_seconds: float = 540.0  # no round starts after this much time in the rounds phase
    inprocess_seconds: float = 3.0
    fixture_builds: int = 10
    peers: bool = True
    npm_prefix: Path = field(default_factory=peerlib.default_npm_prefix)
    apis: tuple[str, ...] = APIS
    tool: str | None = None  # "wrk" or "python"; default wrk when installed

    @classmethod
    def quick(cls, **overrides: Any) -> Options:
        values: dict[str, Any] = {
            "rounds": 1,
            "duration": 1.0,
            "start_rounds": 1,
            "big_plants": 200,
            "sustained_seconds": 5.0,
            "history_plants": 2,
            "history_seconds": 5.0,
            "rounds_budget_seconds": 180.0,
            "inprocess_seconds": 0.5,
            "fixture_builds": 2,
            "peers": False,
        }
        return cls(**{**values, **overrides})


@dataclass
class Scenario:
    key: str
    group: str  # "bare", an API id, or "peer"
    kind: str  # real-time, list, history, login, first, last, baseline, peer
    server: str  # "bare", "small", "big" or a peer's name
    at: str | None
    prepare: Callable[[], tuple[list[RawRequest], str | None]]
    fresh: bool = False  # every request signed anew: the load must not cycle back to one already sent


def epoch(instant: str) -> float:
    return datetime.fromisoformat(instant).timestamp()


def at_time(hhmm: str) -> str:
    return f"{DAY}T{hhmm}:00+00:00"


def admin(server: Server, path: str, body: dict[str, Any] | None = None, timeout: float = 120.0) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{server.base_url}/_solarfakes/{path}", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


class Bench:
    def __init__(self, options: Options, log: Callable[[str], None] = print) -> None:
        self.options = options
        self.log = log
        self.server_core, self.load_core = core_plan()
        self.work = Path(tempfile.mkdtemp(prefix="solarfakes-bench-"))
        self.servers: dict[str, Server] = {}
        self.credentials: dict[str, dict[str, Any]] = {}
        self.peer_list: list[peerlib.Peer] = []
        self.results: dict[str, Any] = {"runs": {}, "missing_peers": {}}
        self.sampler: RssSampler | None = None

    # --- servers ------------------------------------------------------------------------------------
    def start_solarfakes(self, name: str, plants: int) -> Server:
        port = free_port()
        argv = solarfakes_argv(port, plants, NOON, self.options.apis)
        return launch(name, argv, port, "/_solarfakes/health", self.work, self.server_core)

    def start_bare(self) -> Server:
        port = free_port()
        return launch("bare", bare_argv(port), port, BARE_PATH, self.work, self.server_core)

    def startup(self) -> dict[str, Any]:
        """Bare and solarfakes started alternately; the last of each stays up for the load."""
        starts: dict[str, list[float]] = {"bare": [], "small": []}
        rss: dict[str, list[int]] = {"bare": [], "small": []}
        for n in range(self.options.start_rounds):
            last = n == self.options.start_rounds - 1
            for name, start in (("bare", self.start_bare), ("small", lambda: self.start_solarfakes("small", 5))):
                server = start()
                starts[name].append(server.start_seconds)
                time.sleep(0.2)  # let the first answer's allocations settle before reading RSS
                rss[name].append(rss_bytes(server.pid))
                if last:
                    self.servers[name] = server
                else:
                    stop(server)
        self.log(f"start-up: bare {starts['bare']}, solarfakes {starts['small']}")
        big = self.start_solarfakes("big", self.options.big_plants)
        self.servers["big"] = big
        self.sampler = RssSampler(big.pid).start()
        big_rss = rss_bytes(big.pid)
        self.log(
            f"{self.options.big_plants} plants per API: up in {big.start_seconds:.2f} s, RSS {big_rss / 2**20:.0f} MB"
        )
        for name in ("small", "big"):
            self.credentials[name] = admin(self.servers[name], "credentials")
        big_rss_after_credentials = rss_bytes(big.pid)
        return {
            "start_seconds": starts,
            "rss_at_start_bytes": rss,
            "big": {
                "plants_per_api": self.options.big_plants,
                "start_seconds": big.start_seconds,
                "rss_at_start_bytes": big_rss,
                "rss_after_fleet_listed_bytes": big_rss_after_credentials,
            },
        }

    def start_peers(self) -> None:
        if not self.options.peers:
            for name in ("moto server", "Prism (mock of our OpenAPI export)", "WireMock standalone"):
                self.results["missing_peers"][name] = "not run (--no-peers or --quick)"
            return
        self.peer_list.append(peerlib.start_moto(self.work, self.server_core))
        reason = peerlib.npm_install(self.options.npm_prefix, self.log)
        if reason is None:
            driver = self.driver("small", "alphaess_openapi", NOON)
            request = driver.raw(driver.realtime(driver.plant_refs()[0]))
            openapi = export_openapi(load_spec("alphaess_openapi", "observed"), "observed")
            self.peer_list.append(
                peerlib.start_prism(self.options.npm_prefix, openapi, request, self.work, self.server_core)
            )
            self.peer_list.append(peerlib.start_wiremock(self.options.npm_prefix, self.work, self.server_core))
        else:
            for name in ("Prism (mock of our OpenAPI export)", "WireMock standalone"):
                self.results["missing_peers"][name] = f"not installed: {reason}"
        for peer in self.peer_list:
            if peer.server is None:
                self.results["missing_peers"][peer.name] = peer.missing or "not started"
            else:
                self.servers[peer.name] = peer.server
                self.verify_peer(peer)

    def verify_peer(self, peer: peerlib.Peer) -> None:
        assert peer.server is not None
        assert peer.requests
        request = peer.requests[0]
        response = httpx.request(
            request.method, peer.server.base_url + request.target, headers=dict(request.headers), content=request.body
        )
        if response.status_code != 200 or (peer.marker and peer.marker not in response.text):
            self.results["missing_peers"][peer.name] = (
                f"answers {response.status_code} to its call: {response.text[:120]}"
            )
            stop(peer.server)
            del self.servers[peer.name]
            peer.server = None

    def stop_all(self) -> None:
        if self.sampler is not None:
            self.sampler.stop()
        for server in self.servers.values():
            stop(server)

    # --- scenarios ----------------------------------------------------------------------------------
    def driver(self, server: str, api: str, at: str) -> Driver:
        driver = DRIVERS[api](self.credentials[server][api], epoch(at))
        if driver.login_endpoint is not None:
            with httpx.Client(base_url=self.servers[server].base_url, timeout=60) as http:
                driver.login(http)
        return driver

    def api_scenario(self, api: str, kind: str, server: str, at: str, pick: Callable[[Driver], list[Call]]) -> Scenario:
        label = {"first": "real-time, first plant", "last": f"real-time, last of {self.options.big_plants}"}.get(
            kind, kind
        )
        when = f" {at[11:16]}" if kind == "real-time" else ""

        def prepare() -> tuple[list[RawRequest], str | None]:
            driver = self.driver(server, api, at)
            calls = pick(driver)
            with httpx.Client(base_url=self.servers[server].base_url, timeout=60) as http:
                for call in calls[:8]:  # each signed anew, so a nonce of the load is never spent here
                    driver.verify(http, driver.raw(call))
            fresh = int(self.options.duration * FRESH_PER_SECOND) if needs_fresh_requests(driver) else 0
            return signed(driver, calls, fresh), driver.marker

        return Scenario(f"{api} {label}{when}", api, kind, server, at, prepare, needs_fresh_requests(DRIVERS[api]))

    def login_scenario(self, api: str) -> Scenario:
        def prepare() -> tuple[list[RawRequest], str | None]:
            driver = DRIVERS[api](self.credentials["small"][api], epoch(NOON))
            request = driver.login_request()
            assert request is not None
            with httpx.Client(base_url=self.servers["small"].base_url, timeout=60) as http:
                driver.verify(http, request)
            return [request], driver.marker

        return Scenario(f"{api} login", api, "login", "small", NOON, prepare)

    def scenarios(self) -> list[Scenario]:
        out = [
            Scenario(
                "bare Starlette, 2 KB JSON",
                "bare",
                "baseline",
                "bare",
                None,
                lambda: ([RawRequest("GET", BARE_PATH)], '"code":200'),
            )
        ]
        for api in self.options.apis:
            for hhmm in TIMES_OF_DAY:
                out.append(
                    self.api_scenario(
                        api, "real-time", "small", at_time(hhmm), lambda d: [d.realtime(d.plant_refs()[0])]
                    )
                )
            out.append(self.api_scenario(api, "list", "small", NOON, lambda d: [d.listing(d.plant_refs()[0])]))
            for label in DRIVERS[api](self.credentials["small"][api], epoch(NOON)).histories(0):
                pick = history_pick(label)
                out.append(self.api_scenario(api, label, "small", NOON, pick))
            if DRIVERS[api].login_endpoint is not None:
                out.append(self.login_scenario(api))
            out.append(self.api_scenario(api, "first", "big", NOON, lambda d: [d.realtime(d.plant_refs()[0])]))
            out.append(self.api_scenario(api, "last", "big", NOON, lambda d: [d.realtime(d.plant_refs()[-1])]))
        for peer in self.peer_list:
            if peer.server is not None:
                requests, marker = peer.requests or [], peer.marker
                out.append(
                    Scenario(
                        f"peer: {peer.name}, {peer.call}",
                        "peer",
                        "peer",
                        peer.name,
                        None,
                        fixed(requests, marker),
                    )
                )
        return out

    def run_scenario(self, scenario: Scenario) -> LoadResult:
        server = self.servers[scenario.server]
        if scenario.at is not None:
            # set to the scenario's time of day, then running at normal speed as a served cloud's clock
            # does: a frozen clock would let per-instant memos answer every call from the first
            admin(server, "clock", {"freeze": scenario.at})
            admin(server, "clock", {"freeze": False})
        requests, marker = scenario.prepare()
        result = run_load(
            requests,
            server.port,
            server.pid,
            self.options.duration,
            self.work,
            marker=marker,
            core=self.load_core,
            tool=self.options.tool,
            server_tree=scenario.group == "peer",
        )
        if scenario.fresh and result.requests > len(requests):  # cycled: its replays were refused
            self.log(f"{scenario.key}: {result.requests} sent, {len(requests)} prepared: raise FRESH_PER_SECOND")
        return result

    def rounds(self) -> None:
        scenarios = self.scenarios()
        runs: dict[str, Any] = self.results["runs"]
        budget_end = time.monotonic() + self.options.rounds_budget_seconds
        self.results["rounds_completed"] = 0
        for n in range(self.options.rounds):
            if time.monotonic() > budget_end:
                self.log(f"the rounds' time budget is spent: {n} of {self.options.rounds} rounds ran")
                break
            shift = n * len(scenarios) // max(1, self.options.rounds)
            order = scenarios[shift:] + scenarios[:shift]
            self.log(f"round {n + 1}/{self.options.rounds}: {len(order)} scenarios of {self.options.duration:g} s")
            for scenario in order:
                entry = runs.setdefault(scenario.key, {"group": scenario.group, "kind": scenario.kind, "rounds": []})
                try:
                    result = self.run_scenario(scenario)
                except Exception as exc:  # a scenario that cannot run is reported, and the others go on
                    entry.setdefault("errors", []).append(f"{type(exc).__name__}: {str(exc)[:300]}")
                    self.log(f"  {scenario.key}: FAILED {type(exc).__name__}: {str(exc)[:200]}")
                    continue
                entry["rounds"].append(
                    {
                        "tool": result.tool,
                        "requests": result.requests,
                        "seconds": round(result.seconds, 3),
                        "per_second": round(result.per_second, 1),
                        "p50_ms": result.p50_ms,
                        "p99_ms": result.p99_ms,
                        "cpu_us_per_request": None
                        if result.cpu_us_per_request is None
                        else round(result.cpu_us_per_request, 1),
                        "bad": result.bad,
                        "socket_errors": result.socket_errors,
                    }
                )
                self.log(f"  {scenario.key}: {result.per_second:.0f}/s p50 {result.p50_ms:.2f} ms bad {result.bad}")
            self.results["rounds_completed"] = n + 1

    # --- history, sustained load, memory ------------------------------------------------------------
    def history_costs(self) -> dict[str, Any]:
        """Server CPU and wall time per 7-day history, calls one after another: each plant's history read
        once never read before (new), then at once again ``history_cached_reads`` times (cached), so the
        figure is what reading a week again costs while the byte-bounded caches hold it, whatever else
        they hold (read after every other plant's, a week could be pushed out by the others). CPU is each
        server thread's nanoseconds from schedstat, or where that cannot be trusted the kernel's 10 ms ticks,
        over which the cached figure is averaged over several reads. Bounded in plants and in time per
        history kind.

        The raw figure includes what any HTTP app pays per request (uvicorn, h11, Starlette); the bare app's
        CPU per request, measured the same way (one call after another, one connection) just before and
        after, times the calls of a history is taken off to give the simulator's own share."""
        out: dict[str, Any] = {}
        server = self.servers["big"]
        admin(server, "clock", {"freeze": NOON})
        repeats = self.options.history_cached_reads
        for api in self.options.apis:
            driver = self.driver("big", api, NOON)
            middle = len(driver.history_refs()) // 2  # the middle of the fleet: untouched by the scenarios
            indexes = range(middle, middle + max(1, min(self.options.history_plants, middle)))
            for label in driver.histories(0):
                histories = [driver.histories(index)[label] for index in indexes]
                calls_per_history = len(histories[0])
                bare_calls = max(BARE_HISTORY_CALLS, calls_per_history * len(histories))
                bare_before, precise = self.bare_cpu_per_request(bare_calls)
                per_plant: dict[str, list[float]] = {"new": [], "cached": []}  # CPU seconds per history read
                walls: dict[str, list[float]] = {"new": [], "cached": []}
                deadline = time.monotonic() + self.options.history_seconds
                with httpx.Client(base_url=server.base_url, timeout=120) as http:
                    for calls in histories:
                        for phase, reads in (("new", 1), ("cached", repeats)):
                            before = cpu_reading(server.pid)
                            for _ in range(reads):
                                started = time.perf_counter()
                                for call in calls:
                                    driver.verify(http, driver.raw(call))
                                walls[phase].append(time.perf_counter() - started)
                            used, exact = cpu_between(before, cpu_reading(server.pid))
                            per_plant[phase].append(used / reads)
                            precise = precise and exact
                        if time.monotonic() > deadline:
                            break
                bare_after, exact = self.bare_cpu_per_request(bare_calls)
                bare_us = (bare_before + bare_after) / 2 * 1e6
                entry: dict[str, Any] = {
                    "calls_per_history": calls_per_history,
                    "plants": len(walls["new"]),
                    "cached_reads_per_plant": repeats,
                    "bare_cpu_us_per_request": round(bare_us, 1),
                    "cpu_measure": "schedstat" if precise and exact else "ticks",
                    "cpu_tick_ms": 1000 / TICKS_PER_SECOND,
                }
                for phase in ("new", "cached"):
                    raw = [seconds * 1000 for seconds in per_plant[phase]]
                    own = [ms - calls_per_history * bare_us / 1000 for ms in raw]
                    entry[phase] = {
                        "server_cpu_ms_per_history": round(statistics.fmean(raw), 2),
                        "wall_ms_median": round(statistics.median(walls[phase]) * 1000, 2),
                        "simulator_cpu_ms_per_history": round(statistics.fmean(own), 2),
                        "simulator_cpu_ms_per_plant": [round(ms, 3) for ms in own],
                    }
                out[f"{api} {label}"] = entry
                self.log(f"{api} {label}: {entry}")
        return out

    def bare_cpu_per_request(self, calls: int) -> tuple[float, bool]:
        """The bare app's server CPU seconds per request, sent one after another on one connection as the
        histories are, and whether it is known to the nanosecond (see ``cpu_between``)."""
        server = self.servers["bare"]
        with httpx.Client(base_url=server.base_url, timeout=60) as http:
            http.get(BARE_PATH)  # the connection opened outside the count, as a history's is
            before = cpu_reading(server.pid)
            for _ in range(calls):
                http.get(BARE_PATH).raise_for_status()
            used, precise = cpu_between(before, cpu_reading(server.pid))
            return used / calls, precise

    def sustained(self) -> dict[str, Any]:
        """Every plant of every API read once, one never-seen id every fourth call, bounded in time."""
        server = self.servers["big"]
        admin(server, "clock", {"freeze": NOON})
        per_api: list[list[RawRequest]] = []
        reads = 0
        for api in self.options.apis:
            driver = self.driver("big", api, NOON)
            calls: list[Call] = []
            for n, ref in enumerate(driver.plant_refs()):
                calls.append(driver.realtime(ref))
                if n % 3 == 2:
                    calls.append(driver.unknown(n))
            reads += len(calls)
            per_api.append([driver.raw(call) for call in calls])
        mixed = [r for group in zip(*per_api, strict=False) for r in group]
        mixed += [r for group in per_api for r in group[len(mixed) // len(per_api) :]]
        rss_before = rss_bytes(server.pid)
        result = run_load(
            mixed, server.port, server.pid, self.options.sustained_seconds, self.work, core=self.load_core, once=True
        )
        rss_after = rss_bytes(server.pid)
        self.log(
            f"sustained: {result.requests}/{len(mixed)} requests, "
            f"RSS {rss_before / 2**20:.0f} -> {rss_after / 2**20:.0f} MB"
        )
        return {
            "requests_prepared": len(mixed),
            "requests_sent": result.requests,
            "seconds": round(result.seconds, 1),
            "complete": result.requests >= len(mixed),
            "rss_before_bytes": rss_before,
            "rss_after_bytes": rss_after,
        }

    def run(self) -> dict[str, Any]:
        options = self.options
        self.results["machine"] = machine_facts(self.server_core, self.load_core)
        self.results["options"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in options.__dict__.items()}
        self.results["load_tool"] = options.tool or ("wrk" if wrk_path() else "python")
        started = time.monotonic()
        try:
            self.results["startup"] = self.startup()
            self.start_peers()
            self.rounds()
            self.results["history"] = self.history_costs()
            self.results["sustained"] = self.sustained()
            self.results["rss"] = {
                "bare_bytes": rss_bytes(self.servers["bare"].pid),
                "small_after_load_bytes": rss_bytes(self.servers["small"].pid),
                "small_held_after_load": admin(self.servers["small"], "health")["held"],
                "big_max_sampled_bytes": self.sampler.max_bytes if self.sampler else 0,
                "big_samples": len(self.sampler.samples) if self.sampler else 0,
                "peers_bytes": {p.name: rss_bytes(p.server.pid, tree=True) for p in self.peer_list if p.server},
            }
        finally:
            self.stop_all()
        rates, ratios = inprocess.asgi_rates(list(options.apis), options.inprocess_seconds)
        self.results["inprocess"] = {
            "calls_per_second": {r.name: round(r.per_second, 1) for r in rates},
            "ratios_to_bare_on_the_same_requests": ratios,
            "bad": {r.name: r.bad for r in rates},
            "fixture": inprocess.fixture_costs(list(options.apis), options.fixture_builds),
        }
        self.results["total_seconds"] = round(time.monotonic() - started, 1)
        return self.results


def history_pick(label: str) -> Callable[[Driver], list[Call]]:
    return lambda driver: driver.histories(0)[label]


def fixed(requests: list[RawRequest], marker: str | None) -> Callable[[], tuple[list[RawRequest], str | None]]:
    return lambda: (requests, marker)


def machine_facts(server_core: int | None, load_core: int | None) -> dict[str, Any]:
    import os
    import platform
    import socket

    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "hostname": socket.gethostname(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "server_core": server_core,
        "load_core": load_core,
        "load_average_at_start": [round(x, 2) for x in load],
        "started_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }
