"""A short soak (`nox -s soak` runs the long one): traffic, writes, faults and clock moves reach a real
server on 127.0.0.1, and it neither crashes nor loses an accepted write. Health latency and RSS growth
are judged by the soak itself, not asserted here (they are timings)."""

from __future__ import annotations

import pytest

from solarfakes.simulators.bench.soak import flat, journal_full_at, markdown, rss_growth, run_soak

MB = 2**20


def test_rss_growth_allows_a_warm_up_and_refuses_a_climb() -> None:
    flat_line = [(float(t), 100 * MB + (5 * MB if t < 5 else 0)) for t in range(20)]
    assert rss_growth(flat_line, 20)["bounded"] is True
    climbing = [(float(t), 100 * MB + t * 4 * MB) for t in range(20)]
    assert rss_growth(climbing, 20)["bounded"] is False
    assert rss_growth([], 20)["bounded"] is False, "no sample at all is no evidence"


def test_rss_is_judged_once_the_request_journal_is_full() -> None:
    filling = [(float(t), 100 * MB + min(t, 16) * 5 * MB) for t in range(20)]  # the journal fills until 16 s
    assert rss_growth(filling, 20)["bounded"] is False, "judged from the first quarter, it looks like a climb"
    assert rss_growth(filling, 20, journal_full=16.0)["bounded"] is True
    assert rss_growth(filling, 20, journal_full=None)["bounded"] is None, "a journal still filling: not judged"
    climbing = [(float(t), 100 * MB + t * 4 * MB) for t in range(20)]
    assert rss_growth(climbing, 20, journal_full=8.0)["bounded"] is False
    assert rss_growth(climbing, 20, journal_full=19.5)["bounded"] is None, "full at the very end: nothing to judge"


def test_the_journal_is_full_once_it_drops_its_oldest_entry() -> None:
    assert journal_full_at([(3.0, 2000, 1), (6.0, 5000, 1), (9.0, 10_000, 7), (12.0, 10_000, 2007)]) == 9.0
    # the byte bound reached first: fewer entries than the count bound, but the oldest are gone
    assert journal_full_at([(3.0, 2000, 1), (6.0, 5000, 1), (9.0, 6100, 412), (12.0, 6050, 3950)]) == 9.0
    assert journal_full_at([(3.0, 2000, 1), (6.0, 5000, 1), (9.0, 5000, 1)]) is None, "traffic ended before it filled"
    assert journal_full_at([]) is None


def test_health_counters_are_found_at_any_depth() -> None:
    assert ("stats.crashes", 2) in flat({"status": "ok", "stats": {"crashes": 2}})


@pytest.mark.slow
def test_a_short_soak_neither_crashes_nor_loses_a_write() -> None:
    result = run_soak(duration=8, workers=3, plants=3, log=lambda message: None)
    tally = result["tally"]
    assert set(tally["by_api"]) == {
        "growatt_v1",
        "alphaess_openapi",
        "alphaess_ras_v2",
        "apsystems_openapi",
        "isolarcloud",
    }
    assert tally["writes_accepted"] > 0
    assert result["writes_verified"] > 0
    assert tally["faults_armed"] >= 1
    assert tally["clock_moves"] > 0
    assert result["health"]["polls"] > 0
    assert result["rss"]["samples"]
    assert result["checks"]["no simulator crash"], result["crashes"]
    assert result["checks"]["no lost write"], result["lost_writes"]
    assert "# solarfakes soak" in markdown(result)
