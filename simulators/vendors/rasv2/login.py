"""Login: the checks ran in the auth step (auth.checks_order.app_only); here the session starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.auth.sorted_pairs import client_ip
from solarfakes.simulators.core.context import RoutedCall

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

USER_TYPE = "customer"  # the role names joined with commas (vendor-reality ras/v2 §1); every seeded user is one


def login(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    assert sim.tokens is not None, "the ras/v2 spec has a token rule"
    session = sim.tokens.issue(call.account.name, call.now.timestamp(), client=client_ip(call.call))
    user_type = "userType" if sim.profile == "documented" else "UserType"
    return {user_type: USER_TYPE, "Token": session.token}
