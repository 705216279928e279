"""`solarfakes serve`: run the fake clouds on one port until Ctrl-C.

Everything that can be wrong (options, the credentials file, the port) is reported before the banner,
in one line naming the option, with exit status 2; the banner only prints for a server that listens."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import ipaddress
import json
import logging
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from solarfakes.simulators import caches
from solarfakes.simulators.caches import can_release_freed_memory, cap_malloc_arenas, release_freed_memory
from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.offload import favour_the_loop
from solarfakes.simulators.core.state_file import StateError
from solarfakes.simulators.requestlog import LOG_FORMATS, REQUEST_LOGGER, configure_logging, log_requests
from solarfakes.specs.names import API_IDS, PROFILES

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

ADMIN_TOKEN_ENV = "SOLARFAKES_ADMIN_TOKEN"


class OptionError(ValueError):
    """An option that cannot be used; the message names it."""


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return value


def clock_option(text: str) -> str:
    """Checked at parse time, so a bad clock is named before anything starts; the clock itself is made
    when the server starts (``frozen`` freezes at that moment)."""
    try:
        SimClock.from_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the fake vendor clouds on one port, each API at its real base path, and print each API's "
        "base URL, credentials and an example request. The admin API is under /_solarfakes/."
    )
    parser.add_argument(
        "--api",
        action="append",
        choices=API_IDS,
        metavar="API",
        help=f"serve this API (repeatable; default all: {', '.join(API_IDS)})",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=port_number, default=8000, help="port (0 picks a free one; default 8000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fleet and the credentials (default 1)")
    parser.add_argument(
        "--plants",
        type=positive_int,
        default=5,
        help="plants per API of the account the credentials are for (default 5)",
    )
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="observed",
        help="observed: behave as the real servers do (default); documented: literally as the vendor document says",
    )
    parser.add_argument(
        "--clock",
        type=clock_option,
        default="real",
        help="the simulated clock: real | frozen[@ISO] | offset:SECONDS | speed:FACTOR[@ISO] (default real)",
    )
    parser.add_argument(
        "--limits", choices=["on", "off"], default="on", help="enforce the vendors' quotas and rate limits (default on)"
    )
    parser.add_argument(
        "--credentials",
        type=Path,
        metavar="FILE",
        help='JSON file of the credentials to use, by API: {"growatt_v1": {"token": "..."}, ...}; '
        "SOLARFAKES_<API>_<NAME> environment variables (SOLARFAKES_GROWATT_V1_TOKEN) override it",
    )
    parser.add_argument(
        "--admin-token",
        default=os.environ.get(ADMIN_TOKEN_ENV),
        metavar="SECRET",
        help=f"token callers off this machine must send to use /_solarfakes/ (default: ${ADMIN_TOKEN_ENV})",
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="keep writes, clock, faults and counters in this SQLite file across restarts (its clock wins)",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="info logs a line per request; debug adds each failed check's diagnostics (default info)",
    )
    parser.add_argument(
        "--log-format", default="text", choices=LOG_FORMATS, help="text lines or one JSON object a line (default text)"
    )


def chosen_credentials(file: Path | None, environ: Mapping[str, str], apis: list[str]) -> dict[str, dict[str, str]]:
    """The credentials a user chose: the file's, then SOLARFAKES_<API>_<NAME> variables over them."""
    chosen: dict[str, dict[str, str]] = {}
    if file is not None:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise OptionError(f"--credentials {file}: {exc}") from None
        except ValueError as exc:
            raise OptionError(f"--credentials {file}: not JSON ({exc})") from None
        if not isinstance(document, dict):
            raise OptionError(f'--credentials {file}: give an object by API, like {{"growatt_v1": {{"token": "..."}}}}')
        for api, values in document.items():
            if api not in API_IDS:
                raise OptionError(f"--credentials {file}: {api!r} is not an API; the APIs are {', '.join(API_IDS)}")
            if not isinstance(values, dict) or not all(isinstance(v, str) and v for v in values.values()):
                raise OptionError(f"--credentials {file}: {api} must map credential names to non-empty strings")
            chosen[api] = dict(values)
    for api, name, value in credential_variables(environ, apis):
        chosen.setdefault(api, {})[name] = value
    return chosen


