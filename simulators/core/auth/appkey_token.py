"""An app key and access key on every call, a user session from login, optional RSA+AES encryption
(iSolarCloud): the spec's ``appkey_token`` entry, checked in its ``checks_order``.

An account of this scheme carries two apps: ``appkey``/``access_key``, which may call in plain or
encrypted mode, and ``encrypted_appkey``/``encrypted_access_key``, an app the vendor made
encryption-only (where the profile says apps can be: ``encryption.required_for_app: per_app``).
The user behind the session token is the account the handlers serve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solarfakes.simulators.core.auth.base import AuthScheme, AuthServices, check_session, check_window, stamp_seconds
from solarfakes.simulators.core.codecs.rsa_aes import Encrypted
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.tokens import TokenStore
from solarfakes.simulators.core.validate import spec_pattern
from solarfakes.simulators.world import Account
from solarfakes.specs.auth import AppKeyTokenAuth, AuthMode
from solarfakes.specs.model import Endpoint

# The credential keys of an account's two apps, and whether the vendor made that app encryption-only.
APP_SLOTS = (("appkey", "access_key", False), ("encrypted_appkey", "encrypted_access_key", True))
CHECKS = ("access_key", "sys_code", "appkey", "encryption", "api_key_param", "token")
APPS_KEPT = 20_000


@dataclass(frozen=True)
class App:
    account: Account
    appkey: str
    access_key: str
    encryption_only: bool


@dataclass(slots=True)
class Progress:
    """What the checks so far have established about one call."""

    call: Call
    now: float
    mode: AuthMode
    app: App | None = None
    user: Account | None = None


class AppKeyToken(AuthScheme[AppKeyTokenAuth]):
    name = "appkey_token"

    def __init__(self, auth: AppKeyTokenAuth, services: AuthServices) -> None:
        super().__init__(auth, services)
        unknown = set(auth.checks_order) - set(CHECKS)
        if unknown:
            raise ValueError(f"appkey_token cannot check {', '.join(sorted(unknown))}; it knows {', '.join(CHECKS)}")
        self.order = list(auth.checks_order) or list(CHECKS)
        self.checks: dict[str, Callable[[Progress], None]] = {
            "access_key": self.check_access_key,
            "sys_code": self.check_sys_code,
            "appkey": self.check_appkey,
            "encryption": self.check_encryption,
            "api_key_param": self.check_api_key_param,
            "token": self.check_token,
        }
        self.ordered_checks = [self.checks[check] for check in self.order]
        # Each account's app in each slot, made once (an account's credentials never change): two apps
        # were made per call. By the account's identity, each kept with its account.
        self.apps: dict[tuple[int, int], tuple[Account, App]] = {}
        oauth = auth.oauth2
        # OAuth2 access tokens are a second kind of session, kept apart from login tokens.
        seed = ("oauth", services.tokens.seed if services.tokens else 0)
        self.bearer = TokenStore(oauth.token, seed) if oauth is not None and oauth.token is not None else None

    def reset(self) -> None:
        self.apps.clear()
        if self.bearer is not None:
            self.bearer.seed = ("oauth", self.services.tokens.seed if self.services.tokens else 0)
            self.bearer.reset()

    def authenticate(self, call: Call, now: float, mode: AuthMode) -> Account:
        return self.checked(call, now, mode, self.ordered_checks)

    def prepared(self, endpoint: Endpoint) -> Callable[[Call, float], Account]:
        """``authenticate`` for ``endpoint``'s calls, without the checks that pass all of them: the
        session's where the endpoint takes none (login), encryption's where no app requires it."""
        mode = endpoint.auth
        idle = {self.check_token} if mode != "full" else set()
        idle |= {self.check_encryption} if self.auth.encryption.required_for_app != "per_app" else set()
        checks = [check for check in self.ordered_checks if check not in idle]
        return lambda call, now: self.checked(call, now, mode, checks)

    def checked(self, call: Call, now: float, mode: AuthMode, checks: list[Callable[[Progress], None]]) -> Account:
        progress = Progress(call, now, mode)
        for check in checks:
            check(progress)
        account = progress.user or (progress.app.account if progress.app else None)
        assert account is not None, "checks_order names access_key (every order does)"
        return account

    # --- the gateway's headers ---------------------------------------------------------------------------

    def check_access_key(self, progress: Progress) -> None:
        rule, call = self.auth.access_key, progress.call
        value = credential(call, rule.header, "header")
        if not value:
            raise self.missing(rule.missing_error, rule.header, call)
        progress.app = self.app_by("access_key", value)
        if progress.app is None:
            call.diagnostics.update(problem=f"unknown {rule.header} (see GET /_solarfakes/credentials)")
            raise VendorError(
                rule.invalid_error or rule.missing_error, check="access_key", diagnostics=call.diagnostics
            )

    def check_sys_code(self, progress: Progress) -> None:
        rule, call = self.auth.sys_code, progress.call
        value = credential(call, rule.header, "header")
        if not value:
            raise self.missing(rule.missing_error, rule.header, call)
        if rule.invalid_error is not None and rule.value is not None and value != rule.value:
            call.diagnostics.update(problem=f"{rule.header} must be {rule.value}")
            raise VendorError(rule.invalid_error, check="sys_code", diagnostics=call.diagnostics)

    def check_appkey(self, progress: Progress) -> None:
        rule, call = self.auth.appkey, progress.call
        value = credential(call, rule.name, rule.location)
        if not value:
            raise self.missing(rule.missing_error, rule.name, call)
        owner = self.app_by("appkey", value)
        if owner is None:
            call.diagnostics.update(problem=f"unknown {rule.name}")
            raise VendorError(rule.invalid_error, check="appkey", diagnostics=call.diagnostics)
        # the app of the access key is most often found again as the very same App (``app_by`` keeps it)
        if (
            progress.app is not None
            and owner is not progress.app
            and not same_app(owner, progress.app)
            and rule.mismatch_error is not None
        ):
            call.diagnostics.update(problem=f"{rule.name} belongs to another app than {self.auth.access_key.header}")
            raise VendorError(rule.mismatch_error, check="appkey", diagnostics=call.diagnostics)
        progress.app = owner

    # --- what the app requires -----------------------------------------------------------------------

    def check_encryption(self, progress: Progress) -> None:
        rule, call = self.auth.encryption, progress.call
        required = rule.required_for_app == "per_app" and progress.app is not None and progress.app.encryption_only
        if required and not isinstance(call.codec_state, Encrypted):
            call.diagnostics.update(problem="this app only accepts encrypted calls (x-random-secret-key + AES body)")
            raise VendorError(rule.plain_request_error, check="encryption", diagnostics=call.diagnostics)

    def check_api_key_param(self, progress: Progress) -> None:
        """Encrypted calls must carry api_key_param; plain ones may, and then it is checked all the same."""
        call, rule = progress.call, self.auth.encryption.api_key_param
        body = call.body
        param = body.get(rule.name) if isinstance(body, dict) else None
        if param is None and not isinstance(call.codec_state, Encrypted):
            return
        if not isinstance(param, dict):
            call.diagnostics.update(problem=f"{rule.name} must be an object {{nonce, timestamp}}")
            raise VendorError(rule.missing_error, check="api_key_param", diagnostics=call.diagnostics)
        nonce = text(param.get("nonce"))
        nonce_rule = self.auth.nonce
        if nonce_rule is not None and nonce_rule.pattern and not spec_pattern(nonce_rule.pattern).fullmatch(nonce):
            call.diagnostics.update(received=nonce, pattern=nonce_rule.pattern)
            code = nonce_rule.invalid_error or nonce_rule.reused_error
            raise VendorError(code, check="nonce", diagnostics=call.diagnostics)
        raw = text(param.get("timestamp"))
        window = self.auth.timestamp_window
        check_window(window, raw, stamp_seconds(raw, window.unit if window else "ms"), progress.now, call)
        nonces = self.services.nonces
        if nonce_rule is not None and nonces is not None and progress.app is not None:
            first_seen = nonces.use(progress.app.appkey, nonce, progress.now)
            if first_seen is not None:
                call.diagnostics.update(
                    nonce=nonce, first_seen=first_seen, remembered_seconds=nonce_rule.remember_seconds
                )
                raise VendorError(nonce_rule.reused_error, check="nonce", diagnostics=call.diagnostics)

    # --- the user's session --------------------------------------------------------------------------

    def check_token(self, progress: Progress) -> None:
        if progress.mode != "full":
            return
        oauth, call = self.auth.oauth2, progress.call
        if oauth is not None and call.path.startswith(oauth.path_prefix):
            progress.user = self.check_bearer(progress)
            return
        rule, tokens = self.auth.session_token, self.services.tokens
        assert tokens is not None, "an appkey_token scheme runs on a token store"
        # The document puts the token in the body; some clients send it as a header (vendor-reality §2).
        token = credential(call, rule.name, rule.location) or credential(call, rule.name, "header")
        if not token:
            raise self.missing(rule.missing_error, rule.name, call)
        progress.user = self.account_of(check_session(self.auth.token, tokens, token, progress.now, call).account, call)

    def check_bearer(self, progress: Progress) -> Account:
        oauth, call = self.auth.oauth2, progress.call
        assert oauth is not None
        assert oauth.token is not None
        assert self.bearer is not None
        header = (call.header(oauth.header) or "").strip()
        token = header[len(oauth.prefix) :].strip() if header.lower().startswith(oauth.prefix.lower()) else ""
        call.diagnostics.update(header=oauth.header)
        return self.account_of(check_session(oauth.token, self.bearer, token, progress.now, call).account, call)

    def account_of(self, name: str, call: Call) -> Account:
        account = self.services.lookup("name", name)
        if account is None:
            raise VendorError(self.auth.token.invalid_error, check="token", diagnostics=call.diagnostics)
        call.diagnostics.pop("header", None)
        return account

    def app_by(self, role: str, value: str) -> App | None:
        """The app whose ``role`` (appkey or access_key) is ``value``, in either slot of an account."""
        for slot, (appkey_key, access_key_key, encryption_only) in enumerate(APP_SLOTS):
            key = appkey_key if role == "appkey" else access_key_key
            account = self.services.lookup(key, value)
            if account is not None:
                kept = self.apps.get((id(account), slot))
                if kept is not None and kept[0] is account:
                    return kept[1]
                creds = account.credentials
                app = App(account, creds[appkey_key], creds[access_key_key], encryption_only)
                if len(self.apps) >= APPS_KEPT:
                    self.apps.clear()
                self.apps[(id(account), slot)] = (account, app)
                return app
        return None


def same_app(one: App, other: App) -> bool:
    """``one == other``, deciding most calls (one account's app, found twice) without comparing the
    accounts' credentials field by field."""
    if one.account is other.account:
        mine, theirs = (
            (one.appkey, one.access_key, one.encryption_only),
            (other.appkey, other.access_key, other.encryption_only),
        )
        return mine == theirs
    return one == other


def credential(call: Call, name: str, location: str) -> str:
    """A credential the call sends in a header or its body (any other location reads the body), as text."""
    if location == "header":
        value = call.headers.get(name.lower())
    else:
        body = call.body
        value = body.get(name) if isinstance(body, dict) else None
    return value.strip() if type(value) is str else text(value)


def text(value: Any) -> str:
    """A credential as text; numbers are taken as their digits, anything else is no credential."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()
