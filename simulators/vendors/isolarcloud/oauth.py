"""The OAuth2 variant (observed profile): authorization codes for access and refresh tokens
(isolarcloud-portal quick-start: codes are single use, access tokens last 2 days, refresh tokens 30)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.auth.appkey_token import AppKeyToken
from solarfakes.simulators.core.context import RoutedCall
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.vendors.isolarcloud.backend import Grant, IsolarBackend, isolar
from solarfakes.simulators.world import Account

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

CODE_SECONDS = 600.0  # short-lived, as OAuth2 codes are (RFC 6749 4.1.2 recommends at most 10 minutes)
REFRESH_SECONDS = 30 * 86400.0


def mint_code(backend: IsolarBackend, account: str, now: float, redirect_uri: str | None = None) -> str:
    """A code as the consent page hands it out; one bound to a redirect URI is only good with that URI."""
    code = uuid.UUID(int=backend.rng.getrandbits(128), version=4).hex
    backend.codes[code] = Grant(account, now + CODE_SECONDS, redirect_uri)
    return code


def admin_code(sim: Simulator, account: Account, redirect_uri: str | None) -> str:
    """The vendor's hook for POST /_solarfakes/oauth-code."""
    return mint_code(isolar(sim), account.name, sim.cloud.clock.timestamp(), redirect_uri)


def standing_code(backend: IsolarBackend, account: str, now: float) -> str:
    """The account's unused, live code, minted anew once used or expired (for the credentials view)."""
    for code, grant in backend.codes.items():
        if grant.account == account and grant.expires > now:
            return code
    return mint_code(backend, account, now)


def tokens(call: RoutedCall, sim: Simulator, account: str) -> dict[str, Any]:
    backend, now = isolar(sim), call.now.timestamp()
    scheme = sim.auth
    assert isinstance(scheme, AppKeyToken), "iSolarCloud authenticates with appkey_token"
    assert scheme.bearer is not None, "the spec gives oauth2.token"
    session = scheme.bearer.issue(account, now)
    refresh = str(uuid.UUID(int=backend.rng.getrandbits(128), version=4))
    backend.refresh_tokens[refresh] = Grant(account, now + REFRESH_SECONDS)
    lifetime = scheme.bearer.rule.lifetime_seconds or 0
    plants = [str(p.plant_id) for p in backend.fleet.values() if p.account == account]
    user = next(u for u in backend.users.values() if u.account is not None and u.account.name == account)
    return {"access_token": session.token, "token_type": "bearer", "refresh_token": refresh,
            "expires_in": int(lifetime) - 1, "auth_ps_list": plants, "auth_user": int(user.user_id)}  # fmt: skip


def take(grants: dict[str, Grant], key: str, now: float, call: RoutedCall) -> Grant:
    """A code or refresh token, used up: unknown, used or expired ones are an invalid value (010)."""
    grant = grants.pop(key, None)
    if grant is None or grant.expires <= now:
        call.call.diagnostics.update(problem="unknown, used or expired grant")
        raise VendorError("010", check="handler")
    return grant


def token(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    # The code is used up even when the rest is wrong: the portal asks for a new authorization after any
    # failure (isolarcloud-portal quick-start).
    grant = take(isolar(sim).codes, str(call.args["code"]), call.now.timestamp(), call)
    if grant.account != call.account.name:
        call.call.diagnostics.update(problem="the code was granted to another app's account")
        raise VendorError("010", check="handler")
    if grant.redirect_uri is not None and grant.redirect_uri != str(call.args["redirect_uri"]):
        call.call.diagnostics.update(problem="redirect_uri differs from the one the code was granted for")
        raise VendorError("010", check="handler")
    return tokens(call, sim, grant.account)


def refresh_token(call: RoutedCall, sim: Simulator) -> dict[str, Any]:
    grant = take(isolar(sim).refresh_tokens, str(call.args["refresh_token"]), call.now.timestamp(), call)
    fresh = tokens(call, sim, grant.account)
    # The portal's refresh answer carries code "1" and no authorisation details (isolarcloud-portal quick-start).
    return {"access_token": fresh["access_token"], "refresh_token": fresh["refresh_token"], "code": "1",
            "token_type": fresh["token_type"], "expires_in": fresh["expires_in"]}  # fmt: skip
