"""A set of fake clouds sharing one world, clock, fault registry and journal, as one ASGI app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar, overload

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route, request_response
from starlette.types import Receive, Scope, Send

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.body import Arrival, BodyLimits
from solarfakes.simulators.core.faults import Fault, FaultError, FaultRegistry
from solarfakes.simulators.core.journal import Journal
from solarfakes.simulators.core.pipeline import Simulator
from solarfakes.simulators.core.replay import page_event
from solarfakes.simulators.core.routing import request_path
from solarfakes.simulators.core.state import open_state
from solarfakes.simulators.core.vendor import Vendor, WebRoute
from solarfakes.simulators.core.web_page import page_endpoint
from solarfakes.simulators.world import Account, World
from solarfakes.specs.model import Profile

Encoding = TypeVar("Encoding")

log = logging.getLogger("solarfakes")
ADMIN_PREFIX = "/_solarfakes"
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
NO_LENGTH_STATUSES = (204, 304)  # Starlette's Response sends no content-length with these (nor below 200)
PATHS_KEPT = 1024
# Response header names as sent (lower-cased latin-1 bytes), by the text a simulator gives: an API
# answers with the same few names, so each is encoded once, within a bound.
HEADER_NAMES: dict[str, bytes] = {}


def raw_header_name(name: str) -> bytes:
    encoded = name.lower().encode("latin-1")
    if len(HEADER_NAMES) >= PATHS_KEPT:
        HEADER_NAMES.clear()
    HEADER_NAMES[name] = encoded
    return encoded


class Cloud:
    """Everything one `solarfakes serve` (or one pytest fixture) runs."""

    def __init__(
        self,
        vendors: Mapping[str, Vendor],
        apis: Iterable[str] | None = None,
        *,
        seed: int = 1,
        plants: int = 5,
        profile: Profile = "observed",
        clock: SimClock | None = None,
        limits: bool = True,
        admin_token: str | None = None,
        base_url: str = "http://127.0.0.1:8000",
        state: str | Path | None = None,
        credentials: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.vendors = dict(vendors)  # the registry: every vendor this cloud may serve, by API
        self.profile = profile
        self.clock = clock or SimClock()
        self.limits = limits
        self.admin_token = admin_token
        self.base_url = base_url.rstrip("/")
        chosen = list(apis) if apis else list(self.vendors)
        # Exact energy accounting starts the day before the clock's start, so totals cost little.
        reference = self.clock.now().date() - timedelta(days=1)
        # A state file that holds a fleet gives its seed (a reset may have reseeded) and accounting start.
        self.state = open_state(state)
        seed, reference = self.state.fleet(seed=seed, reference=reference, plants=plants, profile=profile, apis=chosen)
        self.seed = seed
        layouts = {api: vendor.layout for api, vendor in self.vendors.items()}
        self.world = World(seed=seed, plants=plants, reference=reference, layouts=layouts, credentials=credentials)
        self.faults = FaultRegistry(seed=seed)
        self.lock = threading.RLock()
        self.journal = Journal()
        self.body_limits = BodyLimits()
        self.simulators: dict[str, Simulator] = {api: Simulator(self, self.vendors[api], profile) for api in chosen}
        self.app = self.build_app()
        self.state.attach(self)  # replays the file's history, then keeps every change

    def simulator(self, api: str) -> Simulator:
        try:
            return self.simulators[api]
        except KeyError:
            raise KeyError(f"{api!r} is not served here; served: {', '.join(self.simulators)}") from None

    def reset(self, seed: int | None = None) -> None:
        """Back to the seeded state (of a new seed, if given): fleet, vendor state, counters,
        faults and journal. The clock is left as it is."""
        with self.state.exclusive(), self.lock:
            if seed is not None:
                self.seed = self.world.seed = seed
            self.world.reset()
            self.faults.clear()
            self.journal.clear()
            for sim in self.simulators.values():
                sim.reset()
            self.state.reset()

    def set_limits(self, enforce: bool) -> None:
        self.limits = enforce
        for sim in self.simulators.values():
            sim.meter.enforce = enforce
        self.state.flush()

    @overload
    def credentials(self) -> dict[str, dict[str, Any]]: ...

    @overload
    def credentials(self, encode: Callable[[dict[str, Any]], Encoding]) -> dict[str, Encoding]: ...

    def credentials(self, encode: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
        """Each API's credentials view; with ``encode``, each view as ``encode`` makes it, one API at a
        time, so only one API's view is alive at once (10,000 plants per API make a 7 MB answer)."""
        out = {}
        # A vendor's credentials may mint something (a ready OAuth2 code), so the view is kept as an event.
        with self.state.event(self.lock, "credentials"):
            for api, sim in self.simulators.items():
                account = self.world.account(api)
                view = {"base_url": self.base_url, **sim.vendor.credentials(sim, account)}
                out[api] = view if encode is None else encode(view)
        return out

    def mint_oauth_code(self, sim: Simulator, account: Account, redirect_uri: str | None) -> str:
        """A fresh OAuth2 authorization code from the vendor's hook, as if ``account`` had consented."""
        assert sim.vendor.oauth_code is not None, "only a vendor with OAuth2 codes mints them"
        data = {"account": account.name, "redirect_uri": redirect_uri}
        with self.state.event(self.lock, "oauth_code", sim.api, data):
            return sim.vendor.oauth_code(sim, account, redirect_uri)

    def close(self) -> None:
        """Commit and close the state file, if any (the cloud is not used after this)."""
        self.state.close()

    def arm_fault(self, **spec: Any) -> Fault:
        api = spec.get("api")
        if api is not None and api not in self.simulators:
            raise FaultError(f"api {api!r} is not served; served: {', '.join(self.simulators)}")
        if spec.get("code") is not None:
            if api is None:
                raise FaultError("a fault with a vendor code needs the api it belongs to")
            sim = self.simulators[api]
            if str(spec["code"]) not in {str(e.code) for e in sim.spec.errors}:
                raise FaultError(f"{spec['code']!r} is not an error code of {api}")
            spec["code"] = next(e.code for e in sim.spec.errors if str(e.code) == str(spec["code"]))
        endpoint = spec.get("endpoint")
        if endpoint is not None and api is not None:
            sim = self.simulators[api]
            names = {e.id for e in sim.spec.endpoints} | {p for e in sim.spec.endpoints for p in (e.path, *e.aliases)}
            if endpoint not in names:
                raise FaultError(f"{api} has no endpoint {endpoint!r} (give its id or its vendor path)")
        fault = self.faults.arm(**spec)
        self.state.flush()
        return fault

    def build_app(self) -> CloudApp:
        from solarfakes.simulators.core.admin import admin_routes

        async def dispatch(request: Request) -> Response:
            path = request_path(request.scope)  # request.url.path, without building a URL per call
            for sim in self.simulators.values():
                if sim.serves(path):
                    return await sim(request)
            return JSONResponse(
                {
                    "solarfakes_error": "no API is served at this path",
                    "path": path,
                    "served": {api: sim.spec.base_path for api, sim in self.simulators.items()},
                },
                status_code=404,
            )

        admin = Mount(ADMIN_PREFIX, routes=admin_routes(self))
        pages: list[BaseRoute] = []
        for sim in self.simulators.values():
            for page in (p for p in sim.vendor.web_routes if sim.profile in p.profiles):
                pages.append(Route(page.path, self.web_page(sim, page), methods=list(page.methods)))
        app = Starlette(routes=[admin, *pages, Route("/{path:path}", dispatch, methods=ALL_METHODS)])
        # a path the catch-all's pattern cannot match (one with a newline) still gets the vendor's answer
        app.router.default = request_response(dispatch)
        return CloudApp(app, self, pages)

    def web_page(self, sim: Simulator, page: WebRoute) -> Callable[[Request], Awaitable[Response]]:
        """A vendor page (outside the API pipeline) run under the cloud's lock, as API calls are, and
        served with their body bounds, journal and crash marking (core/web_page.py)."""

        def run(request: Request) -> Response:
            with self.state.event(self.lock, "page", sim.api, page_event(request)):
                return page.handler(request, sim)

        return page_endpoint(sim, run)


