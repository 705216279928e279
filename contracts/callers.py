"""How a contract suite calls a server: the API's reference client (solarfakes.clients), sync or async, plain
or encrypted, with every raw answer kept so the suites can check the whole envelope, not just the payload the
client returns. The client opens its sessions as a user's program would (a login, an OAuth2 code exchange)."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

import httpx

from solarfakes.specs import load_spec
from solarfakes.specs.auth import AppKeyTokenAuth, SortedPairsAuth
from solarfakes.specs.model import Profile, Spec

if TYPE_CHECKING:
    from solarfakes.clients.flow import Answer
    from solarfakes.clients.request import Prepared


@dataclass
class Exchange:
    """One HTTP exchange as the server answered it."""

    method: str
    path: str
    status: int
    headers: Mapping[str, str]
    content: bytes

    def body(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError:
            return self.content.decode("utf-8", "replace")


class NotSent(RuntimeError):
    """The client would not send the call: a credential it needs is missing (iSolarCloud's refresh token,
    or any OAuth2 token for the platform API). The endpoint cannot be checked with these credentials."""


class Caller(Protocol):
    """Calls one endpoint with the given arguments and hands back the server's last answer (a login or a
    retry before it is not the answer)."""

    spec: Spec
    hidden: frozenset[str]

    def __call__(self, endpoint_id: str, args: dict[str, Any]) -> Exchange: ...

    def close(self) -> None: ...


# Which client a conformance run calls through, and iSolarCloud's mode: every answer is judged the same way.
Asynchrony = Literal["sync", "async"]
Mode = Literal["plain", "encrypted"]
# Where the consent page sends the code: never visited, only read back from the redirect (consent.py).
REDIRECT_URI = "https://solarfakes.invalid/contract"


@dataclass(frozen=True)
class Variant:
    """How the reference client calls: sync or async, and plain or encrypted (where the API encrypts)."""

    client: Asynchrony = "sync"
    mode: Mode = "plain"

    @property
    def label(self) -> str:
        """'' for the plain sync client, else what differs ('async', 'encrypted', 'async, encrypted')."""
        return ", ".join(part for part in (self.client, self.mode) if part not in ("sync", "plain"))


PLAIN_SYNC = Variant()


def modes(spec: Spec) -> tuple[Mode, ...]:
    """The modes an API can be called in: iSolarCloud's encrypted mode (specs/crypto.py) besides plain."""
    return ("plain", "encrypted") if isinstance(spec.auth, AppKeyTokenAuth) else ("plain",)


@dataclass
class HeldTokens:
    """The OAuth2 tokens one connection leaves to the next of a run: against a real account an authorization
    code is single use and each refresh hands out a new refresh token, so a later connection (the next mode,
    schemathesis) goes on from the tokens the last one held instead of the spent code."""

    access_token: str | None = None
    refresh_token: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in (("access_token", self.access_token), ("refresh_token", self.refresh_token)) if v}

    def take_from(self, client: Any) -> None:
        from solarfakes.clients.auth import AppKeyTokenClientAuth

        auth = client.core.auth
        if isinstance(auth, AppKeyTokenClientAuth) and (auth.access_token or auth.refresh_token):
            self.access_token, self.refresh_token = auth.access_token, auth.refresh_token


class ReferenceCaller:
    """The reference client of ``solarfakes.clients``, sync or async (an async client runs on a private event
    loop thread); its typed errors are answers here, not failures. Each answer is kept as the server sent it,
    decrypted where the call was encrypted, so that the suites judge the envelope, not the client's reading."""

    def __init__(self, client: Any, held: HeldTokens | None = None) -> None:
        from anyio.from_thread import start_blocking_portal

        from solarfakes.clients import AsyncClient
        from solarfakes.clients.auth import hidden_params

        self.client = client
        self.held = held
        self.spec: Spec = client.spec
        self.exchanges: list[Exchange] = []
        self.hidden = frozenset().union(*(hidden_params(self.spec, e) for e in self.spec.endpoints))
        self.asynchronous = isinstance(client, AsyncClient)
        self.portal_context = start_blocking_portal(backend="asyncio") if self.asynchronous else None
        self.portal = self.portal_context.__enter__() if self.portal_context is not None else None
        send = client.send
        if self.asynchronous:

            async def kept_async(prepared: Prepared) -> Answer:
                return self.keep(prepared, await send(prepared))

            client.send = kept_async
        else:
            client.send = lambda prepared: self.keep(prepared, send(prepared))

    def keep(self, prepared: Prepared, answer: Answer) -> Answer:
        from solarfakes.specs import crypto

        try:
            content = self.client.core.auth.open(prepared, answer.content)
        except crypto.CryptoError:
            content = answer.content  # the suite judges an answer that does not decrypt as it came
        self.exchanges.append(Exchange(prepared.method, unquote(prepared.path), answer.status, answer.headers, content))
        return answer

    def __call__(self, endpoint_id: str, args: dict[str, Any]) -> Exchange:
        from solarfakes.clients import CredentialsError, VendorError

        self.exchanges.clear()
        try:
            with contextlib.suppress(VendorError):  # the suite judges the answer itself
                if self.portal is not None:
                    self.portal.call(functools.partial(self.client.call, endpoint_id, **args))
                else:
                    self.client.call(endpoint_id, **args)
        except CredentialsError as missing:
            raise NotSent(str(missing)) from None
        if not self.exchanges:  # refused before sending (an AuthError: no OAuth2 token to be had)
            raise NotSent(f"the {self.spec.api} client sent nothing for {endpoint_id}")
        return self.exchanges[-1]

    def close(self) -> None:
        if self.held is not None:
            self.held.take_from(self.client)
        if self.portal is not None and self.portal_context is not None:
            self.portal.call(self.client.aclose)
            self.portal_context.__exit__(None, None, None)
            self.portal = self.portal_context = None
        elif not self.asynchronous:
            self.client.close()


