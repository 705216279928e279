"""Growatt end users: registration, name check, modify and the business account's user list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.vendor import Page
from solarfakes.simulators.vendors.growatt.access import own_user
from solarfakes.simulators.vendors.growatt.backend import EndUser, growatt

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator


def empty_answer(sim: Simulator) -> Any:
    """A write's payload: "" under data in reality, nothing beside the codes in the document."""
    return {} if sim.profile == "documented" else ""


def name_taken(sim: Simulator, name: str) -> bool:
    """User names are unique across Growatt, not per business account."""
    return any(u.name == name for u in growatt(sim).users.values())


def user_register(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = growatt(sim)
    name = str(call.args["user_name"])
    if name_taken(sim, name):
        raise VendorError(10003)
    user_id = backend.new_user_id()
    backend.users[user_id] = EndUser(
        c_user_id=user_id,
        email=call.args["user_email"],
        registered=call.now.replace(tzinfo=None),
        name=name,
        tel=call.args.get("user_tel", ""),
        account=call.account.name,
    )
    return {"c_user_id": user_id}


def check_user(call: RoutedCall, sim: Simulator) -> Any:
    if name_taken(sim, call.args["user_name"]):
        raise VendorError(10003)
    return empty_answer(sim)


def user_modify(call: RoutedCall, sim: Simulator) -> Any:
    user = own_user(call, sim, 10003)
    if call.args.get("mobile") is not None:
        user.tel = call.args["mobile"]
    return empty_answer(sim)


def user_list(call: RoutedCall, sim: Simulator) -> Page[EndUser]:
    return Page(growatt(sim).users_of(call.account.name), render=EndUser.row)
