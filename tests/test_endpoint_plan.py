"""What a call's steps decide once instead of per call, checked against the per-call way each replaces:
an endpoint's plan, validation's quick test, ras/v2's sign with its keys sorted once, header names
decoded once, an encrypted-looking body, an account's app made once."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solarfakes.simulators.core.auth.appkey_token import AppKeyToken
from solarfakes.simulators.core.auth.sorted_pairs import SortedPairs, numeric_params, sign_order
from solarfakes.simulators.core.body import framing
from solarfakes.simulators.core.codecs.dotnet_json import bound_keys
from solarfakes.simulators.core.codecs.rsa_aes import looks_encrypted
from solarfakes.simulators.core.envelope import envelope_of
from solarfakes.simulators.core.pagination import layout_of
from solarfakes.simulators.core.pipeline import request_headers
from solarfakes.simulators.core.validate import Invalid, coerced, quick_check, reader_of
from solarfakes.simulators.vendors import build_cloud
from solarfakes.specs import crypto
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import Endpoint, Param
from solarfakes.specs.signing import sorted_pairs_sign, sorted_pairs_values

APIS = ["growatt_v1", "alphaess_openapi", "alphaess_ras_v2", "apsystems_openapi", "isolarcloud"]

VALUES: list[Any] = [
    None, "", " ", "abc", "0123456789abcdef0123456789abcdef", "x" * 50, "12", "-3", "1.5", "true",
    0, 1, -1, 7, 10**30, 1.0, 1.5, float("nan"), True, False,
    [], ["a"], ["a", 1], [None], [["a"]], {}, {"a": 1}, ["a"] * 60,
    "2026-06-21", "2026-02-30", "20260621", "20260614090000", "20261314090000", "2026/06/21 10:00:00", "202606",
]  # fmt: skip


def every_param() -> list[tuple[str, Param]]:
    found = []
    for api in APIS:
        for profile in ("observed", "documented"):
            spec = load_spec(api, profile)  # type: ignore[arg-type]
            found += [(api, param) for endpoint in spec.endpoints for param in endpoint.params]
    return found


PARAMS = every_param()


def param_of(**fields: Any) -> Param:
    return Param.model_validate({"source": "test", "in": "query", **fields})


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_the_quick_check_passes_is_one_coerced_returns_unchanged(value: Any) -> None:
    """For every parameter of every spec: what passes the quick test, ``coerced`` takes as it is."""
    spec = load_spec("isolarcloud", "observed")
    for _, param in PARAMS:
        quick = quick_check(param)
        if quick is not None and quick(value):
            assert coerced(reader_of(param, spec), value) is value, (param.name, value)


def test_the_quick_check_refuses_what_coerced_refuses_or_changes() -> None:
    spec = load_spec("isolarcloud", "observed")
    sizes = param_of(name="n", type="integer", minimum=1, maximum=5)
    text = param_of(name="t", type="string", max_length=3, pattern="^[a-c]+$")
    keys = param_of(name="k", type="array", items={"type": "string"})
    cases = [(sizes, 0), (sizes, 6), (sizes, True), (sizes, "3"), (text, "abcd"), (text, "abx"), (text, 12)]
    cases += [(keys, ["a", 1]), (keys, "a,b"), (keys, [None])]
    for param, value in cases:
        quick = quick_check(param)
        assert quick is not None
        assert not quick(value), (param.name, value)
        try:
            result = coerced(reader_of(param, spec), value)
        except Invalid:
            continue
        assert result is not value or not isinstance(value, str | int | list)
    for param, value in [(sizes, 3), (text, "ab"), (keys, ["a", "b"]), (keys, [])]:
        quick = quick_check(param)
        assert quick is not None
        assert quick(value)
        assert coerced(reader_of(param, spec), value) is value


def test_enum_parameters_have_no_quick_check() -> None:
    enum = param_of(name="e", type="string", enum=["a"])
    assert quick_check(enum) is None


def test_a_time_or_bounded_list_parameters_quick_check_passes_what_coerced_takes_and_refuses_the_rest() -> None:
    """A date of the layout passes as it is (``moment_in`` parses it); an impossible date, another layout
    or a list out of its bounds goes to ``coerced``, which refuses it."""
    spec = load_spec("isolarcloud", "observed")
    day = param_of(name="d", type="string", format="date")
    stamp = param_of(name="s", type="string", format="yyyyMMddHHmmss", max_length=14)
    keys = param_of(name="k", type="array", items={"type": "string"}, min_items=1, max_items=2)
    for param, value in [(day, "2026-06-21"), (stamp, "20260614090000"), (keys, ["a"]), (keys, ["a", "b"])]:
        quick = quick_check(param)
        assert quick is not None
        assert quick(value), (param.name, value)
        assert coerced(reader_of(param, spec), value) is value
    refused = [(day, "2026-02-30"), (day, "20260621"), (day, 5), (stamp, "20261314090000"), (stamp, "2026061409000000")]
    refused += [(keys, []), (keys, ["a", "b", "c"]), (keys, ["a", 1])]
    for param, value in refused:
        quick = quick_check(param)
        assert quick is not None
        assert not quick(value), (param.name, value)
        with pytest.raises(Invalid):
            coerced(reader_of(param, spec), value)


def sorted_pairs_scheme(profile: str = "observed") -> SortedPairs:
    cloud = build_cloud(["alphaess_ras_v2"], plants=1, limits=False, profile=profile)
    scheme = cloud.simulators["alphaess_ras_v2"].auth
    assert isinstance(scheme, SortedPairs)
    return scheme


SCHEMES = {profile: sorted_pairs_scheme(profile) for profile in ("observed", "documented")}
SIGNED_ENDPOINTS = [
    e for e in load_spec("alphaess_ras_v2", "observed").endpoints if e.id in SCHEMES["observed"].auth.sign_orders
]
pair_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.floats(),
    st.just([1]),
    st.just({}),
)
signed_keys = st.sampled_from(["Sn", "sn", "api_account", "Token", "timestamp", "sign", "pageindex", "pagesize", "TheDate",
                               "Starttime", "endtime", "ActivePower", "SOC", "b", "secretkey", "password", "username"])  # fmt: skip


def recipe_sign(scheme: SortedPairs, endpoint: Endpoint, body: dict[str, Any], secret: str) -> str | type[Exception]:
    pairs = sorted_pairs_values(scheme.auth, endpoint.id, body, numeric_params(endpoint))
    try:
        return sorted_pairs_sign(scheme.auth, pairs, secret)
    except crypto.CryptoError:
        return crypto.CryptoError


@given(st.sampled_from(SIGNED_ENDPOINTS), st.sampled_from(sorted(SCHEMES)),
       st.dictionaries(signed_keys, pair_values, max_size=8), st.text(max_size=10))  # fmt: skip
def test_the_sign_written_at_once_is_the_recipes_sign(
    endpoint: Endpoint, profile: str, body: dict[str, Any], secret: str
) -> None:
    """For every signed endpoint and both profiles (absent keys signed empty, or not at all), any body:
    the endpoint's SignOrder writes what ``sorted_pairs_sign`` signs, its common-call template included."""
    scheme = SCHEMES[profile]
    order = sign_order(scheme.auth, endpoint)
    expected = recipe_sign(scheme, endpoint, body, secret)
    if expected is crypto.CryptoError:
        with pytest.raises(crypto.CryptoError):
            scheme.expected_sign(order, body, endpoint, secret)
    else:
        assert scheme.expected_sign(order, body, endpoint, secret) == expected


