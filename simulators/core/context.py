"""What one call carries through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from solarfakes.specs.model import Endpoint

if TYPE_CHECKING:
    from solarfakes.simulators.world import Account


@dataclass
class Call:
    api: str
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    body: Any
    raw_body: bytes
    client_host: str
    now: datetime
    endpoint: Endpoint | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    account: Account | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)

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


@dataclass
class Reply:
    """A handler's answer: the payload for ``$payload`` and any extra envelope placeholders."""

    payload: Any
    extras: dict[str, Any] = field(default_factory=dict)
