"""The envelope step: render the vendor's success or error body from the spec's templates."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Endpoint, Envelope, EnvelopeShape, Spec
from solarfakes.specs.schemas import typed_code


def render(template: Any, values: dict[str, Any]) -> Any:
    """``template`` (a spec's envelope or error body) with its ``$names`` filled from ``values``; a
    ``$merge`` key's dict is merged into its parent, and a name without a value stays as written."""
    return compiled_render(template)(values)


CONSTANT, PLACEHOLDER, NESTED = 0, 1, 2


@per_object(1024)
def compiled_render(template: Any) -> Callable[[dict[str, Any]], Any]:
    """``render`` of ``template`` as a function of the values, its walk decided once per template: an
    envelope is rendered on every call."""
    return compile_render(template)


def compile_render(template: Any) -> Callable[[dict[str, Any]], Any]:
    if isinstance(template, dict):
        parts = [(key, *compile_part(value)) for key, value in template.items()]

        def render_dict(values: dict[str, Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, kind, part in parts:
                value = part if kind == CONSTANT else values.get(part, part) if kind == PLACEHOLDER else part(values)
                if key == "$merge":
                    if isinstance(value, dict):
                        out.update(value)
                    continue
                out[key] = value
            return out

        return render_dict
    if isinstance(template, list):
        items = [compile_render(item) for item in template]
        return lambda values: [item(values) for item in items]
    if isinstance(template, str) and template.startswith("$"):
        return lambda values: values.get(template, template)
    return lambda values: template


def compile_part(value: Any) -> tuple[int, Any]:
    if isinstance(value, dict | list):
        return NESTED, compile_render(value)
    if isinstance(value, str) and value.startswith("$"):
        return PLACEHOLDER, value
    return CONSTANT, value


def envelope_of(spec: Spec, endpoint: Endpoint | None) -> Envelope:
    if endpoint is not None and endpoint.envelope is not None:
        return endpoint.envelope
    return spec.envelope


def error_message(spec: Spec, endpoint: Endpoint | None, code: int | str) -> str:
    if endpoint is not None:
        for ref in endpoint.errors:
            if str(ref.code) == str(code) and ref.message:
                return ref.message
    try:
        return spec.error(code).message
    except KeyError:
        return ""


def http_status_of(spec: Spec, shape: EnvelopeShape, code: int | str) -> int:
    try:
        return spec.error(code).http_status
    except KeyError:
        return shape.http_status


# Serials only need to differ (a uuid4 per call cost a system call); nothing else reads this generator.
_serials = random.Random()


def new_serial(now: datetime) -> str:
    """A request serial as iSolarCloud writes them: yyyyMMdd and 24 hex digits."""
    return f"{now.year:04d}{now.month:02d}{now.day:02d}{_serials.getrandbits(96):024x}"


@lru_cache(maxsize=8)
def second_text(whole: int) -> str:
    return datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S.")


def timestamp_text(now: datetime) -> str:
    """``2026-08-04T10:43:44.424+00:00`` (UTC); the part up to the second is formatted once per second."""
    return f"{second_text(int(now.timestamp()))}{now.microsecond // 1000:03d}+00:00"


def base_values(path: str, now: datetime, serial: str) -> dict[str, Any]:
    return {"$serial": serial, "$timestamp": timestamp_text(now), "$path": path}


def placeholders(template: Any) -> frozenset[str]:
    """The ``$names`` a template may take from its values."""
    if isinstance(template, str):
        return frozenset({template}) if template.startswith("$") else frozenset()
    if isinstance(template, dict):
        return frozenset().union(*(placeholders(v) for v in template.values()))
    if isinstance(template, list):
        return frozenset().union(*(placeholders(v) for v in template))
    return frozenset()


template_names = per_object()(placeholders)  # each success template's placeholders


def merged_names(template: Any) -> frozenset[str]:
    """The ``$names`` a template merges into a dict (``$merge``) rather than places as a value."""
    if isinstance(template, dict):
        found = frozenset().union(*(merged_names(v) for v in template.values()))
        merged = template.get("$merge")
        return found | placeholders(merged) if merged is not None else found
    if isinstance(template, list):
        return frozenset().union(*(merged_names(v) for v in template))
    return frozenset()


def payload_placed(spec: Spec, endpoint: Endpoint) -> bool:
    """Whether the success envelope places ``$payload`` as a value (so it may be ``Encoded`` JSON), not
    merges its keys into the body (Growatt's documented profile), which needs it as a dict."""
    return places_payload(envelope_of(spec, endpoint).success.body)


@per_object()
def places_payload(template: Any) -> bool:
    return "$payload" not in merged_names(template)


def error_body(
    spec: Spec,
    endpoint: Endpoint | None,
    code: int | str,
    message: str | None,
    path: str,
    now: datetime,
    serial: str,
) -> tuple[int, Any]:
    envelope = envelope_of(spec, endpoint)
    values = base_values(path, now, serial) | {
        "$payload": None,
        "$code": typed_code(envelope, code),
        "$message": message if message is not None else error_message(spec, endpoint, code),
    }
    return http_status_of(spec, envelope.error, code), render(envelope.error.body, values)
