"""read_body arms its timer only once a receive must wait: bodies whose parts come at once, bodies whose
parts come after waits, and bodies that never start."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from starlette.requests import Request

from solarfakes.simulators.core.body import read_body
from solarfakes.simulators.core.errors import HttpAnswer

SCOPE = {"type": "http", "http_version": "1.1", "method": "POST", "headers": [(b"content-length", b"9")]}


def receiving(parts: list[bytes], wait: float | None, truncated: bool) -> Any:
    """An ASGI receive sending ``parts`` (after ``wait`` seconds each, or at once if None); a ``truncated``
    body says more follows after its last part, and then sends nothing."""

    async def receive() -> dict[str, Any]:
        if wait is not None:
            await anyio.sleep(wait)
        if not parts:
            await anyio.sleep(3600)
        return {"type": "http.request", "body": parts.pop(0), "more_body": bool(parts) or truncated}

    return receive


def read(parts: list[bytes], wait: float | None, timeout: float = 5.0, truncated: bool = False) -> bytes:
    async def go() -> bytes:
        with anyio.fail_after(10):
            return await read_body(Request(SCOPE, receiving(parts, wait, truncated)), 1024, timeout)

    return anyio.run(go)


@pytest.mark.parametrize("wait", [None, 0, 0.01])
def test_a_body_in_parts_arrives_whole_whether_or_not_its_receives_wait(wait: float | None) -> None:
    assert read([b"abc", b"", b"def", b"ghi"], wait) == b"abcdefghi"


def test_a_body_that_never_starts_gets_408() -> None:
    with pytest.raises(HttpAnswer) as answer:
        read([], None, timeout=0.1)
    assert answer.value.status == 408


def test_a_body_whose_parts_came_at_once_and_then_stopped_gets_408() -> None:
    with pytest.raises(HttpAnswer) as answer:
        read([b"abc", b"def"], None, timeout=0.1, truncated=True)
    assert answer.value.status == 408


def test_a_body_that_stops_after_parts_that_waited_gets_408() -> None:
    with pytest.raises(HttpAnswer) as answer:
        read([b"abc"], 0, timeout=0.1, truncated=True)
    assert answer.value.status == 408
