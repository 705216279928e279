"""Client-side auth per scheme: each signs a ``Prepared`` request with the spec's recipe from
``specs/signing.py`` (the primitives of ``specs/crypto.py``), never with a second implementation.
A scheme with sessions (ras/v2, iSolarCloud) also says which request opens the session a call needs,
keeps what the answers hand out, and which codes mean "this session is gone, open it again"."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import unquote

from solarfakes.clients.credentials import require
from solarfakes.clients.errors import AuthError, VendorError, session_codes
from solarfakes.clients.request import Prepared, fixed_params, prepare
from solarfakes.clients.sealing import Sealer
from solarfakes.specs import crypto
from solarfakes.specs.auth import AppKeyTokenAuth, HeaderTokenAuth, SignedHeadersAuth, SortedPairsAuth
from solarfakes.specs.model import Endpoint, Spec
from solarfakes.specs.signing import signed_header_values, sorted_pairs_sign, sorted_pairs_values


def hidden_params(spec: Spec, endpoint: Endpoint) -> frozenset[str]:
    """The endpoint's params no caller names, so they are no method parameters: what the auth scheme fills
    itself (ras/v2's account, timestamp, sign and Token, the login's username and password from the
    credentials; iSolarCloud's appkey, token, api_key_param, the login's user, the held refresh token) and
    the required params with a single allowed value (``request.fixed_params``)."""
    auth = spec.auth
    hidden = frozenset(fixed_params(endpoint))
    if isinstance(auth, SortedPairsAuth):
        hidden |= {auth.account_param, auth.timestamp_param, auth.sign_param, auth.token_param}
        return hidden | {"username", "password"} if endpoint.auth == "app_only" else hidden
    if isinstance(auth, AppKeyTokenAuth):
        hidden |= {auth.appkey.name, auth.session_token.name, auth.encryption.api_key_param.name}
        return hidden | set(AppKeyTokenClientAuth.FROM_CREDENTIALS.get(role(auth, endpoint), {}))
    return hidden


def role(auth: AppKeyTokenAuth, endpoint: Endpoint) -> str:
    """What an iSolarCloud endpoint is to the client: the login, the OAuth2 token or refresh call, a call
    on the bearer token (``oauth2.path_prefix``), or a call on the login session."""
    oauth = auth.oauth2
    if oauth is not None and endpoint.id == oauth.token_endpoint:
        return "token"
    if oauth is not None and endpoint.id == oauth.refresh_endpoint:
        return "refresh"
    if endpoint.auth == "app_only":
        return "login"
    if oauth is not None and endpoint.path.startswith(oauth.path_prefix):
        return "bearer"
    return "session"


class ClientAuth:
    """No session: nothing to log in to."""

    def __init__(self, spec: Spec, credentials: dict[str, str]) -> None:
        self.spec = spec
        self.credentials = credentials

    def sign(self, prepared: Prepared, now: float) -> None:
        raise NotImplementedError

    def session_request(self, endpoint: Endpoint, now: float) -> Prepared | None:
        """The signed request that opens the session ``endpoint`` needs, where it is not open yet."""
        return None

    def accept(self, endpoint: Endpoint, payload: Any, now: float) -> None:
        """Keep what an answer hands out (a login's token, OAuth2 tokens)."""

    def is_session_expired(self, endpoint: Endpoint, error: VendorError) -> bool:
        return False

    def forget(self, endpoint: Endpoint) -> None:
        """Drop the session ``endpoint`` ran on, so the next call opens it again."""

    def open(self, prepared: Prepared, content: bytes) -> bytes:
        """The answer's body as the envelope reads it (decrypted, where the scheme encrypts)."""
        return content


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
                # the path as the server reads it, decoded: an id the URL percent-encodes is signed as itself
                # (mjrgr signer.go path.Base(req.URL.Path), mrgroen api.py sign the raw id; specs/apsystems)
                path=unquote(prepared.path),
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
        self.login_endpoint = next(e for e in spec.endpoints if e.auth == "app_only")
        self.token: str | None = None
        self.expired_codes = session_codes(spec)

    def session_request(self, endpoint: Endpoint, now: float) -> Prepared | None:
        if endpoint.auth != "full" or self.token is not None:
            return None
        prepared = prepare(self.login_endpoint, {})
        self.sign(prepared, now)
        return prepared

    def accept(self, endpoint: Endpoint, payload: Any, now: float) -> None:
        if endpoint.id != self.login_endpoint.id:
            return
        token = payload.get(self.auth.token_param) if isinstance(payload, dict) else None
        if not token:
            problem = f"the login answer carries no {self.auth.token_param}"
            raise AuthError("login", problem, self.spec.api, endpoint.id, body=payload)
        self.token = str(token)

    def sign(self, prepared: Prepared, now: float) -> None:
        endpoint = prepared.endpoint
        body = prepared.body
        if endpoint.id == self.login_endpoint.id:
            cipher = self.auth.password_cipher
            username = self.credentials["username"]
            material = username if cipher.key_material == "username" else self.credentials["secret_key"]
            body.setdefault("username", username)
            body.setdefault("password", crypto.encrypt_password(self.credentials["password"], material))
        body[self.auth.account_param] = self.credentials["api_account"]
        body[self.auth.timestamp_param] = int(now)
        if endpoint.auth == "full" and self.token is not None:
            body[self.auth.token_param] = self.token
        numeric = {p.name for p in endpoint.params if p.type in ("integer", "number")}
        pairs = sorted_pairs_values(self.auth, endpoint.id, body, numeric)
        body[self.auth.sign_param] = sorted_pairs_sign(self.auth, pairs, self.credentials["secret_key"])
        prepared.body_kind = "json"

    def is_session_expired(self, endpoint: Endpoint, error: VendorError) -> bool:
        return endpoint.auth == "full" and str(error.code) in self.expired_codes

    def forget(self, endpoint: Endpoint) -> None:
        self.token = None


class AppKeyTokenClientAuth(ClientAuth):
    """iSolarCloud: x-access-key and sys_code headers, appkey in the body; a login token in the body of
    the documented API, an OAuth2 bearer token on ``/openapi/platform/*``; with the server's RSA public key
    in the credentials, every call encrypted (``sealing.Sealer``).

    The login token is opened by logging in with the user; the bearer token from an authorization code
    (the ``auth_code`` credential, or a call of the token endpoint), renewed with the refresh token once it
    has expired by the clock or the server says it has."""

    # per role: the params the client fills from what it holds (name -> credential or held token)
    FROM_CREDENTIALS = {
        "login": {"user_account": "user_account", "user_password": "user_password"},
        "refresh": {"refresh_token": "refresh_token"},
    }

    def __init__(self, spec: Spec, credentials: dict[str, str], auth: AppKeyTokenAuth) -> None:
        super().__init__(spec, credentials)
        self.auth = auth
        self.roles = {e.id: role(auth, e) for e in spec.endpoints}
        # the endpoints that open sessions, by role
        self.endpoints = {r: spec.endpoint(e) for e, r in self.roles.items() if r in ("login", "token", "refresh")}
        self.token: str | None = None
        self.access_token: str | None = credentials.get("access_token")
        self.access_expires: float | None = None
        self.refresh_token: str | None = credentials.get("refresh_token")
        self.auth_code: str | None = credentials.get("auth_code")
        key = credentials.get("rsa_public_key")
        self.sealer = Sealer(auth.encryption, key) if key else None
        self.expired_codes = session_codes(spec)
        oauth = auth.oauth2
        self.bearer_codes = {str(oauth.token.invalid_error)} if oauth and oauth.token else set()

    def held(self) -> dict[str, str | None]:
        return {**self.credentials, "refresh_token": self.refresh_token}

    def session_request(self, endpoint: Endpoint, now: float) -> Prepared | None:
        kind = self.roles[endpoint.id]
        if kind == "session" and self.token is None:
            return self.signed("login", {}, now)
        if kind == "refresh" and self.refresh_token is None and self.auth_code is not None:
            return self.code_exchange(now)  # a refresh before any token: the code gives the refresh token
        if kind != "bearer":
            return None
        expired = self.access_expires is not None and now >= self.access_expires
        if self.access_token is not None and not expired:
            return None
        if self.refresh_token is not None:
            return self.signed("refresh", {}, now)
        if self.auth_code is not None:
            return self.code_exchange(now)
        raise AuthError(
            "oauth2",
            "no access token: call the token endpoint with an authorization code, or give access_token, "
            "refresh_token or auth_code",
            self.spec.api,
            endpoint.id,
        )

    def code_exchange(self, now: float) -> Prepared:
        code, redirect = self.auth_code, self.credentials.get("redirect_uri", "")
        self.auth_code = None  # single use, whatever the answer
        return self.signed("token", {"code": code, "redirect_uri": redirect}, now)

    def signed(self, kind: str, params: dict[str, Any], now: float) -> Prepared:
        if kind not in self.endpoints:
            raise NotImplementedError(f"{self.spec.api} has no {kind} endpoint")
        prepared = prepare(self.endpoints[kind], params)
        self.sign(prepared, now)
        return prepared

    def accept(self, endpoint: Endpoint, payload: Any, now: float) -> None:
        kind = self.roles[endpoint.id]
        if kind == "login":
            field = self.auth.session_token.name
            token = payload.get(field) if isinstance(payload, dict) else None
            if not token:
                # the document answers a refused login with result_code 1 and a login_state (isolarcloud 2.1.4)
                states = {k: v for k, v in payload.items() if "state" in k} if isinstance(payload, dict) else {}
                problem = f"the login answer carries no {field}" + (f" ({states})" if states else "")
                raise AuthError("login", problem, self.spec.api, endpoint.id, body=payload)
            self.token = str(token)
        elif kind in ("token", "refresh") and isinstance(payload, dict):
            self.access_token = str(payload["access_token"])
            lifetime = payload.get("expires_in")
            self.access_expires = now + float(lifetime) if isinstance(lifetime, int | float) else None
            # a refresh answer without a new refresh token leaves the old one valid (the spec's schema note)
            self.refresh_token = str(payload.get("refresh_token") or self.refresh_token or "") or None

    def sign(self, prepared: Prepared, now: float) -> None:
        auth, endpoint = self.auth, prepared.endpoint
        kind = self.roles[endpoint.id]
        prepared.headers[auth.access_key.header] = self.credentials["access_key"]
        if auth.sys_code.value is not None:
            prepared.headers[auth.sys_code.header] = auth.sys_code.value
        prepared.headers["content-type"] = auth.content_type
        body = prepared.body
        body[auth.appkey.name] = self.credentials["appkey"]
        held = self.held()
        for name, source in self.FROM_CREDENTIALS.get(kind, {}).items():
            if name not in body:
                body[name] = held.get(source) or require(self.spec.api, self.credentials, source)[0]
        if kind == "session" and self.token is not None:
            body[auth.session_token.name] = self.token
        if kind == "bearer" and auth.oauth2 is not None and self.access_token is not None:
            prepared.headers[auth.oauth2.header] = auth.oauth2.prefix + self.access_token
        prepared.body_kind = "json"
        if self.sealer is not None:
            self.sealer.seal(prepared, now)

    def open(self, prepared: Prepared, content: bytes) -> bytes:
        return self.sealer.open(prepared, content) if self.sealer is not None else content

    def is_session_expired(self, endpoint: Endpoint, error: VendorError) -> bool:
        kind = self.roles[endpoint.id]
        if kind == "bearer":
            return str(error.code) in self.bearer_codes and self.refresh_token is not None
        return kind == "session" and str(error.code) in self.expired_codes

    def forget(self, endpoint: Endpoint) -> None:
        if self.roles[endpoint.id] == "bearer":
            self.access_token = None
        else:
            self.token = None


def client_auth(spec: Spec, credentials: dict[str, str]) -> ClientAuth:
    auth = spec.auth
    if isinstance(auth, HeaderTokenAuth):
        return HeaderTokenClientAuth(spec, credentials, auth)
    if isinstance(auth, SignedHeadersAuth):
        return SignedHeadersClientAuth(spec, credentials, auth)
    if isinstance(auth, SortedPairsAuth):
        return SortedPairsClientAuth(spec, credentials, auth)
    return AppKeyTokenClientAuth(spec, credentials, auth)
