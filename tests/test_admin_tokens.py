"""The admin API's view of the token stores: list sessions, revoke one to provoke the vendor's answer."""

from __future__ import annotations

import httpx

from solarfakes.simulators.pytest_plugin import CloudHandle, SyncASGITransport


def test_revoking_growatts_token_makes_the_next_call_answer_10011(growatt_cloud: CloudHandle) -> None:
    token = growatt_cloud.credentials["token"]
    with httpx.Client(transport=SyncASGITransport(growatt_cloud.app), base_url="http://x") as http:
        assert http.get("/v1/plant/list", headers={"token": token}).json()["error_code"] == 0
        revoked = http.delete("/_solarfakes/tokens", params={"token": token}).json()
        assert revoked == {"revoked": 1}
        answer = http.get("/v1/plant/list", headers={"token": token}).json()
        assert answer["error_code"] == 10011
        assert growatt_cloud.journal.last().diagnostics["problem"] == "the token was revoked"
        http.post("/_solarfakes/reset")
        assert http.get("/v1/plant/list", headers={"token": token}).json()["error_code"] == 0


def test_revoking_all_of_an_apis_tokens(growatt_cloud: CloudHandle) -> None:
    token = growatt_cloud.credentials["token"]
    with httpx.Client(transport=SyncASGITransport(growatt_cloud.app), base_url="http://x") as http:
        assert http.delete("/_solarfakes/tokens", params={"api": "growatt_v1"}).json()["revoked"] >= 1
        assert http.get("/v1/plant/list", headers={"token": token}).json()["error_code"] == 10011


def test_token_admin_refuses_unknown_apis_and_bare_deletes(alphacloud: CloudHandle) -> None:
    with httpx.Client(transport=SyncASGITransport(alphacloud.app), base_url="http://x") as http:
        assert http.get("/_solarfakes/tokens").json() == {}  # AlphaCloud signs every call: no sessions
        assert http.get("/_solarfakes/tokens", params={"api": "alphaess_openapi"}).status_code == 404
        assert http.delete("/_solarfakes/tokens").status_code == 400
