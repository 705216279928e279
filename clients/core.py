"""One implementation of a call for both shells: a generator that yields what to do (send a prepared
request, sleep) and receives the result, so opening a session (a login, an OAuth2 token), opening it again
once when the server says it is gone, and backoff on quota errors are written once. The sync shell drives
it with ``httpx.Client`` and ``time.sleep``, the async shell with ``httpx.AsyncClient`` and
``asyncio.sleep`` (the sans-I/O split httpx itself uses)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from solarfakes.clients.auth import ClientAuth, client_auth
from solarfakes.clients.backoff import BackoffPolicy, next_wait, quota_wait
from solarfakes.clients.credentials import resolve_base_url, resolve_credentials
from solarfakes.clients.envelope import Interpreter
from solarfakes.clients.errors import QuotaError, UnexpectedResponse, VendorError
from solarfakes.clients.flow import Answer, Flow, Send, Sleep
from solarfakes.clients.request import Prepared, prepare
from solarfakes.specs import crypto
from solarfakes.specs.model import Endpoint, Profile, Spec


class ClientCore:
    """Everything of a client but its I/O."""

    def __init__(
        self,
        spec: Spec,
        *,
        profile: Profile = "observed",
        base_url: str | None = None,
        credentials: Mapping[str, Any] | None = None,
        clock: Callable[[], float] | None = None,
        backoff: BackoffPolicy | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        import time

        self.spec = spec
        self.profile = profile
        self.base_url = resolve_base_url(spec, base_url, environ)
        self.credentials = resolve_credentials(spec, credentials, environ)
        self.auth: ClientAuth = client_auth(spec, self.credentials)
        self.interpreter = Interpreter(spec)
        self.clock = clock or time.time
        self.backoff = backoff or BackoffPolicy()
        self.endpoints = {endpoint.id: endpoint for endpoint in spec.endpoints if profile in endpoint.profiles}

    def endpoint(self, endpoint_id: str) -> Endpoint:
        try:
            return self.endpoints[endpoint_id]
        except KeyError:
            raise AttributeError(f"{self.spec.api} ({self.profile}) has no endpoint {endpoint_id!r}") from None

    def read(self, prepared: Prepared, answer: Answer) -> Any:
        """The payload of an answer, or the typed error it carries."""
        try:
            content = self.auth.open(prepared, answer.content)
        except crypto.CryptoError as error:
            problem = f"the answer does not decrypt: {error}"
            raise UnexpectedResponse(answer.status, problem, self.spec.api, prepared.endpoint.id) from None
        return self.interpreter.payload(prepared.endpoint, answer.status, content)

    def exchange(self, prepared: Prepared, now: float) -> Flow:
        """Send one signed request; the payload, after the auth kept what it hands out."""
        answer = yield Send(prepared)
        assert answer is not None
        try:
            payload = self.read(prepared, answer)
        except VendorError as error:
            error.headers = answer.headers
            raise
        self.auth.accept(prepared.endpoint, payload, now)
        return payload

    def call_flow(self, endpoint_id: str, params: dict[str, Any]) -> Flow:
        """Sign and send one call; open the session it needs first (a login, an OAuth2 token), open it again
        once on the session's expired codes, and back off on quota errors within the policy's bounds."""
        endpoint = self.endpoint(endpoint_id)
        reopened, attempt, waited = False, 0, 0.0
        while True:
            now = self.clock()
            try:
                opening = self.auth.session_request(endpoint, now)
                if opening is not None:
                    yield from self.exchange(opening, now)
                    now = self.clock()
                prepared = prepare(endpoint, params)
                self.auth.sign(prepared, now)
                return (yield from self.exchange(prepared, now))
            except QuotaError as error:  # the opening call too counts against the vendor's limits
                wait = quota_wait(self.spec, endpoint, error.code, error.headers, now)
                sleep, error.retry_after = next_wait(self.backoff, wait, attempt, waited)
                if sleep is None:
                    raise
                attempt, waited = attempt + 1, waited + sleep
                yield Sleep(sleep)
            except VendorError as error:
                if reopened or not self.auth.is_session_expired(endpoint, error):
                    raise
                reopened = True
                self.auth.forget(endpoint)
