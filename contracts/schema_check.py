"""Check a response body against the spec: the vendor's envelope around the endpoint's payload schema."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema

from solarfakes.specs import Spec, load_spec
from solarfakes.specs.model import Profile
from solarfakes.specs.schemas import envelope_schema, field_schema


class ContractViolation(AssertionError):
    """A response that does not match the spec; the message says where and how."""


@cache
def success_schema(api: str, profile: Profile, endpoint_id: str) -> dict[str, Any]:
    spec = load_spec(api, profile)
    endpoint = spec.endpoint(endpoint_id)
    envelope = endpoint.envelope or spec.envelope
    payload = field_schema(endpoint.response.schema_, endpoint.response.source)
    return envelope_schema(envelope.success.body, envelope, payload=payload, codes=None)


@cache
def error_schema(api: str, profile: Profile, endpoint_id: str | None) -> dict[str, Any]:
    spec = load_spec(api, profile)
    endpoint = spec.endpoint(endpoint_id) if endpoint_id else None
    envelope = (endpoint.envelope if endpoint else None) or spec.envelope
    return envelope_schema(envelope.error.body, envelope, payload=None, codes=[e.code for e in spec.errors])


@dataclass(frozen=True)
class Difference:
    """Where a body leaves the spec: the field, what the spec says there, what the server sent."""

    field: str
    rule: str
    spec: Any
    server: Any

    def describe(self) -> str:
        return f"{self.field}: spec {self.rule} {self.spec!r}, server sent {self.server!r}"


@cache
def compiled(api: str, profile: Profile, endpoint_id: str | None, kind: str) -> jsonschema.Draft202012Validator:
    """The validator of one endpoint's success (or error) body, compiled once per process."""
    if kind == "success":
        assert endpoint_id is not None
        return jsonschema.Draft202012Validator(success_schema(api, profile, endpoint_id))
    return jsonschema.Draft202012Validator(error_schema(api, profile, endpoint_id))


def differences(validator: jsonschema.Draft202012Validator, body: Any) -> list[Difference]:
    found = sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
    return [
        Difference("/".join(map(str, e.absolute_path)) or "(body)", str(e.validator), e.validator_value, e.instance)
        for e in found
    ]


def violations(schema: dict[str, Any], body: Any) -> list[str]:
    return messages(jsonschema.Draft202012Validator(schema), body)


def messages(validator: jsonschema.Draft202012Validator, body: Any) -> list[str]:
    return [
        f"at {'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
    ]


def unfilled_placeholders(template: Any, body: Any) -> list[str]:
    """Envelope placeholders ("$device_sn") that reached the wire as themselves; payload values,
    which may hold any text a client stored, are not looked at."""
    if isinstance(template, str) and template.startswith("$") and template not in ("$payload", "$merge"):
        return [template] if body == template else []
    if isinstance(template, dict) and isinstance(body, dict):
        return [p for key, sub in template.items() if key in body for p in unfilled_placeholders(sub, body[key])]
    return []


def check_success(spec: Spec, profile: Profile, endpoint_id: str, body: Any) -> None:
    found = messages(compiled(spec.api, profile, endpoint_id, "success"), body)
    endpoint = spec.endpoint(endpoint_id)
    template = (endpoint.envelope or spec.envelope).success.body
    found += [f"unfilled placeholder {p}" for p in unfilled_placeholders(template, body)]
    if found:
        raise ContractViolation(f"{spec.api} {endpoint_id} ({profile}): " + "; ".join(found[:5]))


def check_error(spec: Spec, profile: Profile, endpoint_id: str | None, body: Any) -> None:
    found = messages(compiled(spec.api, profile, endpoint_id, "error"), body)
    if found:
        raise ContractViolation(f"{spec.api} {endpoint_id} error ({profile}): " + "; ".join(found[:5]))
