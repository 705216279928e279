"""An answer mostly of Encoded JSON has its own values checked before its bytes are searched for null:
the outcome is the one the search-first order gives."""

from __future__ import annotations

import json

import pytest

from solarfakes.simulators.core.codecs.json_bytes import Encoded, dumps

ROWS = Encoded(b"[" + b",".join(b'{"v":null,"w":1.5}' for _ in range(2000)) + b"]")  # past SEARCH_FIRST_BYTES


def test_a_nan_beside_a_big_encoded_part_is_still_refused() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"total": float("nan"), "rows": ROWS})
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps([ROWS, [1.0, {"deep": -float("inf")}]])


def test_nulls_inside_a_big_encoded_part_pass_as_they_are() -> None:
    written = dumps({"total": 50, "ratio": 0.5, "rows": ROWS, "none": None})
    assert written == b'{"total":50,"ratio":0.5,"rows":' + ROWS.data + b',"none":null}'
    assert json.loads(written)["rows"][0] == {"v": None, "w": 1.5}


def test_a_small_encoded_part_beside_a_nan_is_refused_too() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"total": float("nan"), "rows": Encoded(b"[1]"), "pad": "x" * 200})
