"""What a vendor package gives the core: handlers per endpoint, a typed backend for its state, its
credentials view and the layout of its fleet. The registry of vendors is passed into the cloud."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from solarfakes.simulators.core.context import RoutedCall

if TYPE_CHECKING:
    from faker import Faker
    from starlette.requests import Request
    from starlette.responses import Response

    from solarfakes.simulators.core.pipeline import Simulator
    from solarfakes.simulators.world import Account, Device, Plant, SerialStyle

T = TypeVar("T")

Handler = Callable[[RoutedCall, "Simulator"], Any]


class DeferredHandler:
    """A handler whose module is imported at its first call: a server's start (issue 11) imported every
    vendor's handler modules, about 20 ms of CPU, and answers its health call with none of them. It bears
    the function's module and name, as the function does (the code analysis of the tests reads them), and
    once imported puts the function in its own place in its table, so later calls go straight to it (not
    over an entry someone has put there since: a test's wrapper stays)."""

    def __init__(self, table: dict[str, Handler], endpoint_id: str, module: str, name: str) -> None:
        self.table = table
        self.endpoint_id = endpoint_id
        self.__module__ = module
        self.__name__ = self.__qualname__ = name
        self.function: Handler | None = None

    def __call__(self, call: RoutedCall, sim: Simulator) -> Any:
        function = self.function
        if function is None:
            function = self.function = getattr(import_module(self.__module__), self.__name__)
            if self.table.get(self.endpoint_id) is self:
                self.table[self.endpoint_id] = function
        return function(call, sim)


def deferred_handlers(beside: str, functions: Mapping[str, str]) -> dict[str, Handler]:
    """A handler table of ``{endpoint id: "module.function"}``, the modules in the package of the module
    named ``beside`` (a vendor's handler table passes its own ``__name__``), each imported at the first
    call of one of its handlers."""
    package = beside.rpartition(".")[0]
    table: dict[str, Handler] = {}
    for endpoint_id, where in functions.items():
        module, name = where.split(".")
        table[endpoint_id] = DeferredHandler(table, endpoint_id, f"{package}.{module}", name)
    return table


@dataclass
class Page(Generic[T]):
    """A paged answer: every item of the listing (cheap keys, not rendered rows), the rendering of one
    item, and fields beside the list. The envelope step takes the call's page of ``items``, renders
    only that page and lays it out with the endpoint's ``items_field`` and ``total_field``."""

    items: Sequence[T]
    render: Callable[[T], Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    total: int | None = None


@dataclass(frozen=True)
class FleetLayout:
    """How a vendor equips a plant of the shared world: its devices and serial formats, whether
    it has a battery, and the credentials of an account."""

    devices: Callable[[Plant, SerialStyle, random.Random], list[Device]]
    has_battery: Callable[[random.Random], bool]
    credentials: Callable[[random.Random, Faker], dict[str, str]]


@dataclass(frozen=True)
class WebRoute:
    """A vendor page outside its API's paths (an OAuth2 consent page, say). The cloud serves it beside
    the APIs and calls ``handler`` under its lock, since a page may change the vendor's state; like an
    API call, a visit is journaled, its body bounded, and a handler exception is a crash
    (core/web_page.py)."""

    path: str
    handler: Callable[[Request, Simulator], Response]
    methods: tuple[str, ...] = ("GET",)
    profiles: tuple[str, ...] = ("observed", "documented")  # a page real servers have but the document lacks: observed


# Mints a ready OAuth2 authorization code for an account (and, if given, the redirect URI it is bound to).
CodeMinter = Callable[["Simulator", "Account", str | None], str]


@dataclass(frozen=True)
class Vendor:
    api: str
    fixture: str  # the name of the pytest fixture that serves this API
    handlers: Mapping[str, Handler]
    credentials: Callable[[Simulator, Account], dict[str, Any]]
    layout: FleetLayout
    backend: Callable[[Simulator], Any]  # builds the typed state; rebuilt lazily after every reset
    web_routes: Sequence[WebRoute] = ()
    oauth_code: CodeMinter | None = None  # for POST /_solarfakes/oauth-code, where the vendor has OAuth2 codes
