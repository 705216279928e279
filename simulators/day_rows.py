"""A finished day's answer rows, shaped and encoded once.

A day that has ended never changes unless a write reaches into it (a power limit, a setting, a
dispatch), and every such write is part of the key its rows are kept under. A 7-day history then costs
seven joins of encoded rows instead of building, shaping and encoding two thousand rows per call.
Rows are shaped by the endpoint's own response schema through the pipeline's ``conformer`` and encoded
by its encoder, so the bytes are the ones the pipeline would write; the shape step passes ``Encoded``
through untouched. Today's rows are never kept: they grow as the clock moves."""

from __future__ import annotations

import itertools
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate, pairwise, repeat
from operator import add, is_
from typing import Any, overload
from zoneinfo import ZoneInfo

import orjson

from solarfakes.simulators.caches import ByteBudget, byte_cache
from solarfakes.simulators.core.codecs.json_bytes import ORJSON_OPTIONS, Encoded, dumps, embedded
from solarfakes.simulators.core.identity import per_object
from solarfakes.simulators.core.shape import Conformer, compiled, conformer
from solarfakes.simulators.physics import SLOT_MINUTES, SLOTS_PER_DAY, day_frame, rounded, zone_day_starts
from solarfakes.simulators.world import Device, Plant
from solarfakes.specs.model import Endpoint, FieldSchema
from solarfakes.specs.timeformats import TIME_FORMATS, write_moment

ITEMS = 0  # in a schema path: the items of an array


class Rows(Sequence[bytes]):
    """A day's encoded rows as one ``bytes`` (the rows joined by commas, as a JSON array writes them) and
    where each row ends: two objects however many rows, where a tuple of rows held 288 objects of 33 bytes
    of header each, and a run of rows is one slice of the joined bytes."""

    __slots__ = ("found_ends", "joined_rows", "null_count")

    def __init__(self, rows: Iterable[bytes]) -> None:
        rows = rows if isinstance(rows, list | tuple) else list(rows)
        # row n ends after its own and the earlier rows' bytes and the n commas between them (summed in C)
        ends = array("I", list(map(add, accumulate(map(len, rows)), range(len(rows)))))
        self.joined_rows = b",".join(rows)
        self.found_ends: array[int] | int = ends
        self.null_count = -1  # not counted yet

    @classmethod
    def of_objects(cls, joined_rows: bytes, count: int, between_only: bool = False) -> Rows | None:
        """Rows that are each a JSON object, given joined by commas, their ends found when first asked: an
        answer of the whole day (``json_rows``) asks none, and finding them cost a tenth of a new Growatt
        plant-day. Where no row holds the text ``},{`` it occurs once between each two rows and nowhere
        else, which its count shows (``between_only``: the caller knows it so, and it is not counted);
        None where it does not (a row holds it, or these are not objects)."""
        if count < 1 or joined_rows[:1] != b"{" or joined_rows[-1:] != b"}":
            return None
        if not between_only and joined_rows.count(OBJECTS_BETWEEN) != count - 1:
            return None
        rows = cls.__new__(cls)
        rows.joined_rows, rows.found_ends, rows.null_count = joined_rows, count, -1
        return rows

    @property
    def ends(self) -> array[int]:
        """Where each row ends: the index of the comma after it (the length of the joined rows for the last)."""
        found = self.found_ends
        if isinstance(found, int):
            found = self.found_ends = object_ends(self.joined_rows)
        return found

    def __len__(self) -> int:
        found = self.found_ends
        return found if isinstance(found, int) else len(found)

    def start(self, index: int) -> int:
        if isinstance(self.found_ends, int) and index == self.found_ends - 1 > 0:
            # the last row of rows whose ends are not found yet (``of_objects``): after the last ``},{``,
            # without finding every end (a ras/v2 day's next-midnight row ends each day's call)
            return self.joined_rows.rfind(OBJECTS_BETWEEN) + len(b"},")
        return self.ends[index - 1] + 1 if index else 0

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        if isinstance(index, slice):
            first, stop, step = index.indices(len(self))
            if step != 1:
                return [self[n] for n in range(first, stop, step)]
            data, begin, rows = self.joined_rows, self.start(first) if first < stop else 0, []
            for end in self.ends[first:stop]:  # a page of a kept day: its rows cut in one loop
                rows.append(data[begin:end])
                begin = end + 1
            return rows
        index = range(len(self))[index]  # negative indexes and the bounds, as a tuple takes them
        return self.joined_rows[self.start(index) : self.ends[index]]

    def joined(self, first: int = 0, last: int | None = None) -> bytes:
        """Rows ``first`` up to ``last`` joined by commas: one slice."""
        return bytes(self.view(first, last))

    def run(self, first: int = 0, last: int | None = None) -> Encoded:
        """``joined`` as an answer embeds it, its nulls counted none without a scan where the day holds
        none (``Encoded.nulls``): each page of a history embeds a run of a kept day, and counting the
        run's nulls was a scan of its bytes in every answer. The day's are counted once."""
        run = Encoded(self.joined(first, last))
        if self.null_count < 0:
            self.null_count = self.joined_rows.count(b"null")
        if not self.null_count:
            run.null_count = 0
        return run

    def view(self, first: int = 0, last: int | None = None) -> memoryview:
        """``joined`` without copying: a view of the kept bytes, for an answer that copies them anyway
        (``json_array``). A day of ras/v2 rows is 380 KB, and each copy of that size cost about 0.3 ms
        (a fresh large block, its pages faulted in), more than the rest of the call."""
        count = len(self)
        last = count if last is None else min(last, count)
        if first >= last:
            return memoryview(b"")
        end = len(self.joined_rows) if last == count else self.ends[last - 1]  # (the last row's end, unasked)
        return memoryview(self.joined_rows)[self.start(first) : end]


