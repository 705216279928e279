"""System- and ECU-level data (apsystems-openapi 3.2, 3.3): the energy the inverters below a system or an
ECU reported, as summaries, energy levels and a day's power telemetry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.identity import per_object
from solarfakes.simulators.core.shape import compiled
from solarfakes.simulators.day_rows import day_inputs, finished, kept_encoded, kept_rows, row_schema, wall_texts
from solarfakes.simulators.vendors.apsystems.access import own_ecu, own_system
from solarfakes.simulators.vendors.apsystems.backend import aps
from solarfakes.simulators.vendors.apsystems.energy import PvHistory, picked, points_kwh
from solarfakes.simulators.vendors.apsystems.periods import (
    HOURS,
    day_period,
    periods_for,
    requested_day,
    require_data,
)
from solarfakes.simulators.vendors.apsystems.text import fixed, fixed_all, fixed_items
from solarfakes.simulators.world import Plant
from solarfakes.specs.model import FieldSchema

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

POINT_KWH_PLACES = 4  # a 5-minute point's energy is small; two decimals would round it away


def summary(history: PvHistory, share: float) -> dict[str, str]:
    today = history.today
    tomorrow = today + timedelta(days=1)
    return {
        "today": fixed(history.day(today) * share),
        "month": fixed(history.between(today.replace(day=1), tomorrow) * share),
        "year": fixed(history.between(today.replace(month=1, day=1), tomorrow) * share),
        "lifetime": fixed(history.lifetime() * share),
    }


def hourly(history: PvHistory, day: date) -> list[float]:
    hours = [0.0] * HOURS
    for point in history.points(day, daylight_only=False):
        hours[point.start.hour] += point.kwh
    return hours


def energy_values(history: PvHistory, level: str, date_range: str | None) -> list[tuple[float, bool]]:
    """Each period's energy of the level, and whether the period has begun (a later one is empty)."""
    since, today = history.plant.commissioned, history.today
    if level == "hourly":
        day = requested_day(str(date_range))
        require_data([day_period(day)], since, today, "energy")
        hour_now = history.now.astimezone(ZoneInfo(history.plant.timezone)).hour
        return [(kwh, day < today or hour <= hour_now) for hour, kwh in enumerate(hourly(history, day))]
    periods = periods_for(level, date_range, since, today)
    require_data(periods, since, today, "energy")
    return [(history.between(p.first, p.after), since < p.after and p.first <= today) for p in periods]


def minutely(history: PvHistory, share: float, day: date) -> dict[str, Any]:
    """The day's power telemetry: the points the inverters reported, and the day's energy."""
    chosen, watts, kwhs = history.point_figures(day)
    if not chosen:
        raise VendorError(1001, diagnostics={"problem": f"the inverters reported nothing on {day} (yet)"})
    return {
        "time": clock_texts(history.plant.timezone, day, chosen),
        "energy": fixed_all([kwh * share for kwh in kwhs], POINT_KWH_PLACES),
        "power": fixed_all([power * share for power in watts]),
        "today": fixed(sum(kwhs) * share),
    }


def minutely_json(history: PvHistory, share: float, day: date) -> bytes:
    """``minutely``'s answer as the shape and encode steps write it where they keep its texts as they are
    (``keeps_minutely_texts``): each list's texts quoted and joined, as orjson writes texts of digits, points
    and colons, with none of the 300 or so small texts made (shaping and encoding them cost a new day more
    than writing them). Each point's figures are ``minutely``'s, made in fewer passes: its power
    ``pv * scale * share`` is its watts times the share."""
    chosen, pvs, scale = history.point_pv(day)
    if not chosen:
        raise VendorError(1001, diagnostics={"problem": f"the inverters reported nothing on {day} (yet)"})
    kwhs = points_kwh(pvs, scale)
    texts = wall_texts(history.plant.timezone, day, CLOCK)
    return "".join((
        '{"time":["', '","'.join(picked(texts, chosen)),
        '"],"energy":[', fixed_items([kwh * share for kwh in kwhs], POINT_KWH_PLACES),
        '],"power":[', fixed_items([pv * scale * share for pv in pvs]),
        '],"today":"', fixed(sum(kwhs) * share), '"}',
    )).encode()  # fmt: skip


