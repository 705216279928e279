"""pytest fixtures: one fake cloud per API (each vendor of the registry names its fixture) and
``solarfakes_cloud``, every API on one clock. Fixed seed, limits off, and a clock frozen at the moment
the fixture starts, so clients that sign with the machine's own time are accepted.

    def test_plants(growatt_cloud):
        with growatt_cloud.client() as http:
            body = http.get("/v1/plant/list", headers={"token": growatt_cloud.credentials["token"]}).json()
        assert body["data"]["count"] == len(growatt_cloud.credentials["plant_ids"])

Options per test: ``@pytest.mark.solarfakes(seed=7, plants=20, profile="documented", limits=True,
clock="frozen@2026-03-01T12:00:00Z", credentials={"growatt_v1": {"token": "..."}}, state="cloud.sqlite")``
(``clock`` takes any ``solarfakes serve --clock`` value; ``at=ISO`` is short for ``clock="frozen@ISO"``);
per suite, the ini option ``solarfakes_clock``. ``state=`` keeps the cloud's changes in that file, as
``solarfakes serve --state``.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import anyio
import httpx
import pytest

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.faults import Fault
from solarfakes.simulators.core.journal import Entry
from solarfakes.simulators.serve import free_port
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs.model import PROFILES

# Frozen at the wall-clock time the fixture starts: what clients signing with time.time() expect.
DEFAULT_CLOCK = "frozen"
DEFAULT_SEED = 1
DEFAULT_PLANTS = 5
MARKER_OPTIONS = ("seed", "plants", "profile", "clock", "at", "limits", "credentials", "state")
ALL_APIS_FIXTURE = "solarfakes_cloud"


class Faults:
    """Arm, list and clear faults: of one API, or of any served API (then ``arm`` needs ``api=``)."""

    def __init__(self, cloud: Cloud, api: str | None) -> None:
        self.cloud, self.api = cloud, api

    def arm(
        self,
        code: int | str | None = None,
        *,
        endpoint: str | None = None,
        times: int | None = None,
        probability: float | None = None,
        latency_ms: float | None = None,
        http_status: int | None = None,
        message: str | None = None,
        body: Any = None,
        api: str | None = None,
    ) -> Fault:
        """Arm a fault; the matching calls answer the vendor error ``code`` (with the spec's message or
        ``message``) or the raw ``http_status`` (with ``body``), after ``latency_ms``. ``endpoint`` is an
        endpoint id or vendor path (default every endpoint); ``times`` limits how often it fires (default
        until cleared), ``probability`` makes it fire by chance (seeded). Refused with a FaultError
        saying which argument is wrong."""
        if self.api is not None and api not in (None, self.api):
            raise ValueError(f"this handle arms faults of {self.api} only; use solarfakes_cloud for {api}")
        return self.cloud.arm_fault(
            api=api or self.api,
            code=code,
            endpoint=endpoint,
            times=times,
            probability=probability,
            latency_ms=latency_ms,
            http_status=http_status,
            message=message,
            body=body,
        )

    def clear(self) -> int:
        """Disarm this handle's faults; returns how many were armed."""
        if self.api is None:
            return self.cloud.faults.clear()
        return sum(self.cloud.faults.clear(fault["id"]) for fault in self.armed() if fault["api"] == self.api)

    def armed(self) -> list[dict[str, Any]]:
        """The armed faults that can fire for this handle, as ``GET /_solarfakes/faults`` lists them."""
        return [f for f in self.cloud.faults.listing() if self.api is None or f["api"] in (None, self.api)]


class JournalView:
    """The journal's entries (of one API, or of all): each an ``Entry`` with the request and answer."""

    def __init__(self, cloud: Cloud, api: str | None) -> None:
        self.cloud, self.api = cloud, api

    def entries(self, endpoint: str | None = None, error_code: int | str | None = None) -> list[Entry]:
        """Entries oldest first; ``endpoint`` is an endpoint id or a path, ``error_code`` the vendor code."""
        code = None if error_code is None else str(error_code)
        return self.cloud.journal.query(self.api, endpoint, code)

    def last(self) -> Entry:
        found = self.entries()
        if not found:
            raise LookupError(f"no {self.api or 'solarfakes'} request was journaled")
        return found[-1]

    def clear(self) -> int:
        return self.cloud.journal.clear()