OBJECTS_BETWEEN = b"},{"  # between two JSON objects joined by a comma
BETWEEN = len(OBJECTS_BETWEEN)


def object_ends(joined_rows: bytes) -> array[int]:
    """Each row's end in JSON objects joined by commas where ``},{`` lies only between two of them
    (``Rows.of_objects``): a piece between two of those texts is a row without its two braces."""
    pieces = joined_rows.split(OBJECTS_BETWEEN)
    # the pieces' lengths so far, and the braces and comma of each row so far
    ends = array("I", list(map(add, accumulate(map(len, pieces)), range(1, BETWEEN * len(pieces), BETWEEN))))
    ends[-1] -= 1  # the last piece holds its closing brace
    return ends


def between_rows_only(segments: Sequence[bytes]) -> bool:
    """Whether rows of these fixed texts, with a varying text between each two that holds no brace (nor a
    comma: ``RowWriter.column_texts`` cuts at them), hold ``},{`` only between two rows: its three
    characters are then all fixed text, so they lie in one segment or where a row's last meets the next
    row's first, which must hold it once."""
    return not any(OBJECTS_BETWEEN in segment for segment in segments) and (
        (segments[-1] + b"," + segments[0]).count(OBJECTS_BETWEEN) == 1
    )


def rows_size(rows: Rows) -> int:
    found = rows.found_ends
    ends = sys.getsizeof(found) if isinstance(found, array) else sys.getsizeof(array("I")) + ENDS_ITEM_BYTES * found
    return sys.getsizeof(rows) + sys.getsizeof(rows.joined_rows) + ends


ENDS_ITEM_BYTES = 4  # an end in an array("I") (counted before the ends are found)


# A ras/v2 plant-day is about 380 KB of rows, a Growatt inverter's 90 KB, the others 3-50 KB: a plant's
# week of any API fits beside the other caches. The caches' shared total (caches.TOTAL_BYTES, 5 MB by
# default) binds before this cache's own bound.
KEPT: ByteBudget[Rows] = ByteBudget(16 << 20, rows_size)


def row_schema(endpoint: Endpoint, *path: str | int) -> FieldSchema | None:
    """The schema the shape step applies to a row of the payload at ``path`` (keys, or ITEMS for an
    array's items); None where the shape step leaves the value as it is. Found once per endpoint and
    path: real-time answers ask on every call, and the walk cost more than the kept row's lookup."""
    found = row_schemas(endpoint)
    if path not in found:
        found[path] = schema_at(endpoint, path)
    return found[path]


@per_object()
def row_schemas(endpoint: Endpoint) -> dict[tuple[str | int, ...], FieldSchema | None]:
    """An endpoint's row schemas found so far, by path (the paths are the handlers' own, a few each)."""
    return {}


def schema_at(endpoint: Endpoint, path: tuple[str | int, ...]) -> FieldSchema | None:
    schema: FieldSchema | None = endpoint.response.schema_
    for step in path:
        if schema is None:
            return None
        schema = schema.items if step == ITEMS else (schema.properties or {}).get(str(step))
    return schema


