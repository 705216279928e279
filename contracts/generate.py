"""Hypothesis strategies derived from a spec's parameter rules: valid arguments of an endpoint (type,
format, range, enum, pattern, settings tables, date spans, ordering, grids, one-of and depends rules),
and invalid ones, each with the exact answer the spec's error tables promise for it.

Which objects exist (plant ids, serial numbers) is no parameter rule: a ``Fleet`` strategy supplies those
values (``contracts/fleet.py``); everything else comes from the spec alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from solarfakes.simulators.core.validate import chosen_format, is_empty
from solarfakes.specs.model import Endpoint, FieldSchema, Param, Rule, Setting, SettingValue, Spec
from solarfakes.specs.timeformats import TIME_FORMATS

# Known objects for an endpoint: param name -> value, drawn together so related ids agree.
Fleet = Callable[[Endpoint], st.SearchStrategy[dict[str, Any]]]
# Dates are drawn from the days before "now" (the simulated clock, or the real one for a real account).
HISTORY_DAYS = 60
PLAIN_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


def no_fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
    return st.just({})


@dataclass(frozen=True)
class Expected:
    """What the server must answer for an invalid call: the vendor code, or (where the spec gives none) an
    HTTP 400 with a ``solarfakes_error`` message."""

    code: int | str | None
    why: str

    def describe(self) -> str:
        return f"code {self.code}" if self.code is not None else "HTTP 400 (no vendor code)"


@dataclass(frozen=True)
class InvalidCase:
    args: dict[str, Any]
    param: str
    expected: Expected


def fmt(moment: datetime, layout: str) -> str:
    return moment.strftime(TIME_FORMATS[layout])


def field_value(schema: FieldSchema) -> st.SearchStrategy[Any]:
    """A value of a response-style schema (the items of list parameters)."""
    if schema.enum:
        return st.sampled_from(schema.enum)
    if schema.format in ("time_hhmm", "HH:mm"):
        return st.integers(0, 24 * 60 - 1).map(lambda minute: f"{minute // 60:02d}:{minute % 60:02d}")
    if schema.format in TIME_FORMATS:
        layout = str(schema.format)
        return moment_before(datetime(2026, 1, 1)).map(lambda moment: fmt(moment, layout))
    kind = schema.type if isinstance(schema.type, str) else next(t for t in schema.type if t != "null")
    if kind == "integer":
        low = int(schema.minimum) if schema.minimum is not None else 0
        return st.integers(low, int(schema.maximum) if schema.maximum is not None else low + 1000)
    if kind == "number":
        bottom = schema.minimum if schema.minimum is not None else 0.0
        return st.floats(bottom, schema.maximum if schema.maximum is not None else bottom + 1000, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "object":
        props = {name: field_value(sub) for name, sub in (schema.properties or {}).items()}
        return st.fixed_dictionaries(props)
    if kind == "array":
        return st.lists(field_value(schema.items), max_size=3) if schema.items else st.just([])
    return PLAIN_TEXT


def plain_value(param: Param | SettingValue, grid: int | None = None) -> st.SearchStrategy[Any]:
    """A value that satisfies the param's own type, enum, range and pattern (not its date layout)."""
    if param.enum:
        return st.sampled_from(param.enum)
    if param.pattern and param.type in ("integer", "number") and (param.minimum, param.maximum) != (None, None):
        pattern = param.pattern  # a number written as text: in its range and in its layout (one decimal, ...)
        low, high = (
            param.minimum if param.minimum is not None else 0,
            param.maximum if param.maximum is not None else 1000,
        )
        texts = st.integers(int(low * 10), int(high * 10)).map(lambda tenths: f"{tenths / 10:.1f}")
        return (texts | texts.map(lambda text: text.removesuffix(".0"))).filter(
            lambda t: bool(re.fullmatch(pattern, t))
        )
    if param.pattern:
        longest = getattr(param, "max_length", None) or 64
        return st.from_regex(param.pattern, fullmatch=True).filter(lambda text: 0 < len(text.strip()) <= longest)
    if param.type == "integer":
        low = int(param.minimum) if param.minimum is not None else 1
        high = int(param.maximum) if param.maximum is not None else low + 1000
        return st.integers(low, high)
    if param.type == "number":
        bottom = param.minimum if param.minimum is not None else 0.0
        top = param.maximum if param.maximum is not None else bottom + 100
        return st.floats(bottom, top, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2))
    if param.type == "boolean":
        return st.booleans()
    if isinstance(param, Param) and param.type == "array":
        items = field_value(param.items) if param.items is not None else PLAIN_TEXT
        low = max(param.min_items or 1, 1)
        return st.lists(items, min_size=low, max_size=max(low, param.max_items or 3))
    if param.type == "object":
        return st.just({})
    size = getattr(param, "max_length", None) or 12
    return st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=min(size, 12))


