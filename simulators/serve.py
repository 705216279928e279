"""`solarfakes serve`: run the fake clouds on one port until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sys

from solarfakes.simulators.clock import SimClock
from solarfakes.simulators.core.state_file import StateError
from solarfakes.specs.loader import API_IDS
from solarfakes.specs.model import PROFILES


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api", action="append", choices=API_IDS, help="serve this API (repeatable; default all)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one; default 8000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fleet (default 1)")
    parser.add_argument("--plants", type=int, default=5, help="plants per API for the primary account (default 5)")
    parser.add_argument("--profile", choices=PROFILES, default="observed")
    parser.add_argument(
        "--clock",
        default="real",
        help="real | frozen[@ISO] | offset:SECONDS | speed:FACTOR[@ISO] (default real)",
    )
    parser.add_argument("--limits", choices=["on", "off"], default="on", help="enforce vendor quotas (default on)")
    parser.add_argument("--admin-token", help="lets non-loopback callers use /_solarfakes/ with this token")
    parser.add_argument(
        "--state", metavar="FILE", help="keep writes, clock, faults and counters in this SQLite file across restarts"
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from solarfakes.simulators.vendors import build_cloud, served_apis

    unknown = [api for api in args.api or [] if api not in served_apis()]
    if unknown:
        print(
            f"solarfakes: no fake cloud for {', '.join(unknown)} yet; available: {', '.join(served_apis())}",
            file=sys.stderr,
        )
        return 2
    if args.plants < 1:
        print("solarfakes: --plants must be at least 1", file=sys.stderr)
        return 2
    try:
        clock = SimClock.from_option(args.clock)
    except ValueError as exc:
        print(f"solarfakes: {exc}", file=sys.stderr)
        return 2
    port = args.port or free_port(args.host)
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    try:
        cloud = build_cloud(
            args.api,
            seed=args.seed,
            plants=args.plants,
            profile=args.profile,
            clock=clock,
            limits=args.limits == "on",
            admin_token=args.admin_token,
            base_url=f"http://{shown_host}:{port}",
            state=args.state,
        )
    except StateError as exc:
        print(f"solarfakes: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    print(f"solarfakes {args.profile} profile, seed {cloud.seed}, limits {args.limits}, clock {args.clock}")
    if args.state:
        replayed = cloud.state.restored_events
        print(f"state file {args.state}: {replayed} changes replayed, clock now {cloud.clock.now().isoformat()}")
    for api, creds in cloud.credentials().items():
        base = cloud.simulators[api].spec.base_path
        print(f"\n{api}: {cloud.base_url}{base}")
        print(json.dumps(creds, indent=2))
    print(f"\nadmin: {cloud.base_url}/_solarfakes/health   (Ctrl-C stops)", flush=True)
    try:
        uvicorn.run(cloud.app, host=args.host, port=port, log_level=args.log_level, access_log=False)
    finally:
        cloud.close()
    return 0
