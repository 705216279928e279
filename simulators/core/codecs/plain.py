"""Plain bodies: JSON, or form-encoded where the request says so (or does not look like JSON);
answers are JSON in the envelope's content type."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from solarfakes.simulators.core.codecs import json_bytes
from solarfakes.simulators.core.codecs.base import Codec, Undecodable
from solarfakes.simulators.core.context import Call


class PlainCodec(Codec):
    name = "plain"

    def decode(self, call: Call) -> None:
        raw = call.raw_body
        if not raw:
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Undecodable("the body is not UTF-8 text", self.spec.param_errors.get("invalid")) from None
        content_type = call.header("content-type") or ""
        if "json" in content_type or text.lstrip().startswith(("{", "[")):
            try:
                call.body = json_bytes.loads(text)
            except (ValueError, RecursionError) as exc:  # bad JSON, NaN, huge integers, absurd nesting
                problem = "the body is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                raise Undecodable(
                    f"the body is not valid JSON: {problem}", self.spec.param_errors.get("invalid")
                ) from None
        else:
            call.body = dict(parse_qsl(text, keep_blank_values=True))

    def encode(self, call: Call, body: Any, content_type: str) -> tuple[bytes, dict[str, str]]:
        return json_bytes.dumps(body), {"content-type": content_type}
