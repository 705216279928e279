"""The plugin's handles: timeouts in process as over a socket, one fixture for every API on one clock,
and the marker's options checked by name."""

from __future__ import annotations

import time

import anyio
import httpx
import pytest

from solarfakes.simulators.pytest_plugin import CloudHandle, CloudsHandle


def test_a_latency_longer_than_the_timeout_raises_read_timeout(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(latency_ms=1000, endpoint="plant_list")
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get("/v1/plant/list", timeout=0.2)
        assert time.monotonic() - started < 0.9
        assert http.get("/v1/user/c_user_list", timeout=0.2).json()["error_code"] == 0


def test_a_latency_within_the_timeout_answers(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(latency_ms=50, endpoint="plant_list", times=1)
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        assert http.get("/v1/plant/list", timeout=2).json()["error_code"] == 0
    assert growatt_cloud.journal.last().fault is not None


def test_no_timeout_waits_for_the_latency(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(latency_ms=300, endpoint="plant_list", times=1)
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}, timeout=None) as http:
        started = time.monotonic()
        assert http.get("/v1/plant/list").json()["error_code"] == 0
        assert time.monotonic() - started >= 0.3


def test_the_async_client_times_out_too(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(latency_ms=1000, endpoint="plant_list")

    async def call() -> None:
        async with growatt_cloud.async_client(headers={"token": growatt_cloud.credentials["token"]}) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.get("/v1/plant/list", timeout=0.2)
            answer = await http.get("/v1/user/c_user_list", timeout=0.5)
            assert answer.json()["error_code"] == 0

    started = time.monotonic()
    anyio.run(call)
    assert time.monotonic() - started < 0.9


def test_the_reference_client_times_out_in_process(growatt_cloud: CloudHandle) -> None:
    growatt_cloud.faults.arm(latency_ms=1000)
    client = growatt_cloud.reference_client(timeout=0.2)
    with pytest.raises(httpx.ReadTimeout):
        client.plant_list()


def test_every_api_on_one_cloud_and_one_clock(solarfakes_cloud: CloudsHandle) -> None:
    assert set(solarfakes_cloud.apis) == {
        "growatt_v1",
        "alphaess_openapi",
        "alphaess_ras_v2",
        "apsystems_openapi",
        "isolarcloud",
    }
    growatt, alpha = solarfakes_cloud["growatt_v1"], solarfakes_cloud["alphaess_openapi"]
    assert growatt.clock is alpha.clock is solarfakes_cloud.clock
    assert solarfakes_cloud.credentials["growatt_v1"]["token"] == growatt.credentials["token"]
    before = alpha.clock.timestamp()
    growatt.clock.advance(3600)
    assert alpha.clock.timestamp() == before + 3600
    with solarfakes_cloud.client() as http:
        health = http.get("/_solarfakes/health").json()
        plants = http.get("/v1/plant/list", headers={"token": growatt.credentials["token"]}).json()
    assert set(health["apis"]) == set(solarfakes_cloud.apis)
    assert plants["error_code"] == 0
    assert [e.api for e in solarfakes_cloud.journal.entries()] == ["growatt_v1"]
    assert growatt.journal.last().endpoint == "plant_list"
    assert alpha.journal.entries() == []


def test_the_every_api_handle_arms_faults_by_api(solarfakes_cloud: CloudsHandle) -> None:
    growatt = solarfakes_cloud["growatt_v1"]
    solarfakes_cloud.faults.arm(10012, api="growatt_v1", times=1)
    solarfakes_cloud.faults.arm(http_status=502, api="alphaess_openapi")
    assert len(growatt.faults.armed()) == 1
    assert growatt.faults.clear() == 1
    assert [f["api"] for f in solarfakes_cloud.faults.armed()] == ["alphaess_openapi"]
    with pytest.raises(ValueError, match="growatt_v1 only"):
        growatt.faults.arm(10012, api="alphaess_openapi")
    with pytest.raises(KeyError, match="'nosuch' is not served"):
        solarfakes_cloud["nosuch"]


@pytest.mark.solarfakes(credentials={"growatt_v1": {"token": "0123456789abcdef0123456789abcdef"}}, plants=2)
def test_credentials_chosen_by_marker(growatt_cloud: CloudHandle) -> None:
    assert growatt_cloud.credentials["token"] == "0123456789abcdef0123456789abcdef"
    with growatt_cloud.client(headers={"token": "0123456789abcdef0123456789abcdef"}) as http:
        assert http.get("/v1/plant/list").json()["data"]["count"] == 2


@pytest.mark.solarfakes(seed=3, plants=2)
def test_fixture_credentials_depend_on_the_seed_alone(
    growatt_cloud: CloudHandle, request: pytest.FixtureRequest
) -> None:
    from solarfakes.simulators.vendors import build_cloud

    other = build_cloud(["growatt_v1"], seed=3, plants=40).credentials()["growatt_v1"]
    assert growatt_cloud.credentials["token"] == other["token"]


@pytest.mark.slow
def test_a_marker_typo_names_the_marker_and_its_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.solarfakes(plant=3)
        def test_typo(growatt_cloud):
            pass

        @pytest.mark.solarfakes(plants="3")
        def test_wrong_type(growatt_cloud):
            pass

        @pytest.mark.solarfakes(clock="frozen@notadate")
        def test_bad_clock(solarfakes_cloud):
            pass

        @pytest.mark.solarfakes(3)
        def test_positional(alphacloud):
            pass

        @pytest.mark.solarfakes(credentials={"growatt_v1": {"tokn": "x"}})
        def test_credential_name(growatt_cloud):
            pass

        @pytest.mark.solarfakes(credentials={"alphaess_openapi": {"app_id": "x"}})
        def test_credential_api(growatt_cloud):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=6)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.solarfakes has no option 'plant' (did you mean 'plants'?); "
            "its options are seed, plants, profile, clock, at, limits, credentials*",
            "*@pytest.mark.solarfakes: plants='3' is not a whole number, at least 1*",
            "*@pytest.mark.solarfakes: 'notadate' is not an ISO 8601 instant*",
            "*@pytest.mark.solarfakes takes keyword options only*",
            "*@pytest.mark.solarfakes: growatt_v1 has no credential tokn; its credentials are token*",
            "*@pytest.mark.solarfakes: credentials for 'alphaess_openapi', which this fixture does not serve*",
        ],
        consecutive=False,
    )
    assert "TypeError" not in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_the_readme_documents_members_the_handles_have(growatt_cloud: CloudHandle) -> None:
    """Every member the README's handle table names exists, with the arguments it shows."""
    import inspect
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**The handle**") : readme.index("In process, timeouts fire")]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    names = {name for row in rows for name in re.findall(r"`([a-z_.]+)(?:\(|`)", row)}
    assert {"faults.arm", "journal.entries", "clock", "live", "async_client"} <= names
    for name in names:
        owner: object = growatt_cloud
        for part in name.split("."):
            owner = getattr(owner, part)
    arm = inspect.signature(growatt_cloud.faults.arm).parameters
    documented = re.search(r"`faults\.arm\(([^)]*)\)`", table)
    assert documented is not None
    shown = [p.split("=")[0].strip() for p in documented.group(1).split(",") if p.strip() not in ("*",)]
    assert shown == [p for p in arm if p != "api"]
    for method in ("now", "timestamp", "freeze", "set", "advance", "offset", "set_speed", "real", "state"):
        assert f"`{method}(" in table
        assert callable(getattr(growatt_cloud.clock, method))


def test_the_simulators_own_computing_never_times_out(
    growatt_cloud: CloudHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process only waiting counts: a slow test machine computing a long history is no network delay."""
    handlers = growatt_cloud.simulator.vendor.handlers
    answer = handlers["plant_list"]

    def slow(*args: object) -> object:
        time.sleep(0.4)  # computing, as far as the event loop can tell
        return answer(*args)  # type: ignore[arg-type]

    monkeypatch.setitem(handlers, "plant_list", slow)
    with growatt_cloud.client(headers={"token": growatt_cloud.credentials["token"]}) as http:
        assert http.get("/v1/plant/list", timeout=0.1).json()["error_code"] == 0


def test_the_every_api_fixture_fails_a_test_whose_simulator_crashed(solarfakes_cloud: CloudsHandle) -> None:
    solarfakes_cloud["isolarcloud"].simulator.crashes += 1  # as the pipeline counts a simulator bug
    with pytest.raises(pytest.fail.Exception, match=r"^the isolarcloud simulator crashed 1 time"):
        solarfakes_cloud.check_crashes()
    solarfakes_cloud.expected_crashes = 1
    solarfakes_cloud.check_crashes()
