"""AES through the OpenSSL hashlib loaded (specs/openssl_aes.py) and the PKCS#7 padding around it answer
exactly what cryptography answers, and a ras/v2 login no longer imports cryptography (issue 11: RSS)."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given
from hypothesis import strategies as st

from solarfakes.specs import crypto, openssl_aes
from solarfakes.specs.openssl_aes import aes

keys = st.sampled_from([16, 24, 32]).flatmap(lambda n: st.binary(min_size=n, max_size=n))
blocks = st.integers(0, 6).flatmap(lambda n: st.binary(min_size=16 * n, max_size=16 * n))
ivs = st.binary(min_size=16, max_size=16)


def by_cryptography(mode: str, key: bytes, iv: bytes | None, data: bytes, encrypt: bool) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv) if mode == "cbc" else modes.ECB())
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()


@given(key=keys, iv=ivs, data=blocks, encrypt=st.booleans(), cbc=st.booleans())
def test_openssl_aes_is_cryptography_s_aes(key: bytes, iv: bytes, data: bytes, encrypt: bool, cbc: bool) -> None:
    mode = "cbc" if cbc else "ecb"
    chosen_iv = iv if cbc else None
    assert openssl_aes.evp() is not None  # this interpreter's hashlib links a libcrypto
    assert aes(mode, key, chosen_iv, data, encrypt=encrypt) == by_cryptography(mode, key, chosen_iv, data, encrypt)


def test_without_the_symbols_cryptography_does_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    key, iv, data = bytes(range(32)), bytes(range(16)), bytes(range(48))
    expected = aes("cbc", key, iv, data, encrypt=True)
    monkeypatch.setattr(openssl_aes, "evp", lambda: None)
    assert aes("cbc", key, iv, data, encrypt=True) == expected
    assert aes("ecb", key[:16], None, expected, encrypt=False) == by_cryptography(
        "ecb", key[:16], None, expected, False
    )


@pytest.mark.parametrize(
    ("mode", "key", "iv", "data"),
    [("cbc", b"k" * 16, None, b"x" * 16), ("ecb", b"k" * 16, b"i" * 16, b"x" * 16), ("ecb", b"k" * 15, None, b""),
     ("ecb", b"k" * 16, None, b"x" * 15), ("cbc", b"k" * 32, b"i" * 15, b"x" * 16)],
)  # fmt: skip
def test_aes_refuses_what_is_not_whole_blocks_or_the_mode_s_key_and_iv(
    mode: openssl_aes.Mode, key: bytes, iv: bytes | None, data: bytes
) -> None:
    with pytest.raises(ValueError, match="needs a 16, 24 or 32-byte key"):
        aes(mode, key, iv, data, encrypt=True)


def unpadded_by_cryptography(padded: bytes) -> bytes | None:
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        return None


def unpadded_here(padded: bytes) -> bytes | None:
    try:
        return crypto._pkcs7_unpad(padded, "test")
    except crypto.CryptoError:
        return None


tails = st.lists(st.integers(0, 20), min_size=1, max_size=17).map(bytes)


@given(head=st.binary(max_size=40), tail=tails)
def test_pkcs7_unpadding_accepts_and_refuses_as_cryptography_does(head: bytes, tail: bytes) -> None:
    padded = (head + tail)[-32:].rjust(32, b"\0") if len(head + tail) > 16 else (head + tail).rjust(16, b"\0")
    assert unpadded_here(padded) == unpadded_by_cryptography(padded)


@given(data=st.binary(max_size=70))
def test_pkcs7_padding_is_cryptography_s(data: bytes) -> None:
    padder = padding.PKCS7(128).padder()
    assert crypto._pkcs7_pad(data) == padder.update(data) + padder.finalize()


LOGIN_PROBE = """
import json, sys
from solarfakes.specs import crypto
token = crypto.encrypt_password("pässword-1", "someone")
clear = crypto.decrypt_password(token, "someone")
sealed = crypto.aes_ecb_encrypt_hex("0123456789abcdef", b'{"a":1}')
print(json.dumps({"clear": clear, "token": token, "sealed": sealed, "opened": crypto.aes_ecb_decrypt_hex(
    "0123456789abcdef", sealed).decode(), "cryptography": "cryptography" in sys.modules}))
"""


def test_password_and_body_ciphers_need_no_cryptography_module() -> None:
    done = subprocess.run([sys.executable, "-c", LOGIN_PROBE], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout)
    assert seen["cryptography"] is False
    assert seen["clear"] == "pässword-1"
    assert seen["opened"] == '{"a":1}'
    key, iv = hashlib.sha256(b"someone").digest(), hashlib.md5(b"someone").digest()
    padder = padding.PKCS7(128).padder()
    padded = padder.update("pässword-1".encode()) + padder.finalize()
    assert seen["token"] == base64.b64encode(by_cryptography("cbc", key, iv, padded, True)).decode()
