"""The admin API under /_solarfakes/: JSON in and out, loopback or admin token only."""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from solarfakes.simulators.clock import parse_instant
from solarfakes.simulators.core.faults import FaultError
from solarfakes.specs.openapi import export_openapi

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

TOKEN_HEADER = "x-solarfakes-admin-token"
Endpoint = Callable[[Request], Awaitable[Response]]


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def is_loopback(host: str) -> bool:
    if host == "testclient":  # Starlette's TestClient, which never leaves the process
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def guarded(cloud: Cloud, handler: Callable[[Request], Awaitable[Any]]) -> Endpoint:
    """Refuse callers off this machine unless they carry the admin token; answer errors as JSON."""

    async def endpoint(request: Request) -> Response:
        host = request.client.host if request.client else ""
        token = request.headers.get(TOKEN_HEADER, "")
        expected = cloud.admin_token
        allowed = is_loopback(host) or (expected is not None and hmac.compare_digest(token.encode(), expected.encode()))
        if not allowed:
            return JSONResponse({"error": f"admin calls need loopback or the {TOKEN_HEADER} header"}, 403)
        try:
            result = await handler(request)
        except AdminError as exc:
            return JSONResponse({"error": str(exc)}, exc.status)
        except (FaultError, ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": str(exc).strip("'\"")}, 400)
        return result if isinstance(result, Response) else JSONResponse(result)

    return endpoint


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AdminError(400, f"the body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise AdminError(400, "the body must be a JSON object")
    return body


FAULT_FIELDS = {
    "api",
    "endpoint",
    "code",
    "message",
    "http_status",
    "body",
    "times",
    "probability",
    "latency_ms",
}


def admin_routes(cloud: Cloud) -> list[Route]:
    async def health(request: Request) -> Any:
        return {
            "status": "ok",
            "apis": {api: sim.spec.base_path for api, sim in cloud.simulators.items()},
            "profile": cloud.profile,
            "seed": cloud.seed,
            "limits": cloud.limits,
            "clock": cloud.clock.state().as_json(),
        }

    async def reset(request: Request) -> Any:
        body = await json_body(request)
        seed = body.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise AdminError(400, 'send {"seed": <integer>} to reseed, or no body to reset')
        cloud.reset(seed)
        return {"status": "reset", "seed": cloud.seed}

    async def credentials(request: Request) -> Any:
        return cloud.credentials()

    async def clock(request: Request) -> Any:
        if request.method == "POST":
            body = await json_body(request)
            apply_clock(cloud, body)
        return cloud.clock.state().as_json()

    async def faults(request: Request) -> Any:
        if request.method == "GET":
            return {"faults": cloud.faults.listing()}
        if request.method == "DELETE":
            fault_id = request.query_params.get("id")
            return {"cleared": cloud.faults.clear(int(fault_id) if fault_id else None)}
        body = await json_body(request)
        unknown = set(body) - FAULT_FIELDS
        if unknown:
            raise AdminError(400, f"unknown fault fields: {', '.join(sorted(unknown))}")
        fault = cloud.arm_fault(**body)
        return JSONResponse(fault.as_json(), 201)

    async def journal(request: Request) -> Any:
        if request.method == "DELETE":
            return {"cleared": cloud.journal.clear()}
        q = request.query_params
        limit = q.get("limit")
        entries = cloud.journal.query(
            q.get("api"), q.get("endpoint"), q.get("error_code"), int(limit) if limit else None
        )
        return {"count": len(entries), "entries": [e.as_json() for e in entries]}

    async def limits(request: Request) -> Any:
        if request.method == "POST":
            body = await json_body(request)
            if not isinstance(body.get("enforce"), bool):
                raise AdminError(400, 'send {"enforce": true|false}')
            cloud.set_limits(body["enforce"])
        return {
            "enforce": cloud.limits,
            "counters": {api: sim.meter.snapshot() for api, sim in cloud.simulators.items()},
        }

    async def tokens(request: Request) -> Any:
        """The session tokens of every API with a token store; DELETE revokes one (``?token=``) or all
        of an API's (``?api=``), so a test can provoke the vendor's invalid-token answer."""
        q = request.query_params
        stores = {api: sim.tokens for api, sim in cloud.simulators.items() if sim.tokens is not None}
        if q.get("api") is not None and q["api"] not in stores:
            raise AdminError(404, f"{q['api']!r} is not served or has no tokens; with tokens: {', '.join(stores)}")
        chosen = {q["api"]: stores[q["api"]]} if q.get("api") else stores
        if request.method == "DELETE":
            token = q.get("token")
            if token:
                return {"revoked": sum(store.revoke(token) for store in chosen.values())}
            if not q.get("api"):
                raise AdminError(400, "give ?token= or ?api= to revoke")
            revoked = 0
            for api, store in chosen.items():
                revoked += sum(store.revoke_account(a.name) for a in cloud.world.accounts_of(api))
                if store.permanent is not None:
                    revoked += sum(store.revoke(token) for token in store.permanent())
            return {"revoked": revoked}
        return {api: store.listing() for api, store in chosen.items()}

    async def oauth_code(request: Request) -> Any:
        """``{"api": ..., "account"?: name, "redirect_uri"?: uri}``: a fresh OAuth2 authorization code, as
        if the account's owner had consented; the vendor mints it (its hook), so this route knows no vendor."""
        body = await json_body(request)
        sim = cloud.simulators.get(str(body.get("api")))
        if sim is None or sim.vendor.oauth_code is None:
            with_codes = [api for api, s in cloud.simulators.items() if s.vendor.oauth_code is not None]
            raise AdminError(404, f'send {{"api": ...}} naming one of: {", ".join(with_codes) or "none served"}')
        accounts = cloud.world.accounts_of(sim.api)
        name, redirect = body.get("account"), body.get("redirect_uri")
        account = next((a for a in accounts if name is None or a.name == name), None)
        if account is None:
            raise AdminError(404, f"{sim.api} has the accounts: {', '.join(a.name for a in accounts)}")
        if redirect is not None and not isinstance(redirect, str):
            raise AdminError(400, "redirect_uri must be a string")
        with cloud.lock:
            return {"api": sim.api, "account": account.name, "code": sim.vendor.oauth_code(sim, account, redirect)}

    async def openapi(request: Request) -> Any:
        api = request.path_params["api"]
        sim = cloud.simulator(api)
        return export_openapi(sim.spec, cloud.profile)

    table: list[tuple[str, Callable[[Request], Awaitable[Any]], list[str]]] = [
        ("/health", health, ["GET"]),
        ("/reset", reset, ["POST"]),
        ("/credentials", credentials, ["GET"]),
        ("/clock", clock, ["GET", "POST"]),
        ("/faults", faults, ["GET", "POST", "DELETE"]),
        ("/journal", journal, ["GET", "DELETE"]),
        ("/limits", limits, ["GET", "POST"]),
        ("/tokens", tokens, ["GET", "DELETE"]),
        ("/oauth-code", oauth_code, ["POST"]),
        ("/openapi/{api}", openapi, ["GET"]),
    ]
    return [Route(path, guarded(cloud, handler), methods=methods) for path, handler, methods in table]


def apply_clock(cloud: Cloud, body: dict[str, Any]) -> None:
    """One change per call: ``{"set": ISO|epoch}``, ``{"advance": seconds}``, ``{"freeze": true|ISO|epoch}``,
    ``{"freeze": false}`` (run on at normal speed), ``{"offset": seconds}``, ``{"speed": factor}``,
    ``{"real": true}``. A value the clock cannot take is refused and nothing changes."""
    known = {"set", "advance", "freeze", "offset", "speed", "real"}
    if len(body) != 1 or set(body) - known:
        raise AdminError(400, f"send exactly one of: {', '.join(sorted(known))}")
    ((action, value),) = body.items()
    clock = cloud.clock
    if action == "real":
        if value is not True:
            raise AdminError(400, 'send {"real": true}')
        clock.real()
    elif action == "freeze":
        if value is False:
            clock.set_speed(1.0)
        else:
            clock.freeze(None if value is True else instant(value))
    elif action == "set":
        clock.set(instant(value))
    elif action == "advance":
        clock.advance(seconds(value, action))
    elif action == "offset":
        clock.offset(seconds(value, action))
    else:
        clock.set_speed(seconds(value, action))


def instant(value: Any) -> Any:
    if isinstance(value, str):
        return parse_instant(value)
    return seconds(value, "an instant")


def seconds(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AdminError(400, f"{what} takes a number")
    return float(value)
