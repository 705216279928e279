"""The baseline: a bare Starlette app answering 2 KB of JSON, on the same uvicorn as `solarfakes serve`.

The body is encoded on every request (as any real endpoint does), from a document built once. It looks
like a vendor answer (a list of readings), so the JSON encoder does comparable work.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from solarfakes.simulators.bench.servers import HOST

BODY_BYTES = 2048
PATH = "/bare"


def document(size: int = BODY_BYTES) -> dict[str, Any]:
    """A reading-like document whose compact JSON is ``size`` bytes, give or take a few."""
    rows: list[dict[str, Any]] = []
    body: dict[str, Any] = {"code": 200, "msg": "Success", "data": rows}
    n = 0
    while len(json.dumps(body, separators=(",", ":"))) < size - 80:
        rows.append({"sysSn": f"AL70110{n:08d}", "ppv": 1234.5 + n, "soc": 56.7, "pgrid": -321.0 + n})
        n += 1
    return body


def build_app(size: int = BODY_BYTES, any_path: bool = False) -> Starlette:
    """``any_path``: answer every path too, so the bare app can take a vendor call's own request (the
    in-process pairing), where the served baseline refuses unknown paths as any app does."""
    content = document(size)

    async def bare(request: Request) -> JSONResponse:
        return JSONResponse(content)

    routes = [Route(PATH, bare, methods=["GET", "POST"])]
    if any_path:
        routes.append(Route("/{rest:path}", bare, methods=["GET", "POST"]))
    return Starlette(routes=routes)


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--size", type=int, default=BODY_BYTES)
    args = parser.parse_args(argv)
    # the same call and options as `solarfakes serve` (simulators/serve.py)
    uvicorn.run(build_app(args.size), host=HOST, port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
