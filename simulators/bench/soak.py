"""`nox -s soak`: one `solarfakes serve` on 127.0.0.1 under concurrent mixed traffic for a bounded time.

Workers read every served API (real-time, list, a day of history) and write (Growatt plant/add and
plant/modify, AlphaCloud updateChargeConfigInfo) while faults are armed and cleared and the simulated
clock moves (small steps, and an hour's jump now and then). Throughout, a thread polls
``/_solarfakes/health`` and another samples the server's RSS from /proc.

It fails on any simulator crash (a 5xx, an internal-error answer, a journal entry marked as a simulator
bug, a crash counter in the health answer, or the process dying), any lost write (an accepted write
not visible in a read after the run, faults cleared), RSS that keeps growing after the warm-up (the
first quarter, or until the request journal, a bounded buffer, is full; a run too short to fill it says
RSS is not judged), or a health p99 above 100 ms. No HTTP-status faults are armed, so every 5xx is the
simulator's own.

    python -m solarfakes.simulators.bench.soak [--duration 180] [--workers 8] [--plants 20] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from solarfakes.clients.errors import VendorError
from solarfakes.simulators.bench.calls import DRIVERS, Call, Driver
from solarfakes.simulators.bench.load import RawRequest
from solarfakes.simulators.bench.proc import RssSampler
from solarfakes.simulators.bench.servers import HOST, Server, free_port, launch, solarfakes_argv, stop

START = "2026-06-21T06:00:00+00:00"
HEALTH_P99_LIMIT_MS = 100.0
HEALTH_INTERVAL = 0.1
# RSS may rise while caches and the request journal fill; after that it may grow by this much at most
RSS_GROWTH_LIMIT = 0.10
RSS_GROWTH_FLOOR_BYTES = 16 * 2**20
FIRST_ENTRY_ID = 1  # a server's first journal entry (Journal.ids); the soak never clears the journal
CLOCK_STEP_SECONDS = 30
CLOCK_JUMP_SECONDS = 3600
REQUEST_TIMEOUT = 30.0
CRASH_WORDS = ("crash", "simulator_bug", "simulator-bug", "internal_error", "internal-error")


@dataclass
class Tally:
    requests: int = 0
    by_api: dict[str, int] = field(default_factory=dict)
    vendor_errors: int = 0
    server_errors: list[str] = field(default_factory=list)  # 5xx and internal-error answers
    transport_errors: list[str] = field(default_factory=list)
    writes_sent: int = 0
    writes_accepted: int = 0
    faults_armed: int = 0
    faults_cleared: int = 0
    clock_moves: int = 0
    logins: int = 0
    refused_logins: list[str] = field(default_factory=list)


@dataclass
class SimTime:
    """The simulated instant the clock mover last set; workers sign with it (windows allow the lag)."""

    epoch: float


class Soak:
    def __init__(self, duration: float, workers: int, plants: int, seed: int, log: Any = print) -> None:
        self.duration, self.workers, self.plants = duration, workers, plants
        self.rng = random.Random(seed)
        self.log = log
        self.tally = Tally()
        self.work = Path(tempfile.mkdtemp(prefix="solarfakes-soak-"))
        self.server: Server | None = None
        self.credentials: dict[str, dict[str, Any]] = {}
        self.sim = SimTime(0.0)
        self.health_ms: list[float] = []
        self.health_failures: list[str] = []
        self.crash_entries: set[int] = set()
        self.crash_counters: dict[str, Any] = {}
        self.crash_headers: list[str] = []
        # what each accepted write promised: Growatt plant id -> name, AlphaCloud sysSn -> config
        self.growatt_plants: dict[int, str] = {}
        self.alpha_configs: dict[str, dict[str, Any]] = {}
        self.lost: list[str] = []
        self.uncertain: set[str] = set()  # writes that got no answer at all (a transport error)
        self.died: str | None = None
        self.started = time.monotonic()  # the RSS sampler's time base, reset when it starts
        # (seconds, entries the server's journal holds, the id of its oldest)
        self.journal_fill: list[tuple[float, int, int]] = []

    # --- plumbing -------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def driver(self, api: str) -> Driver:
        return DRIVERS[api](self.credentials[api], self.sim.epoch)

    async def send(self, http: httpx.AsyncClient, driver: Driver, request: RawRequest) -> tuple[int, bytes]:
        self.tally.requests += 1
        self.tally.by_api[driver.api] = self.tally.by_api.get(driver.api, 0) + 1
        try:
            response = await http.request(
                request.method, request.target, headers=dict(request.headers), content=request.body
            )
        except httpx.HTTPError as exc:
            self.tally.transport_errors.append(f"{driver.api} {request.target[:60]}: {type(exc).__name__}")
            return 0, b""
        self.check_answer(driver, request, response)
        return response.status_code, response.content

    def check_answer(self, driver: Driver, request: RawRequest, response: httpx.Response) -> None:
        where = f"{driver.api} {request.method} {request.target[:80]}"
        if response.status_code >= 500:
            self.tally.server_errors.append(f"{where}: HTTP {response.status_code} {response.text[:120]}")
        elif b"solarfakes_error" in response.content:
            self.tally.server_errors.append(f"{where}: internal error {response.text[:120]}")
        elif driver.marker.encode() not in response.content:
            self.tally.vendor_errors += 1
        for name, value in response.headers.items():
            if any(word in name.lower() for word in CRASH_WORDS):
                self.crash_headers.append(f"{where}: {name}: {value}")

    def accepted(self, driver: Driver, status: int, content: bytes) -> bool:
        return status == 200 and driver.marker.encode() in content

    def now_driver(self, driver: Driver) -> Driver:
        driver.now = self.sim.epoch
        return driver

    async def login(self, http: httpx.AsyncClient, driver: Driver) -> None:
        request = self.now_driver(driver).login_request()
        if request is None:
            return
        status, content = await self.send(http, driver, request)
        if self.accepted(driver, status, content):
            try:
                driver.accept_login_answer(content)
            except VendorError as exc:  # an answer a client cannot use, e.g. an armed fault's
                self.tally.refused_logins.append(f"{driver.api}: {exc}"[:200])
                return
            self.tally.logins += 1

    # --- traffic --------------------------------------------------------------------------------------
    async def worker(self, index: int, deadline: float) -> None:
        rng = random.Random(self.rng.random())
        drivers = {api: self.driver(api) for api in self.credentials}
        async with httpx.AsyncClient(base_url=self.base_url, timeout=REQUEST_TIMEOUT) as http:
            for driver in drivers.values():
                await self.login(http, driver)
            mine: list[int] = []  # Growatt plants this worker added (only it renames them: order is known)
            systems = drivers["alphaess_openapi"].plant_refs() if "alphaess_openapi" in drivers else []
            my_systems = systems[index :: self.workers]
            n = 0
            while time.monotonic() < deadline:
                n += 1
                api = rng.choice(list(drivers))
                driver = self.now_driver(drivers[api])
                roll = rng.random()
                if api == "growatt_v1" and roll < 0.15:
                    await self.growatt_write(http, driver, index, n, mine, rng)
                    continue
                if api == "alphaess_openapi" and roll < 0.15 and my_systems:
                    await self.alpha_write(http, driver, rng.choice(my_systems), rng)
                    continue
                refs = driver.plant_refs()
                ref = rng.choice(refs)
                if roll < 0.55:
                    call = driver.realtime(ref)
                elif roll < 0.75:
                    call = driver.listing(ref)
                elif roll < 0.95:
                    call = rng.choice(driver.history(rng.choice(driver.history_refs())))
                else:
                    call = driver.unknown(rng.randrange(10**9))
                status, content = await self.send(http, driver, driver.raw(call))
                if driver.login_endpoint is not None and status == 200 and not self.accepted(driver, status, content):
                    driver.forget_session()  # the session may have expired with the clock
                    await self.login(http, driver)

    async def growatt_write(
        self, http: httpx.AsyncClient, driver: Driver, index: int, n: int, mine: list[int], rng: random.Random
    ) -> None:
        self.tally.writes_sent += 1
        if mine and rng.random() < 0.5:
            plant = rng.choice(mine)
            name = f"soak w{index} n{n} renamed"
            call = Call(
                "plant_modify", {"c_user_id": self.user(), "plant_id": plant, "name": name, "peak_power": "6.5"}
            )
            status, content = await self.send(http, driver, driver.raw(call))
            if self.accepted(driver, status, content):
                self.tally.writes_accepted += 1
                self.growatt_plants[plant] = name
            elif status == 0:  # no answer: the write may or may not have landed, so it cannot be checked
                self.uncertain.add(f"growatt {plant}")
            return
        name = f"soak w{index} n{n}"
        params = {"c_user_id": self.user(), "name": name, "peak_power": "4.2", "latitude": "51.5", "longitude": "-0.1"}
        status, content = await self.send(
            http, driver, driver.raw(Call("plant_add", {**params, "timezone_id": "Europe/London"}))
        )
        if self.accepted(driver, status, content):
            self.tally.writes_accepted += 1
            plant = int(json.loads(content)["data"]["plant_id"])
            mine.append(plant)
            self.growatt_plants[plant] = name

    def user(self) -> Any:
        return self.credentials["growatt_v1"]["c_user_ids"][0]

    async def alpha_write(self, http: httpx.AsyncClient, driver: Driver, system: str, rng: random.Random) -> None:
        self.tally.writes_sent += 1
        config = {
            "batHighCap": rng.randrange(50, 101),
            "gridCharge": 1,
            "timeChae1": f"{rng.randrange(0, 24):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "timeChae2": "00:00",
            "timeChaf1": f"{rng.randrange(0, 24):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "timeChaf2": "00:00",
        }
        status, content = await self.send(
            http, driver, driver.raw(Call("updateChargeConfigInfo", {"sysSn": system, **config}))
        )
        if self.accepted(driver, status, content):
            self.tally.writes_accepted += 1
            self.alpha_configs[system] = config
        elif status == 0:
            self.uncertain.add(f"alpha {system}")

    async def faults(self, http: httpx.AsyncClient, deadline: float) -> None:
        """Arm a vendor code (never an HTTP status, never the internal-error code) on a random API, then clear."""
        while time.monotonic() < deadline:
            api = self.rng.choice(list(self.credentials))
            spec = self.driver(api).spec
            # neither the internal-error code (a crash would hide behind it) nor the success code (ras/v2
            # lists 0 among its codes; armed, it answers "success" without data, which no client can use)
            spared = {str(spec.internal_error), str(spec.envelope.success_code)}
            codes = [e.code for e in spec.errors if str(e.code) not in spared]
            body: dict[str, Any] = {"api": api, "code": self.rng.choice(codes), "probability": 0.3, "times": 50}
            if self.rng.random() < 0.3:
                body["latency_ms"] = self.rng.choice([5, 20, 50])
            response = await http.post("/_solarfakes/faults", json=body)
            if response.status_code == 201:
                self.tally.faults_armed += 1
            await asyncio.sleep(1.5)
            if (await http.delete("/_solarfakes/faults")).status_code == 200:
                self.tally.faults_cleared += 1
            await asyncio.sleep(1.5)

    async def clock(self, http: httpx.AsyncClient, deadline: float) -> None:
        moves = 0
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            moves += 1
            step = CLOCK_JUMP_SECONDS if moves % 40 == 0 else CLOCK_STEP_SECONDS
            response = await http.post("/_solarfakes/clock", json={"advance": step})
            if response.status_code == 200:
                self.sim.epoch = float(response.json()["epoch"])
                self.tally.clock_moves += 1

    async def crash_watch(self, http: httpx.AsyncClient, deadline: float) -> None:
        """Journal entries marked as a simulator bug (for APIs whose internal error has a code), a crash
        counter in the health answer if the server keeps one, and the process itself."""
        while True:
            await self.check_crashes(http)
            if time.monotonic() >= deadline:
                return
            await asyncio.sleep(min(3.0, max(0.0, deadline - time.monotonic())))

    async def check_crashes(self, http: httpx.AsyncClient) -> None:
        assert self.server is not None
        if self.server.process.poll() is not None and self.died is None:
            self.died = f"died: the server exited with {self.server.process.returncode}: {self.server.log_tail(5)}"
            return
        for api in self.credentials:
            code = self.driver(api).spec.internal_error
            if code is None:
                continue  # its internal error is HTTP 500, counted from the answers
            params = {"api": api, "error_code": str(code), "limit": "1000"}
            response = await http.get("/_solarfakes/journal", params=params)
            if response.status_code != 200:
                self.tally.server_errors.append(f"journal read: HTTP {response.status_code}")
                continue
            for entry in response.json()["entries"]:
                bug = str(entry.get("diagnostics", {}).get("check", "")).startswith("simulator bug")
                if bug or entry.get("crash") is True:
                    self.crash_entries.add(int(entry["id"]))
        # the oldest entry held: once it is not the first the server recorded, the journal has dropped
        # entries, whichever of its bounds (entries or bytes) it reached
        held = await http.get("/_solarfakes/journal", params={"after": "0", "limit": "1"})
        if held.status_code == 200:
            answer = held.json()
            oldest = int(answer["entries"][0]["id"]) if answer["entries"] else FIRST_ENTRY_ID
            self.journal_fill.append((round(time.monotonic() - self.started, 1), int(answer["matched"]), oldest))
        health = await http.get("/_solarfakes/health")
        if health.status_code == 200:
            for key, value in flat(health.json()):
                if any(word in key.lower() for word in CRASH_WORDS) and isinstance(value, int | float) and value:
                    self.crash_counters[key] = value

    def health_thread(self, stop_at: float) -> threading.Thread:
        """GET /_solarfakes/health every 100 ms on its own keep-alive connection and thread."""
        assert self.server is not None
        port = self.server.port

        def poll() -> None:
            connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    connection.request("GET", "/_solarfakes/health")
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    self.health_failures.append(type(exc).__name__)
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                    status = 0
                elapsed = (time.perf_counter() - started) * 1000
                self.health_ms.append(elapsed)
                if status != 200 and status:
                    self.health_failures.append(f"HTTP {status}")
                time.sleep(max(0.0, HEALTH_INTERVAL - elapsed / 1000))
            connection.close()

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        return thread

    # --- the run --------------------------------------------------------------------------------------
    async def traffic(self) -> None:
        deadline = time.monotonic() + self.duration
        async with httpx.AsyncClient(base_url=self.base_url, timeout=REQUEST_TIMEOUT) as http:
            self.sim.epoch = float((await http.get("/_solarfakes/clock")).json()["epoch"])
            await asyncio.gather(
                *(self.worker(n, deadline) for n in range(self.workers)),
                self.faults(http, deadline),
                self.clock(http, deadline),
                self.crash_watch(http, deadline),
            )
            await http.delete("/_solarfakes/faults")
            await self.verify_writes(http)
            await self.check_crashes(http)

    async def verify_writes(self, http: httpx.AsyncClient) -> None:
        """Every accepted write, read back after the run with no fault armed."""
        if "growatt_v1" in self.credentials:
            driver = self.now_driver(self.driver("growatt_v1"))
            for plant, name in self.growatt_plants.items():
                if f"growatt {plant}" in self.uncertain:
                    continue
                status, content = await self.send(http, driver, driver.raw(Call("plant_details", {"plant_id": plant})))
                found = json.loads(content)["data"].get("name") if self.accepted(driver, status, content) else None
                if found != name:
                    self.lost.append(f"growatt plant {plant}: expected name {name!r}, read {found!r} ({status})")
        if "alphaess_openapi" in self.credentials:
            driver = self.now_driver(self.driver("alphaess_openapi"))
            for system, config in self.alpha_configs.items():
                if f"alpha {system}" in self.uncertain:
                    continue
                status, content = await self.send(
                    http, driver, driver.raw(Call("getChargeConfigInfo", {"sysSn": system}))
                )
                data = json.loads(content).get("data") if self.accepted(driver, status, content) else None
                if not isinstance(data, dict) or any(data.get(k) != v for k, v in config.items()):
                    self.lost.append(f"AlphaCloud {system}: wrote {config}, read {data} ({status})")

    def run(self) -> dict[str, Any]:
        port = free_port()
        argv = solarfakes_argv(port, self.plants, START, ())
        self.server = launch("soak", argv, port, "/_solarfakes/health", self.work, core=None)
        sampler = RssSampler(self.server.pid, interval=1.0).start()
        self.started = sampler.started
        try:
            with httpx.Client(base_url=self.server.base_url, timeout=120) as http:
                self.credentials = http.get("/_solarfakes/credentials").json()
            for api in self.credentials:
                self.driver(api)  # loads the specs now, not on the event loop once the clock runs
            health = self.health_thread(time.monotonic() + self.duration)
            self.log(
                f"soak: {self.duration:g} s, {self.workers} workers, {self.plants} plants per API, "
                f"server pid {self.server.pid}"
            )
            asyncio.run(self.traffic())
            health.join(REQUEST_TIMEOUT + 1)
        finally:
            sampler.stop()
            if self.server.process.poll() is not None and self.died is None:
                self.died = f"died: the server exited with {self.server.process.returncode}: {self.server.log_tail(5)}"
            stop(self.server)
        return self.results(sampler)

    def results(self, sampler: RssSampler) -> dict[str, Any]:
        samples = [(round(t, 1), rss) for t, rss in sampler.samples]
        growth = rss_growth(samples, self.duration, journal_full_at(self.journal_fill))
        health = sorted(self.health_ms)
        p99 = health[min(len(health) - 1, int(len(health) * 0.99))] if health else None
        crashes = (
            len(self.tally.server_errors) + len(self.crash_entries) + len(self.crash_headers) + len(self.crash_counters)
        )
        checks = {
            "no simulator crash": crashes == 0 and self.died is None,
            "no lost write": not self.lost,
            "RSS flat after the warm-up": growth["bounded"],
            f"health p99 <= {HEALTH_P99_LIMIT_MS:.0f} ms": p99 is not None and p99 <= HEALTH_P99_LIMIT_MS,
        }
        return {
            "duration_seconds": self.duration,
            "workers": self.workers,
            "plants_per_api": self.plants,
            "tally": self.tally.__dict__,
            "crashes": {
                "server_errors": self.tally.server_errors[:50],
                "journal_simulator_bugs": sorted(self.crash_entries)[:50],
                "crash_headers": self.crash_headers[:50],
                "health_counters": self.crash_counters,
                "process_died": self.died,
            },
            "lost_writes": self.lost[:50],
            "writes_verified": len(self.growatt_plants) + len(self.alpha_configs),
            "rss": {"samples": samples[:: max(1, len(samples) // 60)], **growth},
            "journal_fill": self.journal_fill[:: max(1, len(self.journal_fill) // 60)],
            "health": {
                "polls": len(health),
                "p50_ms": health[len(health) // 2] if health else None,
                "p99_ms": p99,
                "max_ms": health[-1] if health else None,
                "failures": self.health_failures[:20],
            },
            "checks": checks,
            "passed": all(passed is not False for passed in checks.values()),  # None: not judged (said so)
        }


def flat(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in flat(v, f"{prefix}{k}.")]
    return [(prefix.rstrip("."), value)]


def journal_full_at(fill: list[tuple[float, int, int]]) -> float | None:
    """When the server's journal first dropped its oldest entry (it reached its count or its byte bound);
    None if it never did during the run."""
    return next((t for t, _, oldest in fill if oldest > FIRST_ENTRY_ID), None)


def rss_growth(samples: list[tuple[float, int]], duration: float, journal_full: float | None = 0.0) -> dict[str, Any]:
    """Caches fill in the warm-up, and so does the request journal (up to 10,000 entries or 8 MB, bytes of every
    body kept): the warm-up lasts the first quarter of the run, or until the journal is full. After it,
    the largest RSS of the second half of what remains against the largest of the first must stay flat
    (within 10 % or 16 MB). A journal still filling at the end leaves nothing to judge: run longer."""
    if not samples:
        return {"growth_bytes": None, "bounded": False, "note": "no RSS sample at all"}
    if journal_full is None:
        note = "the request journal was still filling at the end (a bounded buffer): run longer to judge RSS"
        return {
            "growth_bytes": None,
            "bounded": None,
            "note": note,
            "max_bytes": max((r for _, r in samples), default=None),
        }
    start = max(duration * 0.25, journal_full)
    middle = (start + duration) / 2
    warm = [rss for t, rss in samples if start <= t < middle]
    late = [rss for t, rss in samples if t >= middle]
    if not warm or not late:
        note = "the run ended too soon after the warm-up to judge RSS: run longer"
        return {"growth_bytes": None, "bounded": None, "note": note, "max_bytes": max(rss for _, rss in samples)}
    growth = max(late) - max(warm)
    allowed = max(RSS_GROWTH_FLOOR_BYTES, int(max(warm) * RSS_GROWTH_LIMIT))
    judged = {"judged_from_seconds": round(start, 1)}
    return {
        "growth_bytes": growth,
        "allowed_bytes": allowed,
        "bounded": growth <= allowed,
        "max_bytes": max(late),
        **judged,
    }


def markdown(result: dict[str, Any]) -> str:
    tally = result["tally"]
    health = result["health"]
    rss = result["rss"]
    lines = [
        f"# solarfakes soak: {'PASSED' if result['passed'] else 'FAILED'}",
        "",
        f"{result['duration_seconds']:g} s, {result['workers']} workers, {result['plants_per_api']} plants per API; "
        f"{tally['requests']:,} requests ({', '.join(f'{k} {v:,}' for k, v in tally['by_api'].items())}), "
        f"{tally['vendor_errors']:,} vendor error answers (faults, unknown ids: expected), "
        f"{len(tally['transport_errors'])} transport errors.",
        f"Writes: {tally['writes_sent']} sent, {tally['writes_accepted']} accepted, {result['writes_verified']} "
        f"verified after the run; faults armed {tally['faults_armed']} and cleared {tally['faults_cleared']} times; "
        f"clock moved {tally['clock_moves']} times; {tally['logins']} logins "
        f"({len(tally['refused_logins'])} answered by an armed fault).",
        "",
        "| check | result |",
        "|---|---|",
    ]
    details = {
        "no simulator crash": f"{len(result['crashes']['server_errors'])} 5xx/internal-error answers, "
        f"{len(result['crashes']['journal_simulator_bugs'])} journal entries marked as simulator bugs, "
        f"crash counters {result['crashes']['health_counters'] or 'none'}, "
        f"process {result['crashes']['process_died'] or 'alive'}",
        "no lost write": f"{len(result['lost_writes'])} lost",
        "RSS flat after the warm-up": f"growth {fmt_mb(rss.get('growth_bytes'))} "
        f"(allowed {fmt_mb(rss.get('allowed_bytes'))}) from {rss.get('judged_from_seconds', '—')} s on "
        f"(the journal full at {journal_full_at(result.get('journal_fill', [])) or '—'} s), "
        f"max {fmt_mb(rss.get('max_bytes'))}{'; ' + rss['note'] if rss.get('note') else ''}",
    }
    for check, passed in result["checks"].items():
        detail = details.get(
            check,
            f"p50 {fmt_ms(health['p50_ms'])}, p99 {fmt_ms(health['p99_ms'])}, max {fmt_ms(health['max_ms'])} "
            f"over {health['polls']} polls",
        )
        verdict = "not judged" if passed is None else "pass" if passed else "**FAIL**"
        lines.append(f"| {check} | {verdict}: {detail} |")
    for key in ("server_errors", "crash_headers"):
        lines += [f"- {line}" for line in result["crashes"][key][:10]]
    lines += [f"- lost: {line}" for line in result["lost_writes"][:10]]
    series = ", ".join(
        f"{t:g}s {rss_bytes / 2**20:.0f}" for t, rss_bytes in rss["samples"][:: max(1, len(rss["samples"]) // 12)]
    )
    lines += ["", f"RSS over time (MB): {series}"]
    return "\n".join(lines) + "\n"


def fmt_mb(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f} MB"


def fmt_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def run_soak(duration: float, workers: int = 8, plants: int = 20, seed: int = 1, log: Any = print) -> dict[str, Any]:
    return Soak(duration, workers, plants, seed, log).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solarfakes.simulators.bench.soak", description=__doc__)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of traffic (default 180)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--plants", type=int, default=20, help="plants per API (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the traffic mix")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 3600 or not 1 <= args.workers <= 64:
        parser.error("--duration must be 1..3600 s and --workers 1..64")
    result = run_soak(args.duration, args.workers, args.plants, args.seed, lambda m: print(m, file=sys.stderr))
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
