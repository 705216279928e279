"""The authenticate step: one small class per auth scheme, parameterised by the spec's `auth` block."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any, ClassVar

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.world import Account
from solarfakes.specs.model import Auth, Window

AccountLookup = Callable[[str, str], Account | None]


def check_window(window: Window | None, raw: str | None, now: float, diagnostics: dict[str, Any]) -> None:
    """Reject a timestamp outside the window; the journal says what the window was."""
    if window is None:
        return
    try:
        stamp = float(raw or "")
    except ValueError:
        stamp = float("nan")
    if window.unit == "ms":
        stamp /= 1000
    skew = now - stamp
    late = skew >= window.seconds if window.sides == "past_only" else abs(skew) > window.seconds
    if stamp != stamp or late:
        diagnostics.update(
            check="timestamp",
            received=raw,
            server_time=round(now * (1000 if window.unit == "ms" else 1)),
            window=f"{window.seconds:g} s, {'past only' if window.sides == 'past_only' else 'either side'}",
            skew_seconds=None if stamp != stamp else round(skew, 3),
        )
        raise VendorError(window.error, check="timestamp", diagnostics=diagnostics)


class AuthScheme:
    """Checks one call's credentials and returns the account they belong to."""

    name: ClassVar[str]

    def __init__(self, auth: Auth, lookup: AccountLookup) -> None:
        self.auth = auth
        self.params = auth.params
        self.lookup = lookup

    def authenticate(self, call: Call, now: float) -> Account:
        raise NotImplementedError

    def error(self, key: str) -> int | str:
        errors: dict[str, Any] = self.params.get("errors", {})
        if key in errors:
            return errors[key]  # type: ignore[no-any-return]
        if self.auth.token is not None:
            return self.auth.token.invalid_error
        raise KeyError(f"auth.params.errors has no {key!r}")


class HeaderToken(AuthScheme):
    """A long-lived token in one header (Growatt)."""

    name = "header_token"

    def authenticate(self, call: Call, now: float) -> Account:
        assert self.auth.token is not None
        header = str(self.params.get("header", "token"))
        token = (call.header(header) or "").strip()
        account = self.lookup("token", token) if token else None
        if account is None:
            call.diagnostics.update(
                check="token",
                header=header,
                problem="missing" if not token else "unknown token (see GET /_solarfakes/credentials)",
            )
            raise VendorError(self.auth.token.invalid_error, check="token", diagnostics=call.diagnostics)
        return account


class Sha512Headers(AuthScheme):
    """appId, timeStamp and sign = hex(sha512(appId + appSecret + timeStamp)) in headers (AlphaCloud)."""

    name = "sha512_headers"

    def authenticate(self, call: Call, now: float) -> Account:
        app_id = (call.header(self.params["app_id_header"]) or "").strip()
        stamp = (call.header(self.params["timestamp_header"]) or "").strip()
        sign = (call.header(self.params["sign_header"]) or "").strip()
        for value, key, header in (
            (app_id, "app_id_empty", "app_id_header"),
            (stamp, "timestamp_empty", "timestamp_header"),
            (sign, "sign_empty", "sign_header"),
        ):
            if not value:
                call.diagnostics.update(check="headers", missing=self.params[header])
                raise VendorError(self.error(key), check="headers", diagnostics=call.diagnostics)
        check_window(self.auth.timestamp_window, stamp, now, call.diagnostics)
        account = self.lookup("app_id", app_id)
        shown = f"{app_id}<appSecret>{stamp}"
        if account is None:
            call.diagnostics.update(check="sign", problem=f"unknown appId {app_id!r}", string_to_sign=shown)
            raise VendorError(self.error("sign_mismatch"), check="sign", diagnostics=call.diagnostics)
        expected = hashlib.sha512((app_id + account.credentials["app_secret"] + stamp).encode()).hexdigest()
        if not hmac.compare_digest(expected.encode(), sign.encode()):
            call.diagnostics.update(
                check="sign",
                problem="sign does not match",
                string_to_sign=shown,
                algorithm="lower-case hex of SHA-512 over the UTF-8 string",
                received_sign_length=len(sign),
            )
            raise VendorError(self.error("sign_mismatch"), check="sign", diagnostics=call.diagnostics)
        return account


SCHEMES: dict[str, type[AuthScheme]] = {scheme.name: scheme for scheme in (HeaderToken, Sha512Headers)}


def scheme_for(auth: Auth, lookup: AccountLookup) -> AuthScheme:
    try:
        return SCHEMES[auth.scheme](auth, lookup)
    except KeyError:
        raise KeyError(f"no implementation of auth scheme {auth.scheme!r} yet") from None
