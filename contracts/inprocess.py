"""Contract targets for the fake clouds of the pytest plugin: the reference client in process, signing on
the simulated clock, and a probe of the cloud's journal."""

from __future__ import annotations

from typing import Any

import httpx

from solarfakes.contracts.callers import PLAIN_SYNC, Caller, Get, Variant, code_minter, make_caller
from solarfakes.contracts.conformance import Target
from solarfakes.contracts.fleet import fleet_for
from solarfakes.contracts.fuzz import FuzzTarget, Signer
from solarfakes.contracts.probes import JournalProbe
from solarfakes.simulators.pytest_plugin import AsyncASGITransport, CloudHandle, SyncASGITransport
from solarfakes.specs.openapi import export_openapi


def consent_get(handle: CloudHandle) -> Get:
    """GETs over one in-process client of the handle, made at the first GET (closed with the fixture)."""
    clients: list[httpx.Client] = []

    def get(url: str) -> httpx.Response:
        if not clients:
            clients.append(handle.client())
        return clients[0].get(url)

    return get


def target_for(handle: CloudHandle, variant: Variant = PLAIN_SYNC, **options: Any) -> Target:
    """A conformance target of the handle's fake cloud (fresh client and probe), called through the
    reference client ``variant`` names (sync or async, plain or encrypted)."""

    def connect() -> Caller:
        transport = SyncASGITransport(handle.app)  # the sync client's, and the consent page's
        asynchronous = variant.client == "async"
        caller = make_caller(
            handle.api,
            handle.simulator.profile,
            handle.base_url,
            handle.credentials,
            variant=variant,
            transport=transport,
            async_transport=AsyncASGITransport(handle.app) if asynchronous else None,
            clock=handle.clock.timestamp,
            sleep=handle.clock.advance,
        )
        if asynchronous:
            transport.close()
        return caller

    return Target(
        connect=connect,
        reset=handle.reset,
        profile=handle.simulator.profile,
        now=handle.clock.now,
        fleet=fleet_for(handle.api, handle.credentials, code_minter(handle.credentials, consent_get(handle))),
        probe=JournalProbe(handle.cloud.journal, handle.api),
        **options,
    )


def fuzz_target_for(handle: CloudHandle) -> FuzzTarget:
    """Schemathesis over the export of the handle's served profile, against the handle's live server on a
    loopback port (so that logins and calls come from one client address, as ras/v2's tokens require)."""
    base_url = handle.live()
    caller = make_caller(
        handle.api, handle.simulator.profile, base_url, handle.credentials, clock=handle.clock.timestamp,
        sleep=handle.clock.advance,
    )  # fmt: skip
    signer = Signer(caller, handle.clock.timestamp)
    document = export_openapi(handle.spec, handle.simulator.profile)
    return FuzzTarget(document, signer, base_url=base_url, probe=JournalProbe(handle.cloud.journal, handle.api))
