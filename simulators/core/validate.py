"""The validate step: parameters against the spec (required, type, format, range, enum, rules)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import HttpAnswer, VendorError
from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Endpoint, FieldSchema, Param, Rule, SettingValue, Spec
from solarfakes.specs.timeformats import TIME_FORMATS, parse_moment, regex_for


@lru_cache(maxsize=256)
def spec_pattern(pattern: str) -> re.Pattern[str]:
    """A spec's pattern compiled once: ``re.fullmatch(text, ...)`` looks its text up in re's cache on every
    call (a spec has a few dozen patterns; the bound only guards against a stranger's)."""
    return re.compile(pattern)


# ``parse_moment``, remembered (it is pure and its datetimes immutable): a history call reads its few
# dates several times (their checks, its rules, the handler's as_date), at about 5 us a strptime. A
# client inventing dates only turns the least recent out.
moment_in = lru_cache(maxsize=1024)(parse_moment)


class Invalid(Exception):
    def __init__(self, param: Param | None, problem: str, code: int | str | None) -> None:
        self.param = param
        self.problem = problem
        self.code = code
        super().__init__(problem)


def is_empty(value: Any) -> bool:
    """Absent as far as 'required' goes; an empty list is a value (vendors tell the two apart)."""
    return value is None or (isinstance(value, str) and value.strip() == "")


def coerced(reader: Reader, value: Any) -> Any:
    """``value`` as the parameter's type, within its constraints."""
    param, invalid = reader.param, reader.invalid
    kind = param.type
    try:
        if kind == "integer":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            if isinstance(value, float):
                value = int(value)
            elif not isinstance(value, int):
                value = int(str(value).strip())
        elif kind == "number":
            if isinstance(value, bool):
                raise ValueError
            value = float(value)
            if not math.isfinite(value):
                raise ValueError
        elif kind == "boolean":
            if not isinstance(value, bool):
                text = str(value).lower()
                if text not in ("true", "false", "1", "0"):
                    raise ValueError
                value = text in ("true", "1")
        elif kind == "string":
            if isinstance(value, dict | list):
                raise ValueError
            value = str(value) if not isinstance(value, str) else value
        elif kind == "array":
            if isinstance(value, str):
                value = [part for part in value.split(",") if part]
            if not isinstance(value, list):
                raise ValueError
        elif kind == "object" and not isinstance(value, dict):
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON integer past the float range
        raise Invalid(param, f"{param.name} must be {kind}", invalid) from None
    if reader.constrained:
        check_constraints(param, value, invalid, reader.impossible)
    return value


@per_object()
def constrained(param: Param) -> bool:
    """Whether ``param`` has anything for ``check_constraints`` to check (most have none)."""
    limits = (param.enum, param.minimum, param.maximum, param.max_length, param.min_items, param.max_items, param.items)
    checks = any(v is not None for v in limits) or bool(param.pattern) or param.format in TIME_FORMATS
    return checks or param.type == "array"


def fits_layout(value: str, fmt: str) -> bool:
    layout = regex_for(fmt)
    return layout is not None and re.fullmatch(layout, value) is not None


def check_constraints(param: Param, value: Any, invalid: int | str | None, impossible: int | str | None = None) -> None:
    if param.enum is not None and value not in param.enum and str(value) not in map(str, param.enum):
        raise Invalid(param, f"{param.name} must be one of {param.enum}", invalid)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if param.minimum is not None and value < param.minimum:
            raise Invalid(param, f"{param.name} must be at least {param.minimum:g}", invalid)
        if param.maximum is not None and value > param.maximum:
            raise Invalid(param, f"{param.name} must be at most {param.maximum:g}", invalid)
    if isinstance(value, str):
        if param.max_length is not None and len(value) > param.max_length:
            raise Invalid(param, f"{param.name} is longer than {param.max_length}", invalid)
        if param.pattern and not spec_pattern(param.pattern).fullmatch(value):
            raise Invalid(param, f"{param.name} does not match {param.pattern}", invalid)
        if param.format in TIME_FORMATS and moment_in(value, param.format) is None:
            code = impossible if invalid is None and fits_layout(value, param.format) else invalid
            raise Invalid(param, f"{param.name} is not in the format {param.format}", code)
    if isinstance(value, list):
        if param.min_items is not None and len(value) < param.min_items:
            raise Invalid(param, f"{param.name} has fewer than {param.min_items} items", invalid)
        if param.max_items is not None and len(value) > param.max_items:
            raise Invalid(param, f"{param.name} has more than {param.max_items} items", invalid)
        for index, item in enumerate(value):
            problem = shape_problem(item, param.items) if param.items is not None else None
            if problem:
                raise Invalid(param, f"{param.name}[{index}]{problem}", invalid)


def outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def is_type(value: Any, kind: str) -> bool:
    """Whether ``value`` is of the JSON schema type ``kind``."""
    return TYPE_CHECKS[kind](value)


def shape_problem(value: Any, schema: FieldSchema) -> str | None:
    """Where and how ``value`` breaks ``schema`` (types, required keys, enum, range, time formats)."""
    # one type (as nearly every schema has) is checked without a loop over the types
    if not (
        is_type(value, schema.type) if isinstance(schema.type, str) else any(is_type(value, t) for t in schema.type)
    ):
        types = schema.type if isinstance(schema.type, list) else [schema.type]
        return f" must be {' or '.join(types)}"
    if schema.enum is not None and value not in schema.enum:
        return f" must be one of {schema.enum}"
    if is_type(value, "number") and outside(value, schema.minimum, schema.maximum):
        return f" must lie in {schema.minimum}..{schema.maximum}"
    if isinstance(value, str) and schema.format in TIME_FORMATS and moment_in(value, schema.format) is None:
        return f" is not in the format {schema.format}"
    if isinstance(value, dict):
        for key in schema.required or []:
            if key not in value:
                return f".{key} is required"
        for key, sub in (schema.properties or {}).items():
            if key in value and (problem := shape_problem(value[key], sub)):
                return f".{key}{problem}"
    if isinstance(value, list) and schema.items is not None:
        for index, item in enumerate(value):
            if problem := shape_problem(item, schema.items):
                return f"[{index}]{problem}"
    return None


def rule_applies(rule: Rule, args: dict[str, Any]) -> bool:
    return all(str(args.get(name)) == str(value) for name, value in (rule.when or {}).items())


def moment(param: Param, value: Any, args: dict[str, Any] | None = None) -> datetime | None:
    fmt = chosen_format(param, args or {})
    if isinstance(value, str) and fmt:
        return moment_in(value, fmt)
    return None


def chosen_format(param: Param, args: dict[str, Any]) -> str | None:
    """The param's date layout: the one its ``format_by`` picks for the chooser's value, else its own."""
    if param.format_by is not None:
        chooser = args.get(param.format_by.param)
        if chooser is not None and str(chooser) in param.format_by.formats:
            return param.format_by.formats[str(chooser)]
    return param.format


def check_chosen_formats(endpoint: Endpoint, args: dict[str, Any], spec: Spec) -> None:
    """Values whose layout another parameter chooses, checked once every parameter has been read."""
    for param in chosen_by_others(endpoint):
        value = args.get(param.name)
        if param.format_by is None or not isinstance(value, str):
            continue
        fmt = chosen_format(param, args)
        if fmt is not None and moment_in(value, fmt) is None:
            chooser = param.format_by.param
            problem = f"{param.name} is not in the format {fmt} that {chooser}={args.get(chooser)} asks for"
            raise Invalid(param, problem, param.invalid_error or spec.param_errors.get("invalid"))


@per_object()
def chosen_by_others(endpoint: Endpoint) -> list[Param]:
    """The parameters whose layout another parameter chooses (``format_by``), listed once per endpoint."""
    return [param for param in endpoint.params if param.format_by is not None]


def check_not_future(endpoint: Endpoint, rule: Rule, args: dict[str, Any], now: datetime) -> None:
    """A date (or month, year) may not begin after the current time on the rule's zone's clock."""
    zone = ZoneInfo(rule.timezone or "UTC")
    local_now = now.astimezone(zone).replace(tzinfo=None)
    params = params_of(endpoint)
    for name in rule.params:
        start = moment(params[name], args.get(name), args)
        if start is not None and start > local_now:
            problem = f"{name} {args[name]} is later than now ({local_now:%Y-%m-%d %H:%M} in {zone.key})"
            raise Invalid(params[name], problem, rule.error)


def check_rule(endpoint: Endpoint, rule: Rule, args: dict[str, Any], now: datetime | None = None) -> None:
    if rule.kind == "one_of_required" and not rule.when:  # the commonest rule, decided inline
        for name in rule.params:
            value = args.get(name)
            if not (value is None or (isinstance(value, str) and value.strip() == "")):  # is_empty, inline
                return
        raise Invalid(None, f"one of {', '.join(rule.params)} is required", rule.error)
    if not rule_applies(rule, args):
        return
    if rule.kind == "not_future":
        if now is not None:
            check_not_future(endpoint, rule, args, now)
        return
    params = params_of(endpoint)
    if rule.kind == "one_of_required":
        if all(is_empty(args.get(name)) for name in rule.params):
            raise Invalid(None, f"one of {', '.join(rule.params)} is required", rule.error)
        return
    if rule.kind == "depends":
        first, *rest = rule.params
        if not is_empty(args.get(first)) and any(is_empty(args.get(name)) for name in rest):
            raise Invalid(None, f"{first} needs {', '.join(rest)}", rule.error)
        return
    if rule.kind == "ordered" and not any(chosen_format(params[name], args) for name in rule.params):
        check_numeric_order(rule, args)
        return
    values = [moment(params[name], args.get(name), args) for name in rule.params]
    if rule.open_end == "now" and now is not None and is_empty(args.get(rule.params[-1])):
        values[-1] = now.astimezone(ZoneInfo(rule.timezone or "UTC")).replace(tzinfo=None)
    if rule.kind == "time_grid":
        for name, value in zip(rule.params, values, strict=True):
            if value is not None and rule.grid_minutes and (value.hour * 60 + value.minute) % rule.grid_minutes:
                raise Invalid(params[name], f"{name} must be on a {rule.grid_minutes}-minute grid", rule.error)
        return
    if len(values) < 2 or values[0] is None or values[1] is None:
        return
    start, end = values[0], values[1]
    if end < start:
        raise Invalid(None, f"{rule.params[1]} is before {rule.params[0]}", rule.error)
    if rule.kind == "max_span" and span_exceeded(rule, start, end):
        raise Invalid(None, f"{rule.params[0]}..{rule.params[1]} spans more than allowed", rule.error)


def check_numeric_order(rule: Rule, args: dict[str, Any]) -> None:
    """``[a, b, c, d]``: (c, d) may not be less than (a, b); values that are not numbers are left to others."""
    try:
        numbers = [float(args[name]) for name in rule.params]
    except (KeyError, TypeError, ValueError):
        return
    half = len(numbers) // 2
    if numbers[half:] < numbers[:half]:
        raise Invalid(None, f"{', '.join(rule.params[half:])} is before {', '.join(rule.params[:half])}", rule.error)


def check_settings(endpoint: Endpoint, args: dict[str, Any]) -> None:
    """The parameter-setting table: the selected row must exist and its values fit their ranges."""
    if endpoint.setting_selector is None or not endpoint.settings:
        return
    chosen = str(args.get(endpoint.setting_selector, ""))
    row = next((s for s in endpoint.settings if s.id == chosen), None)
    if row is None:
        raise Invalid(
            None,
            f"{endpoint.setting_selector} {chosen!r} is not a known setting",
            endpoint.unknown_setting_error,
        )
    params = params_of(endpoint)
    for slot in row.values:
        value = args.get(slot.param)
        if is_empty(value):
            if slot.required:
                missing = params[slot.param].missing_error if slot.param in params else None
                raise Invalid(None, f"{slot.param} is empty for {row.id}", missing or endpoint.out_of_range_error)
            continue
        check_setting_value(endpoint, row.id, slot, str(value).strip())
    if row.registers:
        address = str(args.get(row.values[0].param, "")).strip()
        register = row.registers.get(address)
        if register is None:
            raise Invalid(None, f"register {address!r} may not be written", endpoint.out_of_range_error)
        check_setting_value(endpoint, row.id, register, str(args.get(register.param, "")).strip())


def check_setting_value(endpoint: Endpoint, row: str, slot: SettingValue, value: str) -> None:
    out_of_range = endpoint.out_of_range_error
    if slot.format in TIME_FORMATS and moment_in(value, slot.format) is None:
        raise Invalid(None, f"{slot.param} of {row} is not {slot.format}", endpoint.format_error or out_of_range)
    if slot.enum is not None and value not in [str(v) for v in slot.enum]:
        raise Invalid(None, f"{slot.param} of {row} must be one of {slot.enum}", out_of_range)
    if slot.pattern and not spec_pattern(slot.pattern).fullmatch(value):
        raise Invalid(None, f"{slot.param} of {row} does not match {slot.pattern}", out_of_range)
    if slot.type in ("integer", "number"):
        try:
            number = int(value) if slot.type == "integer" else float(value)
        except ValueError:
            raise Invalid(None, f"{slot.param} of {row} must be a {slot.type}", out_of_range) from None
        if (slot.minimum is not None and number < slot.minimum) or (slot.maximum is not None and number > slot.maximum):
            raise Invalid(None, f"{slot.param} of {row} is outside {slot.minimum}..{slot.maximum}", out_of_range)


def span_exceeded(rule: Rule, start: datetime, end: datetime) -> bool:
    elapsed = timedelta(days=(end.date() - start.date()).days) if rule.calendar else end - start
    if rule.max_days is not None and elapsed > timedelta(days=rule.max_days):
        return True
    months = (end.year - start.year) * 12 + end.month - start.month
    if rule.max_months is not None and months > rule.max_months:
        return True
    return rule.max_years is not None and end.year - start.year > rule.max_years


def validate(call: Call, spec: Spec) -> dict[str, Any]:
    """Typed arguments of the call; raises VendorError (or HttpAnswer where the vendor has no code)."""
    assert call.endpoint is not None
    endpoint = call.endpoint
    try:
        args = collect(call, spec, endpoint)
        if chosen_by_others(endpoint):  # the checks below, called only where they have work
            check_chosen_formats(endpoint, args, spec)
        if endpoint.setting_selector is not None:
            check_settings(endpoint, args)
        for rule in endpoint.rules:
            check_rule(endpoint, rule, args, call.now)
        if endpoint.pagination is not None:
            check_pagination(endpoint, args)
    except Invalid as exc:
        if exc.code is None:
            raise HttpAnswer(
                400, {"solarfakes_error": exc.problem, "note": "the vendor documents no code for this"}
            ) from None
        raise VendorError(exc.code, check="validate", diagnostics={"problem": exc.problem}) from None
    return args


def collect(call: Call, spec: Spec, endpoint: Endpoint) -> dict[str, Any]:
    args: dict[str, Any] = {}
    query = call.query
    body = call.body if isinstance(call.body, dict) else NO_BODY
    sources = (query, body)  # by a row's ``source``: call.raw_param, inline for the query and the body
    for name, source, location, or_query, required, default, plain_text, quick, reader in readers_of(endpoint, spec):
        value = sources[source].get(name) if source is not None else call.raw_param(name, location)
        if value is None and or_query:
            value = query.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):  # is_empty, inline
            if required:
                raise Invalid(reader.param, f"{name} is required", reader.missing)
            if default is not None:
                args[name] = default
            continue
        if plain_text and type(value) is str:
            args[name] = value  # what ``coerced`` makes of a text for an unconstrained string parameter
            continue
        args[name] = value if quick is not None and quick(value) else coerced(reader, value)
    return args


