"""Vendor modules: handlers (views of the fleet) and credentials, one module per API."""

from __future__ import annotations

from solarfakes.simulators.core.pipeline import Vendor
from solarfakes.simulators.vendors import alphacloud, growatt

VENDORS: dict[str, Vendor] = {vendor.api: vendor for vendor in (growatt.VENDOR, alphacloud.VENDOR)}


def served_apis() -> list[str]:
    """The APIs that have a fake cloud so far, in a stable order."""
    return list(VENDORS)
