"""JSON Schema for responses, derived from the spec: used by the OpenAPI export and by validation."""

from __future__ import annotations

from typing import Any

from solarfakes.specs.model import Envelope, FieldSchema
from solarfakes.specs.timeformats import regex_for

PLACEHOLDER_SCHEMAS: dict[str, dict[str, Any]] = {
    "$message": {"type": ["string", "null"]},
    "$serial": {"type": "string"},
    "$timestamp": {"type": ["string", "integer"]},
    "$path": {"type": "string"},
}


def field_schema(schema: FieldSchema, inherited_source: str) -> dict[str, Any]:
    source = schema.source or inherited_source
    types = schema.type if isinstance(schema.type, list) else [schema.type]
    out: dict[str, Any] = {"type": types[0] if len(types) == 1 else list(types), "x-source": source}
    if schema.description:
        out["description"] = schema.description
    if schema.format:
        out["x-format"] = schema.format
        layout = regex_for(schema.format)
        if layout and "string" in types:
            out["pattern"] = layout  # JSON Schema applies it to strings only
    if schema.unit:
        out["x-unit"] = schema.unit
    if schema.enum is not None:
        out["enum"] = schema.enum
    if schema.minimum is not None:
        out["minimum"] = schema.minimum
    if schema.maximum is not None:
        out["maximum"] = schema.maximum
    if schema.properties is not None:
        out["properties"] = {name: field_schema(sub, source) for name, sub in schema.properties.items()}
        out["additionalProperties"] = schema.additional
    if schema.required:
        out["required"] = list(schema.required)
    if schema.items is not None:
        out["items"] = field_schema(schema.items, source)
    return out


def code_schema(envelope: Envelope, codes: list[int | str] | None) -> dict[str, Any]:
    if codes is None:
        return {"const": typed_code(envelope, envelope.success_code)}
    return {"enum": sorted({typed_code(envelope, c) for c in codes}, key=str)}


def typed_code(envelope: Envelope, code: int | str) -> int | str:
    """Codes as the vendor types them: iSolarCloud sends strings, most others integers."""
    if envelope.code_type == "string":
        return str(code)
    try:
        return int(code)
    except (TypeError, ValueError):
        return str(code)


def envelope_schema(
    template: dict[str, Any],
    envelope: Envelope,
    payload: dict[str, Any] | None,
    codes: list[int | str] | None,
) -> dict[str, Any]:
    """Schema of a body built from ``template``; payload None means an error body."""
    properties: dict[str, Any] = {}
    merged: list[dict[str, Any]] = []
    for key, value in template.items():
        if key == "$merge":
            if payload is not None:
                merged.append(payload)
            continue
        properties[key] = value_schema(value, envelope, payload, codes)
    body: dict[str, Any] = {"type": "object", "properties": properties, "required": list(properties)}
    if merged:
        # additionalProperties sees only its own object's properties: a closed payload spread beside the
        # envelope's keys (ras/v2 Login) must list them too.
        opened = [
            {**m, "properties": dict.fromkeys(properties, True) | m["properties"]}
            if m.get("additionalProperties") is False and "properties" in m
            else m
            for m in merged
        ]
        return {"allOf": [body, *opened]}
    return body


def value_schema(
    value: Any, envelope: Envelope, payload: dict[str, Any] | None, codes: list[int | str] | None
) -> dict[str, Any]:
    if value == "$payload":
        return payload if payload is not None else {}
    if value == "$code":
        return code_schema(envelope, codes)
    if isinstance(value, str) and value in PLACEHOLDER_SCHEMAS:
        return PLACEHOLDER_SCHEMAS[value]
    if isinstance(value, str) and value.startswith("$"):
        return {}
    if isinstance(value, dict):
        return envelope_schema(value, envelope, payload, codes)
    return {"const": value}
