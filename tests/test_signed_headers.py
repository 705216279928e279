"""The signed-headers scheme, one code for AlphaCloud (SHA-512 hex) and APsystems (HMAC, Base64):
known answers through the server's own verifier, client and server round trips, any change fails."""

from __future__ import annotations

import base64
import hashlib
import hmac
import string
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.simulators.core.auth import AuthServices, scheme_for
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.errors import VendorError
from solarfakes.simulators.core.nonces import NonceStore
from solarfakes.simulators.world import Account
from solarfakes.specs import load_spec
from solarfakes.specs.auth import NonceRule, SignedHeadersAuth, Window
from solarfakes.specs.signing import signed_header_values

ALPHA = load_spec("alphaess_openapi")
APS = load_spec("apsystems_openapi")
text = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=40)


def signed(spec_api: str) -> SignedHeadersAuth:
    auth = load_spec(spec_api).auth
    assert isinstance(auth, SignedHeadersAuth)
    return auth


def verifier(auth: SignedHeadersAuth, app_id: str, secret: str, nonces: NonceStore | None = None):  # type: ignore[no-untyped-def]
    account = Account("test", "primary", {"app_id": app_id, "app_secret": secret})

    def lookup(key: str, value: str) -> Account | None:
        return account if key == "app_id" and value == app_id else None

    if nonces is None and auth.nonce is not None:  # as the pipeline does: a nonce rule gets a nonce store
        nonces = NonceStore(auth.nonce.remember_seconds)
    return scheme_for(auth, AuthServices(lookup, None, nonces))


def call_with(headers: dict[str, str], method: str = "GET", path: str = "/api/getEssList") -> Call:
    return Call(
        api="test",
        method=method,
        path=path,
        headers={k.lower(): v for k, v in headers.items()},
        query={},
        raw_body=b"",
        client_host="127.0.0.1",
        now=datetime.now(UTC),
    )


@pytest.mark.parametrize("answer", signed("alphaess_openapi").known_answers)
def test_alphacloud_known_answer_passes_the_servers_verifier(answer) -> None:  # type: ignore[no-untyped-def]
    auth = signed("alphaess_openapi")
    inputs = answer.inputs
    scheme = verifier(auth, inputs["app_id"], inputs["app_secret"])
    headers = {"appId": inputs["app_id"], "timeStamp": inputs["timestamp"], "sign": answer.signature}
    account = scheme.authenticate(call_with(headers), float(inputs["timestamp"]), "full")
    assert account.credentials["app_id"] == inputs["app_id"]
    assert hashlib.sha512(answer.string_to_sign.encode()).hexdigest() == answer.signature
    tampered = {**headers, "sign": answer.signature[:-1] + ("0" if answer.signature[-1] != "0" else "1")}
    with pytest.raises(VendorError) as refused:
        scheme.authenticate(call_with(tampered), float(inputs["timestamp"]), "full")
    assert refused.value.code == auth.errors.bad_signature


def test_apsystems_signature_equals_an_independent_hmac() -> None:
    auth = signed("apsystems_openapi")
    secret, app_id, stamp, nonce = "s" * 32, "a" * 32, "1700000000000", "5e36eab8295911ee90751eff13c2920b"
    headers = signed_header_values(
        auth, app_id=app_id, secret=secret, timestamp=stamp, method="get",
        path="/user/api/v2/systems/summary/AZ12649A3DFF", nonce=nonce, signature_method="HmacSHA256",
    )  # fmt: skip
    message = f"{stamp}/{nonce}/{app_id}/AZ12649A3DFF/GET/HmacSHA256".encode()
    expected = base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()
    assert headers["X-CA-Signature"] == expected
    sha1 = signed_header_values(
        auth, app_id=app_id, secret=secret, timestamp=stamp, method="GET",
        path="/user/api/v2/systems/summary/AZ12649A3DFF", nonce=nonce, signature_method="HmacSHA1",
    )  # fmt: skip
    message = message.replace(b"HmacSHA256", b"HmacSHA1")
    assert (
        sha1["X-CA-Signature"] == base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha1).digest()).decode()
    )


