"""The calls the benchmark makes to each served API, signed as a client signs them.

Signing and sessions go through the reference clients' request layer and auth (``clients/request.py``,
``clients/auth.py``, which use ``specs/signing.py``), so the bench signs with the project's one
implementation. iSolarCloud is called in its plain mode (the encrypted mode is the same calls sealed).

Each API answers the same questions: its real-time call for a plant, its list call, a 7-day history
(as the API pages or splits it), and its login when it has one. Requests are prepared in advance on
the simulated clock the server is frozen at, and each carries what the server checks (fresh nonces for
APsystems), so the load generator only replays bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from solarfakes.clients.auth import ClientAuth, client_auth
from solarfakes.clients.envelope import Interpreter
from solarfakes.clients.request import Prepared, prepare
from solarfakes.simulators.bench.load import RawRequest
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import Spec

HISTORY_DAYS = 7
STAMP = "%Y%m%d%H%M%S"  # iSolarCloud's minute-data bounds (isolarcloud-openapi 2.7.1)


@dataclass(frozen=True)
class Call:
    endpoint: str
    params: dict[str, Any]


def success_marker(spec: Spec) -> str:
    """The bytes every successful answer of the API holds: its code field with the success code, as the
    compact encoder writes it (``"error_code":0``, ``"result_code":"1"``). Verified on a real answer
    before any load is trusted (``Driver.verify``)."""
    envelope = spec.envelope
    for key, value in envelope.success.body.items():
        if value == "$code" or value == envelope.success_code:
            literal = f'"{envelope.success_code}"' if envelope.code_type == "string" else str(envelope.success_code)
            return f'"{key}":{literal}'
    raise ValueError(f"{spec.api}: the success envelope has no code field")


def raw_request(method: str, path: str, options: dict[str, Any]) -> RawRequest:
    request = httpx.Request(method, f"http://127.0.0.1{path}", **options)
    headers = tuple((k, v) for k, v in request.headers.items() if k.lower() not in ("host", "content-length"))
    return RawRequest(method, request.url.raw_path.decode("ascii"), headers, request.read())


class Driver:
    """One API as a client sees it; ``now`` is the simulated instant the server's clock is frozen at."""

    api = ""
    realtime_endpoint = ""
    list_call = Call("", {})
    login_endpoint: str | None = None

    def __init__(self, credentials: dict[str, Any], now: float, profile: str = "observed") -> None:
        self.spec = load_spec(self.api, profile)
        self.credentials = credentials
        self.now = now
        self.marker = success_marker(self.spec)
        self.interpreter = Interpreter(self.spec)
        self.auth: ClientAuth = client_auth(self.spec, self.client_credentials())
        self.session: Prepared | None = None  # the login last asked for

    def client_credentials(self) -> dict[str, Any]:
        return self.credentials

    @property
    def today(self) -> date:
        return datetime.fromtimestamp(self.now, UTC).date()

    # --- what to ask ---------------------------------------------------------------------------------
    def plant_refs(self) -> list[Any]:
        """Every plant (or the device that stands for it) of the account, in fleet order."""
        raise NotImplementedError

    def realtime(self, ref: Any) -> Call:
        raise NotImplementedError

    def unknown(self, n: int) -> Call:
        """The real-time call for an id that exists nowhere: a fresh parameter value per call."""
        raise NotImplementedError

    def listing(self, ref: Any) -> Call:
        return self.list_call

    def history_refs(self) -> list[Any]:
        """What ``history`` takes, one per plant, in fleet order."""
        return self.plant_refs()

    def history(self, ref: Any) -> list[Call]:
        """Seven whole days before today, at the API's finest resolution, split as the API requires."""
        raise NotImplementedError

    def histories(self, index: int) -> dict[str, list[Call]]:
        """Every 7-day history the API offers, for its ``index``-th plant (counted from either end)."""
        refs = self.history_refs()
        return {"7-day history": self.history(refs[index % len(refs)])}

    def days(self) -> list[date]:
        return [self.today - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]

    # --- how to send it ------------------------------------------------------------------------------
    def prepared(self, call: Call) -> Prepared:
        prepared = prepare(self.spec.endpoint(call.endpoint), dict(call.params))
        self.auth.sign(prepared, self.now)
        return prepared

    def raw(self, call: Call) -> RawRequest:
        prepared = self.prepared(call)
        return raw_request(prepared.method, prepared.path, prepared.httpx_options())

    def login(self, http: httpx.Client) -> None:
        """Log in on the server (token APIs) so later calls carry a session."""
        request = self.login_request()
        if request is not None:
            self.accept_login_answer(self.verify(http, request))

    def login_request(self) -> RawRequest | None:
        """The login that opens the session the real-time call needs (None: no session, or one open)."""
        self.session = self.auth.session_request(self.spec.endpoint(self.realtime_endpoint), self.now)
        if self.session is None:
            return None
        return raw_request(self.session.method, self.session.path, self.session.httpx_options())

    def accept_login_answer(self, content: bytes) -> None:
        """Keep the session a successful login answered."""
        assert self.session is not None, "login_request first"
        endpoint = self.session.endpoint
        self.auth.accept(endpoint, self.interpreter.payload(endpoint, 200, content), self.now)

    def forget_session(self) -> None:
        """Drop the session (an answer said it expired), so ``login_request`` logs in again."""
        self.auth.forget(self.spec.endpoint(self.realtime_endpoint))

    def verify(self, http: httpx.Client, request: RawRequest) -> bytes:
        """Send ``request`` once and insist on a success answer that holds the marker."""
        response = http.request(request.method, request.target, headers=dict(request.headers), content=request.body)
        if response.status_code != 200 or self.marker.encode() not in response.content:
            raise RuntimeError(
                f"{self.api} {request.method} {request.target}: {response.status_code} {response.text[:300]}"
            )
        return response.content


