"""Finished days' history rows kept shaped and encoded (simulators/day_rows.py) answer byte for byte as
rows built on every call and shaped by the pipeline do: for each API's 7-day histories, for days that
include today, after writes that reach into the past, and as the clock moves a day on."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from solarfakes.simulators import day_rows
from solarfakes.simulators.bench.calls import DRIVERS, Call, Driver
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.codecs.json_bytes import dumps, loads
from solarfakes.simulators.core.shape import compiled, conformer
from solarfakes.simulators.physics import zone_day_starts
from solarfakes.simulators.vendors import build_cloud
from solarfakes.simulators.vendors.rasv2.backend import row_id
from solarfakes.simulators.vendors.rasv2.running import history_row_id, history_row_ids
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import FieldSchema

NOON = datetime(2026, 6, 21, 12, 0, tzinfo=UTC)
VOLATILE = {"req_serial_num"}  # differs on every answer, kept or not


@pytest.fixture(autouse=True)
def fresh_rows() -> Iterator[None]:
    """Each test starts with nothing kept, so a stale entry of another test cannot make it pass."""
    day_rows.KEPT.clear()
    yield
    day_rows.KEPT.clear()


def make_cloud(api: str, profile: str = "observed") -> Cloud:
    clock = SimClock.from_option(f"frozen@{NOON.isoformat()}")
    return build_cloud([api], plants=4, clock=clock, limits=False, profile=profile)


def session(cloud: Cloud, api: str) -> Driver:
    """A client of ``api`` signing at the cloud's current instant, logged in where the API has sessions."""
    driver = DRIVERS[api](cloud.credentials()[api], cloud.clock.timestamp(), cloud.simulator(api).profile)
    request = driver.login_request()
    if request is not None:
        driver.accept_login_answer(exchange(cloud, [request])[0])
    return driver


