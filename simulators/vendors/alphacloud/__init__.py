"""AlphaCloud OpenAPI (``alphaess_openapi``): systems bound to an appId, their power and energy,
charge and discharge settings and EV chargers, in AlphaESS's field names, units and types."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors.alphacloud.backend import build_backend
from solarfakes.simulators.vendors.alphacloud.credentials import credentials
from solarfakes.simulators.vendors.alphacloud.fleet import API, LAYOUT
from solarfakes.simulators.vendors.alphacloud.handlers import HANDLERS

VENDOR = Vendor(
    api=API,
    fixture="alphacloud",
    handlers=HANDLERS,
    credentials=credentials,
    layout=LAYOUT,
    backend=build_backend,
)
