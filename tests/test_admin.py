"""The admin API under /_solarfakes/ and the simulated clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from conftest import alpha_signed

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport
from solarfakes.simulators.vendors import VENDORS

REQUIRED_KEYS = {
    "growatt_v1": {"base_url", "token", "plant_ids", "device_sns"},
    "alphaess_openapi": {"base_url", "app_id", "app_secret", "system_sns"},
    "alphaess_ras_v2": {"base_url", "api_account", "secret_key", "username", "password", "system_sns"},
    "apsystems_openapi": {"base_url", "app_id", "app_secret", "system_ids", "ecu_ids", "inverter_ids", "meter_ids"},
    "isolarcloud": {
        "base_url",
        "appkey",
        "access_key",
        "user_account",
        "user_password",
        "rsa_public_key",
        "plant_ids",
        "auth_code",
    },
}
SERVED = {
    "growatt_v1": "/v1/",
    "alphaess_openapi": "/api/",
    "alphaess_ras_v2": "/ras/v2/",
    "apsystems_openapi": "/user/api/v2/",
    "isolarcloud": "/openapi/",
}


@pytest.fixture
def cloud() -> Cloud:
    clock = SimClock()
    clock.freeze(datetime(2026, 6, 21, 10, tzinfo=UTC))
    return Cloud(VENDORS, seed=1, plants=3, clock=clock, limits=False, base_url="http://127.0.0.1:9999")


@pytest.fixture
def admin(cloud: Cloud) -> Iterator[httpx.Client]:
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://127.0.0.1:9999/_solarfakes") as client:
        yield client


def test_health(admin: httpx.Client) -> None:
    body = admin.get("/health").json()
    assert body["status"] == "ok"
    assert body["apis"] == SERVED
    assert body["clock"]["mode"] == "frozen"


def test_health_shows_what_the_bounded_stores_hold(cloud: Cloud, admin: httpx.Client) -> None:
    from solarfakes.simulators.core.nonces import MAX_NONCES
    from solarfakes.simulators.core.tokens import MAX_SESSIONS

    before = admin.get("/health").json()["held"]
    assert before["journal"]["entries"] == before["journal"]["bytes"] == 0
    assert before["apis"]["growatt_v1"]["nonces"] is None, "Growatt signs nothing: no nonce store"
    assert before["apis"]["alphaess_openapi"]["sessions"] is None, "AlphaCloud signs each call: no sessions"
    assert before["apis"]["apsystems_openapi"]["nonces"] == {"now": 0, "max": MAX_NONCES}

    creds = cloud.credentials()["alphaess_openapi"]
    headers = alpha_signed(creds, str(int(cloud.clock.timestamp())))
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers=headers) as http:
        http.get("/api/getOneDayPowerBySn", params={"sysSn": creds["system_sns"][0], "queryDate": "2026-06-20"})
    now = cloud.clock.timestamp()
    cloud.simulators["alphaess_ras_v2"].tokens.issue("someone", now)  # type: ignore[union-attr]
    cloud.simulators["apsystems_openapi"].nonces.use("app", "nonce-1", now)  # type: ignore[union-attr]

    after = admin.get("/health").json()["held"]
    assert after["journal"]["entries"] == 1, "the day's history (admin calls are not journalled)"
    assert 0 < after["journal"]["bytes"] <= after["journal"]["max_bytes"]
    assert 0 < after["cache_bytes"]["now"] <= after["cache_bytes"]["max"], "the day's rows are cached"
    assert after["apis"]["alphaess_ras_v2"]["sessions"] == {"now": 1, "max": MAX_SESSIONS}
    assert after["apis"]["apsystems_openapi"]["nonces"]["now"] == 1
    assert after["apis"]["alphaess_openapi"]["meter_counters"]["now"] >= 1


def test_credentials_use_the_scripted_keys(admin: httpx.Client) -> None:
    body = admin.get("/credentials").json()
    assert set(body) == set(REQUIRED_KEYS)
    for api, keys in REQUIRED_KEYS.items():
        assert keys <= set(body[api])
        assert body[api]["base_url"] == "http://127.0.0.1:9999"
    assert len(body["growatt_v1"]["plant_ids"]) == 3
    assert len(body["alphaess_openapi"]["system_sns"]) == 3


def test_only_served_apis_appear(cloud: Cloud) -> None:
    single = Cloud(VENDORS, ["alphaess_openapi"], clock=cloud.clock)
    assert set(single.credentials()) == {"alphaess_openapi"}


def test_clock_set_advance_freeze_and_errors(admin: httpx.Client) -> None:
    assert admin.post("/clock", json={"set": "2026-01-01T00:00:00Z"}).json()["now"] == "2026-01-01T00:00:00+00:00"
    assert admin.post("/clock", json={"advance": 90}).json()["now"] == "2026-01-01T00:01:30+00:00"
    assert admin.post("/clock", json={"speed": 60}).json()["mode"] == "speed"
    assert admin.post("/clock", json={"freeze": "2026-03-01T12:00:00Z"}).json()["mode"] == "frozen"
    refused = admin.post("/clock", json={"warp": 9})
    assert refused.status_code == 400
    assert "send exactly one of" in refused.json()["error"]
    assert admin.post("/clock", content=b"{not json").status_code == 400


def test_faults_arm_list_clear_and_refusals(admin: httpx.Client, cloud: Cloud) -> None:
    armed = admin.post("/faults", json={"api": "growatt_v1", "endpoint": "/v1/plant/list", "code": 10012, "times": 1})
    assert armed.status_code == 201
    assert armed.json()["remaining"] == 1
    assert len(admin.get("/faults").json()["faults"]) == 1
    token = cloud.credentials()["growatt_v1"]["token"]
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        assert http.get("/v1/plant/list", headers={"token": token}).json()["error_code"] == 10012
    assert admin.get("/faults").json()["faults"] == []
    for bad in (
        {"api": "growatt_v1", "code": 6007},
        {"api": "nope", "code": 1},
        {"code": 10012},
        {"api": "growatt_v1", "endpoint": "/v1/nothing", "code": 10001},
        {"api": "growatt_v1", "code": 10001, "probability": 2},
        {"api": "growatt_v1"},
        {"api": "growatt_v1", "code": 10001, "colour": "red"},
    ):
        response = admin.post("/faults", json=bad)
        assert response.status_code == 400, bad
        assert response.json()["error"]
    admin.post("/faults", json={"api": "growatt_v1", "code": 10001})
    assert admin.delete("/faults").json()["cleared"] == 1


def test_journal_filters_and_clears(admin: httpx.Client, cloud: Cloud) -> None:
    creds = cloud.credentials()
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        http.get("/v1/plant/list", headers={"token": creds["growatt_v1"]["token"]})
        http.get("/v1/plant/list", headers={"token": "bad"})
        http.get("/api/getEssList")
    everything = admin.get("/journal").json()
    assert everything["count"] == 3
    growatt = admin.get("/journal", params={"api": "growatt_v1", "endpoint": "/v1/plant/list"}).json()
    assert growatt["count"] == 2
    assert growatt["entries"][0]["response"]["error_code"] == 0
    assert admin.get("/journal", params={"endpoint": "plant_list", "error_code": "10011"}).json()["count"] == 1
    alpha = admin.get("/journal", params={"api": "alphaess_openapi"}).json()["entries"][0]
    assert alpha["error_code"] == 6012
    assert alpha["diagnostics"]["missing"] == "appId"
    assert admin.delete("/journal").json()["cleared"] == 3
    assert admin.get("/journal").json()["count"] == 0


def test_reset_restores_the_seeded_state(admin: httpx.Client, cloud: Cloud) -> None:
    token = cloud.credentials()["growatt_v1"]["token"]
    plant = cloud.credentials()["growatt_v1"]["plant_ids"][0]
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token}) as http:
        http.post("/v1/plant/delete", data={"plant_id": plant})
        assert http.get("/v1/plant/list").json()["data"]["count"] == 2
        admin.post("/faults", json={"api": "growatt_v1", "code": 10001})
        assert admin.post("/reset").json()["status"] == "reset"
        assert http.get("/v1/plant/list").json()["data"]["count"] == 3
    assert admin.get("/faults").json()["faults"] == []


def test_reseed_builds_another_fleet(admin: httpx.Client) -> None:
    before = admin.get("/credentials").json()["growatt_v1"]["plant_ids"]
    assert admin.post("/reset", json={"seed": 42}).json() == {"status": "reset", "seed": 42}
    after = admin.get("/credentials").json()["growatt_v1"]["plant_ids"]
    assert after != before
    assert len(after) == len(before)
    assert admin.post("/reset", json={"seed": 1}).json()["seed"] == 1
    assert admin.get("/credentials").json()["growatt_v1"]["plant_ids"] == before
    assert admin.post("/reset", json={"seed": "x"}).status_code == 400


def test_limits_switch_and_counters(admin: httpx.Client, cloud: Cloud) -> None:
    token = cloud.credentials()["growatt_v1"]["token"]
    plant = cloud.credentials()["growatt_v1"]["plant_ids"][0]
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token}) as http:

        def codes() -> list[int]:
            return [http.get("/v1/plant/details", params={"plant_id": plant}).json()["error_code"] for _ in range(2)]

        assert codes() == [0, 0], "off: counted, not enforced"
        assert admin.post("/limits", json={"enforce": True}).json()["enforce"] is True
        assert codes() == [10012, 10012], "on: the window already holds calls"
        counters = admin.get("/limits").json()["counters"]["growatt_v1"]
        assert any(c["limit"] == "frequency_per_endpoint" and c["calls"] == 1 and c["refused"] >= 3 for c in counters)
    assert admin.post("/limits", json={"enforce": "yes"}).status_code == 400


def test_openapi_export_is_served(admin: httpx.Client) -> None:
    document = admin.get("/openapi/growatt_v1").json()
    assert document["openapi"] == "3.1.0"
    assert "/v1/plant/list" in document["paths"]
    for api, base in SERVED.items():
        assert any(path.startswith(base) for path in admin.get(f"/openapi/{api}").json()["paths"])
    assert admin.get("/openapi/sunny_portal").status_code == 400


def test_admin_refuses_other_hosts_without_the_token(cloud: Cloud) -> None:
    cloud.admin_token = "s3cret"
    remote = httpx.ASGITransport(app=cloud.app, client=("203.0.113.9", 5000))

    async def ask(headers: dict[str, str]) -> httpx.Response:
        async with httpx.AsyncClient(transport=remote, base_url="http://x") as http:
            return await http.get("/_solarfakes/health", headers=headers)

    import anyio

    assert anyio.run(ask, {}).status_code == 403
    assert anyio.run(ask, {"X-Solarfakes-Admin-Token": "wrong"}).status_code == 403
    assert anyio.run(ask, {"X-Solarfakes-Admin-Token": "s3cret"}).status_code == 200


def test_unknown_top_level_path(admin: httpx.Client, cloud: Cloud) -> None:
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        response = http.get("/nowhere/Login")
    assert response.status_code == 404
    assert response.json()["served"] == SERVED


def test_handle_clock_drives_history(growatt_cloud: CloudHandle) -> None:
    token = growatt_cloud.credentials["token"]
    plant = growatt_cloud.credentials["plant_ids"][0]
    with growatt_cloud.client(headers={"token": token}) as http:
        before = http.get("/v1/plant/power", params={"plant_id": plant, "date": "2026-06-21"}).json()["data"]["count"]
        growatt_cloud.clock.advance(3600)
        after = http.get("/v1/plant/power", params={"plant_id": plant, "date": "2026-06-21"}).json()["data"]["count"]
    assert after == before + 12


def test_clock_modes() -> None:
    now = [1_800_000_000.0]
    clock = SimClock(source=lambda: now[0])
    assert clock.timestamp() == 1_800_000_000.0
    clock.freeze(1_700_000_000.0)
    now[0] += 50
    assert clock.timestamp() == 1_700_000_000.0
    clock.advance(10)
    assert clock.timestamp() == 1_700_000_010.0
    clock.set_speed(60)
    now[0] += 2
    assert clock.timestamp() == 1_700_000_130.0
    clock.offset(-100)
    assert clock.timestamp() == now[0] - 100
    clock.real()
    assert clock.timestamp() == now[0]
    with pytest.raises(ValueError, match="unknown clock"):
        SimClock.from_option("sideways")
    assert SimClock.from_option("frozen@2026-01-01T00:00:00Z").state().now == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "change",
    [{"set": 1e20}, {"set": "0001-01-01T00:00:00Z"}, {"speed": 1e300}, {"speed": -1}, {"offset": 1e300},
     {"advance": "nan"}, {"advance": True}, {"set": "yesterday"}, {"real": False}, {"set": 1, "advance": 1}],
)  # fmt: skip
def test_clock_refuses_what_it_cannot_take_and_keeps_its_time(admin: httpx.Client, change: dict[str, object]) -> None:
    before = admin.get("/clock").json()
    response = admin.post("/clock", json=change)
    assert response.status_code == 400, response.text
    assert admin.get("/clock").json() == before
    assert admin.get("/health").status_code == 200


@pytest.mark.parametrize(
    "fault",
    [{"probability": "0.5"}, {"latency_ms": "5"}, {"times": "2"}, {"times": 1.5}, {"times": 0}, {"http_status": "502"},
     {"http_status": 99}, {"http_status": True}, {"latency_ms": 1e9}, {"probability": float("inf")}, {"endpoint": 5}],
)  # fmt: skip
def test_faults_with_wrong_types_are_refused_and_leave_nothing_armed(
    admin: httpx.Client, fault: dict[str, object]
) -> None:
    body = {"api": "growatt_v1", "code": 10001, **fault}
    response = admin.post(
        "/faults", content=json.dumps(body, allow_nan=True), headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert admin.get("/faults").json()["faults"] == []


def test_admin_tells_loopback_from_lookalikes(cloud: Cloud) -> None:
    import anyio

    async def ask(host: str, headers: dict[str, Any]) -> int:
        transport = httpx.ASGITransport(app=cloud.app, client=(host, 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as http:
            return (await http.get("/_solarfakes/health", headers=headers)).status_code

    cloud.admin_token = "s3cret"
    assert anyio.run(ask, "::1", {}) == 200
    assert anyio.run(ask, "127.0.0.9", {}) == 200
    assert anyio.run(ask, "::ffff:127.0.0.1", {}) == 200
    assert anyio.run(ask, "::1a:2b", {}) == 403
    assert anyio.run(ask, "198.51.100.7", {"X-Solarfakes-Admin-Token": "s3cr\u00e9t".encode()}) == 403


def test_concurrent_writes_from_threads_keep_every_plant(cloud: Cloud) -> None:
    from concurrent.futures import ThreadPoolExecutor

    token = cloud.credentials()["growatt_v1"]["token"]
    user = cloud.credentials()["growatt_v1"]["c_user_ids"][0]

    def add_plants(worker: int) -> list[int]:
        with httpx.Client(
            transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token}
        ) as http:
            return [
                http.post(
                    "/v1/plant/add", data={"c_user_id": user, "name": f"w{worker}-{n}", "peak_power": "3"}
                ).json()["data"]["plant_id"]
                for n in range(150)
            ]

    with ThreadPoolExecutor(max_workers=3) as pool:
        ids = [pid for batch in pool.map(add_plants, range(3)) for pid in batch]
    assert len(set(ids)) == 450
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers={"token": token}) as http:
        assert http.get("/v1/plant/list", params={"perpage": 100}).json()["data"]["count"] == 3 + 450


def test_journal_keeps_big_bodies_short_and_stays_within_its_budget(cloud: Cloud) -> None:
    from solarfakes.simulators.core.journal import Entry, Journal

    creds = cloud.credentials()["alphaess_openapi"]
    headers = alpha_signed(creds, str(int(cloud.clock.timestamp())))
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x", headers=headers) as http:
        http.get("/api/getOneDayPowerBySn", params={"sysSn": creds["system_sns"][0], "queryDate": "2026-06-20"})
    kept = cloud.journal.query(endpoint="getOneDayPowerBySn")[-1].response
    assert kept["solarfakes_truncated"] is True
    assert kept["bytes"] > 32 * 1024
    assert kept["head"].startswith('{"code":200')

    journal = Journal(capacity=100, max_bytes=10_000)
    for n in range(50):
        journal.record(Entry(n, None, None, "GET", "/", {}, {}, b"", "", "", 200, b"", size=1_000))
    assert len(journal.entries) == 10
    assert journal.entries[0].id == 40


def test_meter_forgets_the_counters_used_least_recently(cloud: Cloud) -> None:
    """A client that invents a sysSn per call grew the meter by a counter per call, without bound."""
    meter = cloud.simulator("alphaess_openapi").meter
    meter.max_counters = 5
    meter.check("primary", "getLastPowerData", {"sysSn": "kept"})
    for n in range(20):
        meter.check("primary", "getLastPowerData", {"sysSn": f"invented-{n}"})
        meter.check("primary", "getLastPowerData", {"sysSn": "kept"})
    assert len(meter.counters) == 5
    scopes = [scope for _, scope in meter.counters]
    assert scopes[-1].endswith("sysSn=kept")
    assert scopes[:-1] == [f"primary/getLastPowerData/sysSn=invented-{n}" for n in range(16, 20)]
    kept = meter.counters[("poll_interval", "primary/getLastPowerData/sysSn=kept")]
    assert kept.calls == 5  # the burst of five, never forgotten while in use


# --- issue 10: one consistent admin API ------------------------------------------------------------------------


def test_an_unknown_admin_path_answers_json_404_naming_the_calls(admin: httpx.Client) -> None:
    answer = admin.get("/jorunal")
    assert answer.status_code == 404
    assert "/_solarfakes/journal" in answer.json()["error"]


def test_a_wrong_admin_method_answers_json_405_with_allow(admin: httpx.Client) -> None:
    answer = admin.put("/journal")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, DELETE"
    assert "GET, DELETE" in answer.json()["error"]


def test_error_messages_keep_their_quotes(admin: httpx.Client) -> None:
    answer = admin.get("/openapi/sunny_portal")
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("'sunny_portal' is not served here; served: ")


def test_error_code_zero_finds_the_successes(admin: httpx.Client, cloud: Cloud) -> None:
    creds = cloud.credentials()
    with httpx.Client(transport=SyncASGITransport(cloud.app), base_url="http://x") as http:
        http.get("/v1/plant/list", headers={"token": creds["growatt_v1"]["token"]})
        http.get("/v1/plant/list", headers={"token": "bad"})
        http.get("/api/getEssList", headers=alpha_signed(creds["alphaess_openapi"], str(int(cloud.clock.timestamp()))))
        http.get("/api/nothing")
    found = admin.get("/journal", params={"error_code": "0"}).json()
    assert [(e["api"], e["status"]) for e in found["entries"]] == [("growatt_v1", 200), ("alphaess_openapi", 200)]


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/journal", {"api": "growatt_v1", "error": "10012"}),
        ("GET", "/health", {"verbose": "1"}),
        ("DELETE", "/faults", {"fault": "1"}),
        ("GET", "/tokens", {"apis": "isolarcloud"}),
    ],
)
def test_an_unknown_filter_is_refused(admin: httpx.Client, method: str, path: str, params: dict[str, str]) -> None:
    answer = admin.request(method, path, params=params)
    assert answer.status_code == 400
    assert "unknown parameters" in answer.json()["error"]


@pytest.mark.parametrize(
    ("path", "body", "takes"),
    [
        ("/reset", {"sed": 3}, "seed"),
        ("/limits", {"enforce": True, "soft": True}, "enforce"),
        ("/oauth-code", {"api": "isolarcloud", "user": "x"}, "account, api, redirect_uri"),
        ("/faults", {"api": "growatt_v1", "code": 10001, "colour": "red"}, "api, body, code"),
    ],
)
def test_an_unknown_field_is_refused_and_the_answer_says_which_are_taken(
    admin: httpx.Client, path: str, body: dict[str, Any], takes: str
) -> None:
    answer = admin.post(path, json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert "unknown fields" in error
    assert f"this call takes: {takes}" in error


def test_a_fault_id_that_is_not_a_number_is_refused_plainly(admin: httpx.Client) -> None:
    answer = admin.delete("/faults", params={"id": "first"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "id must be a whole number of at least 1"


def test_a_host_named_testclient_is_not_loopback(cloud: Cloud) -> None:
    import anyio

    async def ask(host: str) -> int:
        transport = httpx.ASGITransport(app=cloud.app, client=(host, 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as http:
            return (await http.get("/_solarfakes/health")).status_code

    assert anyio.run(ask, "testclient") == 403
    assert anyio.run(ask, "localhost") == 403  # a name, not an address
    assert anyio.run(ask, "127.0.0.1") == 200
