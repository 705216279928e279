"""The state file's event log is compacted (core/state.py, state_snapshot.py): past its bound a commit
writes a snapshot in place of the events, a restart loads it and replays only the rest, and every API
answers as the cloud that never restarted. A snapshot that names code, or classes that changed since,
is refused with a clear error."""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_persistence import (
    alphacloud_writes,
    answers_after_restart,
    growatt_writes,
    isolarcloud_writes,
    rasv2_writes,
    start,
)

from solarfakes.simulators.core.state import COMPACT_VARIABLE
from solarfakes.simulators.core.state_file import StateError, StateFile
from solarfakes.simulators.core.state_snapshot import SnapshotError, restore_snapshot, snapshot
from solarfakes.simulators.pytest_plugin import CloudHandle


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def sizes(path: Path) -> tuple[int, int, int]:
    """The events in the file, their size, and the size of its snapshot."""
    with sqlite3.connect(path) as db:
        count, size = db.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM events").fetchone()
        snapshot_size = db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM snapshot").fetchone()[0]
    return count, size, snapshot_size


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite"


@pytest.mark.parametrize(
    ("api", "writes"),
    [
        ("growatt_v1", growatt_writes),
        ("alphaess_openapi", alphacloud_writes),
        ("alphaess_ras_v2", rasv2_writes),
        ("isolarcloud", isolarcloud_writes),
    ],
)
def test_a_cloud_restarted_from_a_compacted_file_answers_as_the_one_that_ran_on(
    state: Path, monkeypatch: pytest.MonkeyPatch, api: str, writes: Callable[[CloudHandle], Any]
) -> None:
    monkeypatch.setenv(COMPACT_VARIABLE, "0")  # the first commit with an event compacts, then each that outweighs it
    before, after = answers_after_restart(state, api, writes)
    assert after == before
    assert rows(state, "snapshot") == 1


