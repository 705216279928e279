"""Every endpoint of every served API through its reference-client method, sync and async, against the fake
cloud: the method builds a request the server accepts and reads the answer's payload. iSolarCloud's
endpoints, in both of its modes, are in test_clients_isolarcloud.py; this file checks that nothing is left
out for the others. The calls run in one order per API, so writes (a deleted plant, a bound system) come
where they leave the later calls valid; the valid parameters are the vendor tests' tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import pytest
from test_alphacloud import valid_requests as alphacloud_requests
from test_apsystems import TODAY, first_system
from test_growatt import valid_calls as growatt_calls
from test_rasv2 import valid_calls as rasv2_calls

from solarfakes.clients import VendorError
from solarfakes.simulators.pytest_plugin import CloudHandle
from solarfakes.simulators.vendors import VENDORS

Step = tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]  # endpoint id, params from the answers so far
# Calls the fake refuses for every account with the vendor's own code; the method round-trips all the same.
REFUSED = {("alphaess_openapi", "getTimeChargeBySn"): 6017, ("alphaess_openapi", "setTimeChargeBySn"): 6017}
PERIOD = {"beginTime": "01:00", "endTime": "05:00", "chargeLimit": 90}
DISCHARGE_PERIOD = {"beginTime": "18:00", "endTime": "22:00", "chargeLimit": 20}


def fixed(params: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda answers: params


def growatt_steps(cloud: CloudHandle) -> list[Step]:
    """The Growatt table serves both profiles; each method takes the observed profile's params."""
    steps: list[Step] = []
    for endpoint_id, (_, _, params) in growatt_calls(cloud.credentials).items():
        names = {p.name for p in cloud.spec.endpoint(endpoint_id).params}
        steps.append((endpoint_id, fixed({k: v for k, v in params.items() if k in names})))
    return steps


def alphacloud_steps(cloud: CloudHandle) -> list[Step]:
    creds = cloud.credentials
    requests = {endpoint_id: params for endpoint_id, (_, _, params) in alphacloud_requests(creds).items()}
    bindable = creds["bindable_systems"][0]["sysSn"]
    steps: list[Step] = []
    for endpoint_id, params in requests.items():
        if endpoint_id == "bindSn":  # the code the getVerificationCode step had sent
            steps.append((endpoint_id, lambda answers: {"sysSn": bindable, "code": sent_code(cloud, bindable)}))
        elif endpoint_id.startswith(("getEvCharger", "setEvCharger", "remoteControlEvCharger")) and endpoint_id not in (
            "getEvChargerConfigList",
        ):
            steps.append((endpoint_id, lambda answers, params=params: at_a_charger(params, answers)))
        else:
            steps.append((endpoint_id, fixed(params)))
    charger_list = next(i for i, (e, _) in enumerate(steps) if e == "getEvChargerConfigList")
    probe = cloud.reference_client()
    sn_with_charger = next(sn for sn in creds["system_sns"] if probe.getEvChargerConfigList(sysSn=sn))
    steps[charger_list] = ("getEvChargerConfigList", fixed({"sysSn": sn_with_charger}))
    sn = creds["system_sns"][0]
    steps.append(("getTimeChargeBySn", fixed({"sysSn": sn})))
    steps.append(
        (
            "setTimeChargeBySn",
            fixed(
                {
                    "sysSn": sn,
                    "executeCycleType": 0,
                    "chargeTimeList": [PERIOD],
                    "dischargeTimeList": [DISCHARGE_PERIOD],
                }
            ),
        )
    )
    return steps


def sent_code(cloud: CloudHandle, sn: str) -> str:
    return str(cloud.credentials["verification_codes"][sn])