@dataclass(frozen=True)
class Reader:
    """What ``collect`` settles about one parameter before any call: whether the query stands in for a
    missing form or body value, its errors when missing, malformed or an impossible date, and whether it
    has constraints to check."""

    param: Param
    or_query: bool
    missing: int | str | None
    invalid: int | str | None
    impossible: int | str | None
    constrained: bool
    plain_text: bool  # a string parameter with nothing to check: a text is taken as it is
    # Whether a value passes ``coerced`` as it is, decided without its walk through every type and
    # constraint for the common shapes of parameter (see ``quick_check``); None: always ask ``coerced``.
    quick: Callable[[Any], bool] | None = None


def reader_of(param: Param, spec: Spec) -> Reader:
    invalid = param.invalid_error or spec.param_errors.get("invalid")
    # A date of the right layout that no calendar has (0000-00-00) fits the exported schema: it gets the
    # API's parameter error, even where the API has none for a malformed value.
    impossible = invalid if invalid is not None else spec.param_errors.get("missing")
    missing = param.missing_error or spec.param_errors.get("missing")
    checked = constrained(param)
    plain_text = param.type == "string" and not checked
    or_query = param.location in ("form", "body")
    return Reader(param, or_query, missing, invalid, impossible, checked, plain_text, quick_check(param))


