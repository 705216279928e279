"""Point history: minutes (2.7, at most 3 hours) and days, months or years (2.8), from the same
readings as real-time data, so the latest minute equals real time and a day's peak daily yield equals
the minutes' running sum."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate, repeat
from math import fsum
from operator import truediv
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import Reply, RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.day_rows import (
    ITEMS,
    Columns,
    Rows,
    day_inputs,
    device_inputs,
    encode_rows,
    finished,
    json_array,
    keeps_finished_days,
    kept_rows,
    local_starts,
    row_schema,
    slots_within,
    wall_texts,
)
from solarfakes.simulators.physics import SLOT_MINUTES, begun_pv, day_frame
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, IsolarBackend, isolar
from solarfakes.simulators.vendors.isolarcloud.fleet import API
from solarfakes.simulators.vendors.isolarcloud.points import BY_TYPE, Point, asked_points, points_of, text
from solarfakes.simulators.vendors.isolarcloud.readings import SLOTS_PER_HOUR, Reading, day_readings, inverters

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator
    from solarfakes.simulators.world import Plant

STAMP = "%Y%m%d%H%M%S"
AVERAGE, PEAK, VALLEY, TOTAL = "1", "2", "3", "4"


def split(call: RoutedCall, sim: Simulator) -> tuple[list[IsoDevice], list[str]]:
    """The caller's devices of the first legal key's type; the rest are the illegal device list (1.3 (7))."""
    backend = isolar(sim)
    legal: list[IsoDevice] = []
    illegal: list[str] = []
    for key in (str(k) for k in call.args["ps_key_list"]):
        device = backend.devices.get(key)
        same_type = not legal or (device is not None and device.device_type == legal[0].device_type)
        if device is None or device.plant.account != call.account.name or not same_type:
            illegal.append(key)
        else:
            legal.append(device)
    return legal, illegal


def message(illegal: list[str]) -> str:
    return f"illegal device list:{','.join(illegal)}" if illegal else "success"


def minute_data(call: RoutedCall, sim: Simulator) -> Reply:
    backend = isolar(sim)
    interval = int(call.args.get("minute_interval") or 5)
    if interval <= 0 or interval % 5:
        call.call.diagnostics.update(problem="minute_interval must be a positive multiple of 5")
        raise VendorError("010", check="handler")
    start = stamp_moment(call.args["start_time_stamp"])
    end = stamp_moment(call.args["end_time_stamp"])
    devices, illegal = split(call, sim)
    asked = str(call.args["points"])
    payload: dict[str, Any] = {}
    for device in devices:
        points = asked_points(device.device_type, asked)
        ps_key = device.ps_key
        payload[ps_key] = minute_rows(backend, device, points, start, end, interval, call, ps_key)
    return Reply(payload, {"result_msg": message(illegal)})


@lru_cache(maxsize=1024)
def stamp_moment(text: str) -> datetime:
    """A minute call's bound, parsed once: a history's 3-hour calls share each bound with the next call."""
    return datetime.strptime(text, STAMP)


def minute_rows(
    backend: IsolarBackend,
    device: IsoDevice,
    points: Sequence[Point],
    start: datetime,
    end: datetime,
    interval: int,
    call: RoutedCall,
    field: str,
) -> list[Any] | Encoded:
    """The rows from ``start`` to ``end`` (local wall times) on the interval, shown under the payload's
    ``field``; a finished day's rows are kept shaped and encoded (day_rows), today's built from its readings."""
    plant, now = device.plant, call.now
    spans: list[tuple[date, Sequence[int]]] = []
    day = start.date()
    while day <= end.date():
        chosen = window_slots(plant.timezone, day, start, end, interval)
        if chosen:
            begun = plant.slot_count(day, now)
            if chosen[-1] >= begun:  # today's slots not begun yet, or a day before commissioning
                chosen = [n for n in chosen if n < begun]
        if chosen:
            spans.append((day, chosen))
        day += timedelta(days=1)
    if spans and keeps_finished_days():
        return json_array(runs(backend, device, points, spans, call, field))
    rows: list[Any] = []  # every row through the pipeline's shape step (tests compare both ways)
    for day, chosen in spans:
        if finished(plant, day, now):
            kept = kept_minute_rows(backend, device, points, day, call, field)
            rows += [Encoded(kept[n]) for n in chosen]
        else:
            readings = day_readings(plant, device.device, day, now, backend)
            rows += [minute_row(readings[n], points) for n in chosen]
    return rows


def window_slots(timezone: str, day: date, start: datetime, end: datetime, interval: int) -> Sequence[int]:
    """The indexes of the zone-day's slots from ``start`` to ``end`` (naive wall times) on the interval,
    whether begun or not: the same for every plant of the zone and every week that asks for the window,
    so a history's call finds its slots in one lookup where they are evenly spaced (every day but those a
    clock turns back on, whose slots are chosen anew)."""
    spaced = spaced_window_slots(timezone, day, start, end, interval)
    return spaced if spaced is not None else chosen_slots(timezone, day, start, end, interval)


@lru_cache(maxsize=1024)  # a range or None each, a few hundred bytes with the key: a week of 16 zones
def spaced_window_slots(timezone: str, day: date, start: datetime, end: datetime, interval: int) -> range | None:
    """``chosen_slots`` as a range, where they are evenly spaced; else None."""
    chosen = chosen_slots(timezone, day, start, end, interval)
    if len(chosen) < 2:
        return range(chosen[0], chosen[0] + 1) if chosen else range(0)
    spaced = range(chosen[0], chosen[-1] + 1, chosen[1] - chosen[0]) if chosen[1] > chosen[0] else None
    return spaced if spaced is not None and list(spaced) == chosen else None


def chosen_slots(timezone: str, day: date, start: datetime, end: datetime, interval: int) -> list[int]:
    chosen = slots_within(timezone, day, day_frame(timezone, day)[1], start, end)
    if interval != SLOT_MINUTES:
        walls = local_starts(timezone, day)
        chosen = [n for n in chosen if (walls[n].hour * 60 + walls[n].minute) % interval == 0]
    return chosen


def runs(
    backend: IsolarBackend,
    device: IsoDevice,
    points: Sequence[Point],
    spans: list[tuple[date, Sequence[int]]],
    call: RoutedCall,
    field: str,
) -> list[bytes | memoryview]:
    """The chosen rows, encoded: an ended day's run of consecutive rows (every 5 minutes) as one slice of
    its kept rows; today's (a bench week's last call ends at today's midnight) built for those slots alone
    (``todays_rows``) and encoded as the shape and encode steps write them."""
    pieces: list[bytes | memoryview] = []
    today = device.plant.local_date(call.now)  # a day before it has ended (``finished``, days kept)
    for day, chosen in spans:
        if day >= today:
            built = todays_rows(backend, device, points, day, chosen, call.now)
            pieces.append(encode_rows(built, row_schema(call.endpoint, field, ITEMS)).joined())
            continue
        kept = kept_minute_rows(backend, device, points, day, call, field)
        if chosen[-1] - chosen[0] == len(chosen) - 1:
            pieces.append(kept.view(chosen[0], chosen[-1] + 1))
        else:
            pieces += [kept[n] for n in chosen]
    return pieces


def todays_rows(
    backend: IsolarBackend, device: IsoDevice, points: Sequence[Point], day: date, chosen: Sequence[int], now: datetime
) -> list[dict[str, Any]]:
    """The ``chosen`` begun slots' rows of a day not ended (``minute_row``'s): from the day's PV alone where
    ``pv_columns`` can (a week's last call asks for today's first slot, and simulating the whole day's
    battery for it was most of that call), else from those readings."""
    from_pv = pv_columns(backend, device, points, day, now)
    if from_pv is None:
        readings = day_readings(device.plant, device.device, day, now, backend, only=list(chosen))
        return [minute_row(reading, points) for reading in readings]
    stamps = wall_texts(device.plant.timezone, day, STAMP)
    keys = [point.key for point in points]
    rows = []
    for n in chosen:
        row: dict[str, Any] = {"time_stamp": stamps[n]}
        for key, column in zip(keys, from_pv, strict=True):
            row[key] = column[n]
        rows.append(row)
    return rows


def minute_row(reading: Reading, points: Sequence[Point], stamp: str | None = None) -> dict[str, Any]:
    """A reading's row: its time, then each point's value that it has; ``stamp``: its slot's start as
    ``STAMP`` writes it, where the caller has it."""
    if stamp is None:
        stamp = reading.slot.start.replace(tzinfo=None).strftime(STAMP)
    row: dict[str, Any] = {"time_stamp": stamp}
    for point in points:
        value = text(point.value(reading))
        if value is not None:
            row[point.key] = value
    return row


def kept_minute_rows(
    backend: IsolarBackend, device: IsoDevice, points: Sequence[Point], day: date, call: RoutedCall, field: str
) -> Rows:
    """Every slot's row of a finished day, kept until a power limit of the plant or its physics changes."""
    plant = device.plant
    shown = tuple(p.key for p in points)
    inputs = (day_inputs(plant, day), device.ps_key, device_inputs(device.device))
    key = (API, call.endpoint.id, field, inputs, shown, limits_written(backend, plant))

    def build() -> list[dict[str, Any]] | Columns:
        stamps = wall_texts(plant.timezone, day, STAMP)  # each slot's start, written
        from_pv = pv_columns(backend, device, points, day, call.now)
        if from_pv is not None:
            return Columns(("time_stamp", *shown), [stamps[: len(from_pv[0])], *from_pv])
        readings = day_readings(plant, device.device, day, call.now, backend)
        # field by field, without a dict per row, where every row shows every point (rows of the same keys
        # are written column by column either way); else row by row, each leaving out its missing values
        columns: list[Sequence[Any]] = [[stamps[r.index] for r in readings]]
        for point in points:
            values = [text(point.value(r)) for r in readings]
            if None in values:
                return [minute_row(r, points, stamps[r.index]) for r in readings]
            columns.append(values)
        return Columns(("time_stamp", *(point.key for point in points)), columns)

    return kept_rows(key, build, row_schema(call.endpoint, field, ITEMS))


