"""One API's fake cloud: the request flow receive → route → decode → authenticate → inject → meter →
validate → handle → envelope → encode → journal, every step driven by the spec.

Faults come before the meter: an armed fault answers first, and a call a fault answers uses no quota
(a test that arms 10012 must see its fault, not the natural limit). A latency-only fault answers
nothing, so its call is metered as usual."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from solarfakes.simulators.core.auth import AuthServices, scheme_for
from solarfakes.simulators.core.body import Incoming, read_body
from solarfakes.simulators.core.codecs import Codec, Undecodable, codec_for, json_bytes
from solarfakes.simulators.core.context import Call, Reply, RoutedCall
from solarfakes.simulators.core.envelope import envelope_of, error_body, render
from solarfakes.simulators.core.envelope_bytes import planned_answer
from solarfakes.simulators.core.errors import HttpAnswer, VendorError
from solarfakes.simulators.core.faults import Fault
from solarfakes.simulators.core.journal import Entry, json_safe, kept
from solarfakes.simulators.core.meter import Meter
from solarfakes.simulators.core.nonces import NonceStore
from solarfakes.simulators.core.offload import FleetWork
from solarfakes.simulators.core.pagination import lay_out
from solarfakes.simulators.core.plan import EndpointPlan, plan_of
from solarfakes.simulators.core.routing import Router, request_path
from solarfakes.simulators.core.tokens import TokenStore
from solarfakes.simulators.core.validate import validate
from solarfakes.simulators.core.vendor import Page, Vendor
from solarfakes.simulators.world import Account, World
from solarfakes.specs.auth import HeaderTokenAuth
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import Endpoint, Profile, Spec

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

log = logging.getLogger("solarfakes")
ANONYMOUS = "anonymous"
# On every answer the simulator failed to produce (a bug, even behind the vendor's HTTP 200 envelope):
# the id of its journal entry, so tests and fuzzers can fail on it.
CRASH_HEADER = "x-solarfakes-crash"
NO_BODY_STATUSES = (204, 304)
NO_PARAMS: dict[str, Any] = {}
NO_EXTRAS: dict[str, Any] = {}  # only read: a handler's extras are never changed after it answers
# What a simulator bug answers where the vendor has no internal-error envelope (or on a vendor page).
SIMULATOR_BUG = "simulator bug: see the server log"  # the journaled check of a crash
CRASH_BODY = {"solarfakes_error": "internal error in the simulator; see the server log"}


def query_params(text: str) -> dict[str, str]:
    """``dict(parse_qsl(text, keep_blank_values=True))``: a query with nothing to unquote (no % or +, as
    nearly every client's is) is split as parse_qsl splits it, without its per-pair unquoting calls."""
    if "%" in text or "+" in text:
        return dict(parse_qsl(text, keep_blank_values=True))
    return dict(pair.partition("=")[::2] for pair in text.split("&") if pair)


# Request header names as the pipeline reads them (latin-1, lower case), by their bytes: clients send the
# same few names on every call, so each is decoded once (within a bound against made-up names).
HEADER_NAMES: dict[bytes, str] = {}
HEADER_NAMES_KEPT = 1024


def request_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """``{k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}``, each name decoded once."""
    names = HEADER_NAMES
    try:
        return {names[key]: value.decode("latin-1") for key, value in raw}
    except KeyError:  # a name not seen yet: learnt, then read again
        for key, _ in raw:
            if key not in names:
                if len(names) >= HEADER_NAMES_KEPT:
                    names.clear()
                names[bytes(key)] = key.decode("latin-1").lower()
        return {(names.get(key) or key.decode("latin-1").lower()): value.decode("latin-1") for key, value in raw}


class UndeclaredError(RuntimeError):
    """A handler answered a code its endpoint does not declare: a simulator bug, reported as one."""


def route_prefixes(spec: Spec, profile: Profile) -> tuple[str, ...]:
    """The base path and the first segment of every alias path (Growatt answers /v4/ like /v1/)."""
    aliases = {
        "/" + path.strip("/").split("/")[0] + "/" for e in spec.endpoints if profile in e.profiles for path in e.aliases
    }
    return tuple(sorted({spec.base_path} | aliases, key=len, reverse=True))


def declared_codes(spec: Spec, endpoint: Endpoint) -> frozenset[str]:
    """The codes a handler may answer for ``endpoint``: its error list and its parameter rules."""
    codes: list[int | str | None] = [ref.code for ref in endpoint.errors]
    codes += [rule.error for rule in endpoint.rules]
    codes += [code for param in endpoint.params for code in (param.missing_error, param.invalid_error)]
    codes += [endpoint.unknown_setting_error, endpoint.out_of_range_error, endpoint.format_error]
    codes += list(spec.param_errors.values())
    return frozenset(str(code) for code in codes if code is not None)


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
        self.base_path = self.spec.base_path.rstrip("/")
        self.codecs: dict[str, Codec] = {}
        self.codec = self.codec_named(self.spec.codec)
        self.declared = {e.id: declared_codes(self.spec, e) for e in self.spec.endpoints}
        # The API's own envelope, which answers a call not yet admitted to its endpoint's
        self.envelope = envelope_of(self.spec, None)
        self.plans: dict[str, EndpointPlan] = {}  # by endpoint id, made on its first call
        auth = self.spec.auth
        permanent = self.account_tokens if isinstance(auth, HeaderTokenAuth) else None
        self.tokens = TokenStore(auth.token, (cloud.seed, self.api), permanent) if auth.token else None
        self.nonces = NonceStore(auth.nonce.remember_seconds) if auth.nonce else None
        self.auth = scheme_for(auth, AuthServices(self.lookup, self.tokens, self.nonces))
        self.meter = Meter(list(self.spec.limits), cloud.clock, enforce=cloud.limits)
        self.work = FleetWork(cloud.lock)
        self.crashes = 0  # answers the simulator failed to produce since it started (never reset)
        self._backend: Any = None
        # (the world's accounts of this API, how many, {key: {value: account}}), made on first lookup
        self._accounts_index: tuple[list[Account], int, dict[str, dict[Any, Account]]] | None = None

    @property
    def world(self) -> World:
        return self.cloud.world

    @property
    def backend(self) -> Any:
        """The vendor's typed state, built from the seeded world on first use after each reset."""
        if self._backend is None:
            self._backend = self.vendor.backend(self)
        return self._backend

    def codec_named(self, name: str) -> Codec:
        if name not in self.codecs:
            self.codecs[name] = codec_for(name, self.spec, (self.cloud.seed, self.api))
        return self.codecs[name]

    def codec_of(self, endpoint: Endpoint | None) -> Codec:
        return self.codec_named(endpoint.codec) if endpoint is not None and endpoint.codec else self.codec

    def lookup(self, key: str, value: str) -> Account | None:
        """The first account whose ``key`` (its name, or a credential) is ``value``. Indexed by key over
        the world's list of accounts (made once per world, never changed): authentication asks up to
        five times a call."""
        accounts = self.cloud.world.accounts_of(self.api)
        index = self._accounts_index
        if index is None or index[0] is not accounts or index[1] != len(accounts):
            index = self._accounts_index = (accounts, len(accounts), {})
        by_value = index[2].get(key)
        if by_value is None:
            by_value = index[2][key] = {}
            for account in accounts:
                found = account.name if key == "name" else account.credentials.get(key)
                with suppress(TypeError):  # an unhashable credential (a list of serials) names no account
                    by_value.setdefault(found, account)
        try:
            return by_value.get(value)
        except TypeError:  # an unhashable value equals no credential text
            return None

    def account_tokens(self) -> dict[str, str]:
        """The accounts' own long-lived tokens (issued with the account, not by a login)."""
        return {a.credentials["token"]: a.name for a in self.cloud.world.accounts_of(self.api)}

    def reset(self) -> None:
        self.meter.reset()
        self._backend = None
        if self.tokens is not None:
            self.tokens.seed = (self.cloud.seed, self.api)
            self.tokens.reset()
        if self.nonces is not None:
            self.nonces.reset()
        self.auth.reset()
        self.codecs.clear()  # codecs may hold keys derived from the seed, which a reset may change
        self.codec = self.codec_named(self.spec.codec)

    def serves(self, path: str) -> bool:
        return path.startswith(self.prefixes) or path == self.base_path

    def receive(self, request: Incoming, path: str | None = None) -> Call:
        """The call as it arrives, before its body (read within bounds, inside the error handling).
        Read from the ASGI scope as Starlette's Request reads it (headers as latin-1, the query's last
        value of a repeated name), without building its Headers, QueryParams and URL objects. ``path``:
        its ``request_path``, where the caller has worked it out already."""
        scope = request.scope
        now = self.cloud.clock.now()
        query = scope.get("query_string", b"")
        client = scope.get("client")
        # positional, in the order of Call's fields (keywords cost a call ~1 us)
        return Call(
            self.api,
            scope["method"],
            request_path(scope) if path is None else path,
            request_headers(scope["headers"]),
            query_params(query.decode("latin-1")) if query else {},
            b"",
            client[0] if client is not None else "",
            now,
        )

    async def __call__(self, request: Request) -> Response:
        status, payload, headers = await self.respond(request)
        return Response(payload, status_code=status, media_type=None, headers=headers)

    async def respond(self, request: Incoming, path: str | None = None) -> tuple[int, bytes, dict[str, str]]:
        """The call's answer as (status, body, headers): what ``__call__`` makes a Response of, and what
        the cloud's app sends as it is (a Response object and its header lists cost a call ~5 us).
        ``path``: the request's ``request_path``, if the caller knows it."""
        started = time.perf_counter()
        call = self.receive(request, path)
        code: int | str | None = None
        plan: EndpointPlan | None = None
        headers: dict[str, str] = {}
        succeeded = crashed = False
        try:
            bounds = self.cloud.body_limits
            call.raw_body = await read_body(request, bounds.max_bytes, bounds.timeout_seconds)
            endpoint = self.route(call)  # the spec's routes alone: no fleet state, so outside the lock
            plan = self.plan(endpoint)
            # The fleet is shared by every request (and every thread serving this cloud): the call is
            # admitted and answered in one piece of work under the cloud's lock, off the event loop when
            # heavy (offload.py); an armed latency is waited out between the two, unlocked.
            answer = await self.work.run(endpoint.id, self.admitted_answer, call, plan)
            if answer is None:
                fault = call.fault
                assert fault is not None, "only an armed latency parts admission from the answer"
                await asyncio.sleep(fault.latency_ms / 1000)
                answer = await self.work.run(endpoint.id, self.encoded_answer, call, fault, plan)
            status, payload, headers = answer
            succeeded = True
        except VendorError as exc:
            code = exc.code
            call.diagnostics.setdefault("check", exc.check)
            call.diagnostics.update(exc.diagnostics)
            # an error before admission is complete answers in the API's own envelope, not the endpoint's
            content_type = plan.content_type if call.admitted and plan else self.envelope.content_type
            status, payload, headers = self.vendor_error(call, exc, content_type)
        except HttpAnswer as exc:
            status, payload, headers = self.http_answer(exc)
        except Exception:
            log.exception("%s %s %s failed inside the simulator", self.api, call.method, call.path)
            content_type = plan.content_type if call.admitted and plan else self.envelope.content_type
            status, payload, headers, code = self.internal_error(call, content_type)
            crashed = True
        if call.diagnostics.get("check"):
            log.info("%s %s %s -> %s %s", self.api, call.method, call.path, code, call.diagnostics)
        self.journal(call, status, payload, headers, code, call.fault, started, succeeded=succeeded, crashed=crashed)
        serial_header = plan.serial_header if plan is not None else self.envelope.serial_header
        if serial_header is not None:
            headers[serial_header] = call.serial  # the vendor echoes the body's request serial here
        state = self.cloud.state
        if state.commits:
            await state.commit()  # what the call changed is in the state file before it answers
        return status, payload, {**call.response_headers, **headers} if call.response_headers else headers

    def vendor_error(self, call: Call, exc: VendorError, content_type: str) -> tuple[int, bytes, dict[str, str]]:
        status, body = error_body(self.spec, call.endpoint, exc.code, exc.message, call.path, call.now, call.serial)
        payload, headers = self.codec_of(call.endpoint).encode(call, body, content_type)
        return status, payload, headers

    def http_answer(self, exc: HttpAnswer) -> tuple[int, bytes, dict[str, str]]:
        if exc.status in NO_BODY_STATUSES:  # HTTP forbids a body here; one would break the framing
            return exc.status, b"", dict(exc.headers)
        body = exc.body
        payload = body if isinstance(body, bytes) else json_bytes.dumps(body)
        return exc.status, payload, {"content-type": exc.content_type, **exc.headers}

    def journal(
        self,
        call: Call,
        status: int,
        payload: bytes,
        headers: dict[str, str],
        code: int | str | None,
        fault: Fault | None,
        started: float,
        *,
        succeeded: bool,
        crashed: bool,
    ) -> Entry:
        """Record the call: its bytes as they travelled (parsed only when read), the rest made JSON-safe.
        A crash is also counted, and its answer's ``headers`` name the entry."""
        journal = self.cloud.journal
        body, body_length = kept(call.plain_body if call.plain_body is not None else call.raw_body)
        response, response_length = kept(payload)
        endpoint = call.endpoint
        # positional, in the order of Entry's fields (keywords cost a call ~1 us)
        entry = Entry(
            journal.next_id(),
            self.api,
            endpoint.id if endpoint is not None else None,
            call.method,
            call.path,
            call.query,
            call.headers,
            body,
            call.client_host,
            call.now,
            status,
            response,
            code,
            json_safe(fault.as_json()) if fault else None,
            json_safe({k: v for k, v in call.diagnostics.items() if v is not None}) if call.diagnostics else {},
            round((time.perf_counter() - started) * 1_000_000) / 1000,  # ms to the us (rounding to digits: ~0.3 us)
            body_length,
            response_length,
            headers.get("content-type", ""),
            succeeded,
            crashed,
        )
        journal.record(entry)
        if crashed:
            with self.cloud.lock:
                self.crashes += 1
            headers[CRASH_HEADER] = str(entry.id)
        return entry

    def plan(self, endpoint: Endpoint) -> EndpointPlan:
        found = self.plans.get(endpoint.id)
        if found is None:
            found = self.plans[endpoint.id] = plan_of(self, endpoint)
        return found

    def route(self, call: Call) -> Endpoint:
        """The call's endpoint and path parameters, or the API's answer to a path or method it lacks."""
        match = self.router.match(call.method, call.path)
        if match.endpoint is None:
            raise self.no_route(call, match.allowed)
        call.endpoint = match.endpoint
        call.path_params = match.path_params
        return match.endpoint

    def admitted_answer(self, call: Call, plan: EndpointPlan | None = None) -> tuple[int, bytes, dict[str, str]] | None:
        """Admit the call and answer it, in one piece; None when the call's armed fault has a latency,
        to be waited out before the answer."""
        assert call.endpoint is not None, "the call is routed before it is admitted"
        plan = plan or self.plan(call.endpoint)
        fault = call.fault = self.admit(call, plan)
        if fault is not None and fault.latency_ms:
            return None
        return self.encoded_answer(call, fault, plan)

    def admit(self, call: Call, plan: EndpointPlan | None = None) -> Fault | None:
        """Decode, authenticate and meter the routed call; the fault armed for it, if any."""
        endpoint = call.endpoint
        assert endpoint is not None, "the call is routed before it is admitted"
        plan = plan or self.plan(endpoint)
        self.decode(call, endpoint, self.codec_named(plan.codec))
        at = call.now.timestamp()  # the call's instant, for its authentication and its meter
        if plan.anonymous:
            call.account = Account(self.api, ANONYMOUS, {})
        else:
            call.account = plan.authenticate(call, at)
        faults = self.cloud.faults
        fault = faults.take(self.api, endpoint.id, call.path) if faults.faults else None
        # a fault that answers this call uses no quota; an endpoint no limit counts has nothing to meter
        if (fault is None or not fault.answers) and plan.metered:
            self.meter_call(call, call.account, endpoint, at, plan.per_param)
        call.admitted = True
        return fault

    def meter_call(
        self, call: Call, account: Account, endpoint: Endpoint, at: float, per_param: bool | None = None
    ) -> None:
        # the request's parameters only where a limit counts per parameter value (merging them is not free)
        if per_param is None:
            per_param = self.meter.counts_per_param(endpoint.id)
        params = call.raw_params() if per_param else NO_PARAMS
        # ``at`` is the timestamp of the call's instant (``admit``): whole microseconds where it is aware
        whole = call.now.tzinfo is not None
        refusal = self.meter.check(account.name, endpoint.id, params, at, call.response_headers, whole_micros=whole)
        if refusal is not None:
            call.diagnostics.update(check="limit", limit=refusal.limit.id, retry_at=refusal.reset_at)
            # A limit answers with the API's own message, not an endpoint's meaning of the same code.
            raise VendorError(refusal.limit.error, self.spec.error(refusal.limit.error).message, check="limit")

    def decode(self, call: Call, endpoint: Endpoint | None, codec: Codec | None = None) -> None:
        try:
            (codec or self.codec_of(endpoint)).decode(call)
        except Undecodable as exc:
            call.diagnostics["problem"] = exc.problem
            if exc.code is None:
                raise HttpAnswer(400, {"solarfakes_error": exc.problem}) from None
            raise VendorError(exc.code, check="decode") from None

    def encoded_answer(
        self, call: Call, fault: Fault | None, plan: EndpointPlan | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        assert call.endpoint is not None, "admit routed the call"
        plan = plan or self.plan(call.endpoint)
        status, body = self.answer(call, fault, plan)
        return (status, *self.codec_named(plan.codec).encode(call, body, plan.content_type))

    def answer(self, call: Call, fault: Fault | None, plan: EndpointPlan | None = None) -> tuple[int, Any]:
        """Inject, validate, handle and envelope: the success answer, or an exception for an error."""
        endpoint = call.endpoint
        assert endpoint is not None, "admit routed the call"
        assert call.account is not None, "admit authenticated the call"
        plan = plan or self.plan(endpoint)
        if fault is not None:
            self.inject(fault)
        args = call.args = validate(call, self.spec)
        result = self.handle(RoutedCall(call, endpoint, call.account, args))
        if isinstance(result, Page):
            result = lay_out(result, endpoint, args)
        # most handlers answer a bare payload: no Reply is made for it
        payload, extras = (result.payload, result.extras) if isinstance(result, Reply) else (result, NO_EXTRAS)
        if plan.conform is not None and payload is not None:  # shape.conform, its conformer found once
            payload = plan.conform(payload)
        return planned_answer(plan.success, payload, extras, call.path, call.now, call.drawn_serial)

    def handle(self, routed: RoutedCall) -> Any:
        self.cloud.state.note(routed)  # a write is kept even if it fails: a failure may leave a trace
        try:
            return self.vendor.handlers[routed.endpoint.id](routed, self)
        except VendorError as exc:
            if str(exc.code) not in self.declared[routed.endpoint.id]:
                raise UndeclaredError(
                    f"{self.api} {routed.endpoint.id} answered {exc.code}, which its spec endpoint does not declare"
                ) from exc
            raise

    def internal_error(self, call: Call, content_type: str) -> tuple[int, bytes, dict[str, str], int | str | None]:
        """A simulator bug still answers as the vendor does for a server fault, never a traceback;
        the journal marks it, so tests and fuzzers see it even behind an HTTP 200 envelope."""
        call.diagnostics["check"] = SIMULATOR_BUG
        code = self.spec.internal_error
        if code is None:
            return 500, json.dumps(CRASH_BODY).encode(), {"content-type": "application/json"}, None
        status, body = error_body(self.spec, call.endpoint, code, None, call.path, call.now, call.serial)
        try:
            payload, headers = self.codec_of(call.endpoint).encode(call, body, content_type)
        except Exception:
            log.exception("%s: the internal-error envelope itself failed to encode", self.api)
            payload, headers = json.dumps(body, default=str).encode(), {"content-type": "application/json"}
        return status, payload, headers, code

    def inject(self, fault: Fault) -> None:
        if fault.http_status is not None:
            body = fault.body
            text = body if isinstance(body, str) else json_bytes.dumps(body).decode() if body is not None else ""
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
        content_type = known.content_type if known else "application/json"
        headers = {"allow": ", ".join(allowed)} if allowed else {}
        return HttpAnswer(known.status if known else status, body, content_type, headers)
