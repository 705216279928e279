"""Machine-readable specs of the vendor APIs, the single source of truth of solarfakes.

The loader and the models (pydantic) are imported on first use of their names: a submodule that needs
neither (``crypto``, ``names``) is imported without them, and `solarfakes serve` parses its options
before any model is built."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from solarfakes.specs.names import API_IDS, PROFILES, Profile, SpecError

if TYPE_CHECKING:
    from solarfakes.specs.loader import load_file, load_spec, raw_spec
    from solarfakes.specs.model import Endpoint, Spec

__all__ = [
    "API_IDS",
    "PROFILES",
    "Endpoint",
    "Profile",
    "Spec",
    "SpecError",
    "load_file",
    "load_spec",
    "raw_spec",
]

LAZY = {
    "Endpoint": "solarfakes.specs.model",
    "Spec": "solarfakes.specs.model",
    "load_file": "solarfakes.specs.loader",
    "load_spec": "solarfakes.specs.loader",
    "raw_spec": "solarfakes.specs.loader",
}


def __getattr__(name: str) -> Any:
    if name not in LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(LAZY[name]), name)
    globals()[name] = value
    return value