def exchange(cloud: Cloud, requests: list[Any]) -> list[bytes]:
    async def go() -> list[bytes]:
        transport = httpx.ASGITransport(app=cloud.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            out = []
            for r in requests:
                response = await http.request(r.method, r.target, headers=dict(r.headers), content=r.body)
                assert response.status_code == 200, response.text[:300]
                out.append(response.content)
            return out

    return asyncio.run(go())


def steady(body: Any) -> Any:
    if isinstance(body, dict):
        return {k: steady(v) for k, v in body.items() if k not in VOLATILE}
    return body


def answers(cloud: Cloud, api: str, calls: list[Call], keep: bool = True) -> list[Any]:
    """The answers to ``calls`` (parsed, volatile fields dropped), finished days kept or not."""
    driver = session(cloud, api)
    day_rows.KEEP_FINISHED_DAYS = keep
    try:
        raw = exchange(cloud, [driver.raw(call) for call in calls])
    finally:
        day_rows.KEEP_FINISHED_DAYS = True
    for body in raw:
        assert driver.marker.encode() in body, body[:300]
    return [steady(loads(body)) for body in raw]


def histories(cloud: Cloud, api: str, days_back: int = 7, days_on: int = 0) -> dict[str, list[Call]]:
    """The bench's 7-day histories of the API's first plant, over the days from ``days_back`` before today
    to ``days_on`` after it (0: today included, so its partial day shows too)."""
    driver = session(cloud, api)
    driver.days = lambda: [driver.today + timedelta(days=n) for n in range(-days_back, days_on + 1)]  # type: ignore[method-assign]
    found = driver.histories(0)
    if api == "alphaess_ras_v2" and cloud.simulator(api).profile == "documented":  # both bounds on one calendar day
        for calls in found.values():
            for call in calls:
                call.params["endtime"] = call.params["Starttime"].replace("00:00:00", "23:59:59")
    return found


def assert_same_either_way(cloud: Cloud, api: str, calls: list[Call]) -> list[Any]:
    built = answers(cloud, api, calls, keep=False)
    assert answers(cloud, api, calls) == built  # rows built and kept
    assert answers(cloud, api, calls) == built  # rows read back as kept
    return built


@pytest.mark.parametrize("profile", ["observed", "documented"])
@pytest.mark.parametrize("api", sorted(DRIVERS))
def test_kept_days_answer_as_built_days(api: str, profile: str) -> None:
    cloud = make_cloud(api, profile)
    for label, calls in histories(cloud, api).items():
        built = assert_same_either_way(cloud, api, calls)
        assert len(built) == len(calls), label


@pytest.mark.parametrize("profile", ["observed", "documented"])
@pytest.mark.parametrize("api", sorted(DRIVERS))
def test_a_day_ending_is_kept_whole(api: str, profile: str) -> None:
    """Yesterday and today at noon; then the clock moves past midnight and today is a finished day."""
    cloud = make_cloud(api, profile)
    calls = histories(cloud, api, days_back=1)
    today_before = {label: answers(cloud, api, c) for label, c in calls.items()}
    cloud.clock.set(NOON + timedelta(hours=14))  # 02:00 UTC the next day: past midnight everywhere in the fleet
    for label, c in calls.items():
        later = assert_same_either_way(cloud, api, c)
        assert later != today_before[label], f"{label}: the day that ended gained its afternoon"


THREE_DAYS_AGO = NOON - timedelta(days=3)


def assert_write_reaches_kept_days(api: str, write: Callable[[Cloud], None]) -> None:
    """Every history of ``api`` read (and kept), then ``write`` reaches into its past: the kept days answer
    as days built anew do, and differently from before."""
    cloud = make_cloud(api)
    calls = histories(cloud, api)
    before = {label: answers(cloud, api, c) for label, c in calls.items()}
    write(cloud)
    cloud.clock.set(NOON)
    for label, c in calls.items():
        assert assert_same_either_way(cloud, api, c) != before[label], f"{label}: the write changed nothing"


def call_at(cloud: Cloud, api: str, moment: datetime, call: Callable[[Driver], Call]) -> None:
    """``call`` sent as a client sends it at ``moment`` of the simulated clock."""
    cloud.clock.set(moment)
    driver = session(cloud, api)
    exchange(cloud, [driver.raw(call(driver))])


def test_growatt_setting_written_in_the_past_reaches_kept_days() -> None:
    """inverterSet made three days ago curtails every day since."""
    params = {"paramId": "pv_active_p_rate", "command_1": "10", "command_2": ""}
    assert_write_reaches_kept_days(
        "growatt_v1",
        lambda cloud: call_at(cloud, "growatt_v1", THREE_DAYS_AGO,
                              lambda d: Call("inverterSet", {"device_sn": d.plant_refs()[0], **params})),
    )  # fmt: skip


def test_ras_dispatch_in_the_past_reaches_kept_days() -> None:
    params = {"ActivePower": 29000, "ReactivePower": 32000, "SOC": 20, "Status": 1, "ControlMode": 1}
    assert_write_reaches_kept_days(
        "alphaess_ras_v2",
        lambda cloud: call_at(cloud, "alphaess_ras_v2", THREE_DAYS_AGO,
                              lambda d: Call("RemoteDispatch", {"Sn": d.plant_refs()[0], **params})),
    )  # fmt: skip


def test_isolarcloud_power_limit_in_the_past_reaches_kept_days() -> None:
    from solarfakes.simulators.vendors.isolarcloud.backend import PowerLimit, isolar

    def limit(cloud: Cloud) -> None:
        backend = isolar(cloud.simulator("isolarcloud"))
        device = backend.devices[session(cloud, "isolarcloud").plant_refs()[0]].device
        assert device is not None
        backend.add_limit(device, PowerLimit(THREE_DAYS_AGO.timestamp(), 100.0))

    assert_write_reaches_kept_days("isolarcloud", limit)


@pytest.mark.parametrize("api", ["alphaess_openapi", "alphaess_ras_v2"])
def test_battery_commands_in_the_past_reach_kept_days(api: str) -> None:
    from solarfakes.simulators.physics import BatteryCommand

    def command(cloud: Cloud) -> None:
        found = cloud.simulator(api).world.plant_of_device(api, session(cloud, api).plant_refs()[0])
        assert found is not None
        start = THREE_DAYS_AGO - timedelta(hours=10)  # a night: the battery discharges, as it would not by itself
        found[0].command_battery(BatteryCommand(start, start + timedelta(hours=2), "to_soc", 3000.0, 10.0))

    assert_write_reaches_kept_days(api, command)


@pytest.mark.parametrize(
    "row", [{"a": 1.5, "b": None}, {"s": "null"}, {"t": "\ud800"}, [1, 2**70], {"when": datetime(2026, 6, 21)}, None]
)
def test_a_row_encodes_as_the_pipeline_encodes(row: Any) -> None:
    assert day_rows.encoded(row) == dumps(row)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_row_with_no_number_stays_a_simulator_bug(bad: float) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        day_rows.encoded({"power": [1.0, bad]})


def test_an_encoded_answer_part_survives_the_standard_library_fallback() -> None:
    """A lone surrogate beside kept rows sends the envelope through the standard library, which parses them."""
    body = {"msg": "illegal device list:\ud800", "data": day_rows.json_array([b'{"p":1.5}', b'{"p":null}'])}
    assert loads(dumps(body)) == {"msg": "illegal device list:\ud800", "data": [{"p": 1.5}, {"p": None}]}


def test_kept_rows_hold_the_bytes_they_count() -> None:
    """The budget counts a row's bytes: a row must not sit in a bigger allocation (orjson's are tens of KB)."""
    built = [{"power": float(n), "time": f"2026-06-21 {n:04d}"} for n in range(288)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        rows = day_rows.encode_rows(built, None)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held <= 1.25 * day_rows.rows_size(rows)


def test_kept_rows_are_one_bytes_that_reads_as_its_rows() -> None:
    rows = [b'{"p":1}', b'{"p":22}', b"", b'{"p":333}']
    kept = day_rows.Rows(rows)
    assert list(kept) == rows
    assert (kept[0], kept[-1], kept[1:3], kept[::-2]) == (rows[0], rows[-1], rows[1:3], rows[::-2])
    with pytest.raises(IndexError):
        kept[4]
    # a run of rows is the rows joined as a JSON array joins them
    assert kept.joined() == b",".join(rows)
    assert kept.joined(1, 2) == rows[1]
    assert kept.joined(1, 9) == b",".join(rows[1:])
    assert kept.joined(3, 3) == b""
    assert loads(dumps({"d": day_rows.json_rows(kept, 0, 2)})) == {"d": [{"p": 1}, {"p": 22}]}
    assert list(day_rows.Rows(row for row in rows)) == rows, "any iterable of rows"
    assert len(day_rows.Rows([])) == 0
    assert day_rows.Rows([]).joined() == b""


ROW_SCHEMA = FieldSchema.model_validate(
    {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "when": {"type": "string", "format": "datetime"},
            "power": {"type": "integer"},
            "soc": {"type": "string"},
            "volts": {"type": "number"},
        },
    }
)


def whole_row(template: dict[str, Any], own: dict[str, Any]) -> bytes:
    """A row as the shape and encode steps write it whole."""
    shape = conformer(ROW_SCHEMA)
    made = shape(template)
    made.update(shape(own))
    return day_rows.encoded(made)


@pytest.mark.parametrize(
    "own",
    [
        {"when": datetime(2026, 6, 21, 10, 5), "power": 12.6, "soc": 55.5},
        {"when": datetime(2026, 6, 21, 10, 5, tzinfo=UTC), "power": 3, "soc": 7},
        {"when": "a, b", "power": 1, "soc": "x"},  # a comma in a value: the row is written whole
        {"when": None, "power": 1, "soc": 2.0},  # a null: written whole
        {"when": datetime(2026, 6, 21), "power": [1, 2], "soc": {"a": 1}},
    ],
)
def test_a_row_writer_writes_rows_as_the_shape_and_encode_steps_do(own: dict[str, Any]) -> None:
    template = {"id": "fixed", "when": None, "volts": 51.2, "power": None, "soc": None, "tail": [1, "z"]}
    writer = day_rows.RowWriter(conformer(ROW_SCHEMA)(template), list(own), ROW_SCHEMA)
    written = writer.write(list(own.values()))
    # the caller writes the row whole where a value holds a comma or is null; only there
    assert (written is None) == any(value is None or "," in dumps(value).decode() for value in own.values())
    if written is not None:
        assert written == whole_row(template, own)


def assert_joined_as_written(writer: day_rows.RowWriter, columns: list[list[Any]]) -> bool | None:
    """``joined_columns`` is ``write_columns``' rows joined by commas, or None where it writes none; where
    it says ``},{`` lies only between rows, it does. Whether it said so (None: nothing written)."""
    written = writer.write_columns(columns)
    joined = writer.joined_columns(columns)
    if written is None:
        assert joined is None
        return None
    assert joined is not None
    assert joined[0] == b",".join(written)
    if joined[1]:
        assert joined[0].count(day_rows.OBJECTS_BETWEEN) == len(written) - 1
        assert all(day_rows.OBJECTS_BETWEEN not in row for row in written)
    return joined[1]


COLUMN_ROWS = [
    [datetime(2026, 6, 21, 10, 5), 12.6, 55.5],
    [datetime(2026, 6, 21, 10, 10, tzinfo=UTC), 3, 7],
    [datetime(2026, 6, 21), 4.0, "x"],
    ["10:20", -1, True],
]


@pytest.mark.parametrize(
    "odd_row",
    [None, ["a, b", 1, "x"], [None, 1, 2.0], [datetime(2026, 6, 21), 2, "y"], ["t", [1, 2], {"a": 1}]],
)
def test_a_row_writer_writes_columns_as_it_writes_their_rows(odd_row: list[Any] | None) -> None:
    """Column by column, a day's rows are the rows ``write`` writes one by one, or None where one of them
    would be written whole (a comma or a null in a value)."""
    template = {"id": "fixed", "when": None, "volts": 51.2, "power": None, "soc": None, "tail": [1, "z"]}
    writer = day_rows.RowWriter(conformer(ROW_SCHEMA)(template), ["when", "power", "soc"], ROW_SCHEMA)
    rows = COLUMN_ROWS + ([odd_row] if odd_row is not None else [])
    one_by_one = [writer.write(list(values)) for values in rows]
    by_columns = writer.write_columns([list(column) for column in zip(*rows, strict=True)])
    if None in one_by_one:
        assert by_columns is None
    else:
        assert by_columns == one_by_one
        assert by_columns[0] == whole_row(template, dict(zip(["when", "power", "soc"], rows[0], strict=True)))
    assert writer.write_columns([[], [], []]) is None, "no rows: the caller's loop writes none"
    assert writer.write_columns([[1], [2]]) is None, "a field missing"
    assert_joined_as_written(writer, [list(column) for column in zip(*rows, strict=True)])
    assert writer.joined_columns([[], [], []]) is None
    assert writer.joined_columns([[1], [2]]) is None
    assert writer.joined_columns([[1, 2], [3], [4, 5]]) is None, "a column short of a row"


@pytest.mark.parametrize("key", ["power", "volts", "soc"])
@pytest.mark.parametrize(
    "column", [[], [1.5, 2.0, -0.0], [3, 4, 5], [True, False], [1, 2.5, True], ["7", 8, 9.5], [None, 1, "x"]]
)
def test_a_shaped_column_is_each_value_shaped(key: str, column: list[Any]) -> None:
    """``shaped_column`` (one type counted, or several) against each value shaped as a row's field is; a
    column the field keeps as it is, itself."""
    field = compiled(ROW_SCHEMA).fields[key]
    shaped = day_rows.RowWriter.shaped_column(field, column)
    each = [value if type(value) in field.kept else field.conform(value) for value in column]
    assert [(type(value), value) for value in shaped] == [(type(value), value) for value in each]
    if all(type(value) in field.kept for value in column):
        assert shaped is column


@pytest.mark.parametrize(
    "repeated", [0.0, -0.0, 7, "a, b", None, datetime(2026, 6, 21, 10, 5), [1, 2], "50%", "%b %s %%", 1e16]
)
def test_a_column_of_one_object_is_written_as_each_row_writes_it(repeated: Any) -> None:
    """A column holding one object in every row (written once for all) against the rows one by one,
    beside columns of equal values that are not one object (0.0 and -0.0, 1 and 1.0)."""
    template = {"id": "fixed", "when": None, "power": None, "soc": None}
    writer = day_rows.RowWriter(conformer(ROW_SCHEMA)(template), ["when", "power", "soc"], ROW_SCHEMA)
    count = 5
    columns = [[repeated] * count, [0.0, -0.0, 0.0, -0.0, 0.0], [1, 1.0, True, 1, 1.0]]
    one_by_one = [writer.write(list(values)) for values in zip(*columns, strict=True)]
    by_columns = writer.write_columns(columns)
    assert by_columns == (None if None in one_by_one else one_by_one)
    assert_joined_as_written(writer, columns)
    assert_joined_as_written(writer, [[repeated] * count] * 3)  # no value left to a row: fixed texts alone


@pytest.mark.parametrize(
    "odd_row", [None, ["a, b", 1, "x"], [None, 1, 2.0], ["50%", 2, "%b"], ["t", 3, "}"], [datetime(2026, 6, 21), 4, 5]]
)
@pytest.mark.parametrize("repeated", [None, 0.0, "%s", "}"])
def test_a_row_writers_joined_columns_are_its_columns_rows_joined(odd_row: list[Any] | None, repeated: Any) -> None:
    """``joined_columns`` is ``write_columns``' rows joined by commas (None where it answers None): rows
    whose values hold '%' or a brace, a column of one object, a list given for two keys, one row."""
    template = {"id": "fixed %s", "when": None, "power": None, "soc": None, "tail": [1, "}"]}
    writer = day_rows.RowWriter(conformer(ROW_SCHEMA)(template), ["when", "power", "soc"], ROW_SCHEMA)
    rows = COLUMN_ROWS + ([odd_row] if odd_row is not None else [])
    columns = [list(column) for column in zip(*rows, strict=True)]
    if repeated is not None:
        columns[2] = [repeated] * len(rows)
    for given in (columns, [columns[0], columns[1], columns[1]], [column[:1] for column in columns]):
        by_rows, joined = writer.write_columns(given), writer.joined_columns(given)
        assert (None if joined is None else joined[0]) == (None if by_rows is None else b",".join(by_rows))
        if joined is not None and joined[1]:
            assert joined[0].count(day_rows.OBJECTS_BETWEEN) == len(given[0]) - 1, "vouched only between rows"
    assert writer.joined_columns([[], [], []]) is None
    assert writer.joined_columns([[1], [2]]) is None, "a field missing"


def test_a_column_given_for_two_keys_is_written_as_each_row_writes_it() -> None:
    """One list for two keys (ras/v2's Soc and Soc1) is written once where the keys share their schema and
    shaped for each key's own where they do not; every column of one object leaves a row of no values."""
    schema = FieldSchema.model_validate(
        {
            "type": "object",
            "properties": {
                k: {"type": t} for k, t in zip("abcd", ["number", "number", "string", "integer"], strict=True)
            },
        }
    )
    writer = day_rows.RowWriter(dict.fromkeys("abcd"), list("abcd"), schema)
    shared = [1, 2.5, -0.0, 7, 0.1 + 0.2, 1e16, -3]
    columns = [shared, shared, shared, shared]
    one_by_one = [writer.write(list(values)) for values in zip(*columns, strict=True)]
    assert writer.write_columns(columns) == one_by_one
    assert one_by_one[1] == b'{"a":2.5,"b":2.5,"c":"2.5","d":2}'
    fixed = [[5] * 3, ["%"] * 3, [0.5] * 3, [True] * 3]
    assert writer.write_columns(fixed) == [writer.write(list(values)) for values in zip(*fixed, strict=True)]
    for given in (columns, fixed, [shared, ["%s", "%%", "%b", "a", "b", "c", "d"], shared, shared]):
        assert_joined_as_written(writer, given)


@pytest.mark.parametrize("value", [0.1 + 0.2, -0.0, 1e16, 1e-7, 12120.8, 5e-324, float("inf"), 2**70, -5, True])
def test_a_number_written_as_text_is_the_shape_steps_text(value: float | int) -> None:
    """``value_conformer``'s text of a number, called on its very type, is ``Conformer.number``'s."""
    field = compiled(FieldSchema.model_validate({"type": "string"}))
    assert day_rows.value_conformer(field, type(value))(value) == field.conform(value)


DICT_ROWS = [
    {"id": "a", "when": datetime(2026, 6, 21, 10, 5), "power": 12.6, "soc": 55.5, "volts": 3},
    {"id": "b", "when": datetime(2026, 6, 21, 10, 10, tzinfo=UTC), "power": 3, "soc": 7, "volts": 2.5},
    {"id": "c", "when": "10:20", "power": -1, "soc": True, "volts": 1},
]


@pytest.mark.parametrize(
    "odd_row",
    [
        None,
        {"id": "d", "when": "a, b", "power": 1, "soc": "x", "volts": 1.0},  # a comma in a value
        {"id": "d", "when": None, "power": 1, "soc": "x", "volts": 1.0},  # a null
        {"when": "t", "id": "d", "power": 1, "soc": "x", "volts": 1.0},  # the keys in another order
        {"id": "d", "when": "t", "power": 1, "soc": "x"},  # a key missing
        {"id": "d", "when": "t", "power": [1, 2], "soc": {"a": 1}, "volts": 1.0},  # nested values
        {"id": "d", "when": "t", "power": 2, "soc": "x", "volts": 1.0, "extra": 0},
    ],
)
@pytest.mark.parametrize("schema", [ROW_SCHEMA, None])
def test_rows_written_by_columns_are_the_rows_written_one_by_one(
    odd_row: dict[str, Any] | None, schema: FieldSchema | None
) -> None:
    rows = DICT_ROWS + ([odd_row] if odd_row is not None else [])
    by_columns = list(day_rows.encode_rows(rows, schema))
    day_rows.WRITE_BY_COLUMNS = False
    try:
        one_by_one = list(day_rows.encode_rows(rows, schema))
    finally:
        day_rows.WRITE_BY_COLUMNS = True
    assert by_columns == one_by_one
    shape = conformer(schema) if schema is not None else dict
    assert one_by_one == [dumps(shape(row)) for row in rows], "the plain way is the shape and encode steps'"
    if odd_row is None:
        assert day_rows.written_by_columns(rows, schema) is not None, "the rows were written by columns"


@pytest.mark.parametrize("by_columns", [True, False])
def test_a_nan_in_rows_is_refused_either_way(by_columns: bool) -> None:
    """A NaN is a simulator bug the encoder refuses (json_bytes.dumps), by columns too."""
    rows = [*DICT_ROWS, {"id": "d", "when": "t", "power": 1, "soc": "x", "volts": float("nan")}]
    day_rows.WRITE_BY_COLUMNS = by_columns
    try:
        with pytest.raises(ValueError, match="not JSON compliant"):
            day_rows.encode_rows(rows, ROW_SCHEMA)
    finally:
        day_rows.WRITE_BY_COLUMNS = True


def test_a_row_writer_refuses_rows_a_template_with_a_null_makes_otherwise() -> None:
    writer = day_rows.RowWriter({"a": None, "b": 1}, ["b"], None)
    assert writer.write([2]) is None


def test_a_row_writer_needs_the_templates_keys_in_order() -> None:
    with pytest.raises(ValueError, match="in its order"):
        day_rows.RowWriter({"a": 1, "b": 2}, ["b", "a"], None)


def test_a_ras_history_row_id_is_the_guid_a_list_row_gets() -> None:
    for n in range(500):
        key, start = f"plant-{n}", f"2026-06-21T{n % 24:02d}:{n % 60:02d}:00+02:00"
        assert history_row_id(key, start) == row_id(key, start)


@pytest.mark.parametrize("key", ["plant-7", "it's", 'say "hi"', "back\\slash", "ünïcode", "new\nline", ""])
def test_a_ras_days_row_ids_are_the_guids_list_rows_get(key: str) -> None:
    starts = [f"2026-06-21T{n // 12:02d}:{n % 12 * 5:02d}:00+02:00" for n in range(288)]
    assert history_row_ids(key, starts) == [row_id(key, start) for start in starts]
    assert history_row_ids(key, []) == []
    assert history_row_ids(key, starts[7:8]) == [row_id(key, starts[7])]


@pytest.mark.parametrize(
    "zone",
    ["Europe/Berlin", "Europe/London", "America/New_York", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata",
     "Pacific/Chatham", "Africa/Casablanca", "America/Sao_Paulo", "UTC", "Asia/Tehran", "Europe/Dublin"],
)  # fmt: skip
def test_a_zone_days_iso_texts_are_its_starts_isoformat_every_day_of_a_year(zone: str) -> None:
    """Shared wall clock texts with the offset after them, or each start's own isoformat on a day whose
    clock changes, against the starts themselves for every day of two years (each change of offset)."""
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        starts = zone_day_starts(zone, day)[1]
        assert day_rows.slot_isoformats(zone, day) == tuple(start.isoformat() for start in starts), (zone, day)
        day += timedelta(days=1)
    assert day_rows.slot_isoformats(zone, date(1890, 6, 1)) == tuple(
        start.isoformat() for start in zone_day_starts(zone, date(1890, 6, 1))[1]
    ), "an offset of seconds (local mean time)"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Australia/Sydney", "UTC"])
@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 4), date(2026, 6, 21)])
def test_a_zone_days_slot_texts_are_its_slot_starts_shaped(zone: str, day: date) -> None:
    starts = zone_day_starts(zone, day)[1]
    field = day_rows.field_conformer(ROW_SCHEMA, "when")
    assert field is not None
    assert day_rows.slot_times(zone, day, field) == tuple(field.conform(start) for start in starts)
    assert day_rows.slot_isoformats(zone, day) == tuple(start.isoformat() for start in starts)
    assert day_rows.slot_times(zone, day, None) == starts
    millis = day_rows.field_conformer(ROW_SCHEMA, "power")  # an integer field: a time as its millis
    assert millis is not None
    assert day_rows.slot_times(zone, day, millis) == tuple(millis.conform(start) for start in starts)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"])
