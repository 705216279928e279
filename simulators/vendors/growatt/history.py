"""Growatt's device history: the readings of a date range, paged, with the next page's first index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import overload

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.readings import Reading, readings_between
from solarfakes.simulators.world import Device, Plant

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


def history_readings(backend: GrowattBackend, call: RoutedCall, plant: Plant, device: Device) -> HistoryReadings:
    """Every reading of the requested days, without records: a page renders only its own."""
    return HistoryReadings(backend, plant, device, history_days(call), call.now)


def next_page_start(call: RoutedCall, total: int) -> int:
    """The 1-based index of the first record of the next page; 0 when this page is the last
    (the document names the field but not its end value, so 0 is this fake's choice)."""
    paging = call.endpoint.pagination
    size = int(call.args.get("perpage") or (paging.default_size if paging else None) or DEFAULT_PAGE_SIZE)
    page = int(call.args.get("page") or 1)
    return page * size + 1 if page * size < total else 0
