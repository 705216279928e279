"""Dates and times in the OpenAPI export are real ones: the pattern of every spec time format takes
exactly the values the simulator takes, and a tool that generates from the export makes only those."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from solarfakes.specs import API_IDS, load_spec
from solarfakes.specs.openapi import export_openapi
from solarfakes.specs.schemas import moment_schema
from solarfakes.specs.timeformats import TIME_FORMATS, parse_moment

YEARS = ["0000", "1899", "1900", "1904", "1999", "2000", "2023", "2024", "2096", "2100", "2104", "2199", "2200"]
TIMES = {"%H": [f"{h:02d}" for h in range(25)], "%M": ["00", "30", "59", "60"], "%S": ["00", "59", "60", "61"]}


def render(layout: str, values: dict[str, str]) -> str:
    for directive, value in values.items():
        layout = layout.replace(directive, value)
    return layout


# Offsets as Java's XXX writes them (Z at zero) and as it never does (+00:00, +0800, a day or more).
OFFSETS = ("Z", "+08:00", "-05:30", "+00:30", "-00:45", "+23:59", "+00:00", "-00:00", "+24:00", "+0800", "+08:60", "z")


def candidates(layout: str) -> set[str]:
    """Every year, month and day from impossible to real around the edges (leap years, the range's ends)
    at a real time, and every hour, minute and second around their edges on a real date."""
    dates = itertools.product(YEARS, [f"{m:02d}" for m in range(14)], [f"{d:02d}" for d in range(33)])
    clock = {"%H": "12", "%M": "34", "%S": "56", "%z": "+08:00"}
    found = {render(layout, {"%Y": y, "%m": m, "%d": d} | clock) for y, m, d in dates}
    for h, mi, s in itertools.product(*TIMES.values()):
        found.add(render(layout, {"%Y": "2024", "%m": "02", "%d": "29", "%H": h, "%M": mi, "%S": s, "%z": "Z"}))
    for offset in OFFSETS:
        found.add(render(layout, {"%Y": "2024", "%m": "02", "%d": "29"} | clock | {"%z": offset}))
    return found


@pytest.mark.parametrize("fmt", sorted(TIME_FORMATS))
def test_the_exported_pattern_takes_exactly_what_the_simulator_takes(fmt: str) -> None:
    pattern = re.compile(moment_schema(fmt)["pattern"])
    values = candidates(TIME_FORMATS[fmt])
    differ = sorted(v for v in values if (pattern.fullmatch(v) is not None) != (parse_moment(v, fmt) is not None))
    assert not differ, f"{fmt}: the pattern and the simulator disagree on {differ[:10]}"
    assert any(parse_moment(v, fmt) is not None for v in values)


def test_a_full_date_carries_json_schemas_date_format_and_others_do_not() -> None:
    assert moment_schema("date")["format"] == "date"
    assert moment_schema("yyyy-MM-dd")["format"] == "date"
    assert "format" not in moment_schema("datetime")  # JSON Schema's date-time needs an offset
    assert "format" not in moment_schema("yyyyMMdd")
    assert moment_schema("no such format") == {}


def date_params(document: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(path, method, name, schema) of every query parameter the export declares a full date."""
    return [
        (path, method, param["name"], param["schema"])
        for path, item in document["paths"].items()
        for method, op in item.items()
        for param in op.get("parameters", [])
        if param["in"] == "query" and param["schema"].get("format") == "date"
    ]


def test_the_export_refuses_impossible_dates_in_its_date_parameters() -> None:
    found = [p for api in API_IDS for p in date_params(export_openapi(load_spec(api, "observed"), "observed"))]
    assert found, "some served API has a date query parameter"
    for path, _, name, schema in found:
        pattern = re.compile(schema["pattern"])
        assert not pattern.fullmatch("0000-00-00"), (path, name)
        assert not pattern.fullmatch("2023-02-29"), (path, name)
        assert pattern.fullmatch("2024-02-29"), (path, name)


def test_schemathesis_generates_only_real_dates() -> None:
    """What the issue saw: a schema-valid 0000-00-00 refused. Generated from the export, a date is real."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    api = next(a for a in API_IDS if date_params(export_openapi(load_spec(a, "observed"), "observed")))
    document = export_openapi(load_spec(api, "observed"), "observed")
    path, method, name, _ = date_params(document)[0]
    operation = schemathesis.openapi.from_dict(document)[path][method.upper()]
    drawn: list[str] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def generate(case: Any) -> None:
        if case.query and name in case.query:
            drawn.append(case.query[name])

    generate()
    assert drawn, f"schemathesis drew no {name} for {method.upper()} {path}"
    assert all(parse_moment(value, "date") is not None for value in drawn), drawn
