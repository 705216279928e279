"""JSON bodies bound as ASP.NET Web API binds them with Json.NET: keys match the model's properties
case-insensitively, so ``token``, ``TOKEN`` and ``Token`` all reach the property ``Token``.

The request keys that match an endpoint parameter case-insensitively are renamed to the spec's
spelling; when several spellings of one key arrive, the last one wins, as each sets the same property
in document order. Keys that match no parameter are kept as sent (the model ignores them). Answers are
written as the plain codec writes them. Source: the ras/v2 spec's auth note (Json.NET binding of
ExternalRequestModels, liqun2013/alphaess-webapi; vendor-reality ras/v2 §1: only the JSON formatter).
"""

from __future__ import annotations

from typing import Any

from solarfakes.simulators.core.codecs.plain import PlainCodec
from solarfakes.simulators.core.context import Call
from solarfakes.simulators.core.identity import per_object
from solarfakes.specs.model import Endpoint


class DotnetJsonCodec(PlainCodec):
    name = "dotnet_json"

    def decode(self, call: Call) -> None:
        super().decode(call)
        if isinstance(call.body, dict) and call.endpoint is not None:
            call.body = bound_keys(call.body, spellings(call.endpoint))


@per_object()
def spellings(endpoint: Endpoint) -> dict[str, str]:
    """Each parameter's name by its lower-case form (the last parameter of a spelling wins)."""
    return {p.name.lower(): p.name for p in endpoint.params}


@per_object()
def bindings(spelling: dict[str, str]) -> dict[tuple[Any, ...], tuple[Any, ...] | None]:
    """The bound names of a body's keys by the keys as sent (clients send the same keys on every call);
    None where two keys bind to one name (the slow way then keeps the last, where it arrived)."""
    return {}


BOUND_NAMES_KEPT = 1024  # sets of keys kept per spelling


def bound_keys(body: dict[str, Any], spelling: dict[str, str]) -> dict[str, Any]:
    """``body`` with every key that names a parameter in any case spelt as the parameter is
    (``spelling``: the parameters' names by their lower-case forms)."""
    keys = tuple(body)
    known = bindings(spelling)
    try:
        names = known[keys]
    except KeyError:
        bound_names = tuple(spelling.get(key.lower(), key) if isinstance(key, str) else key for key in keys)
        names = bound_names if len(set(bound_names)) == len(bound_names) else None
        if len(known) >= BOUND_NAMES_KEPT:
            known.clear()
        known[keys] = names
    if names == keys:
        return body  # every key already spelt as its parameter (as clients send them): bound as it is
    if names is not None:
        return dict(zip(names, body.values(), strict=True))
    bound: dict[str, Any] = {}
    for key, value in body.items():
        name = spelling.get(key.lower(), key) if isinstance(key, str) else key
        bound.pop(name, None)  # re-insert, so the order is where the winning value arrived
        bound[name] = value
    return bound
