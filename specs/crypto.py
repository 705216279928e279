"""Every signing and encryption scheme of the five vendor APIs, in one place.

The fake servers verify with these functions and the reference clients sign with them, so a scheme is
written once and both sides agree by construction. The functions do no I/O and keep no state but the
cache of :func:`rsa_key_from_seed`; only RSA encryption (random PKCS#1 v1.5 padding) and the
``random_*`` helpers without an ``rng`` draw on the operating system's randomness. Every malformed input
raises :class:`CryptoError`, a ``ValueError``, never anything else, so a server can map it to the
vendor's error code.

Schemes, by vendor (sources: /work/shared/vendor-docs and vendor-reality.md):

* AlphaCloud OpenAPI: ``sign`` = lower-case hex SHA-512 of ``appId + appSecret + timeStamp``
  (:func:`hex_digest`; vendor-reality alphacloud §2).
* APsystems OpenAPI: ``X-CA-Signature`` = Base64(HMAC-SHA256/SHA1(appSecret, stringToSign))
  (:func:`hmac_base64`; apsystems-openapi 2.2.2).
* AlphaESS ras/v2: ``sign`` = lower-case hex MD5 of the ``key=value`` pairs sorted by the .NET SortedList
  comparer (:func:`md5_sorted_pairs`; alphaess-ras-v2 §10, vendor-reality ras/v2 §2), and the password
  is AES-256-CBC encrypted (:func:`encrypt_password`; alphaess-ras-v2 §9, vendor-reality ras/v2 §2).
* iSolarCloud: the body is AES-128-ECB, upper-case hex (:func:`aes_ecb_encrypt_hex`; isolarcloud-openapi
  Appendix 5/6), and its 16-character key travels RSA-encrypted in ``x-random-secret-key``
  (:func:`rsa_encrypt_blocks`; Appendix 4/7/8).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import math
import random
import re
import secrets
import string
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Literal

# cryptography is imported where a primitive is first used: a cloud that never decrypts (or a client
# that never signs with RSA) does not pay its import and memory.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = [
    "ALPHANUMERIC",
    "HEX_LOWER",
    "CryptoError",
    "DigestAlgorithm",
    "HmacAlgorithm",
    "aes_ecb_decrypt_hex",
    "aes_ecb_encrypt_hex",
    "decrypt_password",
    "dotnet_sort_key",
    "encrypt_password",
    "hex_digest",
    "hmac_base64",
    "isolarcloud_aes_key",
    "load_private_key_pem",
    "load_public_key",
    "md5_sorted_pairs",
    "private_key_pem",
    "public_key_base64",
    "public_key_pem",
    "random_aes_key",
    "random_nonce",
    "rsa_decrypt_blocks",
    "rsa_encrypt_blocks",
    "rsa_key_from_seed",
    "same_text",
    "sorted_pairs_text",
]

DigestAlgorithm = Literal["sha512", "sha256", "md5", "sha1"]
HmacAlgorithm = Literal["sha256", "sha1"]

ALPHANUMERIC = string.ascii_letters + string.digits
"""iSolarCloud's alphabet for the AES key and the nonce: "numbers and letters" (isolarcloud-openapi 1.3 (6))."""
HEX_LOWER = "0123456789abcdef"
"""APsystems' nonce alphabet: a UUID's 32 hex characters (apsystems-openapi 2.2.1, vendor-reality apsystems §2)."""

_DIGESTS: frozenset[str] = frozenset({"sha512", "sha256", "md5", "sha1"})
_HMACS: frozenset[str] = frozenset({"sha256", "sha1"})
# hashlib's named constructors: hashlib.new looks the name up on every call
_DIGEST_MAKERS: dict[str, Callable[..., hashlib._Hash]] = {name: getattr(hashlib, name) for name in _DIGESTS}
_AES_BLOCK = 16
_PKCS1_V15_OVERHEAD = 11  # bytes PKCS#1 v1.5 padding needs in every RSA block (RFC 8017 7.2.1)
_RSA_EXPONENT = 65537
_MIN_RSA_BITS, _MAX_RSA_BITS = 512, 4096
# Miller-Rabin rounds per prime candidate: 4**-20 even for adversarial input; for random candidates of 256+ bits
# FIPS 186-4 Table C.3 already asks only 7 or fewer for 2**-100, and cryptography's key check tests p, q again.
_MILLER_RABIN_ROUNDS = 20


