"""The request-building layer: an endpoint and its parameters become a ``Prepared`` request, each value
placed where the spec's param says (path, query, body, form, header). No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

if TYPE_CHECKING:
    from solarfakes.specs.model import Endpoint


@dataclass
class Prepared:
    """One request, not yet sent: the shells turn it into an httpx request."""

    endpoint: Endpoint
    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    body_kind: Literal["none", "json", "form"] = "none"
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None  # the body as sent, where the scheme encodes it itself (an encrypted body)
    secret: str | None = None  # what the answer is decrypted with (the request's own AES key)

    def httpx_options(self) -> dict[str, Any]:
        """Keyword arguments of ``httpx.Client.build_request`` (and the async one)."""
        options: dict[str, Any] = {"headers": self.headers}
        if self.query:
            options["params"] = {k: text(v) for k, v in self.query.items()}
        if self.content is not None:
            options["content"] = self.content
        elif self.body_kind == "json":
            options["json"] = self.body
        elif self.body_kind == "form":
            options["data"] = {k: text(v) for k, v in self.body.items()}
        return options


def text(value: Any) -> Any:
    """A query or form value as the wire carries it (lists stay lists, so httpx repeats the key)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def fixed_params(endpoint: Endpoint) -> dict[str, Any]:
    """Required params that can take one value only (an enum of one, iSolarCloud's grant_type): no caller
    needs to name them."""
    return {p.name: p.enum[0] for p in endpoint.params if p.required and p.enum is not None and len(p.enum) == 1}


def prepare(endpoint: Endpoint, params: dict[str, Any]) -> Prepared:
    """Place each parameter where the spec says; a name the endpoint does not list goes to the body of a
    body-carrying endpoint, else to the query (so a caller can still send what the spec omits)."""
    params = {**fixed_params(endpoint), **params}
    body_kind: Literal["none", "json", "form"] = endpoint.body
    prepared = Prepared(endpoint, endpoint.method, endpoint.path, body_kind=body_kind)
    by_name = {p.name: p for p in endpoint.params}
    path = endpoint.path
    for name, value in params.items():
        if value is None:
            continue
        param = by_name.get(name)
        location = param.location if param is not None else ("body" if body_kind != "none" else "query")
        if location == "path":
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        elif location == "query":
            prepared.query[name] = value
        elif location == "header":
            prepared.headers[name] = str(value)
        else:
            prepared.body[name] = value
    missing = [p.name for p in endpoint.params if p.location == "path" and "{" + p.name + "}" in path]
    if missing:
        raise TypeError(f"{endpoint.id} needs the path parameter(s) {', '.join(missing)}")
    if prepared.body and prepared.body_kind == "none":
        prepared.body_kind = "form"
    prepared.path = path
    return prepared