class GrowattDriver(Driver):
    api = "growatt_v1"
    realtime_endpoint = "device_inverter_last_new_data"
    list_call = Call("plant_list", {})

    def plant_refs(self) -> list[Any]:
        storage = set(self.credentials.get("storage_sns", []))
        return [sn for sn in self.credentials["device_sns"] if sn not in storage]

    def realtime(self, ref: Any) -> Call:
        return Call(self.realtime_endpoint, {"device_sn": ref})

    def unknown(self, n: int) -> Call:
        return Call(self.realtime_endpoint, {"device_sn": f"ZZB{n:07d}"})

    def history_refs(self) -> list[Any]:
        offline = set(self.credentials.get("offline_plant_ids", []))
        return [p for p in self.credentials["plant_ids"] if p not in offline]

    def history(self, ref: Any) -> list[Call]:
        """A plant's day of 5-minute power per call (growatt-openapi-v1 plant/power)."""
        return [Call("plant_power", {"plant_id": ref, "date": day.isoformat()}) for day in self.days()]

    def histories(self, index: int) -> dict[str, list[Call]]:
        """Also an inverter's 7 days in one range, paged 100 points a page: 21 pages for 2,016 points
        (device/inverter/data; the page size limit is the spec's, vendor-reality growatt §3)."""
        devices = self.plant_refs()
        device = devices[index % len(devices)]
        start, end = self.days()[0].isoformat(), self.days()[-1].isoformat()
        params = {"device_sn": device, "device_id": device, "start_date": start, "end_date": end, "perpage": 100}
        pages = -(-HISTORY_DAYS * 288 // 100)
        paged = [Call("device_inverter_data", {**params, "page": page}) for page in range(1, pages + 1)]
        return {**super().histories(index), "7-day paged inverter history": paged}


class AlphaCloudDriver(Driver):
    api = "alphaess_openapi"
    realtime_endpoint = "getLastPowerData"
    list_call = Call("getEssList", {})

    def plant_refs(self) -> list[Any]:
        offline = set(self.credentials.get("offline_system_sns", []))
        return [sn for sn in self.credentials["system_sns"] if sn not in offline]

    def realtime(self, ref: Any) -> Call:
        return Call(self.realtime_endpoint, {"sysSn": ref})

    def unknown(self, n: int) -> Call:
        return Call(self.realtime_endpoint, {"sysSn": f"ZZ70{n:011d}"})

    def history(self, ref: Any) -> list[Call]:
        return [Call("getOneDayPowerBySn", {"sysSn": ref, "queryDate": day.isoformat()}) for day in self.days()]


class RasV2Driver(Driver):
    api = "alphaess_ras_v2"
    realtime_endpoint = "GetLastPowerData"
    list_call = Call("GetSystemList", {"pageindex": 1, "pagesize": 10})
    login_endpoint = "Login"

    def plant_refs(self) -> list[Any]:
        offline = set(self.credentials.get("offline_system_sns", []))
        return [sn for sn in self.credentials["system_sns"] if sn not in offline]

    def realtime(self, ref: Any) -> Call:
        return Call(self.realtime_endpoint, {"Sn": ref})

    def unknown(self, n: int) -> Call:
        return Call(self.realtime_endpoint, {"Sn": f"ZZ20{n:011d}"})

    def history(self, ref: Any) -> list[Call]:
        def stamp(day: date) -> str:
            return day.strftime("%Y/%m/%d 00:00:00")

        return [  # 24 hours at most per call (vendor-reality ras/v2 §3, the spec's max_span)
            Call(
                "GetHistoryRunningData", {"Sn": ref, "Starttime": stamp(day), "endtime": stamp(day + timedelta(days=1))}
            )
            for day in self.days()
        ]


class APsystemsDriver(Driver):
    api = "apsystems_openapi"
    realtime_endpoint = "system_summary"

    def plant_refs(self) -> list[Any]:
        return [s for s in self.credentials["systems"] if s.get("online", True)]

    def realtime(self, ref: Any) -> Call:
        return Call(self.realtime_endpoint, {"sid": ref["sid"]})

    def unknown(self, n: int) -> Call:
        return Call(self.realtime_endpoint, {"sid": f"ZZ{n:010d}"})

    def listing(self, ref: Any) -> Call:
        """APsystems has no list of systems: the list call is a system's ECUs and inverters."""
        return Call("system_inverters", {"sid": ref["sid"]})

    def history(self, ref: Any) -> list[Call]:
        return [
            Call(
                "ecu_energy",
                {"sid": ref["sid"], "eid": ref["ecu_ids"][0], "energy_level": "minutely", "date_range": d.isoformat()},
            )
            for d in self.days()
        ]


class ISolarCloudDriver(Driver):
    api = "isolarcloud"
    realtime_endpoint = "getPVInverterRealTimeData"
    list_call = Call("getPowerStationList", {"curPage": 1, "size": 10})
    login_endpoint = "login"

    def plant_refs(self) -> list[Any]:
        offline = {str(p) for p in self.credentials.get("offline_plant_ids", [])}
        keys = [k for k in self.credentials["ps_keys"] if k.split("_")[1] == "1"]  # device type 1: inverters
        return [k for k in keys if k.split("_")[0] not in offline]

    def realtime(self, ref: Any) -> Call:
        return Call(self.realtime_endpoint, {"ps_key_list": [ref]})

    def unknown(self, n: int) -> Call:
        return Call(self.realtime_endpoint, {"ps_key_list": [f"9{n:08d}_1_1_1"]})

    def history(self, ref: Any) -> list[Call]:
        calls = []  # three hours at most per call (isolarcloud-openapi 2.7.1): 56 calls for 7 days
        for day in self.days():
            for hour in range(0, 24, 3):
                start = datetime(day.year, day.month, day.day, hour)
                end = start + timedelta(hours=3)
                calls.append(
                    Call(
                        "getDevicePointMinuteDataList",
                        {"points": "p1,p24", "ps_key_list": [ref], "minute_interval": "5",
                         "start_time_stamp": start.strftime(STAMP), "end_time_stamp": end.strftime(STAMP)},
                    )
                )  # fmt: skip
        return calls

    def client_credentials(self) -> dict[str, Any]:
        """Without the server's RSA key, so the client calls in plain mode (with it, it seals every call)."""
        return {k: v for k, v in self.credentials.items() if k != "rsa_public_key"}


DRIVERS: dict[str, type[Driver]] = {
    d.api: d for d in (GrowattDriver, AlphaCloudDriver, RasV2Driver, APsystemsDriver, ISolarCloudDriver)
}


def needs_fresh_requests(driver: Driver | type[Driver]) -> bool:
    """APsystems refuses a nonce seen before: every request it gets must be signed anew."""
    return issubclass(driver if isinstance(driver, type) else type(driver), APsystemsDriver)


def signed(driver: Driver, calls: list[Call], count: int) -> list[RawRequest]:
    """``count`` requests cycling through ``calls``: distinct signatures where the API wants them, else the
    calls once each (the load generator cycles)."""
    if not needs_fresh_requests(driver):
        return [driver.raw(call) for call in calls]
    cycle: Iterator[Call] = itertools.cycle(calls)
    return [driver.raw(next(cycle)) for _ in range(max(count, len(calls)))]
