"""What every auth scheme shares: the interface, the services it may use and the timestamp window."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.nonces import NonceStore
from solarfakes.simulators.core.tokens import Session, TokenRefused, TokenStore
from solarfakes.simulators.world import Account
from solarfakes.specs.auth import AuthMode, SchemeBase, TokenRule, Window
from solarfakes.specs.model import Endpoint

AccountLookup = Callable[[str, str], Account | None]
AuthT = TypeVar("AuthT", bound=SchemeBase)


@dataclass
class AuthServices:
    """The core services a scheme runs on: account lookup, and the stores its spec asks for."""

    lookup: AccountLookup
    tokens: TokenStore | None = None
    nonces: NonceStore | None = None


def stamp_seconds(raw: str | None, unit: str) -> float | None:
    """A timestamp header as Unix seconds, or None if it is not a finite number."""
    try:
        stamp = float(raw or "")
    except ValueError:
        return None
    if not math.isfinite(stamp):
        return None
    return stamp / 1000 if unit == "ms" else stamp


def check_window(window: Window | None, raw: str | None, stamp: float | None, now: float, call: Call) -> None:
    """Refuse a timestamp outside the window; the journal says what the window was."""
    if window is None:
        return
    skew = None if stamp is None else now - stamp
    if skew is None:
        late = True
    elif window.sides == "past_only":
        late = skew >= window.seconds
    else:
        late = abs(skew) > window.seconds
    if late:
        call.diagnostics.update(
            received=raw,
            server_time=round(now * (1000 if window.unit == "ms" else 1)),
            window=f"{window.seconds:g} s, {'past only' if window.sides == 'past_only' else 'either side'}",
            skew_seconds=None if skew is None else round(skew, 3),
        )
        raise VendorError(window.error, check="timestamp", diagnostics=call.diagnostics)


def check_session(
    rule: TokenRule, tokens: TokenStore, token: str, now: float, call: Call, client: str | None = None
) -> Session:
    """The live session of a token used from ``client`` (by default the socket's address; a scheme whose
    server reads it from headers passes its own); the rule's code for an unknown, expired or revoked one,
    and for one bound to another address its ``ip_error``, journaled as the check ``ip``."""
    address = call.client_host if client is None else client
    try:
        return tokens.check(token, now, address)
    except TokenRefused as refused:
        call.diagnostics.update(problem=TOKEN_PROBLEMS[refused.reason] if token else "missing")
        check = "token"
        if refused.reason == "address" and rule.ip_error is not None:
            code, check = rule.ip_error, "ip"
            call.diagnostics.update(client=address)
        elif refused.reason == "expired" and rule.expired_error is not None:
            code = rule.expired_error
        else:
            code = rule.invalid_error
        raise VendorError(code, check=check, diagnostics=call.diagnostics) from None


TOKEN_PROBLEMS = {
    "unknown": "unknown token (see GET /_solarfakes/credentials)",
    "expired": "the token has expired",
    "revoked": "the token was revoked",
    "address": "the token was issued to another client address",
}


class AuthScheme(Generic[AuthT]):
    """Checks one call's credentials, in the order the spec gives, and returns their account."""

    name: ClassVar[str]

    def __init__(self, auth: AuthT, services: AuthServices) -> None:
        self.auth = auth
        self.services = services

    def authenticate(self, call: Call, now: float, mode: AuthMode) -> Account:
        raise NotImplementedError

    def prepared(self, endpoint: Endpoint) -> Callable[[Call, float], Account]:
        """``authenticate`` for the calls of ``endpoint`` (its plan keeps it): a scheme with per-endpoint
        or per-mode work decides it here, once."""
        mode = endpoint.auth
        return lambda call, now: self.authenticate(call, now, mode)

    def reset(self) -> None:
        """Back to the seeded state: a scheme that keeps stores of its own clears them here."""

    def missing(self, code: Any, header: str, call: Call) -> VendorError:
        call.diagnostics.update(missing=header)
        return VendorError(code, check="headers", diagnostics=call.diagnostics)
