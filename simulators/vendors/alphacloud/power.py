"""AlphaCloud views of the fleet: the system list, real-time power, a day's power and energy, and
the customer summary, in AlphaESS's field names, units and types per profile."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.envelope import payload_placed
from solarfakes.simulators.day_rows import (
    ITEMS,
    Columns,
    day_inputs,
    finished,
    json_rows,
    kept_rows,
    row_schema,
    wall_texts,
)
from solarfakes.simulators.physics import (
    SHORTCUT_BELOW,
    WHOLE_MAKER,
    DayColumns,
    Slot,
    day_columns,
    rounded_runs,
    whole_floats,
)
from solarfakes.simulators.vendors.alphacloud.backend import alpha, sys_sn
from solarfakes.simulators.vendors.alphacloud.systems import find_system, history_day, online_system, system
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def watts(value: float, profile: str) -> float | int:
    return round(value) if profile == "documented" else float(round(value))


def kwh(value: float) -> float:
    return round(value, 2)


def ess_list(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]]:
    """The systems bound to the caller's appId, found by their serials (not by walking the fleet), in
    fleet order (the seeded fleet's order is its plant ids'; AlphaCloud adds no plants)."""
    found = (find_system(sim, sn) for sn in alpha(sim).bound(call.account.name))
    plants = sorted((p for p in found if p is not None), key=lambda p: p.plant_id)
    return [dict(ess_row(plant, sim, call.now)) for plant in plants]


def ess_row(plant: Plant, sim: Simulator, now: datetime) -> dict[str, Any]:
    """A system's row of the list: its figures of the slot under way, worked out once per slot."""
    memo = alpha(sim).slot_answers
    slot = memo.slot_of(plant, now)
    key = ("ess_row", sim.profile, plant.plant_id, plant.online)
    kept = memo.get(key, slot)
    if kept is not None and kept[0] is plant:
        row: dict[str, Any] = kept[1]
        return row
    row = slot_ess_row(plant, sim.profile, now)
    memo.put(key, slot, (plant, row))
    return row


def slot_ess_row(plant: Plant, profile: str, now: datetime) -> dict[str, Any]:
    assert plant.battery is not None
    sn = sys_sn(plant)
    inverter = plant.devices_of("inverter")[0]
    soc = plant.now_slot(now).soc_pct or 0.0
    if profile == "documented":
        return {
            "sysSn": sn,
            "usCapacity": 100.0,
            "emsStatus": 1 if plant.online else 0,
            "cobat": round(plant.battery.capacity_kwh),
            "mbat": 1,
            "minv": 1,
            "poinv": round(inverter.nominal_w / 1000),
            "popv": round(plant.peak_kw),
            "surplusCobat": round(plant.battery.capacity_kwh * soc / 100),
        }
    return {
        "sysSn": sn,
        "popv": plant.peak_kw,
        "minv": inverter.model,
        "poinv": round(inverter.nominal_w / 1000, 2),
        "cobat": plant.battery.capacity_kwh,
        "mbat": plant.devices_of("storage")[0].model,
        "surplusCobat": round(plant.battery.capacity_kwh * soc / 100, 2),
        "usCapacity": 100.0,
        "emsStatus": "Normal" if plant.online else "Fault",
    }


def power_view(slot: Slot, profile: str) -> dict[str, Any]:
    if profile == "documented":
        return {
            "pbat": watts(slot.battery_w, profile),
            "pev": 0,
            "pgrid": watts(slot.grid_w, profile),
            "pload": watts(slot.load_w, profile),
            "ppv": watts(slot.pv_w, profile),
            "soc": round(slot.soc_pct or 0),
        }
    w = float(round(slot.pv_w))
    return {
        "ppv": w,
        "ppvDetail": {
            "ppv1": float(round(w * 0.55)),
            "ppv2": w - float(round(w * 0.55)),
            "ppv3": 0.0,
            "ppv4": 0.0,
            "pmeterDc": 0.0,
        },
        "soc": round(slot.soc_pct or 0.0, 1),
        "pev": 0,
        "pevDetail": {"ev1Power": None, "ev2Power": None, "ev3Power": None, "ev4Power": None},
        "prealL1": float(round(slot.load_w - slot.grid_w)),
        "prealL2": 0.0,
        "prealL3": 0.0,
        "pgrid": float(round(slot.grid_w)),
        "pgridDetail": {"pmeterL1": float(round(slot.grid_w)), "pmeterL2": 0.0, "pmeterL3": 0.0},
        "pload": float(round(slot.load_w)),
        "pbat": float(round(slot.battery_w)),
    }


def last_power(call: RoutedCall, sim: Simulator) -> dict[str, Any] | Encoded:
    plant = online_system(call, sim)
    if not payload_placed(sim.spec, call.endpoint):
        return power_view(plant.now_slot(call.now), sim.profile)
    # The view of the slot under way, kept for the slot as its shaped, encoded bytes.
    schema = call.endpoint.response.schema_
    memo = alpha(sim).slot_answers
    key = ("last_power", plant.plant_id, sim.profile, id(schema))
    return memo.shaped(
        key, memo.slot_of(plant, call.now), (plant,), schema, lambda: power_view(plant.now_slot(call.now), sim.profile)
    )


