"""Heavy fleet work runs off the event loop (core/offload.py): health answers while a slow call holds the
fleet, and a cheap call that finds the fleet busy waits on a worker thread, not on the loop."""

from __future__ import annotations

import gc
import random
import threading
import time
import weakref
from collections import deque
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest

from solarfakes.simulators.core.offload import HEAVY_SECONDS, RECENT_RUNS, FleetWork
from solarfakes.simulators.pytest_plugin import CloudHandle, make_cloud

WAIT = 20.0  # seconds a blocked handler or the test waits at most before it fails (never reached when it works)


class Blocker:
    """A handler that stays in the fleet's lock until the test lets it go."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, *args: Any) -> Any:
        self.entered.set()
        assert self.release.wait(WAIT), "the test never let the slow handler go"
        return self.answer(*args)


@pytest.fixture(params=["in memory", "with a state file"])
def growatt_cloud_kept(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CloudHandle]:
    """Growatt's fixture cloud, and one that keeps its state in a file (whose commits take the fleet's lock)."""
    if request.param == "with a state file":
        request.node.add_marker(pytest.mark.solarfakes(state=tmp_path / "state.sqlite"))
    handle = CloudHandle(make_cloud(request, "growatt_v1"), "growatt_v1")
    yield handle
    handle.close()


def test_health_answers_while_a_slow_call_holds_the_fleet(
    growatt_cloud_kept: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    growatt_cloud = growatt_cloud_kept
    handlers = growatt_cloud.simulator.vendor.handlers
    slow = Blocker(handlers["plant_list"])
    monkeypatch.setitem(handlers, "plant_list", slow)
    answers: dict[str, httpx.Response] = {}

    async def scenario() -> None:
        async with growatt_cloud.async_client(headers={"token": growatt_cloud.credentials["token"]}) as http:

            async def call(name: str, path: str) -> None:
                answers[name] = await http.get(path)

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(call, "slow", "/v1/plant/list")
                assert await anyio.to_thread.run_sync(slow.entered.wait, WAIT)
                # The slow call holds the fleet's lock: health is answered on the loop meanwhile ...
                health = await http.get("/_solarfakes/health")
                assert health.status_code == 200
                assert health.json()["status"] == "ok"
                # ... and a cheap call waits for the lock on a worker thread, so the loop still answers.
                tasks.start_soon(call, "cheap", "/v1/user/c_user_list")
                await anyio.sleep(0)
                assert (await http.get("/_solarfakes/health")).status_code == 200
                assert "slow" not in answers
                assert "cheap" not in answers
                slow.release.set()
        assert answers["slow"].json()["error_code"] == 0
        assert answers["cheap"].json()["error_code"] == 0

    anyio.run(scenario)


def test_cheap_work_stays_on_the_loop_and_heavy_work_leaves_it() -> None:
    lock = threading.RLock()
    work = FleetWork(lock)
    loop_thread = threading.get_ident()

    def thread_of() -> int:
        assert lock._is_owned(), "work always runs under the fleet's lock"  # type: ignore[attr-defined]
        return threading.get_ident()

    async def scenario() -> None:
        assert await work.run("never run", thread_of) != loop_thread, "work never measured leaves the loop"
        work.learn("cheap", HEAVY_SECONDS / 10)
        assert await work.run("cheap", thread_of) == loop_thread
        work.learn("cheap", HEAVY_SECONDS * 10)
        assert await work.run("cheap", thread_of) != loop_thread, "one heavy run lately sends it off the loop"
        for _ in range(8):
            work.learn("cheap", HEAVY_SECONDS / 10)
        assert await work.run("cheap", thread_of) == loop_thread, "only the last few runs count"
        held = threading.Event()
        let_go = threading.Event()

        def hold() -> None:
            with lock:
                held.set()
                let_go.wait(WAIT)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(WAIT)
        try:
            async with anyio.create_task_group() as tasks:
                found: list[int] = []

                async def run_cheap() -> None:
                    found.append(await work.run("cheap", thread_of))

                tasks.start_soon(run_cheap)
                await anyio.sleep(0.01)
                assert not found, "cheap work waits while another thread holds the fleet"
                let_go.set()
            assert len(found) == 1
            assert found[0] != loop_thread, "the loop never waits for the lock: a worker does"
        finally:
            let_go.set()
            holder.join()

    anyio.run(scenario)


def test_a_run_on_the_loop_slower_than_heavy_has_its_kind_judged_again_off_the_loop() -> None:
    """Cheap work on the loop reads no CPU clock: a run past HEAVY_SECONDS of wall time (heavy, or only
    held up) sends the kind's next run to a worker, whose CPU decides where the runs after it go."""
    work = FleetWork(threading.RLock())
    loop_thread = threading.get_ident()
    slow = threading.Event()

    def thread_of() -> int:
        if slow.is_set():
            spent = time.perf_counter()
            while time.perf_counter() - spent <= HEAVY_SECONDS * 2:
                pass
        return threading.get_ident()

    async def scenario() -> None:
        work.learn("kind", HEAVY_SECONDS / 10)
        assert await work.run("kind", thread_of) == loop_thread
        slow.set()
        assert await work.run("kind", thread_of) == loop_thread, "where a run goes is decided before it runs"
        slow.clear()
        assert work.heavy("kind"), "a slow run on the loop leaves its kind to be judged again"
        assert await work.run("kind", thread_of) != loop_thread
        assert await work.run("kind", thread_of) == loop_thread, "judged cheap by its CPU on the worker"
        slow.set()
        assert await work.run("kind", thread_of) == loop_thread
        assert await work.run("kind", thread_of) != loop_thread, "judged again, on a worker: heavy by its CPU"
        slow.clear()
        for _ in range(RECENT_RUNS):
            assert await work.run("kind", thread_of) != loop_thread, "heavy lately"
        assert await work.run("kind", thread_of) == loop_thread

    anyio.run(scenario)


