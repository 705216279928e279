"""Crash probes: what a fake cloud's journal recorded for the calls since the last look. A simulator that
fails inside still answers the vendor's internal-error envelope (often at HTTP 200); the journal marks the
entry "simulator bug", and a probe turns that mark into a contract failure."""

from __future__ import annotations

from typing import Any

import httpx

from solarfakes.simulators.core.journal import Journal


class JournalProbe:
    """In process: reads the cloud's journal directly."""

    def __init__(self, journal: Journal, api: str) -> None:
        self.journal, self.api = journal, api
        self.seen = max((e.id for e in journal.query(api)), default=0)

    def __call__(self) -> list[dict[str, Any]]:
        fresh = [e for e in self.journal.query(self.api) if e.id > self.seen]
        if fresh:
            self.seen = fresh[-1].id
        return [e.diagnostics for e in fresh]


class AdminJournalProbe:
    """A solarfakes server at a URL: reads ``GET /_solarfakes/journal`` (loopback needs no admin token)."""

    def __init__(
        self, base_url: str, api: str, admin_token: str | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        headers = {"X-Solarfakes-Admin-Token": admin_token} if admin_token else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, transport=transport, timeout=30.0)
        self.api = api
        self.seen = max((int(e["id"]) for e in self.entries(50)), default=0)

    def entries(self, limit: int) -> list[dict[str, Any]]:
        response = self.http.get("/_solarfakes/journal", params={"api": self.api, "limit": limit})
        response.raise_for_status()
        return list(response.json()["entries"])

    def __call__(self) -> list[dict[str, Any]]:
        fresh = [e for e in self.entries(20) if int(e["id"]) > self.seen]
        if fresh:
            self.seen = max(int(e["id"]) for e in fresh)
        return [dict(e.get("diagnostics") or {}) for e in fresh]

    def close(self) -> None:
        self.http.close()


def is_solarfakes(base_url: str, transport: httpx.BaseTransport | None = None) -> bool:
    """Whether the server at ``base_url`` is a solarfakes simulator (it answers its admin health call)."""
    try:
        with httpx.Client(base_url=base_url, transport=transport, timeout=5.0) as http:
            response = http.get("/_solarfakes/health")
        return response.status_code == 200 and "apis" in response.json()
    except (httpx.HTTPError, ValueError):
        return False