def one_day_power(call: RoutedCall, sim: Simulator) -> list[dict[str, Any]] | Encoded:
    plant = system(call, sim)
    day = history_day(call, plant)
    sn = sys_sn(plant)

    def rows() -> list[dict[str, Any]]:
        stamps = wall_texts(plant.timezone, day, UPLOAD_TIME)  # each slot's start, written
        return [day_power_row(slot, sn, sim.profile, stamps[n]) for n, slot in enumerate(plant.history(day, call.now))]

    if not finished(plant, day, call.now):
        return rows()

    def kept_day() -> list[dict[str, Any]] | Columns:
        if sim.profile == "documented":
            return rows()
        stamps = wall_texts(plant.timezone, day, UPLOAD_TIME)
        if day < plant.commissioned:  # no slots (Plant.history)
            return day_power_columns((), sn, stamps)
        # a finished day's slots (Plant.history's, whole), as figures: no slot object is made
        figures = day_columns(plant.model, day, plant.commands_on(day), plant.start_soc(day))
        return power_columns(figures, sn, stamps)

    key = (sim.api, sim.profile, call.endpoint.id, day_inputs(plant, day), sn)
    return json_rows(kept_rows(key, kept_day, row_schema(call.endpoint, ITEMS), whole=True))


UPLOAD_TIME = "%Y-%m-%d %H:%M:%S"


def day_power_row(slot: Slot, sn: str, profile: str, stamp: str) -> dict[str, Any]:
    """A slot's row; ``stamp``: its start as ``UPLOAD_TIME`` writes it (the zone-day's ``wall_texts``)."""
    if profile == "documented":
        return {"uploadTime": stamp, **{k: v for k, v in power_view(slot, "documented").items() if k != "pev"}}
    return {
        "sysSn": sn,
        "uploadTime": stamp,
        "ppv": float(round(slot.pv_w)),
        "load": float(round(slot.load_w)),
        "cbat": round(slot.soc_pct or 0.0, 1),
        "feedIn": float(round(slot.export_w)),
        "gridCharge": float(round(min(slot.charge_w, slot.import_w))),
        "pchargingPile": 0.0,
    }


def day_power_columns(slots: Sequence[Slot], sn: str, stamps: Sequence[str]) -> Columns:
    """``day_power_row`` of each of a day's ``slots`` in the observed profile, field by field: a kept day
    is written column by column without a dict per row (``stamps``: the zone-day's ``wall_texts``)."""
    return power_columns(DayColumns.of(slots), sn, stamps)


def power_columns(figures: DayColumns, sn: str, stamps: Sequence[str]) -> Columns:
    """``day_power_columns`` of a day's slot figures. Each field as ``day_power_row`` works it out, in C
    where it can be (``whole_floats``, ``rounded_runs``) and without ``max``/``min`` calls: the export is
    ``-grid`` where the grid exports and 0.0 elsewhere, the grid charge the lesser of charge and import
    where both flow and 0.0 elsewhere, as the builtins give them."""
    count = len(figures.pv_w)
    return Columns(
        POWER_ROW_KEYS,
        [
            [sn] * count,
            stamps[:count],
            whole_floats(figures.pv_w),
            whole_floats(figures.load_w),
            rounded_runs([soc or 0.0 for soc in figures.soc_pct], 1),
            export_wholes(figures.grid_w),
            [
                float(round(grid if grid < -battery else -battery)) if battery < 0.0 and grid > 0.0 else 0.0
                for battery, grid in zip(figures.battery_w, figures.grid_w, strict=True)
            ],
            [0.0] * count,
        ],
    )


def export_wholes(grid_w: Sequence[float]) -> list[float]:
    """``[float(round(-grid)) if grid < 0.0 else 0.0 for grid in grid_w]``, the same floats: the export is
    rounded as ``whole_floats`` rounds (adding and taking ``WHOLE_MAKER``; ``maker - grid`` is ``-grid +
    maker`` to the last bit) where it may, else by ``round``; an import, a zero and NaN are 0.0. A third of a
    day's slots export, and ``float(round())`` made this the dearest column but the state of charge."""
    maker, low = WHOLE_MAKER, -SHORTCUT_BELOW
    return [
        0.0 if grid >= 0.0 else (maker - grid) - maker if low < grid else float(round(-grid)) if grid < 0.0 else 0.0
        for grid in grid_w
    ]  # fmt: skip


# The fields of an observed row (``day_power_row``), in order.
POWER_ROW_KEYS = ("sysSn", "uploadTime", "ppv", "load", "cbat", "feedIn", "gridCharge", "pchargingPile")


def one_date_energy(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim)
    day = history_day(call, plant)
    e = plant.energy(day, call.now)
    figures = {
        "epv": kwh(e.pv),
        "eCharge": kwh(e.charge),
        "eDischarge": kwh(e.discharge),
        "eGridCharge": kwh(e.grid_charge),
        "eInput": kwh(e.grid_import),
        "eOutput": kwh(e.grid_export),
    }
    if sim.profile == "documented":
        return figures
    return {"sysSn": sys_sn(plant), "theDate": day.isoformat(), **figures, "eChargingPile": 0.0}


def sum_data(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    plant = system(call, sim)
    e = plant.energy(plant.local_date(call.now), call.now)
    return {
        "epvtoday": kwh(e.pv),
        "epvtotal": kwh(plant.lifetime_pv_kwh(call.now)),
        "eload": kwh(e.load),
        "eoutput": kwh(e.grid_export),
        "einput": kwh(e.grid_import),
        "echarge": kwh(e.charge),
        "edischarge": kwh(e.discharge),
        "todayIncome": None,
        "totalIncome": None,
        "eselfConsumption": round((e.pv - e.grid_export) / e.pv, 4) if e.pv else None,
        "eselfSufficiency": round((e.load - e.grid_import) / e.load, 4) if e.load else None,
        "treeNum": None,
        "carbonNum": None,
        "moneyType": None,
    }