def grid_of(endpoint: Endpoint, name: str) -> int | None:
    return next((r.grid_minutes for r in endpoint.rules if r.kind == "time_grid" and name in r.params), None)


def span_limit(rule: Rule) -> timedelta:
    """A distance that never breaks the rule, whatever the layout rounds the dates to."""
    if rule.max_days is not None:
        return timedelta(days=rule.max_days)
    if rule.max_months is not None:
        return timedelta(days=28 * rule.max_months)
    if rule.max_years is not None:
        return timedelta(days=365 * rule.max_years)
    return timedelta(days=HISTORY_DAYS)


def applies(rule: Rule, args: dict[str, Any], endpoint: Endpoint) -> bool:
    """Whether a rule's ``when`` holds, reading an absent param as its default (as the server does)."""
    defaults = {p.name: p.default for p in endpoint.params}
    return all(str(args.get(name, defaults.get(name))) == str(value) for name, value in (rule.when or {}).items())


@st.composite
def moment_before(draw: st.DrawFn, now: datetime, earliest: datetime | None = None) -> datetime:
    start = earliest or now - timedelta(days=HISTORY_DAYS)
    seconds = draw(st.integers(0, max(int((now - start).total_seconds()), 0)))
    return (start + timedelta(seconds=seconds)).replace(microsecond=0)


