"""The one point catalogue: what getOpenPointInfo lists, and what real-time, minute, day/month/year
and property reads answer, all from the same definitions, in base units (W, Wh, V, A).

Point ids and names follow the developer portal's measuring-point pages (isolarcloud-portal
common-inverter-, common-energy-storage-inverter-, common-energy-meter- and common-plant-measuring-points)
and the document (2.6.4: p1 daily yield, p2 total yield, p24 active power, ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from solarfakes.simulators.vendors.isolarcloud.readings import Reading

Aggregate = Literal["day_energy", "counter", "instant"]
TELEMETRY, PROPERTY = "2", "5"


@dataclass(frozen=True)
class Point:
    point_id: int
    name: str
    device_type: int
    unit: str  # storage unit (base unit); the display unit is show_unit
    show_unit: str
    aggregate: Aggregate  # day_energy: resets daily, sums over days; counter: never decreases
    value: Callable[[Reading], float | None]
    # "p<id>", written once: every minute-data call names each of its points by it
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"p{self.point_id}")


def tel(
    pid: int, name: str, dtype: int, unit: str, show: str, agg: Aggregate, fn: Callable[[Reading], float | None]
) -> Point:
    return Point(pid, name, dtype, unit, show, agg, fn)


def soc(r: Reading) -> float | None:
    return None if r.slot.soc_pct is None else r.slot.soc_pct


TELEMETRY_POINTS: tuple[Point, ...] = (
    # PV inverter (1): its share of the plant's PV; the document's own ids (2.6.4).
    tel(1, "Daily Yield", 1, "Wh", "kWh", "day_energy", lambda r: r.device_today_wh),
    tel(2, "Total Yield", 1, "Wh", "kWh", "counter", lambda r: r.device_lifetime_wh),
    tel(24, "Total Active Power", 1, "W", "kW", "instant", lambda r: r.device_w),
    tel(14, "Total DC Power", 1, "W", "kW", "instant", lambda r: r.dc_w),
    tel(18, "Phase A Voltage", 1, "V", "V", "instant", lambda r: r.voltage),
    tel(21, "Phase A Current", 1, "A", "A", "instant", lambda r: r.current),
    tel(27, "Grid Frequency", 1, "Hz", "Hz", "instant", lambda r: r.frequency),
    tel(4, "Internal Air Temperature", 1, "℃", "℃", "instant", lambda r: r.temperature),
    tel(5, "MPPT1 Voltage", 1, "V", "V", "instant", lambda r: r.dc_voltage),
    tel(6, "MPPT1 Current", 1, "A", "A", "instant", lambda r: r.dc_current),
    # Energy storage system (14): the plant's battery and its view of the grid and the load.
    tel(13126, "Battery Charging Power", 14, "W", "kW", "instant", lambda r: r.slot.charge_w),
    tel(13150, "Battery Discharging Power", 14, "W", "kW", "instant", lambda r: r.slot.discharge_w),
    tel(13141, "Battery Level (SOC)", 14, "%", "%", "instant", soc),
    tel(13028, "Battery Charging Energy Today", 14, "Wh", "kWh", "day_energy", lambda r: r.today.charge * 1000),
    tel(13029, "Battery Discharging Energy Today", 14, "Wh", "kWh", "day_energy", lambda r: r.today.discharge * 1000),
    tel(13119, "Load Power", 14, "W", "kW", "instant", lambda r: r.slot.load_w),
    tel(13149, "Purchased Power", 14, "W", "kW", "instant", lambda r: r.slot.import_w),
    tel(13121, "Feed-in Power", 14, "W", "kW", "instant", lambda r: r.slot.export_w),
    # Meter (7): grid power, positive when importing.
    tel(8018, "Meter Active Power", 7, "W", "kW", "instant", lambda r: r.slot.grid_w),
    tel(8062, "Daily Forward Active Energy", 7, "Wh", "kWh", "day_energy", lambda r: r.today.grid_import * 1000),
    tel(8063, "Daily Reverse Active Energy", 7, "Wh", "kWh", "day_energy", lambda r: r.today.grid_export * 1000),
    # Plant (11): the site as a whole.
    tel(83022, "Daily Yield of Plant", 11, "Wh", "kWh", "day_energy", lambda r: r.today.pv * 1000),
    tel(83024, "Plant Total Yield", 11, "Wh", "kWh", "counter", lambda r: r.plant_lifetime_wh),
    tel(83033, "Plant Power", 11, "W", "kW", "instant", lambda r: r.slot.pv_w),
    tel(83106, "Load Power", 11, "W", "kW", "instant", lambda r: r.slot.load_w),
    tel(83118, "Daily Load Consumption", 11, "Wh", "kWh", "day_energy", lambda r: r.today.load * 1000),
    tel(83102, "Energy Purchased Today", 11, "Wh", "kWh", "day_energy", lambda r: r.today.grid_import * 1000),
    tel(83072, "Feed-in Energy Today", 11, "Wh", "kWh", "day_energy", lambda r: r.today.grid_export * 1000),
    tel(83549, "Grid Active Power", 11, "W", "kW", "instant", lambda r: r.slot.grid_w),
    tel(83252, "Battery Level (SOC)", 11, "%", "%", "instant", soc),
)

# Property points (2.11.5's sample: 13257 installed power in Wp, 13258 lithium and 13261 lead-acid battery capacity).
PROPERTY_POINTS: dict[int, tuple[str, int, str]] = {
    13257: ("Installed PV Power", 14, "Wp"),
    13258: ("Battery Capacity (Lithium Battery)", 14, "Wh"),
    13261: ("Battery Capacity (Lead-Acid Battery)", 14, "Ah"),
}

BY_TYPE: dict[int, dict[str, Point]] = {}
for _point in TELEMETRY_POINTS:
    BY_TYPE.setdefault(_point.device_type, {})[_point.key] = _point


def point_key(raw: str) -> str:
    """'1', 'p1' -> 'p1' (clients send both)."""
    raw = raw.strip()
    return raw if raw.startswith("p") else f"p{raw}"


def points_of(device_type: int, wanted: list[str] | None = None) -> list[Point]:
    """The device type's telemetry points, all or those ``wanted`` (unknown ones left out)."""
    known = BY_TYPE.get(device_type, {})
    if wanted is None:
        return list(known.values())
    return [known[key] for key in dict.fromkeys(point_key(w) for w in wanted) if key in known]


ASKED_TEXT_MOST = 512  # longer point lists (no client sends one) are worked out anew, not kept


def asked_points(device_type: int, asked: str) -> tuple[Point, ...]:
    """``points_of`` the comma-separated ``asked`` list, worked out once per list: a history's calls all
    ask for the same points."""
    if len(asked) > ASKED_TEXT_MOST:
        return tuple(points_of(device_type, asked.split(",")))
    return kept_asked_points(device_type, asked)


@lru_cache(maxsize=256)
def kept_asked_points(device_type: int, asked: str) -> tuple[Point, ...]:
    return tuple(points_of(device_type, asked.split(",")))


def text(value: float | None) -> str | None:
    """A point value as the server writes it: a string in base units, one decimal ("108500.0")."""
    return None if value is None else f"{round(value, 1):.1f}"