class Columns:
    """Rows of the same keys given field by field: ``values[n]`` holds key ``keys[n]``'s value of every
    row. A day's rows built so are written by ``RowWriter.write_columns`` as they are, where rows built
    as dicts were taken apart into columns again (a dict per row and a list per key, for nothing)."""

    __slots__ = ("keys", "values")

    def __init__(self, keys: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
        if len(keys) != len(values) or len({len(column) for column in values}) > 1:
            raise ValueError("one column per key, each with a value for every row")
        self.keys, self.values = tuple(keys), values

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts of the keys in order."""
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in zip(*self.values, strict=True)]


class Decimals(Sequence[float]):
    """A column of ``round(value, places)`` of each of ``values``, rounded only if read: ``RowWriter``
    writes a column of one place from the values as they are (``%.1f``, the text orjson writes of the
    rounded float), so a day's rows need not round it, encode it and cut it apart again."""

    __slots__ = ("found", "places", "values")

    def __init__(self, values: Sequence[float], places: int) -> None:
        self.values, self.places = values, places
        self.found: list[float] | None = None

    def rounded(self) -> list[float]:
        if self.found is None:
            self.found = rounded(self.values, self.places)
        return self.found

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> float: ...

    @overload
    def __getitem__(self, index: slice) -> list[float]: ...

    def __getitem__(self, index: int | slice) -> float | list[float]:
        return self.rounded()[index]

    def __iter__(self) -> Iterator[float]:
        return iter(self.rounded())

    def count(self, value: Any) -> int:
        return self.rounded().count(value)

    def directive(self, field: Conformer | None) -> bytes | None:
        """The bytes formatting that writes each value's rounded float as the shape and encode steps do,
        where one does: one place, floats the shape step keeps or writes as text (``repr``), their
        magnitudes summing below ``DIRECTIVE_BELOW`` (so each is finite and below it). orjson and ``repr``
        write a float's shortest digits, which for a number of one place and fewer than 16 digits are
        ``%.1f``'s, and ``round`` rounds as ``%.1f`` does (the exact value, halves to even); an int (or
        bool) is rounded to the float of its value, which ``%.1f`` writes too. None elsewhere."""
        values = self.values
        if self.places != 1 or not values:
            return None
        if field is None or float in field.kept:
            directive = b"%.1f"
        elif value_conformer(field, float) is float.__repr__:
            directive = b'"%.1f"'  # the text as a JSON string: digits, a point and a sign need no escape
        else:
            return None
        try:
            magnitude = sum(map(abs, values))  # one pass in C; a NaN or an infinity makes it one
        except TypeError:
            return None  # not numbers: ``rounded`` refuses them as ever
        return directive if magnitude < DIRECTIVE_BELOW else None


DIRECTIVE_BELOW = 1e12  # far below 1e16, where orjson begins writing an exponent (its digits are %.1f's below)


def encode_rows(rows: Iterable[Any] | Columns, schema: FieldSchema | None, whole: bool = False) -> Rows:
    """Each row as the shape and encode steps would write it: field by field where the rows are dicts of
    the same keys (``written_by_columns``) or given as ``Columns``, else row by row. ``whole``: the rows
    are answered all at once, so ``Columns`` are written joined and each row's end is found only if
    asked (``Rows.of_objects``); the same rows either way."""
    if isinstance(rows, Columns):
        if whole and WRITE_BY_COLUMNS:
            joined = joined_columns(rows, schema)
            found = None if joined is None else Rows.of_objects(joined[0], len(rows), between_only=joined[1])
            if found is not None:
                return found
        written = written_columns(rows, schema) if WRITE_BY_COLUMNS else None
        if written is not None:
            return Rows(written)
        rows = rows.rows()
    rows = rows if isinstance(rows, list) else list(rows)
    written = written_by_columns(rows, schema) if WRITE_BY_COLUMNS else None
    if written is not None:
        return Rows(written)
    shape = conformer(schema) if schema is not None else None
    return Rows([encoded(shape(row) if shape is not None and row is not None else row) for row in rows])


def written_by_columns(rows: list[Any], schema: FieldSchema | None) -> list[bytes] | None:
    """``rows`` (dicts of the same keys in the same order) written by ``RowWriter.write_columns`` with
    every key varying: each field shaped and encoded once for all rows, where a dict shaped (copied) and
    encoded per row was most of a kept day's cost. None where the rows are not such dicts or a column
    cannot promise ``encoded``'s bytes (the caller writes them one by one)."""
    if len(rows) < 2 or type(rows[0]) is not dict or not rows[0]:
        return None
    keys = tuple(rows[0])
    if any(type(row) is not dict or tuple(row) != keys for row in rows):
        return None
    return written_columns(Columns(keys, [[row[key] for row in rows] for key in keys]), schema)


def joined_columns(columns: Columns, schema: FieldSchema | None) -> tuple[bytes, bool] | None:
    """``written_columns`` joined by commas. Rows of two keys (a time and a figure, as most answers of a
    day's curve) are made by a dict display and encoded in one ``orjson.dumps``, where cutting each
    column's texts and putting them in a pattern per row made three small bytes objects a row (a new
    Growatt plant-day took 17 us less so); rows of other keys are put together from their columns' texts
    in C (``RowWriter.joined_columns``, which also tells where ``},{`` is known to lie only between rows).
    None where ``written_columns`` would not write them, but for two keys' a value holding a comma (whose
    row it writes whole, as the same bytes)."""
    keys = columns.keys
    if len(columns) < 2 or not keys:
        return None
    writer = key_writer(keys, schema)
    if writer is None or not writer.usable:
        return None
    if len(keys) != 2 or keys[0] == keys[1]:
        return writer.joined_columns(columns.values)
    first, second = keys
    firsts, seconds = (
        column if field is None else writer.shaped_column(field, column)
        for field, column in zip(writer.fields, columns.values, strict=True)
    )
    try:
        data = orjson.dumps([{first: a, second: b} for a, b in zip(firsts, seconds, strict=True)],
                            default=embedded, option=ORJSON_OPTIONS)  # fmt: skip
    except TypeError:
        return None
    return None if b"null" in data else (data[1:-1], False)


def written_columns(columns: Columns, schema: FieldSchema | None) -> list[bytes] | None:
    """``written_by_columns`` of the rows ``columns`` holds."""
    if len(columns) < 2 or not columns.keys:
        return None
    writer = key_writer(columns.keys, schema)
    return None if writer is None else writer.write_columns(columns.values)


def key_writer(keys: tuple[str, ...], schema: FieldSchema | None) -> RowWriter | None:
    """A ``RowWriter`` of rows of just ``keys`` (all varying), made once per keys and schema: every kept
    day of an endpoint has the same keys, and making the writer cost a tenth of writing a small day.
    None where a key's mark is not found as written (a key orjson refuses or rewrites)."""
    found = KEY_WRITERS.get((keys, id(schema)))
    if found is not None and found[0] is schema:
        return found[1]
    try:
        writer: RowWriter | None = RowWriter(dict.fromkeys(keys), keys, schema)
    except ValueError:
        writer = None
    if len(KEY_WRITERS) >= KEY_WRITERS_KEPT:
        KEY_WRITERS.clear()
    KEY_WRITERS[keys, id(schema)] = (schema, writer)  # the schema kept with its id, so the id stays its own
    return writer


KEY_WRITERS: dict[tuple[tuple[str, ...], int], tuple[FieldSchema | None, RowWriter | None]] = {}
KEY_WRITERS_KEPT = 256  # an endpoint's row keys, a few per API; it starts over past this


def encoded(row: Any) -> bytes:
    """``json_bytes.dumps(row)``, walking the row for NaN only where orjson wrote a null (it writes NaN
    and the infinities as null, so a row without one holds none)."""
    try:
        data = orjson.dumps(row, default=embedded, option=ORJSON_OPTIONS)
    except TypeError:
        return dumps(row)
    if b"null" in data:
        return dumps(row)
    return data


def kept_rows(
    key: Hashable, build: Callable[[], Iterable[Any] | Columns], schema: FieldSchema | None, whole: bool = False
) -> Rows:
    """The encoded rows kept under ``key`` (which must name everything they depend on), built once;
    ``whole``: as ``encode_rows`` takes it (the rows are answered all at once)."""
    full_key = (key, id(schema))
    found = KEPT.get(full_key)
    if found is not None:
        return found[0]
    rows = encode_rows(build(), schema, whole)
    KEPT.put(full_key, rows)
    return rows


def kept_encoded(key: Hashable, build: Callable[[], list[bytes] | Rows]) -> Rows:
    """``kept_rows`` for rows ``build`` encodes itself (as ``encoded`` would write them)."""
    found = KEPT.get(key)
    if found is not None:
        return found[0]
    built = build()
    rows = built if isinstance(built, Rows) else Rows(built)
    KEPT.put(key, rows)
    return rows


FIELD_MARK = "\u0001solarfakes-field-{}\u0001"  # a text no row holds, where a row's own value goes


class RowWriter:
    """Rows whose fields are mostly the same, written as the shape and encode steps write them: the fixed
    fields are shaped and encoded once (a template), and each row shapes and encodes only its own values,
    in one list, put between them. A ras/v2 row holds ~80 fields of which ~25 change; building, shaping
    and encoding the 80 for each of a week's 2,016 rows was most of a history's cost.

    A row's own values are shaped as ``Conformer.mapping`` shapes a dict: a value whose field's schema
    keeps its type is left as it is, any other is conformed; which ones is worked out once per layout
    of the values' types. ``write`` answers None where the fast way cannot promise the bytes ``encoded``
    writes (a value holding a comma, or a null, which ``encoded`` writes its own way): the caller then
    writes that row whole."""

    __slots__ = ("count", "fields", "gaps", "layouts", "pattern", "usable")

    def __init__(self, template: dict[str, Any], varying: Sequence[str], schema: FieldSchema | None) -> None:
        """``template``: a whole row, shaped (the varying keys' values are replaced); ``varying``: the keys
        whose values each row gives, in the template's order; ``schema``: the row's."""
        marks = {key: FIELD_MARK.format(n) for n, key in enumerate(varying)}
        if list(marks) != [key for key in template if key in marks]:
            raise ValueError("the varying keys must be the template's, in its order")
        data = orjson.dumps({key: marks.get(key, value) for key, value in template.items()}, default=embedded,
                            option=ORJSON_OPTIONS)  # fmt: skip
        gaps: list[bytes] = []
        for mark in marks.values():
            before, found, data = data.partition(orjson.dumps(mark))
            if not found:
                raise ValueError("a varying key's mark is missing from the encoded template")
            gaps.append(before)
        gaps.append(data)
        self.gaps = tuple(gaps)
        # the gaps with a %b between each two, so a row is one bytes formatting of its values' texts
        self.pattern = b"%b".join(gap.replace(b"%", b"%%") for gap in gaps)  # as bytes formatting reads them
        self.count = len(marks)
        # False where the fixed fields hold a null (``encoded`` would write every row its own way)
        self.usable = not any(b"null" in gap for gap in gaps)
        known = compiled(schema).fields if schema is not None else {}
        self.fields = tuple(known.get(key) for key in varying)
        self.layouts: dict[tuple[type, ...], tuple[tuple[int, Callable[[Any], Any]], ...]] = {}

    def shaped(self, values: list[Any]) -> list[Any]:
        """``values`` shaped in place (see the class)."""
        layout = tuple(map(type, values))
        changes = self.layouts.get(layout)
        if changes is None:
            changes = self.layouts[layout] = tuple(
                (n, value_conformer(field, kind))
                for n, (field, kind) in enumerate(zip(self.fields, layout, strict=True))
                if field is not None and kind not in field.kept
            )
        for n, conform in changes:
            values[n] = conform(values[n])
        return values

    def write(self, values: list[Any]) -> bytes | None:
        """The row with ``values`` (in the varying keys' order, not shaped yet; shaped in place), or None
        (see the class)."""
        if not self.usable or len(values) != self.count:
            return None
        try:
            data = orjson.dumps(self.shaped(values), default=embedded, option=ORJSON_OPTIONS)
        except TypeError:
            return None
        if b"null" in data:
            return None
        parts = data[1:-1].split(b",")
        if len(parts) != self.count:
            return None
        return self.pattern % tuple(parts)

    def write_columns(self, columns: Sequence[Sequence[Any]]) -> list[bytes] | None:
        """``[self.write(list(values)) for values in zip(*columns)]`` where every row is written so, else
        None (the caller then writes the rows one by one); ``columns``: each varying key's values, one per
        row. Column by column (``column_layout``), then each row one bytes formatting of its values' texts."""
        layout = self.column_layout(columns)
        if layout is None:
            return None
        segments, varying, directives, _ = layout
        escaped = [segment.replace(b"%", b"%%") for segment in segments]  # as bytes formatting reads them
        pattern = b"".join(itertools.chain.from_iterable(zip(escaped, [*directives, b""], strict=True)))
        if not varying:
            return [pattern % ()] * len(columns[0])
        return [pattern % parts for parts in zip(*varying, strict=True)]

    def joined_columns(self, columns: Sequence[Sequence[Any]]) -> tuple[bytes, bool] | None:
        """``write_columns``' rows joined by commas, put together in C: one row's pieces (its fixed texts
        and a place for each varying text) repeated for every row, each varying column's texts put in
        their places by one slice assignment, and all joined at once, where a formatting per row was
        most of the cost of writing a day of eight-field rows. With them, whether ``},{`` is known to
        lie only between two rows (``between_rows_only``), so nobody need count it in the joined rows."""
        layout = self.column_layout(columns)
        if layout is None:
            return None
        segments, varying, directives, braced = layout
        rows = len(columns[0])
        width = 2 * len(varying) + 1  # a row's pieces: its fixed texts with its varying texts between them
        pieces: list[bytes | None] = [None] * width
        pieces[::2] = segments
        pieces[-1] = segments[-1] + b","  # each row but the last has the comma after it
        laid = pieces * rows
        for n, (values, directive) in enumerate(zip(varying, directives, strict=True)):
            # a column of values written by a number's directive (``Decimals``) holds no brace
            laid[2 * n + 1 :: width] = values if directive == b"%b" else list(map(directive.__mod__, values))
        laid[-1] = segments[-1]
        return b"".join(laid), not braced and between_rows_only(segments)  # type: ignore[arg-type]  # all filled

    def column_layout(
        self, columns: Sequence[Sequence[Any]]
    ) -> tuple[list[bytes], list[Sequence[Any]], list[bytes], bool] | None:
        """A row's fixed texts (``segments``) and the varying columns' texts (or a ``Decimals`` column's
        values, with the directive that writes each: ``directives``, %b for texts), each column's values shaped
        as ``shaped`` shapes each (once per column where they share a type) and encoded in one
        ``orjson.dumps``, then cut at its commas, so a day of rows costs one encoding per field, not per
        row (a list's items are written as each alone is); a varying column's texts go between two
        segments, and whether a varying text holds a brace. None where a row cannot be written so (see the
        class). A column of one object in every row is written once into the segments, and a column given
        for two keys (the same list, the same schema) is written once for both: each value a row puts
        together costs more than a fixed text."""
        if not self.usable or len(columns) != self.count or not columns or not columns[0]:
            return None
        rows = len(columns[0])
        segments = [self.gaps[0]]
        varying: list[Sequence[Any]] = []
        directives: list[bytes] = []  # how each varying column's values are written: %b for their texts
        braced = False
        written: dict[tuple[int, int], tuple[bytes | list[bytes], bool]] = {}
        for n, (field, column) in enumerate(zip(self.fields, columns, strict=True)):
            if len(column) != rows:
                return None
            if type(column) is Decimals:
                directive = column.directive(field)
                if directive is not None:
                    varying.append(column.values)
                    directives.append(directive)
                    segments.append(self.gaps[n + 1])
                    continue
                column = column.rounded()
            found = written.get((id(column), id(field)))
            if found is None:
                found = self.column_texts(field, column)
                if found is None:
                    return None
                written[id(column), id(field)] = found
            texts, holds_brace = found
            if isinstance(texts, bytes):
                segments[-1] += texts + self.gaps[n + 1]
            else:
                varying.append(texts)
                directives.append(b"%b")
                segments.append(self.gaps[n + 1])
                braced = braced or holds_brace
        return segments, varying, directives, braced

    def column_texts(self, field: Conformer | None, column: Sequence[Any]) -> tuple[bytes | list[bytes], bool] | None:
        """Each value of ``column`` shaped and encoded (``write_columns``), or one text where the column
        holds one object in every row, and whether a text holds a brace; None where a value cannot be
        written so (see the class)."""
        first = column[0]
        # the count (in C) rules out most columns whose ends are the same small int or float before
        # the identity test of every row
        single = (
            len(column) > 1
            and column[-1] is first
            and column.count(first) == len(column)
            and all(map(is_, column, repeat(first)))
        )
        values = column[:1] if single else column
        if field is not None:
            values = self.shaped_column(field, values)
        try:
            data = orjson.dumps(values, default=embedded, option=ORJSON_OPTIONS)
        except TypeError:
            return None
        if b"null" in data:
            return None
        parts = data[1:-1].split(b",")
        if len(parts) != len(values):
            return None  # a value holding a comma
        return parts[0] if single else parts, b"{" in data or b"}" in data

    @staticmethod
    def shaped_column(field: Conformer, column: Sequence[Any]) -> Sequence[Any]:
        """A column's values as ``shaped`` shapes each of them (see the class)."""
        kinds = list(map(type, column))
        if kinds and kinds.count(kinds[0]) == len(kinds):
            # one type, as a day's column mostly is: counted in C, where a set of the types cost a third
            # more (an entry hashed and looked up per value)
            return column if kinds[0] in field.kept else list(map(value_conformer(field, kinds[0]), column))
        if set(kinds) <= field.kept:
            return column
        return [value if type(value) in field.kept else value_conformer(field, type(value))(value) for value in column]


def value_conformer(field: Conformer, kind: type) -> Callable[[Any], Any]:
    """What ``field.conform`` does to a value of type ``kind``: for a number, the one step
    ``Conformer.number`` takes (a row's numbers are most of what a history conforms). A number written as
    text is ``number_text``'s: ``repr`` of the float, ``str`` of the int, called on the type itself
    (``kind`` is the value's very type, so no check or conversion is left to make)."""
    if kind is int or kind is float:
        if field.number_as_text:
            return float.__repr__ if kind is float else int.__repr__
        if field.number_rounded:
            return round
        if field.number_as_float:
            return float
    return field.conform


def per_run(function: Callable[[int], Any], values: Iterable[int]) -> list[Any]:
    """``[function(value) for value in values]`` for a pure ``function`` of whole numbers, called once per
    run of equal values: a day's running energy sums stand still whenever no energy flows (hours of night,
    a battery idle), and rounding each of a week's 2,016 sums cost more than the rest of its column.
    Whole numbers only: equal floats can differ (0.0 and -0.0), and so could what ``function`` makes."""
    out: list[Any] = []
    append = out.append
    last: int | None = None
    made: Any = None
    for value in values:
        if value != last:
            last, made = value, function(value)
        append(made)
    return out


def json_array(rows: Iterable[bytes | memoryview]) -> Encoded:
    """The encoded ``rows`` as a JSON array, copied once: brackets and commas put between them, joined in
    one step (where adding the brackets to the joined rows copied a week's rows twice more) when first
    asked, or by the envelope's own join (``Encoded.of_pieces``)."""
    parts: list[bytes | memoryview] = [b"["]
    for row in rows:
        parts += (row, b",")
    if len(parts) > 1:
        parts[-1] = b"]"
    else:
        parts.append(b"]")
    return Encoded.of_pieces(parts)


def json_rows(rows: Rows, first: int = 0, last: int | None = None) -> Encoded:
    """Rows ``first`` up to ``last`` of a kept day as a JSON array, without splitting them."""
    return Encoded(b"".join((b"[", rows.view(first, last), b"]")))


def day_inputs(plant: Plant, day: date) -> Hashable:
    """What the fleet's physics of ``plant``'s ``day`` depends on: its model, the battery commands that
    touch the day and where the day starts, and the dates its counters count from."""
    return (plant.key, plant.model, day, plant.commands_on(day), plant.start_soc(day), plant.commissioned,
            plant.reference)  # fmt: skip


NAIVE_START_BYTES = 48 + 8  # a naive datetime and its place in the tuple


@byte_cache(1 << 20, lambda starts: 64 + NAIVE_START_BYTES * len(starts))
def local_starts(timezone: str, day: date) -> tuple[datetime, ...]:
    """Each slot's start of the plant-local ``day`` as a naive wall-clock time (``Slot.start`` without
    its zone), for comparing with a client's local bounds. Counted in bytes: kept by a count of 4096
    zone-days, a long history read could hold tens of megabytes of them."""
    return tuple(local.replace(tzinfo=None) for local in zone_day_starts(timezone, day)[1])


def field_conformer(schema: FieldSchema | None, key: str) -> Conformer | None:
    """The compiled schema of a row's field ``key`` (None where the shape step leaves it as it is)."""
    return None if schema is None else compiled(schema).fields.get(key)


TEXT_BYTES = 88  # a str of up to 25 ASCII characters (an ISO time with its offset) and its place in the tuple


@byte_cache(1 << 20, lambda texts: 64 + TEXT_BYTES * len(texts))
def slot_times(timezone: str, day: date, field: Conformer | None) -> tuple[Any, ...]:
    """Each slot's local start of the zone-day (``Slot.start``) as ``field`` shapes it where that is final
    (the shape step would leave the shaped value as it is), else as it is: every plant of a zone shares
    them, and a row's time costs a lookup instead of a strftime."""
    starts = zone_day_starts(timezone, day)[1]
    if field is None:
        return starts
    pattern = text_pattern(field)
    if pattern is not None:
        return wall_texts(timezone, day, pattern)
    shaped = tuple(field.conform(start) for start in starts)
    return shaped if all(type(value) in field.kept for value in shaped) else starts


def text_pattern(field: Conformer) -> str | None:
    """The strftime pattern ``field`` writes a datetime in, where the shape step writes it as that text
    and nothing else (not a Java date, not millis or digits, no offset to rewrite); else None."""
    if field.java or field.time_as_millis or field.format == "yyyy-MM-dd HH:mm:ss.S":
        return None
    pattern = TIME_FORMATS.get(field.format or "") or "%Y-%m-%d %H:%M:%S"
    return None if "%z" in pattern else pattern


CLOCK_DIRECTIVE = re.compile(r"%.")
CLOCK_FIELDS = {"%H": "{0}", "%M": "{1}", "%S": "00"}  # a slot starts on a whole minute
DATE_DIRECTIVES = {"%Y", "%m", "%d", "%%"}


def wall_texts(timezone: str, day: date, pattern: str) -> tuple[str, ...]:
    """Each slot's local start of the zone-day as ``start.strftime(pattern)`` writes it. On a day of 288
    slots from midnight on the wall clock, a pattern of dates, hours, minutes and seconds writes the same
    texts in every zone (``regular_wall_texts``, shared: the plants of a history are in many zones)."""
    if regular_wall_day(timezone, day) and clock_pattern(pattern):
        return regular_wall_texts(day, pattern)
    return written_starts(timezone, day, pattern)


@lru_cache(maxsize=64)
def clock_pattern(pattern: str) -> bool:
    """Whether ``pattern`` writes dates and the clock's hours, minutes and seconds only (no braces)."""
    directives = set(CLOCK_DIRECTIVE.findall(pattern))
    return directives <= DATE_DIRECTIVES | CLOCK_FIELDS.keys() and "{" not in pattern and "}" not in pattern


@lru_cache(maxsize=4096)
def regular_wall_day(timezone: str, day: date) -> bool:
    """Whether the zone-day's local slot starts (``zone_day_starts``) are 288, the first at midnight on the
    wall clock and the last 287 slots later on it with the same offset: worked out from the first and
    last instants alone, as ``zone_day_starts`` converts them, without making the day's 576 datetimes
    (a history that writes its times as text needs no datetime of a slot)."""
    start, count = day_frame(timezone, day)
    if count != SLOTS_PER_DAY:
        return False
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone), (start + SLOT_STEP * (SLOTS_PER_DAY - 1)).astimezone(zone)
    return (
        (first.hour, first.minute, first.second, first.microsecond) == (0, 0, 0, 0)
        and last - first == timedelta(minutes=SLOT_MINUTES * (SLOTS_PER_DAY - 1))
        and first.utcoffset() == last.utcoffset()
    )