@settings(max_examples=60, deadline=None)
@given(
    api=st.sampled_from(["alphaess_openapi", "apsystems_openapi"]),
    app_id=text,
    secret=text,
    segment=text,
    nonce=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    method=st.sampled_from(["HmacSHA256", "HmacSHA1"]),
    data=st.data(),
)
def test_what_the_client_signs_the_server_accepts_and_any_change_fails(
    api: str, app_id: str, secret: str, segment: str, nonce: str, method: str, data: st.DataObject
) -> None:
    auth = signed(api)
    now = 1_700_000_000.0
    stamp = str(int(now * 1000)) if auth.timestamp.unit == "ms" else str(int(now))
    path = f"{load_spec(api).base_path}systems/summary/{segment}"
    headers = signed_header_values(
        auth, app_id=app_id, secret=secret, timestamp=stamp, method="GET", path=path, nonce=nonce,
        signature_method=method if auth.hmac_methods else None,
    )  # fmt: skip
    scheme = verifier(auth, app_id, secret)
    assert scheme.authenticate(call_with(headers, path=path), now, "full").credentials["app_id"] == app_id

    role = data.draw(st.sampled_from(["signature", "timestamp", "nonce", "secret", "path"]), label="changed")
    changed = dict(headers)
    names = auth.header_names
    if role == "secret":
        scheme = verifier(auth, app_id, secret + "x")
    elif role == "path":
        if "{request_path}" not in auth.string_to_sign:
            return  # AlphaCloud signs no path
        path = path + "x"
    elif role in names:
        value = changed[names[role]]  # type: ignore[index]
        index = data.draw(st.integers(0, len(value) - 1), label="index")
        replacement = "7" if value[index] != "7" else "8"
        changed[names[role]] = value[:index] + replacement + value[index + 1 :]  # type: ignore[index]
    else:
        return  # AlphaCloud signs no nonce: nothing to change
    with pytest.raises(VendorError) as refused:
        scheme.authenticate(call_with(changed, path=path), now, "full")
    window = auth.timestamp_window
    assert refused.value.code in {auth.errors.bad_signature, window.error if window else None}


def test_a_missing_header_answers_its_own_code() -> None:
    auth = signed("alphaess_openapi")
    scheme = verifier(auth, "app", "secret")
    for role, header in auth.header_names.items():
        headers = {"appId": "app", "timeStamp": "1700000000", "sign": "x"}
        del headers[header]
        with pytest.raises(VendorError) as refused:
            scheme.authenticate(call_with(headers), 1_700_000_000.0, "full")
        assert refused.value.code == auth.errors.missing[role]


def test_a_replayed_nonce_is_refused_inside_the_window_and_accepted_after() -> None:
    base = signed("apsystems_openapi")
    auth = base.model_copy(
        update={
            "nonce": NonceRule(remember_seconds=60, reused_error=2000, source="test"),
            "timestamp_window": Window(seconds=300, sides="both", unit="ms", error=2000, source="test"),
            "checks_order": ["headers", "signature_method", "timestamp", "nonce", "app_id", "sign"],
        }
    )
    nonces = NonceStore(60)
    scheme = verifier(auth, "app", "secret", nonces)
    path = "/user/api/v2/systems/details/SID1"

    def headers_at(now: float) -> dict[str, str]:
        return signed_header_values(
            auth, app_id="app", secret="secret", timestamp=str(int(now * 1000)), method="GET", path=path,
            nonce="0" * 32, signature_method="HmacSHA256",
        )  # fmt: skip

    start = 1_700_000_000.0
    scheme.authenticate(call_with(headers_at(start), path=path), start, "full")
    replay = call_with(headers_at(start + 10), path=path)
    with pytest.raises(VendorError) as refused:
        scheme.authenticate(replay, start + 10, "full")
    assert refused.value.check == "nonce"
    assert replay.diagnostics["first_seen"] == start
    assert scheme.authenticate(call_with(headers_at(start + 61), path=path), start + 61, "full").name == "primary"


def test_apsystems_also_accepts_seconds_where_reality_shows_it() -> None:
    auth = signed("apsystems_openapi")
    assert "s" in auth.timestamp.also_accepted
    window_auth = auth.model_copy(
        update={
            "timestamp_window": Window(seconds=300, sides="both", unit="ms", error=2000, source="test"),
            "checks_order": ["headers", "signature_method", "timestamp", "app_id", "sign"],
        }
    )
    scheme = verifier(window_auth, "app", "secret")
    path = "/user/api/v2/systems/details/SID1"
    for stamp in ("1700000000", "1700000000000"):
        headers = signed_header_values(
            window_auth, app_id="app", secret="secret", timestamp=stamp, method="GET", path=path,
            nonce="0" * 32, signature_method="HmacSHA256",
        )  # fmt: skip
        assert scheme.authenticate(call_with(headers, path=path), 1_700_000_100.0, "full").name == "primary"


def test_an_unsupported_signature_method_answers_its_code() -> None:
    auth = signed("apsystems_openapi")
    scheme = verifier(auth, "app", "secret")
    headers = dict.fromkeys(auth.header_names.values(), "x") | {"X-CA-Signature-Method": "HmacMD5"}
    with pytest.raises(VendorError) as refused:
        scheme.authenticate(call_with(headers, path="/user/api/v2/x/y"), 0.0, "full")
    assert refused.value.code == auth.errors.unsupported_method
    assert refused.value.check == "signature_method"
