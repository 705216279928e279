"""iSolarCloud's encrypted mode, client side: the spec's ``auth.encryption`` rule run with the primitives of
``specs/crypto.py`` that the server's codec (``simulators/core/codecs/rsa_aes.py``) runs in reverse.

Per request: a fresh 16-character AES key, wrapped with the server's RSA public key into the key header;
``api_key_param`` (a fresh nonce and the time in ms) added to the JSON body, which goes out AES-128-ECB
encrypted as hex. The answer is decrypted with the same key, unless it is plain JSON (error replies may
be, where the rule says ``errors_plain``)."""

from __future__ import annotations

import json

from solarfakes.clients.request import Prepared
from solarfakes.specs import crypto
from solarfakes.specs.auth import EncryptionRule

HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


class Sealer:
    def __init__(self, rule: EncryptionRule, public_key: str) -> None:
        self.rule = rule
        self.public_key = crypto.load_public_key(public_key)

    def seal(self, prepared: Prepared, now: float) -> None:
        rule = self.rule
        key = crypto.random_aes_key()
        prepared.body[rule.api_key_param.name] = {"nonce": crypto.random_nonce(), "timestamp": str(int(now * 1000))}
        cipher = crypto.aes_ecb_encrypt_hex(key, json.dumps(prepared.body, separators=(",", ":")))
        prepared.content = (cipher.lower() if rule.body.output == "hex_lower" else cipher).encode("ascii")
        wrapped = crypto.rsa_encrypt_blocks(self.public_key, key, urlsafe=rule.rsa.output == "base64url")
        prepared.headers[rule.key_header] = wrapped
        prepared.secret = key

    def open(self, prepared: Prepared, content: bytes) -> bytes:
        """The decrypted answer; a body that is not hex is passed on as it came (plain JSON), and one that
        does not decrypt raises ``crypto.CryptoError``."""
        text = content.strip()
        if prepared.secret is None or not text or not HEX_DIGITS.issuperset(text):
            return content
        return crypto.aes_ecb_decrypt_hex(prepared.secret, text.decode("ascii"))
