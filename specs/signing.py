"""The signing recipes of the specs' auth schemes, shared by the fake servers and the reference clients.

A recipe reads the spec's typed auth entry and the request's values; the primitives come from
``crypto``, so the server that verifies and the client that signs run the same code.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from solarfakes.specs import crypto
from solarfakes.specs.auth import PLACEHOLDERS, RequestPathRule, SignedHeadersAuth

SECRET_SHOWN = "<appSecret>"


def request_path_value(rule: RequestPathRule, path: str, query: str = "") -> str:
    """What ``{request_path}`` stands for in the string to sign."""
    value = path.rstrip("/").rsplit("/", 1)[-1] if rule.rule == "last_path_segment" else path
    return f"{value}?{query}" if rule.query == "included" and query else value


def string_to_sign(auth: SignedHeadersAuth, values: Mapping[str, str]) -> str:
    """The spec's template with each placeholder replaced by its value (headers by role, app_secret,
    request_path, method); a value that is not given is a KeyError naming it."""
    return PLACEHOLDERS.sub(lambda match: values[match.group(1)], auth.string_to_sign)


def shown_string_to_sign(auth: SignedHeadersAuth, values: Mapping[str, str]) -> str:
    """The string to sign as a diagnostic may print it: the secret replaced by a marker."""
    return string_to_sign(auth, {**values, "app_secret": SECRET_SHOWN})


def signature(auth: SignedHeadersAuth, text: str, secret: str, signature_method: str | None = None) -> str:
    """The signature of ``text``: the spec's digest, or the HMAC named by the signature-method header.
    An unknown method is a KeyError; the server checks the method before it gets here."""
    if auth.hmac_methods is not None:
        algorithm = auth.hmac_methods[signature_method or ""]
        mac = crypto.hmac_base64(algorithm, secret, text)
        return mac if auth.encoding == "base64" else base64.b64decode(mac).hex()
    assert auth.digest is not None
    digest = crypto.hex_digest(auth.digest, text)
    return digest if auth.encoding == "hex_lower" else base64.b64encode(bytes.fromhex(digest)).decode()


def signed_header_values(
    auth: SignedHeadersAuth,
    *,
    app_id: str,
    secret: str,
    timestamp: str,
    method: str,
    path: str,
    nonce: str | None = None,
    signature_method: str | None = None,
) -> dict[str, str]:
    """Every header a client sends for one call, by header name, signed as the spec says."""
    values = {"app_id": app_id, "timestamp": timestamp, "method": method.upper(), "app_secret": secret}
    if nonce is not None:
        values["nonce"] = nonce
    if signature_method is not None:
        values["signature_method"] = signature_method
    if auth.request_path is not None:
        values["request_path"] = request_path_value(auth.request_path, path)
    values["signature"] = signature(auth, string_to_sign(auth, values), secret, signature_method)
    return {auth.header_names[role]: values[role] for role in auth.header_names if role in values}
