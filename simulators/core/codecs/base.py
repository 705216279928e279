"""The codec interface: how an API's request bodies are read and its answers written.

One small interface, one file per implementation (httpx's ``_transports/`` is the model). The
spec names the codec per API and, where it differs, per endpoint.
"""

from __future__ import annotations

from typing import Any, ClassVar

from solarfakes.simulators.core.context import Call
from solarfakes.specs.model import Spec


class Undecodable(Exception):
    """A body the API cannot read; ``code`` is the vendor's own answer, if it has one."""

    def __init__(self, problem: str, code: int | str | None = None) -> None:
        self.problem = problem
        self.code = code
        super().__init__(problem)


class Codec:
    name: ClassVar[str]

    def __init__(self, spec: Spec, seed: object = 0) -> None:
        self.spec = spec
        self.seed = seed  # the cloud's seed and API, for codecs that hold keys derived from it

    def decode(self, call: Call) -> None:
        """Set ``call.body`` from ``call.raw_body`` (and ``call.codec_state`` for the answer), or raise
        Undecodable."""
        raise NotImplementedError

    def encode(self, call: Call, body: Any, content_type: str) -> tuple[bytes, dict[str, str]]:
        """The answer's bytes and its headers (content type included)."""
        raise NotImplementedError