class CryptoError(ValueError):
    """A malformed input: bad Base64 or hex, a wrong length, bad padding, a failed decryption, bad UTF-8."""


# --- text helpers -------------------------------------------------------------------------------------


def _utf8(value: str | bytes, what: str) -> bytes:
    """``value`` as UTF-8 bytes (bytes pass through); every vendor encodes its text as UTF-8."""
    if not isinstance(value, str):
        return bytes(value)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CryptoError(f"{what} cannot be encoded as UTF-8 (lone surrogate at index {exc.start})") from None


def same_text(expected: str | bytes, received: str | bytes) -> bool:
    """Whether two signatures are equal, in time independent of where they first differ.

    Text is compared as UTF-8 bytes; lone surrogates are passed through (``surrogatepass``) so that
    any ``str`` a request can carry compares without raising (``hmac.compare_digest`` itself refuses
    non-ASCII ``str``).
    """

    def as_bytes(value: str | bytes) -> bytes:
        return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)

    return hmac.compare_digest(as_bytes(expected), as_bytes(received))


def _first_outside(text: str, allowed: str) -> tuple[int, str]:
    for index, char in enumerate(text):
        if char not in allowed:
            return index, char
    return -1, ""  # pragma: no cover - only called when the pattern already failed


_HEX_CHARS = "0123456789abcdefABCDEF"
_HEX_RE = re.compile(r"[0-9a-fA-F]*")
_B64_STANDARD_CHARS = string.ascii_letters + string.digits + "+/"
_B64_ANY_CHARS = _B64_STANDARD_CHARS + "-_"
_B64_STANDARD_RE = re.compile(r"[A-Za-z0-9+/]*")
_B64_ANY_RE = re.compile(r"[A-Za-z0-9+/_-]*")
_TO_STANDARD = str.maketrans("-_", "+/")


def _decode_hex(text: str, what: str) -> bytes:
    """Hex in either case (parseHexStr2Byte, isolarcloud-openapi Appendix 6), strictly: no whitespace, even length."""
    if not _HEX_RE.fullmatch(text):
        index, char = _first_outside(text, _HEX_CHARS)
        raise CryptoError(f"{what} is not hex: {char!r} at index {index}")
    if len(text) % 2:
        raise CryptoError(f"{what} is not hex: odd length {len(text)}")
    return bytes.fromhex(text)


def _decode_base64(text: str, what: str, *, urlsafe_ok: bool, padding_required: bool) -> bytes:
    """Base64 ``text``, strictly.

    With ``urlsafe_ok`` both alphabets are accepted (even mixed), as Apache commons-codec
    ``Base64.decodeBase64`` does on the Java side of iSolarCloud (Appendix 4). With
    ``padding_required`` the length must be a multiple of 4, as .NET ``Convert.FromBase64String``
    demands (ras/v2). Unlike both, whitespace and non-zero spare bits in the last character are
    rejected, so that each byte string has exactly one accepted spelling per alphabet and padding style.
    """
    stripped = text.rstrip("=")
    pad = len(text) - len(stripped)
    pattern, allowed = (_B64_ANY_RE, _B64_ANY_CHARS) if urlsafe_ok else (_B64_STANDARD_RE, _B64_STANDARD_CHARS)
    if not pattern.fullmatch(stripped):
        index, char = _first_outside(stripped, allowed)
        raise CryptoError(f"{what} is not Base64: {char!r} at index {index}")
    if len(stripped) % 4 == 1:
        raise CryptoError(f"{what} is not Base64: {len(stripped)} characters cannot encode whole bytes")
    if pad > 2 or (pad and len(text) % 4) or (padding_required and len(text) % 4):
        raise CryptoError(f"{what} is not Base64: wrong '=' padding for length {len(text)}")
    standard = stripped.translate(_TO_STANDARD)
    try:
        data = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except binascii.Error as exc:  # pragma: no cover - the checks above leave nothing for it to find
        raise CryptoError(f"{what} is not Base64: {exc}") from None
    if base64.b64encode(data).decode("ascii").rstrip("=") != standard:
        raise CryptoError(f"{what} is not canonical Base64: its last character has non-zero spare bits")
    return data


