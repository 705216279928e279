"""/openapi/platform/*: the OAuth2 variant's reads, views of the same plants, devices and points."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.isolarcloud import history, realtime
from solarfakes.simulators.vendors.isolarcloud.backend import IsoDevice, isolar
from solarfakes.simulators.vendors.isolarcloud.devices import device_row
from solarfakes.simulators.vendors.isolarcloud.fleet import PLANT_TYPE
from solarfakes.simulators.vendors.isolarcloud.plants import detail, own_plant, own_plants, plant_row
from solarfakes.simulators.vendors.isolarcloud.points import Point, points_of, text
from solarfakes.simulators.world import Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def plants(call: RoutedCall, sim: Simulator) -> Page[Plant]:
    return Page(own_plants(call, sim), lambda p: plant_row(p, sim, call.now))


def plant_details(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    chosen = [own_plant(call, sim, ps_id) for ps_id in str(call.args["ps_ids"]).split(",")]
    return {"data_list": [detail(p, backend, sim, call.now) for p in chosen]}


def devices(call: RoutedCall, sim: Simulator) -> Page[IsoDevice]:
    plant = own_plant(call, sim, call.args["ps_id"])
    return Page(isolar(sim).devices_of(plant), lambda d: device_row(d, False, True))


def point_dict(points: list[Point]) -> list[dict[str, Any]]:
    return [{"point_id": p.point_id, "point_name": p.name, "point_unit": p.unit} for p in points]


def plant_realtime(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    points = points_of(PLANT_TYPE, [str(p) for p in call.args["point_id_list"]])
    rows = []
    for ps_id in call.args["ps_id_list"]:
        reading = realtime.latest(backend, backend.plant_device(own_plant(call, sim, ps_id)), call.now)
        rows.append({"ps_id": int(ps_id)} | {p.key: text(p.value(reading)) if reading else None for p in points})
    payload: dict[str, Any] = {"device_point_list": rows}
    if str(call.args.get("is_get_point_dict")) == "1":
        payload["point_dict"] = point_dict(points)
    return payload


def plant_minutes(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    points = points_of(PLANT_TYPE, str(call.args["points"]).split(","))
    start = datetime.strptime(call.args["start_time_stamp"], history.STAMP)
    end = datetime.strptime(call.args["end_time_stamp"], history.STAMP)
    interval = max(int(call.args.get("minute_interval") or 60) // 5 * 5, 5)
    payload: dict[str, Any] = {}
    for ps_id in call.args["ps_id_list"]:
        device = backend.plant_device(own_plant(call, sim, ps_id))
        payload[str(ps_id)] = history.minute_rows(backend, device, points, start, end, interval, call, str(ps_id))
    if str(call.args.get("is_get_point_dict")) == "1":
        payload["point_dict"] = point_dict(points)
    return payload


def device_realtime(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    payload = realtime.device_realtime(call, sim)
    payload["illegal_ps_key_list"] = list(payload.get("fail_ps_key_list", []))
    if str(call.args.get("is_get_point_dict")) == "1":
        device_type = int(call.args["device_type"])  # device_realtime refused any type without open points
        payload["point_dict"] = point_dict(points_of(device_type, [str(p) for p in call.args["point_id_list"]]))
    return payload
