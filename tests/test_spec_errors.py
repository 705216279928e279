"""Malformed specs are refused with the file, the path inside it and what is wrong."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from solarfakes.specs import SpecError, load_file, raw_spec

Edit = Callable[[dict[str, Any]], None]


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    file = tmp_path / "broken.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return file


def edited(edit: Edit) -> dict[str, Any]:
    data = copy.deepcopy(raw_spec("growatt_v1"))
    edit(data)
    return data


def drop_endpoint_method(data: dict[str, Any]) -> None:
    del data["endpoints"][1]["method"]


def break_param_type(data: dict[str, Any]) -> None:
    data["endpoints"][0]["params"][0]["type"] = "strng"


def duplicate_endpoint(data: dict[str, Any]) -> None:
    data["endpoints"].append(copy.deepcopy(data["endpoints"][3]))


def duplicate_route(data: dict[str, Any]) -> None:
    twin = copy.deepcopy(data["endpoints"][3])
    twin["id"] = "a_new_id"
    data["endpoints"].append(twin)


def unknown_error_reference(data: dict[str, Any]) -> None:
    data["endpoints"][0]["errors"] = [{"code": 99999, "source": "growatt-openapi-v1 4.1.1"}]


def missing_source(data: dict[str, Any]) -> None:
    del data["errors"][0]["source"]


def wrong_type_for_count(data: dict[str, Any]) -> None:
    data["endpoints"][0]["documented"] = "sometimes"


@pytest.mark.parametrize(
    ("edit", "path", "problem"),
    [
        (drop_endpoint_method, "endpoints[1]", "'method' is a required property"),
        (break_param_type, "endpoints[0].params[0].type", "'strng' is not one of"),
        (duplicate_endpoint, "endpoints", "duplicate endpoint id"),
        (duplicate_route, "endpoints", "duplicate endpoint GET /v1/user/c_user_list"),
        (unknown_error_reference, "endpoints[0].errors[0].code", "not in the errors table"),
        (missing_source, "errors[0]", "'source' is a required property"),
        (wrong_type_for_count, "endpoints[0].documented", "is not of type 'boolean'"),
    ],
)
def test_broken_spec_names_file_path_and_fault(tmp_path: Path, edit: Edit, path: str, problem: str) -> None:
    file = write(tmp_path, edited(edit))
    with pytest.raises(SpecError) as caught:
        load_file(file)
    assert caught.value.file.startswith(str(file))
    assert caught.value.path == path
    assert problem in caught.value.problem
    assert str(file) in str(caught.value)
    assert path in str(caught.value)


def test_not_yaml_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("api: [unclosed", encoding="utf-8")
    with pytest.raises(SpecError, match="not valid YAML"):
        load_file(file)


def test_profile_pair_with_one_side_is_not_a_pair(tmp_path: Path) -> None:
    def half_pair(data: dict[str, Any]) -> None:
        data["auth"]["token"]["sliding"] = {"observed": False}

    with pytest.raises(SpecError) as caught:
        load_file(write(tmp_path, edited(half_pair)))
    assert caught.value.path == "auth.token.sliding"


def test_an_intact_copy_loads(tmp_path: Path) -> None:
    spec = load_file(write(tmp_path, edited(lambda data: None)))
    assert spec.api == "growatt_v1"


def drop_auth_header(data: dict[str, Any]) -> None:
    del data["auth"]["header"]


def unknown_scheme(data: dict[str, Any]) -> None:
    data["auth"]["scheme"] = "header_tokn"


def unknown_auth_code(data: dict[str, Any]) -> None:
    data["auth"]["token"]["invalid_error"] = 77777


@pytest.mark.parametrize(
    ("edit", "path", "problem"),
    [
        (drop_auth_header, "auth", "'header' is a required property"),
        (unknown_scheme, "auth.scheme", "unknown scheme 'header_tokn'"),
        (unknown_auth_code, "auth.token.invalid_error", "not in the errors table"),
    ],
)
def test_a_broken_auth_block_is_a_load_error(tmp_path: Path, edit: Edit, path: str, problem: str) -> None:
    with pytest.raises(SpecError) as caught:
        load_file(write(tmp_path, edited(edit)))
    assert caught.value.path == path
    assert problem in caught.value.problem


def signed_auth(edit: Edit) -> dict[str, Any]:
    data = copy.deepcopy(raw_spec("alphaess_openapi"))
    edit(data["auth"])
    return data


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda auth: auth.update(checks_order=["headers", "timestamp", "sign"]), "checks_order lacks app_id"),
        (lambda auth: auth.update(checks_order=["headers", "timestamp", "sign", "app_id"]), "app_id before sign"),
        (lambda auth: auth.update(checks_order=["headers", "app_id", "sign"]), "checks_order lacks timestamp"),
        (lambda auth: auth.update(string_to_sign="{app_id}{secret}"), "unknown placeholders: secret"),
        (lambda auth: auth.update(hmac_methods={"HmacSHA256": "sha256"}), "exactly one of digest and hmac_methods"),
    ],
)
def test_a_signed_headers_block_must_be_executable(tmp_path: Path, edit: Edit, problem: str) -> None:
    with pytest.raises(SpecError) as caught:
        load_file(write(tmp_path, signed_auth(edit)))
    assert caught.value.path == "auth"
    assert problem in caught.value.problem
