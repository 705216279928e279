"""The signing recipes of the specs' auth schemes, shared by the fake servers and the reference clients.

A recipe reads the spec's typed auth entry and the request's values; the primitives come from
``crypto``, so the server that verifies and the client that signs run the same code.
"""

from __future__ import annotations

import base64
from collections.abc import Collection, Mapping
from functools import lru_cache

from solarfakes.specs import crypto
from solarfakes.specs.auth import PLACEHOLDERS, RequestPathRule, SignedHeadersAuth, SortedPairsAuth

SECRET_SHOWN = "<appSecret>"


def request_path_value(rule: RequestPathRule, path: str, query: str = "") -> str:
    """What ``{request_path}`` stands for in the string to sign."""
    value = path.rstrip("/").rsplit("/", 1)[-1] if rule.rule == "last_path_segment" else path
    return f"{value}?{query}" if rule.query == "included" and query else value


def string_to_sign(auth: SignedHeadersAuth, values: Mapping[str, str]) -> str:
    """The spec's template with each placeholder replaced by its value (headers by role, app_secret,
    request_path, method); a value that is not given is a KeyError naming it."""
    parts, names = template_parts(auth.string_to_sign)
    out = [parts[0]]
    for name, literal in zip(names, parts[1:], strict=True):
        out.append(values[name])
        out.append(literal)
    return "".join(out)


@lru_cache(maxsize=64)
def template_parts(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A template's literal texts and, between them, its placeholders' names: split once, not per call."""
    pieces = PLACEHOLDERS.split(template)  # literal, name, literal, name, ..., literal
    return tuple(pieces[0::2]), tuple(pieces[1::2])


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


# --- md5_sorted_kv (ras/v2) -------------------------------------------------------------------------------

SECRET_KEY_SHOWN = "<secretkey>"


def bound_text(value: object, numeric: bool) -> str | None:
    """A JSON value as the server's model holds it, printed with .NET ``ToString()``; None for null.

    Json.NET converts a numeric string into a numeric property ("17" -> 17 -> "17"), prints an integral
    decimal without a fraction and a bool as ``True``/``False``; an object or list binds no value.
    """
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    number: object = value
    if numeric and isinstance(value, str):
        try:
            number = float(value) if any(c in value for c in ".eE") else int(value.strip())
        except ValueError:
            return value
    if isinstance(number, float):
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    return str(number)


def sorted_pairs_values(
    auth: SortedPairsAuth, endpoint_id: str, params: Mapping[str, object], numeric: Collection[str] = ()
) -> dict[str, str | None]:
    """The pairs the server signs for ``endpoint_id``: its own key spellings (``sign_orders``) with the
    values of ``params`` (keys already bound to those spellings); empty and absent values as the
    profile's ``empty_values`` say, None where a key is not signed at all."""
    empty = auth.empty_values
    pairs: dict[str, str | None] = {}
    for key in auth.sign_orders.get(endpoint_id, []):
        if key == auth.secret_param:
            continue
        if key not in params:
            if empty.absent is not None:
                pairs[key] = empty.absent
            continue
        value = params[key]
        is_number = key in numeric
        # a text of a text parameter is bound as it is (bound_text's answer, without its type checks)
        text = value if type(value) is str and not is_number else bound_text(value, is_number)
        pairs[key] = text if text is not None else (empty.number if is_number else empty.string)
    return pairs


def sorted_pairs_sign(auth: SortedPairsAuth, pairs: Mapping[str, str | None], secret: str) -> str:
    """The ``sign`` of ``pairs`` (from :func:`sorted_pairs_values`) with the secret added."""
    return crypto.md5_sorted_pairs(pairs, auth.secret_param, secret, excluded=auth.excluded)


def shown_sorted_pairs(auth: SortedPairsAuth, pairs: Mapping[str, str | None]) -> str:
    """The string the server signs, as a diagnostic may print it: the secret replaced by a marker."""
    return crypto.sorted_pairs_text({**pairs, auth.secret_param: SECRET_KEY_SHOWN}, excluded=auth.excluded)