# --- digests and HMAC (AlphaCloud, APsystems, ras/v2) ------------------------------------------------------


def hex_digest(algorithm: DigestAlgorithm, text: str | bytes, *, upper: bool = False) -> str:
    """Hex digest of the UTF-8 bytes of ``text``.

    AlphaCloud's ``sign`` is ``hex_digest("sha512", appId + appSecret + timeStamp)``, lower case
    (vendor-reality alphacloud §2; the document's Python client encodes ASCII, which UTF-8 equals on
    the ASCII credentials it issues). ras/v2's MD5Helper formats each byte with ``"x2"``: lower case
    (alphaess-ras-v2 §11).
    """
    if algorithm not in _DIGESTS:
        raise CryptoError(f"unknown digest algorithm {algorithm!r}; expected one of {sorted(_DIGESTS)}")
    digest = _DIGEST_MAKERS[algorithm](_utf8(text, "text to digest"), usedforsecurity=False).hexdigest()
    return digest.upper() if upper else digest


def hmac_base64(algorithm: HmacAlgorithm, key: str | bytes, message: str | bytes) -> str:
    """Standard, padded Base64 of HMAC(``key``, ``message``) over UTF-8 bytes.

    APsystems: ``Base64.getEncoder().encodeToString(Mac("HmacSHA256"|"HmacSHA1") over
    stringToSign.getBytes(UTF-8) keyed with appSecret.getBytes(UTF-8))`` (apsystems-openapi 2.2.2 Java
    sample; vendor-reality apsystems §2). Mapping the header value ``HmacSHA256``/``HmacSHA1`` to
    ``sha256``/``sha1`` is the caller's, from the spec's ``signature_methods``.
    """
    if algorithm not in _HMACS:
        raise CryptoError(f"unknown HMAC algorithm {algorithm!r}; expected one of {sorted(_HMACS)}")
    inner_pad, outer_pad = _hmac_pads(algorithm, _utf8(key, "HMAC key"))
    inner = inner_pad.copy()
    inner.update(_utf8(message, "HMAC message"))
    outer = outer_pad.copy()
    outer.update(inner.digest())
    return base64.b64encode(outer.digest()).decode("ascii")