def quick_check(param: Param) -> Callable[[Any], bool] | None:
    """A test that a value is one ``coerced`` returns unchanged and unrefused: a text within a string
    parameter's length and pattern (and a date of its layout, ``moment_in`` remembering it), an integer
    within its range, a list of texts within an array of strings' bounds. A value it does not pass goes
    through ``coerced`` (which decides)."""
    if param.enum is not None:
        return None
    kind = param.type
    if kind == "string":
        longest = param.max_length
        pattern = spec_pattern(param.pattern) if param.pattern else None
        layout = param.format if param.format in TIME_FORMATS else None

        def text_fits(value: Any) -> bool:
            return (
                type(value) is str
                and (longest is None or len(value) <= longest)
                and (pattern is None or pattern.fullmatch(value) is not None)
                and (layout is None or moment_in(value, layout) is not None)
            )

        return text_fits
    if kind == "integer":
        low, high = param.minimum, param.maximum

        def integer_fits(value: Any) -> bool:
            return type(value) is int and (low is None or value >= low) and (high is None or value <= high)

        return integer_fits
    if kind == "array":
        items, fewest, most = param.items, param.min_items, param.max_items
        if items is None or (items.type == "string" and items.enum is None and items.format not in TIME_FORMATS):

            def texts_fit(value: Any) -> bool:
                return (
                    type(value) is list
                    and (fewest is None or len(value) >= fewest)
                    and (most is None or len(value) <= most)
                    and all(type(item) is str for item in value)
                )

            return texts_fit
    return None


