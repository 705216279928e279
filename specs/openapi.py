"""Export a spec as an OpenAPI 3.1 document."""

from __future__ import annotations

from typing import Any

from solarfakes.specs.model import Endpoint, Envelope, Param, Profile, Spec
from solarfakes.specs.schemas import envelope_schema, field_schema, moment_schema

BODY_MEDIA = {"json": "application/json", "form": "application/x-www-form-urlencoded"}


def param_schema(param: Param) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": param.type}
    if param.format and param.type == "string":
        schema.update(moment_schema(param.format))
    if param.format:
        schema["x-format"] = param.format
    if param.pattern:
        schema["pattern"] = param.pattern
    for key in ("enum", "minimum", "maximum", "default"):
        value = getattr(param, key)
        if value is not None:
            schema[key] = value
    if param.max_length is not None:
        schema["maxLength"] = param.max_length
    if param.max_items is not None:
        schema["maxItems"] = param.max_items
    if param.items is not None:
        schema["items"] = field_schema(param.items, param.source)
    if param.required and param.type == "string":
        schema.setdefault("minLength", 1)
    return schema


def operation(spec: Spec, endpoint: Endpoint, security: list[dict[str, list[str]]]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": endpoint.id,
        "summary": endpoint.summary,
        "x-source": endpoint.source,
        "x-documented": endpoint.documented,
        "security": security,
    }
    if endpoint.note:
        op["description"] = endpoint.note
    parameters = []
    body_props: dict[str, Any] = {}
    body_required: list[str] = []
    for param in endpoint.params:
        if param.location in ("query", "header", "path"):
            parameters.append(
                {
                    "name": param.name,
                    "in": param.location,
                    "required": param.required or param.location == "path",
                    "description": param.description or param.name,
                    "schema": param_schema(param),
                    "x-source": param.source,
                }
            )
        else:
            body_props[param.name] = {**param_schema(param), "x-source": param.source}
            if param.required:
                body_required.append(param.name)
    if parameters:
        op["parameters"] = parameters
    if body_props:
        media = BODY_MEDIA.get(endpoint.body, "application/json")
        body_schema: dict[str, Any] = {"type": "object", "properties": body_props}
        if body_required:
            body_schema["required"] = body_required
        op["requestBody"] = {"required": bool(body_required), "content": {media: {"schema": body_schema}}}
    envelope = endpoint.envelope or spec.envelope
    payload = field_schema(endpoint.response.schema_, endpoint.response.source)
    codes = [entry.code for entry in spec.errors]
    success = envelope_schema(envelope.success.body, envelope, payload=payload, codes=None)
    failure = envelope_schema(envelope.error.body, envelope, payload=None, codes=codes)
    responses: dict[str, Any] = {}
    by_status: dict[int, list[dict[str, Any]]] = {}
    by_status.setdefault(envelope.success.http_status, []).append(success)
    by_status.setdefault(envelope.error.http_status, []).append(failure)
    for status, schemas in sorted(by_status.items()):
        schema = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        responses[str(status)] = {
            "description": "vendor envelope" + (" (success or vendor error)" if len(schemas) > 1 else ""),
            "content": {envelope.content_type: {"schema": schema}},
        }
    if answers_without_code(spec, endpoint):
        responses["400"] = {
            "description": "solarfakes only: a bad parameter for which the vendor documents no code",
            "content": {"application/json": {"schema": {"type": "object", "required": ["solarfakes_error"],
                                                        "properties": {"solarfakes_error": {"type": "string"}}}}},
        }  # fmt: skip
    if "not_found" not in spec.http_errors and any(p.location == "path" for p in endpoint.params):
        responses["404"] = {
            "description": "solarfakes only: a path parameter value that makes the path name no endpoint (a / in it)",
            "content": {"application/json": {"schema": {"type": "object", "required": ["solarfakes_error"],
                                                        "properties": {"solarfakes_error": {"type": "string"}}}}},
        }  # fmt: skip
    for name, http_error in spec.http_errors.items():
        responses.setdefault(
            str(http_error.status),
            {"description": name.replace("_", " "), "x-source": http_error.source},
        )
    op["responses"] = responses
    op["x-vendor-errors"] = [
        {"code": ref.code, "message": ref.message or spec.error(ref.code).message, "x-source": ref.source}
        for ref in endpoint.errors
    ]
    return op


def answers_without_code(spec: Spec, endpoint: Endpoint) -> bool:
    """Whether some bad value of a param has no vendor code: the simulator then answers HTTP 400."""
    missing, invalid = spec.param_errors.get("missing"), spec.param_errors.get("invalid")
    return any(
        (param.invalid_error or invalid) is None or (param.required and (param.missing_error or missing) is None)
        for param in endpoint.params
    )


def security_schemes(spec: Spec) -> dict[str, dict[str, Any]]:
    """Each credential the scheme carries in a header becomes an apiKey scheme."""
    return {
        name: {
            "type": "apiKey",
            "in": "header",
            "name": name,
            "description": f"{spec.auth.scheme} credential; see x-auth",
        }
        for name in spec.auth.headers
    }


def export_openapi(spec: Spec, profile: Profile) -> dict[str, Any]:
    schemes = security_schemes(spec)
    security: list[dict[str, list[str]]] = [{key: [] for key in schemes}] if schemes else []
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in spec.endpoints:
        if profile not in endpoint.profiles:
            continue
        for path in [endpoint.path, *endpoint.aliases]:
            op = operation(spec, endpoint, security)
            if path != endpoint.path:
                op["operationId"] = f"{endpoint.id}__{path.strip('/').replace('/', '_')}"
                op["x-alias-of"] = endpoint.path
            paths.setdefault(path, {})[endpoint.method.lower()] = op
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": f"{spec.title} (solarfakes, profile {profile})",
            "version": spec.version,
            "description": f"Transcribed from {spec.document}; every item cites its source in x-source.",
            "x-source": spec.source,
        },
        "servers": [{"url": "/", "description": "a solarfakes simulator"}]
        + [{"url": origin(s.url, spec.base_path), "description": s.description or s.url} for s in spec.servers],
        "paths": paths,
        "components": {
            "securitySchemes": schemes,
            "schemas": {"Error": error_table_schema(spec, spec.envelope)},
        },
        "x-auth": spec.auth.model_dump(mode="json", exclude_none=True),
        "x-limits": [limit.model_dump(mode="json", exclude_none=True) for limit in spec.limits],
        "x-errors": [entry.model_dump(mode="json", exclude_none=True) for entry in spec.errors],
        "x-profile": profile,
    }
    return document


def origin(url: str, base_path: str) -> str:
    """The server entry of a vendor URL: its paths are full paths (``/v1/plant/list``), so a server URL
    that ends in the base path (``https://openapi.growatt.com/v1/``) is cut back to its origin."""
    url = url.rstrip("/")
    base = base_path.rstrip("/")
    return url[: -len(base)] if base and url.endswith(base) else url


def error_table_schema(spec: Spec, envelope: Envelope) -> dict[str, Any]:
    codes = [entry.code for entry in spec.errors]
    return envelope_schema(envelope.error.body, envelope, payload=None, codes=codes)
