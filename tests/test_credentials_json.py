"""The credentials answer, encoded one API at a time: the bytes ``json_of`` gave for the whole view, and
still one credentials event in the state file."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from solarfakes.simulators.core.admin import credentials_json, json_of, utf8_json
from solarfakes.simulators.core.state_file import StateFile
from solarfakes.simulators.pytest_plugin import SyncASGITransport
from solarfakes.simulators.vendors import build_cloud

SMALL = {"seed": 7, "plants": 30}


def stdlib_json(content: object) -> bytes:
    """What the admin API wrote before orjson served it: the standard library's text, UTF-8, or all of it
    escaped where a lone surrogate is. The reference the orjson paths must match byte for byte."""
    try:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(content, allow_nan=False, separators=(",", ":")).encode("ascii")


def test_same_bytes_as_one_json_of_of_the_whole_view() -> None:
    cloud = build_cloud(**SMALL)
    before = stdlib_json(cloud.credentials())
    assert credentials_json(cloud) == before
    assert json.loads(before).keys() == cloud.simulators.keys()


def test_non_ascii_chosen_credential_stays_utf8() -> None:
    chosen = {"growatt_v1": {"token": "tök€n😀\u2028\x7f\x1f"}}
    cloud = build_cloud(**SMALL, credentials=chosen)
    written = credentials_json(cloud)
    assert written == stdlib_json(cloud.credentials())
    assert "tök€n😀".encode() in written
    assert json.loads(written)["growatt_v1"]["token"] == chosen["growatt_v1"]["token"]


def test_lone_surrogate_escapes_the_whole_answer_as_before() -> None:
    # One API's lone surrogate makes json_of escape every API's text; the views written before it too.
    chosen = {"alphaess_openapi": {"app_id": "caf\u00e9"}, "apsystems_openapi": {"app_id": "x\ud800y"}}
    cloud = build_cloud(**SMALL, credentials=chosen)
    written = credentials_json(cloud)
    assert written == stdlib_json(cloud.credentials())
    assert written.isascii()
    assert b"caf\\u00e9" in written
    assert b"x\\ud800y" in written
    assert utf8_json({"a": "x\ud800y"}) is None


def test_one_credentials_event_per_call(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    cloud = build_cloud(**SMALL, state=path)
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1:9999") as client:
        answer = client.get("/_solarfakes/credentials")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == stdlib_json(cloud.credentials())
    cloud.close()
    kinds = [kind for kind, _, _ in StateFile(path).events()]
    assert kinds == ["credentials", "credentials"]


def test_orjson_path_writes_what_json_of_writes() -> None:
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    view = {"text": every_char, "numbers": [0, -(2**63), 2**64 - 1, True, None], "empty": [{}, []]}
    assert utf8_json(view) == stdlib_json(view)
    assert utf8_json({"big": 2**64}) == stdlib_json({"big": 2**64})  # past orjson: the standard library's
    assert utf8_json({"float": 1e-05}) == stdlib_json({"float": 1e-05})


def test_every_admin_answer_is_written_as_the_standard_library_writes_it() -> None:
    for content in ({"a": "tök€n😀\u2028", "n": [1, 2**64, None, 1e-05]}, {"a": "x\ud800y", "b": "café"}):
        assert json_of(content) == stdlib_json(content)