def limits_written(backend: IsolarBackend, plant: Plant) -> Hashable:
    """The power limits written to the plant's inverters, for a key: () where none was ever written to
    any device (most fleets), without walking the plant's devices."""
    if not backend.limits:
        return ()
    return tuple((d.sn, tuple((w.made, w.watts) for w in backend.limits.get(d.sn, ()))) for d in inverters(plant))


# The points an inverter's reading takes from its power alone: its AC output (p24, ``Reading.device_w``)
# and the day's running sum of it (p1, ``Reading.device_today_wh``).
POWER_POINTS = {BY_TYPE[1]["p24"]: "power", BY_TYPE[1]["p1"]: "today_wh"}


def pv_columns(
    backend: IsolarBackend, device: IsoDevice, points: Sequence[Point], day: date, now: datetime
) -> list[list[str | None]] | None:
    """Each of ``points``' texts of every begun slot of ``day``, a list per point, where they are
    ``POWER_POINTS`` of an inverter without a limit on the day: ``uncapped_day``'s power and running sum,
    from the day's PV series (``begun_pv``: the simulated slots' own PV) without simulating the battery
    nor making a ``Reading`` per slot, most of a new day's cost. None where no point or any other point is
    asked, or a limit may apply (the caller reads the day's readings)."""
    inverter, plant = device.device, device.plant
    if inverter is None or inverter.kind != "inverter" or not points:
        return None
    if not all(point in POWER_POINTS for point in points):
        return None
    since = backend.capped_since(plant)
    if since is not None and since <= day:
        return None
    _, pvs = begun_pv(plant.model, day, plant.slot_count(day, now))
    share = inverter.pv_share
    # round(w, 1) of a zero is that zero, sign and all: the night's slots skip round(), the dearest step here
    powers = [round(w, 1) if (w := pv * share - 0.0) else w for pv in pvs]
    # uncapped_day's running sum, in its order (0.0, then += each power / SLOTS_PER_HOUR), summed in C
    sums = list(accumulate(map(truediv, powers, repeat(SLOTS_PER_HOUR)), initial=0.0))[1:]
    figures = {"power": powers, "today_wh": sums}
    if not within_one_decimal(powers) or not within_one_decimal(sums):
        figures["today_wh"] = [round(wh, 1) for wh in sums]  # as ``uncapped_day`` rounds them
        return [list(map(text, figures[POWER_POINTS[point]])) for point in points]
    return [list(map(ONE_DECIMAL, figures[POWER_POINTS[point]])) for point in points]