# What ``collect`` reads of a parameter, unpacked in one step: its name, where its value is read (0: the
# query, 1: the body, None: ``raw_param`` at its location), its location, whether the query stands in,
# whether it is required, its default, plain_text and quick (see Reader), and its Reader.
ReaderRow = tuple[str, int | None, str, bool, bool, Any, bool, Callable[[Any], bool] | None, Reader]
SOURCES = {"query": 0, "form": 1, "body": 1}
NO_BODY: dict[str, Any] = {}  # only read
# By endpoint identity, each kept with its endpoint and spec (per_object takes one object; a reader also
# reads the spec's parameter errors): specs are cached, so a few hundred at most.
READERS: dict[int, tuple[Endpoint, Spec, list[ReaderRow]]] = {}


def readers_of(endpoint: Endpoint, spec: Spec) -> list[ReaderRow]:
    found = READERS.get(id(endpoint))
    if found is None or found[0] is not endpoint or found[1] is not spec:
        readers = [reader_of(param, spec) for param in endpoint.params]
        rows: list[ReaderRow] = [
            (name, SOURCES.get(where), where, r.or_query, r.param.required, r.param.default, r.plain_text, r.quick, r)
            for r in readers
            for name, where in [(r.param.name, r.param.location)]
        ]
        found = READERS[id(endpoint)] = (endpoint, spec, rows)
    return found[2]


@per_object()
def params_of(endpoint: Endpoint) -> dict[str, Param]:
    """The endpoint's parameters by name (rules and setting tables name them), made once per endpoint."""
    return {p.name: p for p in endpoint.params}


def check_pagination(endpoint: Endpoint, args: dict[str, Any]) -> None:
    paging = endpoint.pagination
    if paging is None:
        return
    size = args.get(paging.size_param) if paging.size_param else None
    if paging.max_size is not None and isinstance(size, int) and size > paging.max_size:
        raise Invalid(None, f"{paging.size_param} over {paging.max_size}", paging.over_size_error)
    page = args.get(paging.page_param) if paging.page_param else None
    if paging.max_pages is not None and isinstance(page, int) and page > paging.max_pages:
        raise Invalid(None, f"{paging.page_param} over {paging.max_pages}", paging.over_pages_error)


def as_date(value: str, fmt: str = "date") -> date:
    parsed = moment_in(value, fmt)
    if parsed is None:
        raise ValueError(f"{value!r} is not a {fmt}")
    return parsed.date()
