"""Sungrow iSolarCloud (``isolarcloud``): the documented Open API in plain and encrypted mode and the
OAuth2 platform API, views of plants, devices and one point catalogue, in iSolarCloud's shapes."""

from __future__ import annotations

from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors.isolarcloud.backend import build_backend
from solarfakes.simulators.vendors.isolarcloud.consent import CONSENT
from solarfakes.simulators.vendors.isolarcloud.credentials import credentials
from solarfakes.simulators.vendors.isolarcloud.fleet import API, LAYOUT
from solarfakes.simulators.vendors.isolarcloud.handlers import HANDLERS
from solarfakes.simulators.vendors.isolarcloud.oauth import admin_code

VENDOR = Vendor(
    api=API,
    fixture="isolarcloud",
    handlers=HANDLERS,
    credentials=credentials,
    layout=LAYOUT,
    backend=build_backend,
    web_routes=(CONSENT,),
    oauth_code=admin_code,
)
