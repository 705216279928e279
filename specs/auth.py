"""Typed models of a spec's ``auth`` block: one model per scheme, told apart by ``scheme``.

Each model holds exactly what the shared code that executes the scheme reads (the simulators'
``core/auth`` package and the reference clients), so a missing or misspelt key is a load error,
never a ``KeyError`` in the middle of a request.
"""

# Annotations are not postponed here: see model.py.

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from solarfakes.specs.base import Item, Sourced

Code = int | str
PLACEHOLDERS = re.compile(r"\{([a-z_]+)\}")
AuthMode = Literal["full", "app_only", "none"]


class Window(Sourced):
    """How far a request's timestamp may lie from the server's clock."""

    seconds: float = Field(gt=0)
    sides: Literal["both", "past_only"]
    unit: Literal["s", "ms"] = "s"
    error: Code


class TokenRule(Sourced):
    """Session tokens, kept by the simulators' token store on the simulated clock."""

    lifetime_seconds: float | None = Field(None, gt=0, description="null: does not expire")
    sliding: bool = Field(description="every use pushes the expiry out by another lifetime")
    bound_to_ip: bool = Field(False, description="only the client address it was issued to may use it")
    ip_error: Code | None = Field(None, description="answered when bound_to_ip and the address differs")
    format: Literal["hex32", "guid", "user_id_hex32"] = "hex32"
    invalid_error: Code
    expired_error: Code | None = None


class NonceRule(Sourced):
    """Nonces, kept by the simulators' nonce store: a nonce seen within remember_seconds is a replay."""

    pattern: str | None = None
    invalid_error: Code | None = Field(None, description="answered when the nonce does not match pattern")
    remember_seconds: float = Field(gt=0)
    reused_error: Code


class KnownAnswer(Sourced):
    """A worked example: these inputs must sign to exactly this value."""

    inputs: dict[str, str]
    string_to_sign: str
    signature: str


class SchemeBase(Sourced):
    timestamp_window: Window | None = None
    token: TokenRule | None = None
    nonce: NonceRule | None = None
    headers: list[str] = Field(default_factory=list, description="request headers that carry credentials")
    known_answers: list[KnownAnswer] = Field(default_factory=list)


class HeaderTokenAuth(SchemeBase):
    """A long-lived token in one request header (Growatt)."""

    scheme: Literal["header_token"]
    header: str
    token: TokenRule
    checks_order: list[Literal["token"]] = Field(default_factory=lambda: list[Literal["token"]](["token"]))


SignedRole = Literal["app_id", "timestamp", "nonce", "signature_method", "signature"]
SignedCheck = Literal["headers", "signature_method", "timestamp", "nonce", "app_id", "sign"]
SIGNED_CHECKS: tuple[SignedCheck, ...] = ("headers", "signature_method", "timestamp", "nonce", "app_id", "sign")


class SignedHeaderErrors(Item):
    missing: dict[SignedRole, Code] = Field(description="the code for each header that is absent or empty")
    unknown_app_id: Code
    bad_signature: Code
    unsupported_method: Code | None = None


class RequestPathRule(Sourced):
    """What ``{request_path}`` in the string to sign stands for."""

    rule: Literal["path", "last_path_segment"]
    query: Literal["excluded", "included"] = "excluded"
    example: str | None = None


class TimestampRule(Sourced):
    unit: Literal["s", "ms"]
    also_accepted: list[Literal["s", "ms"]] = Field(default_factory=list)


class SignedHeadersAuth(SchemeBase):
    """A signature over a template of header values and the app secret, sent in headers
    (AlphaCloud: SHA-512 hex; APsystems: HMAC-SHA256/SHA1 in Base64)."""

    scheme: Literal["signed_headers"]
    header_names: dict[SignedRole, str]
    string_to_sign: str = Field(
        description="placeholders: {app_id} {timestamp} {nonce} {signature_method} {app_secret} {request_path} {method}"
    )
    digest: Literal["sha512", "sha256", "md5"] | None = Field(None, description="a plain digest of the string")
    hmac_methods: dict[str, Literal["sha256", "sha1"]] | None = Field(
        None, description="signature_method header value -> HMAC hash, keyed with the app secret"
    )
    encoding: Literal["hex_lower", "base64"]
    request_path: RequestPathRule | None = None
    timestamp: TimestampRule
    errors: SignedHeaderErrors
    checks_order: list[SignedCheck] = Field(default_factory=lambda: list(SIGNED_CHECKS))

    @model_validator(mode="after")
    def executable(self) -> "SignedHeadersAuth":
        """Every rule the block states is checked somewhere in checks_order, and the sign after the app id."""
        if (self.digest is None) == (self.hmac_methods is None):
            raise ValueError("give exactly one of digest and hmac_methods")
        if self.hmac_methods is not None and "signature_method" not in self.header_names:
            raise ValueError("hmac_methods needs header_names.signature_method")
        needed = {"headers", "app_id", "sign"}
        needed |= {"timestamp"} if self.timestamp_window else set()
        needed |= {"nonce"} if self.nonce else set()
        needed |= {"signature_method"} if self.hmac_methods else set()
        missing = needed - set(self.checks_order)
        if missing:
            raise ValueError(f"checks_order lacks {', '.join(sorted(missing))}")
        if self.checks_order.index("app_id") > self.checks_order.index("sign"):
            raise ValueError("checks_order must check app_id before sign (the secret belongs to the app)")
        unknown = set(PLACEHOLDERS.findall(self.string_to_sign)) - {
            *self.header_names,
            "app_secret",
            "request_path",
            "method",
        }
        if unknown:
            raise ValueError(f"string_to_sign names unknown placeholders: {', '.join(sorted(unknown))}")
        if "{request_path}" in self.string_to_sign and self.request_path is None:
            raise ValueError("string_to_sign uses {request_path}: give request_path")
        return self


