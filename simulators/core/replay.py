"""The events a state file keeps, and their replay on start.

The fleet is a function of the seed, so what a restart needs are the calls that changed a vendor's state
since: each call of a write endpoint (``effect: write`` in the spec) that reached its handler, a vendor
page (an OAuth2 consent), an admin-minted OAuth2 code and a credentials view (which may mint a code).
Replay runs them again, in order, at their simulated instants, through the same decode, validate and
handler steps; the recorded account stands in for authentication, whose stores are restored apart."""

from __future__ import annotations

import base64
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from solarfakes.simulators.core.context import Call, RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.validate import validate
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud
    from solarfakes.simulators.core.pipeline import Simulator

log = logging.getLogger("solarfakes")


def call_event(routed: RoutedCall) -> dict[str, Any]:
    call = routed.call
    return {
        "at": call.now.timestamp(),
        "now": call.now.isoformat(),
        "method": call.method,
        "path": call.path,
        "headers": call.headers,
        "query": call.query,
        "body": base64.b64encode(call.raw_body).decode("ascii"),
        "client": call.client_host,
        "serial": call.serial,
        "endpoint": routed.endpoint.id,
        "path_params": call.path_params,
        "account": routed.account.name,
    }


def page_event(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.url.path,
        "query": request.url.query,
        "headers": list(request.headers.items()),
        "client": request.client.host if request.client else "",
    }


def replay(cloud: Cloud, kind: str, api: str | None, data: dict[str, Any]) -> None:
    """One event again; a vendor error is what the call answered the first time (a failed login's count)."""
    try:
        if kind == "call" and api is not None:
            replay_call(cloud.simulator(api), data)
        elif kind == "page" and api is not None:
            replay_page(cloud.simulator(api), data)
        elif kind == "oauth_code" and api is not None:
            sim = cloud.simulator(api)
            cloud.mint_oauth_code(sim, account_named(sim, data["account"]), data["redirect_uri"])
        elif kind == "credentials":
            cloud.credentials()
        else:
            log.error("state file: unknown event %r of %s skipped", kind, api)
    except VendorError:
        pass
    except Exception:
        # The first run went through this very code; failing now means the code changed under the file.
        log.exception("state file: replaying a %s event of %s failed; later answers may differ", kind, api)


def account_named(sim: Simulator, name: str) -> Account:
    found = next((a for a in sim.world.accounts_of(sim.api) if a.name == name), None)
    return found if found is not None else Account(sim.api, name, {})


def replay_call(sim: Simulator, data: dict[str, Any]) -> None:
    call = Call(
        api=sim.api,
        method=data["method"],
        path=data["path"],
        headers=data["headers"],
        query=data["query"],
        raw_body=base64.b64decode(data["body"]),
        client_host=data["client"],
        now=datetime.fromisoformat(data["now"]),
        given_serial=data["serial"],
    )
    endpoint = sim.spec.endpoint(data["endpoint"])
    call.endpoint, call.path_params = endpoint, data["path_params"]
    sim.decode(call, endpoint)
    call.account = account_named(sim, data["account"])
    call.args = validate(call, sim.spec)
    sim.handle(RoutedCall(call, endpoint, call.account, call.args))


def replay_page(sim: Simulator, data: dict[str, Any]) -> None:
    page = next(p for p in sim.vendor.web_routes if p.path == data["path"] and data["method"] in p.methods)
    scope = {
        "type": "http",
        "method": data["method"],
        "path": data["path"],
        "raw_path": data["path"].encode(),
        "query_string": data["query"].encode(),
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in data["headers"]],
        "client": (data["client"], 0),
        "server": ("127.0.0.1", 80),
        "scheme": "http",
        "root_path": "",
        "http_version": "1.1",
    }
    page.handler(Request(scope), sim)