def test_the_common_call_is_signed_by_its_template() -> None:
    scheme = SCHEMES["observed"]
    endpoint = next(e for e in SIGNED_ENDPOINTS if e.id == "GetLastPowerData")
    order = sign_order(scheme.auth, endpoint)
    assert order.template == "api_account={0}secretkey={4}Sn={1}timestamp={2}Token={3}"
    body = {"api_account": "a{1}", "Sn": "AL1", "timestamp": 1700000000, "Token": "t", "sign": "x"}
    assert tuple(map(type, map(body.get, order.keys))) == order.plain_types
    assert scheme.expected_sign(order, body, endpoint, "s}") == recipe_sign(scheme, endpoint, body, "s}")


def test_a_lone_surrogate_in_a_signed_value_is_the_recipes_error() -> None:
    scheme = SCHEMES["observed"]
    endpoint = next(e for e in SIGNED_ENDPOINTS if e.id == "GetLastPowerData")
    pairs = sorted_pairs_values(scheme.auth, endpoint.id, {"Sn": "\ud800"}, numeric_params(endpoint))
    with pytest.raises(crypto.CryptoError) as recipe:
        sorted_pairs_sign(scheme.auth, pairs, "s")
    with pytest.raises(crypto.CryptoError) as kept:
        scheme.expected_sign(sign_order(scheme.auth, endpoint), {"Sn": "\ud800"}, endpoint, "s")
    assert str(kept.value) == str(recipe.value)


@given(st.lists(st.tuples(st.binary(min_size=1, max_size=8), st.binary(max_size=8)), max_size=6))
def test_request_headers_are_read_as_each_name_decoded_and_lowered(raw: list[tuple[bytes, bytes]]) -> None:
    raw += [(b"X-Mixed-Case", b"1"), (b"x-mixed-case", b"2")]
    assert request_headers(raw) == {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}
    assert list(request_headers(raw)) == list({k.decode("latin-1").lower(): 0 for k, _ in raw})


@given(st.binary(max_size=40) | st.text(alphabet=string.hexdigits + " \n\t{}", max_size=40).map(str.encode))
def test_an_encrypted_looking_body_is_hex_digits_only(raw: bytes) -> None:
    text = raw.strip()
    assert looks_encrypted(raw) == (bool(text) and all(chr(byte) in string.hexdigits for byte in text))


