"""The benchmark's building blocks, so `nox -s bench` cannot rot: /proc readings, both load generators
against a real server on 127.0.0.1, every API's signed bench calls accepted by the fake cloud, the
report's verdicts, and one quick end-to-end run. Nothing here asserts a speed (the bench measures those)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from solarfakes.simulators.bench import report
from solarfakes.simulators.bench.bare import PATH as BARE_PATH
from solarfakes.simulators.bench.bare import document
from solarfakes.simulators.bench.calls import DRIVERS, Driver, needs_fresh_requests, signed, success_marker
from solarfakes.simulators.bench.inprocess import ALTERNATIONS
from solarfakes.simulators.bench.load import RawRequest, lua_string, run_load, wrk_path
from solarfakes.simulators.bench.proc import cpu_between, cpu_reading, cpu_seconds, descendants, rss_bytes
from solarfakes.simulators.bench.run import APIS, Bench, Options
from solarfakes.simulators.bench.servers import Server, bare_argv, free_port, launch, stop
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs.loader import load_spec
from solarfakes.specs.names import API_IDS

FIXTURES = {api: vendor.fixture for api, vendor in VENDORS.items()}
LOAD_TOOLS = ["python", *(["wrk"] if wrk_path() else [])]


def test_proc_reads_rss_cpu_and_children_of_a_process() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; sum(range(10**7)); time.sleep(30)"])
    try:
        assert child.pid in descendants(os.getpid())
        assert rss_bytes(os.getpid()) > 10 * 2**20, "a Python process with the package imported"
        assert rss_bytes(os.getpid(), tree=True) > rss_bytes(os.getpid())
        assert cpu_seconds(os.getpid()) > 0
    finally:
        child.kill()
        child.wait()


def spin(seconds: float, then: threading.Event | None = None) -> tuple[threading.Thread, threading.Event]:
    """A thread that uses ``seconds`` of its own CPU, says so, then waits for ``then`` (or ends)."""
    spun = threading.Event()

    def work() -> None:
        started = time.thread_time()
        while time.thread_time() - started < seconds:
            pass
        spun.set()
        if then is not None:
            then.wait(30)

    thread = threading.Thread(target=work)
    thread.start()
    return thread, spun


def test_cpu_between_two_readings_is_known_to_the_nanosecond_while_the_threads_live() -> None:
    release = threading.Event()
    started = time.process_time()
    before = cpu_reading(os.getpid())
    thread, spun = spin(0.1, then=release)
    assert spun.wait(30)
    time.sleep(0.01)  # the thread waits, so its schedstat is up to date
    after = cpu_reading(os.getpid())
    used = time.process_time() - started
    release.set()
    thread.join()
    seconds, precise = cpu_between(before, after)
    assert precise
    assert 0.1 <= seconds <= used + 0.01


def test_cpu_between_falls_back_to_the_tick_count_when_a_thread_ended_between() -> None:
    before = cpu_reading(os.getpid())
    thread, _ = spin(0.1)
    thread.join()
    # join returns once Python is done with the thread; the kernel's task goes a moment later
    task = Path(f"/proc/{os.getpid()}/task/{thread.native_id}")
    deadline = time.monotonic() + 10
    while task.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert not task.exists()
    after = cpu_reading(os.getpid())  # the thread's schedstat is gone; the group's tick count holds its time
    seconds, precise = cpu_between(before, after)
    assert not precise
    assert seconds == after.seconds - before.seconds >= 0.08


def test_the_bare_document_is_two_kilobytes_of_json() -> None:
    assert 1900 <= len(json.dumps(document(), separators=(",", ":"))) <= 2100


def test_lua_strings_escape_every_byte_that_is_not_a_letter_or_digit() -> None:
    assert lua_string('a"b\\c/1é') == '"a\\034b\\092c\\0471\\195\\169"'


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    server = launch("bare", bare_argv(port), port, BARE_PATH, tmp_path_factory.mktemp("bare"), core=None)
    try:
        yield server
    finally:
        stop(server)
    assert server.process.poll() is not None


@pytest.mark.parametrize("tool", LOAD_TOOLS)
def test_load_generators_count_answers_and_refuse_a_missing_marker(
    bare_server: Server, tool: str, tmp_path: Path
) -> None:
    requests = [RawRequest("GET", BARE_PATH)]
    good = run_load(requests, bare_server.port, bare_server.pid, 1.0, tmp_path, marker='"code":200', tool=tool)
    assert good.tool == tool
    assert good.requests > 0
    assert good.bad == 0
    assert good.socket_errors == 0
    assert good.server_cpu_seconds >= 0
    assert 0 < good.p50_ms <= good.p99_ms
    wrong = run_load(requests, bare_server.port, bare_server.pid, 1.0, tmp_path, marker='"code":201', tool=tool)
    assert wrong.requests > 0
    assert wrong.bad == wrong.requests


def test_the_python_generator_sends_each_request_once_when_asked(bare_server: Server, tmp_path: Path) -> None:
    requests = [RawRequest("GET", BARE_PATH)] * 25 + [RawRequest("GET", "/nowhere")] * 5
    result = run_load(requests, bare_server.port, bare_server.pid, 30.0, tmp_path, once=True, connections=3)
    assert result.requests == 30
    assert result.bad == 5, "the 404s"


def test_success_markers_come_from_the_envelopes() -> None:
    markers = {api: success_marker(load_spec(api)) for api in DRIVERS}
    assert markers == {
        "growatt_v1": '"error_code":0',
        "alphaess_openapi": '"code":200',
        "alphaess_ras_v2": '"ReturnCode":0',
        "apsystems_openapi": '"code":0',
        "isolarcloud": '"result_code":"1"',
    }


@pytest.mark.parametrize("api", list(FIXTURES))
@pytest.mark.solarfakes(plants=3)
def test_every_bench_call_is_accepted_by_the_fake_cloud(api: str, request: pytest.FixtureRequest) -> None:
    """Login, real-time for the first and last plant, list, a whole 7-day history and a fresh id: each
    signed as the bench signs it, sent to the fake cloud in process."""
    cloud: CloudHandle = request.getfixturevalue(FIXTURES[api])
    driver: Driver = DRIVERS[api](cloud.credentials, cloud.clock.timestamp())
    with cloud.client() as http:
        driver.login(http)
        refs = driver.plant_refs()
        assert len(refs) >= 2
        calls = [driver.realtime(refs[0]), driver.realtime(refs[-1]), driver.listing(refs[0])]
        for history in driver.histories(-1).values():
            calls += history
        for call in calls:
            driver.verify(http, driver.raw(call))
        unknown = driver.raw(driver.unknown(7))
        answer = http.request(unknown.method, unknown.target, headers=dict(unknown.headers), content=unknown.body)
        assert answer.status_code < 500, "a fresh id gets the vendor's answer (an error, or iSolarCloud's empty list)"
        assert b"solarfakes_error" not in answer.content
    prepared = signed(driver, [driver.realtime(refs[0])], 5)
    assert len(prepared) == (5 if needs_fresh_requests(driver) else 1)
    assert len(set(prepared)) == len(prepared), "fresh requests differ (nonces)"
    assert needs_fresh_requests(type(driver)) == needs_fresh_requests(driver), "a scenario asks the driver's class"


def test_the_bench_runs_every_api_by_default() -> None:
    """An API added later is measured too: the bench's default list, its drivers, the served vendors and
    the specs name the same APIs."""
    assert sorted(APIS) == sorted(DRIVERS) == sorted(VENDORS) == sorted(API_IDS)
    assert len(set(APIS)) == len(APIS)


def test_only_apsystems_load_needs_requests_signed_anew() -> None:
    # a load that cycles must not cycle back to a spent nonce: the bench prepares and checks these apart
    assert [api for api, kind in DRIVERS.items() if needs_fresh_requests(kind)] == ["apsystems_openapi"]


def synthetic_results() -> dict[str, Any]:
    def rounds(rate: float, cpu: float, bad: int = 0) -> list[dict[str, Any]]:
        return [{"per_second": rate + n, "p50_ms": 1.0, "p99_ms": 3.0, "cpu_us_per_request": cpu, "bad": bad,
                 "socket_errors": 0, "requests": 100, "seconds": 1.0, "tool": "wrk"} for n in range(3)]  # fmt: skip

    return {
        "machine": {"hostname": "testhost", "started_utc": "2026-11-30T12:00:00+00:00", "python": "3.11"},
        "options": {"apis": ["alphaess_openapi", "growatt_v1"], "rounds": 3, "duration": 3.0},
        "load_tool": "wrk",
        "runs": {
            "bare Starlette, 2 KB JSON": {"group": "bare", "kind": "baseline", "rounds": rounds(1000, 100)},
            "alphaess_openapi real-time 12:00": {
                "group": "alphaess_openapi",
                "kind": "real-time",
                "rounds": rounds(700, 140),
            },
            "growatt_v1 real-time 12:00": {
                "group": "growatt_v1",
                "kind": "real-time",
                "rounds": rounds(900, 110, bad=1),
            },
            "growatt_v1 list": {"group": "growatt_v1", "kind": "list", "rounds": rounds(100, 1000)},
            "alphaess_openapi real-time, first plant": {
                "group": "alphaess_openapi",
                "kind": "first",
                "rounds": rounds(700, 100),
            },
            "alphaess_openapi real-time, last of 10000": {
                "group": "alphaess_openapi",
                "kind": "last",
                "rounds": rounds(70, 1000),
            },
            "isolarcloud login": {
                "group": "isolarcloud",
                "kind": "login",
                "rounds": [],
                "errors": ["RuntimeError: refused"],
            },
        },
        "missing_peers": {"WireMock standalone": "not installed: npm install failed"},
        "startup": {
            "start_seconds": {"bare": [0.2, 0.3], "small": [0.4, 0.45]},
            "rss_at_start_bytes": {"bare": [30 * 2**20], "small": [50 * 2**20]},
            "big": {"plants_per_api": 10000, "start_seconds": 2.0, "rss_at_start_bytes": 100 * 2**20},
        },
        "rss": {
            "small_after_load_bytes": 70 * 2**20,
            "big_max_sampled_bytes": 160 * 2**20,
            "small_held_after_load": {
                "cache_bytes": {"now": 4.9 * 2**20, "max": 5 * 2**20},
                "journal": {"entries": 900, "bytes": 1.95 * 2**20, "max_bytes": 2 * 2**20},
                "apis": {
                    "growatt_v1": {"sessions": {"now": 3, "max": 20_000}, "nonces": None},
                    "apsystems_openapi": {"sessions": None, "nonces": {"now": 150_000, "max": 200_000}},
                    "isolarcloud": {"sessions": {"now": 20_000, "max": 20_000}, "nonces": {"now": 0, "max": 200_000}},
                },
            },
        },
        "sustained": {
            "requests_prepared": 10,
            "requests_sent": 10,
            "complete": True,
            "rss_after_bytes": 120 * 2**20,
            "seconds": 1.0,
        },
        "history": {
            "growatt_v1 7-day history": {
                "calls_per_history": 7,
                "bare_cpu_us_per_request": 500.0,
                "new": {"server_cpu_ms_per_history": 8.0, "wall_ms_median": 6.0, "simulator_cpu_ms_per_history": 4.5},
                "cached": {
                    "server_cpu_ms_per_history": 4.0,
                    "wall_ms_median": 2.0,
                    "simulator_cpu_ms_per_history": 0.5,
                },
            },
            "isolarcloud 7-day history": {
                "calls_per_history": 56,
                "bare_cpu_us_per_request": 500.0,
                "new": {"server_cpu_ms_per_history": 40.0, "wall_ms_median": 6.0, "simulator_cpu_ms_per_history": 12.0},
                "cached": {
                    "server_cpu_ms_per_history": 4.0,
                    "wall_ms_median": 2.0,
                    "simulator_cpu_ms_per_history": -24.0,
                },
            },
        },
        "inprocess": {
            "calls_per_second": {
                "bare": 1000.0,
                "bare:alphaess_openapi": 900.0,
                "alphaess_openapi": 780.0,
                "bare:growatt_v1": 900.0,
                "growatt_v1": 700.0,
            },
            "fixture": {"growatt_v1": {"first_ms": 300.0, "median_ms": 20.0, "max_ms": 30.0}},
        },
    }


def test_report_judges_each_target_from_ratios_in_the_same_run(tmp_path: Path) -> None:
    results = synthetic_results()
    verdicts = {v.figure: v.passed for v in report.verdicts(results)}
    assert verdicts["AlphaCloud signed getLastPowerData, requests/s ÷ bare"] is True  # 70 % of bare
    assert verdicts["Growatt device/inverter/last_new_data, requests/s ÷ bare"] is False, "a bad answer voids a pass"
    assert verdicts["Growatt plant/list, requests/s ÷ bare"] is False  # 10 %
    # judged against the bare app taking the same requests: 780 / 900 passes (780 / 1000, the plain bare
    # app, would not), and 700 / 900 does not
    assert verdicts["in process through ASGITransport ÷ bare on the same requests, alphaess_openapi"] is True
    assert verdicts["in process through ASGITransport ÷ bare on the same requests, growatt_v1"] is False
    assert verdicts["process start to first 200"] is True
    assert verdicts["RSS, default fleet (at start and after the load)"] is False  # 70 MB after the load
    assert verdicts["RSS, 10,000 plants per API, at any time"] is False  # the 160 MB sample
    # judged on the simulator's own share: 8 ms raw less 7 calls of the bare app's 500 µs passes, and 12 ms
    # of 40 raw does not
    assert verdicts["growatt_v1 7-day history (2,016 5-minute points), the simulator's own server CPU"] is True
    assert verdicts["isolarcloud 7-day history (2,016 5-minute points), the simulator's own server CPU"] is False
    assert verdicts["alphaess_openapi: last plant of the big fleet vs the first"] is False
    assert verdicts["growatt_v1: last plant of the big fleet vs the first"] is None
    assert verdicts["pytest fixture built and first call answered, growatt_v1"] is True
    md, js = report.write(results, tmp_path)
    assert (md.name, js.name) == ("2026-11-30-testhost.md", "2026-11-30-testhost.json")
    text = md.read_text()
    assert "| alphaess_openapi real-time 12:00 | 701 (700-702) | 70 % |" in text
    assert "| isolarcloud login | not measured: RuntimeError: refused" in text
    assert "| peer: WireMock standalone | not installed: npm install failed |" in text
    assert json.loads(js.read_text())["verdicts"][0]["figure"].startswith("AlphaCloud")
    assert "| 4.5 ms new, 0.5 ms cached: raw server CPU 8.0 / 4.0 ms less 7 calls at the bare app's 500 µs each" in text
    assert "judged on the simulator's own share" in text
    assert (
        "| 70 MB (bare 30 MB); after the load its bounded stores held 4.9 MB of cached answers (bound 5), "
        "a 1.9 MB journal (bound 2), 150,000 nonces and 20,003 sessions | < 60 MB | **FAIL** |"
    ) in text
    again = report.write(results, tmp_path)
    assert [p.name for p in again] == ["2026-11-30-testhost-2.md", "2026-11-30-testhost-2.json"]
    assert md.read_text() == text, "a second run the same day keeps the first one's report"


def test_a_sustained_load_that_missed_plants_cannot_pass_the_big_fleet_bound() -> None:
    results = synthetic_results()
    results["rss"]["big_max_sampled_bytes"] = 120 * 2**20
    verdicts = {v.figure: v for v in report.verdicts(results)}
    assert verdicts["RSS, 10,000 plants per API, at any time"].passed is True
    assert "120 MB after every plant read" in verdicts["RSS, 10,000 plants per API, at any time"].value
    results["sustained"].update(requests_sent=4, complete=False)
    verdict = {v.figure: v for v in report.verdicts(results)}["RSS, 10,000 plants per API, at any time"]
    assert verdict.passed is False
    assert "120 MB after the sustained load" in verdict.value
    assert "the sustained load sent 4 of 10 reads in its time" in verdict.value


def test_a_history_from_before_the_bare_figure_is_shown_raw_and_not_judged() -> None:
    results = synthetic_results()
    for phase in ("new", "cached"):
        del results["history"]["growatt_v1 7-day history"][phase]["simulator_cpu_ms_per_history"]
    verdicts = {v.figure: v for v in report.verdicts(results)}
    verdict = verdicts["growatt_v1 7-day history (2,016 5-minute points), the simulator's own server CPU"]
    assert verdict.passed is None
    assert verdict.value.startswith("raw server CPU 8.0 / 4.0 ms new / cached, no bare figure")


@pytest.mark.slow
def test_quick_bench_runs_every_phase_for_one_api() -> None:
    options = Options.quick(apis=("alphaess_openapi",), big_plants=20, sustained_seconds=2.0, history_plants=1)
    results = Bench(options, log=lambda message: None).run()
    runs = results["runs"]
    assert {entry["kind"] for entry in runs.values()} == {
        "baseline",
        "real-time",
        "list",
        "7-day history",
        "first",
        "last",
    }
    for key, entry in runs.items():
        assert entry.get("errors") is None, key
        assert entry["rounds"][0]["requests"] > 0, key
        assert entry["rounds"][0]["bad"] == 0, key
    assert results["sustained"]["requests_sent"] > 0
    history = results["history"]["alphaess_openapi 7-day history"]
    assert history["calls_per_history"] == 7
    assert history["bare_cpu_us_per_request"] > 0
    assert history["cpu_tick_ms"] == 1000 / os.sysconf("SC_CLK_TCK")
    schedstat = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/schedstat").exists()
    assert history["cpu_measure"] == ("schedstat" if schedstat else "ticks")
    assert history["plants"] == 1
    for phase in ("new", "cached"):
        raw, own = history[phase]["server_cpu_ms_per_history"], history[phase]["simulator_cpu_ms_per_history"]
        assert own == pytest.approx(raw - 7 * history["bare_cpu_us_per_request"] / 1000, abs=0.01)
        assert history[phase]["simulator_cpu_ms_per_plant"] == [pytest.approx(own, abs=0.01)]
    assert set(results["inprocess"]["calls_per_second"]) == {"bare", "bare:alphaess_openapi", "alphaess_openapi"}
    rounds = results["inprocess"]["ratios_to_bare_on_the_same_requests"]["alphaess_openapi"]
    assert len(rounds) == ALTERNATIONS
    assert all(r > 0 for r in rounds)
    assert results["startup"]["big"]["rss_at_start_bytes"] > 0
    assert len(results["missing_peers"]) == 3, "peers skipped in quick mode are still listed"
    assert "## Targets (issue 11)" in report.markdown(results)


def test_the_in_process_ratio_is_the_median_of_the_pairings_rounds(tmp_path: Path) -> None:
    """One slow round (a collection, a busy moment) must not decide the figure, either way: the summed
    rates would say 780 / 900 (pass) and 700 / 900 (fail); the rounds' median says otherwise."""
    results = synthetic_results()
    results["inprocess"]["ratios_to_bare_on_the_same_requests"] = {
        "alphaess_openapi": [0.95, 0.62, 0.7, 0.75, 0.74],
        "growatt_v1": [0.83, 0.85, 0.4, 0.81, 0.9],
    }
    verdicts = {v.figure: v for v in report.verdicts(results)}
    alpha = verdicts["in process through ASGITransport ÷ bare on the same requests, alphaess_openapi"]
    growatt = verdicts["in process through ASGITransport ÷ bare on the same requests, growatt_v1"]
    assert (alpha.passed, growatt.passed) == (False, True)
    assert alpha.value == "74 %, median of 5 rounds, 62 %-95 % (÷ bare on a plain GET: 78 %)"
    md, _ = report.write(results, tmp_path)
    assert "| growatt_v1 | 700 | 900 | 83 %, median of 5 rounds, 40 %-90 % | 70 % |" in md.read_text()


