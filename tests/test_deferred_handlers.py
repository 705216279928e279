"""The vendors' handler tables name their functions by module and name, each module imported at its
first call (core/vendor.py, issue 11): every entry must resolve to the module-level function it names,
and answer as that function does."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from solarfakes.simulators.core.vendor import DeferredHandler, Handler, deferred_handlers
from solarfakes.simulators.vendors import VENDORS
from solarfakes.simulators.vendors.rasv2 import login


def named_function(handler: Any) -> Any:
    """The function a table entry stands for: a deferred handler's (under a steering wrapper or not), or
    the entry itself once an earlier call has put the function in its place."""
    while not isinstance(handler, DeferredHandler) and hasattr(handler, "__wrapped__"):
        handler = handler.__wrapped__
    if not isinstance(handler, DeferredHandler):
        return handler
    return getattr(importlib.import_module(handler.__module__), handler.__name__)


@pytest.mark.parametrize("api", list(VENDORS))
def test_every_handler_names_a_module_level_function_of_its_vendor_s_package(api: str) -> None:
    packages = set()
    for endpoint_id, handler in VENDORS[api].handlers.items():
        function = named_function(handler)
        assert callable(function), endpoint_id
        names = (handler.__module__, handler.__name__, handler.__qualname__)
        assert (function.__module__, function.__name__, function.__qualname__) == names, endpoint_id
        packages.add(handler.__module__.rsplit(".", 1)[0])
    [package] = packages
    assert package.startswith("solarfakes.simulators.vendors.")


def answer(call: Any, sim: Any) -> Any:
    return (call, sim, "answered")


def test_a_deferred_handler_imports_at_its_first_call_then_leaves_its_place_to_the_function() -> None:
    table: dict[str, Handler] = {}
    table["x"] = deferred = DeferredHandler(table, "x", __name__, "answer")
    assert (deferred.__module__, deferred.__name__, deferred.__qualname__) == (__name__, "answer", "answer")
    assert deferred.function is None
    assert deferred(1, 2) == (1, 2, "answered")
    assert table["x"] is answer  # later calls go straight to the function
    assert deferred(3, 4) == (3, 4, "answered")  # a copy kept elsewhere still answers


def test_a_deferred_handler_never_displaces_an_entry_put_in_its_place() -> None:
    table: dict[str, Handler] = {}
    deferred = DeferredHandler(table, "x", __name__, "answer")

    def wrapper(call: Any, sim: Any) -> Any:
        return deferred(call, sim)

    table["x"] = wrapper  # a test's monkeypatch, or a steering wrapper
    assert table["x"](5, 6) == (5, 6, "answered")
    assert table["x"] is wrapper


def test_a_table_is_built_from_module_dot_function_names() -> None:
    table = deferred_handlers("solarfakes.simulators.vendors.rasv2.handlers", {"Login": "login.login"})
    [(endpoint_id, deferred)] = table.items()
    assert endpoint_id == "Login"
    assert isinstance(deferred, DeferredHandler)
    assert (deferred.__module__, deferred.__name__) == ("solarfakes.simulators.vendors.rasv2.login", "login")
    assert named_function(deferred) is login.login