class LiveServer:
    """The cloud's app served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, cloud: Cloud) -> None:
        import uvicorn

        self.port = free_port("127.0.0.1")
        self.base_url = f"http://127.0.0.1:{self.port}"
        cloud.base_url = self.base_url
        config = uvicorn.Config(cloud.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live solarfakes server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def read_timeout(request: httpx.Request) -> float | None:
    """The read timeout httpx gave this request (None: wait for ever), as a socket transport applies it."""
    timeouts: Mapping[str, float | None] = request.extensions.get("timeout", {})
    return timeouts.get("read")


def timed_out(request: httpx.Request, timeout: float | None) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"solarfakes answered no faster than the read timeout ({timeout} s)", request=request)


class AsyncASGITransport(httpx.AsyncBaseTransport):
    """httpx's ASGI transport with the request's read timeout applied, as over a socket: a call that
    waits longer (on an armed latency) is cancelled and raises httpx.ReadTimeout. The simulator's own
    computing is never cut short: in process it takes the place of no network time, and a slow test
    machine must not turn into timeouts."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = read_timeout(request)
        try:
            with anyio.fail_after(timeout):
                response = await self.inner.handle_async_request(request)
                content = await response.aread()
        except TimeoutError:
            raise timed_out(request, timeout) from None
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)


class SyncASGITransport(httpx.BaseTransport):
    """The in-process transport for synchronous clients: each request runs on a private event loop
    thread, with the read timeout applied as AsyncASGITransport applies it."""

    def __init__(self, app: Any) -> None:
        from anyio.from_thread import start_blocking_portal

        self.inner = AsyncASGITransport(app)
        self.portal_context = start_blocking_portal(backend="asyncio")
        self.portal = self.portal_context.__enter__()
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self.portal.call(self.inner.handle_async_request, request)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.portal_context.__exit__(None, None, None)


