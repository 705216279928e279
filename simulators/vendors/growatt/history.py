"""Growatt's device history: the readings of a date range, paged, with the next page's first index."""

from __future__ import annotations

from datetime import date, timedelta

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.vendors.growatt.backend import GrowattBackend
from solarfakes.simulators.vendors.growatt.readings import Reading, day_readings
from solarfakes.simulators.world import Device, Plant

DEFAULT_PAGE_SIZE = 20


def history_days(call: RoutedCall) -> list[date]:
    start, end = as_date(str(call.args["start_date"])), as_date(str(call.args["end_date"]))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def history_readings(backend: GrowattBackend, call: RoutedCall, plant: Plant, device: Device) -> list[Reading]:
    """Every reading of the requested days, without records: a page renders only its own."""
    return [reading for day in history_days(call) for reading in day_readings(backend, plant, device, day, call.now)]


def next_page_start(call: RoutedCall, total: int) -> int:
    """The 1-based index of the first record of the next page; 0 when this page is the last
    (the document names the field but not its end value, so 0 is this fake's choice)."""
    paging = call.endpoint.pagination
    size = int(call.args.get("perpage") or (paging.default_size if paging else None) or DEFAULT_PAGE_SIZE)
    page = int(call.args.get("page") or 1)
    return page * size + 1 if page * size < total else 0
