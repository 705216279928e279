"""What a Growatt token may see: its own plants, end users and devices, checked as the server checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.growatt.backend import EndUser, growatt
from solarfakes.simulators.vendors.growatt.fleet import API
from solarfakes.simulators.world import Device, Plant

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# The document names the inverter ``device_id`` where real servers take ``device_sn``; either works.
DOCUMENTED_NAMES = {"device_sn": "device_id"}


def own_plants(call: RoutedCall, sim: Simulator) -> list[Plant]:
    return growatt(sim).world.fleet(API).plants_of(call.account.name)


def own_plant(call: RoutedCall, sim: Simulator, not_found: int) -> Plant:
    """The plant named by plant_id: unknown -> ``not_found`` (its meaning differs per endpoint);
    another account's -> 10011."""
    plant = growatt(sim).fleet.get(int(call.args["plant_id"]))
    if plant is None:
        raise VendorError(not_found, diagnostics={"problem": f"no plant {call.args['plant_id']}"})
    if plant.account != call.account.name:
        raise VendorError(10011, diagnostics={"problem": "the plant belongs to another account"})
    return plant


def own_user(call: RoutedCall, sim: Simulator, not_found: int) -> EndUser:
    user = growatt(sim).users.get(int(call.args["c_user_id"]))
    if user is None or user.account != call.account.name:
        raise VendorError(not_found, diagnostics={"problem": f"no end user {call.args['c_user_id']}"})
    return user


def find_device(sim: Simulator, sn: str, *kinds: str) -> tuple[Plant, Device] | None:
    found = growatt(sim).world.plant_of_device(sim.api, sn)
    if found is None or (kinds and found[1].kind not in kinds):
        return None
    return found


def owned_device(call: RoutedCall, sim: Simulator, param: str, missing: int, *kinds: str) -> tuple[Plant, Device]:
    """The device named by ``param``: unknown -> ``missing``; another account's -> 10011."""
    sn = str(call.args.get(param) or call.args.get(DOCUMENTED_NAMES.get(param, param)) or "")
    found = find_device(sim, sn, *kinds)
    if found is None:
        raise VendorError(missing, diagnostics={"problem": f"no {'/'.join(kinds) or 'device'} {sn!r}"})
    if found[0].account != call.account.name:
        raise VendorError(10011, diagnostics={"problem": f"{sn} belongs to another account"})
    return found


def all_collectors(sim: Simulator) -> dict[str, Plant]:
    """Every collector on a plant of any account, by serial."""
    return {d.sn: p for p in growatt(sim).fleet.values() for d in p.devices_of("datalogger")}