def at_a_charger(params: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """An EV call pointed at the charger the charger list found."""
    charger = answers["getEvChargerConfigList"][0]
    return {**params, "sysSn": answers["getEvChargerConfigList.sysSn"]} | (
        {"evchargerSn": charger["evchargerSn"]} if "evchargerSn" in params else {}
    )


def apsystems_steps(cloud: CloudHandle) -> list[Step]:
    system = first_system(cloud, meter=True)
    sid, eid, meter, uid = system["sid"], system["ecu_ids"][0], system["meter_ids"][0], system["inverter_ids"][0]
    daily = {"energy_level": "daily", "date_range": "2026-06"}
    calls = {
        "system_details": {"sid": sid},
        "system_inverters": {"sid": sid},
        "system_meters": {"sid": sid},
        "system_summary": {"sid": sid},
        "system_energy": {"sid": sid, **daily},
        "ecu_summary": {"sid": sid, "eid": eid},
        "ecu_energy": {"sid": sid, "eid": eid, "energy_level": "hourly", "date_range": TODAY},
        "meter_summary": {"sid": sid, "eid": meter},
        "meter_energy": {"sid": sid, "eid": meter, **daily},
        "inverter_summary": {"sid": sid, "uid": uid},
        "inverter_energy": {"sid": sid, "uid": uid, **daily},
        "ecu_inverters_day_energy": {"sid": sid, "eid": eid, "energy_level": "power", "date_range": TODAY},
    }
    return [(endpoint_id, fixed(params)) for endpoint_id, params in calls.items()]


def rasv2_steps(cloud: CloudHandle) -> list[Step]:
    calls = {"Login": {}, **rasv2_calls(cloud.credentials)}
    return [(endpoint_id, fixed(params)) for endpoint_id, params in calls.items()]


STEPS = {
    "growatt_v1": growatt_steps,
    "alphaess_openapi": alphacloud_steps,
    "apsystems_openapi": apsystems_steps,
    "alphaess_ras_v2": rasv2_steps,
}


def keep(answers: dict[str, Any], endpoint_id: str, params: dict[str, Any], payload: Any) -> None:
    answers[endpoint_id] = payload
    if "sysSn" in params:
        answers[f"{endpoint_id}.sysSn"] = params["sysSn"]


def check(cloud: CloudHandle, endpoint_id: str, outcome: Any) -> None:
    """The server took the request (no parameter, auth or path complaint) and the client read the answer."""
    entry = cloud.journal.last()
    assert entry.endpoint == endpoint_id, (endpoint_id, entry.path)
    expected = REFUSED.get((cloud.api, endpoint_id))
    if expected is not None:
        assert isinstance(outcome, VendorError), (endpoint_id, outcome)
        assert (outcome.code, outcome.endpoint) == (expected, endpoint_id)
        assert entry.error_code == expected
        return
    assert not isinstance(outcome, BaseException), (endpoint_id, outcome)
    assert entry.error_code is None, (endpoint_id, entry.error_code, entry.diagnostics)
    schema = cloud.spec.endpoint(endpoint_id).response.schema_
    kinds = schema.type if isinstance(schema.type, list) else [schema.type]
    assert outcome is not None or "null" in kinds, endpoint_id
    if isinstance(outcome, dict):
        assert set(schema.required or ()) <= set(outcome), (endpoint_id, outcome)


@pytest.fixture(params=list(STEPS))  # iSolarCloud's round trips are in test_clients_isolarcloud
def cloud(request: pytest.FixtureRequest) -> CloudHandle:
    handle: CloudHandle = request.getfixturevalue(VENDORS[request.param].fixture)
    return handle


def test_the_steps_cover_every_endpoint(cloud: CloudHandle) -> None:
    ids = [endpoint_id for endpoint_id, _ in STEPS[cloud.api](cloud)]
    assert len(ids) == len(set(ids))
    assert set(ids) == {e.id for e in cloud.spec.endpoints if "observed" in e.profiles}


def test_every_endpoint_round_trips_sync(cloud: CloudHandle) -> None:
    client = cloud.reference_client()
    answers: dict[str, Any] = {}
    for endpoint_id, params_of in STEPS[cloud.api](cloud):
        params = params_of(answers)
        try:
            outcome = getattr(client, endpoint_id)(**params)
        except VendorError as error:
            outcome = error
        check(cloud, endpoint_id, outcome)
        keep(answers, endpoint_id, params, outcome)


def test_every_endpoint_round_trips_async(cloud: CloudHandle) -> None:
    async def run() -> None:
        async with cloud.reference_async_client() as client:
            answers: dict[str, Any] = {}
            for endpoint_id, params_of in STEPS[cloud.api](cloud):
                params = params_of(answers)
                try:
                    outcome = await getattr(client, endpoint_id)(**params)
                except VendorError as error:
                    outcome = error
                check(cloud, endpoint_id, outcome)
                keep(answers, endpoint_id, params, outcome)

    anyio.run(run)
