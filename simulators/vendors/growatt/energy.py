"""Growatt plant figures: real-time data, energy per day, month or year, and a day's power curve."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.validate import as_date
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.day_rows import (
    ITEMS,
    Columns,
    day_inputs,
    field_conformer,
    finished,
    json_rows,
    kept_rows,
    local_starts,
    row_schema,
    text_pattern,
    wall_texts,
)
from solarfakes.simulators.physics import begun_pv, pv_series
from solarfakes.simulators.vendors.growatt.access import own_plant
from solarfakes.simulators.vendors.growatt.backend import growatt
from solarfakes.simulators.vendors.growatt.history import settings_key
from solarfakes.simulators.vendors.growatt.output import (
    LIMITING_SETTINGS,
    limited_inverters,
    live_power_w,
    plant_kwh_between,
    plant_lifetime_kwh,
    plant_output_w,
    plant_today_kwh,
)
from solarfakes.simulators.vendors.growatt.places import gmt_text, utc_offset_hours
from solarfakes.simulators.vendors.growatt.zones import requested_zone
from solarfakes.specs.timeformats import month_after

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# Growatt's carbon figure per kWh, as its app shows it.
CARBON_PER_KWH = 0.997

Period = tuple[str, date, date]  # label, first day, day after


def plant_data(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    backend = growatt(sim)
    slot = plant.now_slot(call.now)
    today = plant.local_date(call.now)
    tomorrow = today + timedelta(days=1)
    month = plant_kwh_between(backend, plant, today.replace(day=1), tomorrow, call.now)
    year = plant_kwh_between(backend, plant, today.replace(month=1, day=1), tomorrow, call.now)
    total = plant_lifetime_kwh(backend, plant, call.now)
    return {
        "peak_power_actual": plant.peak_kw,
        "last_update_time": slot.start.replace(tzinfo=None),
        "current_power": round(live_power_w(backend, plant, call.now) / 1000, 3),
        "today_energy": round(plant_today_kwh(backend, plant, call.now), 1),
        "monthly_energy": round(month, 1),
        "yearly_energy": round(year, 1),
        "total_energy": round(total, 1),
        "carbon_offset": round(total * CARBON_PER_KWH, 1),
        "efficiency": "",
        "timezone": gmt_text(utc_offset_hours(plant.timezone, call.now)),
    }


def energy_periods(start: date, end: date, unit: str) -> list[Period]:
    """Every period from ``start`` to ``end`` in ``unit``s."""
    if unit == "day":
        return [
            (d.isoformat(), d, d + timedelta(days=1))
            for d in (start + timedelta(n) for n in range((end - start).days + 1))
        ]
    periods = []
    if unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            following = month_after(year, month)
            periods.append((f"{year:04d}-{month:02d}", date(year, month, 1), date(*following, 1)))
            year, month = following
        return periods
    return [(f"{year:04d}", date(year, 1, 1), date(year + 1, 1, 1)) for year in range(start.year, end.year + 1)]


def plant_energy(call: RoutedCall, sim: Simulator) -> Page[Period]:
    plant = own_plant(call, sim, 10002)
    backend = growatt(sim)
    start, end = as_date(str(call.args["start_date"])), as_date(str(call.args["end_date"]))
    unit = call.args.get("time_unit", "day")

    # Only the requested page is integrated: a long range costs no more than its page.
    def row(period: Period) -> dict[str, Any]:
        label, first, after = period
        if sim.profile == "documented":
            # ASSUMPTION: the document types every energys date as a date; a month or year is its first day
            label = first.isoformat()
        return {"date": label, "energy": round(plant_kwh_between(backend, plant, first, after, call.now), 1)}

    return Page(energy_periods(start, end, unit), render=row, extra={"time_unit": unit})


def plant_power(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = own_plant(call, sim, 10002)
    backend = growatt(sim)
    day = as_date(str(call.args["date"]))
    zone = requested_zone(call, plant)

    schema = row_schema(call.endpoint, "powers", ITEMS)

    def rows() -> Columns:
        """The day's rows (time, power), field by field."""
        limited = limited_inverters(backend, plant)
        count = plant.slot_count(day, call.now)
        # The plant's own zone: its zone-day's naive starts, shared (the slots' starts without their zone),
        # or their texts where the shape step writes them as text (written once per zone-day), and then
        # the PV series alone: no datetime of a slot is needed.
        times: Sequence[Any]
        pvs: Sequence[float]
        if zone == ZoneInfo(plant.timezone):
            field = field_conformer(schema, "time")
            pattern = text_pattern(field) if field is not None else None
            walls = local_starts(plant.timezone, day) if pattern is None else wall_texts(plant.timezone, day, pattern)
            times = walls[:count]
            pvs = pv_series(plant.model, day)[:count]  # the slots' own, without simulating the battery
        else:
            starts, pvs = begun_pv(plant.model, day, count)
            times = [start.astimezone(zone).replace(tzinfo=None) for start in starts]
        powers: Sequence[float]
        if limited:
            slots = plant.history(day, call.now)
            powers = [round(plant_output_w(backend, plant, slot, limited), 1) for slot in slots]
        else:  # plant_output_w with nothing held back: round(max(0.0, pv), 1) of each, which is pv itself
            powers = pvs
        if sim.profile == "observed" and count > 1:  # (one row or none: the shuffle leaves them as they are)
            # The live array is not sorted; a seeded shuffle keeps answers repeatable (the rows' order as
            # shuffling the rows themselves leaves it: a shuffle's draws depend on the length alone).
            reorder = itemgetter(*shuffled_order(f"{plant.key}|{day}", count))
            times, powers = reorder(times), reorder(powers)
        return Columns(("time", "power"), [times, powers if isinstance(powers, list | tuple) else list(powers)])

    if not finished(plant, day, call.now):
        today = rows().rows()
        return {"count": len(today), "powers": today}
    limits = tuple(settings_key(backend, device, LIMITING_SETTINGS) for device in plant.devices_of("inverter"))
    key = (sim.api, sim.profile, call.endpoint.id, day_inputs(plant, day), zone, limits)
    kept = kept_rows(key, rows, schema, whole=True)
    return {"count": len(kept), "powers": json_rows(kept)}


def shuffled_order(seed: str, count: int) -> list[int]:
    """The order ``random.Random(seed).shuffle`` leaves ``list(range(count))`` in: its very draws (each
    swap's index below ``n`` is ``getrandbits(n.bit_length())`` until one falls below ``n``, as CPython's
    ``_randbelow`` draws it), taken without its method call per swap (half of a new day's shuffle), each
    swap's bit count looked up (``shuffle_swaps``)."""
    order = list(range(count))
    getrandbits = random.Random(seed).getrandbits
    for last, bits in shuffle_swaps(count):
        other = getrandbits(bits)
        while other > last:
            other = getrandbits(bits)
        order[last], order[other] = order[other], order[last]
    return order


@lru_cache(maxsize=8)
def shuffle_swaps(count: int) -> tuple[tuple[int, int], ...]:
    """A shuffle's swaps of ``count`` items in order: the last index each swaps and the bits its draw takes
    (a day has 288 slots, or 276, 300 or fewer on the days clocks change or today)."""
    return tuple((last, (last + 1).bit_length()) for last in reversed(range(1, count)))
