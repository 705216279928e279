"""MD5 over the request's sorted key=value pairs with the secret added, an AES-encrypted login password
and a session token bound to the client address (AlphaESS ras/v2), executing the spec's
``SortedPairsAuth`` entry: its checks in ``checks_order`` for the endpoint's auth mode, each answering
its ``check_codes`` entry, so a request with several faults gets the code the real server gives.

The server signs with its own key spellings (``sign_orders``) and the values its model bound (the
``dotnet_json`` codec has already matched the JSON keys to them case-insensitively). The checks
``sn_exists`` and ``permission`` belong to the handlers, after validation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solarfakes.simulators.core.auth.base import AuthScheme, AuthServices, check_session, check_window
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.identity import per_object
from solarfakes.simulators.core.tokens import Session
from solarfakes.simulators.world import Account
from solarfakes.specs import crypto
from solarfakes.specs.auth import AuthMode, SortedPairsAuth, SortedPairsCheck
from solarfakes.specs.model import Endpoint
from solarfakes.specs.signing import bound_text, shown_sorted_pairs, sorted_pairs_sign, sorted_pairs_values

HANDLER_CHECKS = frozenset({"sn_exists", "permission"})
INTEGER = re.compile(r"-?\d{1,19}")


def client_ip(call: Call) -> str:
    """The client address as the ras/v2 server takes it (spec auth.token note, read in
    liqun2013/alphaess-webapi v2Controller.cs GetIPAddress): its IsIPAddress regex never matches, so an
    X-Forwarded-For holding a comma and a dot is used whole, any other is dropped; then X-Real-IP, then
    the socket address."""
    forwarded = (call.header("x-forwarded-for") or "").strip()
    if "," in forwarded and "." in forwarded:
        return forwarded
    return (call.header("x-real-ip") or "").strip() or call.client_host


def bound_long(value: Any) -> int | None:
    """The ``long`` timestamp as the model binds it: an integer or a string of one; else None (the
    property keeps 0, which the window refuses)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


@dataclass(frozen=True, slots=True)
class SignOrder:
    """The keys an endpoint's sign covers, in signing order, each with whether it binds as a number (the
    secret's place among them); and the common call written at once: every signed key sent, a text
    where the model binds text and an integer where it binds a number, which the pairs print as they
    are, so ``template`` takes the values of ``keys`` and then the secret."""

    pairs: tuple[tuple[str, bool], ...]
    keys: tuple[str, ...]  # the signed keys but the secret, in signing order
    plain_types: tuple[type, ...]  # the value types of the common call, by key
    template: str


@dataclass(slots=True)
class Progress:
    """What the checks of one call have found so far."""

    body: dict[str, Any]
    sign_order: SignOrder  # the endpoint's
    api_account: Account | None = None
    user: Account | None = None
    session: Session | None = None
    account_checked: bool = False  # the api_account check has passed
    account_name: str | None = None  # the name ``api_account`` holds the lookup of, where one was made

    def text(self, name: str) -> str:
        value = self.body.get(name)
        return "" if value is None else str(value).strip()


def sign_order(auth: SortedPairsAuth, endpoint: Endpoint) -> SignOrder:
    """``endpoint``'s SignOrder. The order is the one ``sorted_pairs_sign`` gives the pairs of any call:
    a total order (``dotnet_sorted``), of which an absent, unsigned key leaves a gap only."""
    numeric = numeric_params(endpoint)
    secret_param = auth.secret_param
    signed = dict.fromkeys(key for key in auth.sign_orders.get(endpoint.id, []) if key != secret_param)
    ordered = crypto.dotnet_sorted((*signed, secret_param))
    pairs = tuple((key, key in numeric) for key in ordered if key not in auth.excluded)
    keys = tuple(key for key, _ in pairs if key != secret_param)
    places = {key: n for n, key in enumerate(keys)} | {secret_param: len(keys)}
    template = "".join(f"{key.replace('{', '{{').replace('}', '}}')}={{{places[key]}}}" for key, _ in pairs)
    plain_types = tuple(int if is_number else str for key, is_number in pairs if key != secret_param)
    return SignOrder(pairs, keys, plain_types, template)


