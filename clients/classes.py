"""The typed client class of each API (the modules ``solarfakes.clients.generate`` writes), by API id and
profile."""

from __future__ import annotations

import functools
import importlib
import re
from typing import TYPE_CHECKING, Any, Literal, overload

from solarfakes.clients.shells import AsyncClient, BaseClient, Client

if TYPE_CHECKING:
    from solarfakes.specs.model import Profile

CLASS_NAMES = {
    "growatt_v1": "Growatt",
    "alphaess_openapi": "AlphaCloud",
    "apsystems_openapi": "APsystems",
    "alphaess_ras_v2": "RasV2",
    "isolarcloud": "ISolarCloud",
}


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


class Absent:
    """An endpoint method a profile lacks: reading it is an AttributeError, so ``hasattr`` says no."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        raise AttributeError(f"{self.name} is not an endpoint of this profile")


@overload
def client_class(api: str, asynchronous: Literal[False] = False, profile: Profile = "observed") -> type[Client]: ...


@overload
def client_class(api: str, asynchronous: Literal[True], profile: Profile = "observed") -> type[AsyncClient]: ...


def client_class(api: str, asynchronous: bool = False, profile: Profile = "observed") -> type[BaseClient]:
    """The typed client class of ``api``; for the documented profile a subclass without the methods of the
    endpoints only the observed profile has."""
    return profile_class(api, asynchronous, profile)


@functools.cache
def profile_class(api: str, asynchronous: bool, profile: Profile) -> type[BaseClient]:
    module = importlib.import_module(f"solarfakes.clients.{api}")
    cls: type[BaseClient] = getattr(module, f"{'Async' if asynchronous else ''}{CLASS_NAMES[api]}Client")
    if profile == "observed":
        return cls
    from solarfakes.specs import load_spec

    namespace: dict[str, Any] = {"profile": profile, "__module__": cls.__module__}
    for endpoint in load_spec(api, profile).endpoints:
        if profile not in endpoint.profiles:
            namespace[endpoint.id] = Absent()
            namespace[f"iter_{endpoint.id}"] = Absent()
    return type(f"{pascal(profile)}{cls.__name__}", (cls,), namespace)
