"""The admin API under /_solarfakes/: JSON in and out, loopback or admin token only."""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio
import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from solarfakes.simulators import caches
from solarfakes.simulators.clock import parse_instant
from solarfakes.simulators.core.body import read_body
from solarfakes.simulators.core.errors import HttpAnswer
from solarfakes.simulators.core.faults import FaultError
from solarfakes.simulators.core.journal import MAX_DEPTH, within_depth
from solarfakes.simulators.core.nonces import MAX_NONCES
from solarfakes.simulators.core.tokens import MAX_SESSIONS
from solarfakes.specs.openapi import export_openapi

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

TOKEN_HEADER = "x-solarfakes-admin-token"
Endpoint = Callable[[Request], Awaitable[Response]]
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
JOURNAL_PAGE, JOURNAL_MAX_PAGE = 100, 1000


# The values orjson writes byte for byte as ``json.dumps`` does (a float it may write otherwise, 1e-05
# as 1e-5; a subclass, an enum or a UUID it writes where the standard library refuses or writes another way).
ORJSON_SAME_SCALARS = frozenset({str, int, bool, type(None)})


def plain_json(value: Any) -> bool:
    """Whether ``value`` holds only dicts with string keys, lists and ``ORJSON_SAME_SCALARS``."""
    stack = [value]
    scalars = ORJSON_SAME_SCALARS
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if not all(type(key) is str for key in item):
                return False
            values = item.values()
        elif kind is list:
            values = item
        else:
            return kind in scalars
        for inner in values:
            if type(inner) in scalars:
                continue
            if type(inner) not in (dict, list):
                return False
            stack.append(inner)
    return True


def utf8_json(content: Any) -> bytes | None:
    """``json_of(content)`` where that is UTF-8; None where it must be escaped (a lone surrogate)."""
    if plain_json(content):
        try:
            return orjson.dumps(content)
        except orjson.JSONEncodeError:
            pass  # a lone surrogate, an integer past 64 bits, nesting past orjson's depth: as before
    try:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return None


def ascii_json(content: Any) -> bytes:
    return json.dumps(content, allow_nan=False, separators=(",", ":")).encode("ascii")


def json_of(content: Any) -> bytes:
    """JSON that is always sent: UTF-8 where it can be, escaped where a client sent a lone surrogate."""
    data = utf8_json(content)
    return ascii_json(content) if data is None else data


def credentials_json(cloud: Cloud) -> bytes:
    """``json_of(cloud.credentials())``, byte for byte, with one API's view alive at a time: all the
    views, their text and its bytes at once cost +30 MB over the answer's 7 MB at 10,000 plants per API.
    One credentials event, as before. Any view with a lone surrogate escapes the whole answer, as
    ``json_of`` does: the views already written are read back and escaped (only then)."""

    def encode(view: dict[str, Any]) -> tuple[bytes, bool]:
        data = utf8_json(view)
        return (ascii_json(view), False) if data is None else (data, True)

    written = cloud.credentials(encode)
    utf8 = all(is_utf8 for _, is_utf8 in written.values())
    # One join of all the pieces: each ``+`` of a 4 MB view's bytes would copy it once more.
    pieces = [b"{"]
    for api, (data, is_utf8) in written.items():
        if len(pieces) > 1:
            pieces.append(b",")
        pieces += [json.dumps(api, ensure_ascii=not utf8).encode("utf-8"), b":"]
        pieces.append(ascii_json(json.loads(data)) if is_utf8 and not utf8 else data)
    pieces.append(b"}")
    return b"".join(pieces)


class AdminJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json_of(content)


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def is_loopback(host: str) -> bool:
    """Only a real loopback address: a host *named* anything (Starlette's "testclient") is not one."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def message_of(exc: Exception) -> str:
    """The exception's own words: ``str(KeyError("x"))`` adds quotes of its own, the message keeps its."""
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return str(exc.args[0])
    return str(exc)


