"""Bodies AES-encrypted with a per-request key that travels RSA-encrypted in a header (iSolarCloud's
encrypted mode, isolarcloud-openapi Appendix 4-7): the spec's ``auth.encryption`` rule, executed.

A request without the key header is read as plain JSON, so one API serves both modes on the same
paths; whether an app may call in plain is the auth step's question (E902), not the codec's. The
answer to an encrypted request is encrypted with the request's own key, except errors where the
profile says they come back plain. The server's RSA key pair is a function of the cloud's seed.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.codecs import json_bytes
from solarfakes.simulators.core.codecs.base import Codec, Undecodable
from solarfakes.simulators.core.codecs.plain import PlainCodec
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.envelope import envelope_of
from solarfakes.specs import crypto
from solarfakes.specs.auth import AppKeyTokenAuth, EncryptionRule
from solarfakes.specs.loader import code_fingerprint, read_cache_file, write_cache_file
from solarfakes.specs.model import Spec
from solarfakes.specs.schemas import typed_code

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

HEX_BYTES = string.hexdigits.encode("ascii")
STANDARD_ONLY = frozenset("+/")  # characters only the standard Base64 alphabet has


@dataclass(frozen=True)
class Encrypted:
    """The codec state of an encrypted request: its AES key, which the answer is encrypted with."""

    key: str


def key_file(seed: object, part: str) -> str:
    """The compiled cache's name for a part of the server key of ``seed``, keyed like the specs by
    this package's code (a change to the key's derivation changes the name)."""
    digest = hashlib.sha256(f"{code_fingerprint()}|{server_key_label(seed)}".encode()).hexdigest()[:32]
    return f"rsa-{digest}{part}.pem"


def server_key_label(seed: object) -> str:
    return f"solarfakes server key {seed!r}"


@cache
def server_key(seed: object) -> rsa.RSAPrivateKey:
    """The fake server's RSA key pair for a cloud seed. Finding its primes takes about 0.15 s, so the
    key is kept in the compiled cache."""
    name = key_file(seed, "")
    cached = read_cache_file(name)
    if cached is not None:
        try:
            return crypto.load_private_key_pem(cached)
        except crypto.CryptoError:  # not a key: draw it again
            pass
    key = crypto.rsa_key_from_seed(server_key_label(seed))
    write_cache_file(name, crypto.private_key_pem(key))
    return key


PEM_END = b"\n-----END PUBLIC KEY-----\n"


@cache
def server_public_key_pem(seed: object) -> str:
    """The public half of ``server_key(seed)`` as PEM: what the credentials show, kept in the cache
    too, so that showing them needs neither the key pair nor the cryptography package."""
    name = key_file(seed, "-public")
    cached = read_cache_file(name)
    if cached is not None and cached.startswith(b"-----BEGIN PUBLIC KEY-----\n") and cached.endswith(PEM_END):
        return cached.decode("ascii")
    pem = crypto.public_key_pem(server_key(seed))
    write_cache_file(name, pem.encode("ascii"))
    return pem


class RsaAesCodec(Codec):
    name = "rsa_aes"

    def __init__(self, spec: Spec, seed: object = 0) -> None:
        super().__init__(spec, seed)
        if not isinstance(spec.auth, AppKeyTokenAuth):
            raise TypeError(f"{spec.api}: the rsa_aes codec reads auth.encryption, which only appkey_token has")
        self.rule: EncryptionRule = spec.auth.encryption
        implemented = (self.rule.rsa.padding, self.rule.rsa.block_split, self.rule.body.cipher)
        if implemented != ("pkcs1v15", True, "aes-128-ecb"):
            raise ValueError(f"{spec.api}: the rsa_aes codec implements RSA PKCS#1 v1.5 in blocks and AES-128-ECB")
        self.plain = PlainCodec(spec, seed)

    @cached_property
    def private_key(self) -> rsa.RSAPrivateKey:
        # Loaded on the first encrypted request, not when the cloud is built.
        return server_key(self.seed)

    @property
    def public_key_pem(self) -> str:
        return server_public_key_pem(self.seed)

    def decode(self, call: Call) -> None:
        rule = self.rule
        header = (call.header(rule.key_header) or "").strip()
        if not header:
            if looks_encrypted(call.raw_body):
                raise Undecodable(f"a hex (encrypted) body without the {rule.key_header} header",
                                  rule.key_header_missing_error)  # fmt: skip
            self.plain.decode(call)
            return
        key = self.unwrap_key(header)
        try:
            text = crypto.aes_ecb_decrypt_hex(key, call.raw_body.decode("ascii").strip())
            call.body = json_bytes.loads(text)
            call.plain_body = text
        except (crypto.CryptoError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise Undecodable(
                f"the body does not decrypt to JSON with the transmitted key: {exc}", rule.body.error
            ) from None
        call.codec_state = Encrypted(key)

    def unwrap_key(self, header: str) -> str:
        """The 16-character AES key from the RSA-encrypted header, in the Base64 alphabets the profile takes."""
        rule = self.rule
        accepted = {rule.rsa.output, *rule.rsa.also_accepted}
        if "base64" not in accepted and STANDARD_ONLY & set(header):
            raise Undecodable(
                f"{rule.key_header} is standard Base64; the document asks for URL-safe Base64", rule.rsa.error
            )
        try:
            raw = crypto.rsa_decrypt_blocks(self.private_key, header)
        except crypto.CryptoError as exc:
            raise Undecodable(
                f"{rule.key_header} does not RSA-decrypt with the server's key: {exc}", rule.rsa.error
            ) from None
        try:
            key = raw.decode("utf-8")
        except UnicodeDecodeError:
            key = ""
        if len(key) != rule.key_length:
            problem = f"the decrypted AES key is {len(raw)} bytes, not {rule.key_length} characters"
            raise Undecodable(problem, rule.key_length_error)
        return key

    def encode(self, call: Call, body: Any, content_type: str) -> tuple[bytes, dict[str, str]]:
        state = call.codec_state
        if not isinstance(state, Encrypted) or (self.rule.errors_plain and self.is_error(call, body)):
            return self.plain.encode(call, body, content_type)
        cipher = crypto.aes_ecb_encrypt_hex(state.key, json_bytes.dumps(body))
        if self.rule.body.output == "hex_lower":
            cipher = cipher.lower()
        return cipher.encode("ascii"), {"content-type": content_type}

    def is_error(self, call: Call, body: Any) -> bool:
        """Whether ``body`` is an error envelope: its code field holds something else than the success code."""
        envelope = envelope_of(self.spec, call.endpoint)
        fields = [key for key, value in envelope.error.body.items() if value == "$code"]
        success = typed_code(envelope, envelope.success_code)
        return isinstance(body, dict) and any(key in body and body[key] != success for key in fields)


def looks_encrypted(raw: bytes) -> bool:
    """A non-empty body of hex digits only: ciphertext, not JSON or a form."""
    text = raw.strip()
    # deleting every hex digit leaves nothing (a JSON body fails at its first byte, unread)
    return bool(text) and text[0] in HEX_BYTES and not text.translate(None, HEX_BYTES)
