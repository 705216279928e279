"""``solarfakes contract``: the contract suites against any base URL (a solarfakes server, another mock, a
real vendor account), a per-endpoint pass/fail table, JUnit XML and JSON.

Against a server that is not on this machine (not loopback) the run is read-only unless ``--writes`` is
given: write endpoints are skipped and reported as such, and ``--budget N`` caps the calls (a real account's
quota is small). Against a real account this is the drift check: where the server disagrees with the spec,
the report names the field, what the spec says and what the server sent.

Credentials, by precedence: ``--credential NAME=VALUE``, a JSON file (``--credentials FILE``, either the
API's own object or ``{api: {...}}`` as ``GET /_solarfakes/credentials`` answers), the environment
(``SOLARFAKES_<API>_<NAME>``, as the reference clients read it), and, from a solarfakes server, its admin
credentials call. Known object ids (``plant_ids``, ``system_sns``, ...) let the suites name real objects.

Calls go through the API's reference client (``--client sync`` or ``async``), which opens its sessions itself.
iSolarCloud runs in each of its modes (``--mode plain``, ``--mode encrypted``; default both, encrypted where
the credentials hold the server's ``rsa_public_key``), one report each. Its OAuth2 platform API needs a code:
from a solarfakes server's consent page (``authorize_url`` in its credentials), else ``auth_code`` with
``redirect_uri``, or ``access_token`` / ``refresh_token``; the tokens one connection obtains are the next
one's. Calls the client cannot make with the credentials given are skipped, saying which is missing."""

from __future__ import annotations

import argparse
import contextlib
import functools
import ipaddress
import json
import os
import sys
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from solarfakes.clients.credentials import NEEDED
from solarfakes.contracts.callers import Caller, HeldTokens, Mode, Variant, code_minter, getter, make_caller, modes
from solarfakes.contracts.conformance import WRITES, Budget, CrashProbe, Target, check_api, no_probe
from solarfakes.contracts.fleet import fleet_for
from solarfakes.contracts.fuzz import FuzzTarget, Signer, fuzz_api
from solarfakes.contracts.probes import AdminJournalProbe, is_solarfakes
from solarfakes.contracts.profiles import depth
from solarfakes.contracts.report import Report, write_json, write_junit
from solarfakes.specs import API_IDS, load_spec
from solarfakes.specs.model import Profile
from solarfakes.specs.openapi import export_openapi

SUITES = ("conformance", "schemathesis")


def is_loopback(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="solarfakes contract", description=__doc__.split("\n\n")[0])
    p.add_argument("--api", required=True, choices=API_IDS, action="append", help="repeat for several APIs")
    p.add_argument("--base-url", required=True, help="origin of the server, e.g. http://127.0.0.1:8000")
    p.add_argument("--profile", choices=["observed", "documented"], default="observed")
    p.add_argument("--credentials", type=Path, help="JSON file of credentials (and known object ids)")
    p.add_argument("--credential", action="append", default=[], metavar="NAME=VALUE", help="one credential")
    p.add_argument("--suite", choices=SUITES, action="append", help="default: all")
    p.add_argument("--endpoint", action="append", help="only these endpoint ids")
    p.add_argument("--client", choices=["sync", "async"], default="sync", help="the reference client to call through")
    p.add_argument("--mode", choices=["plain", "encrypted"], action="append",
                   help="iSolarCloud's plain or encrypted mode; default: every mode the API has")  # fmt: skip
    p.add_argument("--writes", action="store_true", help="also call write endpoints off loopback")
    p.add_argument("--read-only", action="store_true", help="skip write endpoints even on loopback")
    p.add_argument("--budget", type=int, help="at most this many calls in all")
    p.add_argument("--examples", type=int, help="generated calls per endpoint and suite (default: the profile's)")
    p.add_argument("--admin-token", help="X-Solarfakes-Admin-Token of a solarfakes server off this machine")
    p.add_argument("--keep-limits", action="store_true",
                   help="leave a solarfakes server's quotas on (default: off for the run, then on)")  # fmt: skip
    p.add_argument("--junit", type=Path, help="write JUnit XML here")
    p.add_argument("--json", type=Path, help="write the JSON report here")
    return p


