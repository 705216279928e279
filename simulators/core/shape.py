"""Type a handler's payload as the server types it, from the profile's response schema.

Handlers answer in plain values (numbers, datetimes, dates); the spec says whether this vendor, in this
profile, sends a number as a string, a time as a Java Date object or a formatted string, a flag as a
boolean or an integer. One function applies that, so vendor modules never format types by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from solarfakes.simulators.core.codecs.json_bytes import Encoded, dumps
from solarfakes.specs.model import FieldSchema, JsonType
from solarfakes.specs.timeformats import TIME_FORMATS, write_moment

JAVA_DATE_KEYS = {"date", "day", "hours", "minutes", "month", "seconds", "time", "timezoneOffset", "year"}


def java_date(moment: datetime) -> dict[str, int]:
    """A java.util.Date as Jackson serialises its bean properties (month 0-based, year from 1900)."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return {
        "date": moment.day,
        "day": (moment.weekday() + 1) % 7,
        "hours": moment.hour,
        "minutes": moment.minute,
        "month": moment.month - 1,
        "seconds": moment.second,
        "time": int(moment.timestamp() * 1000),
        "timezoneOffset": -minutes,
        "year": moment.year - 1900,
    }


def java_calendar(moment: datetime) -> dict[str, Any]:
    """A java.util.GregorianCalendar as Jackson serialises it, the parts clients read."""
    offset = moment.utcoffset()
    dst = moment.dst()
    millis = int(moment.timestamp() * 1000)
    return {
        "calendarType": "gregory",
        "firstDayOfWeek": 1,
        "lenient": True,
        "minimalDaysInFirstWeek": 1,
        "time": java_date(moment),
        "timeInMillis": millis,
        "timeZone": {
            "ID": str(moment.tzinfo),
            "displayName": moment.tzname() or "",
            "dstsavings": int(dst.total_seconds() * 1000) if dst else 0,
            "rawOffset": int(((offset or timedelta(0)) - (dst or timedelta(0))).total_seconds() * 1000),
        },
        "weekDateSupported": True,
        "weekYear": moment.isocalendar().year,
        "weeksInWeekYear": 52,
    }


def types_of(schema: FieldSchema) -> list[JsonType]:
    return list(schema.type) if isinstance(schema.type, list) else [schema.type]


def format_time(value: date, fmt: str | None) -> str:
    """``value`` written in ``fmt``; the same moment in the same zone is written once (an answer often
    holds one time many times, and strftime is the dearest step of conforming it)."""
    if isinstance(value, datetime):
        # equal aware datetimes are one instant; with the same offset and zone name, the same text
        return written_time(id(type(value)), value, value.utcoffset(), value.tzname(), fmt)
    return written_time(id(type(value)), value, None, None, fmt)


@lru_cache(maxsize=4096)
def written_time(kind: int, value: date, offset: timedelta | None, zone: str | None, fmt: str | None) -> str:
    return write_time(value, fmt)


def write_time(value: date, fmt: str | None) -> str:
    if fmt == "yyyy-MM-dd HH:mm:ss.S" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.") + str(value.microsecond // 100_000)
    pattern = TIME_FORMATS.get(fmt or "")
    if pattern is None:
        pattern = "%Y-%m-%d %H:%M:%S" if isinstance(value, datetime) else "%Y-%m-%d"
    return write_moment(value, pattern)


def number_text(value: float | int) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


def conform(value: Any, schema: FieldSchema | None) -> Any:
    """``value`` typed as ``schema`` says (unchanged where it says nothing)."""
    if schema is None or value is None:
        return value
    return conformer(schema)(value)


def shaped_bytes(value: Any, schema: FieldSchema | None) -> Encoded:
    """``value`` as the shape and encode steps write it, for a handler to keep and answer as it is (the
    shape step passes ``Encoded`` through, the encoder embeds its bytes): an answer that stays the same
    for many calls is then shaped and encoded once."""
    return Encoded(dumps(conform(value, schema)))


# Compiled conformers by schema identity, each kept with its schema so the id stays its own. Specs are
# cached, so this holds a few thousand schemas at most; it starts over past the bound.
COMPILED: dict[int, tuple[FieldSchema, Conformer]] = {}
COMPILED_MAX = 20_000
# Dict layouts a conformer remembers (one per kind of row it sees, in practice); it starts over past this.
LAYOUTS_KEPT = 32


def conformer(schema: FieldSchema) -> Callable[[Any], Any]:
    """The conforming function of ``schema``: what ``conform`` decides per value from the schema (its
    types, formats and properties) is worked out once per schema, not once per value."""
    return compiled(schema).conform


def compiled(schema: FieldSchema) -> Conformer:
    found = COMPILED.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    if len(COMPILED) >= COMPILED_MAX:
        COMPILED.clear()
    made = Conformer(schema)
    COMPILED[id(schema)] = (schema, made)
    made.link()
    return made


