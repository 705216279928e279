"""Charge and discharge settings steer the battery (alphaess-openAPI docs/API.md, charge/discharge
configuration): in a grid-charge period the battery charges from the grid up to batHighCap; with
discharge time control on, it discharges only in its discharge periods and never below batUseCap,
and outside them it only stores PV surplus. Without either, the battery keeps its own schedule.

The daily periods become the physics' battery commands, day by day, from the instant of the write,
kept for the last ``HORIZON_DAYS`` days and the next: a system steered for years costs a week of
days, and the days before that show the battery's own schedule again (an approximation that keeps the
chain of commanded days, each starting where the last ended, short)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from solarfakes.simulators.physics import BatteryCommand, CommandMode
from solarfakes.simulators.vendors.alphacloud.backend import (
    AlphaBackend,
    ChargeConfig,
    DischargeConfig,
    Steering,
    alpha,
    sys_sn,
)
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

HORIZON_DAYS = 7
MINUTES_PER_DAY = 24 * 60
NO_DISCHARGE_PCT = 100.0  # a cut-off at full charge: the battery may only store surplus

Order = tuple[CommandMode, float, float]  # mode, power (W, positive discharges), SOC limit (%)


def minute_of(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def in_period(minute: int, start: str, end: str) -> bool:
    """Whether ``minute`` of a day lies in the period from ``start`` to ``end`` (across midnight when
    the end comes first); equal ends make no period."""
    first, last = minute_of(start), minute_of(end)
    if first == last:
        return False
    if first < last:
        return first <= minute < last
    return minute >= first or minute < last


def order_at(plant: Plant, charge: ChargeConfig | None, discharge: DischargeConfig | None, minute: int) -> Order | None:
    assert plant.battery is not None
    full = plant.battery.max_power_w
    if charge is not None and charge.grid_charge == 1:
        periods = ((charge.time_chaf1, charge.time_chae1), (charge.time_chaf2, charge.time_chae2))
        if any(in_period(minute, start, end) for start, end in periods):
            return ("to_soc", -full, float(charge.bat_high_cap))
    if discharge is not None and discharge.ctr_dis == 1:
        periods = ((discharge.time_disf1, discharge.time_dise1), (discharge.time_disf2, discharge.time_dise2))
        if any(in_period(minute, start, end) for start, end in periods):
            return ("self_use", full, float(discharge.bat_use_cap))
        return ("self_use", full, NO_DISCHARGE_PCT)
    return None


Run = tuple[int, int, Order]  # first minute, minute after the last, the order in force


def daily_runs(plant: Plant, charge: ChargeConfig | None, discharge: DischargeConfig | None) -> list[Run]:
    """The day's minutes grouped into runs under the same order (the same every day)."""
    runs: list[Run] = []
    run_start, current = 0, order_at(plant, charge, discharge, 0)
    for minute in range(1, MINUTES_PER_DAY + 1):
        order = order_at(plant, charge, discharge, minute) if minute < MINUTES_PER_DAY else None
        if minute < MINUTES_PER_DAY and order == current:
            continue
        if current is not None:
            runs.append((run_start, minute, current))
        run_start, current = minute, order
    return runs


def day_commands(plant: Plant, runs: list[Run], day: date, since: datetime) -> list[BatteryCommand]:
    """The commands of one plant-local day, none before ``since``."""
    zone = ZoneInfo(plant.timezone)
    midnight = datetime(day.year, day.month, day.day)
    commands: list[BatteryCommand] = []
    for first, after, (mode, power, soc) in runs:
        start = (midnight + timedelta(minutes=first)).replace(tzinfo=zone)
        end = (midnight + timedelta(minutes=after)).replace(tzinfo=zone)
        if end > since:
            commands.append(BatteryCommand(max(start, since), end, mode, power, soc))
    return commands


def steer(backend: AlphaBackend, plant: Plant, now: datetime) -> None:
    """Bring the system's commands up to the day after ``now``'s, from its settings."""
    sn = sys_sn(plant)
    steering = backend.steering.get(sn)
    if steering is None or plant.battery is None:
        return
    today = plant.local_date(now)
    oldest = today - timedelta(days=HORIZON_DAYS)
    start = max(plant.local_date(steering.since), oldest)
    if steering.through is not None:
        start = max(start, steering.through + timedelta(days=1))
    last = today + timedelta(days=1)
    if start <= last:
        runs = daily_runs(plant, backend.charge.get(sn), backend.discharge.get(sn))
        day = start
        while day <= last:
            for command in day_commands(plant, runs, day, steering.since):
                plant.command_battery(command)
            day += timedelta(days=1)
        steering.through = last
    horizon = datetime(oldest.year, oldest.month, oldest.day, tzinfo=ZoneInfo(plant.timezone))
    plant.battery_commands = [c for c in plant.battery_commands if c.end > horizon]


def restart(backend: AlphaBackend, plant: Plant, now: datetime) -> None:
    """New settings steer from ``now``: the old ones' commands end here, the new ones take over."""
    plant.stop_battery_commands(now)
    backend.steering[sys_sn(plant)] = Steering(plant_id=plant.plant_id, since=now)
    steer(backend, plant, now)


def steer_all(sim: Simulator, now: datetime) -> None:
    backend = alpha(sim)
    for steering in backend.steering.values():
        plant = backend.fleet.get(steering.plant_id)
        if plant is not None:
            steer(backend, plant, now)
