"""Reading a request body within bounds: a size limit and a time limit.

No vendor document states a body limit or the answer to an oversize body; the real services sit
behind ordinary web gateways, so an oversize body gets a gateway's plain 413 here (ASSUMPTION: nginx's
default ``client_max_body_size`` is 1 MiB and its answer 413, nginx.org ngx_http_core_module docs).
A body that stops arriving gets 408 after ``timeout_seconds`` instead of holding the request forever.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Coroutine, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast

from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope

from solarfakes.simulators.core.errors import HttpAnswer

MIB = 1024 * 1024


@dataclass
class BodyLimits:
    """The largest body a vendor route and an admin route take, and how long a body may take to arrive."""

    max_bytes: int = MIB
    admin_max_bytes: int = 64 * 1024
    timeout_seconds: float = 10.0


class Incoming(Protocol):
    """What reading a request uses of it: a Starlette Request, or the cloud's lighter ``Arrival``."""

    @property
    def scope(self) -> Scope: ...

    @property
    def receive(self) -> Receive: ...


class Arrival:
    """A request as the API pipeline reads it, its ASGI scope and receive: a Starlette Request, which
    offers nothing else the pipeline reads, cost a call ~1.2 us to make."""

    __slots__ = ("receive", "scope")

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self.scope = scope
        self.receive = receive


def too_large(limit: int) -> HttpAnswer:
    return HttpAnswer(413, {"solarfakes_error": f"the request body is larger than {limit} bytes"})


def framing(scope: Mapping[str, Any]) -> tuple[str, bool]:
    """(Content-Length as sent, or ""; whether Transfer-Encoding was sent), read from the ASGI scope as
    Starlette's Headers read them (the first Content-Length wins), without building them per request."""
    # ASGI header names are lower case, and Starlette reads them so; a dict of the names made backwards
    # keeps each name's first value
    raw = scope["headers"]
    first = dict(reversed(raw if isinstance(raw, list) else list(raw)))
    declared = first.get(b"content-length")
    return declared.decode("latin-1") if declared else "", b"transfer-encoding" in first


async def read_body(request: Incoming, max_bytes: int, timeout_seconds: float) -> bytes:
    """The whole body, or an HttpAnswer: 413 past ``max_bytes`` (told by Content-Length or counted as it
    arrives, so an oversize body is never held), 408 when it is not all there within the timeout."""
    declared, chunked = framing(request.scope)
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes)
    # HTTP/1.x without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3)
    if declared == "0" or (not declared and not chunked and request.scope.get("http_version") in ("1.0", "1.1")):
        return b""  # nothing to wait for (most calls are GETs): no read, no timer
    receive = request.receive
    body = Body(max_bytes)
    try:
        # Most bodies are there when the handler starts, so their receives need no wait and arm no timer
        # (asyncio.timeout was half of a POST's body read): the first receive that must wait is
        # finished, with the rest of the body, under the timer.
        while True:
            waiting: Awaitable[Message] = receive()
            # a native coroutine (any async def receive) is told by its type: the ABC's check cost ~0.4 us
            if type(waiting) is types.CoroutineType or isinstance(waiting, Coroutine):
                try:
                    waiting = resumed(waiting, waiting.send(None))
                except StopIteration as arrived:
                    if body.take(arrived.value):
                        continue
                    return body.joined()
            break
        async with asyncio.timeout(timeout_seconds):
            more = body.take(await waiting)
            while more:
                more = body.take(await receive())
    except TimeoutError:
        raise HttpAnswer(
            408, {"solarfakes_error": f"the request body did not arrive within {timeout_seconds:g} s"}
        ) from None
    except ClientDisconnect:
        raise HttpAnswer(400, {"solarfakes_error": "the client went away before its body arrived"}) from None
    return body.joined()


class Body:
    """A body as its messages arrive, read as Starlette's ``Request.stream`` reads them; 413 past
    ``max_bytes``, counted as it arrives."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.chunks: list[bytes] = []
        self.size = 0

    def take(self, message: Message) -> bool:
        """Add the message's part of the body; whether more follows."""
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        if message["type"] != "http.request":
            return True  # no part of the body: wait on, as Starlette does
        chunk = message.get("body", b"")
        if chunk:
            self.size += len(chunk)
            if self.size > self.max_bytes:
                raise too_large(self.max_bytes)
            self.chunks.append(chunk)
        return bool(message.get("more_body", False))

    def joined(self) -> bytes:
        return bytes(self.chunks[0]) if len(self.chunks) == 1 else b"".join(self.chunks)


@types.coroutine
def resumed(started: Coroutine[Any, Any, Message], waiting_on: Any) -> Generator[Any, Any, Message]:
    """The rest of a coroutine already run to its first wait (on ``waiting_on``): what the event loop
    sends or throws in (a timeout's cancellation) goes on into it, as ``await`` would pass it."""
    while True:
        try:
            sent = yield waiting_on
        except BaseException as exc:
            try:
                waiting_on = started.throw(exc)
            except StopIteration as done:
                return cast(Message, done.value)
        else:
            try:
                waiting_on = started.send(sent)
            except StopIteration as done:
                return cast(Message, done.value)