MINUTELY_LISTS = ("time", "energy", "power")


def keeps_minutely_texts(schema: FieldSchema | None) -> bool:
    """Whether the shape step leaves ``minutely``'s texts as they are under ``schema`` (the row schema of
    ecu_energy): the items of its three lists and its day's total, each a text its field keeps."""
    return schema is None or minutely_texts_kept(schema)


@per_object()
def minutely_texts_kept(schema: FieldSchema) -> bool:
    fields = compiled(schema).fields
    items = [fields[key].item_conformer for key in MINUTELY_LISTS if key in fields]
    return all(item is None or str in item.kept for item in items) and (
        "today" not in fields or str in fields["today"].kept
    )


def clock_texts(timezone: str, day: date, chosen: Sequence[int]) -> list[str]:
    """The start of each of the zone-day's slots ``chosen`` (by index) as ``start.strftime("%H:%M")``
    writes it: the zone-day's shared texts (``wall_texts``), where a strftime per point was a fifth of a
    new day's answer."""
    texts = wall_texts(timezone, day, CLOCK)
    return [texts[n] for n in chosen]


CLOCK = "%H:%M"


def slot_summary(sim: Simulator, plant: Plant, share: float, now: datetime) -> dict[str, str]:
    """``summary`` of the slot under way: the same for every call in the slot (today's energy is its
    points so far), so kept; a copy is answered."""
    memo = aps(sim).slot_answers
    slot = memo.slot_of(plant, now)
    kept = memo.get((plant.plant_id, share), slot)
    if kept is not None and kept[0] is plant:
        return dict(kept[1])
    found = summary(PvHistory(plant, now), share)
    memo.put((plant.plant_id, share), slot, (plant, found))
    return dict(found)


def system_summary(call: RoutedCall, sim: Simulator) -> dict[str, str]:
    system = own_system(call, sim)
    return slot_summary(sim, system.plant, 1.0, call.now)


def system_energy(call: RoutedCall, sim: Simulator) -> list[str | None]:
    """Observed: a period nothing was reported in yet is null (vendor-reality apsystems §1)."""
    system = own_system(call, sim)
    values = energy_values(PvHistory(system.plant, call.now), call.args["energy_level"], call.args.get("date_range"))
    nulls = sim.profile == "observed"
    return [fixed(kwh) if begun or not nulls else None for kwh, begun in values]


def ecu_summary(call: RoutedCall, sim: Simulator) -> dict[str, str]:
    system, ecu = own_ecu(call, sim)
    return slot_summary(sim, system.plant, ecu.pv_share, call.now)


def ecu_energy(call: RoutedCall, sim: Simulator) -> Any:
    system, ecu = own_ecu(call, sim)
    history = PvHistory(system.plant, call.now)
    level = call.args["energy_level"]
    if level == "minutely":
        day = requested_day(str(call.args["date_range"]))
        if not finished(system.plant, day, call.now):
            return minutely(history, ecu.pv_share, day)
        # A finished day's telemetry is kept shaped and encoded (day_rows): it changes with the physics only.
        key = (sim.api, sim.profile, call.endpoint.id, day_inputs(system.plant, day), ecu.pv_share)
        schema = row_schema(call.endpoint)
        if keeps_minutely_texts(schema):  # kept as kept_rows keeps it, written without the shape step
            return Encoded(kept_encoded((key, id(schema)), lambda: [minutely_json(history, ecu.pv_share, day)])[0])
        return Encoded(kept_rows(key, lambda: [minutely(history, ecu.pv_share, day)], schema)[0])
    return [fixed(kwh * ecu.pv_share) for kwh, _ in energy_values(history, level, call.args.get("date_range"))]
