"""What a vendor package gives the core: handlers per endpoint, a typed backend for its state, its
credentials view and the layout of its fleet. The registry of vendors is passed into the cloud."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
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