class Session:
    """What the handles of one fixture share: the cloud, the clients to close and the live server."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.clients: list[httpx.Client] = []
        self.live: LiveServer | None = None

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()
        if self.live is not None:
            self.live.stop()
            self.live = None
        self.cloud.close()  # commits and closes a state file (marker option ``state=``)


class Served:
    """What every handle has: the ASGI app, the clock, clients (in process unless the live server
    runs), the live server, limits and reset. The clock is the cloud's ``SimClock``: ``now()``,
    ``timestamp()``, ``freeze(at=None)``, ``set(at)``, ``advance(seconds)``, ``offset(seconds)``,
    ``set_speed(factor, at=None)``, ``real()``, ``state()``."""

    def __init__(self, session: Session | Cloud) -> None:
        self.session = session if isinstance(session, Session) else Session(session)
        self.cloud = self.session.cloud
        self.app = self.cloud.app
        self.clock: SimClock = self.cloud.clock

    @property
    def base_url(self) -> str:
        return self.cloud.base_url

    def client(self, **options: Any) -> httpx.Client:
        """An httpx client (``options`` as httpx.Client's): in-process unless the live server runs."""
        if self.session.live is not None:
            client = httpx.Client(base_url=self.session.live.base_url, **options)
        else:
            client = httpx.Client(transport=SyncASGITransport(self.app), base_url=self.base_url, **options)
        self.session.clients.append(client)  # closed with the fixture, so no event-loop thread outlives the test
        return client

    def async_client(self, **options: Any) -> httpx.AsyncClient:
        """An httpx.AsyncClient (any anyio runner: pytest's anyio plugin, pytest-asyncio); close it yourself
        (``async with``)."""
        if self.session.live is not None:
            return httpx.AsyncClient(base_url=self.session.live.base_url, **options)
        return httpx.AsyncClient(transport=AsyncASGITransport(self.app), base_url=self.base_url, **options)

    def live(self) -> str:
        """Start a real server on a free loopback port (once); returns its base URL, which ``base_url``
        and the credentials' ``base_url`` show from then on."""
        if self.session.live is None:
            self.session.live = LiveServer(self.cloud)
        return self.session.live.base_url

    def limits(self, enforce: bool = True) -> None:
        """Enforce the vendors' quotas and rate limits (the counters always run)."""
        self.cloud.set_limits(enforce)

    def reset(self, seed: int | None = None) -> None:
        """Back to the seeded state (fleet, writes, counters, faults, journal); the clock stays."""
        self.cloud.reset(seed)

    def close(self) -> None:
        self.session.close()


class CloudHandle(Served):
    """One API of a cloud: its credentials, faults, journal, spec and reference clients."""

    def __init__(self, session: Session | Cloud, api: str) -> None:
        super().__init__(session)
        self.api = api
        self.faults = Faults(self.cloud, api)
        self.journal = JournalView(self.cloud, api)
        self.simulator = self.cloud.simulator(api)
        self.spec = self.simulator.spec
        self.expected_crashes = 0  # a test that provokes simulator bugs on purpose says how many

    def check_crashes(self) -> None:
        """Fail the test if the simulator crashed (a bug, even if the vendor's envelope said HTTP 200)."""
        fail_on_crashes(self.cloud, [self.api], self.expected_crashes)

    @property
    def credentials(self) -> dict[str, Any]:
        return self.cloud.credentials()[self.api]

    def reference_client(self, **options: Any) -> Any:
        """This API's reference client (solarfakes.clients) with the account's credentials, in process
        unless the live server runs, signing on the simulated clock; its backoff waits advance that clock."""
        from solarfakes.clients import client_class

        options.setdefault("credentials", self.credentials)
        options.setdefault("clock", self.clock.timestamp)
        options.setdefault("sleep", self.clock.advance)
        if self.session.live is None:
            options.setdefault("transport", SyncASGITransport(self.app))
        client = client_class(self.api, profile=self.simulator.profile)(base_url=self.base_url, **options)
        self.session.clients.append(client.http)
        return client

    def reference_async_client(self, **options: Any) -> Any:
        """The async reference client, as ``reference_client``."""
        from solarfakes.clients import client_class

        async def advance(seconds: float) -> None:
            self.clock.advance(seconds)

        options.setdefault("credentials", self.credentials)
        options.setdefault("clock", self.clock.timestamp)
        options.setdefault("sleep", advance)
        if self.session.live is None:
            options.setdefault("transport", AsyncASGITransport(self.app))
        cls = client_class(self.api, asynchronous=True, profile=self.simulator.profile)
        return cls(base_url=self.base_url, **options)


class CloudsHandle(Served):
    """Every served API on one cloud, one clock and one port: ``handle["growatt_v1"]`` is the handle of
    one API (as its own fixture gives), ``credentials`` maps each API to its credentials, ``faults.arm``
    takes ``api=``, and ``journal`` holds every API's entries."""

    def __init__(self, session: Session | Cloud) -> None:
        super().__init__(session)
        self.apis = list(self.cloud.simulators)
        self.faults = Faults(self.cloud, None)
        self.journal = JournalView(self.cloud, None)
        self.handles = {api: CloudHandle(self.session, api) for api in self.apis}
        self.expected_crashes = 0  # over every API

    def check_crashes(self) -> None:
        """Fail the test if any API's simulator crashed."""
        fail_on_crashes(self.cloud, self.apis, self.expected_crashes)

    def __getitem__(self, api: str) -> CloudHandle:
        try:
            return self.handles[api]
        except KeyError:
            raise KeyError(f"{api!r} is not served; served: {', '.join(self.apis)}") from None

    @property
    def credentials(self) -> dict[str, dict[str, Any]]:
        return self.cloud.credentials()


def fail_on_crashes(cloud: Cloud, apis: list[str], expected: int) -> None:
    crashed = sum(cloud.simulator(api).crashes for api in apis) - expected
    if crashed > 0:
        ids = [e.id for e in cloud.journal.query() if e.crash and e.api in apis]
        names = ", ".join(api for api in apis if cloud.simulator(api).crashes)
        fail(
            f"the {names} simulator crashed {crashed} time(s) during this test (journal entries {ids}, "
            "see the log); set expected_crashes on the fixture if the test provokes it on purpose"
        )


def marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The ``solarfakes`` marker's options, each checked, or a test failure naming what is wrong."""
    marker = request.node.get_closest_marker("solarfakes")
    if marker is None:
        return {}
    where = "@pytest.mark.solarfakes"
    if marker.args:
        fail(f"{where} takes keyword options only ({', '.join(MARKER_OPTIONS)}); got {marker.args!r}")
    options = dict(marker.kwargs)
    for name in options:
        if name not in MARKER_OPTIONS:
            close = difflib.get_close_matches(name, MARKER_OPTIONS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"{where} has no option {name!r}{hint}; its options are {', '.join(MARKER_OPTIONS)}")
    checks: dict[str, tuple[Callable[[Any], bool], str]] = {
        "seed": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
        "plants": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "a whole number, at least 1"),
        "profile": (lambda v: v in PROFILES, f"one of {', '.join(PROFILES)}"),
        "clock": (lambda v: isinstance(v, str), "a --clock value such as 'frozen@2026-06-21T10:00:00Z'"),
        "at": (lambda v: isinstance(v, str | datetime), "an ISO 8601 instant or a datetime"),
        "limits": (lambda v: isinstance(v, bool), "True or False"),
        "credentials": (chosen_credentials, 'credentials by API, like {"growatt_v1": {"token": "..."}}'),
        "state": (lambda v: isinstance(v, str | Path), "a path (str or pathlib.Path) to a state file"),
    }
    for name, value in options.items():
        accepts, expected = checks[name]
        if not accepts(value):
            fail(f"{where}: {name}={value!r} is not {expected}")
    if "clock" in options and "at" in options:
        fail(f"{where}: give clock= or at=, not both")
    return options