@pytest.mark.parametrize(
    "day", [date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1), date(2026, 4, 5), date(2026, 6, 21)]
)
def test_the_slots_within_bounds_are_those_a_walk_finds(zone: str, day: date) -> None:
    walls = day_rows.local_starts(zone, day)
    start = datetime(day.year, day.month, day.day)
    bounds = [start + timedelta(minutes=m) for m in (-5, 0, 1, 59, 60, 119, 120, 121, 150, 178, 180, 181, 1435, 1500)]
    bounds += [start + timedelta(minutes=m, seconds=s) for m, s in ((-1, 59), (4, 59.999999), (5, 0.000001), (1440, 0))]
    for count in (0, 1, 30, len(walls) // 2, len(walls), len(walls) + 5):
        for first in bounds:
            for last in bounds:
                walked = [n for n in range(min(count, len(walls))) if first <= walls[n] <= last]
                assert day_rows.slots_within(zone, day, count, first, last) == walked


TIME_SCHEMAS = [
    {"type": "string", "format": fmt}
    for fmt in ("datetime", "yyyy-MM-dd HH:mm", "yyyyMMddHHmmss", "HH:mm", "date", "yyyy-MM-dd'T'HH:mm:ssXXX",
                "yyyy-MM-dd HH:mm:ss.S", "no-such-format")
] + [{"type": "string"}, {"type": "integer", "format": "yyyyMMddHHmmss"}, {"type": "integer"}]  # fmt: skip


@pytest.mark.parametrize("schema", TIME_SCHEMAS)
@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe"])
@pytest.mark.parametrize("day", [date(2026, 4, 5), date(2026, 10, 4), date(2026, 10, 25), date(2026, 6, 21)])
def test_a_zone_days_times_are_shaped_as_the_shape_step_shapes_them(
    schema: dict[str, Any], zone: str, day: date
) -> None:
    field = compiled(FieldSchema.model_validate(schema))
    starts = zone_day_starts(zone, day)[1]
    shaped = tuple(field.conform(start) for start in starts)
    found = day_rows.slot_times(zone, day, field)
    assert found == (shaped if all(type(value) in field.kept for value in shaped) else starts)


@pytest.mark.parametrize(
    "pattern",
    ["%Y-%m-%d %H:%M:%S", "%Y%m%d%H%M%S", "%H:%M", "%Y-%m", "100%% %d.%m. %H:%M", "%I %p", "%M past %H, %d.%m.%Y"],
)
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/St_Johns", "UTC"])
@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 3, 29), date(2026, 11, 1), date(2026, 6, 21)])
def test_a_zone_days_wall_texts_are_its_starts_written(pattern: str, zone: str, day: date) -> None:
    starts = zone_day_starts(zone, day)[1]
    assert day_rows.wall_texts(zone, day, pattern) == tuple(start.strftime(pattern) for start in starts)


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "America/Havana", "Asia/Tehran", "UTC"]
)
def test_a_regular_wall_day_is_told_as_its_starts_tell_it(zone: str) -> None:
    """``regular_wall_day`` from the day's first and last instants: what the day's local starts show."""
    for day in (date(2025, 1, 1) + timedelta(days=n) for n in range(0, 730)):
        starts = zone_day_starts(zone, day)[1]
        regular = (
            len(starts) == 288
            and (starts[0].hour, starts[0].minute, starts[0].second, starts[0].microsecond) == (0, 0, 0, 0)
            and starts[-1] - starts[0] == timedelta(minutes=5 * 287)
            and starts[0].utcoffset() == starts[-1].utcoffset()
        )
        assert day_rows.regular_wall_day(zone, day) == regular, day


