"""The compiled conformer answers exactly what the per-value rules answered (kept here as the reference),
for every response schema of every spec and profile, on values of every kind a handler returns."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core.shape import (
    JAVA_DATE_KEYS,
    conform,
    format_time,
    java_date,
    number_text,
    types_of,
)
from solarfakes.simulators.vendors import served_apis
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import FieldSchema, JsonType
from solarfakes.specs.timeformats import TIME_FORMATS


def reference(value: Any, schema: FieldSchema | None) -> Any:
    """``conform`` as it was before it was compiled: every rule decided anew per value."""
    if schema is None or value is None:
        return value
    types: list[JsonType] = [t for t in types_of(schema) if t != "null"] or ["null"]
    first = types[0]
    if isinstance(value, datetime | date):
        if "object" in types and schema.properties and schema.properties.keys() >= JAVA_DATE_KEYS:
            moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            return java_date(moment)
        if first in ("integer", "number") and schema.format in TIME_FORMATS:
            return int(format_time(value, schema.format))
        if first in ("integer", "number"):
            moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            return int(moment.timestamp() * 1000)
        return format_time(value, schema.format)
    if isinstance(value, dict):
        properties = schema.properties or {}
        return {key: reference(item, properties.get(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [reference(item, schema.items) for item in value]
    if isinstance(value, bool):
        if first == "integer" and "boolean" not in types:
            return int(value)
        if first == "string" and "boolean" not in types:
            return "true" if value else "false"
        return value
    if isinstance(value, int | float):
        if first == "string":
            return number_text(value)
        if first == "integer" and "number" not in types:
            return round(value)
        if first == "number" and "integer" not in types:
            return float(value)
        return value
    if isinstance(value, str) and first in ("integer", "number") and "string" not in types:
        try:
            number = float(value)
        except ValueError:
            return value
        return round(number) if first == "integer" else number
    return value


def schemas() -> list[FieldSchema]:
    found: list[FieldSchema] = []
    for api in served_apis():
        for profile in ("observed", "documented"):
            spec = load_spec(api, profile)
            found += [e.response.schema_ for e in spec.endpoints if e.response.schema_ is not None]
    return found


SCHEMAS = schemas()
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "12", "3.5", "-7", "1e3", "abc", "0"]),
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from([UTC, None])
    ),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.tuples(st.integers()),
)


def value_for(schema: FieldSchema | None, draw: Any, depth: int = 0) -> Any:
    """A value shaped like ``schema`` (its own keys, with a stranger), or any leaf."""
    if schema is not None and depth < 4 and schema.properties and draw(st.booleans()):
        value = {key: value_for(child, draw, depth + 1) for key, child in schema.properties.items()}
        value["unlisted"] = draw(LEAVES)
        return value
    if schema is not None and depth < 4 and schema.items is not None and draw(st.booleans()):
        return [value_for(schema.items, draw, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    return draw(LEAVES)


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def outcome(schema: FieldSchema, value: Any, compiled: bool) -> Any:
    """The conformed value, or the error's type (an integer typed with a non-digit format refuses alike)."""
    try:
        return conform(value, schema) if compiled else reference(value, schema)
    except ValueError as exc:
        return type(exc).__name__


def test_specs_have_response_schemas() -> None:
    assert len(SCHEMAS) > 50


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_compiled_conform_matches_the_per_value_rules(data: st.DataObject) -> None:
    schema = data.draw(st.sampled_from(SCHEMAS))
    value = value_for(schema, data.draw)
    assert same(conform(value, schema), reference(value, schema))


VALUES = [True, False, 3, 2.5, -0.0, "4.6", "x", date(2026, 6, 21), datetime(2026, 6, 21, 12, 5, 7, 300_000)]
VALUES.append(datetime(2026, 3, 29, 1, 0, tzinfo=timezone(timedelta(hours=2))))
KINDS: list[list[JsonType]] = [["string"], ["integer"], ["number"], ["boolean"], ["integer", "null"], ["object"]]
KINDS += [["number", "integer"], ["integer", "string"], ["string", "number"], ["null"], ["integer", "boolean"]]
KINDS.append(["string", "boolean"])


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("kinds", KINDS)
@pytest.mark.parametrize(
    "fmt", [None, "yyyy-MM-dd HH:mm:ss.S", "yyyy-MM-dd", "yyyyMMddHHmmss", "yyyy-MM-dd'T'HH:mm:ssXXX"]
)
def test_every_type_rule_matches(value: Any, kinds: list[JsonType], fmt: str | None) -> None:
    schema = FieldSchema(type=kinds, format=fmt)
    assert same(outcome(schema, value, True), outcome(schema, value, False))
    nested = FieldSchema(type="object", properties={"a": schema}, items=schema)
    assert same(outcome(nested, {"a": value, "b": value}, True), outcome(nested, {"a": value, "b": value}, False))
    listed = FieldSchema(type="array", items=schema)
    assert same(outcome(listed, [value, None, [value]], True), outcome(listed, [value, None, [value]], False))


def test_java_dates_conform_alike() -> None:
    java = FieldSchema(type="object", properties={k: FieldSchema(type="integer") for k in JAVA_DATE_KEYS})
    moment = datetime(2026, 6, 21, 12, 0, tzinfo=UTC)
    for value in (moment, moment.date()):
        assert same(conform(value, java), reference(value, java))
        assert conform(value, java)["year"] == 126
