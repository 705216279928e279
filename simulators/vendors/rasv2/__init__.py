"""AlphaESS ras/v2 Web Monitoring API (``alphaess_ras_v2``): a user's systems, their running data,
power and energy, and remote dispatch of their batteries, in the server's PascalCase names."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors.rasv2.backend import build_backend
from solarfakes.simulators.vendors.rasv2.credentials import credentials
from solarfakes.simulators.vendors.rasv2.fleet import API, LAYOUT
from solarfakes.simulators.vendors.rasv2.handlers import HANDLERS

VENDOR = Vendor(
    api=API,
    fixture="rasv2_cloud",
    handlers=HANDLERS,
    credentials=credentials,
    layout=LAYOUT,
    backend=build_backend,
)