def load_credentials(api: str, args: argparse.Namespace, solarfakes: bool) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if solarfakes:
        headers = {"X-Solarfakes-Admin-Token": args.admin_token} if args.admin_token else {}
        with httpx.Client(base_url=args.base_url, headers=headers, timeout=30.0) as http:
            response = http.get("/_solarfakes/credentials")
            response.raise_for_status()
            found.update(response.json().get(api) or {})
    prefix = f"SOLARFAKES_{api.upper()}_"
    found.update({k[len(prefix) :].lower(): v for k, v in os.environ.items() if k.startswith(prefix)})
    if args.credentials is not None:
        data = json.loads(args.credentials.read_text())
        found.update(data.get(api, data))
    for item in args.credential:
        name, _, value = item.partition("=")
        found[name.strip()] = value
    found.pop("base_url", None)
    needed = NEEDED[load_spec(api).auth.scheme]
    missing = [name for name in needed if not found.get(name)]
    if missing:
        raise MissingCredentials(f"{api} needs {', '.join(missing)} (--credential NAME=VALUE, --credentials FILE, "
                                 f"or SOLARFAKES_{api.upper()}_<NAME>)")  # fmt: skip
    return found


class MissingCredentials(ValueError):
    """A credential the API's auth scheme needs was found nowhere."""


def server_now(base_url: str, solarfakes: bool, headers: Mapping[str, str]) -> datetime:
    """The server's clock where it tells (a solarfakes server may run a simulated one), else ours."""
    if solarfakes:
        with httpx.Client(base_url=base_url, headers=dict(headers), timeout=30.0) as http:
            clock = http.get("/_solarfakes/clock")
        if clock.status_code == 200 and "now" in clock.json():
            return datetime.fromisoformat(clock.json()["now"].replace("Z", "+00:00"))
    return datetime.now(UTC)


def chosen_modes(api: str, args: argparse.Namespace, credentials: Mapping[str, Any]) -> tuple[list[Mode], list[str]]:
    """The modes to call ``api`` in (default: every mode it has), and notes on the ones left out."""
    offered = modes(load_spec(api))
    asked: list[Mode] = [m for m in args.mode or offered if m in offered]
    notes = [f"mode {m}: {api} has no such mode" for m in args.mode or [] if m not in offered]
    if "encrypted" in asked and not credentials.get("rsa_public_key"):
        if args.mode and "encrypted" in args.mode:
            raise MissingCredentials(f"{api} needs rsa_public_key (the server's public key) for encrypted mode")
        asked.remove("encrypted")
        notes.append("encrypted mode skipped: no rsa_public_key in the credentials")
    return asked, notes


def run_api(api: str, args: argparse.Namespace, budget: Budget) -> list[Report]:
    """One report per mode the API is called in (iSolarCloud: plain and encrypted); schemathesis, which
    signs plain-mode cases, goes with the plain one."""
    profile: Profile = args.profile
    solarfakes = is_solarfakes(args.base_url)
    loopback = is_loopback(args.base_url)
    writes = (loopback or args.writes) and not args.read_only
    credentials = load_credentials(api, args, solarfakes)
    admin = {"X-Solarfakes-Admin-Token": args.admin_token} if args.admin_token else {}
    now = server_now(args.base_url, solarfakes, admin)
    offset = now.timestamp() - time.time()

    def clock() -> float:
        return time.time() + offset  # signs on the server's clock, which may be simulated

    minter = code_minter(credentials, getter(None))  # a solarfakes server's consent page, for the token call
    held = HeldTokens()  # one connection's OAuth2 tokens are the next one's: a code is spent once exchanged

    def connect(variant: Variant) -> Caller:
        return make_caller(api, profile, args.base_url, credentials, variant=variant, held=held, clock=clock,
                           sleep=lambda seconds: None)  # fmt: skip

    probe: CrashProbe = no_probe
    notes = []
    if not writes:
        notes.append("read-only: write endpoints skipped (" + ", ".join(sorted(WRITES[api])) + ")")
    if solarfakes and (loopback or args.admin_token):
        probe = AdminJournalProbe(args.base_url, api, args.admin_token)
        notes.append("crash probe: the server's journal")
    mode_list, mode_notes = chosen_modes(api, args, credentials)
    suites = args.suite or list(SUITES)
    shown = depth()
    reports = []
    for mode in mode_list:
        variant = Variant(args.client, mode)
        report = Report(api, args.base_url, profile, variant=variant.label, notes=list(notes))
        reports.append(report)
        if "conformance" not in suites:
            continue
        target = Target(functools.partial(connect, variant), profile, lambda: datetime.fromtimestamp(clock(), UTC),
                        fleet_for(api, credentials, minter), probe, budget, shrink=False)  # fmt: skip
        try:
            report.conformance = check_api(
                target,
                writes=writes,
                endpoints=args.endpoint,
                valid=args.examples or shown.valid_examples,
                invalid=args.examples or shown.invalid_examples,
            )
        finally:
            target.close()
    if "schemathesis" in suites:
        plain = next((r for r in reports if "encrypted" not in r.variant), None)
        if plain is None:
            plain = Report(api, args.base_url, profile, notes=list(notes))
            reports.append(plain)
        plain.fuzz = run_schemathesis(api, profile, args, connect(Variant()), clock, probe, writes, budget)
        for report in reports:
            if report is not plain:
                report.notes.append(f"schemathesis: in the {plain.name} report (it signs plain-mode requests)")
    if not reports:
        reports.append(Report(api, args.base_url, profile, notes=list(notes)))
    reports[0].notes += mode_notes
    return reports