@per_object()
def numeric_params(endpoint: Endpoint) -> frozenset[str]:
    """The names of ``endpoint``'s number parameters, which Json.NET binds (and so signs) as numbers."""
    return frozenset(p.name for p in endpoint.params if p.type in ("integer", "number"))


Check = Callable[[Progress, Call, float], None]


class SortedPairs(AuthScheme[SortedPairsAuth]):
    name = "md5_sorted_kv"

    def __init__(self, auth: SortedPairsAuth, services: AuthServices) -> None:
        super().__init__(auth, services)
        self.checks: dict[AuthMode, list[tuple[str, Check]]] = {}

    def authenticate(self, call: Call, now: float, mode: AuthMode) -> Account:
        assert call.endpoint is not None, "the call is routed before it is authenticated"
        checks = self.checks.get(mode)
        if checks is None:
            checks = self.checks[mode] = self.checks_of(mode)
        return self.checked(call, now, [run for _, run in checks], sign_order(self.auth, call.endpoint))

    def prepared(self, endpoint: Endpoint) -> Callable[[Call, float], Account]:
        """``authenticate`` for ``endpoint``'s calls, its checks and its sign's order of keys found once."""
        checks = [run for _, run in self.checks_of(endpoint.auth)]
        order = sign_order(self.auth, endpoint)
        return lambda call, now: self.checked(call, now, checks, order)

    def checked(self, call: Call, now: float, checks: list[Check], order: SignOrder) -> Account:
        progress = Progress(call.body if isinstance(call.body, dict) else {}, order)
        for run in checks:
            run(progress, call, now)
        account = progress.user
        if account is None:
            raise VendorError(self.code("token"), check="token", diagnostics=call.diagnostics)
        return account

    def checks_of(self, mode: AuthMode) -> list[tuple[str, Check]]:
        """The checks this scheme runs for ``mode``, in the spec's order, each with its method (looked up
        once per mode, not per call)."""
        order = self.auth.checks_order.get(mode, [])
        return [(check, getattr(self, f"check_{check}")) for check in order if check not in HANDLER_CHECKS]

    def code(self, check: SortedPairsCheck) -> Any:
        return self.auth.check_codes[check]

    def fail(self, check: SortedPairsCheck, call: Call, **diagnostics: Any) -> VendorError:
        call.diagnostics.update(diagnostics)
        return VendorError(self.code(check), check=check, diagnostics=call.diagnostics)

    def check_timestamp(self, progress: Progress, call: Call, now: float) -> None:
        raw = progress.body.get(self.auth.timestamp_param)
        stamp = bound_long(raw)
        check_window(self.auth.timestamp_window, None if raw is None else str(raw), stamp, now, call)

    def check_api_account(self, progress: Progress, call: Call, now: float) -> None:
        name = progress.text(self.auth.account_param)
        if not name:
            progress.api_account = None
        elif name != progress.account_name:  # the sign check looked this one up already
            progress.api_account = self.services.lookup("api_account", name)
        if progress.api_account is None:
            raise self.fail("api_account", call, problem=f"unknown {self.auth.account_param} {name!r}")
        progress.account_checked = True

    def check_sign(self, progress: Progress, call: Call, now: float) -> None:
        endpoint = call.endpoint
        assert endpoint is not None, "the call is routed before it is authenticated"
        if progress.api_account is None and not progress.account_checked:
            # Data calls check the sign before the account: an unknown account has no secret, so only a
            # sign made with an empty secret passes on to the account check (vendor-reality ras/v2 §2).
            name = progress.text(self.auth.account_param)
            progress.api_account = self.services.lookup("api_account", name)
            progress.account_name = name
        secret = progress.api_account.credentials["secret_key"] if progress.api_account else ""
        received = progress.body.get(self.auth.sign_param)
        if not isinstance(received, str) or not crypto.same_text(
            self.expected_sign(progress.sign_order, progress.body, endpoint, secret),
            received,
        ):
            pairs = sorted_pairs_values(self.auth, endpoint.id, progress.body, numeric_params(endpoint))
            raise self.fail(
                "sign",
                call,
                problem=f"{self.auth.sign_param} does not match",
                string_to_sign=shown_sorted_pairs(self.auth, pairs),
                algorithm="lower-case hex MD5 of the UTF-8 string",
            )

    def expected_sign(self, order: SignOrder, body: dict[str, Any], endpoint: Endpoint, secret: str) -> str:
        """``sorted_pairs_sign`` of the ``sorted_pairs_values`` of ``endpoint``'s call with ``body``, written
        at once from the endpoint's ``order``: the pairs were made a dict, sorted, then written, on every
        call."""
        values = tuple(map(body.get, order.keys))
        if tuple(map(type, values)) == order.plain_types:
            text = order.template.format(*values, secret)
        else:
            text = self.signed_text(order, body, secret)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # the recipe raises the CryptoError that names the character
            pairs = sorted_pairs_values(self.auth, endpoint.id, body, numeric_params(endpoint))
            return sorted_pairs_sign(self.auth, pairs, secret)
        return hashlib.md5(data, usedforsecurity=False).hexdigest()

    def signed_text(self, order: SignOrder, body: dict[str, Any], secret: str) -> str:
        """The text ``sorted_pairs_sign`` signs, pair by pair, as ``sorted_pairs_values`` binds them."""
        empty = self.auth.empty_values
        absent, secret_param = empty.absent, self.auth.secret_param
        parts = []
        for key, is_number in order.pairs:
            if key == secret_param:
                value = secret
            elif key in body:
                raw = body[key]
                bound = raw if type(raw) is str and not is_number else bound_text(raw, is_number)
                value = bound if bound is not None else empty.number if is_number else empty.string
            elif absent is not None:
                value = absent
            else:
                continue  # an absent key is not signed
            parts.append(f"{key}={value}")
        return "".join(parts)

    def check_user(self, progress: Progress, call: Call, now: float) -> None:
        name = progress.text("username")
        progress.user = self.services.lookup("username", name) if name else None
        if progress.user is None:
            raise self.fail("user", call, problem=f"no user {name!r}")

    def check_empty_params(self, progress: Progress, call: Call, now: float) -> None:
        empty = [name for name in ("username", "password") if not progress.text(name)]
        if empty:
            raise self.fail("empty_params", call, problem=f"{', '.join(empty)} empty")

    def check_password(self, progress: Progress, call: Call, now: float) -> None:
        user = progress.user
        assert user is not None, "the spec checks the user before the password"
        cipher = self.auth.password_cipher
        if cipher.key_material == "username":
            material = user.credentials["username"]
        else:
            material = progress.api_account.credentials["secret_key"] if progress.api_account else ""
        try:
            clear = crypto.decrypt_password(progress.text("password"), material)
        except crypto.CryptoError as exc:
            raise self.fail("password", call, problem=str(exc), key_material=cipher.key_material) from None
        if not crypto.same_text(clear, user.credentials["password"]):
            raise self.fail("password", call, problem="the password does not match", key_material=cipher.key_material)

    def check_token(self, progress: Progress, call: Call, now: float) -> None:
        """The session of the token; the store refuses an expired one before a foreign address, the
        spec's order token (14) then ip (16), and slides a live one on every use, failed or not."""
        tokens = self.services.tokens
        assert tokens is not None, "an md5_sorted_kv scheme runs on a token store"
        token = progress.text(self.auth.token_param)
        progress.session = check_session(self.auth.token, tokens, token, now, call, client_ip(call))
        progress.user = self.services.lookup("name", progress.session.account)
        if progress.user is None:
            raise self.fail("token", call, problem="the token's account is gone")

    def check_ip(self, progress: Progress, call: Call, now: float) -> None:
        """Done with the token: the store compares the address right after the expiry."""
