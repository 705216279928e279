"""A history's rows handed on as runs of encoded bytes, copied once (day_rows.json_array, Rows.view) and
cut per finished day instead of per row (growatt.history.HistoryRows): the same bytes as the rows one
by one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from test_day_rows import exchange

from solarfakes.simulators import day_rows
from solarfakes.simulators.bench.calls import DRIVERS, Call
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.codecs.json_bytes import Encoded, dumps
from solarfakes.simulators.day_rows import Rows, json_array, json_rows
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.growatt.history import HistoryRows

ROWS = [b'{"a":1}', b'{"b":[2,3]}', b"", b'{"c":"x,y"}', b"[]"]


@pytest.mark.parametrize(("first", "last"), [(0, None), (0, 0), (1, 3), (2, 99), (4, 5), (3, 1), (5, 9)])
def test_a_view_of_kept_rows_is_their_join(first: int, last: int | None) -> None:
    kept = Rows(ROWS)
    assert bytes(kept.view(first, last)) == kept.joined(first, last) == b",".join(ROWS[first:last])
    assert json_rows(kept, first, last).data == b"[" + b",".join(ROWS[first:last]) + b"]"


@pytest.mark.parametrize(("first", "last"), [(0, None), (0, 0), (1, 3), (2, 99), (3, 1)])
@pytest.mark.parametrize("rows", [ROWS, [*ROWS, b'{"d":null}', b'["null"]'], [b'{"e":null}', b'{"f":1}']])
def test_a_run_of_kept_rows_is_their_join_and_counts_its_nulls(rows: list[bytes], first: int, last: int | None) -> None:
    """``Rows.run``: the joined rows as an ``Encoded``, whose nulls are those of its own bytes (taken as none
    where the whole day holds none, counted where it holds some), in every run of the day."""
    kept = Rows(rows)
    for _ in range(2):  # counted, then known
        run = kept.run(first, last)
        assert run.data == b",".join(rows[first:last])
        assert run.nulls() == run.data.count(b"null")
    objects = Rows.of_objects(b",".join(rows[-2:]), 2)
    if objects is not None:
        assert objects.run(0, 1).nulls() == rows[-2].count(b"null")


@pytest.mark.parametrize("count", range(len(ROWS) + 1))
def test_a_json_array_of_runs_is_the_runs_joined_in_brackets(count: int) -> None:
    kept = Rows(ROWS)
    pieces: list[bytes | memoryview] = [kept.view(n, n + 1) if n % 2 else ROWS[n] for n in range(count)]
    assert json_array(pieces).data == b"[" + b",".join(ROWS[:count]) + b"]"
    assert json_array(iter(pieces)).data == json_array(pieces).data, "any iterable"


DAYS = [date(2026, 6, 18), date(2026, 6, 19), date(2026, 6, 20), date(2026, 6, 21)]  # the last is today
COUNT = 5  # rows a day


class Readings:
    """HistoryReadings' part HistoryRows reads: today's readings are their numbers."""

    def __init__(self) -> None:
        self.plant = SimpleNamespace(local_date=lambda now: now.date())
        self.days = [(day, COUNT) for day in DAYS]

    def __len__(self) -> int:
        return COUNT * len(DAYS)

    def span(self, start: int, stop: int) -> list[int]:
        return list(range(start, stop))


def day_rows_of(day: date) -> Rows:
    return Rows(f'{{"d":"{day}","n":{n}}}'.encode() for n in range(COUNT))


def one_by_one(index: int) -> Any:
    """Row ``index`` as HistoryRows gave each before runs: a kept row as its own Encoded."""
    day, n = divmod(index, COUNT)
    return day_rows_of(DAYS[day])[n] if day < len(DAYS) - 1 else index


def written(items: list[Any]) -> bytes:
    return dumps({"rows": items})


@pytest.mark.parametrize("chosen", [slice(None), slice(0, 0), slice(3, 12), slice(5, 10), slice(7, 30), slice(-4, None),
                                    slice(None, None, 2), slice(12, 3), slice(14, 16), slice(18, 40)])  # fmt: skip
def test_a_page_of_history_rows_writes_as_its_rows_one_by_one(chosen: slice) -> None:
    history = HistoryRows(Readings(), datetime(2026, 6, 21, 12, tzinfo=UTC), day_rows_of)  # type: ignore[arg-type]
    expected = [one_by_one(n) for n in range(len(history))[chosen]]
    page = history[chosen]
    assert written(page) == written([Encoded(r) if isinstance(r, bytes) else r for r in expected])
    if chosen.step is None:
        assert len(page) <= len(expected), "a finished day's rows as one run"
    else:
        assert len(page) == len(expected), "a stepped slice: row by row"


def test_one_history_row_is_one_row() -> None:
    history = HistoryRows(Readings(), datetime(2026, 6, 21, 12, tzinfo=UTC), day_rows_of)  # type: ignore[arg-type]
    for index in (0, 4, 5, 14, 15, -1, -COUNT - 1):
        row = history[index]
        expected = one_by_one(index % len(history))
        assert (row.data if isinstance(row, Encoded) else row) == expected
    with pytest.raises(IndexError):
        history[len(history)]


@pytest.mark.parametrize(
    "points", ["p1,p24", "p24", "p1,p2,p24,p14", "p5,p6,p18,p21,p27,p4", "p99,p1", "p83252,p83033,p1", "p83022"]
)
def test_isolarcloud_minute_rows_kept_by_columns_answer_as_rows_built(points: str) -> None:
    """A finished day's minute rows, written field by field where every row shows every point (else row
    by row: a plant without a battery has no state of charge), answer byte for byte as rows built for each
    call through the shape step."""
    noon = datetime(2026, 6, 21, 12, tzinfo=UTC)
    cloud = build_cloud(
        ["isolarcloud"], plants=4, clock=SimClock.from_option(f"frozen@{noon.isoformat()}"), limits=False
    )
    driver = DRIVERS["isolarcloud"](cloud.credentials()["isolarcloud"], cloud.clock.timestamp())
    login = driver.login_request()
    assert login is not None
    driver.accept_login_answer(exchange(cloud, [login])[0])
    calls = []
    plants = [k for k in driver.credentials["ps_keys"] if k.split("_")[1] == "11"]  # a plant's own points
    for key in [*driver.plant_refs()[:3], *plants[:4]]:
        for start in (
            noon - timedelta(days=3, hours=12),
            noon - timedelta(days=2, hours=5),
            noon - timedelta(hours=14),
        ):
            params = {"points": points, "ps_key_list": [key], "minute_interval": "5",
                      "start_time_stamp": start.strftime("%Y%m%d%H%M%S"),
                      "end_time_stamp": (start + timedelta(hours=3)).strftime("%Y%m%d%H%M%S")}  # fmt: skip
            calls.append(driver.raw(Call("getDevicePointMinuteDataList", params)))
    day_rows.KEPT.clear()
    day_rows.KEEP_FINISHED_DAYS = False
    try:
        built = exchange(cloud, calls)
    finally:
        day_rows.KEEP_FINISHED_DAYS = True
    kept = exchange(cloud, calls)
    assert [steady(body) for body in kept] == [steady(body) for body in built]
    assert [steady(body) for body in exchange(cloud, calls)] == [steady(body) for body in built], "read as kept"
    assert any(b'"time_stamp"' in body for body in kept)


def steady(body: bytes) -> bytes:
    return re.sub(rb'"req_serial_num":"[0-9a-f]+"', b"", body)
