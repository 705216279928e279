"""The sync and async shells over ``ClientCore``: they only send, sleep and loop pages."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from solarfakes.clients.flow import Answer, Flow, Send
from solarfakes.clients.pagination import first_params, next_params, page_items, page_rule
from solarfakes.clients.request import Prepared

if TYPE_CHECKING:
    from solarfakes.clients.core import ClientCore
    from solarfakes.specs.model import Profile, Spec


class BaseClient:
    """What both shells share: the API's id (set on each generated class) and the core. The spec is loaded
    when the first client of an API is built, not at import."""

    api: ClassVar[str]
    profile: ClassVar[Profile] = "observed"

    def __init__(self, **options: Any) -> None:
        """``options``: those of ``ClientCore`` (base_url, credentials, clock, backoff, environ), and
        ``profile`` (the class's by default)."""
        # imported with the first client, so that importing the clients imports no spec machinery
        from solarfakes.clients.core import ClientCore
        from solarfakes.specs.loader import load_spec

        profile: Profile = options.pop("profile", self.profile)
        self.core: ClientCore = ClientCore(load_spec(self.api, profile), profile=profile, **options)

    @property
    def spec(self) -> Spec:
        return self.core.spec


def answer(response: httpx.Response) -> Answer:
    return Answer(response.status_code, response.headers, response.content)


class Client(BaseClient):
    """Synchronous client on ``httpx.Client``; ``sleep`` is what backoff waits with."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.sleep = sleep
        self.http = httpx.Client(base_url=self.core.base_url, transport=transport, timeout=timeout)

    def send(self, prepared: Prepared) -> Answer:
        request = self.http.build_request(prepared.method, prepared.path, **prepared.httpx_options())
        return answer(self.http.send(request))

    def run(self, flow: Flow) -> Any:
        try:
            action = next(flow)
            while True:
                if isinstance(action, Send):
                    action = flow.send(self.send(action.prepared))
                else:
                    self.sleep(action.seconds)
                    action = flow.send(None)
        except StopIteration as stop:
            return stop.value

    def call(self, endpoint_id: str, /, **params: Any) -> Any:
        """Call an endpoint by id; the payload of the answer, or a typed ``VendorError``."""
        return self.run(self.core.call_flow(endpoint_id, params))

    def paginate(self, endpoint_id: str, /, **params: Any) -> Iterator[Any]:
        """Every item of every page, as the spec's pagination reads them."""
        endpoint = self.core.endpoint(endpoint_id)
        rule = page_rule(endpoint)
        page: dict[str, Any] | None = first_params(endpoint, rule, params)
        seen = 0
        while page is not None:
            payload = self.call(endpoint_id, **page)
            items = page_items(rule, payload)
            seen += len(items)
            yield from items
            page = next_params(rule, page, payload, seen, len(items))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(BaseClient):
    """Asynchronous client on ``httpx.AsyncClient``, the same core as ``Client``."""

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        timeout: float = 30.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.sleep = sleep
        self.http = httpx.AsyncClient(base_url=self.core.base_url, transport=transport, timeout=timeout)

    async def send(self, prepared: Prepared) -> Answer:
        request = self.http.build_request(prepared.method, prepared.path, **prepared.httpx_options())
        return answer(await self.http.send(request))

    async def run(self, flow: Flow) -> Any:
        try:
            action = next(flow)
            while True:
                if isinstance(action, Send):
                    action = flow.send(await self.send(action.prepared))
                else:
                    await self.sleep(action.seconds)
                    action = flow.send(None)
        except StopIteration as stop:
            return stop.value

    async def call(self, endpoint_id: str, /, **params: Any) -> Any:
        return await self.run(self.core.call_flow(endpoint_id, params))

    async def paginate(self, endpoint_id: str, /, **params: Any) -> AsyncIterator[Any]:
        endpoint = self.core.endpoint(endpoint_id)
        rule = page_rule(endpoint)
        page: dict[str, Any] | None = first_params(endpoint, rule, params)
        seen = 0
        while page is not None:
            payload = await self.call(endpoint_id, **page)
            items = page_items(rule, payload)
            seen += len(items)
            for item in items:
                yield item
            page = next_params(rule, page, payload, seen, len(items))

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
