"""A long-lived token in one header (Growatt): the token store knows the accounts' tokens."""

from __future__ import annotations

from solarfakes.simulators.core.auth.base import AuthScheme, check_session
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.world import Account
from solarfakes.specs.auth import AuthMode, HeaderTokenAuth


class HeaderToken(AuthScheme[HeaderTokenAuth]):
    name = "header_token"

    def authenticate(self, call: Call, now: float, mode: AuthMode) -> Account:
        tokens = self.services.tokens
        assert tokens is not None, "a header_token scheme runs on a token store"
        token = (call.header(self.auth.header) or "").strip()
        call.diagnostics.update(header=self.auth.header)
        session = check_session(self.auth.token, tokens, token, now, call)
        account = self.services.lookup("name", session.account)
        if account is None:
            raise VendorError(self.auth.token.invalid_error, check="token", diagnostics=call.diagnostics)
        call.diagnostics.pop("header", None)
        return account
