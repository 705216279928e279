"""Typed vendor errors, and the rule that maps a spec's error codes onto them.

The rule reads only spec data, in this order (the first that names a code wins):

1. ``VendorError``: the spec's ``internal_error`` (a server fault, even where an endpoint reuses its code
   for a bad value, as Growatt 10001 and AlphaCloud 6026 do).
2. ``QuotaError``: the code of one of the spec's ``limits``.
3. ``AuthError``: a code the ``auth`` block names (missing or bad credentials, signature, timestamp,
   nonce, token), through ``specs.auth.auth_codes``; for ``md5_sorted_kv`` the ``check_codes`` of the
   handler checks ``empty_params`` and ``sn_exists`` are not auth codes (``permission`` is). Also a code
   whose error-table trigger or note says clients log in again on it (iSolarCloud E900, E919).
4. ``NotFoundError``: the ``sn_exists`` check code of ``md5_sorted_kv`` (an existence check by name).
5. ``ParameterError``: ``param_errors``, each param's ``missing_error`` and ``invalid_error``, each
   rule's ``error``, the pagination's over-size and over-pages codes, the settings-table codes, and the
   ``empty_params`` check code of ``md5_sorted_kv``.
6. ``NotFoundError``: the codes whose error-table message says the object does not exist or that there
   is no data.
7. ``VendorError`` for anything else (server faults, business refusals).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solarfakes.specs.model import Spec

NOT_FOUND_TEXT = re.compile(r"(does )?not exist|no data|not found", re.IGNORECASE)
RELOGIN_TEXT = re.compile(r"\bre-?log(?:s|ging)? ?in\b", re.IGNORECASE)
HANDLER_CHECKS = ("empty_params", "sn_exists")


class VendorError(Exception):
    """The vendor answered an error: its ``code`` and ``message``, for ``api`` and ``endpoint``."""

    def __init__(self, code: int | str, message: str, api: str, endpoint: str, *, body: Any = None) -> None:
        super().__init__(f"{api} {endpoint}: {code} {message}")
        self.code = code
        self.message = message
        self.api = api
        self.endpoint = endpoint
        self.body = body
        self.headers: Mapping[str, str] = {}  # the answer's headers (the backoff reads Retry-After there)


class AuthError(VendorError):
    """Credentials, signature, timestamp, nonce or token refused."""


class QuotaError(VendorError):
    """A rate limit or quota of the spec's ``limits``; ``retry_after`` is the wait the backoff chose or
    would have needed (None where no bounded wait helps, e.g. a calendar quota)."""

    retry_after: float | None = None


class ParameterError(VendorError):
    """A parameter is missing or invalid, or a rule across parameters is broken."""


class NotFoundError(VendorError):
    """The object asked for does not exist, or there is no data for it."""


class UnexpectedResponse(VendorError):
    """An answer outside the vendor's envelope (an HTTP error page, a body that is not JSON); ``code`` is
    the HTTP status."""


def quota_codes(spec: Spec) -> set[str]:
    return {str(limit.error) for limit in spec.limits}


def relogin_codes(spec: Spec) -> set[str]:
    """Codes the error table says clients answer by logging in again."""
    return {str(e.code) for e in spec.errors if RELOGIN_TEXT.search(f"{e.trigger} {e.note or ''}")}


def session_codes(spec: Spec) -> set[str]:
    """The codes that mean "this session is gone": the token rule's invalid and expired codes and the
    re-login codes of the error table. A client logs in again once on them."""
    token = spec.auth.token
    codes = {str(c) for c in (token.invalid_error, token.expired_error) if c is not None} if token else set()
    return codes | relogin_codes(spec)


def auth_error_codes(spec: Spec) -> set[str]:
    from solarfakes.specs.auth import SortedPairsAuth, auth_codes  # with the first client: a light package import

    found = {str(code) for _, code in auth_codes(spec.auth)} | relogin_codes(spec)
    if isinstance(spec.auth, SortedPairsAuth):
        found -= {str(spec.auth.check_codes[check]) for check in HANDLER_CHECKS if check in spec.auth.check_codes}
    return found


def parameter_codes(spec: Spec) -> set[str]:
    from solarfakes.specs.auth import SortedPairsAuth

    codes: set[Any] = set(spec.param_errors.values())
    if isinstance(spec.auth, SortedPairsAuth) and "empty_params" in spec.auth.check_codes:
        codes.add(spec.auth.check_codes["empty_params"])
    for endpoint in spec.endpoints:
        codes |= {p.missing_error for p in endpoint.params} | {p.invalid_error for p in endpoint.params}
        codes |= {rule.error for rule in endpoint.rules}
        codes |= {endpoint.unknown_setting_error, endpoint.out_of_range_error, endpoint.format_error}
        if endpoint.pagination is not None:
            codes |= {endpoint.pagination.over_size_error, endpoint.pagination.over_pages_error}
    return {str(code) for code in codes if code is not None}


def existence_check_codes(spec: Spec) -> set[str]:
    from solarfakes.specs.auth import SortedPairsAuth

    if isinstance(spec.auth, SortedPairsAuth) and "sn_exists" in spec.auth.check_codes:
        return {str(spec.auth.check_codes["sn_exists"])}
    return set()


def not_found_codes(spec: Spec) -> set[str]:
    return {str(entry.code) for entry in spec.errors if NOT_FOUND_TEXT.search(entry.message)}


def error_classes(spec: Spec) -> dict[str, type[VendorError]]:
    """Every code of the spec's error table (as text) -> the class it raises, by the rule above."""
    internal = {str(spec.internal_error)} if spec.internal_error is not None else set()
    ordered: list[tuple[type[VendorError], set[str]]] = [
        (VendorError, internal),
        (QuotaError, quota_codes(spec)),
        (AuthError, auth_error_codes(spec)),
        (NotFoundError, existence_check_codes(spec)),
        (ParameterError, parameter_codes(spec)),
        (NotFoundError, not_found_codes(spec)),
    ]
    mapping: dict[str, type[VendorError]] = {}
    for entry in spec.errors:
        code = str(entry.code)
        mapping[code] = next((cls for cls, codes in ordered if code in codes), VendorError)
    return mapping
