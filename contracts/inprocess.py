"""Contract targets for the fake clouds of the pytest plugin: the reference client in process, signing on
the simulated clock, and a probe of the cloud's journal."""

from __future__ import annotations

from typing import Any

from solarfakes.contracts.callers import Caller, make_caller
from solarfakes.contracts.conformance import Target
from solarfakes.contracts.fleet import fleet_for
from solarfakes.contracts.probes import JournalProbe
from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport


def target_for(handle: CloudHandle, **options: Any) -> Target:
    """A conformance target of the handle's fake cloud (fresh client and probe)."""

    def connect() -> Caller:
        return make_caller(
            handle.api,
            handle.simulator.profile,
            handle.base_url,
            handle.credentials,
            transport=SyncASGITransport(handle.app),
            clock=handle.clock.timestamp,
            sleep=handle.clock.advance,
        )

    return Target(
        connect=connect,
        reset=handle.reset,
        profile=handle.simulator.profile,
        now=handle.clock.now,
        fleet=fleet_for(handle.api, handle.credentials),
        probe=JournalProbe(handle.cloud.journal, handle.api),
        **options,
    )
