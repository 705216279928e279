"""The simulated clock's exactness, and the fixtures' clock: by default frozen at the wall-clock time the
fixture starts (so clients signing with time.time() are accepted), reproducible dates one option away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from solarfakes.simulators.clock import SimClock


def frozen_at(text: str) -> SimClock:
    clock = SimClock()
    clock.freeze(datetime.fromisoformat(text))
    return clock


def test_ten_steps_of_a_tenth_land_exactly_one_second_later() -> None:
    clock = frozen_at("2026-06-21T10:00:00+00:00")
    start = clock.timestamp()
    for _ in range(10):
        clock.advance(0.1)
    assert clock.timestamp() == start + 1
    assert clock.now() == datetime(2026, 6, 21, 10, 0, 1, tzinfo=UTC)


def test_a_microsecond_step_is_kept() -> None:
    clock = frozen_at("2026-06-21T10:00:00+00:00")
    for _ in range(1000):
        clock.advance(0.000001)
    assert clock.now() == datetime(2026, 6, 21, 10, 0, 0, 1000, tzinfo=UTC)


def test_a_frozen_datetime_keeps_its_microseconds() -> None:
    clock = frozen_at("2026-06-21T10:00:00.123456+00:00")
    assert clock.now().microsecond == 123456
    clock.advance(-0.123456)
    assert clock.now() == datetime(2026, 6, 21, 10, tzinfo=UTC)


def test_a_running_clock_moves_with_its_source() -> None:
    now = [1_800_000_000.0]
    clock = SimClock(source=lambda: now[0])
    clock.set_speed(60)
    start = clock.now()
    now[0] += 1.5
    assert clock.now() - start == timedelta(seconds=90)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("frozen@notadate", "'notadate' is not an ISO 8601 instant"),
        ("speed:abc", "'abc' is not a number (in speed:FACTOR)"),
        ("offset:soon", "'soon' is not a number (in offset:SECONDS)"),
        ("sideways", "unknown clock 'sideways'"),
        ("frozen:3", "unknown clock 'frozen:3'"),
    ],
)
def test_a_bad_clock_option_says_which_part_is_wrong(option: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        SimClock.from_option(option)


ALPHA_WITH_THE_MACHINES_TIME = """
import hashlib, time
import httpx

def signed(creds):
    stamp = str(int(time.time()))  # as every real client signs
    sign = hashlib.sha512((creds["app_id"] + creds["app_secret"] + stamp).encode()).hexdigest()
    return {"appId": creds["app_id"], "timeStamp": stamp, "sign": sign}
"""


@pytest.mark.slow
def test_a_client_signing_with_the_machines_time_is_accepted_by_default(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(ALPHA_WITH_THE_MACHINES_TIME)
    pytester.makepyfile(
        """
        import time
        from conftest import signed

        def test_sync(alphacloud):
            with alphacloud.client() as http:
                answer = http.get("/api/getEssList", headers=signed(alphacloud.credentials)).json()
            assert answer["code"] == 200, answer
            assert abs(alphacloud.clock.timestamp() - time.time()) < 60

        def test_live(alphacloud):
            import httpx
            base = alphacloud.live()
            answer = httpx.get(base + "/api/getEssList", headers=signed(alphacloud.credentials)).json()
            assert answer["code"] == 200, answer

        def test_every_api_fixture(solarfakes_cloud):
            alpha = solarfakes_cloud["alphaess_openapi"]
            with solarfakes_cloud.client() as http:
                answer = http.get("/api/getEssList", headers=signed(alpha.credentials)).json()
            assert answer["code"] == 200, answer
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


@pytest.mark.slow
def test_reproducible_dates_by_marker_and_by_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from datetime import datetime, UTC

        @pytest.mark.solarfakes(clock="frozen@2026-06-21T10:00:00Z")
        def test_marker(growatt_cloud):
            assert growatt_cloud.clock.now() == datetime(2026, 6, 21, 10, tzinfo=UTC)

        @pytest.mark.solarfakes(at="2026-03-01T12:00:00Z")
        def test_at(growatt_cloud):
            assert growatt_cloud.clock.now() == datetime(2026, 3, 1, 12, tzinfo=UTC)

        def test_ini(growatt_cloud):
            assert growatt_cloud.clock.now() == datetime(2025, 12, 24, 18, tzinfo=UTC)
            assert growatt_cloud.clock.state().mode == "frozen"
        """
    )
    pytester.makeini("[pytest]\nsolarfakes_clock = frozen@2025-12-24T18:00:00Z\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_the_default_clock_is_frozen_at_the_fixtures_start(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import time

        def test_default(growatt_cloud):
            assert growatt_cloud.clock.state().mode == "frozen"
            assert abs(growatt_cloud.clock.timestamp() - time.time()) < 60
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_an_unmodified_third_party_client_passes_against_the_default_fixture(pytester: pytest.Pytester) -> None:
    """A user's own project, no solarfakes options at all: alphaessopenapi signs with time.time()."""
    pytester.makepyfile(
        """
        import asyncio
        import alphaess.alphaess as module

        def test_poll(alphacloud, monkeypatch):
            monkeypatch.setattr(module, "BASEURL", alphacloud.live() + "/api")  # the only change: the host
            creds = alphacloud.credentials

            async def poll():
                client = module.alphaess(creds["app_id"], creds["app_secret"], raise_on_error=True)
                try:
                    assert await client.authenticate() is True
                    return await client.getdata()
                finally:
                    await client.close()

            units = asyncio.run(poll())
            assert {unit["sysSn"] for unit in units} == set(creds["system_sns"])
            assert not alphacloud.journal.entries(error_code=6009)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
