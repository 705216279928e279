"""The success envelope written straight to its bytes: the template's compact JSON is cut once at its
placeholders, and a call joins the pieces with its values' JSON (a kept ``Encoded`` payload as it is),
instead of rendering a dict that the encoder walks, writes and searches on every call. The bytes are
those ``json_bytes.dumps`` writes of the rendered envelope; a value it would refuse or write otherwise
(a NaN, what orjson cannot write) sends the call down the rendering path, which answers as before."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from solarfakes.simulators.core.codecs.json_bytes import ORJSON_OPTIONS, Encoded, all_finite, plain
from solarfakes.simulators.core.envelope import merged_names, placeholders, render, template_names, timestamp_text
from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Envelope
from solarfakes.specs.schemas import typed_code

# Stands in for a placeholder while the template is written; no vendor template holds this text.
MARKER = "\u2063solarfakes-placeholder-{}\u2063"
Pieces = tuple[tuple[bytes, ...], tuple[str, ...]]


@per_object()
def envelope_pieces(envelope: Envelope) -> Pieces | None:
    """``success_pieces`` of the envelope's success template, its $code (always the success code)
    written in."""
    return success_pieces(envelope.success.body, {"$code": typed_code(envelope, envelope.success_code)})


def success_pieces(template: Any, constants: dict[str, Any] | None = None) -> Pieces | None:
    """The template's bytes between its placeholders and the placeholders in order, ``constants``
    written in; None where it merges a value into a dict ($merge) or its constant part is not plain JSON."""
    if merged_names(template):
        return None
    constants = constants or {}
    names = sorted(placeholders(template) - constants.keys())
    markers = {MARKER.format(n): name for n, name in enumerate(names)}
    try:
        written = orjson.dumps(render(template, constants | {name: marker for marker, name in markers.items()}))
    except TypeError:
        return None
    if b"null" in written and not all_finite(render(template, constants)):
        return None
    if not markers:
        return (written,), ()
    pattern = re.compile(b"|".join(re.escape(orjson.dumps(marker)) for marker in markers))
    found = [markers[orjson.loads(match.group())] for match in pattern.finditer(written)]
    return tuple(pattern.split(written)), tuple(found)


def filled(pieces: Pieces, values: dict[str, Any]) -> bytes | None:
    """The pieces joined with each placeholder's JSON (a name without a value stays as written, as
    ``render`` leaves it); None for a value the encoder would refuse or write otherwise."""
    gaps, names = pieces
    parts: list[bytes | memoryview] = [gaps[0]]
    embedded_nulls = [0]

    def counted(value: Any) -> Any:
        """``embedded``, counting the nulls of the Encoded JSON it embeds (orjson writes them as they are)."""
        if isinstance(value, Encoded):
            embedded_nulls[0] += value.nulls()
            return orjson.Fragment(value.data)
        return plain(value)

    for n, name in enumerate(names):
        value = values.get(name, name)
        if type(value) is Encoded:
            if value.pieces is not None:  # joined once, here
                parts += value.pieces
                parts.append(gaps[n + 1])
                continue
            part = value.data
        else:
            embedded_nulls[0] = 0
            try:
                part = orjson.dumps(value, default=counted, option=ORJSON_OPTIONS)
            except TypeError:
                return None
            # A "null" not embedded is a None, a NaN or text: where there is none, no NaN was written and
            # the value is not walked. None spans an embedded part's edge: valid JSON starts and ends
            # with none of its inner letters, and punctuation surrounds it.
            if b"null" in part and nulls_outside(value, embedded_nulls[0]) and not all_finite(value):
                return None
        parts.append(part)
        parts.append(gaps[n + 1])
    return b"".join(parts)


def nulls_outside(value: Any, embedded: int) -> bool:
    """Whether ``value``, written as ``part`` holding a null, writes one outside the Encoded JSON it
    embeds, whose nulls number ``embedded``: ``part.count(b"null") != embedded``. Where some are
    embedded, the value is written again with each embedded part as ``0``, which makes and takes no
    null: that costs a fraction of counting nulls through an answer full of them (~1.2 us for 51 in 1 KB)."""
    if not embedded:
        return True
    return b"null" in orjson.dumps(value, default=skeletal, option=ORJSON_OPTIONS)


EMBEDDED_PLACE = orjson.Fragment(b"0")


def skeletal(value: Any) -> Any:
    """``counted`` for ``nulls_outside``: an embedded part written as 0."""
    return EMBEDDED_PLACE if isinstance(value, Encoded) else plain(value)


@dataclass(frozen=True, slots=True)
class SuccessPlan:
    """``success_answer`` of one envelope with what it looks up decided once: the template, its pieces,
    which base values it uses and its typed success code."""

    http_status: int
    template: Any
    pieces: Pieces | None
    code: int | str
    wants_serial: bool
    wants_timestamp: bool
    wants_path: bool


@per_object()
def success_plan(envelope: Envelope) -> SuccessPlan:
    used = template_names(envelope.success.body)
    return SuccessPlan(
        http_status=envelope.success.http_status,
        template=envelope.success.body,
        pieces=envelope_pieces(envelope),
        code=typed_code(envelope, envelope.success_code),
        wants_serial="$serial" in used,
        wants_timestamp="$timestamp" in used,
        wants_path="$path" in used,
    )


def planned_answer(
    plan: SuccessPlan, payload: Any, extras: dict[str, Any], path: str, now: datetime, serial: Callable[[], str]
) -> tuple[int, Any]:
    """The success envelope (status, body), as its bytes where the template allows (see the module's note)."""
    values = success_values(plan, payload, extras, path, now, serial)
    if plan.pieces is not None:
        written = filled(plan.pieces, values)
        if written is not None:
            return plan.http_status, written
    return plan.http_status, render(plan.template, values)


def success_values(
    plan: SuccessPlan, payload: Any, extras: dict[str, Any], path: str, now: datetime, serial: Callable[[], str]
) -> dict[str, Any]:
    """The values of the success template's placeholders, only those it uses among the base values."""
    values: dict[str, Any] = {}
    if plan.wants_serial:
        values["$serial"] = serial()
    if plan.wants_timestamp:
        values["$timestamp"] = timestamp_text(now)
    if plan.wants_path:
        values["$path"] = path
    for key, value in extras.items():
        values[f"${key}"] = value
    values["$payload"] = payload
    values["$code"] = plan.code
    return values
