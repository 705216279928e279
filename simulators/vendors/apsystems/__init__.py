"""APsystems OpenAPI (``apsystems_openapi``): systems of micro-inverters below ECUs, with meters and
batteries, their energy per level and their telemetry, in APsystems' field names and string numbers."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors.apsystems.backend import build_backend
from solarfakes.simulators.vendors.apsystems.credentials import credentials
from solarfakes.simulators.vendors.apsystems.fleet import API, LAYOUT
from solarfakes.simulators.vendors.apsystems.handlers import HANDLERS

VENDOR = Vendor(
    api=API,
    fixture="apsystems_cloud",
    handlers=HANDLERS,
    credentials=credentials,
    layout=LAYOUT,
    backend=build_backend,
)
