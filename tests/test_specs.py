"""The five specs: valid, complete against the documents, every fact sourced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from solarfakes.specs import API_IDS, PROFILES, Spec, load_spec, raw_spec
from solarfakes.specs.loader import generated_meta_schema, profile_pairs, resolve_profile, shipped_meta_schema
from solarfakes.specs.model import FieldSchema

VENDOR_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "vendor-docs"
DOCUMENTED_ENDPOINTS = {
    "alphaess_openapi": 8,
    "alphaess_ras_v2": 7,
    "growatt_v1": 28,
    "apsystems_openapi": 12,
    "isolarcloud": 14,
}
SOURCE_PREFIXES = {
    "alphaess_openapi": "alphaess-alphacloud-openapi",
    "alphaess_ras_v2": "alphaess-ras-v2",
    "growatt_v1": "growatt-openapi-v1",
    "apsystems_openapi": "apsystems-openapi",
    "isolarcloud": "isolarcloud-openapi",
}
# Every error code each document states, as extracted by DOC_CODE_EXTRACTORS below (pinned, so the
# completeness check runs without the documents; test_pinned_codes_match_documents re-derives them).
DOCUMENT_CODES: dict[str, set[str]] = {
    "alphaess_openapi": set(),
    "alphaess_ras_v2": {str(c) for c in range(-1, 17)},
    "growatt_v1": {"0", *(str(c) for c in range(10001, 10014))},
    "apsystems_openapi": {
        "0", "1000", "1001", "2000", "2001", "2002", "2003", "2004", "2005", "3000", "3001", "3002",
        "3003", "3004", "4000", "4001", "5000", "6000", "7000", "7001", "7002", "7003",
    },
    "isolarcloud": {
        "1", "-1", "000", "001", "002", "003", "009", "010", "011", "E00000", "E00001", "E00002", "E00003",
        "E999", "E900", "E901", "E902", "E903", "E904", "E905", "E906", "E907", "E908", "E909", "E910",
        "E911", "E912", "E913", "E914", "E916",
    },
}  # fmt: skip
SUCCESS_CODES = {"0", "1"}


def section(text: str, start: str, end: str | None = None, last: bool = False) -> str:
    begin = text.rindex(start) if last else text.index(start)
    return text[begin : text.index(end, begin) if end else len(text)]


def growatt_codes(text: str) -> set[str]:
    return set(re.findall(r"\b(100\d\d)\b", text)) | set(re.findall(r"(?m)^(\d+)\t", section(text, "5 Error code")))


def ras_codes(text: str) -> set[str]:
    return {c for c, _ in re.findall(r"(?m)^(-?\d+)\t(.+)$", section(text, "8、ReturnCode", "9、Encryption"))}


def apsystems_codes(text: str) -> set[str]:
    annex = section(text, "4.1 Annex 1. Response Code Definition\n\nCode\tDescription\n")
    return {c for c, _ in re.findall(r"(?m)^(\d+)\t(.+)$", annex)}


def isolarcloud_codes(text: str) -> set[str]:
    appendix = section(text, "Appendix 2: API Error Code Definition", "Appendix 3: Unencrypted", last=True)
    pattern = re.compile(r"\t(-1|[0-9]{1,3}|E[0-9]{3,5})\s*$")
    return {m.group(1) for line in appendix.splitlines()[1:] if (m := pattern.search(line))}


def alphacloud_codes(text: str) -> set[str]:
    return set(re.findall(r"\b(6\d{3}|1000\d)\b", text))


DOC_CODE_EXTRACTORS = {
    "alphaess_openapi": ("alphaess-alphacloud-openapi.txt", alphacloud_codes),
    "alphaess_ras_v2": ("alphaess-ras-v2.txt", ras_codes),
    "growatt_v1": ("growatt-openapi-v1.txt", growatt_codes),
    "apsystems_openapi": ("apsystems-openapi.txt", apsystems_codes),
    "isolarcloud": ("isolarcloud-openapi.txt", isolarcloud_codes),
}
# Codes vendor-reality.md names for an API must be in its table too.
REALITY_CODES = {
    "alphaess_openapi": {"6001", "6002", "6003", "6004", "6005", "6007", "6008", "6009", "6010", "6011",
                         "6012", "6016", "6017", "6026", "6029", "6038", "6042", "6046", "6053", "10001"},
    "alphaess_ras_v2": {"14", "16"},
    "growatt_v1": {"10011", "10012", "10013", "10014", "-1"},
    "apsystems_openapi": {"1001", "2005", "7001", "7002", "7003"},
    "isolarcloud": {"E00003", "E900", "E912", "E914", "E919", "E916", "E998", "E999", "009", "010", "000",
                    "201", "-1", "E902", "E913", "E910"},
}  # fmt: skip


def both_profiles() -> Iterator[tuple[str, str]]:
    for api in API_IDS:
        for profile in PROFILES:
            yield api, profile


@pytest.mark.parametrize(("api", "profile"), list(both_profiles()))
def test_spec_validates_in_both_profiles(api: str, profile: str) -> None:
    spec = load_spec(api, profile)  # type: ignore[arg-type]
    assert spec.api == api
    assert spec.endpoints


def test_shipped_meta_schema_is_current() -> None:
    assert shipped_meta_schema() == generated_meta_schema(), (
        "run: solarfakes spec meta-schema -o specs/meta-schema.json"
    )


@pytest.mark.parametrize("api", API_IDS)
def test_documented_endpoint_count_matches_document(api: str) -> None:
    spec = load_spec(api, "documented")
    assert sum(e.documented for e in spec.endpoints) == DOCUMENTED_ENDPOINTS[api]
    extras = [e for e in spec.endpoints if not e.documented]
    assert all(e.profiles == ["observed"] for e in extras), "extras exist only in the observed profile"


def test_the_five_apis_hold_69_documented_endpoints() -> None:
    assert sum(sum(e.documented for e in load_spec(api).endpoints) for api in API_IDS) == 69


def sources_of(spec: Spec) -> Iterator[tuple[str, str | None]]:
    yield "spec", spec.source
    yield "auth", spec.auth.source
    for i, error in enumerate(spec.errors):
        yield f"errors[{i}] {error.code}", error.source
    for i, limit in enumerate(spec.limits):
        yield f"limits[{i}]", limit.source
    for endpoint in spec.endpoints:
        yield endpoint.id, endpoint.source
        for param in endpoint.params:
            yield f"{endpoint.id}.{param.name}", param.source
        for rule in endpoint.rules:
            yield f"{endpoint.id} rule {rule.kind}", rule.source
        for ref in endpoint.errors:
            yield f"{endpoint.id} error {ref.code}", ref.source
        if endpoint.pagination:
            yield f"{endpoint.id} pagination", endpoint.pagination.source
        yield f"{endpoint.id} response", endpoint.response.source
        yield from field_sources(endpoint.response.schema_, endpoint.response.source, f"{endpoint.id}.response")


def field_sources(schema: FieldSchema, inherited: str, where: str) -> Iterator[tuple[str, str | None]]:
    own = schema.source or inherited
    yield where, own
    for name, sub in (schema.properties or {}).items():
        yield from field_sources(sub, own, f"{where}.{name}")
    if schema.items is not None:
        yield from field_sources(schema.items, own, f"{where}[]")


@pytest.mark.parametrize(("api", "profile"), list(both_profiles()))
def test_every_item_cites_the_document_or_vendor_reality(api: str, profile: str) -> None:
    spec = load_spec(api, profile)  # type: ignore[arg-type]
    # iSolarCloud's developer-portal pages (shipped by the mcp-isolarcloud package) are cited as "isolarcloud-portal <page>".
    allowed = (SOURCE_PREFIXES[api], "vendor-reality", f"{api}-portal")
    bad = [(where, source) for where, source in sources_of(spec) if not source or not source.startswith(allowed)]
    assert not bad, f"items without a recognisable source: {bad[:5]}"


@pytest.mark.parametrize("api", API_IDS)
def test_every_documented_error_code_is_in_the_table(api: str) -> None:
    for profile in PROFILES:
        table = {str(e.code) for e in load_spec(api, profile).errors}  # type: ignore[arg-type]
        missing = (DOCUMENT_CODES[api] | REALITY_CODES[api]) - table - SUCCESS_CODES
        assert not missing, f"{api} ({profile}) lacks codes {sorted(missing)}"


@pytest.mark.parametrize("api", API_IDS)
def test_pinned_codes_match_documents(api: str) -> None:
    if not VENDOR_DOCS.is_dir():
        pytest.skip(f"the vendor documents are not beside the checkout ({VENDOR_DOCS})")
    name, extract = DOC_CODE_EXTRACTORS[api]
    assert extract((VENDOR_DOCS / name).read_text(encoding="utf-8")) == DOCUMENT_CODES[api]


def pair_at(api: str, path_pattern: str) -> dict[str, Any]:
    pairs = [(path, pair) for path, pair in profile_pairs(raw_spec(api)) if re.search(path_pattern, path)]
    assert pairs, f"{api} has no documented/observed pair at {path_pattern}"
    return pairs[0][1]


def test_ras_password_key_comes_from_username_in_reality() -> None:
    cipher = pair_at("alphaess_ras_v2", r"password_cipher")
    assert "username" in str(cipher["observed"]).lower()
    assert "secret" in str(cipher["documented"]).lower()


def test_ras_timestamp_window_is_180_seconds_one_sided_in_reality() -> None:
    observed = load_spec("alphaess_ras_v2", "observed").auth.timestamp_window
    documented = load_spec("alphaess_ras_v2", "documented").auth.timestamp_window
    assert observed is not None
    assert documented is not None
    assert (observed.seconds, observed.sides) == (180, "past_only")
    assert (documented.seconds, documented.sides) == (300, "both")


def test_growatt_wraps_payloads_in_data_in_reality() -> None:
    assert load_spec("growatt_v1", "observed").envelope.success.body["data"] == "$payload"
    assert load_spec("growatt_v1", "documented").envelope.success.body["$merge"] == "$payload"


def test_alphacloud_config_endpoints_have_their_real_names() -> None:
    observed = load_spec("alphaess_openapi", "observed").endpoint("getChargeConfigInfo")
    documented = load_spec("alphaess_openapi", "documented").endpoint("getChargeConfigInfo")
    assert observed.path == "/api/getChargeConfigInfo"
    assert documented.path == "/api/getInChargeConfigInfo"


def response_field_names(spec: Spec) -> set[str]:
    names: set[str] = set()

    def walk(schema: FieldSchema) -> None:
        for name, sub in (schema.properties or {}).items():
            names.add(name)
            walk(sub)
        if schema.items is not None:
            walk(schema.items)

    for endpoint in spec.endpoints:
        walk(endpoint.response.schema_)
    return names


@pytest.mark.parametrize(
    ("api", "real", "documented"),
    [
        ("alphaess_ras_v2", {"Soc", "InvworkMode", "PmeterDc"}, {"SOC", "InvWorkMode"}),
        ("growatt_v1", {"energys"}, set()),
        ("isolarcloud", {"total_capcity"}, set()),
    ],
)
def test_real_field_names_are_kept(api: str, real: set[str], documented: set[str]) -> None:
    observed_names = response_field_names(load_spec(api, "observed"))
    assert real <= observed_names
    assert documented <= response_field_names(load_spec(api, "documented"))
    assert not documented & observed_names


@pytest.mark.parametrize("api", API_IDS)
def test_profile_pairs_resolve_to_one_side(api: str) -> None:
    raw = raw_spec(api)
    for profile in PROFILES:
        assert not list(profile_pairs(resolve_profile(raw, profile)))  # type: ignore[arg-type]
