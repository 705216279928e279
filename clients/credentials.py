"""Credentials and base URL of a client: from arguments, else from ``SOLARFAKES_<API>_<NAME>``
environment variables (``SOLARFAKES_GROWATT_V1_TOKEN``, ``SOLARFAKES_ALPHAESS_OPENAPI_APP_SECRET``...)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solarfakes.specs.model import Spec

NEEDED: dict[str, tuple[str, ...]] = {
    "header_token": ("token",),
    "signed_headers": ("app_id", "app_secret"),
    "md5_sorted_kv": ("api_account", "secret_key", "username", "password"),
    "appkey_token": ("appkey", "access_key"),
}
# Taken where given, asked for only by the calls that need them: iSolarCloud's login needs the user, its
# encrypted mode the server's RSA public key (given: the client encrypts), its OAuth2 platform calls an
# access token, a refresh token or an authorization code (with the redirect URI it was granted for).
OPTIONAL: dict[str, tuple[str, ...]] = {
    "appkey_token": (
        "user_account",
        "user_password",
        "rsa_public_key",
        "access_token",
        "refresh_token",
        "auth_code",
        "redirect_uri",
    ),
}


class CredentialsError(ValueError):
    """A credential the API's auth scheme needs is given neither as an argument nor in the environment."""


def env_name(api: str, name: str) -> str:
    return f"SOLARFAKES_{api.upper()}_{name.upper()}"


def resolve_credentials(
    spec: Spec, given: Mapping[str, Any] | None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The credentials the scheme needs, each from ``given`` or the environment."""
    environ = os.environ if environ is None else environ
    given = given or {}
    found: dict[str, str] = {}
    for name in NEEDED[spec.auth.scheme]:
        value = given.get(name) or environ.get(env_name(spec.api, name))
        if not value:
            raise CredentialsError(f"{spec.api} needs {name}: pass it or set {env_name(spec.api, name)}")
        found[name] = str(value)
    for name in OPTIONAL.get(spec.auth.scheme, ()):
        value = given.get(name) or environ.get(env_name(spec.api, name))
        if value:
            found[name] = str(value)
    return found


def require(api: str, credentials: dict[str, str], *names: str) -> list[str]:
    """The values of optional credentials a call needs after all; CredentialsError naming the variable."""
    missing = [name for name in names if not credentials.get(name)]
    if missing:
        variables = ", ".join(env_name(api, name) for name in missing)
        raise CredentialsError(f"{api} needs {', '.join(missing)} for this call: pass it or set {variables}")
    return [credentials[name] for name in names]


def resolve_base_url(spec: Spec, given: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The origin the client sends to: the argument, the environment, else the spec's first server. A URL
    ending in the spec's base path (``https://openapi.growatt.com/v1/``) is cut back, since endpoint paths
    are full paths."""
    environ = os.environ if environ is None else environ
    url = given or environ.get(env_name(spec.api, "base_url")) or (spec.servers[0].url if spec.servers else "")
    if not url:
        raise CredentialsError(f"{spec.api} needs a base URL: pass it or set {env_name(spec.api, 'base_url')}")
    url = url.rstrip("/")
    base = spec.base_path.rstrip("/")
    return url[: -len(base)] if base and url.endswith(base) else url