def run_schemathesis(
    api: str,
    profile: Profile,
    args: argparse.Namespace,
    caller: Caller,
    clock: Any,
    probe: CrashProbe,
    writes: bool,
    budget: Budget,
) -> list[Any]:
    document = export_openapi(load_spec(api, profile), profile)
    operations = sum(len(item) for item in document["paths"].values())
    examples = args.examples or depth().schemathesis_examples
    if budget.remaining is not None:
        examples = min(examples, budget.remaining // max(operations, 1))
    target = FuzzTarget(document, Signer(caller, clock), base_url=args.base_url, probe=probe)

    def skip(endpoint_id: str) -> str | None:
        if args.endpoint and endpoint_id not in args.endpoint:
            return "not asked for"
        if not writes and endpoint_id in WRITES[api]:
            return "writes: read-only run"
        if examples < 1:
            return "call budget used up"
        return None

    try:
        outcomes = fuzz_api(target, max(examples, 1), skip=skip)
    finally:
        target.close()
    if budget.remaining is not None:
        budget.remaining -= sum(o.calls for o in outcomes)
    return [o for o in outcomes if o.skipped != "not asked for"]


@contextlib.contextmanager
def limits_lifted(args: argparse.Namespace) -> Iterator[str | None]:
    """On a solarfakes server we may administer, its quotas off for the run and put back after; yields the
    note to report. A vendor's per-endpoint windows (Growatt's 10012) would otherwise refuse most generated
    calls before their parameters are checked, and a refused call proves nothing; the meter itself is
    checked by the stateful machines."""
    if args.keep_limits or not is_solarfakes(args.base_url) or not (is_loopback(args.base_url) or args.admin_token):
        yield None
        return
    headers = {"X-Solarfakes-Admin-Token": args.admin_token} if args.admin_token else {}
    with httpx.Client(base_url=args.base_url, headers=headers, timeout=30.0) as http:
        before = http.get("/_solarfakes/limits").raise_for_status().json()["enforce"]
        if not before:
            yield None
            return
        http.post("/_solarfakes/limits", json={"enforce": False}).raise_for_status()
        try:
            yield "quotas lifted for the run and restored after (--keep-limits keeps them)"
        finally:
            http.post("/_solarfakes/limits", json={"enforce": True}).raise_for_status()


def main(argv: list[str] | None = None) -> int:
    """Run the suites; 0 when every endpoint passed (or was skipped), 1 on any failure, 2 on bad usage."""
    args = parser().parse_args(argv)
    budget = Budget(args.budget)
    reports = []
    try:
        with limits_lifted(args) as lifted:
            for api in args.api:
                reports += run_api(api, args, budget)
    except httpx.HTTPError as exc:
        print(f"cannot reach {args.base_url}: {exc}", file=sys.stderr)
        return 2
    except MissingCredentials as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if lifted is not None:
        for report in reports:
            report.notes.append(lifted)
    for report in reports:
        print(report.table())
        print()
    if args.junit:
        write_junit(reports, args.junit)
    if args.json:
        write_json(reports, args.json)
    failed = [r.name for r in reports if r.failed]
    print("FAILED: " + ", ".join(failed) if failed else "all contracts hold")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
