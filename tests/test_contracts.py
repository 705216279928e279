"""The contract checks themselves: they reject what a server must not send."""

from __future__ import annotations

import pytest

from solarfakes.contracts.schema_check import ContractViolation, check_error, check_success
from solarfakes.specs import load_spec

GROWATT = load_spec("growatt_v1", "observed")
GOOD_DETAILS = {
    "data": {"name": "x", "user_id": 1, "country": "DE", "longitude": "8.6", "latitude": "48.0", "create_date": "2024-01-01",
             "image_url": None, "peak_power": 3.5, "currency": "1", "timezone": "Europe/Berlin"},
    "error_code": 0,
    "error_msg": "",
}  # fmt: skip


def test_a_conforming_body_passes() -> None:
    check_success(GROWATT, "observed", "plant_details", GOOD_DETAILS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b["data"].update(peak_power="3.5"), "is not of type 'number'"),
        (lambda b: b.update(error_code="0"), "0 was expected"),
        (lambda b: b.pop("error_msg"), "'error_msg' is a required property"),
        (lambda b: b.update(data="$payload"), "is not of type 'object'"),
        (lambda b: b["data"].update(create_date="01.01.2024"), "does not match"),
    ],
)
def test_a_body_off_the_spec_is_rejected(change: object, message: str) -> None:
    body = {**GOOD_DETAILS, "data": dict(GOOD_DETAILS["data"])}  # type: ignore[arg-type]
    change(body)  # type: ignore[operator]
    with pytest.raises(ContractViolation, match=message.replace("$", r"\$")):
        check_success(GROWATT, "observed", "plant_details", body)


def test_error_bodies_must_carry_a_known_code() -> None:
    check_error(GROWATT, "observed", None, {"data": "", "error_code": 10011, "error_msg": "error_permission_denied"})
    with pytest.raises(ContractViolation, match="is not one of"):
        check_error(GROWATT, "observed", None, {"data": "", "error_code": 424242, "error_msg": "?"})


def test_an_unfilled_envelope_placeholder_is_caught_but_stored_text_is_not() -> None:
    body = {
        "data": {"device_sn": "X"},
        "datalogger_sn": "$datalogger_sn",
        "device_sn": "X",
        "error_code": 0,
        "error_msg": "",
    }
    with pytest.raises(ContractViolation, match=r"unfilled placeholder \$datalogger_sn"):
        check_success(GROWATT, "observed", "device_inverter_last_new_data", body)
    users = {"data": {"count": 1, "c_user": [{"c_user_id": 1, "c_user_email": "a@b", "c_user_regtime": "2024-01-01 00:00:00",
             "c_user_name": "$F", "c_user_tel": ""}]}, "error_code": 0, "error_msg": ""}  # fmt: skip
    check_success(GROWATT, "observed", "user_c_user_list", users)