def chosen_credentials(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(names, dict) and all(isinstance(v, str) and v for v in names.values()) for names in value.values()
    )


def fail(message: str) -> NoReturn:
    pytest.fail(message, pytrace=False)


def make_clock(request: pytest.FixtureRequest, options: Mapping[str, Any]) -> SimClock:
    at = options.get("at")
    where = "@pytest.mark.solarfakes" if "clock" in options or at is not None else "the ini option solarfakes_clock"
    try:
        if isinstance(at, datetime):
            clock = SimClock()
            clock.freeze(at)
            return clock
        option = f"frozen@{at}" if at is not None else options.get("clock") or request.config.getini("solarfakes_clock")
        return SimClock.from_option(str(option))
    except ValueError as exc:
        fail(f"{where}: {exc}")


def make_cloud(request: pytest.FixtureRequest, apis: str | Sequence[str]) -> Cloud:
    """The cloud a fixture serves (one API, or several on one clock), as the test's marker asks."""
    options = marker_options(request)
    served = [apis] if isinstance(apis, str) else list(apis)
    credentials: dict[str, dict[str, str]] = options.get("credentials", {})
    for api in credentials:
        if api not in served:
            fail(
                f"@pytest.mark.solarfakes: credentials for {api!r}, "
                f"which this fixture does not serve ({', '.join(served)})"
            )
    cloud = Cloud(
        VENDORS,
        served,
        seed=options.get("seed", DEFAULT_SEED),
        plants=options.get("plants", DEFAULT_PLANTS),
        profile=options.get("profile", "observed"),
        limits=options.get("limits", False),
        clock=make_clock(request, options),
        base_url="http://solarfakes.test",
        credentials=credentials,
        state=options.get("state"),
    )
    try:
        for api in credentials:
            cloud.world.account(api)  # builds the fleet now, so a wrong credential name fails here
    except KeyError as exc:
        fail(f"@pytest.mark.solarfakes: {exc.args[0]}")
    return cloud


def handle_fixture(api: str, name: str) -> Any:
    @pytest.fixture(name=name)
    def fixture(request: pytest.FixtureRequest) -> Iterator[CloudHandle]:
        handle = CloudHandle(Session(make_cloud(request, [api])), api)
        try:
            yield handle
        finally:
            handle.close()
        handle.check_crashes()

    return fixture


@pytest.fixture(name=ALL_APIS_FIXTURE)
def solarfakes_cloud(request: pytest.FixtureRequest) -> Iterator[CloudsHandle]:
    """Every API the registry serves, on one cloud with one clock, as ``solarfakes serve`` runs them."""
    handle = CloudsHandle(Session(make_cloud(request, list(VENDORS))))
    try:
        yield handle
    finally:
        handle.close()
    handle.check_crashes()


# pytest collects a plugin's fixtures from its module attributes: one per vendor, under the vendor's name
# for it (growatt_cloud, alphacloud, ...).
for _vendor in VENDORS.values():
    globals()[_vendor.fixture] = handle_fixture(_vendor.api, _vendor.fixture)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "solarfakes_clock",
        "the solarfakes fixtures' clock, as solarfakes serve --clock takes it (default 'frozen': frozen at "
        "the moment each fixture starts); 'frozen@2026-06-21T10:00:00Z' makes every date reproducible",
        default=DEFAULT_CLOCK,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "solarfakes(seed, plants, profile, clock, at, limits, credentials, state): options for the solarfakes fixtures",
    )
