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


class DotnetJsonCodec(PlainCodec):
    name = "dotnet_json"

    def decode(self, call: Call) -> None:
        super().decode(call)
        if isinstance(call.body, dict) and call.endpoint is not None:
            call.body = bound_keys(call.body, [param.name for param in call.endpoint.params])


def bound_keys(body: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """``body`` with every key that names a parameter in any case spelt as the parameter is."""
    spelling = {name.lower(): name for name in names}
    bound: dict[str, Any] = {}
    for key, value in body.items():
        name = spelling.get(key.lower(), key) if isinstance(key, str) else key
        bound.pop(name, None)  # re-insert, so the order is where the winning value arrived
        bound[name] = value
    return bound