@functools.lru_cache(maxsize=64)  # a server checks the same few app secrets on every call
def _hmac_pads(algorithm: HmacAlgorithm, key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """HMAC (RFC 2104) keyed with ``key``, as its two hashes with the key's pads already fed in: each MAC
    copies them, about 1 us, where OpenSSL's keyed HMAC set up anew cost about 4 us a call. The same
    bytes as ``hmac.digest`` (tests/test_crypto.py checks it)."""
    make = _DIGEST_MAKERS[algorithm]
    block = make(usedforsecurity=False).block_size
    if len(key) > block:
        key = make(key, usedforsecurity=False).digest()
    key = key.ljust(block, b"\0")
    inner = make(key.translate(_HMAC_INNER), usedforsecurity=False)
    outer = make(key.translate(_HMAC_OUTER), usedforsecurity=False)
    return inner, outer


_HMAC_INNER = bytes(x ^ 0x36 for x in range(256))
_HMAC_OUTER = bytes(x ^ 0x5C for x in range(256))


# --- AlphaESS ras/v2: MD5 over sorted key=value pairs ------------------------------------------------------


@functools.lru_cache(maxsize=1024)  # a scheme signs the same few parameter names on every call
def dotnet_sort_key(key: str) -> tuple[str, str, str]:
    """Sort key reproducing the .NET ``SortedList`` default comparer on ras/v2 parameter names.

    The server puts the pairs in a ``SortedList`` with the default, culture-aware comparer
    (alphaess-ras-v2 §10; vendor-reality ras/v2 §2), which orders letters case-insensitively first:
    ``api_account < endtime < secretkey < Sn < Starttime < timestamp < Token``. So keys are compared
    lower-cased, ordinally (the rule of the spec's ``sort_note``).

    Tie-break, for keys equal once lower-cased (``sn`` and ``Sn``): the culture comparer does not treat
    them as equal (``SortedList.Add`` accepts both) and puts lower case first at the first position
    where the case differs; comparing the case-swapped keys ordinally does exactly that for ASCII. The
    key itself is the last component, so the order is total and deterministic for any Unicode.

    Known approximation: culture order also differs from ordinal for punctuation against digits
    (``_`` sorts before ``0`` in culture order, after it here), for hyphens and for non-ASCII letters.
    The ras/v2 keys are ASCII letters and ``_`` only, where the two orders agree.
    """
    return key.lower(), key.swapcase(), key


def _pair_value(value: str | int | None) -> str:
    # A null or absent value signs as an empty string (vendor-reality ras/v2 §2: null pageindex/pagesize);
    # integers print as .NET's ToString() prints them (and bools as True/False, .NET's Boolean.ToString()).
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def sorted_pairs_text(pairs: Mapping[str, str | int | None], *, excluded: Collection[str] = ("sign",)) -> str:
    """``key=value`` of every pair not in ``excluded`` (exact key match), in :func:`dotnet_sort_key` order,
    concatenated with no separator (``AppendFormat("{0}={1}", ...)`` in alphaess-ras-v2 §10)."""
    return "".join(f"{key}={_pair_value(pairs[key])}" for key in dotnet_sorted(tuple(pairs)) if key not in excluded)


@functools.lru_cache(maxsize=256)  # a scheme signs the same few key sets, each in the same order, every call
def dotnet_sorted(keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` in :func:`dotnet_sort_key` order (a total order, so the result depends on the set only)."""
    return tuple(sorted(keys, key=dotnet_sort_key))


def md5_sorted_pairs(
    pairs: Mapping[str, str | int | None],
    secret_param: str,
    secret: str,
    *,
    excluded: Collection[str] = ("sign",),
) -> str:
    """The ras/v2 ``sign``: lower-case hex MD5 of :func:`sorted_pairs_text` with ``secret_param=secret`` added.

    E.g. Login signs ``api_account=…password=…secretkey=…timestamp=…username=…`` (vendor-reality
    ras/v2 §2; alphaess-ras-v2 §10/§11). ``pairs`` already holding ``secret_param`` is an error: the
    server's ``SortedList.Add`` would throw on the duplicate, and silently replacing it would hide a
    client that leaks its secret.
    """
    if secret_param in pairs:
        raise CryptoError(f"the pairs already hold the secret parameter {secret_param!r}")
    text = sorted_pairs_text({**pairs, secret_param: secret}, excluded=excluded)
    return hex_digest("md5", text)


# --- AlphaESS ras/v2: AES-256-CBC password ----------------------------------------------------------------


def _password_key_iv(key_material: str) -> tuple[bytes, bytes]:
    raw = _utf8(key_material, "password key material")
    return hashlib.sha256(raw).digest(), hashlib.md5(raw, usedforsecurity=False).digest()


def encrypt_password(password: str, key_material: str) -> str:
    """The ras/v2 Login ``password``: Base64(AES-256-CBC-PKCS7(UTF-8 password)).

    Key = SHA256(UTF-8 of ``key_material``), IV = MD5(UTF-8 of ``key_material``) (alphaess-ras-v2 §9:
    ``Aes.Create()`` defaults are CBC and PKCS7). Which text is the key material is the caller's
    choice: the document says the secret key, the server actually uses the **username**
    (vendor-reality ras/v2 §2, ``CryptoService.EncryptNew``/``DecryptNew(pwd, username)``).
    """
    key, iv = _password_key_iv(key_material)
    sealed = _aes("cbc", key, iv, _pkcs7_pad(_utf8(password, "password")), encrypt=True)
    return base64.b64encode(sealed).decode("ascii")


def decrypt_password(token: str, key_material: str) -> str:
    """Inverse of :func:`encrypt_password`; :class:`CryptoError` on bad Base64, length, padding or UTF-8.

    Base64 must be standard and padded, as .NET ``Convert.FromBase64String`` requires. Invalid UTF-8
    raises here, where .NET's ``Encoding.UTF8.GetString`` would substitute U+FFFD: such a password can
    only be the product of a wrong key and would not match a stored password either way.
    """
    data = _decode_base64(token, "encrypted password", urlsafe_ok=False, padding_required=True)
    if not data or len(data) % _AES_BLOCK:
        raise CryptoError(f"encrypted password is {len(data)} bytes, not a positive multiple of {_AES_BLOCK}")
    key, iv = _password_key_iv(key_material)
    plain = _pkcs7_unpad(_aes("cbc", key, iv, data, encrypt=False), "encrypted password")
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise CryptoError("decrypted password is not UTF-8 (wrong key material?)") from None


def _aes(mode: Literal["cbc", "ecb"], key: bytes, iv: bytes | None, data: bytes, *, encrypt: bool) -> bytes:
    # imported on first use, as cryptography was: a client that only signs loads no ctypes
    from solarfakes.specs.openssl_aes import aes

    return aes(mode, key, iv, data, encrypt=encrypt)


def _pkcs7_pad(data: bytes) -> bytes:
    """PKCS#7 to whole AES blocks: 1 to 16 bytes, each holding their count."""
    count = _AES_BLOCK - len(data) % _AES_BLOCK
    return data + bytes([count]) * count


def _pkcs7_unpad(padded: bytes, what: str) -> bytes:
    """``padded`` less its PKCS#7 padding, refused as cryptography's unpadder refuses it: a last byte of 0
    or above 16, or padding bytes that do not all hold the count (tests/test_crypto.py compares the two)."""
    count = padded[-1] if padded and not len(padded) % _AES_BLOCK else 0
    if not 1 <= count <= _AES_BLOCK or padded[-count:] != bytes([count]) * count:
        raise CryptoError(f"{what} has bad PKCS#7 padding (wrong key or corrupted data)")
    return padded[:-count]


# --- iSolarCloud: AES-128-ECB body ------------------------------------------------------------------------


def isolarcloud_aes_key(key: str) -> bytes:
    """The 16 AES key bytes ``getSecretKey`` makes of the random key (isolarcloud-openapi Appendix 5).

    It copies the UTF-8 bytes of ``key`` into a 16-byte array and fills what remains with
    ``paddingChar = '0'``, the *character* zero (byte 0x30), not a NUL byte. Its loop runs over the
    16-byte array only, so a longer key is silently truncated to its first 16 UTF-8 bytes; this
    function does the same, and leaves it to the server to reject a key whose length is not 16
    (E907 "AES random secret key length must be 16", Appendix 2).
    """
    return _utf8(key, "AES key")[:_AES_BLOCK].ljust(_AES_BLOCK, b"0")


def aes_ecb_encrypt_hex(key: str, plaintext: bytes | str) -> str:
    """iSolarCloud body cipher: AES-128-ECB, PKCS#5 (= PKCS#7 on 16-byte blocks), upper-case hex.

    Appendix 5: ``Cipher.getInstance("AES/ECB/PKCS5Padding")`` over ``content.getBytes("UTF-8")``
    (a ``str`` is encoded so), output through ``parseByte2HexStr``, which upper-cases every digit.
    """
    padded = _pkcs7_pad(_utf8(plaintext, "plaintext"))
    return _aes("ecb", isolarcloud_aes_key(key), None, padded, encrypt=True).hex().upper()


def aes_ecb_decrypt_hex(key: str, hex_text: str) -> bytes:
    """Inverse of :func:`aes_ecb_encrypt_hex`, accepting hex in either case (Appendix 6 ``parseHexStr2Byte``).

    Stricter than the Java sample, which silently drops a trailing odd digit and fails with a null
    array on empty input: here empty, odd-length, non-hex, non-block-multiple and badly padded input
    all raise :class:`CryptoError`.
    """
    data = _decode_hex(hex_text, "AES ciphertext")
    if not data or len(data) % _AES_BLOCK:
        raise CryptoError(f"AES ciphertext is {len(data)} bytes, not a positive multiple of {_AES_BLOCK}")
    return _pkcs7_unpad(_aes("ecb", isolarcloud_aes_key(key), None, data, encrypt=False), "AES ciphertext")


# --- iSolarCloud: RSA PKCS#1 v1.5 in blocks ---------------------------------------------------------------


def load_public_key(text: str) -> rsa.RSAPublicKey:
    """An RSA public key from PEM, or from the bare Base64 of its X.509 SubjectPublicKeyInfo DER.

    iSolarCloud hands the key out as Base64 and the Appendix 4 code reads it with
    ``X509EncodedKeySpec`` (SubjectPublicKeyInfo), although its comment says "PKCS#8". Whitespace
    inside the bare Base64 is ignored (keys get wrapped in configuration files); either alphabet,
    padded or not, is accepted, as commons-codec ``decodeBase64`` does.
    """
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    stripped = text.strip()
    try:
        if stripped.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(_utf8(stripped, "PEM public key"))
        else:
            der = _decode_base64("".join(stripped.split()), "public key", urlsafe_ok=True, padding_required=False)
            key = serialization.load_der_public_key(der)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        if isinstance(exc, CryptoError):
            raise
        raise CryptoError(f"not a public key: {exc}") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise CryptoError(f"not an RSA public key but {type(key).__name__}")
    return key


def _public(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> rsa.RSAPublicKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key


def public_key_base64(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> str:
    """Standard, padded Base64 of the X.509 SubjectPublicKeyInfo DER: the form iSolarCloud assigns
    (Appendix 8 step 1) and Appendix 4 decodes."""
    from cryptography.hazmat.primitives import serialization

    der = _public(key).public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def public_key_pem(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> str:
    """The SubjectPublicKeyInfo as PEM (``-----BEGIN PUBLIC KEY-----``)."""
    from cryptography.hazmat.primitives import serialization

    pem = _public(key).public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem.decode("ascii")


def private_key_pem(key: rsa.RSAPrivateKey) -> bytes:
    """The key pair as unencrypted PKCS#8 PEM: for caching a seeded key, which anyone with the seed can
    derive anyway."""
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key_pem(pem: bytes) -> rsa.RSAPrivateKey:
    """The key pair ``private_key_pem`` wrote; anything else is a :class:`CryptoError`."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CryptoError(f"not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CryptoError(f"not an RSA private key but {type(key).__name__}")
    return key


def rsa_encrypt_blocks(public_key: rsa.RSAPublicKey | str, data: bytes | str, *, urlsafe: bool = True) -> str:
    """``x-random-secret-key``: RSA PKCS#1 v1.5 over ``data`` in blocks, Base64 of the concatenation.

    Appendix 4 ``rsaSplitCodec`` encrypts ``keySize / 8 - 11`` bytes at a time, where ``keySize`` is
    the modulus bit length, and concatenates the ciphertexts; ``Cipher.getInstance("RSA")`` is
    PKCS#1 v1.5. Output is ``encodeBase64URLSafeString``: URL-safe alphabet, no padding (or standard
    padded Base64 with ``urlsafe=False``). The sample's loop as printed never advances (``offSet = i *
    maxBlock`` without ``i++``); the evident intent, consecutive blocks, is what is implemented. Empty
    ``data`` gives empty text, as the Java loop does. ``public_key`` may be a key object or the text
    :func:`load_public_key` reads. Encryption is randomised (PKCS#1 v1.5 padding bytes).
    """
    from cryptography.hazmat.primitives.asymmetric import padding as asym_padding

    key = load_public_key(public_key) if isinstance(public_key, str) else public_key
    block = key.key_size // 8 - _PKCS1_V15_OVERHEAD
    if block < 1:
        raise CryptoError(f"a {key.key_size}-bit RSA key is too small for PKCS#1 v1.5")
    raw = _utf8(data, "RSA plaintext")
    ciphertext = b"".join(
        key.encrypt(raw[start : start + block], asym_padding.PKCS1v15()) for start in range(0, len(raw), block)
    )
    if urlsafe:
        return base64.urlsafe_b64encode(ciphertext).decode("ascii").rstrip("=")
    return base64.b64encode(ciphertext).decode("ascii")


def rsa_decrypt_blocks(private_key: rsa.RSAPrivateKey, text: str) -> bytes:
    """Inverse of :func:`rsa_encrypt_blocks`: Base64 (either alphabet, padded or not) split into
    modulus-sized blocks, each PKCS#1 v1.5 decrypted, plaintexts concatenated.

    The block is the modulus length in bytes rounded up (Appendix 4 uses ``keySize / 8``, which is the
    same for key sizes that are multiples of 8, the only ones :func:`rsa_key_from_seed` makes unless
    asked otherwise). Empty text gives empty bytes, as the Java loop does; the server's length check
    (E907) rejects it.

    Caution: OpenSSL 3.2+ applies *implicit rejection* to PKCS#1 v1.5 (its countermeasure to the
    Marvin timing attack): a tampered block usually decrypts to pseudo-random bytes instead of failing. A
    tampered ``x-random-secret-key`` therefore surfaces as a wrong key length (E907) or an AES failure
    (E905), not always as :class:`CryptoError` here.
    """
    from cryptography.hazmat.primitives.asymmetric import padding as asym_padding

    data = _decode_base64(text, "RSA ciphertext", urlsafe_ok=True, padding_required=False)
    block = (private_key.key_size + 7) // 8
    if len(data) % block:
        raise CryptoError(f"RSA ciphertext is {len(data)} bytes, not a multiple of the {block}-byte modulus")
    parts = []
    for start in range(0, len(data), block):
        try:
            parts.append(private_key.decrypt(data[start : start + block], asym_padding.PKCS1v15()))
        except ValueError:
            raise CryptoError(f"RSA block at byte {start} does not decrypt (wrong key or corrupted data)") from None
    return b"".join(parts)


# --- a deterministic RSA key for the fake server ----------------------------------------------------------


class _SeededStream:
    """Deterministic random bits: SHA-512 of (domain, seed, counter), block after block.

    Not ``random.Random``: Python guarantees only ``random()``'s sequence across versions ("Notes on
    Reproducibility" in the ``random`` docs), not ``getrandbits`` nor ``randrange``, while SHA-512 is
    fixed by FIPS 180-4, so the same seed gives the same key on every machine and every Python.
    """

    def __init__(self, seed: bytes) -> None:
        self._prefix = b"solarfakes.rsa_key_from_seed\x00" + seed + b"\x00"
        self._counter = 0

    def bits(self, count: int) -> int:
        needed = (count + 7) // 8
        out = bytearray()
        while len(out) < needed:
            out += hashlib.sha512(self._prefix + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        return int.from_bytes(out[:needed], "big") >> (needed * 8 - count)

    def below(self, bound: int) -> int:
        """Uniform in [0, bound), by rejection."""
        width = bound.bit_length()
        while True:
            value = self.bits(width)
            if value < bound:
                return value


def _small_primes(limit: int) -> tuple[int, ...]:
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for number in range(2, math.isqrt(limit) + 1):
        if sieve[number]:
            sieve[number * number :: number] = bytes(len(range(number * number, limit, number)))
    return tuple(index for index, flag in enumerate(sieve) if flag)


_SMALL_PRIMES_PRODUCT = math.prod(_small_primes(2000))


def _is_probable_prime(candidate: int, stream: _SeededStream) -> bool:
    """Miller-Rabin with :data:`_MILLER_RABIN_ROUNDS` bases drawn from ``stream``; candidates are > 2000."""
    d, s = candidate - 1, 0
    while not d & 1:
        d, s = d >> 1, s + 1
    for _ in range(_MILLER_RABIN_ROUNDS):
        x = pow(2 + stream.below(candidate - 3), d, candidate)
        if x in (1, candidate - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, candidate)
            if x == candidate - 1:
                break
        else:
            return False
    return True


def _prime(stream: _SeededStream, bits: int) -> int:
    """A ``bits``-bit prime p with its two top bits set and gcd(e, p - 1) == 1."""
    top = 0b11 << (bits - 2)  # two top bits: the product of two such primes has exactly bits_p + bits_q bits
    while True:
        candidate = stream.bits(bits) | top | 1
        if math.gcd(candidate, _SMALL_PRIMES_PRODUCT) != 1:
            continue
        if (candidate - 1) % _RSA_EXPONENT == 0:  # e is prime, so this is gcd(e, p - 1) != 1
            continue
        if _is_probable_prime(candidate, stream):
            return candidate


@functools.lru_cache(maxsize=64)
def _key_from_seed_bytes(seed: bytes, bits: int) -> rsa.RSAPrivateKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    stream = _SeededStream(seed + b"\x00" + str(bits).encode("ascii"))
    p = _prime(stream, bits // 2)
    q = _prime(stream, bits - bits // 2)
    while q == p:  # pragma: no cover - needs a SHA-512 coincidence
        q = _prime(stream, bits - bits // 2)
    d = pow(_RSA_EXPONENT, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(_RSA_EXPONENT, p * q),
    )
    return numbers.private_key()


def rsa_key_from_seed(seed: str | int, bits: int = 1024) -> rsa.RSAPrivateKey:
    """The fake iSolarCloud's RSA key pair, a function of ``seed`` and ``bits`` alone.

    ``cryptography`` cannot seed its key generation, so the two primes are drawn here from a
    SHA-512-based stream of the seed (see :class:`_SeededStream`), each ``bits / 2`` bits with its two
    top bits set so that n has exactly ``bits`` bits, checked by trial division and Miller-Rabin,
    with e = 65537, p != q and gcd(e, (p-1)(q-1)) == 1. A ``str`` seed and an ``int`` seed never give
    the same key (``"1"`` differs from ``1``). Results are cached; the key object is immutable.
    ``bits`` must lie in 512..4096.
    """
    if isinstance(seed, bool) or not isinstance(seed, str | int):
        raise CryptoError(f"an RSA seed is a str or an int, not {type(seed).__name__}")
    if isinstance(bits, bool) or not isinstance(bits, int) or not _MIN_RSA_BITS <= bits <= _MAX_RSA_BITS:
        raise CryptoError(f"RSA key size must be an int from {_MIN_RSA_BITS} to {_MAX_RSA_BITS}, not {bits!r}")
    if isinstance(seed, str):
        tagged = b"str:" + seed.encode("utf-8", "surrogatepass")
    else:
        tagged = b"int:" + str(seed).encode("ascii")
    return _key_from_seed_bytes(tagged, bits)


# --- random keys and nonces for clients --------------------------------------------------------------------


def random_nonce(length: int = 32, alphabet: str = ALPHANUMERIC, rng: random.Random | None = None) -> str:
    """``length`` characters drawn from ``alphabet``: by default iSolarCloud's 32 letters-and-digits
    nonce (isolarcloud-openapi 1.3 (6)); ``alphabet=HEX_LOWER`` gives APsystems' (2.2.1). Without
    ``rng`` the operating system's generator is used."""
    if length < 0:
        raise CryptoError(f"nonce length must not be negative, got {length}")
    if not alphabet:
        raise CryptoError("nonce alphabet is empty")
    chooser = rng if rng is not None else secrets.SystemRandom()
    return "".join(chooser.choice(alphabet) for _ in range(length))


def random_aes_key(rng: random.Random | None = None) -> str:
    """A 16-character letters-and-digits AES key, like Appendix 7's ``A123456zA123456z``; one per request."""
    return random_nonce(_AES_BLOCK, ALPHANUMERIC, rng)
