"""The server log of `solarfakes serve`: a line per request (method, path, status, vendor code, the
check that failed), as text or JSON lines, and logging set up so that debug means ours, not faker's."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from solarfakes.simulators.core.journal import Entry

if TYPE_CHECKING:
    from solarfakes.simulators.core.cloud import Cloud

LOG_FORMATS = ("text", "json")
REQUEST_LOGGER = "solarfakes.requests"
# Libraries whose debug output says nothing about the fake clouds (faker logs every locale it loads).
QUIET_LOGGERS = ("faker", "asyncio", "multipart", "httpx", "httpcore")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# The journal entries the current request made (the pipeline journals in the request's own task).
current_entries: contextvars.ContextVar[list[Entry] | None] = contextvars.ContextVar("solarfakes_entries", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "request", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        return json.dumps(line, default=str)


def configure_logging(level: str, form: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if form == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # The simulators log each failed check with its diagnostics (the string that should have been
    # signed...): detail for debug, since the request line already names the check.
    logging.getLogger("solarfakes").setLevel(logging.DEBUG if level == "debug" else logging.WARNING)
    logging.getLogger(REQUEST_LOGGER).setLevel(level.upper())


def observe_journal(cloud: Cloud) -> None:
    """Hand each journal entry to the request that made it. The journal has no hook of its own, so its
    ``record`` is wrapped on this one instance."""
    journal = cloud.journal
    record = journal.record

    def record_and_note(entry: Entry) -> None:
        record(entry)
        entries = current_entries.get()
        if entries is not None:
            entries.append(entry)

    setattr(journal, "record", record_and_note)  # noqa: B010  (an instance attribute over the method)


def request_fields(scope: Scope, status: int, entries: list[Entry], started: float) -> dict[str, Any]:
    fields: dict[str, Any] = {"method": scope.get("method"), "path": scope.get("path"), "status": status}
    entry = entries[-1] if entries else None
    if entry is not None:
        fields.update(api=entry.api, endpoint=entry.endpoint, code=entry.error_code)
        check = entry.diagnostics.get("check")
        if check:
            fields["check"] = check
        if entry.fault:
            fields["fault"] = entry.fault.get("id")
    fields["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return fields


def text_line(fields: dict[str, Any]) -> str:
    head = f"{fields['method']} {fields['path']} {fields['status']}"
    tail = [f"{key}={fields[key]}" for key in ("api", "endpoint", "code", "check", "fault", "ms") if key in fields]
    return " ".join([head, *tail])


def log_requests(cloud: Cloud, log: logging.Logger) -> App:
    """The cloud's app, logging each HTTP request at info once it is answered."""
    observe_journal(cloud)
    app: App = cloud.app

    async def logged(scope: Scope, receive: Receive, send: Send) -> None:
        # A line nobody will see (the default log level is warning) is not put together.
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        entries: list[Entry] = []
        token = current_entries.set(entries)

        async def noting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, noting_send)
        finally:
            current_entries.reset(token)
            fields = request_fields(scope, status, entries, started)
            log.info(text_line(fields), extra={"request": fields})

    return logged