def guarded(cloud: Cloud, handler: Callable[[Request], Awaitable[Any]], methods: list[str] | None = None) -> Endpoint:
    """Refuse callers off this machine unless they carry the admin token; answer errors as JSON."""

    async def endpoint(request: Request) -> Response:
        host = request.client.host if request.client else ""
        token = request.headers.get(TOKEN_HEADER, "")
        expected = cloud.admin_token
        allowed = is_loopback(host) or (expected is not None and hmac.compare_digest(token.encode(), expected.encode()))
        if not allowed:
            return AdminJSON({"error": f"admin calls need loopback or the {TOKEN_HEADER} header"}, 403)
        if methods is not None and request.method not in methods:
            error = f"{request.url.path} takes {', '.join(methods)}, not {request.method}"
            return AdminJSON({"error": error}, 405, headers={"Allow": ", ".join(methods)})
        try:
            result = await handler(request)
        except AdminError as exc:
            return AdminJSON({"error": str(exc)}, exc.status)
        except HttpAnswer as exc:  # a body too large or too slow
            return AdminJSON({"error": exc.body["solarfakes_error"]}, exc.status)
        except RecursionError:
            return AdminJSON({"error": "the body is nested too deeply"}, 400)
        except (FaultError, ValueError, KeyError, TypeError) as exc:
            return AdminJSON({"error": message_of(exc)}, 400)
        if request.method != "GET":  # committed before the answer, as API writes are; a read changes nothing
            await cloud.state.commit(full=True)  # (so health never waits for the fleet's lock under --state)
        return result if isinstance(result, Response) else AdminJSON(result)

    return endpoint


async def json_body(cloud: Cloud, request: Request, fields: set[str] | None = None) -> dict[str, Any]:
    """The JSON object the admin call sent ({} for none); with ``fields``, any other key is refused."""
    raw = await read_body(request, cloud.body_limits.admin_max_bytes, cloud.body_limits.timeout_seconds)
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        problem = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise AdminError(400, f"the body is not JSON: {problem}") from None
    if not isinstance(body, dict):
        raise AdminError(400, "the body must be a JSON object")
    if not within_depth(body):
        raise AdminError(400, f"the body is nested deeper than {MAX_DEPTH} levels")
    if fields is not None and set(body) - fields:
        unknown = ", ".join(sorted(set(body) - fields))
        raise AdminError(400, f"unknown fields: {unknown}; this call takes: {', '.join(sorted(fields)) or 'none'}")
    return body


def query_of(request: Request, known: set[str]) -> dict[str, str]:
    """The query parameters, any unknown one refused (a misspelt filter would silently match everything)."""
    q = dict(request.query_params)
    unknown = set(q) - known
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise AdminError(400, f"unknown parameters: {', '.join(sorted(unknown))}; this call takes: {takes}")
    return q


