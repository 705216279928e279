"""Typed models of a solarfakes API spec.

A spec file is YAML. Any mapping in it may instead be written as
``{documented: X, observed: Y}`` where the vendor document and the real
server disagree; the loader resolves those pairs for one profile before the
data reaches these models, so the rest of the code sees plain values.
"""

# No `from __future__ import annotations` in the model modules: pydantic would evaluate each annotation
# string (about 260) when it builds the classes, about a third of their cost at every start. Only
# forward references are quoted.

from typing import Any, Literal

from pydantic import ConfigDict, Field

from solarfakes.specs.auth import Auth, AuthMode
from solarfakes.specs.base import Item, Sourced
from solarfakes.specs.names import PROFILES as PROFILES
from solarfakes.specs.names import Profile as Profile

ParamLocation = Literal["query", "body", "form", "header", "path"]
ParamType = Literal["string", "integer", "number", "boolean", "array", "object"]
CodecName = Literal["plain", "rsa_aes", "dotnet_json"]
JsonType = Literal["string", "integer", "number", "boolean", "array", "object", "null"]


class FieldSchema(Item):
    """A JSON-Schema-like description of a response value, typed as the server types it."""

    type: JsonType | list[JsonType]
    description: str | None = None
    source: str | None = Field(None, description="defaults to the enclosing schema's source")
    format: str | None = None
    unit: str | None = None
    enum: list[Any] | None = None
    minimum: float | None = None
    maximum: float | None = None
    properties: "dict[str, FieldSchema] | None" = None
    required: list[str] | None = None
    additional: bool = Field(True, description="whether unlisted keys may appear")
    items: "FieldSchema | None" = None
    example: Any = None


class FormatBy(Item):
    """A parameter's date layout chosen by another parameter's value (APsystems' date_range follows
    energy_level, iSolarCloud's dates follow query_type)."""

    param: str = Field(description="the parameter whose value chooses the format")
    formats: dict[str, str | None] = Field(
        description="that value -> a format of specs/timeformats.py; null: the value is taken unchecked"
    )


class Param(Sourced):
    name: str
    location: ParamLocation = Field(alias="in")
    type: ParamType = "string"
    required: bool = False
    description: str | None = None
    format: str | None = Field(None, description="date, datetime, month, year, time_hhmm, or a literal vendor pattern")
    format_by: FormatBy | None = Field(None, description="the format chosen by another parameter's value")
    pattern: str | None = None
    enum: list[Any] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    default: Any = None
    items: FieldSchema | None = None
    missing_error: int | str | None = Field(None, description="code answered when absent or empty")
    invalid_error: int | str | None = Field(None, description="code answered when malformed")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rule(Sourced):
    """A constraint across parameters, checked by the validate step."""

    kind: Literal["max_span", "ordered", "time_grid", "one_of_required", "depends", "not_future"]
    params: list[str]
    max_days: float | None = None
    calendar: bool = Field(False, description="max_span: max_days counts calendar dates (0: the same day), not hours")
    max_months: int | None = None
    max_years: int | None = None
    grid_minutes: int | None = None
    when: dict[str, Any] | None = Field(None, description="applies only when these params equal these values")
    timezone: str | None = Field(
        None, description="not_future, and max_span's open_end: the IANA zone whose clock gives the time (UTC)"
    )
    open_end: Literal["now"] | None = Field(
        None, description="max_span: an empty end param counts as the current time, as the endpoint reads it"
    )
    error: int | str


class Pagination(Sourced):
    style: Literal["page", "none_documented"]
    page_param: str | None = None
    size_param: str | None = None
    first_page: int = 1
    default_size: int | None = None
    max_size: int | None = None
    over_size_error: int | str | None = None
    max_pages: int | None = None
    over_pages_error: int | str | None = None
    items_field: str | None = Field(None, description="dotted path of the list in the payload")
    total_field: str | None = None


class ErrorRef(Sourced):
    """An error an endpoint can answer with; message and trigger override the API table."""

    code: int | str
    message: str | None = None
    trigger: str | None = None


class ErrorCode(Sourced):
    code: int | str
    message: str
    http_status: int = 200
    trigger: str
    natural: bool = Field(True, description="false where only fault injection can produce it")


class SettingValue(Sourced):
    """One value slot of a device setting (e.g. Growatt ``command_1``) and its allowed values."""

    param: str
    type: ParamType = "string"
    required: bool = True
    enum: list[Any] | None = None
    minimum: float | None = None
    maximum: float | None = None
    format: str | None = None
    pattern: str | None = None
    description: str | None = None


class Setting(Sourced):
    """A row of a vendor's parameter-setting table: the id selects it, its values are checked."""

    id: str
    name: str
    values: list[SettingValue] = Field(default_factory=list)
    registers: dict[str, SettingValue] | None = Field(
        None, description="register address -> allowed values, for raw register writes"
    )


