"""Growatt OpenAPI v1 (``growatt_v1``): the business account's end users, plants and collectors,
in Growatt's shapes."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors.growatt.backend import build_backend
from solarfakes.simulators.vendors.growatt.credentials import credentials
from solarfakes.simulators.vendors.growatt.fleet import API, LAYOUT
from solarfakes.simulators.vendors.growatt.handlers import HANDLERS

VENDOR = Vendor(
    api=API,
    fixture="growatt_cloud",
    handlers=HANDLERS,
    credentials=credentials,
    layout=LAYOUT,
    backend=build_backend,
)