def credential_variables(environ: Mapping[str, str], apis: list[str]) -> list[tuple[str, str, str]]:
    """(api, credential name, value) of each SOLARFAKES_<API>_<NAME> variable set (the names the
    reference clients read; their BASE_URL is not a credential)."""
    found = []
    for api in apis:
        prefix = f"SOLARFAKES_{api.upper()}_"
        for name, value in environ.items():
            if name.startswith(prefix) and name != prefix + "BASE_URL" and value:
                found.append((api, name[len(prefix) :].lower(), value))
    return found


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind now, so a port in use or an address not of this machine is reported before the banner."""
    # An ASCII name goes as its bytes, which is all the idna codec makes of one: given as text,
    # getaddrinfo imports that codec (with stringprep and unicodedata) at every start.
    name: str | bytes = host.encode("ascii") if host.isascii() else host
    try:
        family, kind, proto, _, address = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise OptionError(f"--host {host}: {exc.strerror}") from None
    except UnicodeError as exc:  # a name the idna codec cannot encode (an empty or too long label)
        raise OptionError(f"--host {host}: not a host name ({exc})") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; another server uses it: pick another --port, or --port 0 for a free one" if port else ""
        raise OptionError(f"--host {host} --port {port}: cannot listen there ({exc.strerror}){hint}") from None
    sock.set_inheritable(True)
    return sock


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def open_to_others_warning(host: str, admin_token: str | None) -> str | None:
    if is_loopback(host) or admin_token:
        return None
    return (
        f"warning: --host {host} serves the fake clouds to other machines, but without an admin token they "
        "cannot use /_solarfakes/ (credentials, clock, faults, journal). To let them, start with "
        f"--admin-token SECRET (or {ADMIN_TOKEN_ENV}=SECRET) and have them send the header "
        "X-Solarfakes-Admin-Token: SECRET."
    )


def giving_back_freed_memory(app: ASGIApp) -> ASGIApp:
    """``app``, giving the C library's free pages back to the system after a request at most once per
    ``TRIM_INTERVAL_SECONDS`` (caches.py): what a call freed (a week's rows and its JSON, a login's
    crypto buffers) otherwise stays in the server's RSS until the heap's top is freed, which it rarely is.
    A request answered too soon after the last give-back leaves one owed, given once the interval has
    passed: a server that falls idle after a burst otherwise kept what the burst's last calls freed
    (about 1 MB after the bench's load of the default fleet)."""
    if not can_release_freed_memory():
        return app
    owed: list[tuple[asyncio.AbstractEventLoop, asyncio.TimerHandle]] = []

    def settle() -> None:
        owed.clear()
        if not release_freed_memory():
            owe()  # given back meanwhile (a cache's drop, another thread): owed again from then

    def owe() -> None:
        loop = asyncio.get_running_loop()
        if not owed or owed[0][0] is not loop:
            owed[:] = [(loop, loop.call_later(caches.TRIM_INTERVAL_SECONDS, settle))]

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await app(scope, receive, send)
        finally:
            if not release_freed_memory():
                owe()

    return answer


def run_serve(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> int:
    try:
        return serve(args, environ)
    except OptionError as exc:
        print(f"solarfakes serve: {exc}", file=sys.stderr)
        return 2


def serve(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    import uvicorn

    from solarfakes.simulators.banner import banner
    from solarfakes.simulators.vendors import build_cloud, served_apis

    apis = args.api or served_apis()
    unknown = [api for api in apis if api not in served_apis()]
    if unknown:
        raise OptionError(f"--api: no fake cloud for {', '.join(unknown)} yet; available: {', '.join(served_apis())}")
    credentials = chosen_credentials(args.credentials, environ, apis)
    configure_logging(args.log_level, args.log_format)
    sock = listening_socket(args.host, args.port)
    port = sock.getsockname()[1]
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "", "::") else args.host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    try:
        cloud = build_cloud(
            apis,
            seed=args.seed,
            plants=args.plants,
            profile=args.profile,
            clock=SimClock.from_option(args.clock),
            limits=args.limits == "on",
            admin_token=args.admin_token,
            base_url=f"http://{shown_host}:{port}",
            credentials=credentials,
            state=args.state,
        )
        # Each account now (not its fleet, which waits for the first call that needs it), so a wrong
        # credential name is reported here; a big fleet never delays listening.
        for api in cloud.simulators:
            cloud.world.account(api)
    except StateError as exc:
        sock.close()
        raise OptionError(f"--state {args.state}: {exc}") from None
    except KeyError as exc:
        if not credentials:
            raise
        sock.close()
        variables = [name for name in environ if name.startswith("SOLARFAKES_") and name != ADMIN_TOKEN_ENV]
        sources = ([f"--credentials {args.credentials}"] if args.credentials else []) + (
            ["SOLARFAKES_<API>_<NAME>"] if variables else []
        )
        raise OptionError(f"{' or '.join(sources)}: {exc.args[0]}") from None
    print(banner(cloud, args), flush=True)
    if args.state:
        replayed = cloud.state.restored_events
        print(f"state file {args.state}: {replayed} changes replayed, clock now {cloud.clock.now().isoformat()}")
    warning = open_to_others_warning(args.host, args.admin_token)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    app = giving_back_freed_memory(log_requests(cloud, logging.getLogger(REQUEST_LOGGER)))
    config = uvicorn.Config(app, log_config=None, log_level=args.log_level, access_log=False, lifespan="off")
    if not gc.isenabled():
        # cli.py paused the collector for the start; what the start built lives as long as the server, so
        # it leaves the collector's passes for good (a caller that kept it on, a test, keeps its own heap).
        gc.freeze()
        gc.enable()
    cap_malloc_arenas()
    favour_the_loop()  # heavy calls compute on worker threads; health and small calls stay prompt (offload.py)
    try:
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises Ctrl-C again once it has shut down
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        cloud.close()
    return 0
