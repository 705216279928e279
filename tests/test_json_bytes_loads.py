"""``json_bytes.loads`` answers what ``json.loads(text, parse_constant=reject_constant)`` answers, value for
value (types and key order included) or error for error, on its one shared decoder. (orjson was tried here
and measured slower on request bodies once its guard for integers past 64 bits was paid.)"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from solarfakes.simulators.core.codecs.json_bytes import loads, reject_constant

EDGES = [
    "1e400",
    "-1e400",
    "[1E400, 2]",
    '{"a":1,"a":2,"b":3}',
    '"\\ud800"',
    "123456789012345678901234567890",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "-0",
    "-0.0",
    "0.1",
    "5e-324",
    "1.7976931348623157e308",
    "1E2",
    "[" * 600 + "]" * 600,
    "[" * 5000 + "]" * 5000,
    '  {"a" : 1 } \n',
    '"\x01"',
    "NaN",
    "[Infinity]",
    "-Infinity",
    '{"a": 1,}',
    "",
    "tru",
    '"\\u00e9\\n\\t"',
    '{"x": "12345678901234567890 in a string"}',
]


def strict(text: str) -> tuple[str, Any]:
    try:
        return "value", json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__, str(exc)


def ours(text: str) -> tuple[str, Any]:
    try:
        return "value", loads(text)
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__, str(exc)


def same(one: tuple[str, Any], other: tuple[str, Any]) -> bool:
    """Equal with types and key order, NaN-free (neither side answers a NaN)."""
    return one[0] == other[0] and json.dumps(one[1]) == json.dumps(other[1]) and repr(one[1]) == repr(other[1])


@pytest.mark.parametrize("text", EDGES)
def test_edge_texts_read_as_the_standard_library_reads_them(text: str) -> None:
    assert same(ours(text), strict(text))


def random_number(rnd: random.Random) -> str:
    digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randrange(1, 25))).lstrip("0") or "0"
    text = ("-" if rnd.random() < 0.3 else "") + digits
    if rnd.random() < 0.5:
        text += "." + "".join(rnd.choice("0123456789") for _ in range(rnd.randrange(1, 20)))
    if rnd.random() < 0.3:
        text += rnd.choice("eE") + rnd.choice(["", "+", "-"]) + str(rnd.randrange(0, 330))
    return text


def random_json(rnd: random.Random, depth: int = 0) -> str:
    kind = rnd.randrange(7 if depth < 4 else 4)
    if kind == 0:
        return random_number(rnd)
    if kind == 1:
        return json.dumps("".join(chr(rnd.randrange(1, 0x2FF)) for _ in range(rnd.randrange(0, 12))))
    if kind == 2:
        return rnd.choice(["true", "false", "null"])
    if kind == 3:
        return repr(rnd.uniform(-1e6, 1e6))
    if kind in (4, 5):
        keys = [rnd.choice("abcdAB") for _ in range(rnd.randrange(0, 6))]  # repeated keys included
        return "{" + ", ".join(f'"{key}": {random_json(rnd, depth + 1)}' for key in keys) + "}"
    return "[" + ",".join(random_json(rnd, depth + 1) for _ in range(rnd.randrange(0, 6))) + "]"


def test_random_documents_read_as_the_standard_library_reads_them() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        text = random_json(rnd)
        assert same(ours(text), strict(text)), text
