"""Helpers shared by the suites: signed AlphaCloud headers and clients with credentials in place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import settings

from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.specs import load_spec
from solarfakes.specs.auth import SignedHeadersAuth
from solarfakes.specs.signing import signed_header_values

pytest_plugins = ["pytester"]


def alpha_signed(creds: dict[str, Any], stamp: str) -> dict[str, str]:
    """AlphaCloud's three headers, signed by the spec's recipe (the one the reference clients use)."""
    auth = load_spec("alphaess_openapi").auth
    assert isinstance(auth, SignedHeadersAuth)
    return signed_header_values(
        auth, app_id=creds["app_id"], secret=creds["app_secret"], timestamp=stamp, method="GET", path="/api/"
    )


def alpha_headers(cloud: CloudHandle, skew: float = 0, **override: str) -> dict[str, str]:
    headers = alpha_signed(cloud.credentials, str(int(cloud.clock.timestamp() + skew)))
    headers.update(override)
    return {k: v for k, v in headers.items() if v != ""}


class AlphaClient:
    """Signs every call anew on the simulated clock, as a real client does."""

    def __init__(self, cloud: CloudHandle) -> None:
        self.cloud = cloud
        self.http = cloud.client()

    def get(self, name: str, **params: object) -> httpx.Response:
        return self.http.get(f"/api/{name}", params=params, headers=alpha_headers(self.cloud))

    def post(self, name: str, body: object) -> httpx.Response:
        return self.http.post(f"/api/{name}", json=body, headers=alpha_headers(self.cloud))


@pytest.fixture
def alpha(alphacloud: CloudHandle) -> Iterator[AlphaClient]:
    client = AlphaClient(alphacloud)
    yield client
    client.http.close()


@pytest.fixture
def growatt(growatt_cloud: CloudHandle) -> Iterator[httpx.Client]:
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        yield http


# CI runs every property and fuzz test on the same examples, so a run cannot fail by chance;
# locally each run explores new ones (and hypothesis replays any failure it found).
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")