class LearningRecorded(FleetWork):
    """A FleetWork that lists the kinds of the runs it learned from, in order."""

    def __init__(self, lock: threading.RLock) -> None:
        super().__init__(lock)
        self.learned: list[Hashable] = []

    def learn(self, kind: Hashable, seconds: float) -> None:
        self.learned.append(kind)
        super().learn(kind, seconds)


def test_an_error_in_work_propagates_and_is_still_measured() -> None:
    work = LearningRecorded(threading.RLock())

    def fails() -> None:
        raise ValueError("vendor error")

    async def scenario() -> None:
        with pytest.raises(ValueError, match="vendor error"):
            await work.run("failing", fails)

    anyio.run(scenario)
    assert work.learned == ["failing"]


def test_an_error_off_the_loop_leaves_no_cycle_holding_the_work() -> None:
    """Freed by reference counting alone: a cycle would keep each failed call's body until a full collection."""

    class Body:
        pass

    work = FleetWork(threading.RLock())

    def fails(body: Body) -> None:
        raise ValueError("vendor error")

    async def scenario() -> weakref.ref[Body]:
        body = Body()
        kept = weakref.ref(body)
        with pytest.raises(ValueError, match="vendor error"):
            await work.run("never run", fails, body)
        del body
        # the worker thread drops its own reference to the outcome just after handing it over
        with anyio.move_on_after(WAIT):
            while kept() is not None:
                await anyio.sleep(0.01)
        return kept

    gc.disable()
    try:
        assert anyio.run(scenario)() is None
    finally:
        gc.enable()


def test_the_heavy_verdict_is_the_max_of_the_last_runs() -> None:
    """``heavy`` counts down from a kind's last heavy run instead of taking the max of its recent costs:
    checked against that max over random sequences of cheap and heavy runs."""
    randomness = random.Random(11)
    for _ in range(200):
        work = FleetWork(threading.RLock())
        assert work.heavy("kind"), "work never run is heavy"
        last_costs: deque[float] = deque(maxlen=RECENT_RUNS)
        for _ in range(randomness.randrange(1, 40)):
            heavy_run = randomness.random() < 0.2
            last_costs.append(HEAVY_SECONDS * (3 if heavy_run else 0.5))
            work.learn("kind", last_costs[-1])
            assert work.heavy("kind") == (max(last_costs) > HEAVY_SECONDS)
