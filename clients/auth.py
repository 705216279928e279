"""Client-side auth per scheme: each signs a ``Prepared`` request with the spec's recipe from
``specs/signing.py`` (the primitives of ``specs/crypto.py``), never with a second implementation.
A scheme with sessions (ras/v2) also says when to log in and which codes mean "log in again"."""

from __future__ import annotations

import uuid
from typing import Any

from solarfakes.clients.errors import VendorError
from solarfakes.clients.request import Prepared, prepare
from solarfakes.specs import crypto
from solarfakes.specs.auth import HeaderTokenAuth, SignedHeadersAuth, SortedPairsAuth
from solarfakes.specs.model import Endpoint, Spec
from solarfakes.specs.signing import signed_header_values, sorted_pairs_sign, sorted_pairs_values


def hidden_params(spec: Spec, endpoint: Endpoint) -> frozenset[str]:
    """The endpoint's params the auth scheme fills itself, so they are no method parameters: ras/v2's
    account, timestamp, sign and Token (and the login's username and password, from the credentials)."""
    auth = spec.auth
    if not isinstance(auth, SortedPairsAuth):
        return frozenset()
    hidden = frozenset({auth.account_param, auth.timestamp_param, auth.sign_param, auth.token_param})
    return hidden | {"username", "password"} if endpoint.auth == "app_only" else hidden


class ClientAuth:
    """No session: nothing to log in to."""

    login_endpoint: str | None = None

    def __init__(self, spec: Spec, credentials: dict[str, str]) -> None:
        self.spec = spec
        self.credentials = credentials

    def sign(self, prepared: Prepared, now: float) -> None:
        raise NotImplementedError

    def needs_login(self, endpoint: Endpoint) -> bool:
        return False

    def login_request(self, now: float) -> Prepared:
        raise NotImplementedError(f"{self.spec.api} has no login")

    def accept_login(self, payload: Any) -> None:
        """Keep the session a login answered."""

    def is_session_expired(self, error: VendorError) -> bool:
        return False

    def forget(self) -> None:
        """Drop the session, so the next call logs in again."""


class HeaderTokenClientAuth(ClientAuth):
    def __init__(self, spec: Spec, credentials: dict[str, str], auth: HeaderTokenAuth) -> None:
        super().__init__(spec, credentials)
        self.auth = auth

    def sign(self, prepared: Prepared, now: float) -> None:
        prepared.headers[self.auth.header] = self.credentials["token"]


class SignedHeadersClientAuth(ClientAuth):
    """AlphaCloud (SHA-512 of a template) and APsystems (HMAC over a template, nonce)."""

    def __init__(self, spec: Spec, credentials: dict[str, str], auth: SignedHeadersAuth) -> None:
        super().__init__(spec, credentials)
        self.auth = auth
        # the first method the spec lists (APsystems: HmacSHA256)
        self.signature_method = next(iter(auth.hmac_methods)) if auth.hmac_methods else None

    def sign(self, prepared: Prepared, now: float) -> None:
        stamp = int(now * 1000) if self.auth.timestamp.unit == "ms" else int(now)
        prepared.headers.update(
            signed_header_values(
                self.auth,
                app_id=self.credentials["app_id"],
                secret=self.credentials["app_secret"],
                timestamp=str(stamp),
                method=prepared.method,
                path=prepared.path,
                nonce=uuid.uuid4().hex if "nonce" in self.auth.header_names else None,
                signature_method=self.signature_method,
            )
        )


class SortedPairsClientAuth(ClientAuth):
    """ras/v2: api_account, timestamp and sign in the body, a session Token from Login, one re-login on
    the token's expired (or invalid) code."""

    def __init__(self, spec: Spec, credentials: dict[str, str], auth: SortedPairsAuth) -> None:
        super().__init__(spec, credentials)
        self.auth = auth
        # the login is the endpoint that takes app credentials without a session
        self.login_endpoint = next(e.id for e in spec.endpoints if e.auth == "app_only")
        self.token: str | None = None

    def needs_login(self, endpoint: Endpoint) -> bool:
        return endpoint.auth == "full" and self.token is None

    def login_request(self, now: float) -> Prepared:
        cipher = self.auth.password_cipher
        username = self.credentials["username"]
        material = username if cipher.key_material == "username" else self.credentials["secret_key"]
        params = {"username": username, "password": crypto.encrypt_password(self.credentials["password"], material)}
        assert self.login_endpoint is not None
        prepared = prepare(self.spec.endpoint(self.login_endpoint), params)
        self.sign(prepared, now)
        return prepared

    def accept_login(self, payload: Any) -> None:
        token = payload.get(self.auth.token_param) if isinstance(payload, dict) else None
        if not token:
            raise VendorError(
                "login", f"the login answer carries no {self.auth.token_param}", self.spec.api, str(self.login_endpoint)
            )
        self.token = str(token)

    def sign(self, prepared: Prepared, now: float) -> None:
        endpoint = prepared.endpoint
        body = prepared.body
        body[self.auth.account_param] = self.credentials["api_account"]
        body[self.auth.timestamp_param] = int(now)
        if endpoint.auth == "full" and self.token is not None:
            body[self.auth.token_param] = self.token
        numeric = {p.name for p in endpoint.params if p.type in ("integer", "number")}
        pairs = sorted_pairs_values(self.auth, endpoint.id, body, numeric)
        body[self.auth.sign_param] = sorted_pairs_sign(self.auth, pairs, self.credentials["secret_key"])
        prepared.body_kind = "json"

    def is_session_expired(self, error: VendorError) -> bool:
        codes = {str(self.auth.token.invalid_error), str(self.auth.token.expired_error)}
        return str(error.code) in codes

    def forget(self) -> None:
        self.token = None


def client_auth(spec: Spec, credentials: dict[str, str]) -> ClientAuth:
    auth = spec.auth
    if isinstance(auth, HeaderTokenAuth):
        return HeaderTokenClientAuth(spec, credentials, auth)
    if isinstance(auth, SignedHeadersAuth):
        return SignedHeadersClientAuth(spec, credentials, auth)
    if isinstance(auth, SortedPairsAuth):
        return SortedPairsClientAuth(spec, credentials, auth)
    raise NotImplementedError(f"the reference client does not sign {auth.scheme} ({spec.api}) yet")
