"""POST /openapi/login: a user's account and password for a 24-hour sliding token (isolarcloud-openapi
2.1), wrong passwords counted down to a lock that ends on the simulated clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.vendors.isolarcloud.backend import LoginRecord, User, isolar

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

# No source gives the number of attempts or the lock's length (see the login endpoint's note in the spec).
MAX_ATTEMPTS = 5
LOCK_SECONDS = 3600.0


def login(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    backend = isolar(sim)
    now = call.now.timestamp()
    user = backend.users.get(call.args["user_account"])
    if user is None:
        return {"login_state": "-1"}
    if user.admin_locked:
        return {"login_state": "5", "user_account": user.user_account}
    record = backend.logins.setdefault(user.user_account, LoginRecord())
    if record.locked_until is not None and now >= record.locked_until:
        record.err_times, record.locked_until = 0, None  # the lock has run out
    if record.locked_until is not None:
        return refused(record, "2")
    if call.args["user_password"] != user.password:
        record.err_times += 1
        if record.err_times >= MAX_ATTEMPTS:
            record.locked_until = now + LOCK_SECONDS
            return refused(record, "2")
        return refused(record, "0")
    record.err_times = 0
    return welcome(call, sim, user)


def refused(record: LoginRecord, state: str) -> dict[str, Any]:
    until = record.locked_until
    return {
        "login_state": state,
        "err_times": record.err_times,
        "remain_times": max(MAX_ATTEMPTS - record.err_times, 0),
        "disable_time": None if until is None else datetime.fromtimestamp(until, UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }


def welcome(call: RoutedCall, sim: Simulator, user: User) -> dict[str, Any]:
    assert user.account is not None
    assert sim.tokens is not None
    session = sim.tokens.issue(user.account.name, call.now.timestamp(), prefix=user.user_id)
    c = user.account.credentials
    # Field for field the live login result (vendor-reality isolarcloud §2), every value a string.
    return {
        "user_master_org_id": c["org_id"],
        "mobile_tel": c["mobile_tel"][:3] + "****" + c["mobile_tel"][-1:],
        "user_name": c["user_name"],
        "language": "English" if call.args.get("lang") == "_en_US" else "Chinese",
        "token": session.token,
        "err_times": "0",
        "remain_times": str(MAX_ATTEMPTS),
        "user_id": user.user_id,
        "login_state": "1",
        "disable_time": None,
        "country_name": "China",
        "user_account": user.user_account,
        "user_master_org_name": f"org-{c['org_id']}",
        "email": user.user_account,
        "country_id": "1",
    }
