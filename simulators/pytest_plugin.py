"""pytest fixtures: one fake cloud per API (each vendor of the registry names its fixture), frozen
clock and fixed seed by default.

    def test_plants(growatt_cloud):
        with growatt_cloud.client() as http:
            body = http.get("/v1/plant/list", headers={"token": growatt_cloud.credentials["token"]}).json()
        assert body["data"]["count"] == len(growatt_cloud.credentials["plant_ids"])

Options per test: ``@pytest.mark.solarfakes(seed=7, plants=20, profile="documented",
at="2026-03-01T12:00:00Z", limits=True)``; ``clock="real"`` (or any ``solarfakes serve --clock``
value) instead of ``at`` for clients that sign with the machine's own time.
``state="path/to/file.sqlite"`` keeps the cloud's changes in that file, as ``solarfakes serve --state``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from solarfakes.simulators.clock import SimClock, parse_instant
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.faults import Fault
from solarfakes.simulators.core.journal import Entry
from solarfakes.simulators.serve import free_port
from solarfakes.simulators.vendors import VENDORS

DEFAULT_INSTANT = "2026-06-21T10:00:00+00:00"
DEFAULT_SEED = 1


class Faults:
    """Arm and clear faults of one API."""

    def __init__(self, cloud: Cloud, api: str) -> None:
        self.cloud, self.api = cloud, api

    def arm(self, code: int | str | None = None, **options: Any) -> Fault:
        return self.cloud.arm_fault(api=self.api, code=code, **options)

    def clear(self) -> int:
        return self.cloud.faults.clear()

    def armed(self) -> list[dict[str, Any]]:
        return [f for f in self.cloud.faults.listing() if f["api"] in (None, self.api)]


class JournalView:
    """This API's entries of the shared journal."""

    def __init__(self, cloud: Cloud, api: str) -> None:
        self.cloud, self.api = cloud, api

    def entries(self, endpoint: str | None = None, error_code: int | str | None = None) -> list[Entry]:
        code = None if error_code is None else str(error_code)
        return self.cloud.journal.query(self.api, endpoint, code)

    def last(self) -> Entry:
        found = self.entries()
        if not found:
            raise LookupError(f"no {self.api} request was journaled")
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


class SyncASGITransport(httpx.BaseTransport):
    """httpx's ASGI transport for synchronous clients: each request runs on a private event loop thread."""

    def __init__(self, app: Any) -> None:
        from anyio.from_thread import start_blocking_portal

        self.inner = httpx.ASGITransport(app=app)
        self.portal_context = start_blocking_portal(backend="asyncio")
        self.portal = self.portal_context.__enter__()
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()

        async def send() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

        return self.portal.call(send)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.portal_context.__exit__(None, None, None)