# ``text`` of a number within ``ONE_DECIMAL_BOUND``: written to one decimal as it is, without rounding it to
# one first. Below 2**40 a double lies within 2**-13 of the one-decimal number it rounds to, so writing it or
# its rounding gives the same decimal (and a rounded power rounds to itself): two thirds of a day's build.
ONE_DECIMAL = "{:.1f}".format
ONE_DECIMAL_BOUND = float(2**40)


def within_one_decimal(values: list[float]) -> bool:
    """Whether ``ONE_DECIMAL`` writes every one of ``values`` as ``text`` does."""
    return not values or (max(values) < ONE_DECIMAL_BOUND and min(values) > -ONE_DECIMAL_BOUND)


def average(values: list[float]) -> float:
    """``statistics.fmean`` of a non-empty list, which is this very sum and division: importing the
    statistics module for it was a part of every server's start."""
    return fsum(values) / len(values)


def stats(values: list[float], summable: bool) -> dict[str, float]:
    if not values:
        return {}
    out = {AVERAGE: average(values), PEAK: max(values), VALLEY: min(values)}
    return out | ({TOTAL: sum(values)} if summable else {})


def day_stats(backend: IsolarBackend, device: IsoDevice, point: Point, day: date, now: datetime) -> dict[str, float]:
    """A day's average, peak and valley over its slots; a finished day's are kept, as only a new power
    limit can change them (and writing one drops them)."""
    finished = day < device.plant.local_date(now)
    key = (device.ps_key, point.key, day)
    if finished and key in backend.day_stats:
        return backend.day_stats[key]
    values = [point.value(r) for r in day_readings(device.plant, device.device, day, now, backend)]
    found = stats([v for v in values if v is not None], summable=False)
    if finished:
        backend.day_stats[key] = found
    return found