@st.composite
def valid_args(
    draw: st.DrawFn,
    spec: Spec,
    endpoint: Endpoint,
    now: datetime,
    fleet: Fleet = no_fleet,
    hidden: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Arguments of ``endpoint`` that break none of its parameter rules. ``hidden`` params are the auth
    scheme's (the caller fills them); ``now`` is the server's clock, so dates are never in its future."""
    known = draw(fleet(endpoint))
    args: dict[str, Any] = {}
    params = [p for p in endpoint.params if p.name not in hidden]
    settings_row = draw(st.sampled_from(endpoint.settings)) if endpoint.settings and endpoint.setting_selector else None
    filled_by_row = fill_setting(draw, endpoint, settings_row, now) if settings_row else {}
    required_by_rules = rule_required(draw, endpoint, known) | set(filled_by_row)
    for param in params:  # choosers first, so format_by params see their values
        if param.format_by is None and (
            param.required or param.name in required_by_rules or param.name in known or draw(st.booleans())
        ):
            value = known.get(param.name, filled_by_row.get(param.name))
            args[param.name] = value if value is not None else draw(value_of(param, endpoint, now))
    cap_paging(draw, endpoint, args)
    for param in params:
        if param.format_by is not None and (
            param.required or param.name in required_by_rules or param.name in known or draw(st.booleans())
        ):
            args[param.name] = known.get(param.name) or draw(
                date_of(param, chosen_format(param, args), now, param.pattern)
            )
    settle_rules(draw, spec, endpoint, args, now)
    for name in [n for n in args if args[n] is None]:
        del args[name]
    return args


def cap_paging(draw: st.DrawFn, endpoint: Endpoint, args: dict[str, Any]) -> None:
    """Page numbers and sizes within the pagination's own limits (max_pages, max_size)."""
    paging = endpoint.pagination
    if paging is None:
        return
    for name, cap in ((paging.page_param, paging.max_pages), (paging.size_param, paging.max_size)):
        if name and cap is not None and isinstance(args.get(name), int) and args[name] > cap:
            args[name] = draw(st.integers(1, cap))


def rule_required(draw: st.DrawFn, endpoint: Endpoint, known: dict[str, Any]) -> set[str]:
    """Params that one_of_required and depends rules make necessary in this draw."""
    needed: set[str] = set()
    for rule in endpoint.rules:
        if rule.kind == "one_of_required" and not any(name in known for name in rule.params):
            needed.add(draw(st.sampled_from(rule.params)))
        if rule.kind == "depends":
            needed |= set(rule.params)  # cheapest way never to break it: send them all
    return needed


def value_of(param: Param, endpoint: Endpoint, now: datetime) -> st.SearchStrategy[Any]:
    if param.format in TIME_FORMATS:
        return date_of(param, param.format, now, None, grid_of(endpoint, param.name))
    return plain_value(param)


def date_of(
    param: Param, layout: str | None, now: datetime, pattern: str | None, grid: int | None = None
) -> st.SearchStrategy[Any]:
    if layout is None:
        return st.from_regex(pattern, fullmatch=True) if pattern else PLAIN_TEXT
    if layout in ("time_hhmm", "HH:mm"):
        step = grid or 1
        return st.integers(0, 24 * 60 // step - 1).map(lambda slot: f"{slot * step // 60:02d}:{slot * step % 60:02d}")
    return moment_before(now).map(lambda moment: fmt(moment, layout))


def fill_setting(draw: st.DrawFn, endpoint: Endpoint, row: Setting, now: datetime) -> dict[str, Any]:
    """The selector and the values of one row of a parameter-setting table."""
    assert endpoint.setting_selector is not None
    values: dict[str, Any] = {endpoint.setting_selector: row.id}
    for slot in row.values:
        values[slot.param] = draw(slot_value(slot, now))
    if row.registers:
        address = draw(st.sampled_from(sorted(row.registers)))
        register = row.registers[address]
        values[row.values[0].param] = address
        values[register.param] = draw(slot_value(register, now))
    return {name: str(value) for name, value in values.items()}


def slot_value(slot: SettingValue, now: datetime) -> st.SearchStrategy[Any]:
    if slot.format in TIME_FORMATS:
        return moment_before(now).map(lambda moment: fmt(moment, str(slot.format)))
    return plain_value(slot)


def settle_rules(draw: st.DrawFn, spec: Spec, endpoint: Endpoint, args: dict[str, Any], now: datetime) -> None:
    """Make the drawn values keep the endpoint's cross-parameter rules: the second date of a span or an
    ordered pair no earlier than the first and within every span limit that applies, numeric pairs in order."""
    params = {p.name: p for p in endpoint.params}
    paired: set[tuple[str, str]] = set()
    for rule in endpoint.rules:
        if rule.kind in ("max_span", "ordered") and len(rule.params) == 2 and all(n in args for n in rule.params):
            paired.add((rule.params[0], rule.params[1]))
        if rule.kind == "ordered" and len(rule.params) == 4 and applies(rule, args, endpoint):
            order_numeric_pairs(args, rule.params)
    for first, second in sorted(paired):
        layout = chosen_format(params[first], args)
        if layout is None or layout not in TIME_FORMATS or layout in ("time_hhmm", "HH:mm"):
            continue
        limits = [
            span_limit(r)
            for r in endpoint.rules
            if r.kind == "max_span" and r.params == [first, second] and applies(r, args, endpoint)
        ]
        limit = min([*limits, timedelta(days=HISTORY_DAYS)])
        start = draw(moment_before(now - limit if draw(st.booleans()) else now))
        end = start + timedelta(seconds=draw(st.integers(0, int(limit.total_seconds()))))
        end = min(end, now)
        args[first], args[second] = fmt(start, layout), fmt(end, chosen_format(params[second], args) or layout)
    for rule in endpoint.rules:
        first, last = rule.params[0], rule.params[-1]
        if rule.open_end != "now" or first not in args or not is_empty(args.get(last)):
            continue
        layout = chosen_format(params[first], args)
        if layout in TIME_FORMATS and applies(rule, args, endpoint):
            end = now.astimezone(ZoneInfo(rule.timezone or "UTC"))
            args[first] = fmt(draw(moment_before(end, open_end_earliest(rule, end))), layout)


def open_end_earliest(rule: Rule, end: datetime) -> datetime:
    """The earliest start an open-ended span rule takes when its end is ``end`` (now): the first instant of
    the month or year its calendar limit allows, or half its limit in days back (the start's layout may
    round it earlier)."""
    earliest = end - timedelta(days=HISTORY_DAYS)
    if rule.max_days is not None:
        earliest = max(earliest, end - timedelta(days=rule.max_days / 2))
    if rule.max_months is not None:
        months = end.year * 12 + end.month - 1 - rule.max_months
        earliest = max(
            earliest,
            end.replace(year=months // 12, month=months % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0),
        )
    if rule.max_years is not None:
        earliest = max(
            earliest,
            end.replace(year=end.year - rule.max_years, month=1, day=1, hour=0, minute=0, second=0, microsecond=0),
        )
    return earliest


def order_numeric_pairs(args: dict[str, Any], names: list[str]) -> None:
    try:
        numbers = [float(args[name]) for name in names]
    except (KeyError, TypeError, ValueError):
        return
    if numbers[2:] < numbers[:2]:
        for low, high in ((names[0], names[2]), (names[1], names[3])):
            args[low], args[high] = args[high], args[low]


# --- invalid arguments and the answer the spec promises ----------------------------------------------------


def missing_answer(spec: Spec, param: Param) -> Expected:
    code = param.missing_error or spec.param_errors.get("missing")
    return Expected(
        code, f"{param.name} missing ({'its missing_error' if param.missing_error else 'param_errors.missing'})"
    )


def invalid_answer(spec: Spec, param: Param, problem: str) -> Expected:
    code = param.invalid_error or spec.param_errors.get("invalid")
    return Expected(
        code, f"{param.name} {problem} ({'its invalid_error' if param.invalid_error else 'param_errors.invalid'})"
    )


def breakages(spec: Spec, param: Param, args: dict[str, Any]) -> list[tuple[Any, Expected]]:
    """Ways to break ``param`` alone, each with its promised answer. ``None`` as a value: leave it out."""
    found: list[tuple[Any, Expected]] = []
    if param.required and param.location != "path":
        found.append((None, missing_answer(spec, param)))
        if param.type == "string":
            found.append(("", missing_answer(spec, param)))
    if param.type in ("integer", "number"):
        found.append(("x1", invalid_answer(spec, param, "not a number")))
        if param.minimum is not None and not param.enum:
            found.append((int(param.minimum) - 1, invalid_answer(spec, param, f"below {param.minimum:g}")))
        if param.maximum is not None and not param.enum:
            found.append((int(param.maximum) + 1, invalid_answer(spec, param, f"above {param.maximum:g}")))
    if param.type == "integer":
        found.append((1.5, invalid_answer(spec, param, "not whole")))
    if param.enum is not None:
        outside = next(
            v for v in ("zz-not-listed", 987654) if v not in param.enum and str(v) not in map(str, param.enum)
        )
        found.append((outside, invalid_answer(spec, param, "outside its enum")))
    layout = chosen_format(param, args)
    if param.type == "string" and layout in TIME_FORMATS:
        found.append(("13/45/2026x", invalid_answer(spec, param, f"not in the layout {layout}")))
    if param.type == "string" and param.pattern and not param.enum:
        outside_pattern = next((v for v in NON_MATCHING if not re.fullmatch(param.pattern, v)), None)
        if outside_pattern is not None:
            found.append((outside_pattern, invalid_answer(spec, param, f"not matching {param.pattern}")))
    return found


# Non-empty (an empty value may count as missing) and tried in turn: a permissive pattern such as
# Growatt's comma list `^[^,]+(,[^,]+){0,99}$` takes the first, so a later one must break it.
NON_MATCHING = ("~not~matching~", ",", "\n,\n")


@st.composite
def invalid_case(
    draw: st.DrawFn,
    spec: Spec,
    endpoint: Endpoint,
    now: datetime,
    fleet: Fleet = no_fleet,
    hidden: frozenset[str] = frozenset(),
) -> InvalidCase:
    """Valid arguments with exactly one parameter broken in one of the ways the spec names an answer for."""
    args = draw(valid_args(spec, endpoint, now, fleet, hidden))
    settings_params = settings_owned(endpoint)
    candidates = [
        (param, value, expected)
        for param in endpoint.params
        if param.name not in hidden and param.name not in settings_params
        for value, expected in breakages(spec, param, args)
    ]
    if not candidates:
        raise NoInvalidCase(endpoint.id)
    param, value, expected = draw(st.sampled_from(candidates))
    broken = dict(args)
    if value is None:
        broken.pop(param.name, None)
    else:
        broken[param.name] = value
    return InvalidCase(broken, param.name, expected)


def settings_owned(endpoint: Endpoint) -> set[str]:
    """Params a settings table checks before (and instead of) their own rules."""
    if not endpoint.settings or endpoint.setting_selector is None:
        return set()
    owned = {endpoint.setting_selector}
    for row in endpoint.settings:
        owned |= {slot.param for slot in row.values}
        owned |= {slot.param for slot in (row.registers or {}).values()}
    return owned


def has_invalid_cases(spec: Spec, endpoint: Endpoint, hidden: frozenset[str]) -> bool:
    owned = settings_owned(endpoint)
    return any(breakages(spec, p, {}) for p in endpoint.params if p.name not in hidden and p.name not in owned)


class NoInvalidCase(LookupError):
    """The endpoint has no parameter whose breakage the spec gives an answer for."""