class Response(Sourced):
    content_type: str = "application/json"
    schema_: FieldSchema = Field(alias="schema")
    example: Any = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Endpoint(Sourced):
    id: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str = Field(pattern=r"^/")
    summary: str
    documented: bool = Field(True, description="false for sourced extras missing from the document")
    profiles: list[Profile] = Field(default_factory=lambda: list(PROFILES))
    aliases: list[str] = Field(default_factory=list, description="other paths real servers answer on")
    auth: AuthMode = Field(
        "full", description="full: every credential the scheme asks for; app_only: app keys without a session (login)"
    )
    body: Literal["none", "json", "form"] = "none"
    effect: Literal["read", "write"] = Field(
        "read",
        description="write: a call changes the vendor's state, failed ones too where the handler keeps a trace "
        "(a wrong password's count); `serve --state` keeps such calls and replays them on restart",
    )
    codec: CodecName | None = Field(None, description="overrides the API's codec for this endpoint")
    params: list[Param] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    pagination: Pagination | None = None
    response: Response
    settings: list[Setting] = Field(default_factory=list, description="parameter-setting table")
    setting_selector: str | None = Field(None, description="the param whose value picks a setting row")
    unknown_setting_error: int | str | None = None
    out_of_range_error: int | str | None = None
    format_error: int | str | None = Field(None, description="code for a setting value in the wrong date format")
    errors: list[ErrorRef] = Field(default_factory=list)
    envelope: "Envelope | None" = Field(None, description="overrides the API envelope")


class Limit(Sourced):
    id: str
    kind: Literal["fixed_window", "rolling_window", "token_bucket", "calendar_month", "calendar_day", "lockout"]
    scope: Literal["endpoint", "account", "api"]
    max_calls: int | None = None
    window_seconds: float | None = None
    burst: int | None = None
    refill_per_second: float | None = None
    lockout_seconds: float | None = Field(
        None,
        description="lockout: it counts the scope's refused calls; past max_calls in window_seconds, every call "
        "of the scope is refused for lockout_seconds",
    )
    endpoints: list[str] | None = Field(None, description="endpoint ids; null means all")
    per_param: str | None = Field(None, description="also count separately per value of this request parameter")
    error: int | str
    headers: dict[Literal["capacity", "rate", "remaining"], str] | None = Field(
        None, description="response headers that report this limit: its capacity, refill rate and what remains"
    )
    enforced: bool = Field(
        True,
        description="false where no source gives the numbers: the meter ignores the limit and only fault "
        "injection produces its error; the note must say so",
    )

    def missing_numbers(self) -> list[str]:
        """The numbers this limit's kind needs but lacks (a meter cannot count without them)."""
        needed: dict[str, float | None]
        if self.kind == "token_bucket":
            burst = self.burst if self.burst is not None else self.max_calls
            needed = {"burst or max_calls": burst, "refill_per_second": self.refill_per_second}
        elif self.kind in ("fixed_window", "rolling_window"):
            needed = {"max_calls": self.max_calls, "window_seconds": self.window_seconds}
        elif self.kind == "lockout":
            needed = {
                "max_calls": self.max_calls,
                "window_seconds": self.window_seconds,
                "lockout_seconds": self.lockout_seconds,
            }
        else:
            needed = {"max_calls": self.max_calls}
        return [name for name, value in needed.items() if value is None]


class EnvelopeShape(Sourced):
    """A body template: "$payload", "$code" and "$message" are substituted,
    a key "$merge" spreads the payload's keys into the body."""

    body: dict[str, Any]
    http_status: int = 200


class Envelope(Item):
    success: EnvelopeShape
    error: EnvelopeShape
    code_type: Literal["integer", "string"] = "integer"
    success_code: int | str = 0
    content_type: str = "application/json"
    serial_header: str | None = Field(None, description="a response header that echoes the body's $serial")


class HttpError(Sourced):
    status: int
    body: dict[str, Any] | None = None
    content_type: str = "application/json"


class Server(Sourced):
    url: str
    description: str | None = None


class Spec(Sourced):
    api: Literal["alphaess_openapi", "alphaess_ras_v2", "growatt_v1", "apsystems_openapi", "isolarcloud"]
    title: str
    version: str
    document: str
    base_path: str = Field(pattern=r"^/.*/$")
    servers: list[Server] = Field(default_factory=list)
    auth: Auth
    envelope: Envelope
    codec: CodecName = Field("plain", description="how request bodies are read and answers written")
    limits: list[Limit] = Field(default_factory=list)
    errors: list[ErrorCode]
    param_errors: dict[Literal["missing", "invalid"], int | str] = Field(
        default_factory=dict, description="codes for bad parameters where a param names none"
    )
    internal_error: int | str | None = Field(
        None, description="the vendor's own code for a server fault, answered if a handler ever fails"
    )
    http_errors: dict[Literal["not_found", "method_not_allowed"], HttpError] = Field(default_factory=dict)
    endpoints: list[Endpoint]

    def endpoint(self, endpoint_id: str) -> Endpoint:
        for candidate in self.endpoints:
            if candidate.id == endpoint_id:
                return candidate
        raise KeyError(f"{self.api} has no endpoint {endpoint_id!r}")

    def error(self, code: int | str) -> ErrorCode:
        for entry in self.errors:
            if str(entry.code) == str(code):
                return entry
        raise KeyError(f"{self.api} has no error code {code!r}")
