"""What `solarfakes serve` prints once it listens: per API its base URL, the account's own credentials
and one example request with how to sign it, each written from the API's spec; the rest (ids, other
accounts, codes) stays at GET /_solarfakes/credentials."""

from __future__ import annotations

import argparse
import json
import shlex

from solarfakes.simulators.cli import package_version
from solarfakes.simulators.core.cloud import Cloud
from solarfakes.simulators.core.pipeline import Simulator
from solarfakes.specs.auth import AppKeyTokenAuth, HeaderTokenAuth, SignedHeadersAuth, SortedPairsAuth
from solarfakes.specs.model import Endpoint


def example_endpoint(sim: Simulator) -> Endpoint:
    """The endpoint a client calls first: a login where the API has one, else the GET without required
    parameters of the shortest path (the main listing), else the first endpoint."""
    served = [e for e in sim.spec.endpoints if sim.profile in e.profiles]
    logins = [e for e in served if e.auth == "app_only"]
    free = sorted(
        (e for e in served if e.method == "GET" and not any(p.required for p in e.params)), key=lambda e: len(e.path)
    )
    return (logins or free or served)[0]


def curl(method: str, url: str, headers: dict[str, str], body: dict[str, str] | None = None) -> str:
    words = ["curl"] + (["-X", method] if method != "GET" else [])
    for name, value in headers.items():
        words += ["-H", f"{name}: {value}"]
    if body is not None:
        words += ["-H", "content-type: application/json", "-d", json.dumps(body)]
    return " ".join(shlex.quote(word) for word in [*words, url])


def how_to_call(sim: Simulator, creds: dict[str, str], origin: str) -> list[str]:
    """One example request, ready to paste where the scheme needs no signature, else with its recipe."""
    endpoint = example_endpoint(sim)
    url = origin + endpoint.path
    auth = sim.spec.auth
    if isinstance(auth, HeaderTokenAuth):
        return ["try:  " + curl(endpoint.method, url, {auth.header: creds["token"]})]
    if isinstance(auth, SignedHeadersAuth):
        names = auth.header_names
        digest = (
            auth.digest or "HMAC-" + "/".join(sorted(set((auth.hmac_methods or {}).values()))) + " keyed by app_secret"
        )
        unit = "milliseconds" if auth.timestamp.unit == "ms" else "seconds"
        return [
            f"sign: headers {', '.join(names.values())}; {names['signature']} = {digest}, {auth.encoding}, "
            f'of "{auth.string_to_sign}" (timestamp: Unix {unit})',
            f"try:  {endpoint.method} {url}",
        ]
    if isinstance(auth, SortedPairsAuth):
        return [
            f"sign: {auth.sign_param} = MD5 of the body's key=value pairs sorted by key, with "
            f"{auth.secret_param}=<secret_key>; {auth.account_param} and {auth.timestamp_param} (Unix seconds) "
            f"in every body; the password AES-256-CBC encrypted, key SHA-256 and IV MD5 of the "
            f"{auth.password_cipher.key_material}",
            f"try:  {endpoint.method} {url}, then send the token it gives as {auth.token_param}",
        ]
    if isinstance(auth, AppKeyTokenAuth):
        headers = {auth.access_key.header: creds["access_key"]}
        if auth.sys_code.value:
            headers[auth.sys_code.header] = auth.sys_code.value
        body = {p.name: creds[p.name] for p in endpoint.params if p.location == "body" and p.name in creds}
        return [
            "try:  " + curl(endpoint.method, url, headers, body),
            f"then send the token it gives as {auth.session_token.name} in each body",
        ]
    return [f"try:  {endpoint.method} {url}"]


def banner(cloud: Cloud, args: argparse.Namespace) -> str:
    lines = [
        f"solarfakes {package_version()} at {cloud.base_url}: profile {args.profile}, seed {cloud.seed}, "
        f"limits {args.limits}, clock {args.clock}"
    ]
    for api, sim in cloud.simulators.items():
        account = cloud.world.account(api).credentials
        lines += ["", f"{api}  {cloud.base_url}{sim.spec.base_path}"]
        lines.append("      " + "  ".join(f"{name}: {value}" for name, value in account.items()))
        lines += ["      " + line for line in how_to_call(sim, account, cloud.base_url)]
    lines += [
        "",
        f"ids, other accounts and codes for each case: curl {cloud.base_url}/_solarfakes/credentials",
        f"health, clock, faults, journal: {cloud.base_url}/_solarfakes/   (Ctrl-C stops)",
    ]
    return "\n".join(lines)
