"""getOpenPointInfo (2.10) lists the catalogue the data endpoints answer from; getDevPropertyPointValue
(2.11) reads its property points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.isolarcloud.backend import isolar
from solarfakes.simulators.vendors.isolarcloud.plants import own_plant
from solarfakes.simulators.vendors.isolarcloud.points import PROPERTY, PROPERTY_POINTS, TELEMETRY, points_of

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def open_points(call: RoutedCall, sim: Simulator) -> Page[dict[str, Any]]:
    device_type = int(call.args["device_type"]) if str(call.args["device_type"]).isdigit() else -1
    kind = str(call.args["type"])
    rows: list[dict[str, Any]] = []
    if kind == TELEMETRY:
        rows = [{"device_type": p.device_type, "point_id": p.point_id, "point_name": p.name, "open_point_remark": None,
                 "show_unit": p.show_unit, "storage_unit": p.unit} for p in points_of(device_type)]  # fmt: skip
    elif kind == PROPERTY:
        rows = [{"device_type": dtype, "point_id": pid, "point_name": name, "open_point_remark": None,
                 "show_unit": unit, "storage_unit": unit}
                for pid, (name, dtype, unit) in PROPERTY_POINTS.items() if dtype == device_type]  # fmt: skip
    return Page(rows)


def property_values(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    plant = own_plant(call, sim, call.args["ps_id"])
    rows = []
    for key in (str(k) for k in call.args["ps_key_list"]):
        device = backend.devices.get(key)
        if (
            device is None
            or device.plant.plant_id != plant.plant_id
            or str(device.device_type) != str(call.args["device_type"])
        ):
            continue
        battery = plant.battery
        values = {13257: plant.peak_kw * 1000, 13258: battery.capacity_kwh * 1000 if battery else 0.0, 13261: 0.0}
        for point in (str(p) for p in call.args["point_id_list"]):
            known = PROPERTY_POINTS.get(int(point)) if point.isdigit() else None
            if known is None or known[1] != device.device_type:
                continue
            value = f"{values[int(point)]:.1f}"
            rows.append({"uuid": device.uuid, "device_type": device.device_type, "ps_key": device.ps_key,
                         "property_code": point, "property_value": value, "unit": known[2]})  # fmt: skip
    return {"code": "1" if rows else "4", "property_point_value_list": rows}
