"""Check a response body against the spec: the vendor's envelope around the endpoint's payload schema."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jsonschema

from specs import Spec, load_spec
from specs.model import Profile
from specs.schemas import envelope_schema, field_schema


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


def violations(schema: dict[str, Any], body: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"at {'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
    ]


def unfilled_placeholders(body: Any) -> list[str]:
    """Envelope template placeholders ("$device_sn") that reached the wire unfilled."""
    if isinstance(body, str):
        return [body] if re.fullmatch(r"\$[a-z_]+", body, re.IGNORECASE) else []
    if isinstance(body, dict):
        return [p for value in body.values() for p in unfilled_placeholders(value)]
    if isinstance(body, list):
        return [p for value in body for p in unfilled_placeholders(value)]
    return []


def check_success(spec: Spec, profile: Profile, endpoint_id: str, body: Any) -> None:
    found = violations(success_schema(spec.api, profile, endpoint_id), body)
    found += [f"unfilled placeholder {p}" for p in unfilled_placeholders(body)]
    if found:
        raise ContractViolation(f"{spec.api} {endpoint_id} ({profile}): " + "; ".join(found[:5]))


def check_error(spec: Spec, profile: Profile, endpoint_id: str | None, body: Any) -> None:
    found = violations(error_schema(spec.api, profile, endpoint_id), body)
    if found:
        raise ContractViolation(f"{spec.api} {endpoint_id} error ({profile}): " + "; ".join(found[:5]))