def day_final(backend: IsolarBackend, device: IsoDevice, point: Point, day: date, now: datetime) -> dict[str, float]:
    """A day energy's final value, as PEAK (the running sum's peak); kept like day_stats."""
    finished = day < device.plant.local_date(now)
    key = (device.ps_key, point.key + ":final", day)
    if finished and key in backend.day_stats:
        return backend.day_stats[key]
    readings = day_readings(device.plant, device.device, day, now, backend, last_only=True)
    value = point.value(readings[-1]) if readings else None
    found = {} if value is None else {PEAK: value}
    if finished:
        backend.day_stats[key] = found
    return found


def periods(query_type: str, start: str, end: str, now: date) -> list[tuple[str, date, date]]:
    """(time_stamp, first day, last day) of each day, month or year asked for, none after ``now``."""
    out = []
    if query_type == "1":
        day, last = datetime.strptime(start, "%Y%m%d").date(), datetime.strptime(end, "%Y%m%d").date()
        while day <= min(last, now):
            out.append((day.strftime("%Y%m%d"), day, day))
            day += timedelta(days=1)
    elif query_type == "2":
        year, month = int(start[:4]), int(start[4:6])
        while (year, month) <= (int(end[:4]), int(end[4:6])) and date(year, month, 1) <= now:
            following = date(year + month // 12, month % 12 + 1, 1)
            out.append((f"{year}{month:02d}", date(year, month, 1), following - timedelta(days=1)))
            year, month = following.year, following.month
    else:
        for year in range(int(start), min(int(end), now.year) + 1):
            out.append((str(year), date(year, 1, 1), date(year, 12, 31)))
    return out


def period_stats(
    backend: IsolarBackend, device: IsoDevice, point: Point, first: date, last: date, daily: bool, now: datetime
) -> dict[str, float]:
    """A day's statistics over its slots; a month's or year's over its days' values (a day's energy is its
    final value, so a month's total is the sum of its days)."""
    today = device.plant.local_date(now)
    days = []
    day = max(first, device.plant.commissioned)
    finals = point.aggregate == "day_energy" and not daily  # a day's energy is its final value
    while day <= min(last, today):
        days.append(
            day_final(backend, device, point, day, now) if finals else day_stats(backend, device, point, day, now)
        )
        day += timedelta(days=1)
    if daily:
        return days[0] if days else {}
    merged = [found for found in days if found]
    if finals:
        return stats([found[PEAK] for found in merged], summable=True)
    if not merged:
        return {}
    return {AVERAGE: average([s[AVERAGE] for s in merged]), PEAK: max(s[PEAK] for s in merged),
            VALLEY: min(s[VALLEY] for s in merged)}  # fmt: skip


def day_month_year_data(call: RoutedCall, sim: Simulator) -> Reply:
    backend = isolar(sim)
    devices, illegal = split(call, sim)
    kinds = str(call.args["data_type"]).split(",")
    query_type = str(call.args["query_type"])
    reverse = str(call.args.get("order") or "0") == "1"
    payload: dict[str, Any] = {}
    for device in devices:
        spans = periods(query_type, call.args["start_time"], call.args["end_time"], device.plant.local_date(call.now))
        series: dict[str, Any] = {}
        for point in points_of(device.device_type, str(call.args["data_point"]).split(",")):
            rows = []
            for stamp, first, last in spans:
                found = period_stats(backend, device, point, first, last, query_type == "1", call.now)
                chosen = {k: text(found[k]) for k in kinds if k in found}
                if chosen:
                    rows.append(chosen | {"time_stamp": stamp})
            series[point.key] = rows[::-1] if reverse else rows
        payload[device.ps_key] = series
    return Reply(payload, {"result_msg": message(illegal)})