def whole_number(q: dict[str, str], name: str, low: int, high: int | None = None) -> int | None:
    value = q.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) < low or (high is not None and int(value) > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise AdminError(400, f"{name} must be a whole number {span}")
    return int(value)


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


def held(cloud: Cloud) -> dict[str, Any]:
    """What the server's bounded stores hold now, each beside its bound: a server's memory grows with them
    (a login flood fills the sessions, signed calls the nonces) until they reach it, and no further."""
    journal = cloud.journal
    return {
        "cache_bytes": {"now": caches.cached_bytes(), "max": caches.TOTAL_BYTES},
        "journal": {"entries": len(journal.entries), "bytes": journal.bytes, "max_bytes": journal.max_bytes},
        "apis": {
            api: {
                "sessions": {"now": len(sim.tokens.sessions), "max": MAX_SESSIONS} if sim.tokens is not None else None,
                "nonces": {"now": len(sim.nonces), "max": MAX_NONCES} if sim.nonces is not None else None,
                "meter_counters": {"now": len(sim.meter.counters), "max": sim.meter.max_counters},
            }
            for api, sim in cloud.simulators.items()
        },
    }


def admin_routes(cloud: Cloud) -> list[Route]:
    async def health(request: Request) -> Any:
        query_of(request, set())
        return {
            "status": "ok",
            "apis": {api: sim.spec.base_path for api, sim in cloud.simulators.items()},
            "profile": cloud.profile,
            "seed": cloud.seed,
            "limits": cloud.limits,
            "clock": cloud.clock.state().as_json(),
            # Answers the simulator failed to produce (bugs), since it started; each is in the journal
            # with "crash": true and was answered with the x-solarfakes-crash header.
            "crashes": {api: sim.crashes for api, sim in cloud.simulators.items()},
            "held": held(cloud),
        }

    async def reset(request: Request) -> Any:
        query_of(request, set())
        body = await json_body(cloud, request, {"seed"})
        seed = body.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise AdminError(400, 'send {"seed": <integer>} to reseed, or no body to reset')
        await anyio.to_thread.run_sync(cloud.reset, seed)  # waits for the fleet's lock off the event loop
        return {"status": "reset", "seed": cloud.seed}

    async def credentials(request: Request) -> Any:
        query_of(request, set())
        # may mint under the fleet's lock: off the loop
        return Response(await anyio.to_thread.run_sync(credentials_json, cloud), media_type="application/json")

    async def clock(request: Request) -> Any:
        query_of(request, set())
        if request.method == "POST":
            body = await json_body(cloud, request)
            apply_clock(cloud, body)
        return cloud.clock.state().as_json()

    async def faults(request: Request) -> Any:
        if request.method == "GET":
            query_of(request, set())
            return {"faults": cloud.faults.listing()}
        if request.method == "DELETE":
            fault_id = whole_number(query_of(request, {"id"}), "id", 1)
            return {"cleared": cloud.faults.clear(fault_id)}
        query_of(request, set())
        body = await json_body(cloud, request, FAULT_FIELDS)
        fault = cloud.arm_fault(**body)
        return AdminJSON(fault.as_json(), 201)

    async def journal(request: Request) -> Any:
        """A page of entries: the latest ``limit`` (100 unless told, at most 1000), or with ``after=ID`` the
        first ``limit`` after that entry; ``next_after`` continues a reading from the oldest on."""
        if request.method == "DELETE":
            query_of(request, set())
            return {"cleared": cloud.journal.clear()}
        q = query_of(request, {"api", "endpoint", "error_code", "limit", "after"})
        limit = whole_number(q, "limit", 1, JOURNAL_MAX_PAGE) or JOURNAL_PAGE
        page = cloud.journal.page(
            q.get("api"), q.get("endpoint"), q.get("error_code"), limit, whole_number(q, "after", 0)
        )

        def render() -> bytes:
            entries = [e.as_json() for e in page.entries]
            summary = {"count": len(entries), "matched": page.matched, "next_after": page.next_after}
            return json_of({**summary, "entries": entries})

        # Parsing a page of bodies takes a while: off the event loop, so other calls are answered meanwhile.
        return Response(await anyio.to_thread.run_sync(render), media_type="application/json")

    async def limits(request: Request) -> Any:
        query_of(request, set())
        if request.method == "POST":
            body = await json_body(cloud, request, {"enforce"})
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
        q = query_of(request, {"api", "token"})
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
        query_of(request, set())
        body = await json_body(cloud, request, {"api", "account", "redirect_uri"})
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
        code = await anyio.to_thread.run_sync(cloud.mint_oauth_code, sim, account, redirect)  # under the fleet's lock
        return {"api": sim.api, "account": account.name, "code": code}

    async def openapi(request: Request) -> Any:
        query_of(request, set())
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
    paths = sorted(path for path, _, _ in table)

    async def unknown(request: Request) -> Any:
        raise AdminError(
            404, f"no admin call {request.url.path}; there are: /_solarfakes{', /_solarfakes'.join(paths)}"
        )

    # Every method reaches the handler's guard, so a wrong one gets a JSON 405 with Allow, as a wrong path a JSON 404.
    routes = [Route(path, guarded(cloud, handler, methods), methods=ALL_METHODS) for path, handler, methods in table]
    return [*routes, Route("/{rest:path}", guarded(cloud, unknown), methods=ALL_METHODS)]


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
