"""Growatt's device history: the readings of a date range, paged, with the next page's first index."""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, overload

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.day_rows import (
    ITEMS,
    Columns,
    Rows,
    day_inputs,
    device_inputs,
    field_conformer,
    finished,
    kept_rows,
    row_schema,
    slot_isoformats,
    slot_times,
)
from solarfakes.simulators.physics import zone_day_starts
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend, growatt
from solarfakes.simulators.vendors.growatt.readings import Reading, day_readings, readings_between
from solarfakes.simulators.world import Device, Plant
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

DEFAULT_PAGE_SIZE = 20


def history_days(call: RoutedCall) -> list[date]:
    start, end = as_date(str(call.args["start_date"])), as_date(str(call.args["end_date"]))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


class HistoryReadings(Sequence[Reading]):
    """The readings of a run of days, built when asked for: a page of a week's history builds only
    that page's readings, as each day's counters are running sums and its length needs no physics."""

    def __init__(self, backend: GrowattBackend, plant: Plant, device: Device, days: list[date], until: datetime):
        self.backend, self.plant, self.device, self.until = backend, plant, device, until
        self.days = [(day, plant.slot_count(day, until)) for day in days]
        self.length = sum(count for _, count in self.days)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Reading: ...

    @overload
    def __getitem__(self, index: slice) -> list[Reading]: ...

    def __getitem__(self, index: int | slice) -> Reading | list[Reading]:
        if isinstance(index, int):
            if not -self.length <= index < self.length:
                raise IndexError(index)
            return self.span(index % self.length, index % self.length + 1)[0]
        start, stop, step = index.indices(self.length)
        chosen = self.span(start, max(start, stop))
        return chosen[::step] if step != 1 else chosen

    def span(self, start: int, stop: int) -> list[Reading]:
        """The readings ``start`` up to ``stop`` in order."""
        readings: list[Reading] = []
        offset = 0
        for day, count in self.days:
            first, last = max(start - offset, 0), min(stop - offset, count)
            if first < last:
                readings += readings_between(self.backend, self.plant, self.device, day, self.until, first, last)
            offset += count
        return readings


class HistoryRows(Sequence[Any]):
    """The rows of a run of days for a page: a finished day's rows come shaped and encoded from
    ``kept_rows`` (``Encoded``), today's as readings for the handler to render.

    A slice (what a page takes) gives a finished day's run of rows as one ``Encoded`` holding them all,
    comma-joined as the answer's array writes them: the same bytes, without a slice, an ``Encoded`` and
    the encoder's call back for each of a page's 100 rows. So a slice may hold fewer items than rows;
    one index gives one row."""

    def __init__(self, readings: HistoryReadings, now: datetime, finished_rows: Callable[[date], Rows]) -> None:
        self.readings, self.now, self.finished_rows = readings, now, finished_rows

    def __len__(self) -> int:
        return len(self.readings)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        length = len(self.readings)
        if isinstance(index, int):
            if not -length <= index < length:
                raise IndexError(index)
            return self.span(index % length, index % length + 1)[0]
        start, stop, step = index.indices(length)
        if step == 1:
            return self.span(start, max(start, stop), runs=True)
        return self.span(start, max(start, stop))[::step]

    def span(self, start: int, stop: int, runs: bool = False) -> list[Any]:
        """The rows ``start`` up to ``stop``; ``runs``: each finished day's as one ``Encoded`` run."""
        found: list[Any] = []
        offset = 0
        for day, count in self.readings.days:
            first, last = max(start - offset, 0), min(stop - offset, count)
            if first < last:
                if finished(self.readings.plant, day, self.now):
                    kept = self.finished_rows(day)
                    if runs:
                        found.append(kept.run(first, last))
                    else:
                        found += map(Encoded, kept[first:last])
                else:
                    found += self.readings.span(offset + first, offset + last)
            offset += count
        return found