Get = Callable[[str], httpx.Response]


def getter(transport: httpx.BaseTransport | None) -> Get:
    """A GET of one URL: over ``transport`` where given (left open: the client goes on with it), else HTTP."""
    if transport is None:
        return lambda url: httpx.get(url, timeout=30.0)

    def get(url: str) -> httpx.Response:
        answer = transport.handle_request(httpx.Request("GET", url))
        answer.read()
        return answer

    return get


def consent_code(authorize_url: str, get: Get) -> str:
    """A fresh authorization code, as a user gets one: the consent page (iSolarCloud's authorized-app, which
    a solarfakes server serves and consents to at once) redirects to our redirect URI with ``?code=``."""
    answer = get(authorize_url + quote(REDIRECT_URI, safe=""))
    code = parse_qs(urlsplit(answer.headers.get("location", "")).query).get("code")
    if answer.status_code not in (302, 303) or not code:
        raise RuntimeError(f"the consent page {authorize_url} gave no code (HTTP {answer.status_code})")
    return str(code[0])


def code_minter(credentials: Mapping[str, Any], get: Get) -> Callable[[], str] | None:
    """Fresh authorization codes from the consent page the credentials name, if they name one."""
    authorize_url = credentials.get("authorize_url")
    return functools.partial(consent_code, str(authorize_url), get) if authorize_url else None


def session_credentials(
    spec: Spec,
    profile: Profile,
    credentials: Mapping[str, Any],
    mode: Mode,
    transport: httpx.BaseTransport | None,
    held: HeldTokens | None = None,
) -> dict[str, Any]:
    """The credentials of one client: in encrypted mode the server's public key (and the account's
    encryption-only app, where the server names one), in plain mode none; the OAuth2 tokens an earlier
    connection left (its code is spent), else, where the profile serves the OAuth2 platform API and the server
    its consent page, a fresh authorization code for the client to exchange itself (a code is single use, and
    every connection is a new client)."""
    found = dict(credentials)
    if held is not None and held.given():
        found.pop("auth_code", None)
        found.pop("authorize_url", None)
        found.update(held.given())
    if mode == "encrypted":
        if not found.get("rsa_public_key"):
            raise ValueError(f"{spec.api}: encrypted mode needs the server's rsa_public_key")
        found.update(found.get("encrypted_app") or {})
    else:
        found.pop("rsa_public_key", None)
    oauth = spec.auth.oauth2 if isinstance(spec.auth, AppKeyTokenAuth) else None
    authorize_url = found.get("authorize_url")
    if oauth is not None and authorize_url and profile in spec.endpoint(oauth.token_endpoint).profiles:
        found["auth_code"], found["redirect_uri"] = consent_code(str(authorize_url), getter(transport)), REDIRECT_URI
    return found


def make_caller(
    api: str,
    profile: Profile,
    base_url: str,
    credentials: Mapping[str, Any],
    *,
    variant: Variant = PLAIN_SYNC,
    held: HeldTokens | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Caller:
    """The caller of ``api`` at ``base_url``: the API's reference client, as ``variant`` says. The client
    opens its sessions itself (iSolarCloud: the login, and the OAuth2 code exchange from a consent-page code);
    ``held``, shared by a run's connections, passes the OAuth2 tokens from one connection to the next."""
    from solarfakes.clients import BackoffPolicy, client_class

    spec = load_spec(api, profile)
    options: dict[str, Any] = {
        "base_url": base_url,
        "credentials": session_credentials(spec, profile, credentials, variant.mode, transport, held),
        "backoff": BackoffPolicy(max_attempts=0),  # a quota answer is an answer to check, not to wait out
    }
    if clock is not None:
        options["clock"] = clock
    if variant.client == "async":
        if sleep is not None:
            wait = sleep

            async def async_sleep(seconds: float) -> None:
                wait(seconds)

            options["sleep"] = async_sleep
        client_type: type[Any] = client_class(api, asynchronous=True, profile=profile)
        return ReferenceCaller(client_type(transport=async_transport, **options), held)
    if sleep is not None:
        options["sleep"] = sleep
    return ReferenceCaller(client_class(api, profile=profile)(transport=transport, **options), held)


def auth_filled(spec: Spec) -> frozenset[str]:
    """The params each API's auth fills on every call, whatever the caller."""
    auth = spec.auth
    if isinstance(auth, SortedPairsAuth):
        names = {auth.account_param, auth.timestamp_param, auth.sign_param, auth.token_param, "username", "password"}
        return frozenset(names)
    if isinstance(auth, AppKeyTokenAuth):
        return frozenset(
            {auth.appkey.name, auth.session_token.name, auth.lang.name, auth.encryption.api_key_param.name}
        )
    return frozenset()
