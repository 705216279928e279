"""The success envelope written as bytes is what the encoder writes of the rendered envelope, and a value
the encoder refuses or writes otherwise takes the rendering path."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from solarfakes.simulators.core.codecs.json_bytes import Encoded, dumps
from solarfakes.simulators.core.envelope import render
from solarfakes.simulators.core.envelope_bytes import filled, success_pieces

TEMPLATES = [
    {"code": 200, "msg": "Success", "expMsg": None, "data": "$payload", "extra": None},
    {"req_serial_num": "$serial", "result_code": "1", "result_msg": "success", "result_data": "$payload"},
    {"data": "$payload", "code": "$code", "more": ["$payload", {"x": "$unset"}]},
    {"ReturnCode": 0, "Result": "$payload", "note": 'héllo "quoted" \\ $not-a-name-here'},
]
PAYLOADS = [None, 1, 1.5, "text", [1, None, {"a": 2.0}], {"k": "v"}, Encoded(b'{"a":1}'), {"big": 2**70}]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_the_bytes_are_the_encoders(template: dict, payload: object) -> None:
    values = {"$payload": payload, "$code": 0, "$serial": "2026010100000000000000000000abcd"}
    pieces = success_pieces(template)
    assert pieces is not None
    written = filled(pieces, values)
    expected = dumps(render(template, values))
    assert written is None or written == expected
    if not isinstance(payload, dict) or "big" not in payload:
        assert written is not None


def test_a_nan_takes_the_rendering_path() -> None:
    pieces = success_pieces(TEMPLATES[0])
    assert pieces is not None
    assert filled(pieces, {"$payload": {"x": math.nan}}) is None


NULLS = Encoded(b'{"p1":null,"p2":"annulled","p3":[null,null]}')


@pytest.mark.parametrize(
    "payload",
    [
        {"rows": [NULLS, NULLS]},
        {"rows": [NULLS], "gone": None},
        {"rows": [NULLS], "note": "null"},
        [NULLS, {"x": None}, NULLS],
    ],
    ids=repr,
)
def test_a_payload_embedding_nulls_is_written_as_the_encoder_writes_it(payload: object) -> None:
    """The nulls of embedded Encoded JSON are not taken for a NaN; a payload's own nulls beside them are
    still checked, and written as the encoder writes them."""
    pieces = success_pieces(TEMPLATES[1])
    assert pieces is not None
    values = {"$payload": payload, "$serial": "2026010100000000000000000000abcd"}
    assert filled(pieces, values) == dumps(render(TEMPLATES[1], values))


@pytest.mark.parametrize("nan", [math.nan, math.inf, -math.inf])
def test_a_nan_beside_embedded_nulls_takes_the_rendering_path(nan: float) -> None:
    pieces = success_pieces(TEMPLATES[1])
    assert pieces is not None
    assert filled(pieces, {"$payload": {"rows": [NULLS, NULLS], "x": nan}}) is None
    assert filled(pieces, {"$payload": [NULLS, [nan], NULLS]}) is None


def test_a_merging_template_is_rendered() -> None:
    assert success_pieces({"$merge": "$payload", "error_code": 0}) is None


@pytest.mark.parametrize(
    "api", ["growatt_v1", "alphaess_openapi", "alphaess_ras_v2", "apsystems_openapi", "isolarcloud"]
)
@pytest.mark.parametrize("profile", ["observed", "documented"])
def test_every_success_envelope_writes_the_encoders_bytes(api: str, profile: str) -> None:
    from solarfakes.simulators.core.envelope_bytes import envelope_pieces, success_plan, success_values
    from solarfakes.specs.loader import load_spec

    envelope = load_spec(api, profile).envelope  # type: ignore[arg-type]
    plan = success_plan(envelope)
    values = success_values(plan, {"a": [1.5, None]}, {}, "/p", datetime(2026, 6, 21, tzinfo=UTC), lambda: "S")
    pieces = envelope_pieces(envelope)
    if pieces is None:
        assert "$merge" in str(envelope.success.body)
        return
    assert filled(pieces, values) == dumps(render(envelope.success.body, values))


PIECES = [b"[", memoryview(b'{"a":1,"b":null}'), b",", memoryview(b'{"c":"x,y"}')[:11], b"]"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_payload_given_in_pieces_is_written_as_its_joined_bytes(template: dict) -> None:
    """Encoded JSON made of pieces (a history's kept rows) is written as the same JSON joined; a payload
    placed as a value goes into the envelope's own join without being joined first."""
    values = {"$code": 0, "$serial": "2026010100000000000000000000abcd"}
    pieces = success_pieces(template)
    assert pieces is not None
    given = Encoded.of_pieces(list(PIECES))
    written = filled(pieces, {**values, "$payload": given})
    joined = b"".join(PIECES)
    assert written == filled(pieces, {**values, "$payload": Encoded(joined)})
    assert written == dumps(render(template, {**values, "$payload": Encoded(joined)}))
    if template is TEMPLATES[0]:
        assert given.pieces is not None, "written by the envelope's join, never joined on its own"
    assert given.data == joined
    assert given.pieces is None, "joined once"
    assert given.data is given.data
    assert given.nulls() == 1
    assert repr(given) == repr(Encoded(joined))