def test_a_rate_target_needs_the_cpu_ratio_too() -> None:
    """On a busy machine requests/s can flatter a call; the server's CPU per request must agree."""
    results = synthetic_results()
    for entry in results["runs"]["alphaess_openapi real-time 12:00"]["rounds"]:
        entry["cpu_us_per_request"] = 200.0  # half the bare app's rate, by CPU
    verdicts = {v.figure: v for v in report.verdicts(results)}
    verdict = verdicts["AlphaCloud signed getLastPowerData, requests/s ÷ bare"]
    assert verdict.passed is False
    assert verdict.value.startswith("70 %; by CPU/request 50 %")


def test_a_history_figure_says_how_finely_the_ticks_of_cpu_time_know_it() -> None:
    results = synthetic_results()
    entry = results["history"]["growatt_v1 7-day history"]
    entry.update(plants=20, cached_reads_per_plant=5, cpu_tick_ms=10.0)
    values = {v.figure: v.value for v in report.verdicts(results)}
    growatt = next(value for figure, value in values.items() if figure.startswith("growatt_v1 7-day history"))
    assert growatt.endswith("; 20 plants, CPU in 10 ms ticks: ±0.9 ms new, ±0.2 cached (one standard deviation)")
    isolar = next(value for figure, value in values.items() if figure.startswith("isolarcloud 7-day history"))
    assert "ticks" not in isolar  # a run from before the tick was recorded claims no resolution


def test_a_history_read_from_schedstat_shows_how_the_plants_differ_instead_of_a_tick_error() -> None:
    results = synthetic_results()
    entry = results["history"]["growatt_v1 7-day history"]
    entry.update(plants=3, cached_reads_per_plant=5, cpu_tick_ms=10.0, cpu_measure="schedstat")
    entry["new"]["simulator_cpu_ms_per_plant"] = [4.0, 6.5, 3.0]
    entry["cached"]["simulator_cpu_ms_per_plant"] = [0.5, 0.4, 0.61]
    values = {v.figure: v.value for v in report.verdicts(results)}
    growatt = values["growatt_v1 7-day history (2,016 5-minute points), the simulator's own server CPU"]
    assert growatt.endswith(
        "; 3 plants, CPU per thread in ns (schedstat), per plant new / cached: "
        "median 4.0 (3.0-6.5), median 0.5 (0.4-0.6)"
    )
    assert "±" not in growatt