class EmptyValues(Sourced):
    """How a parameter without a value enters the signed pairs."""

    string: str = ""
    number: str = ""
    absent: str | None = Field(None, description="null: an absent key is not signed")


class PasswordCipher(Sourced):
    algorithm: Literal["aes-256-cbc"]
    key_material: Literal["secret_key", "username"] = Field(
        description="key = SHA-256 and IV = MD5 of this value's UTF-8 bytes"
    )
    output: Literal["base64"] = "base64"


SortedPairsCheck = Literal[
    "timestamp", "api_account", "sign", "user", "empty_params", "password", "token", "ip", "sn_exists", "permission"
]


class SortedPairsAuth(SchemeBase):
    """MD5 over the request's key=value pairs sorted by a comparer, with the secret added (ras/v2)."""

    scheme: Literal["md5_sorted_kv"]
    sign_param: str
    secret_param: str
    account_param: str
    timestamp_param: str
    token_param: str
    sort: Literal["dotnet_sortedlist"]
    excluded: list[str] = Field(default_factory=list)
    sign_orders: dict[str, list[str]] = Field(description="endpoint id -> the keys the server signs, in order")
    empty_values: EmptyValues
    password_cipher: PasswordCipher
    token: TokenRule
    checks_order: dict[AuthMode, list[SortedPairsCheck]]
    check_codes: dict[SortedPairsCheck, Code]


class HeaderCredential(Sourced):
    header: str
    value: str | None = Field(None, description="the one value accepted, where fixed")
    max_length: int | None = None
    missing_error: Code
    invalid_error: Code | None = None


class BodyCredential(Sourced):
    name: str
    location: Literal["body", "header"] = Field("body", alias="in")
    max_length: int | None = None
    pattern: str | None = None
    missing_error: Code
    invalid_error: Code
    mismatch_error: Code | None = None


class LanguageRule(Sourced):
    name: str = "lang"
    location: Literal["body", "header"] = Field(alias="in")
    default: str
    values: list[str]


class RsaRule(Item):
    padding: Literal["pkcs1v15"]
    block_split: bool = True
    output: Literal["base64url", "base64"]
    also_accepted: list[Literal["base64url", "base64"]] = Field(default_factory=list)
    error: Code


class AesBodyRule(Item):
    cipher: Literal["aes-128-ecb"]
    output: Literal["hex_upper", "hex_lower"]
    error: Code


class ApiKeyParam(Item):
    name: str = "api_key_param"
    missing_error: Code


class EncryptionRule(Sourced):
    required_for_app: Literal["never", "per_app"]
    plain_request_error: Code
    key_header: str
    key_header_missing_error: Code
    key_length: int
    key_length_error: Code
    rsa: RsaRule
    body: AesBodyRule
    errors_plain: bool = Field(description="whether error replies to encrypted calls come back unencrypted")
    api_key_param: ApiKeyParam


class OAuth2Rule(Sourced):
    path_prefix: str
    header: str
    prefix: str
    token_endpoint: str
    refresh_endpoint: str
    token: TokenRule | None = Field(None, description="the access tokens the token endpoint issues")


class AppKeyTokenAuth(SchemeBase):
    """An app key and access key on every call, a session token from login, optional RSA+AES
    encryption of the body (iSolarCloud)."""

    scheme: Literal["appkey_token"]
    content_type: str
    access_key: HeaderCredential
    sys_code: HeaderCredential
    appkey: BodyCredential
    session_token: BodyCredential
    token: TokenRule
    lang: LanguageRule
    encryption: EncryptionRule
    oauth2: OAuth2Rule | None = None
    checks_order: list[str] = Field(default_factory=list)


Auth = Annotated[
    HeaderTokenAuth | SignedHeadersAuth | SortedPairsAuth | AppKeyTokenAuth,
    Field(discriminator="scheme"),
]


def auth_codes(node: Item, path: str = "auth") -> list[tuple[str, Code]]:
    """Every error code an auth block names, with where it names it, for the loader's reference check."""
    found: list[tuple[str, Code]] = []
    for name in type(node).model_fields:
        value = getattr(node, name)
        at = f"{path}.{name}"
        if isinstance(value, Item):
            found += auth_codes(value, at)
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, Item):
                    found += auth_codes(entry, f"{at}[{index}]")
        elif isinstance(node, SignedHeaderErrors) and name == "missing":
            found += [(f"{at}.{role}", code) for role, code in value.items()]
        elif isinstance(node, SignedHeaderErrors) or name == "error" or name.endswith("_error"):
            if value is not None:
                found.append((at, value))
        elif name == "check_codes":
            found += [(f"{at}.{check}", code) for check, code in value.items()]
    return found


def auth_endpoints(auth: SchemeBase) -> list[tuple[str, str]]:
    """Every endpoint id an auth block names, with where it names it."""
    if isinstance(auth, SortedPairsAuth):
        return [(f"auth.sign_orders.{endpoint_id}", endpoint_id) for endpoint_id in auth.sign_orders]
    if isinstance(auth, AppKeyTokenAuth) and auth.oauth2 is not None:
        return [
            ("auth.oauth2.token_endpoint", auth.oauth2.token_endpoint),
            ("auth.oauth2.refresh_endpoint", auth.oauth2.refresh_endpoint),
        ]
    return []