class CloudApp:
    """The cloud's ASGI app. A vendor API call, by far the most common request, goes straight to its
    simulator, which answers every outcome itself (errors and crashes included); Starlette's
    middleware and routing, which such a call only passed through (about 15 us a call), serve the rest:
    the admin API, vendor pages, lifespan, a root path, and paths no API serves."""

    def __init__(self, app: Starlette, cloud: Cloud, pages: list[BaseRoute]) -> None:
        self.app = app
        self.cloud = cloud
        self.pages = pages
        # A page Route matches an http scope (with no root path, as api_call asks) where its path pattern
        # matches the path, whatever the method: the pattern alone is asked, without building its match.
        self.page_paths = [page.path_regex for page in pages if type(page) is Route]
        self.other_pages = [page for page in pages if type(page) is not Route]
        self.page_paths_seen: dict[str, bool] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        routed = self.api_call(scope)
        if routed is None:
            await self.app(scope, receive, send)
            return
        sim, path = routed
        status, payload, headers = await sim.respond(Arrival(scope, receive), path)
        # the messages Starlette's Response(payload, status, headers, media_type=None) sends
        names = HEADER_NAMES
        try:
            raw = [(names[key], value.encode("latin-1")) for key, value in headers.items()]
        except KeyError:  # a name not sent yet
            raw = [(names.get(key) or raw_header_name(key), value.encode("latin-1")) for key, value in headers.items()]
        if not (status < 200 or status in NO_LENGTH_STATUSES or b"content-length" in dict(raw)):
            raw.append((b"content-length", str(len(payload)).encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": payload})

    def page_path(self, path: str) -> bool:
        """Whether a page's path pattern matches ``path``, remembered for the paths asked most (the
        patterns were tried on every API call), within a bound against made-up paths."""
        found = self.page_paths_seen.get(path)
        if found is None:
            found = any(pattern.match(path) for pattern in self.page_paths)
            if len(self.page_paths_seen) >= PATHS_KEPT:
                self.page_paths_seen.clear()
            self.page_paths_seen[path] = found
        return found

    def api_call(self, scope: Scope) -> tuple[Simulator, str] | None:
        """The simulator that answers ``scope`` and the path it reads, when Starlette would route it to
        the catch-all only."""
        if scope["type"] != "http" or scope.get("root_path") or scope["path"].startswith(ADMIN_PREFIX):
            return None
        if scope["method"] not in ALL_METHODS:  # the catch-all route answers 405 itself
            return None
        if self.page_paths and self.page_path(scope["path"]):
            return None
        if self.other_pages and any(page.matches(scope)[0] is not Match.NONE for page in self.other_pages):
            return None
        path = request_path(scope)
        for sim in self.cloud.simulators.values():
            if sim.serves(path):
                return sim, path
        return None
