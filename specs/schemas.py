"""JSON Schema for responses, derived from the spec: used by the OpenAPI export and by validation."""

from __future__ import annotations

import re
from typing import Any

from solarfakes.specs.model import Envelope, FieldSchema
from solarfakes.specs.timeformats import TIME_FORMATS

# The export describes real moments only, so tools that generate values from it (schemathesis, Prism)
# make dates the simulator takes: years 1900 to 2199 (timeformats.parse_moment's range), real months,
# days that exist in their month (29 February in leap years only) and real times. The simulator's own
# check is the layout (timeformats.regex_for) and then parse_moment: an impossible date in the right
# layout gets the vendor's code for it.
YEAR = r"(?:19|20|21)\d{2}"
LEAP_YEAR = r"(?:(?:19|20|21)(?:[02468][48]|[13579][26]|[2468]0)|2000)"
# An offset as timeformats.write_moment writes one: Z at zero, else +HH:MM under a day.
OFFSET = r"(?:Z|[+-](?:0[1-9]|1\d|2[0-3]):[0-5]\d|[+-]00:(?:0[1-9]|[1-5]\d))"
PARTS = {"%Y": YEAR, "%m": r"(?:0[1-9]|1[0-2])", "%H": r"(?:[01]\d|2[0-3])", "%M": r"[0-5]\d", "%S": r"[0-5]\d",
         "%z": OFFSET}  # fmt: skip
# JSON Schema's own formats (RFC 3339): only a full date has no offset, so only it carries one.
JSON_SCHEMA_FORMATS = {"%Y-%m-%d": "date"}


def real_date(sep: str) -> str:
    """Year, month and day joined by ``sep`` (already a regular expression), each day in its month."""
    day31, day30, day28 = r"(?:0[1-9]|[12]\d|3[01])", r"(?:0[1-9]|[12]\d|30)", r"(?:0[1-9]|1\d|2[0-8])"
    months = f"(?:0[13578]|1[02]){sep}{day31}|(?:0[469]|11){sep}{day30}|02{sep}{day28}"
    return f"(?:{YEAR}{sep}(?:{months})|{LEAP_YEAR}{sep}02{sep}29)"


def moment_schema(fmt: str) -> dict[str, Any]:
    """``pattern`` (and ``format``, where JSON Schema has one) for values in the spec format ``fmt``."""
    layout = TIME_FORMATS.get(fmt)
    if layout is None:
        return {}
    out = re.escape(layout)
    for sep in ("-", "/", ""):
        out = out.replace(re.escape(f"%Y{sep}%m{sep}%d"), real_date(re.escape(sep)))
    for directive, regex in PARTS.items():
        out = out.replace(re.escape(directive), regex)
    assert "%" not in out, f"{fmt}: a directive without a pattern"
    schema = {"pattern": f"^{out}$"}
    if layout in JSON_SCHEMA_FORMATS:
        schema["format"] = JSON_SCHEMA_FORMATS[layout]
    return schema


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
        if "string" in types:
            out.update(moment_schema(schema.format))  # JSON Schema applies both to strings only
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
