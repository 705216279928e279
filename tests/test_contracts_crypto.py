"""Crypto properties through both sides of each auth scheme: the reference client signs (solarfakes.clients),
the fake cloud verifies (simulators/core/auth); a signed call is accepted, and any changed byte of what the
signature covers is refused with the spec's own code. Known answers are pinned on the client side too."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solarfakes.clients import VendorError
from solarfakes.clients.auth import client_auth
from solarfakes.clients.request import prepare
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.specs import crypto, load_spec
from solarfakes.specs.auth import SignedHeadersAuth, SortedPairsAuth
from solarfakes.specs.signing import signed_header_values

PROPERTY = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
HEX = "0123456789abcdef"


def changed(text: str, index: int, alphabet: str) -> str:
    """``text`` with the character at ``index`` replaced by another one of ``alphabet``."""
    index %= len(text)
    other = next(c for c in alphabet if c != text[index])
    return text[:index] + other + text[index + 1 :]


def send(handle: CloudHandle, endpoint_id: str, params: dict[str, Any], tamper: Any = None) -> Any:
    """Sign a call with the reference client's auth, let ``tamper`` change the prepared request, send it."""
    client = handle.reference_client()
    auth = client.core.auth
    opening = auth.session_request(handle.spec.endpoint(endpoint_id), handle.clock.timestamp())
    if opening is not None:
        client.run(client.core.exchange(opening, handle.clock.timestamp()))
    prepared = prepare(handle.spec.endpoint(endpoint_id), params)
    auth.sign(prepared, handle.clock.timestamp())
    if tamper is not None:
        tamper(prepared)
    with handle.client() as http:
        response = http.request(prepared.method, prepared.path, **prepared.httpx_options())
    return response.json()


def test_alphacloud_sign_round_trips_and_any_changed_character_is_refused(alphacloud: CloudHandle) -> None:
    auth = alphacloud.spec.auth
    assert isinstance(auth, SignedHeadersAuth)
    sign_header = auth.header_names["signature"]
    assert send(alphacloud, "getEssList", {})["code"] == 200

    @given(index=st.integers(0, 127))
    @PROPERTY
    def tampered(index: int) -> None:
        def tamper(prepared: Any) -> None:
            prepared.headers[sign_header] = changed(prepared.headers[sign_header], index, HEX)

        assert send(alphacloud, "getEssList", {}, tamper)["code"] == auth.errors.bad_signature

    tampered()


def test_apsystems_hmac_round_trips_and_the_signed_path_and_nonce_are_bound(apsystems_cloud: CloudHandle) -> None:
    auth = apsystems_cloud.spec.auth
    assert isinstance(auth, SignedHeadersAuth)
    sid = apsystems_cloud.credentials["systems"][0]["sid"]
    assert send(apsystems_cloud, "system_details", {"sid": sid})["code"] == 0
    sign_header, nonce_header = auth.header_names["signature"], auth.header_names["nonce"]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    @given(index=st.integers(0, 63), part=st.sampled_from(["signature", "nonce", "path"]))
    @PROPERTY
    def tampered(index: int, part: str) -> None:
        def tamper(prepared: Any) -> None:
            if part == "signature":
                prepared.headers[sign_header] = changed(prepared.headers[sign_header], index, alphabet)
            elif part == "nonce":
                prepared.headers[nonce_header] = changed(prepared.headers[nonce_header], index, HEX)
            else:  # another system's id than the one signed (the signature covers the last path segment)
                others = apsystems_cloud.credentials["system_ids"]
                prepared.path = prepared.path.replace(sid, next(s for s in others if s != sid))

        assert send(apsystems_cloud, "system_details", {"sid": sid}, tamper)["code"] == int(auth.errors.bad_signature)

    tampered()


@pytest.mark.parametrize("sid", ["AZ 12649A3DFF", "AZ%12649A3DFF", "AZ\u00e912649A3DFF", "AZ+12649:A3DFF"])
def test_apsystems_an_id_the_url_percent_encodes_is_signed_as_the_server_reads_it(
    apsystems_cloud: CloudHandle, sid: str
) -> None:
    """RequestPath is the id decoded from the URL (specs/apsystems_openapi.yaml, auth.request_path): the client
    signs the id itself, not its percent-encoding, so an unknown id is refused as unknown (2004), not as a bad
    signature (2000), and the server's string to sign names the id as given."""
    auth = apsystems_cloud.spec.auth
    assert isinstance(auth, SignedHeadersAuth)
    client = apsystems_cloud.reference_client()
    with pytest.raises(VendorError) as refused:
        client.system_details(sid=sid)
    entry = apsystems_cloud.journal.last()
    assert entry.path.endswith("/" + sid)
    assert refused.value.code == 2004, entry.diagnostics
    assert entry.diagnostics.get("check") != "sign"