class CloudHandle:
    """What a test gets: credentials, the ASGI app, clock, faults, journal and an optional live server."""

    def __init__(self, cloud: Cloud, api: str) -> None:
        self.cloud = cloud
        self.api = api
        self.app = cloud.app
        self.clock: SimClock = cloud.clock
        self.faults = Faults(cloud, api)
        self.journal = JournalView(cloud, api)
        self.simulator = cloud.simulator(api)
        self.spec = self.simulator.spec
        self._live: LiveServer | None = None
        self._clients: list[httpx.Client] = []
        self.expected_crashes = 0  # a test that provokes simulator bugs on purpose says how many

    def check_crashes(self) -> None:
        """Fail the test if the simulator crashed (a bug, even if the vendor's envelope said HTTP 200)."""
        crashed = self.simulator.crashes - self.expected_crashes
        if crashed > 0:
            ids = [e.id for e in self.cloud.journal.query(self.api) if e.crash]
            pytest.fail(
                f"the {self.api} simulator crashed {crashed} time(s) during this test (journal entries {ids}, "
                "see the log); set expected_crashes on the fixture if the test provokes it on purpose",
                pytrace=False,
            )

    @property
    def base_url(self) -> str:
        return self.cloud.base_url

    @property
    def credentials(self) -> dict[str, Any]:
        return self.cloud.credentials()[self.api]

    def client(self, **options: Any) -> httpx.Client:
        """An httpx client: in-process unless the live server runs."""
        if self._live is not None:
            client = httpx.Client(base_url=self._live.base_url, **options)
        else:
            client = httpx.Client(transport=SyncASGITransport(self.app), base_url=self.base_url, **options)
        self._clients.append(client)  # closed with the handle, so no event-loop thread outlives the test
        return client

    def async_client(self, **options: Any) -> httpx.AsyncClient:
        if self._live is not None:
            return httpx.AsyncClient(base_url=self._live.base_url, **options)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=self.base_url, **options)

    def reference_client(self, **options: Any) -> Any:
        """This API's reference client (solarfakes.clients) with the account's credentials, in process
        unless the live server runs, signing on the simulated clock; its backoff waits advance that clock."""
        from solarfakes.clients import client_class

        options.setdefault("credentials", self.credentials)
        options.setdefault("clock", self.clock.timestamp)
        options.setdefault("sleep", self.clock.advance)
        if self._live is None:
            options.setdefault("transport", SyncASGITransport(self.app))
        client = client_class(self.api, profile=self.simulator.profile)(base_url=self.base_url, **options)
        self._clients.append(client.http)
        return client

    def reference_async_client(self, **options: Any) -> Any:
        """The async reference client, as ``reference_client``."""
        from solarfakes.clients import client_class

        async def advance(seconds: float) -> None:
            self.clock.advance(seconds)

        options.setdefault("credentials", self.credentials)
        options.setdefault("clock", self.clock.timestamp)
        options.setdefault("sleep", advance)
        if self._live is None:
            options.setdefault("transport", httpx.ASGITransport(app=self.app))
        cls = client_class(self.api, asynchronous=True, profile=self.simulator.profile)
        return cls(base_url=self.base_url, **options)

    def live(self) -> str:
        """Start a real server on a free loopback port; returns its base URL."""
        if self._live is None:
            self._live = LiveServer(self.cloud)
        return self._live.base_url

    def limits(self, enforce: bool = True) -> None:
        self.cloud.set_limits(enforce)

    def reset(self) -> None:
        self.cloud.reset()

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self._live is not None:
            self._live.stop()
            self._live = None
        self.cloud.close()  # commits and closes a state file (marker option ``state=``)


def make_cloud(request: pytest.FixtureRequest, api: str) -> Cloud:
    marker = request.node.get_closest_marker("solarfakes")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    at = options.pop("at", DEFAULT_INSTANT)
    clock_option = options.pop("clock", None)
    if clock_option is not None:
        clock = SimClock.from_option(str(clock_option))
    else:
        clock = SimClock()
        clock.freeze(at if isinstance(at, datetime) else parse_instant(str(at)))
    return Cloud(
        VENDORS,
        [api],
        seed=options.pop("seed", DEFAULT_SEED),
        plants=options.pop("plants", 5),
        profile=options.pop("profile", "observed"),
        limits=options.pop("limits", False),
        clock=clock,
        base_url="http://solarfakes.test",
        **options,
    )


def handle_fixture(api: str, name: str) -> Any:
    @pytest.fixture(name=name)
    def fixture(request: pytest.FixtureRequest) -> Iterator[CloudHandle]:
        handle = CloudHandle(make_cloud(request, api), api)
        try:
            yield handle
        finally:
            handle.close()
        handle.check_crashes()

    return fixture


# pytest collects a plugin's fixtures from its module attributes: one per vendor, under the vendor's name
# for it (growatt_cloud, alphacloud, ...).
for _vendor in VENDORS.values():
    globals()[_vendor.fixture] = handle_fixture(_vendor.api, _vendor.fixture)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "solarfakes(seed, plants, profile, at, clock, limits, state): options for the solarfakes fixtures"
    )
