"""A signature over header values and the app secret, sent in headers: the spec's template, digest or
HMAC and encoding, executed by the recipe the reference clients sign with (AlphaCloud, APsystems)."""

from __future__ import annotations

from solarfakes.simulators.core.auth.base import AuthScheme, check_window, stamp_seconds
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.validate import spec_pattern
from solarfakes.simulators.world import Account
from solarfakes.specs import crypto
from solarfakes.specs.auth import AuthMode, SignedHeadersAuth
from solarfakes.specs.signing import request_path_value, shown_string_to_sign, signature, string_to_sign


class SignedHeaders(AuthScheme[SignedHeadersAuth]):
    name = "signed_headers"

    def authenticate(self, call: Call, now: float, mode: AuthMode) -> Account:
        values: dict[str, str] = {
            role: (call.header(header) or "").strip() for role, header in self.auth.header_names.items()
        }
        values["method"] = call.method.upper()
        if self.auth.request_path is not None:
            values["request_path"] = request_path_value(self.auth.request_path, call.path)
        account: Account | None = None
        for check in self.auth.checks_order:
            if check == "headers":
                self.check_headers(values, call)
            elif check == "signature_method":
                self.check_method(values, call)
            elif check == "timestamp":
                check_window(self.auth.timestamp_window, values["timestamp"], self.seconds(values), now, call)
            elif check == "nonce":
                self.check_nonce(values, now, call)
            elif check == "app_id":
                account = self.check_app(values, call)
            else:
                assert account is not None, "the spec checks app_id before sign"
                self.check_sign(values, account, call)
        assert account is not None
        return account

    def check_headers(self, values: dict[str, str], call: Call) -> None:
        for role, header in self.auth.header_names.items():
            if not values[role]:
                raise self.missing(self.auth.errors.missing[role], header, call)

    def check_method(self, values: dict[str, str], call: Call) -> None:
        methods = self.auth.hmac_methods or {}
        if values["signature_method"] not in methods:
            call.diagnostics.update(received=values["signature_method"], accepted=sorted(methods))
            code = self.auth.errors.unsupported_method or self.auth.errors.bad_signature
            raise VendorError(code, check="signature_method", diagnostics=call.diagnostics)

    def seconds(self, values: dict[str, str]) -> float | None:
        """The timestamp in seconds; where the spec also accepts seconds beside milliseconds, a value
        too small to be milliseconds of this century is read as seconds."""
        rule = self.auth.timestamp
        raw = values.get("timestamp")
        if rule.unit == "ms" and "s" in rule.also_accepted:
            stamp = stamp_seconds(raw, "s")
            return stamp if stamp is not None and stamp < 1e11 else stamp_seconds(raw, "ms")
        return stamp_seconds(raw, rule.unit)

    def check_nonce(self, values: dict[str, str], now: float, call: Call) -> None:
        rule, nonces = self.auth.nonce, self.services.nonces
        assert rule is not None, "checks_order names nonce only where the spec has a nonce rule"
        assert nonces is not None, "a spec with a nonce rule gets a nonce store"
        nonce = values["nonce"]
        if rule.pattern is not None and not spec_pattern(rule.pattern).fullmatch(nonce):
            call.diagnostics.update(received=nonce, pattern=rule.pattern)
            raise VendorError(rule.invalid_error or rule.reused_error, check="nonce", diagnostics=call.diagnostics)
        first_seen = nonces.use(values["app_id"], nonce, now)
        if first_seen is not None:
            call.diagnostics.update(nonce=nonce, first_seen=first_seen, remembered_seconds=rule.remember_seconds)
            raise VendorError(rule.reused_error, check="nonce", diagnostics=call.diagnostics)

    def check_app(self, values: dict[str, str], call: Call) -> Account:
        account = self.services.lookup("app_id", values["app_id"])
        if account is None:
            call.diagnostics.update(
                problem=f"unknown {self.auth.header_names['app_id']} {values['app_id']!r}",
                string_to_sign=self.shown(values),
            )
            raise VendorError(self.auth.errors.unknown_app_id, check="sign", diagnostics=call.diagnostics)
        return account

    def check_sign(self, values: dict[str, str], account: Account, call: Call) -> None:
        secret = account.credentials["app_secret"]
        text = string_to_sign(self.auth, {**values, "app_secret": secret})
        expected = signature(self.auth, text, secret, values.get("signature_method"))
        if not crypto.same_text(expected, values["signature"]):
            call.diagnostics.update(
                problem=f"{self.auth.header_names['signature']} does not match",
                string_to_sign=self.shown(values),
                algorithm=self.algorithm(values),
                received_sign_length=len(values["signature"]),
            )
            raise VendorError(self.auth.errors.bad_signature, check="sign", diagnostics=call.diagnostics)

    def shown(self, values: dict[str, str]) -> str:
        return shown_string_to_sign(self.auth, values)

    def algorithm(self, values: dict[str, str]) -> str:
        encoding = "lower-case hex" if self.auth.encoding == "hex_lower" else "Base64"
        if self.auth.hmac_methods is not None:
            hashed = self.auth.hmac_methods.get(values.get("signature_method", ""), "?")
            return f"{encoding} of HMAC-{hashed.upper()} keyed with the app secret, over the UTF-8 string"
        return f"{encoding} of {str(self.auth.digest).upper()} over the UTF-8 string"