class Conformer:
    """One schema's rules, decided once (a 7-day ras/v2 history conforms half a million values)."""

    def __init__(self, schema: FieldSchema) -> None:
        self.schema = schema
        types: list[JsonType] = [t for t in types_of(schema) if t != "null"] or ["null"]
        first = types[0]
        properties = schema.properties
        self.java = (
            "object" in types and bool(properties) and properties is not None and properties.keys() >= JAVA_DATE_KEYS
        )
        self.time_as_millis = first in ("integer", "number")
        self.time_as_digits = self.time_as_millis and schema.format in TIME_FORMATS
        self.format = schema.format
        self.bool_as_int = first == "integer" and "boolean" not in types
        self.bool_as_text = first == "string" and "boolean" not in types
        self.number_as_text = first == "string"
        self.number_rounded = first == "integer" and "number" not in types
        self.number_as_float = first == "number" and "integer" not in types
        self.text_as_number = first in ("integer", "number") and "string" not in types
        self.text_rounded = first == "integer"
        # numbers and texts whose type this schema keeps as they are (most values of a big answer)
        self.int_kept = not (self.number_as_text or self.number_as_float)
        self.float_kept = not (self.number_as_text or self.number_rounded)
        # the exact types of the values ``conform`` returns as they are, so callers skip the call
        kept: set[type] = {type(None), Encoded}  # Encoded JSON is shaped already: ``other`` leaves it
        kept |= {float} if self.float_kept else set()
        kept |= {int} if self.int_kept else set()
        kept |= set() if self.text_as_number else {str}
        kept |= set() if self.bool_as_int or self.bool_as_text else {bool}
        self.kept = frozenset(kept)
        self.fields: dict[str, Conformer] = {}
        self.item_conformer: Conformer | None = None
        # the keys ``mapping`` replaces, by the layout of a dict (its keys and their values' types)
        self.changed: dict[tuple[tuple[Any, ...], tuple[type, ...]], tuple[Any, ...]] = {}

    def link(self) -> None:
        """Compile the children (after this one is cached, so a schema that contains itself ends)."""
        schema = self.schema
        self.fields = {key: compiled(child) for key, child in (schema.properties or {}).items()}
        self.item_conformer = compiled(schema.items) if schema.items is not None else None

    def conform(self, value: Any) -> Any:
        kind = type(value)
        if kind is float or kind is int:
            return self.number(value)
        if kind is dict:
            return self.mapping(value)
        if kind is str:
            return self.text(value) if self.text_as_number else value
        if kind is list:
            return self.sequence(value)
        return self.other(value)

    def sequence(self, value: list[Any]) -> list[Any]:
        """A list's items by the items' schema (None and the types it keeps left as they are)."""
        found = self.item_conformer
        if found is None:
            return list(value)
        kept, conform = found.kept, found.conform
        return [item if type(item) in kept else conform(item) for item in value]

    def mapping(self, value: dict[Any, Any]) -> dict[Any, Any]:
        """A dict's values by their keys' schemas: a copy, in which only the values whose schema
        changes their type are replaced (a row of a big answer is mostly numbers kept as they are).

        Which keys those are depends only on the keys and their values' types, so it is worked out
        once per layout (a Growatt record has 185 keys, of which a handful change; a list's rows share
        one layout) and looked up by two tuples built in C."""
        layout = (tuple(value), tuple(map(type, value.values())))
        changed = self.changed.get(layout)
        if changed is None:
            changed = self.changed_keys(value, layout)
        out = dict(value)
        fields = self.fields
        for key in changed:
            out[key] = fields[key].conform(value[key])
        return out

    def changed_keys(self, value: dict[Any, Any], layout: tuple[tuple[Any, ...], tuple[type, ...]]) -> tuple[Any, ...]:
        fields = self.fields
        changed = tuple(
            key
            for key, item in value.items()
            if (field := fields.get(key)) is not None and type(item) not in field.kept
        )
        if len(self.changed) >= LAYOUTS_KEPT:
            self.changed.clear()
        self.changed[layout] = changed
        return changed

    def number(self, value: float | int) -> Any:
        if self.number_as_text:
            return number_text(value)
        if self.number_rounded:
            return round(value)
        if self.number_as_float:
            return float(value)
        return value

    def text(self, value: str) -> Any:
        try:
            number = float(value)
        except ValueError:
            return value
        return round(number) if self.text_rounded else number

    def other(self, value: Any) -> Any:
        """Subclasses and the rarer types, in the order of the checks above (bool before int)."""
        if value is None:
            return value
        if isinstance(value, datetime | date):
            if self.java:
                moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
                return java_date(moment)
            if self.time_as_digits:
                return int(format_time(value, self.format))  # a time written as its digits, e.g. 20230808152800
            if self.time_as_millis:
                moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
                return int(moment.timestamp() * 1000)
            return format_time(value, self.format)
        if isinstance(value, dict):
            return self.mapping(value)
        if isinstance(value, list):
            return self.sequence(value)
        if isinstance(value, bool):
            if self.bool_as_int:
                return int(value)
            if self.bool_as_text:
                return "true" if value else "false"
            return value
        if isinstance(value, int | float):
            return self.number(value)
        if isinstance(value, str) and self.text_as_number:
            return self.text(value)
        return value
