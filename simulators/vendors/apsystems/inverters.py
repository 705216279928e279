"""Inverter-level data (apsystems-openapi 3.5): each micro-inverter's channels (one module each) share
its PV equally, so channel figures add up to the inverter's, the ECU's and the system's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.physics import unit_hash
from solarfakes.simulators.vendors.apsystems.access import own_ecu, own_inverter
from solarfakes.simulators.vendors.apsystems.energy import PvHistory, PvPoint
from solarfakes.simulators.vendors.apsystems.fleet import PANEL_W, channels
from solarfakes.simulators.vendors.apsystems.system import POINT_KWH_PLACES, energy_values
from solarfakes.simulators.vendors.apsystems.text import fixed
from solarfakes.simulators.world import Device, Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

DOCUMENTED_CHANNELS = 4  # the document's summary lists channels 1-4 whatever the model
THREE_PHASE = {"QT2D"}


def channel_share(inverter: Device) -> float:
    return inverter.pv_share / channels(inverter)


def inverter_summary(call: RoutedCall, sim: Simulator) -> dict[str, str]:
    """Documented: d/m/y/t for channels 1-4 (a two-channel model reports 0 on 3 and 4). Observed: m/y/t
    for the model's own channels, no d* keys (vendor-reality apsystems §4)."""
    system, inverter = own_inverter(call, sim)
    history = PvHistory(system.plant, call.now)
    today = history.today
    tomorrow = today + timedelta(days=1)
    share = channel_share(inverter)
    figures = {
        "d": history.day(today),
        "m": history.between(today.replace(day=1), tomorrow),
        "y": history.between(today.replace(month=1, day=1), tomorrow),
        "t": history.lifetime(),
    }
    documented = sim.profile == "documented"
    count = DOCUMENTED_CHANNELS if documented else channels(inverter)
    out = {}
    for channel in range(1, count + 1):
        for key, kwh in figures.items():
            if key == "d" and not documented:
                continue
            out[f"{key}{channel}"] = fixed(kwh * share if channel <= channels(inverter) else 0.0)
    return out


def telemetry(plant: Plant, inverter: Device, points: list[PvPoint]) -> dict[str, Any]:
    """Per channel DC power, current, voltage and energy; AC voltage per phase, temperature, power and
    frequency. AC power equals the DC sum, so the telemetry integrates to the reported energy."""
    share, count = channel_share(inverter), channels(inverter)
    us = plant.country == "US"
    out: dict[str, Any] = {"t": [p.start.strftime("%H:%M") for p in points]}
    watts = [p.watts * share for p in points]
    volts = [30.0 + 8.0 * min(w / PANEL_W, 1.0) for w in watts]
    for channel in range(1, count + 1):
        out[f"dc_p{channel}"] = [fixed(w) for w in watts]
        out[f"dc_i{channel}"] = [fixed(w / v) for w, v in zip(watts, volts, strict=True)]
        out[f"dc_v{channel}"] = [fixed(v, 1) for v in volts]
        out[f"dc_e{channel}"] = [fixed(p.kwh * share, POINT_KWH_PLACES) for p in points]
    phases = 3 if inverter.model in THREE_PHASE else 1
    for phase in range(1, phases + 1):
        nominal = 240.0 if us else 230.0
        out[f"ac_v{phase}"] = [fixed(nominal + 6 * unit_hash(plant.key, p.start, phase) - 3, 1) for p in points]
    ac = [p.watts * inverter.pv_share for p in points]
    out["ac_t"] = [fixed(22 + 25 * min(w / inverter.nominal_w, 1.0), 1) for w in ac]
    out["ac_p"] = [fixed(w) for w in ac]
    out["ac_f"] = [fixed(60.0 if us else 50.0, 2) for _ in points]
    return out


def inverter_energy(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    system, inverter = own_inverter(call, sim)
    history = PvHistory(system.plant, call.now)
    level = call.args["energy_level"]
    if level == "minutely":
        day = date.fromisoformat(str(call.args["date_range"]))
        points = reported_points(history, day)
        return telemetry(system.plant, inverter, points)
    share = channel_share(inverter)
    values = energy_values(history, level, call.args.get("date_range"))
    return {f"e{channel}": [fixed(kwh * share) for kwh, _ in values] for channel in range(1, channels(inverter) + 1)}


def reported_points(history: PvHistory, day: date) -> list[PvPoint]:
    points = history.points(day)
    if not points:
        raise VendorError(1001, diagnostics={"problem": f"the inverters reported nothing on {day} (yet)"})
    return points


def ecu_inverters_day_energy(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    """energy: "uid-channel-energy" for every channel below the ECU; power: each channel's power list."""
    system, ecu = own_ecu(call, sim)
    history = PvHistory(system.plant, call.now)
    day = date.fromisoformat(str(call.args["date_range"]))
    points = reported_points(history, day)
    keys = [(inverter, f"{inverter.sn}-{channel}") for inverter in ecu.inverters
            for channel in range(1, channels(inverter) + 1)]  # fmt: skip
    if call.args["energy_level"] == "energy":
        day_kwh = sum(p.kwh for p in points)
        return {"energy": [f"{key}-{fixed(day_kwh * channel_share(inverter))}" for inverter, key in keys]}
    return {
        "time": [p.start.strftime("%H:%M") for p in points],
        "power": {key: [fixed(p.watts * channel_share(inverter)) for p in points] for inverter, key in keys},
    }