def test_a_regular_days_wall_texts_are_shared_by_every_zone() -> None:
    """A day of 288 slots from midnight writes the same texts in any zone: one tuple for all of them."""
    day = date(2026, 6, 21)
    texts = day_rows.wall_texts("Europe/Berlin", day, "%Y-%m-%d %H:%M:%S")
    assert day_rows.wall_texts("Asia/Shanghai", day, "%Y-%m-%d %H:%M:%S") is texts
    assert texts[0] == "2026-06-21 00:00:00"
    assert texts[-1] == "2026-06-21 23:55:00"


def test_a_row_schema_is_found_once_per_endpoint_and_path_and_is_the_walks() -> None:
    endpoint = load_spec("isolarcloud").endpoint("getDeviceRealTimeData")
    path = ("device_point_list", day_rows.ITEMS, "device_point")
    found = day_rows.row_schema(endpoint, *path)
    assert found is not None
    assert found is day_rows.schema_at(endpoint, path)
    assert day_rows.row_schemas(endpoint)[path] is found
    assert day_rows.row_schema(endpoint, *path) is found
    assert day_rows.row_schema(endpoint, "no such key", day_rows.ITEMS) is None
    assert day_rows.row_schemas(endpoint)[("no such key", day_rows.ITEMS)] is None
    # another endpoint's paths are its own
    other = load_spec("alphaess_ras_v2").endpoint("GetLastPowerData")
    assert day_rows.row_schema(other, *path) is day_rows.schema_at(other, path)


