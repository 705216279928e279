"""Reference clients for the vendor APIs, built from the specs.

One client class per API, sync and async, generated from the spec at import time::

    from solarfakes.clients import GrowattClient

    with GrowattClient(credentials={"token": "..."}) as growatt:
        for plant in growatt.iter_plant_list():
            print(plant["name"])

Credentials and the base URL come from arguments or ``SOLARFAKES_<API>_<NAME>`` environment variables;
``transport=`` takes any httpx transport (in process: ``httpx.ASGITransport(app=...)``).
"""

from solarfakes.clients.backoff import BackoffPolicy
from solarfakes.clients.credentials import CredentialsError
from solarfakes.clients.errors import (
    AuthError,
    NotFoundError,
    ParameterError,
    QuotaError,
    UnexpectedResponse,
    VendorError,
)
from solarfakes.clients.generate import client_class
from solarfakes.clients.shells import AsyncClient, BaseClient, Client

SUPPORTED = ("growatt_v1", "alphaess_openapi", "apsystems_openapi", "alphaess_ras_v2")

GrowattClient = client_class("growatt_v1")
AsyncGrowattClient = client_class("growatt_v1", asynchronous=True)
AlphaCloudClient = client_class("alphaess_openapi")
AsyncAlphaCloudClient = client_class("alphaess_openapi", asynchronous=True)
APsystemsClient = client_class("apsystems_openapi")
AsyncAPsystemsClient = client_class("apsystems_openapi", asynchronous=True)
RasV2Client = client_class("alphaess_ras_v2")
AsyncRasV2Client = client_class("alphaess_ras_v2", asynchronous=True)

__all__ = [
    "SUPPORTED",
    "APsystemsClient",
    "AlphaCloudClient",
    "AsyncAPsystemsClient",
    "AsyncAlphaCloudClient",
    "AsyncClient",
    "AsyncGrowattClient",
    "AsyncRasV2Client",
    "AuthError",
    "BackoffPolicy",
    "BaseClient",
    "Client",
    "CredentialsError",
    "GrowattClient",
    "NotFoundError",
    "ParameterError",
    "QuotaError",
    "RasV2Client",
    "UnexpectedResponse",
    "VendorError",
    "client_class",
]