def history_page(
    sim: Simulator,
    call: RoutedCall,
    plant: Plant,
    device: Device,
    readings: HistoryReadings,
    row: Callable[[Reading], dict[str, Any]],
    depends: Hashable,
    extra: dict[str, Any],
    day_columns: Callable[[date], Columns | None] | None = None,
) -> Page[Any]:
    """A device's ``readings`` as a page: finished days' rows kept encoded under ``depends`` (all that
    ``row`` depends on beyond the plant's day and the device), today's rendered by ``row``.
    ``day_columns``: a finished day's rows as ``row`` renders them, built column by column (None where
    that day has none to give: its rows are then rendered one by one)."""
    backend = growatt(sim)
    paging = call.endpoint.pagination
    path = paging.items_field.split(".") if paging is not None and paging.items_field else []
    schema = row_schema(call.endpoint, *path, ITEMS)

    def finished_rows(day: date) -> Rows:
        key = (sim.api, sim.profile, call.endpoint.id, day_inputs(plant, day), device_inputs(device), depends)

        def build() -> list[dict[str, Any]] | Columns:
            columns = day_columns(day) if day_columns is not None else None
            if columns is not None:
                return with_zone_time_column(plant, day, columns, schema)
            rows = [row(r) for r in day_readings(backend, plant, device, day, call.now)]
            return with_zone_times(plant, day, rows, schema)

        return kept_rows(key, build, schema)

    def render(item: Any) -> Any:
        return item if isinstance(item, Encoded) else row(item)

    # Without today, every row is kept (Encoded) and the envelope step need not look at each one. The days
    # ascend, so all are finished where the last is (asked once per page, not once per day).
    with_today = bool(readings.days) and not finished(plant, readings.days[-1][0], call.now)
    return Page(HistoryRows(readings, call.now, finished_rows), render=render if with_today else None, extra=extra)


def with_zone_times(
    plant: Plant, day: date, rows: list[dict[str, Any]], schema: FieldSchema | None
) -> list[dict[str, Any]]:
    """A whole day's ``rows`` with each row's ``time`` as the shape step writes it (``zone_times``)."""
    times = [row.get(TIME) for row in rows]
    for row, time, text in zip(rows, times, zone_times(plant, day, times, schema), strict=True):
        if text is not time:
            row[TIME] = text
    return rows


def with_zone_time_column(plant: Plant, day: date, columns: Columns, schema: FieldSchema | None) -> Columns:
    """``with_zone_times`` of a whole day's rows given as columns."""
    if TIME not in columns.keys:
        return columns
    index = columns.keys.index(TIME)
    values = list(columns.values)
    values[index] = zone_times(plant, day, values[index], schema)
    return Columns(columns.keys, values)


def zone_times(plant: Plant, day: date, times: Sequence[Any], schema: FieldSchema | None) -> Sequence[Any]:
    """A whole day's rows' ``time`` values as the shape step writes them, taken from the texts every plant
    of the zone shares (``slot_times``), where the row shows its slot's own start (the plant's zone: the
    same object): a strftime per row was a tenth of a new week's cost. Other values are left."""
    field = field_conformer(schema, TIME)
    starts = zone_day_starts(plant.timezone, day)[1]
    if field is None or field.time_as_digits or len(times) != len(starts):
        return times
    texts = slot_times(plant.timezone, day, field)
    if texts is starts:
        return times  # the shape step's text is not final for this field
    if all(map(operator.is_, times, starts)):  # a finished day's rows: each its slot's own start
        return list(texts)
    return [text if time is start else time for time, start, text in zip(times, starts, texts, strict=True)]


def start_isoformats(plant: Plant, day: date, starts: Sequence[datetime]) -> Sequence[str]:
    """Each of a day's slot ``starts``' ``isoformat()``: the texts every plant of the zone shares where
    they are the zone-day's own starts (as simulated days' slots hold), else written one by one."""
    zone_starts = zone_day_starts(plant.timezone, day)[1]
    if len(starts) <= len(zone_starts) and all(map(operator.is_, starts, zone_starts)):
        return slot_isoformats(plant.timezone, day)[: len(starts)]
    return [start.isoformat() for start in starts]


TIME = "time"  # a history row's field holding its slot's start


def history_readings(backend: GrowattBackend, call: RoutedCall, plant: Plant, device: Device) -> HistoryReadings:
    """Every reading of the requested days, without records: a page renders only its own."""
    return HistoryReadings(backend, plant, device, history_days(call), call.now)


def settings_key(backend: GrowattBackend, device: Device, names: tuple[str, ...]) -> Hashable:
    """Every write of the settings ``names`` of ``device``: part of the key of rows they shape."""
    writes = backend.settings.get(device.sn)
    if not writes:  # most devices, on every page of their history
        return device.sn, unwritten(names)
    return device.sn, tuple((name, tuple((w.made, tuple(w.values)) for w in writes.get(name, ()))) for name in names)


@lru_cache(maxsize=16)
def unwritten(names: tuple[str, ...]) -> tuple[tuple[str, tuple[()]], ...]:
    """``settings_key``'s writes of ``names`` where none was written."""
    return tuple((name, ()) for name in names)


def next_page_start(call: RoutedCall, total: int) -> int:
    """The 1-based index of the first record of the next page; 0 when this page is the last
    (the document names the field but not its end value, so 0 is this fake's choice)."""
    paging = call.endpoint.pagination
    size = int(call.args.get("perpage") or (paging.default_size if paging else None) or DEFAULT_PAGE_SIZE)
    page = int(call.args.get("page") or 1)
    return page * size + 1 if page * size < total else 0
