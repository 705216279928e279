"""Match a request to a spec endpoint by method and path, path templates included."""

from __future__ import annotations

import re
from dataclasses import dataclass

from solarfakes.specs.model import Endpoint, Profile, Spec

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def compile_path(template: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in PLACEHOLDER.finditer(template):
        pattern += re.escape(template[position : match.start()]) + f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    return re.compile("^" + pattern + re.escape(template[position:]) + "/?$")


@dataclass(frozen=True)
class Route:
    endpoint: Endpoint
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    endpoint: Endpoint | None
    path_params: dict[str, str]
    allowed: tuple[str, ...]


class Router:
    def __init__(self, spec: Spec, profile: Profile) -> None:
        self.routes = [
            Route(endpoint, compile_path(path))
            for endpoint in spec.endpoints
            if profile in endpoint.profiles
            for path in (endpoint.path, *endpoint.aliases)
        ]

    def match(self, method: str, path: str) -> Match:
        allowed: list[str] = []
        for route in self.routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            if route.endpoint.method == method:
                return Match(route.endpoint, found.groupdict(), ())
            allowed.append(route.endpoint.method)
        return Match(None, {}, tuple(sorted(set(allowed))))