OBJECT_ROWS = [
    [b'{"p":1}', b'{"p":22,"t":"x"}', b'{"q":{"r":[1]}}', b'{"s":"}{ ,{}"}', b'{"u":"}"}', b"{}"],
    [b'{"p":1}'],
    [b'{"time":"2026-06-21 00:00","power":0.0}', b'{"time":"2026-06-21 00:05","power":1234.5}'],
]


@pytest.mark.parametrize("rows", OBJECT_ROWS)
def test_object_rows_given_joined_read_as_the_rows_given_one_by_one(rows: list[bytes]) -> None:
    joined = b",".join(rows)
    lazy, known = day_rows.Rows.of_objects(joined, len(rows)), day_rows.Rows(rows)
    assert lazy is not None
    assert len(lazy) == len(rows)
    assert lazy.view().tobytes() == known.view().tobytes() == joined
    assert isinstance(lazy.found_ends, int), "a whole answer finds no row's end"
    assert abs(day_rows.rows_size(lazy) - day_rows.rows_size(known)) <= 64, "counted as the found ends count"
    assert list(lazy.ends) == list(known.ends)
    assert list(lazy) == rows
    assert [lazy.joined(n, m) for n in range(len(rows)) for m in range(n, len(rows) + 1)] == [
        known.joined(n, m) for n in range(len(rows)) for m in range(n, len(rows) + 1)
    ]


