"""Client classes generated from a spec: a method per endpoint, named by its id, keyword parameters
named and typed by the spec's params (required ones without a default), and ``iter_<id>`` for each
endpoint the spec paginates. The spec stays the one source: nothing here names an endpoint."""

from __future__ import annotations

import inspect
import keyword
from collections.abc import AsyncIterator, Callable, Iterator
from functools import cache
from typing import Any

from solarfakes.clients.auth import hidden_params
from solarfakes.clients.shells import AsyncClient, BaseClient, Client
from solarfakes.specs import load_spec
from solarfakes.specs.model import Endpoint, Profile, Spec

PY_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list,
    "object": dict,
}
CLASS_NAMES = {
    "growatt_v1": "Growatt",
    "alphaess_openapi": "AlphaCloud",
    "apsystems_openapi": "APsystems",
    "alphaess_ras_v2": "RasV2",
    "isolarcloud": "ISolarCloud",
}


def signature(spec: Spec, endpoint: Endpoint) -> inspect.Signature:
    hidden = hidden_params(spec, endpoint)
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for param in endpoint.params:
        if param.name in hidden or not param.name.isidentifier() or keyword.iskeyword(param.name):
            continue
        default = inspect.Parameter.empty if param.required else None
        annotation = PY_TYPES[param.type] if param.required else PY_TYPES[param.type] | None
        params.append(
            inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        )
    return inspect.Signature(params, return_annotation=Any)


def sync_method(endpoint_id: str, sig: inspect.Signature) -> Callable[..., Any]:
    def method(self: Client, **params: Any) -> Any:
        sig.bind(self, **params)
        return self.call(endpoint_id, **params)

    return method


def async_method(endpoint_id: str, sig: inspect.Signature) -> Callable[..., Any]:
    async def method(self: AsyncClient, **params: Any) -> Any:
        sig.bind(self, **params)
        return await self.call(endpoint_id, **params)

    return method


def sync_iterator(endpoint_id: str, sig: inspect.Signature) -> Callable[..., Iterator[Any]]:
    def iterate(self: Client, **params: Any) -> Iterator[Any]:
        sig.bind_partial(self, **params)
        return self.paginate(endpoint_id, **params)

    return iterate


def async_iterator(endpoint_id: str, sig: inspect.Signature) -> Callable[..., AsyncIterator[Any]]:
    def iterate(self: AsyncClient, **params: Any) -> AsyncIterator[Any]:
        sig.bind_partial(self, **params)
        return self.paginate(endpoint_id, **params)

    return iterate


def named(function: Callable[..., Any], name: str, owner: str, sig: inspect.Signature, doc: str) -> Callable[..., Any]:
    function.__name__ = name
    function.__qualname__ = f"{owner}.{name}"
    function.__doc__ = doc
    function.__signature__ = sig  # type: ignore[attr-defined]
    return function


@cache
def client_class(api: str, asynchronous: bool = False, profile: Profile = "observed") -> type[BaseClient]:
    """The generated client class of ``api`` (one per api, flavour and profile)."""
    spec = load_spec(api, profile)
    base: type[BaseClient] = AsyncClient if asynchronous else Client
    name = f"{'Async' if asynchronous else ''}{CLASS_NAMES.get(api, api)}Client"
    namespace: dict[str, Any] = {"spec": spec, "__doc__": f"Reference client of {spec.title} ({api}, {profile})."}
    for endpoint in spec.endpoints:
        if profile not in endpoint.profiles:
            continue
        for attribute in (endpoint.id, f"iter_{endpoint.id}"):
            if hasattr(base, attribute):
                raise TypeError(f"{api} endpoint {endpoint.id!r} would shadow {base.__name__}.{attribute}")
        sig = signature(spec, endpoint)
        doc = f"{endpoint.method} {endpoint.path}: {endpoint.summary}"
        make = async_method if asynchronous else sync_method
        namespace[endpoint.id] = named(make(endpoint.id, sig), endpoint.id, name, sig, doc)
        if endpoint.pagination is not None and endpoint.pagination.style == "page":
            iterate = async_iterator if asynchronous else sync_iterator
            doc = f"Every item of {endpoint.id}, page after page ({endpoint.pagination.items_field})."
            namespace[f"iter_{endpoint.id}"] = named(iterate(endpoint.id, sig), f"iter_{endpoint.id}", name, sig, doc)
    cls = type(name, (base,), namespace)
    cls.__module__ = "solarfakes.clients"
    return cls
