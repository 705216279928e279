"""The caches' default total holds what reading a week again needs: every API's 7-day history read a
second time right after the first builds no day's rows anew, the largest (ras/v2, about 2.6 MB of rows)
included, with whatever the first read left in the other caches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from solarfakes.simulators import caches, day_rows
from solarfakes.simulators.bench.calls import DRIVERS, Driver
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.pytest_plugin import SyncASGITransport
from solarfakes.simulators.vendors import build_cloud

AT = "2026-06-21T12:00:00+00:00"


def read(http: httpx.Client, driver: Driver, calls: list[Any]) -> None:
    for call in calls:
        request = driver.raw(call)
        response = http.request(request.method, request.target, headers=dict(request.headers), content=request.body)
        assert response.status_code == 200
        assert driver.marker.encode() in response.content


@pytest.mark.parametrize("api", list(DRIVERS))
def test_a_week_read_again_right_after_is_answered_from_the_kept_rows(
    api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caches, "TOTAL_BYTES", int(caches.DEFAULT_CACHE_MB * caches.MB))
    for budget in list(caches.BUDGETS):
        budget.clear()
    built: list[object] = []
    put = day_rows.KEPT.put
    monkeypatch.setattr(day_rows.KEPT, "put", lambda key, value: (built.append(key), put(key, value)))
    cloud = build_cloud([api], plants=6, clock=SimClock.from_option(f"frozen@{AT}"), limits=False)
    driver = DRIVERS[api](cloud.credentials()[api], datetime.fromisoformat(AT).timestamp())
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1") as http:
        if driver.login_endpoint is not None:
            login = driver.login_request()
            assert login is not None
            answer = http.request(login.method, login.target, headers=dict(login.headers), content=login.body)
            driver.accept_login_answer(answer.content)
        for calls in driver.histories(3).values():
            read(http, driver, calls)
            assert built, "the first read builds the week's rows"
            built.clear()
            read(http, driver, calls)
            assert built == [], "read again right after, the week comes from the kept rows"