@pytest.mark.parametrize("rows", [OBJECT_ROWS[1], OBJECT_ROWS[2], [b'{"p":1}', b'{"p":"x,y"}', b'{"q":[2,3]}']])
def test_object_rows_their_maker_vouches_for_read_as_the_rows_given_one_by_one(rows: list[bytes]) -> None:
    """Rows whose maker vouches that ``},{`` lies only between them need no count of that text; the last
    row alone is cut after that text's last place, with no other end found."""
    joined = b",".join(rows)
    vouched, known = day_rows.Rows.of_objects(joined, len(rows), between_only=True), day_rows.Rows(rows)
    assert vouched is not None
    assert vouched.joined(len(rows) - 1) == rows[-1]
    assert isinstance(vouched.found_ends, int), "the last row needs no end found"
    assert [vouched.joined(n, m) for n in range(len(rows)) for m in range(n, len(rows) + 1)] == [
        known.joined(n, m) for n in range(len(rows)) for m in range(n, len(rows) + 1)
    ]
    assert list(vouched) == rows
    assert day_rows.Rows.of_objects(b'"x",{"p":1}', 2, between_only=True) is None, "not objects"


@pytest.mark.parametrize(
    "rows",
    [
        [b'{"p":"},{"}', b'{"p":2}'],  # a row holds the text between two objects
        [b'{"p":[{"a":1},{"a":2}]}', b'{"p":2}'],
        [b"1", b"2"],  # not objects
        [b'{"p":1}', b'"x"'],
    ],
)
def test_object_rows_whose_ends_the_text_between_them_cannot_tell_are_refused(rows: list[bytes]) -> None:
    assert day_rows.Rows.of_objects(b",".join(rows), len(rows)) is None
    assert day_rows.Rows.of_objects(b'{"p":1},{"p":2}', 3) is None, "the count is the rows'"
    assert day_rows.Rows.of_objects(b"", 0) is None


TWO_KEY_SCHEMA = FieldSchema.model_validate(
    {
        "type": "object",
        "properties": {
            "time": {"type": "string", "format": "yyyy-MM-dd HH:mm"},
            "power": {"type": ["null", "number"]},
        },
    }
)


@pytest.mark.parametrize("schema", [TWO_KEY_SCHEMA, ROW_SCHEMA, None])
@pytest.mark.parametrize(
    "columns",
    [
        (("time", "power"), [[f"2026-06-21 {n:02d}:00" for n in range(24)], [n * 12.5 for n in range(24)]]),
        (("time", "power"), [[datetime(2026, 6, 21, n) for n in range(24)], [n * 12.5 for n in range(24)]]),
        (("time", "power"), [[datetime(2026, 6, 21, n, tzinfo=UTC) for n in range(24)], list(range(24))]),
        (("time", "power"), [["a, b", "c"], [1.0, 2]]),  # a comma in a value
        (("time", "power"), [['"},{"', "}"], [1.5, 2.5]]),  # the text between two objects in a value
        (("time", "power"), [["x", "y"], [None, 2.0]]),  # a null
        (("time", "power"), [["x", "x"], [True, 2.0]]),
        (("when", "power"), [[datetime(2026, 6, 21, 10, 5), datetime(2026, 6, 22)], [12.6, 3]]),
        (("id", "volts"), [["a", "b"], [[1, 2], {"a": 1}]]),  # nested values
        (("time", "power", "soc"), [["x", "y"], [1.0, 2.0], [3, 4]]),  # three keys: joined from their columns' texts
        (("time", "power", "soc"), [["x", "y, z"], [1.0, 2.0], [3, 4]]),
        (("time", "power", "soc"), [["%s", "}},{"], [1.0, 2.0], [3, 4]]),
        (("time", "time"), [["x", "y"], [1.0, 2.0]]),
    ],
)
def test_whole_rows_written_joined_are_the_rows_written_one_by_one(
    columns: tuple[tuple[str, ...], list[list[Any]]], schema: FieldSchema | None
) -> None:
    keys, values = columns
    whole = day_rows.encode_rows(day_rows.Columns(keys, values), schema, whole=True)
    by_columns = day_rows.encode_rows(day_rows.Columns(keys, values), schema)
    day_rows.WRITE_BY_COLUMNS = False
    try:
        one_by_one = day_rows.encode_rows(day_rows.Columns(keys, values), schema, whole=True)
    finally:
        day_rows.WRITE_BY_COLUMNS = True
    assert whole.view().tobytes() == by_columns.view().tobytes() == one_by_one.view().tobytes()
    assert list(whole) == list(by_columns) == list(one_by_one)
    shape = conformer(schema) if schema is not None else dict
    assert list(one_by_one) == [dumps(shape(row)) for row in day_rows.Columns(keys, values).rows()]


