"""Which objects an account has, as parameter values: what no parameter rule of a spec can say (a plant id
that exists, an ECU of that system). Read from the credentials a server hands out (``GET
/_solarfakes/credentials`` of a fake cloud, or a credentials file for a real account); a key the
credentials lack just leaves that parameter to the spec's rules, so a sparse file still runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from solarfakes.contracts.callers import REDIRECT_URI
from solarfakes.contracts.generate import Fleet
from solarfakes.specs.model import Endpoint

Credentials = Mapping[str, Any]


def pick(credentials: Credentials, key: str) -> st.SearchStrategy[Any] | None:
    values = credentials.get(key)
    return st.sampled_from(list(values)) if isinstance(values, list | tuple) and values else None


def fixed(**choices: st.SearchStrategy[Any] | None) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({name: s for name, s in choices.items() if s is not None})


def growatt(credentials: Credentials) -> Fleet:
    def fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
        free = pick(credentials, "free_dataloggers")
        if endpoint.id == "device_datalogger_validate" and free is not None:
            return free.map(lambda logger: {"datalogSn": logger["sn"], "valiCode": logger["valiCode"]})
        if endpoint.id == "device_datalogger_add" and free is not None:
            return st.tuples(
                free, fixed(plant_id=pick(credentials, "plant_ids"), c_user_id=pick(credentials, "c_user_ids"))
            ).map(lambda pair: {**pair[1], "sn": pair[0]["sn"]})
        storages = set(credentials.get("storage_sns") or [])
        # the inverter endpoints answer a storage unit's SN with a code they do not declare
        devices = pick({"sns": [sn for sn in credentials.get("device_sns") or [] if sn not in storages]}, "sns")
        inverters = (
            st.lists(devices, min_size=1, max_size=3, unique=True).map(",".join) if devices is not None else None
        )
        return fixed(
            plant_id=pick(credentials, "plant_ids"),
            device_sn=devices,
            tlx_sn=devices,
            storage_sn=pick(credentials, "storage_sns"),
            c_user_id=pick(credentials, "c_user_ids"),
            sn=pick(credentials, "datalogger_sns"),
            inverters=inverters,
            user_name=pick(credentials, "c_user_names") if endpoint.id == "plant_user_plant_list" else None,
        )

    return fleet


def alphacloud(credentials: Credentials) -> Fleet:
    def fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
        bindable = pick(credentials, "bindable_systems")
        if endpoint.id in ("getVerificationCode", "bindSn") and bindable is not None:
            return bindable.map(lambda system: {"sysSn": system["sysSn"], "checkCode": system["checkCode"]})
        return fixed(sysSn=pick(credentials, "system_sns"))

    return fleet


def rasv2(credentials: Credentials) -> Fleet:
    def fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
        return fixed(Sn=pick(credentials, "system_sns"))

    return fleet


def apsystems(credentials: Credentials) -> Fleet:
    """A system and devices of that system: meters where the path names a meter, else ECUs."""

    def fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
        systems = [s for s in credentials.get("systems") or [] if isinstance(s, dict)]
        device = "meter_ids" if "/meter/" in endpoint.path else "ecu_ids"
        usable = [s for s in systems if s.get(device)] if "eid" in endpoint.path else systems
        if not usable:
            return fixed(
                sid=pick(credentials, "system_ids"),
                eid=pick(credentials, device),
                uid=pick(credentials, "inverter_ids"),
            )
        return st.sampled_from(usable).flatmap(
            lambda system: fixed(sid=st.just(system["sid"]), eid=pick(system, device), uid=pick(system, "inverter_ids"))
        )

    return fleet


def isolarcloud(credentials: Credentials, mint_code: Callable[[], str] | None = None) -> Fleet:
    """Plants, and device keys (ps_key: plant_type_..._...) whose device type goes with them; where a consent
    page gives codes (``mint_code``), a fresh authorization code and its redirect URI for the token call."""

    def fleet(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
        if endpoint.id == "apiManage_token" and mint_code is not None:
            return st.builds(lambda: {"code": mint_code(), "redirect_uri": REDIRECT_URI})
        plants = [str(p) for p in credentials.get("plant_ids") or []]
        keys = [str(k) for k in credentials.get("ps_keys") or []]
        # a device of the account for the parameter-setting calls and the communication-device lookup
        devices = fixed(uuid=pick(credentials, "device_uuids"), dev_sn=pick(credentials, "device_sns"))
        if not keys:
            return st.tuples(fixed(ps_id=st.sampled_from(plants) if plants else None), devices).map(
                lambda pair: pair[0] | pair[1]
            )
        return st.tuples(st.sampled_from(keys), devices).map(
            lambda pair: (
                {
                    "ps_id": pair[0].split("_")[0],
                    "ps_key_list": [pair[0]],
                    "device_type": pair[0].split("_")[1],
                    "ps_id_list": [pair[0].split("_")[0]],
                    "ps_ids": pair[0].split("_")[0],
                }
                | pair[1]
            )
        )

    return fleet


FLEETS: dict[str, Callable[[Credentials], Fleet]] = {
    "growatt_v1": growatt,
    "alphaess_openapi": alphacloud,
    "alphaess_ras_v2": rasv2,
    "apsystems_openapi": apsystems,
    "isolarcloud": isolarcloud,
}


def fleet_for(api: str, credentials: Credentials, mint_code: Callable[[], str] | None = None) -> Fleet:
    """``mint_code``: fresh OAuth2 authorization codes (``callers.code_minter``), where the API has them."""
    if api == "isolarcloud":
        return isolarcloud(credentials, mint_code)
    return FLEETS[api](credentials)
