"""An answer mostly of Encoded JSON has its own values checked before its bytes are searched for null:
the outcome is the one the search-first order gives."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.core.codecs.json_bytes import Encoded, all_finite, dumps

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


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3), st.floats())
bodies = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner, max_size=5)
)


@given(bodies)
def test_all_finite_says_whether_the_strict_encoder_takes_the_body(body: object) -> None:
    """Rows of plain types are passed on their set of types: the verdict stays the strict encoder's."""
    try:
        json.dumps(body, allow_nan=False)
    except ValueError:
        takes = False
    else:
        takes = True
    assert all_finite(body) == takes


def test_a_row_of_texts_and_nulls_beside_a_nested_nan_is_refused() -> None:
    row = {f"p{n}": None if n % 2 else str(n) for n in range(50)}
    assert all_finite({"rows": [row, row]})
    assert not all_finite({"rows": [row, {**row, "deep": {"x": [1, math.nan]}}]})
    assert all_finite({"rows": [{**row, "kept": Encoded(b"[null]")}]})