@pytest.mark.parametrize("api", APIS)
def test_each_endpoints_plan_holds_what_the_spec_says(api: str) -> None:
    cloud = build_cloud([api], plants=1, limits=False)
    sim = cloud.simulators[api]
    for endpoint in sim.spec.endpoints:
        plan = sim.plan(endpoint)
        assert sim.plan(endpoint) is plan
        envelope = envelope_of(sim.spec, endpoint)
        assert (plan.envelope, plan.content_type, plan.serial_header) == (
            envelope,
            envelope.content_type,
            envelope.serial_header,
        )
        assert sim.codec_named(plan.codec) is sim.codec_of(endpoint)
        assert plan.anonymous == (endpoint.auth == "none")
        assert plan.metered == bool(sim.meter.applicable(endpoint.id))
        assert plan.declared == sim.declared[endpoint.id]
    old = {endpoint.id: sim.codec_named(sim.plan(endpoint).codec) for endpoint in sim.spec.endpoints}
    cloud.reset()
    for endpoint in sim.spec.endpoints:
        codec = sim.codec_named(sim.plan(endpoint).codec)
        assert codec is sim.codec_of(endpoint)
        assert codec is not old[endpoint.id], "a reset's new codecs answer the calls after it"


def test_an_accounts_app_is_made_once_and_again_after_a_reset() -> None:
    cloud = build_cloud(["isolarcloud"], plants=2, limits=False)
    sim = cloud.simulators["isolarcloud"]
    scheme = sim.auth
    assert isinstance(scheme, AppKeyToken)
    creds = cloud.credentials()["isolarcloud"]
    by_access_key = scheme.app_by("access_key", creds["access_key"])
    by_appkey = scheme.app_by("appkey", creds["appkey"])
    assert by_access_key is not None
    assert by_access_key is by_appkey
    assert (by_appkey.appkey, by_appkey.access_key, by_appkey.encryption_only) == (
        creds["appkey"],
        creds["access_key"],
        False,
    )
    encrypted = scheme.app_by("appkey", creds["encrypted_app"]["appkey"])
    assert encrypted is not None
    assert encrypted.encryption_only
    assert encrypted.account is by_appkey.account
    assert scheme.app_by("appkey", "no such key") is None
    cloud.reset()
    assert not scheme.apps


def bound_one_by_one(body: dict[str, Any], spelling: dict[str, str]) -> dict[str, Any]:
    """The binding as Json.NET sets properties in document order: the last spelling of a name wins, in
    its place."""
    bound: dict[str, Any] = {}
    for key, value in body.items():
        name = spelling.get(key.lower(), key)
        bound.pop(name, None)
        bound[name] = value
    return bound


@given(st.dictionaries(st.sampled_from(["Sn", "sn", "SN", "Token", "token", "timestamp", "api_account", "x"]),
                       st.integers(), max_size=6))  # fmt: skip
def test_a_bodys_keys_bind_as_one_by_one_whatever_the_kept_names(body: dict[str, Any]) -> None:
    spelling = {"sn": "Sn", "token": "Token", "timestamp": "timestamp", "api_account": "api_account"}
    for _ in range(2):  # the second time, the names kept for these keys
        bound = bound_keys(body, spelling)
        assert bound == bound_one_by_one(body, spelling)
        assert list(bound) == list(bound_one_by_one(body, spelling))


def framing_one_by_one(headers: list[tuple[bytes, bytes]]) -> tuple[str, bool]:
    """Starlette's reading: the first Content-Length, and whether any Transfer-Encoding came."""
    lengths = [value.decode("latin-1") for key, value in headers if key == b"content-length"]
    return (lengths[0] if lengths else ""), any(key == b"transfer-encoding" for key, _ in headers)


@given(st.lists(st.tuples(st.sampled_from([b"content-length", b"transfer-encoding", b"host", b"x"]),
                          st.sampled_from([b"", b"0", b"12", b"chunked", b"abc"])), max_size=6))  # fmt: skip
def test_a_bodys_framing_is_read_as_starlette_reads_it(headers: list[tuple[bytes, bytes]]) -> None:
    assert framing({"headers": headers}) == framing_one_by_one(headers)
    assert framing({"headers": tuple(headers)}) == framing_one_by_one(headers)


def ordered_one_by_one(payload: dict[str, Any], order: dict[str, int]) -> dict[str, Any]:
    """The payload's keys as the response schema lists them, then the others as they were put."""
    ordered = {key: payload[key] for key in order if key in payload}
    ordered.update((key, value) for key, value in payload.items() if key not in ordered)
    return ordered


@given(st.lists(st.sampled_from(["PageIndex", "Items", "TotalCount", "HasNextPage", "x", "y"]), unique=True))
def test_a_pages_keys_are_written_in_the_schemas_order(keys: list[str]) -> None:
    endpoint = load_spec("alphaess_ras_v2", "observed").endpoint("GetLastPowerData")
    layout = layout_of(endpoint)
    assert layout is not None
    payload = {key: n for n, key in enumerate(keys)}
    for _ in range(2):  # the second time, the order kept for these keys
        order = layout.written_order(tuple(payload))
        assert list(order) == list(ordered_one_by_one(payload, layout.key_order))
