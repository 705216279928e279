"""The vendor registry: one package per API (moto's shape: a typed backend for the vendor's state,
handlers, credentials and the fleet layout). The core never imports this package; whoever builds a
Cloud passes the registry in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors import alphacloud, apsystems, growatt, isolarcloud, rasv2

VENDORS: dict[str, Vendor] = {
    vendor.api: vendor
    for vendor in (growatt.VENDOR, alphacloud.VENDOR, isolarcloud.VENDOR, rasv2.VENDOR, apsystems.VENDOR)
}


def served_apis() -> list[str]:
    """The APIs that have a fake cloud so far, in a stable order."""
    return list(VENDORS)


def build_cloud(apis: Iterable[str] | None = None, **options: Any) -> Cloud:
    """A Cloud with every vendor this package has (serving ``apis``, default all); ``options`` as Cloud's."""
    return Cloud(VENDORS, apis, **options)
