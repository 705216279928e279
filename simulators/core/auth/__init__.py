"""The authenticate step: one small class per auth scheme, executing the spec's typed auth entry."""

from __future__ import annotations

from typing import Any

from solarfakes.simulators.core.auth.appkey_token import AppKeyToken
from solarfakes.simulators.core.auth.base import AccountLookup, AuthScheme, AuthServices, check_window
from solarfakes.simulators.core.auth.header_token import HeaderToken
from solarfakes.simulators.core.auth.signed_headers import SignedHeaders
from solarfakes.simulators.core.auth.sorted_pairs import SortedPairs
from solarfakes.specs.auth import SchemeBase

SCHEMES: dict[str, type[AuthScheme[Any]]] = {
    scheme.name: scheme for scheme in (HeaderToken, SignedHeaders, AppKeyToken, SortedPairs)
}


def scheme_for(auth: SchemeBase, services: AuthServices) -> AuthScheme[Any]:
    name = getattr(auth, "scheme", "")
    if name not in SCHEMES:
        raise KeyError(f"no implementation of auth scheme {name!r} yet")
    return SCHEMES[name](auth, services)


__all__ = ["SCHEMES", "AccountLookup", "AuthScheme", "AuthServices", "check_window", "scheme_for"]
