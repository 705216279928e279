"""One implementation of a call for both shells: a generator that yields what to do (send a prepared
request, sleep) and receives the result, so login, one re-login on an expired session, and backoff on
quota errors are written once. The sync shell drives it with ``httpx.Client`` and ``time.sleep``, the
async shell with ``httpx.AsyncClient`` and ``asyncio.sleep`` (the sans-I/O split httpx itself uses)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from solarfakes.clients.auth import ClientAuth, client_auth
from solarfakes.clients.backoff import BackoffPolicy, next_wait, quota_wait
from solarfakes.clients.credentials import resolve_base_url, resolve_credentials
from solarfakes.clients.envelope import Interpreter
from solarfakes.clients.errors import QuotaError, VendorError
from solarfakes.clients.request import Prepared, prepare
from solarfakes.specs.model import Endpoint, Spec


@dataclass(frozen=True)
class Send:
    prepared: Prepared


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Answer:
    """What a shell hands back for a ``Send``."""

    status: int
    headers: Mapping[str, str]
    content: bytes


Action = Send | Sleep
Flow = Generator[Action, Answer | None, Any]


class ClientCore:
    """Everything of a client but its I/O."""

    def __init__(
        self,
        spec: Spec,
        *,
        base_url: str | None = None,
        credentials: Mapping[str, Any] | None = None,
        clock: Callable[[], float] | None = None,
        backoff: BackoffPolicy | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        import time

        self.spec = spec
        self.base_url = resolve_base_url(spec, base_url, environ)
        self.credentials = resolve_credentials(spec, credentials, environ)
        self.auth: ClientAuth = client_auth(spec, self.credentials)
        self.interpreter = Interpreter(spec)
        self.clock = clock or time.time
        self.backoff = backoff or BackoffPolicy()
        self.endpoints = {endpoint.id: endpoint for endpoint in spec.endpoints}

    def endpoint(self, endpoint_id: str) -> Endpoint:
        try:
            return self.endpoints[endpoint_id]
        except KeyError:
            raise AttributeError(f"{self.spec.api} has no endpoint {endpoint_id!r}") from None

    def login_flow(self) -> Flow:
        prepared = self.auth.login_request(self.clock())
        answer = yield Send(prepared)
        assert answer is not None
        self.auth.accept_login(self.interpreter.payload(prepared.endpoint, answer.status, answer.content))

    def call_flow(self, endpoint_id: str, params: dict[str, Any]) -> Flow:
        """Sign and send one call; log in first where the scheme needs a session, log in again once on
        the session's expired code, and back off on quota errors within the policy's bounds."""
        endpoint = self.endpoint(endpoint_id)
        relogged, attempt, waited = False, 0, 0.0
        while True:
            if self.auth.needs_login(endpoint):
                yield from self.login_flow()
            now = self.clock()
            prepared = prepare(endpoint, params)
            self.auth.sign(prepared, now)
            answer = yield Send(prepared)
            assert answer is not None
            try:
                return self.interpreter.payload(endpoint, answer.status, answer.content)
            except QuotaError as error:
                wait = quota_wait(self.spec, endpoint, error.code, answer.headers, now)
                sleep, error.retry_after = next_wait(self.backoff, wait, attempt, waited)
                if sleep is None:
                    raise
                attempt, waited = attempt + 1, waited + sleep
                yield Sleep(sleep)
            except VendorError as error:
                if relogged or not self.auth.is_session_expired(error) or endpoint.auth != "full":
                    raise
                relogged = True
                self.auth.forget()
