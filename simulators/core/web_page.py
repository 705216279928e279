"""Serving a vendor page outside the API pipeline (an OAuth2 consent page, say) with the pipeline's
guarantees: its body read within the cloud's bounds, every visit journaled, and a page handler that
fails counted and marked as a crash, exactly like a failed API call."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from solarfakes.simulators.core.body import read_body
from solarfakes.simulators.core.errors import HttpAnswer
from solarfakes.simulators.core.pipeline import CRASH_BODY, CRASH_HEADER, SIMULATOR_BUG

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

log = logging.getLogger("solarfakes")


def page_endpoint(sim: Simulator, run: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """The Starlette endpoint of a page of ``sim``'s vendor whose handler ``run`` calls (under the
    cloud's lock: a page may change the vendor's state)."""

    async def endpoint(request: Request) -> Response:
        started = time.perf_counter()
        call = sim.receive(request)
        crashed = False
        try:
            bounds = sim.cloud.body_limits
            call.raw_body = await read_body(request, bounds.max_bytes, bounds.timeout_seconds)
            response = run(request)
            await sim.cloud.state.commit()  # what the page changed is in the state file before it answers
        except HttpAnswer as exc:
            status, payload, headers = sim.http_answer(exc)
            response = Response(payload, status_code=status, headers=headers)
        except Exception:
            log.exception("%s page %s %s failed inside the simulator", sim.api, call.method, call.path)
            call.diagnostics["check"] = SIMULATOR_BUG
            # A page has no vendor envelope to hide a failure in: it fails as a web server does.
            response = JSONResponse(CRASH_BODY, status_code=500)
            crashed = True
        headers = dict(response.headers)
        payload = getattr(response, "body", b"")  # a streamed page is journaled without its body
        succeeded = response.status_code < 400 and not crashed
        sim.journal(
            call, response.status_code, payload, headers, None, None, started, succeeded=succeeded, crashed=crashed
        )
        if crashed:
            response.headers[CRASH_HEADER] = headers[CRASH_HEADER]
        return response

    return endpoint
