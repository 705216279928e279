"""What one call carries through the pipeline, and what a handler sees of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.envelope import new_serial
from solarfakes.specs.model import Endpoint

if TYPE_CHECKING:
    from solarfakes.simulators.core.faults import Fault
    from solarfakes.simulators.world import Account


@dataclass(slots=True)
class Call:
    """The pipeline's record of one request: filled in step by step, journaled at the end."""

    api: str
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    raw_body: bytes
    client_host: str
    now: datetime
    body: Any = None
    endpoint: Endpoint | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    account: Account | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)
    codec_state: Any = None
    plain_body: bytes | None = None  # a body the codec decrypted, as the journal shows it
    fault: Fault | None = None  # the armed fault this call fired, if any
    admitted: bool = False  # decoded, authenticated and metered: its errors answer in its endpoint's envelope
    # The request serial some envelopes carry ($serial), one per call: drawn when first asked for, since
    # most envelopes carry none (a replayed call brings its own).
    given_serial: str = ""

    @property
    def serial(self) -> str:
        return self.drawn_serial()

    def drawn_serial(self) -> str:
        """The call's request serial, drawn on first use."""
        if not self.given_serial:
            self.given_serial = new_serial(self.now)
        return self.given_serial

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def raw_params(self) -> dict[str, Any]:
        """Every parameter as it arrived, query and body together."""
        body = self.body if isinstance(self.body, dict) else {}
        return {**self.query, **body, **self.path_params}

    def raw_param(self, name: str, location: str) -> Any:
        """A parameter as it arrived, before validation."""
        if location == "query":
            return self.query.get(name)
        if location == "header":
            return self.header(name)
        if location == "path":
            return self.path_params.get(name)
        if isinstance(self.body, dict):
            return self.body.get(name)
        return None


@dataclass(slots=True)
class RoutedCall:
    """What a handler gets: a call that has been routed, authenticated and validated, so its endpoint
    and account are known and its arguments are parsed and typed."""

    call: Call
    endpoint: Endpoint
    account: Account
    args: dict[str, Any]

    @property
    def now(self) -> datetime:
        return self.call.now

    def sent(self, name: str) -> bool:
        """Whether the client sent ``name`` at all (a default may stand in for it in ``args``)."""
        return self.call.raw_params().get(name) not in (None, "")

    def add_header(self, name: str, value: str) -> None:
        """A response header beside the vendor's body (for example a request id the vendor echoes)."""
        self.call.response_headers[name] = value


@dataclass(slots=True)
class Reply:
    """A handler's answer: the payload for ``$payload`` and any extra envelope placeholders."""

    payload: Any
    extras: dict[str, Any] = field(default_factory=dict)