@byte_cache(1 << 20, lambda texts: 64 + TEXT_BYTES * len(texts))
def written_starts(timezone: str, day: date, pattern: str) -> tuple[str, ...]:
    """Each slot's local start of the zone-day, ``write_moment`` by ``pattern``, one by one."""
    return tuple(write_moment(start, pattern) for start in zone_day_starts(timezone, day)[1])


@byte_cache(1 << 20, lambda texts: 64 + TEXT_BYTES * len(texts))
def regular_wall_texts(day: date, pattern: str) -> tuple[str, ...]:
    """``wall_texts`` of a regular day (288 slots from midnight on the wall clock) and a pattern of dates
    and the clock's fields only: the day's date written once with the clock's fields left open, and each
    slot's clock put in (``strftime`` of a zone's local midnight writes the date alone as the day's)."""
    frame = day.strftime(CLOCK_DIRECTIVE.sub(lambda found: CLOCK_FIELDS.get(found[0], found[0]), pattern))
    first, last = frame.find("{"), frame.rfind("}")
    if first < 0:
        return (frame,) * SLOTS_PER_DAY
    head, tail = frame[:first], frame[last + 1 :]
    clocks = map(head.__add__, wall_clock_texts(frame[first : last + 1]))
    return tuple(map(str.__add__, clocks, itertools.repeat(tail)) if tail else clocks)


