"""The response-interpreting layer: the spec's envelope says where the code, message and payload sit;
a code other than the success code raises the typed error the spec's tables map it to."""

from __future__ import annotations

import json
from typing import Any

from solarfakes.clients.errors import UnexpectedResponse, VendorError, error_classes
from solarfakes.specs.model import Endpoint, Envelope, Spec


def key_of(template: dict[str, Any], marker: str) -> str | None:
    return next((key for key, value in template.items() if value == marker), None)


class Interpreter:
    """Reads answers of one API."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.classes = error_classes(spec)
        self.messages = {str(entry.code): entry.message for entry in spec.errors}

    def envelope(self, endpoint: Endpoint) -> Envelope:
        return endpoint.envelope or self.spec.envelope

    def body(self, endpoint: Endpoint, status: int, content: bytes) -> Any:
        try:
            return json.loads(content)
        except ValueError:
            raise UnexpectedResponse(
                status, content[:200].decode("utf-8", "replace"), self.spec.api, endpoint.id
            ) from None

    def payload(self, endpoint: Endpoint, status: int, content: bytes) -> Any:
        """The payload of a successful answer; else the typed error."""
        body = self.body(endpoint, status, content)
        envelope = self.envelope(endpoint)
        code_key = key_of(envelope.error.body, "$code")
        if not isinstance(body, dict) or code_key is None or code_key not in body:
            raise UnexpectedResponse(status, f"no {code_key} in the answer", self.spec.api, endpoint.id, body=body)
        code = body[code_key]
        if str(code) == str(envelope.success_code):
            return self.extract(envelope, body)
        raise self.error(endpoint, envelope, code, body)

    def extract(self, envelope: Envelope, body: dict[str, Any]) -> Any:
        template = envelope.success.body
        if "$merge" in template:
            return {k: v for k, v in body.items() if k not in template}
        key = key_of(template, "$payload")
        return body if key is None else body.get(key)

    def error(self, endpoint: Endpoint, envelope: Envelope, code: Any, body: dict[str, Any]) -> VendorError:
        message_key = key_of(envelope.error.body, "$message")
        message = body.get(message_key) if message_key else None
        text = str(message) if message else self.messages.get(str(code), "")
        cls = self.classes.get(str(code), VendorError)
        return cls(code, text, self.spec.api, endpoint.id, body=body)