def test_two_key_rows_written_joined_are_one_dumps_of_the_shaped_rows() -> None:
    times, powers = [f"2026-06-21 {n // 12:02d}:{n % 12 * 5:02d}" for n in range(288)], [n * 0.5 for n in range(288)]
    columns = day_rows.Columns(("time", "power"), [times, powers])
    joined = day_rows.joined_columns(columns, TWO_KEY_SCHEMA)
    assert joined is not None, "the shortcut writes such rows"
    assert joined == (b",".join(day_rows.written_columns(columns, TWO_KEY_SCHEMA) or []), False), "counted"
    kept = day_rows.encode_rows(columns, TWO_KEY_SCHEMA, whole=True)
    assert isinstance(kept.found_ends, int), "their ends are found when asked"
    nan = day_rows.Columns(("time", "power"), [times[:2], [1.0, float("nan")]])
    assert day_rows.joined_columns(nan, TWO_KEY_SCHEMA) is None, "a NaN is refused as the long way refuses it"
    with pytest.raises(ValueError, match="not JSON compliant"):
        day_rows.encode_rows(nan, TWO_KEY_SCHEMA, whole=True)


LIMIT_TO_A_FIFTH = {"paramId": "pv_active_p_rate", "command_1": "20", "command_2": ""}


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_growatt_plant_power_written_joined_is_the_bytes_the_long_ways_write(profile: str) -> None:
    """A finished day's plant/power rows written in one piece (``kept_rows(..., whole=True)``) answer the
    bytes the rows written column by column, one by one, or built as today is answer: the plant's zone and
    another, a week with a day whose clock changes, and after an inverter's limit written in the past."""
    cloud = make_cloud("growatt_v1", profile)
    cloud.clock.set(datetime(2026, 10, 28, 12, 0, tzinfo=UTC))  # the week holds Europe's change back to winter time
    driver = session(cloud, "growatt_v1")
    days = [(cloud.clock.now() - timedelta(days=n)).date().isoformat() for n in range(8, -1, -1)]
    calls = [
        Call("plant_power", {"plant_id": plant, "date": day, **zone})
        for plant in driver.history_refs()
        for day in days
        for zone in ({}, {"timezone_id": "America/New_York"})
    ]

    def written(**switches: bool) -> list[bytes]:
        for name, value in switches.items():
            setattr(day_rows, name, value)
        try:
            day_rows.KEPT.clear()
            driver.now = cloud.clock.timestamp()
            requests = [driver.raw(call) for call in calls]
            return exchange(cloud, requests) + exchange(cloud, requests)  # built, then read back as kept
        finally:
            day_rows.KEEP_FINISHED_DAYS = day_rows.WRITE_BY_COLUMNS = True

    seen = []
    for limited in (False, True):
        if limited:
            three_days_ago = cloud.clock.now() - timedelta(days=3)
            now = cloud.clock.now()
            call_at(cloud, "growatt_v1", three_days_ago,
                    lambda d: Call("inverterSet", {"device_sn": d.plant_refs()[0], **LIMIT_TO_A_FIFTH}))  # fmt: skip
            cloud.clock.set(now)
        joined = written()
        assert all(b'"error_code":0' in body for body in joined), joined[0][:200]
        assert any(isinstance(rows.found_ends, int) for rows, _ in day_rows.KEPT.entries.values()), "written joined"
        assert joined == written(WRITE_BY_COLUMNS=False) == written(KEEP_FINISHED_DAYS=False), limited
        seen.append(joined)
    assert seen[0] != seen[1], "the limit reached the kept days"


RAS_DISPATCH = {"ActivePower": 29000, "ReactivePower": 32000, "SOC": 20, "Status": 1, "ControlMode": 1}


# A week of plain days, and one that holds Europe's change back to winter time.
RAS_WEEKS = [datetime(2026, 6, 21, 12, 0, tzinfo=UTC), datetime(2026, 10, 28, 12, 0, tzinfo=UTC)]


@pytest.mark.parametrize("now", RAS_WEEKS)
@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_ras_history_written_joined_is_the_bytes_the_long_ways_write(profile: str, now: datetime) -> None:
    """A finished ras/v2 day's rows written in one piece, newest first (ends found only if asked), answer
    the bytes the rows written one by one answer, and on plain days those built as today is: whole days
    with the next midnight's row (the bench's calls), parts of days (their ends found), and after a
    dispatch sent in the past. (On the day the clock turns back, days built as today is order the repeated
    hour's rows by their wall clock, interleaved, where kept days keep them in the order they happened.)"""
    cloud = make_cloud("alphaess_ras_v2", profile)
    cloud.clock.set(now)
    driver = session(cloud, "alphaess_ras_v2")
    days = [(cloud.clock.now() - timedelta(days=n)).date() for n in range(8, 0, -1)]
    last = "23:59:59" if profile == "documented" else "00:00:00"  # documented: both bounds on one calendar day

    def span(day: date, first: str, end: date, last: str) -> dict[str, str]:
        return {"Starttime": f"{day:%Y/%m/%d} {first}", "endtime": f"{end:%Y/%m/%d} {last}"}

    whole, parts = [], []
    for sn in driver.plant_refs()[:2]:
        for day in days:
            next_day = day + timedelta(days=1 if last == "00:00:00" else 0)
            whole.append(Call("GetHistoryRunningData", {"Sn": sn, **span(day, "00:00:00", next_day, last)}))
            parts.append(Call("GetHistoryRunningData", {"Sn": sn, **span(day, "06:10:00", day, "13:07:00")}))
            if profile == "observed":  # across midnight: the end of one kept day and the start of the next
                parts.append(Call("GetHistoryRunningData", {"Sn": sn, **span(day, "20:00:00", next_day, "03:00:00")}))

    def written(**switches: bool) -> tuple[list[bytes], bool]:
        for name, value in switches.items():
            setattr(day_rows, name, value)
        try:
            day_rows.KEPT.clear()
            driver.now = cloud.clock.timestamp()
            first = exchange(cloud, [driver.raw(call) for call in whole])
            lazy = any(isinstance(rows.found_ends, int) for rows, _ in day_rows.KEPT.entries.values())
            requests = [driver.raw(call) for call in whole + parts]
            return first + exchange(cloud, requests) + exchange(cloud, requests), lazy
        finally:
            day_rows.KEEP_FINISHED_DAYS = day_rows.WRITE_BY_COLUMNS = True

    seen = []
    for dispatched in (False, True):
        if dispatched:
            now = cloud.clock.now()
            call_at(cloud, "alphaess_ras_v2", now - timedelta(days=3),
                    lambda d: Call("RemoteDispatch", {"Sn": d.plant_refs()[0], **RAS_DISPATCH}))  # fmt: skip
            cloud.clock.set(now)
        joined, lazy = written()
        assert all(driver.marker.encode() in body and b'"UploadTime":' in body for body in joined), joined[0][:200]
        assert lazy, "the days were written joined, their ends not found"
        assert (joined, lazy) == (written(WRITE_BY_COLUMNS=False)[0], lazy)
        if now == RAS_WEEKS[0]:
            assert joined == written(KEEP_FINISHED_DAYS=False)[0], dispatched
        seen.append(joined)
    assert seen[0] != seen[1], "the dispatch reached the kept days"


