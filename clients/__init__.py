"""Reference clients for the vendor APIs, typed, written from the specs (``solarfakes.clients.generate``).

One client class per API, sync and async, a method per endpoint::

    from solarfakes.clients import GrowattClient

    with GrowattClient(credentials={"token": "..."}) as growatt:
        for plant in growatt.iter_plant_list():
            print(plant["name"])

Credentials and the base URL come from arguments or ``SOLARFAKES_<API>_<NAME>`` environment variables;
``transport=`` takes any httpx transport (in process: ``httpx.ASGITransport(app=...)``). A spec is loaded
when the first client of its API is built, so importing this package stays cheap.
"""

from solarfakes.clients.alphaess_openapi import AlphaCloudClient, AsyncAlphaCloudClient
from solarfakes.clients.alphaess_ras_v2 import AsyncRasV2Client, RasV2Client
from solarfakes.clients.apsystems_openapi import APsystemsClient, AsyncAPsystemsClient
from solarfakes.clients.backoff import BackoffPolicy
from solarfakes.clients.classes import client_class
from solarfakes.clients.credentials import CredentialsError
from solarfakes.clients.errors import (
    AuthError,
    NotFoundError,
    ParameterError,
    QuotaError,
    UnexpectedResponse,
    VendorError,
)
from solarfakes.clients.growatt_v1 import AsyncGrowattClient, GrowattClient
from solarfakes.clients.isolarcloud import AsyncISolarCloudClient, ISolarCloudClient
from solarfakes.clients.shells import AsyncClient, BaseClient, Client

SUPPORTED = ("growatt_v1", "alphaess_openapi", "apsystems_openapi", "alphaess_ras_v2", "isolarcloud")

__all__ = [
    "SUPPORTED",
    "APsystemsClient",
    "AlphaCloudClient",
    "AsyncAPsystemsClient",
    "AsyncAlphaCloudClient",
    "AsyncClient",
    "AsyncGrowattClient",
    "AsyncISolarCloudClient",
    "AsyncRasV2Client",
    "AuthError",
    "BackoffPolicy",
    "BaseClient",
    "Client",
    "CredentialsError",
    "GrowattClient",
    "ISolarCloudClient",
    "NotFoundError",
    "ParameterError",
    "QuotaError",
    "RasV2Client",
    "UnexpectedResponse",
    "VendorError",
    "client_class",
]