@lru_cache(maxsize=16)
def wall_clock_texts(frame: str) -> tuple[str, ...]:
    """Each slot's ``frame.format(hour, minute)`` on a regular day: the part of a pattern between its
    clock's first and last fields, the same every day."""
    return tuple(frame.format(hour, minute) for hour, minute in WALL_CLOCK)


# Each slot's start on a regular day's wall clock, as two-digit hours and minutes.
WALL_CLOCK = tuple((f"{n // 12:02d}", f"{n % 12 * SLOT_MINUTES:02d}") for n in range(SLOTS_PER_DAY))


@byte_cache(1 << 20, lambda texts: 64 + TEXT_BYTES * len(texts))
def slot_isoformats(timezone: str, day: date) -> tuple[str, ...]:
    """Each slot's local start of the zone-day in ISO format (``Slot.start.isoformat()``), shared by the
    zone's plants. On a regular day (288 slots from midnight on the wall clock) whose slots all show one
    offset, each text is the day's wall clock text every zone shares with the offset's text after it: an
    ``isoformat`` per slot was a twentieth of a new ras/v2 day."""
    starts = zone_day_starts(timezone, day)[1]
    if day.year >= 1000 and wall_layout(timezone, day) == REGULAR and len(set(map(datetime.utcoffset, starts))) == 1:
        # whole seconds and a four-digit year: isoformat writes the wall clock in 19 characters, then the offset
        offset = starts[0].isoformat()[len("2026-06-21T00:00:00") :]
        return tuple(map(str.__add__, regular_wall_texts(day, ISO_WALL_CLOCK), itertools.repeat(offset)))
    return tuple(start.isoformat() for start in starts)