def test_the_log_stays_within_its_bound_and_a_restart_replays_only_the_rest(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compaction needs more than 5 events in the log and a log heavier than the last snapshot: the file
    holds at most the snapshot and about as much again, however many writes came."""
    monkeypatch.setenv(COMPACT_VARIABLE, "5")
    first = start(state, "growatt_v1")
    creds = first.credentials  # an event of its own (a credentials view may mint)
    plant = creds["plant_ids"][0]
    writes = 300
    largest = 0
    with first.client(headers={"token": creds["token"]}) as http:
        for n in range(writes):
            body = http.post("/v1/plant/modify", data={"c_user_id": creds["c_user_ids"][0], "plant_id": plant,
                                                       "name": f"name {n}", "peak_power": "6.5"}).json()  # fmt: skip
            assert body["error_code"] == 0
            count, size, snapshot_size = sizes(state)
            largest = max(largest, size)
            assert count <= 5 or size <= snapshot_size + size / count, (n, count, size, snapshot_size)
    assert first.cloud.state.compactions >= 2, "the log was compacted, then outweighed its snapshot again"
    assert largest <= 2.1 * snapshot_size
    first.close()
    second = start(state, "growatt_v1")
    try:
        assert second.cloud.state.restored_events == writes + 1, "the snapshot's events and the ones since, counted"
        assert second.cloud.state.logged == rows(state, "events")
        with second.client(headers={"token": creds["token"]}) as http:
            details = http.get("/v1/plant/details", params={"plant_id": plant}).json()
        assert details["data"]["name"] == f"name {writes - 1}"
    finally:
        second.close()


class Payload:
    def __reduce__(self) -> tuple[Any, ...]:
        return os.system, ("echo pwned",)


def test_a_snapshot_that_names_code_is_refused_and_the_file_with_it(state: Path) -> None:
    handle = start(state, "growatt_v1")
    with pytest.raises(SnapshotError, match=r"(posix|os)\.system"):
        restore_snapshot(handle.cloud, pickle.dumps(Payload()), {})
    handle.close()
    with sqlite3.connect(state) as db:
        db.execute(
            "INSERT INTO snapshot (id, data, layouts, events) VALUES (1, ?, '{}', 0)", (pickle.dumps(Payload()),)
        )
    with pytest.raises(StateError, match="a snapshot never holds"):
        start(state, "growatt_v1")


def test_a_snapshot_of_classes_that_changed_since_is_refused(state: Path) -> None:
    handle = start(state, "growatt_v1")
    try:
        assert handle.credentials["token"]  # the fleet and the backend are built
        data, layouts = snapshot(handle.cloud)
        assert "solarfakes.simulators.world.Plant" in layouts
        restore_snapshot(handle.cloud, data, layouts)  # as written: loads
        layouts["solarfakes.simulators.world.Plant"] = ["plant_id", "a_field_since_removed"]
        with pytest.raises(SnapshotError, match=r"whose solarfakes\.simulators\.world\.Plant differ"):
            restore_snapshot(handle.cloud, data, layouts)
    finally:
        handle.close()


def test_a_snapshot_loads_no_cache_and_shares_the_world(state: Path) -> None:
    handle = start(state, "growatt_v1")
    try:
        assert handle.credentials["token"]
        backend = handle.simulator.backend
        plant = next(iter(backend.world.fleet("growatt_v1").values()))
        plant.lifetime_pv_kwh(handle.clock.now())  # fills the plant's caches
        seeded = handle.cloud.world.generators("growatt_v1")
        seeded.fake.name()  # the generators have moved on from their seed
        data, layouts = snapshot(handle.cloud)
        restore_snapshot(handle.cloud, data, layouts)
        again_seeded = handle.cloud.world.generators("growatt_v1")
        assert again_seeded is not seeded
        assert [again_seeded.fake.name(), again_seeded.serials.rng.random()] == [
            seeded.fake.name(),
            seeded.serials.rng.random(),
        ], "the restored generators draw on where the snapshot's had come"
        restored = handle.simulator.backend
        assert restored is not backend
        assert restored.world is handle.cloud.world
        again = restored.world.fleet("growatt_v1")[plant.plant_id]
        assert again is not plant
        assert again.day_counters == {}
        assert not again.holds_figures()  # its model, PV calendar and estimates are worked out anew
        assert again.lifetime_pv_kwh(handle.clock.now()) == plant.lifetime_pv_kwh(handle.clock.now())
    finally:
        handle.close()


def growatt_writes_after(cloud: CloudHandle) -> Callable[[CloudHandle], list[Any]]:
    """Writes before the restart, and reads that write again (drawing new ids and serials) after it."""
    growatt_writes(cloud)
    creds = cloud.credentials

    def reads(handle: CloudHandle) -> list[Any]:
        with handle.client(headers={"token": creds["token"]}) as http:
            registered = http.post("/v1/user/user_register", data={
                "user_email": "later@example.com", "user_password": "pw", "user_type": "1",
                "user_name": "latecomer", "user_country": "Other"}).json()  # fmt: skip
            added = http.post("/v1/plant/add", data={"c_user_id": registered["data"]["c_user_id"], "name": "Shed",
                                                     "peak_power": "3"}).json()  # fmt: skip
            users = http.get("/v1/user/c_user_list").json()
            plants = http.get("/v1/plant/list").json()
        return [registered, added, users, plants]

    return reads


def test_writes_after_a_restart_from_a_compacted_file_draw_as_they_would_have(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(COMPACT_VARIABLE, "0")
    before, after = answers_after_restart(state, "growatt_v1", growatt_writes_after)
    assert before[0]["error_code"] == before[1]["error_code"] == 0
    assert after == before


def test_a_compaction_cut_short_keeps_every_event_and_the_next_commit_compacts(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compaction is one transaction: failing after it wrote the snapshot and dropped the events (as a
    full disk would), it leaves the file as it was, and the events go again with the next commit."""
    monkeypatch.setenv(COMPACT_VARIABLE, "0")
    compact = StateFile.compact
    failures = [sqlite3.OperationalError("disk I/O error")]

    def failing(self: StateFile, *args: Any) -> None:
        compact(self, *args)
        if failures:
            raise failures.pop()

    monkeypatch.setattr(StateFile, "compact", failing)
    first = start(state, "growatt_v1")
    creds = first.credentials  # the first commit with an event: its compaction fails
    assert (rows(state, "snapshot"), rows(state, "events")) == (0, 0), "nothing was committed, nothing lost"
    assert first.cloud.state.pending, "the event waits for the next commit"
    with first.client(headers={"token": creds["token"]}) as http:
        body = http.post("/v1/plant/modify", data={"c_user_id": creds["c_user_ids"][0], "plant_id": creds["plant_ids"][0],
                                                   "name": "After the failure", "peak_power": "6.5"}).json()  # fmt: skip
    assert body["error_code"] == 0
    assert rows(state, "snapshot") == 1
    assert first.cloud.state.restored_events == 0
    second = start(state, "growatt_v1")
    try:
        assert second.cloud.state.restored_events == 2
        with second.client(headers={"token": creds["token"]}) as http:
            details = http.get("/v1/plant/details", params={"plant_id": creds["plant_ids"][0]}).json()
        assert details["data"]["name"] == "After the failure"
    finally:
        second.close()
        first.close()