def test_rasv2_md5_round_trips_and_any_changed_signed_value_is_refused(rasv2_cloud: CloudHandle) -> None:
    auth = rasv2_cloud.spec.auth
    assert isinstance(auth, SortedPairsAuth)
    sn = rasv2_cloud.credentials["system_sns"][0]
    assert send(rasv2_cloud, "GetRunningData", {"Sn": sn})["ReturnCode"] == 0
    sign_code = auth.check_codes["sign"]

    @given(index=st.integers(0, 31), part=st.sampled_from(["sign", "Sn"]))
    @PROPERTY
    def tampered(index: int, part: str) -> None:
        def tamper(prepared: Any) -> None:
            if part == "sign":
                prepared.body["sign"] = changed(prepared.body["sign"], index, HEX)
            else:  # a signed value changed after signing: another of the account's systems
                prepared.body["Sn"] = next(s for s in rasv2_cloud.credentials["system_sns"] if s != sn)

        assert send(rasv2_cloud, "GetRunningData", {"Sn": sn}, tamper)["ReturnCode"] == sign_code

    tampered()


def test_growatt_token_any_changed_character_is_refused(growatt_cloud: CloudHandle) -> None:
    auth = growatt_cloud.spec.auth
    header = auth.header  # type: ignore[union-attr]
    assert send(growatt_cloud, "plant_list", {})["error_code"] == 0

    @given(index=st.integers(0, 31))
    @PROPERTY
    def tampered(index: int) -> None:
        def tamper(prepared: Any) -> None:
            prepared.headers[header] = changed(prepared.headers[header], index, HEX)

        assert send(growatt_cloud, "plant_list", {}, tamper)["error_code"] == int(auth.token.invalid_error)

    tampered()


@pytest.mark.parametrize("api", ["alphaess_openapi"])  # APsystems' document gives no worked example
def test_known_answers_of_the_spec_hold_on_the_client_side(api: str) -> None:
    auth = load_spec(api).auth
    assert isinstance(auth, SignedHeadersAuth)
    assert auth.known_answers
    for answer in auth.known_answers:
        inputs = answer.inputs
        headers = signed_header_values(
            auth,
            app_id=inputs["app_id"],
            secret=inputs["app_secret"],
            timestamp=inputs["timestamp"],
            method=inputs.get("method", "GET"),
            path=inputs.get("request_path", inputs.get("path", "/")),
            nonce=inputs.get("nonce"),
            signature_method=inputs.get("signature_method"),
        )
        assert headers[auth.header_names["signature"]] == answer.signature


def test_alphacloud_published_worked_example() -> None:
    """The AlphaCloud example published with a real client's docs (DESIGN.md), through the client's signing."""
    auth = load_spec("alphaess_openapi").auth
    assert isinstance(auth, SignedHeadersAuth)
    core = client_auth(load_spec("alphaess_openapi"), {"app_id": "alphaef7900ee81dbbce9",
                                                        "app_secret": "c2d2ef6c047c49678e2c332fb2d74c3c"})  # fmt: skip
    prepared = prepare(load_spec("alphaess_openapi").endpoint("getEssList"), {})
    core.sign(prepared, 1676353875)
    assert prepared.headers[auth.header_names["signature"]] == (
        "0f023c2287b8f6b21b0994947465f8e9de0e1542567b1735bdc6c427336b9b6406285cd94f9215c3e9af958df37fb11c2c9fe792713d8afbdb8c463359a1add8"
    )


@given(password=st.text(min_size=1, max_size=40), material=st.text(min_size=1, max_size=30))
@PROPERTY
def test_rasv2_password_cipher_round_trips_between_client_and_server(password: str, material: str) -> None:
    """The client encrypts the login password (clients/auth.py calls specs.crypto); the server decrypts it."""
    token = crypto.encrypt_password(password, material)
    assert crypto.decrypt_password(token, material) == password


@given(body=st.binary(min_size=1, max_size=200), index=st.integers(0, 10_000))
@PROPERTY
def test_isolarcloud_aes_body_round_trips_and_a_changed_block_does_not(body: bytes, index: int) -> None:
    key = crypto.random_aes_key()
    sealed = crypto.aes_ecb_encrypt_hex(key, body)
    assert crypto.aes_ecb_decrypt_hex(key, sealed) == body
    broken = changed(sealed, index, "0123456789ABCDEF")
    with contextlib.suppress(ValueError):  # a broken padding is refused outright
        assert crypto.aes_ecb_decrypt_hex(key, broken) != body


def test_tampered_calls_are_journaled_with_the_failed_check(alphacloud: CloudHandle) -> None:
    auth = alphacloud.spec.auth
    assert isinstance(auth, SignedHeadersAuth)

    def tamper(prepared: Any) -> None:
        prepared.headers[auth.header_names["signature"]] = "0" * 128

    send(alphacloud, "getEssList", {}, tamper)
    assert alphacloud.journal.last().diagnostics["check"] == "sign"