def test_a_ras_systems_row_writer_is_made_once_for_its_days() -> None:
    """Made once per system, profile and schema (a history's days share it), and as made anew: another
    system, profile or schema has its own."""
    from solarfakes.simulators.vendors.rasv2 import running

    cloud = make_cloud("alphaess_ras_v2")
    plants = list(ras_fleet(cloud).values())[:2]
    schema = day_rows.row_schema(load_spec("alphaess_ras_v2").endpoint("GetHistoryRunningData"), day_rows.ITEMS)
    assert schema is not None
    template, writer = running.system_writer(plants[0], "observed", schema)
    assert running.system_writer(plants[0], "observed", schema) == (template, writer)
    assert template == conformer(schema)(running.row_template(plants[0]))
    for plant, profile, other_schema in ((plants[1], "observed", schema), (plants[0], "documented", schema),
                                         (plants[0], "observed", None)):  # fmt: skip
        other = running.system_writer(plant, profile, other_schema)
        assert other[1] is not writer
        shaped = running.in_profile(running.row_template(plant), profile)
        assert other[0] == (conformer(other_schema)(shaped) if other_schema is not None else shaped)
        assert other[1].gaps == day_rows.RowWriter(other[0], running.profile_fields(profile)[0], other_schema).gaps


def ras_fleet(cloud: Cloud) -> dict[int, Any]:
    from solarfakes.simulators.vendors.rasv2.backend import ras

    return ras(cloud.simulator("alphaess_ras_v2")).fleet


@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_alphacloud_day_power_written_joined_is_the_bytes_the_long_ways_write(profile: str) -> None:
    """A finished day's getOneDayPowerBySn rows of eight fields written in one piece from their columns'
    texts (``kept_rows(..., whole=True)``) answer the bytes the rows written column by column, one by one,
    or built as today is answer, over a week with a day whose clock changes."""
    api = "alphaess_openapi"
    cloud = make_cloud(api, profile)
    cloud.clock.set(datetime(2026, 10, 28, 12, 0, tzinfo=UTC))  # the week holds Europe's change back to winter time
    driver = session(cloud, api)
    days = [(cloud.clock.now() - timedelta(days=n)).date().isoformat() for n in range(8, -1, -1)]
    calls = [Call("getOneDayPowerBySn", {"sysSn": sn, "queryDate": day}) for sn in driver.plant_refs() for day in days]

    def written(**switches: bool) -> list[bytes]:
        for name, value in switches.items():
            setattr(day_rows, name, value)
        try:
            day_rows.KEPT.clear()
            requests = [driver.raw(call) for call in calls]
            return exchange(cloud, requests) + exchange(cloud, requests)  # built, then read back as kept
        finally:
            day_rows.KEEP_FINISHED_DAYS = day_rows.WRITE_BY_COLUMNS = True

    joined = written()
    assert all(b'"code":200' in body for body in joined), joined[0][:200]
    if profile == "observed":
        assert any(isinstance(rows.found_ends, int) for rows, _ in day_rows.KEPT.entries.values()), "written joined"
    assert joined == written(WRITE_BY_COLUMNS=False) == written(KEEP_FINISHED_DAYS=False)


@pytest.mark.parametrize(
    ("template_tail", "whens", "told"),
    [
        ("z", ["x", "y", "w"], True),  # no brace but the rows' own
        ("z", ["x", "}", "w"], False),  # a varying value holds a brace
        ("z", ["{", "y", "w"], False),
        ([{"a": 1}, {"a": 2}], ["x", "y", "w"], False),  # a fixed value holds it
        ({"a": {"b": 1}}, ["x", "y", "w"], True),  # fixed braces, but no text between two objects
        ("z", [{"a": 1}, {"a": 2}, {"a": 3}], False),  # nested objects as varying values
    ],
)
def test_joined_rows_say_their_text_between_objects_lies_only_between_rows_where_it_does(
    template_tail: Any, whens: list[Any], told: bool
) -> None:
    """``RowWriter.joined_columns`` tells ``},{`` lies only between rows where no varying text holds a
    brace and the fixed texts hold it only where one row meets the next; the rows kept so are read as
    the rows written one by one (their ends found when asked)."""
    template = {"id": "fixed", "when": None, "power": None, "tail": template_tail}
    writer = day_rows.RowWriter(template, ["when", "power"], None)
    columns = [whens, [1.5, 2, -0.0]]
    assert assert_joined_as_written(writer, columns) is told
    joined = writer.joined_columns(columns)
    assert joined is not None
    rows = day_rows.Rows.of_objects(joined[0], len(whens), between_only=joined[1])
    written = writer.write_columns(columns)
    assert written is not None
    if rows is not None:
        assert list(rows) == written
    else:
        assert not told
        assert joined[0].count(day_rows.OBJECTS_BETWEEN) != len(whens) - 1