ISO_WALL_CLOCK = "%Y-%m-%dT%H:%M:%S"  # what isoformat writes before the offset


# A zone-day's naive slot starts: local midnight plus a slot per slot (288 of them), else ascending
# (a day whose clock goes forward), else not (a day whose clock turns back).
REGULAR, ASCENDING, UNORDERED = range(3)
SLOT_STEP = timedelta(minutes=SLOT_MINUTES)


@lru_cache(maxsize=4096)
def wall_layout(timezone: str, day: date) -> int:
    """How the zone-day's naive slot starts lie (REGULAR, ASCENDING or UNORDERED): kept as a number, so a
    regular day's slots are found by arithmetic without its starts (``local_starts``, 16 KB a zone-day,
    were built again by every call once a week's reads of several zones had pushed them out)."""
    starts = zone_day_starts(timezone, day)[1]
    first, middle, last = starts[0], starts[len(starts) // 2], starts[-1]
    if (
        len(starts) == SLOTS_PER_DAY
        and (first.hour, first.minute, first.second, first.microsecond) == (0, 0, 0, 0)
        and first.utcoffset() == middle.utcoffset() == last.utcoffset()
    ):
        # zone_day_starts wrote these starts as midnight plus a slot per slot (its own test, the same)
        return REGULAR
    walls = local_starts(timezone, day)
    midnight = datetime.combine(day, time())
    if len(walls) == SLOTS_PER_DAY and all(wall == midnight + n * SLOT_STEP for n, wall in enumerate(walls)):
        return REGULAR
    return ASCENDING if all(a < b for a, b in pairwise(walls)) else UNORDERED


def walls_ascend(timezone: str, day: date) -> bool:
    """Whether the zone-day's naive slot starts ascend (not on a day whose clock turns back)."""
    return wall_layout(timezone, day) != UNORDERED


def slots_within(timezone: str, day: date, count: int, first: datetime, last: datetime) -> list[int]:
    """The indexes of the zone-day's first ``count`` slots whose naive start is from ``first`` to ``last``:
    worked out from the bounds on a regular day, two bisections where the starts ascend, else a walk."""
    layout = wall_layout(timezone, day)
    if layout == REGULAR:
        count = min(count, SLOTS_PER_DAY)
        midnight = datetime.combine(day, time())
        after_first, part = divmod(first - midnight, SLOT_STEP)  # slots wholly before ``first``
        low = after_first + (1 if part else 0)
        high = (last - midnight) // SLOT_STEP + 1  # slots starting by ``last``
        return list(range(min(max(low, 0), count), min(max(high, 0), count)))
    walls = local_starts(timezone, day)
    count = min(count, len(walls))
    if layout == ASCENDING:
        return list(range(bisect_left(walls, first, 0, count), bisect_right(walls, last, 0, count)))
    return [n for n in range(count) if first <= walls[n] <= last]


# Off, every day is built as today is, through the pipeline's shape step (tests compare both ways).
KEEP_FINISHED_DAYS = True


def keeps_finished_days() -> bool:
    """``KEEP_FINISHED_DAYS`` as it is now (a name imported from here would keep the value it had)."""
    return KEEP_FINISHED_DAYS


# Off, ``RowWriter.write_all``'s callers write each row on its own (tests compare both ways).
WRITE_BY_COLUMNS = True


def writes_by_columns() -> bool:
    """``WRITE_BY_COLUMNS`` as it is now."""
    return WRITE_BY_COLUMNS


def device_inputs(device: Device | None) -> Hashable:
    """What a device's readings depend on beyond its plant's physics."""
    return None if device is None else (device.sn, device.kind, device.model, device.nominal_w, device.pv_share)


def finished(plant: Plant, day: date, now: datetime) -> bool:
    """Whether ``day`` has ended in the plant's zone at ``now``, so its rows are final and kept."""
    return KEEP_FINISHED_DAYS and day < plant.local_date(now)
