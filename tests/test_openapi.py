"""The OpenAPI 3.1 exports: valid, complete, and usable by schemathesis to generate requests."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from solarfakes.specs import API_IDS, PROFILES, load_spec
from solarfakes.specs.openapi import export_openapi

CASES = [(api, profile) for api in API_IDS for profile in PROFILES]


@pytest.mark.parametrize(("api", "profile"), CASES)
def test_export_validates(api: str, profile: str) -> None:
    document = export_openapi(load_spec(api, profile), profile)  # type: ignore[arg-type]
    validate(document)


@pytest.mark.parametrize(("api", "profile"), CASES)
def test_export_has_every_endpoint_security_and_error_responses(api: str, profile: str) -> None:
    spec = load_spec(api, profile)  # type: ignore[arg-type]
    document = export_openapi(spec, profile)  # type: ignore[arg-type]
    operations = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    served = [e for e in spec.endpoints if profile in e.profiles]
    assert {e.id for e in served} <= set(operations)
    assert set(document["components"]["securitySchemes"]) == set(spec.auth.headers)
    assert spec.auth.headers or api == "alphaess_ras_v2", "ras/v2 signs in the body"
    for endpoint in served:
        op = operations[endpoint.id]
        assert op["x-source"] == endpoint.source
        success = op["responses"][str((endpoint.envelope or spec.envelope).success.http_status)]
        schema: Any = next(iter(success["content"].values()))["schema"]
        assert "anyOf" in schema or schema, endpoint.id
        codes = {str(e["code"]) for e in op["x-vendor-errors"]}
        assert codes == {str(ref.code) for ref in endpoint.errors}
    assert {str(e["code"]) for e in document["x-errors"]} == {str(e.code) for e in spec.errors}


@pytest.mark.parametrize("api", API_IDS)
def test_schemathesis_generates_a_request_for_every_operation(api: str) -> None:
    import schemathesis

    document = export_openapi(load_spec(api, "observed"), "observed")
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    declared = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert {(op.method.upper(), op.path) for op in operations} == declared
    for operation in operations:
        assert generated_path(operation) == operation.path


def generated_path(operation: Any) -> str:
    """Draw one request for the operation, the way schemathesis does when it tests a server."""
    from hypothesis import HealthCheck, given, settings

    seen: list[Any] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def generate(case: Any) -> None:
        seen.append(case)

    generate()
    return str(seen[0].path)


@pytest.mark.parametrize("api", API_IDS)
def test_server_url_and_path_join_to_the_vendors_real_url(api: str) -> None:
    """A tool joins a server URL and a path: that must give the vendor's URL, base path once."""
    spec = load_spec(api, "observed")
    document = export_openapi(spec, "observed")
    path = next(iter(document["paths"]))
    assert path.startswith(spec.base_path)
    for server, vendor in zip(document["servers"][1:], spec.servers, strict=True):
        joined = server["url"].rstrip("/") + path
        assert joined.count(spec.base_path.rstrip("/") + "/") == 1, joined
        assert joined.startswith(vendor.url.rstrip("/").removesuffix(spec.base_path.rstrip("/")))
    assert document["servers"][0]["url"] == "/"


def test_growatt_export_reaches_the_real_plant_list_url() -> None:
    document = export_openapi(load_spec("growatt_v1", "observed"), "observed")
    urls = {server["url"].rstrip("/") + "/v1/plant/list" for server in document["servers"]}
    assert "https://openapi.growatt.com/v1/plant/list" in urls
    assert not any("/v1/v1/" in url for url in urls)
