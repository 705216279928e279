"""One API's fake cloud: the request flow decode → route → authenticate → meter → inject →
validate → handle → envelope → encode → journal, every step driven by the spec."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from solarfakes.simulators.core.auth import scheme_for
from solarfakes.simulators.core.context import Call, Reply
from solarfakes.simulators.core.envelope import encode, envelope_of, error_body, render, success_body
from solarfakes.simulators.core.errors import HttpAnswer, VendorError
from solarfakes.simulators.core.faults import Fault
from solarfakes.simulators.core.journal import BODY_LIMIT, Entry, kept_body
from solarfakes.simulators.core.meter import Meter
from solarfakes.simulators.core.routing import Router
from solarfakes.simulators.core.shape import conform
from solarfakes.simulators.core.validate import validate
from solarfakes.simulators.world import Account, World
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import Profile, Spec

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

log = logging.getLogger("solarfakes")

Handler = Callable[[Call, "Simulator"], Any]


@dataclass
class Vendor:
    """What a vendor module contributes: handlers per endpoint id and its credentials view."""

    api: str
    handlers: dict[str, Handler]
    credentials: Callable[[Simulator, Account], dict[str, Any]]


def route_prefixes(spec: Spec, profile: Profile) -> tuple[str, ...]:
    """The base path and the first segment of every alias path (Growatt answers /v4/ like /v1/)."""
    aliases = {
        "/" + path.strip("/").split("/")[0] + "/" for e in spec.endpoints if profile in e.profiles for path in e.aliases
    }
    return tuple(sorted({spec.base_path} | aliases, key=len, reverse=True))


class Simulator:
    def __init__(self, cloud: Cloud, vendor: Vendor, profile: Profile) -> None:
        self.cloud = cloud
        self.vendor = vendor
        self.api = vendor.api
        self.profile = profile
        self.spec: Spec = load_spec(vendor.api, profile)
        missing = [e.id for e in self.spec.endpoints if profile in e.profiles and e.id not in vendor.handlers]
        if missing:
            raise RuntimeError(f"{self.api}: no handler for {', '.join(missing)}")
        self.router = Router(self.spec, profile)
        self.prefixes = route_prefixes(self.spec, profile)
        self.auth = scheme_for(self.spec.auth, self.lookup)
        self.meter = Meter(list(self.spec.limits), cloud.clock, enforce=cloud.limits)

    @property
    def world(self) -> World:
        return self.cloud.world

    def lookup(self, key: str, value: str) -> Account | None:
        for account in self.cloud.world.accounts_of(self.api):
            if account.credentials.get(key) == value:
                return account
        return None

    def reset(self) -> None:
        self.meter.reset()

    def serves(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.prefixes) or path == self.spec.base_path.rstrip("/")

    async def decode(self, request: Request) -> Call:
        raw = await request.body()
        content_type = request.headers.get("content-type", "")
        body: Any = None
        if raw:
            text = raw.decode("utf-8", errors="replace")
            if "json" in content_type or text.lstrip().startswith(("{", "[")):
                try:
                    body = json.loads(text)
                except (ValueError, RecursionError):  # bad JSON, huge integers, absurd nesting
                    body = {"__malformed__": text[:200]}
            else:
                body = dict(parse_qsl(text, keep_blank_values=True))
        return Call(
            api=self.api,
            method=request.method,
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            query=dict(request.query_params),
            body=body,
            raw_body=raw,
            client_host=request.client.host if request.client else "",
            now=self.cloud.clock.now(),
        )

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        call = await self.decode(request)
        fault: Fault | None = None
        code: int | str | None = None
        content_type = envelope_of(self.spec, None).content_type
        try:
            # The fleet is shared by every request (and every thread serving this cloud): each phase
            # runs under the cloud's lock; an armed latency is waited out between them, unlocked.
            with self.cloud.lock:
                fault = self.admit(call)
            if fault is not None and fault.latency_ms:
                await asyncio.sleep(fault.latency_ms / 1000)
            if call.endpoint is not None:
                content_type = envelope_of(self.spec, call.endpoint).content_type
            with self.cloud.lock:
                status, body, payload = self.answer(call, fault)
        except VendorError as exc:
            code = exc.code
            call.diagnostics.setdefault("check", exc.check)
            call.diagnostics.update(exc.diagnostics)
            status, body = error_body(self.spec, call.endpoint, exc.code, exc.message, call.path, call.now)
            payload = encode(body)
        except HttpAnswer as exc:
            status, body, content_type = exc.status, exc.body, exc.content_type
            payload = encode(body)
        except Exception:
            log.exception("%s %s %s failed inside the simulator", self.api, call.method, call.path)
            status, body, payload, code = self.internal_error(call)
        if call.diagnostics.get("check"):
            log.info("%s %s %s -> %s %s", self.api, call.method, call.path, code, call.diagnostics)
        self.cloud.journal.record(
            Entry(
                id=self.cloud.journal.next_id(),
                api=self.api,
                endpoint=call.endpoint.id if call.endpoint else None,
                method=call.method,
                path=call.path,
                query=call.query,
                headers=call.headers,
                body=kept_body(call.raw_body) if len(call.raw_body) > BODY_LIMIT else call.body,
                client=call.client_host,
                sim_time=call.now.isoformat(),
                status=status,
                response=kept_body(payload),
                error_code=code,
                fault=fault.as_json() if fault else None,
                diagnostics={k: v for k, v in call.diagnostics.items() if v is not None},
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
                size=min(len(payload), BODY_LIMIT) + min(len(call.raw_body), BODY_LIMIT) + 1024,
            )
        )
        return Response(payload, status_code=status, media_type=None, headers={"content-type": content_type})

    def admit(self, call: Call) -> Fault | None:
        """Decode, route, authenticate and meter the call; the fault armed for it, if any."""
        if isinstance(call.body, dict) and "__malformed__" in call.body:
            raise self.bad_body(call)
        match = self.router.match(call.method, call.path)
        if match.endpoint is None:
            raise self.no_route(call, match.allowed)
        call.endpoint = match.endpoint
        call.path_params = match.path_params
        call.account = self.auth.authenticate(call, call.now.timestamp())
        refusal = self.meter.check(call.account.name, call.endpoint.id, call.raw_params())
        if refusal is not None:
            call.diagnostics.update(check="limit", limit=refusal.limit.id, retry_at=refusal.reset_at)
            # A limit answers with the API's own message, not an endpoint's meaning of the same code.
            raise VendorError(refusal.limit.error, self.spec.error(refusal.limit.error).message, check="limit")
        return self.cloud.faults.take(self.api, call.endpoint.id, call.path)

    def answer(self, call: Call, fault: Fault | None) -> tuple[int, Any, bytes]:
        """Inject, validate, handle and envelope: the success answer, or an exception for an error."""
        assert call.endpoint is not None
        if fault is not None:
            self.inject(fault)
        call.args = validate(call, self.spec)
        result = self.vendor.handlers[call.endpoint.id](call, self)
        reply = result if isinstance(result, Reply) else Reply(result)
        reply.payload = conform(reply.payload, call.endpoint.response.schema_)
        status, body = success_body(self.spec, call.endpoint, reply.payload, reply.extras, call.path, call.now)
        return status, body, encode(body)

    def internal_error(self, call: Call) -> tuple[int, Any, bytes, int | str | None]:
        """A simulator bug still answers as the vendor does for a server fault, never a traceback."""
        call.diagnostics["check"] = "simulator bug: see the server log"
        code = self.spec.internal_error
        if code is None:
            body: Any = {"solarfakes_error": "internal error in the simulator; see the server log"}
            return 500, body, encode(body), None
        status, body = error_body(self.spec, call.endpoint, code, None, call.path, call.now)
        return status, body, encode(body), code

    def inject(self, fault: Fault) -> None:
        if fault.http_status is not None:
            body = fault.body
            text = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
            raise HttpAnswer(
                fault.http_status,
                text.encode(),
                "text/plain" if isinstance(body, str) else "application/json",
            )
        if fault.code is not None:
            raise VendorError(fault.code, fault.message, check="fault")

    def no_route(self, call: Call, allowed: tuple[str, ...]) -> HttpAnswer:
        kind: Literal["method_not_allowed", "not_found"] = "method_not_allowed" if allowed else "not_found"
        status = 405 if allowed else 404
        known = self.spec.http_errors.get(kind)
        values = {"$path": call.path, "$timestamp": call.now.strftime("%Y-%m-%dT%H:%M:%S.000+00:00")}
        body = render(known.body, values) if known and known.body is not None else None
        if body is None:
            body = {
                "solarfakes_error": "method not allowed" if allowed else "no such endpoint",
                "path": call.path,
            }
            if allowed:
                body["allowed"] = list(allowed)
        return HttpAnswer(known.status if known else status, body, known.content_type if known else "application/json")

    def bad_body(self, call: Call) -> Exception:
        code = self.spec.param_errors.get("invalid")
        if code is None:
            return HttpAnswer(400, {"solarfakes_error": "the body is not valid JSON"})
        return VendorError(code, check="decode", diagnostics={"problem": "the body is not valid JSON"})
