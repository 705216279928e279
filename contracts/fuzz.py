"""Schemathesis over an API's OpenAPI export (``specs/openapi.py``), against a running server.

Requests authenticate through schemathesis's own auth hook (an auth provider on the schema): the provider
signs each generated case with the reference client's auth (``solarfakes.clients.auth``, the one
implementation of every vendor's signing), after opening the session the scheme needs (a login, an OAuth2
code exchange). The checks are schemathesis's ``not_a_server_error``, ``status_code_conformance``,
``content_type_conformance`` and ``response_schema_conformance``, and ``no_simulator_crash``: a fake cloud's
journal marks a call that failed inside the simulator, which still answers the vendor's internal-error
envelope at HTTP 200."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import schemathesis
from hypothesis import given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from solarfakes.clients.auth import hidden_params
from solarfakes.clients.credentials import CredentialsError
from solarfakes.clients.errors import AuthError
from solarfakes.clients.request import Prepared, fixed_params
from solarfakes.contracts.callers import Caller, NotSent, ReferenceCaller
from solarfakes.contracts.conformance import CrashProbe, no_probe
from solarfakes.contracts.profiles import suite_settings
from solarfakes.specs.model import Spec

SCHEMATHESIS_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class Signer:
    """Puts an API's credentials on a generated case, as the API's client would on its own request."""

    def __init__(self, caller: Caller, clock: Callable[[], float]) -> None:
        assert isinstance(caller, ReferenceCaller), "schemathesis signs with a reference client's auth"
        self.caller, self.clock = caller, clock
        self.spec: Spec = caller.spec
        self.endpoints = {(e.method, e.path): e for e in self.spec.endpoints}

    def session(self, endpoint: Any) -> None:
        """Open the session the endpoint needs (a login, an OAuth2 token), as the client itself would."""
        client = self.caller.client
        now = self.clock()
        try:
            opening = client.core.auth.session_request(endpoint, now)
        except (AuthError, CredentialsError) as missing:  # refused before sending: no token to be had
            raise NotSent(str(missing)) from None
        if opening is not None:
            client.run(client.core.exchange(opening, now))

    def sign(self, case: Any) -> None:
        endpoint = self.endpoints.get((case.method.upper(), case.path))
        if endpoint is None:  # an alias path: the endpoint it stands for
            endpoint = next(e for e in self.spec.endpoints if case.path in e.aliases)
        self.session(endpoint)
        body = case.body if isinstance(case.body, dict) else {}
        auth = self.caller.client.core.auth
        if isinstance(case.body, dict):
            # what the auth fills is the client's (a login's user, a token, iSolarCloud's api_key_param, which
            # plain mode leaves out), not drawn; the one-valued params (grant_type) stay as drawn
            for name in hidden_params(self.spec, endpoint) - set(fixed_params(endpoint)):
                case.body.pop(name, None)
            body = case.body
        # signed as the server reads the path: decoded (schemathesis may draw ids that need encoding)
        path = unquote(case.formatted_path)
        prepared = Prepared(endpoint, case.method.upper(), path, dict(case.query or {}), dict(body), endpoint.body, {})
        try:
            auth.sign(prepared, self.clock())
        except CredentialsError as missing:
            raise NotSent(str(missing)) from None
        case.headers = {**(case.headers or {}), **prepared.headers}
        if prepared.body and isinstance(case.body, dict):
            case.body = prepared.body


def vendor_auth(signer: Signer) -> type:
    """A schemathesis auth provider class bound to ``signer``."""

    class VendorAuth:
        def get(self, case: Any, context: Any) -> Signer:
            return signer

        def set(self, case: Any, data: Signer, context: Any) -> None:
            data.sign(case)

    VendorAuth.__name__ = f"{signer.spec.api}_auth"
    return VendorAuth


def crash_check(probe: CrashProbe) -> Callable[[Any, Any, Any], None]:
    def no_simulator_crash(ctx: Any, response: Any, case: Any) -> None:
        """A call that failed inside the simulator, whatever envelope and HTTP status it answered."""
        bugs = [d for d in probe() if str(d.get("check", "")).startswith("simulator bug")]
        if bugs:
            raise AssertionError(f"the simulator crashed on {case.method} {case.formatted_path}: {bugs[0]['check']}")

    return no_simulator_crash


@dataclass
class FuzzOutcome:
    api: str
    operation: str
    operation_id: str = ""
    calls: int = 0
    failures: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def status(self) -> str:
        if self.failures:
            return "fail"
        return "skip" if self.skipped is not None else "pass"


@dataclass
class FuzzTarget:
    """Where schemathesis sends: an ASGI app in process, or a base URL."""

    document: dict[str, Any]
    signer: Signer
    app: Any = None
    base_url: str | None = None
    probe: CrashProbe = no_probe
    headers: Mapping[str, str] = field(default_factory=dict)

    def close(self) -> None:
        self.signer.caller.close()


def load_schema(target: FuzzTarget) -> Any:
    schema = schemathesis.openapi.from_dict(target.document)
    if target.app is not None:
        schema.app = target.app  # as schemathesis.openapi.from_asgi does: calls go to the app in process
    schema.auth()(vendor_auth(target.signer))
    return schema


def fuzz_operation(target: FuzzTarget, operation: Any, examples: int, mode: GenerationMode) -> FuzzOutcome:
    outcome = FuzzOutcome(target.signer.spec.api, operation.label, operation.definition.raw["operationId"])
    checks = [*SCHEMATHESIS_CHECKS, crash_check(target.probe)]
    call_options: dict[str, Any] = {} if target.app is not None else {"base_url": target.base_url}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(suite_settings(examples))
    def exercise(case: Any) -> None:
        target.probe()
        outcome.calls += 1
        response = case.call(**call_options)
        case.validate_response(response, checks=checks)

    try:
        exercise()
    except NotSent as missing:
        outcome.skipped = f"not sent: {missing}"
    except (Exception, BaseExceptionGroup) as failure:  # schemathesis reports failures as exception groups
        outcome.failures.append(f"{type(failure).__name__}: {str(failure)[:2000]}")
    return outcome


def fuzz_api(
    target: FuzzTarget,
    examples: int,
    mode: GenerationMode = GenerationMode.POSITIVE,
    skip: Callable[[str], str | None] = lambda endpoint_id: None,
) -> list[FuzzOutcome]:
    """Every operation of the export; ``skip`` names why an endpoint (by id) is left out, if it is."""
    schema = load_schema(target)
    outcomes = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operation_id = operation.definition.raw["operationId"]
        reason = skip(operation_id.split("__")[0])
        if reason is not None:
            outcomes.append(FuzzOutcome(target.signer.spec.api, operation.label, operation_id, skipped=reason))
            continue
        outcomes.append(fuzz_operation(target, operation, examples, mode))
    return outcomes
