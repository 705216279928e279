"""Match a request to a spec endpoint by method and path, path templates included."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from starlette.datastructures import URL

from solarfakes.specs.model import Endpoint, Profile, Spec

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
NO_PARAMS: dict[str, str] = {}
PATHS_KEPT = 1024


def compile_path(template: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in PLACEHOLDER.finditer(template):
        pattern += re.escape(template[position : match.start()]) + f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    return re.compile("^" + pattern + re.escape(template[position:]) + "/?$")


def literal_forms(path: str) -> tuple[str, ...]:
    """Every path ``compile_path(path)`` matches when ``path`` has no placeholder: itself and with a
    trailing slash, each also with the one trailing newline that ``$`` lets through."""
    forms = (path, path + "/")
    return forms + tuple(form + "\n" for form in forms)


@dataclass(frozen=True)
class Route:
    endpoint: Endpoint
    pattern: re.Pattern[str] | None  # None where the path has no placeholder (found by dict lookup)


@dataclass(slots=True)  # not frozen: a frozen dataclass is built by object.__setattr__, once per call
class Match:
    endpoint: Endpoint | None
    path_params: dict[str, str]
    allowed: tuple[str, ...]


class Router:
    """Routes in spec order; the first whose path and method match wins. Paths without placeholders
    (nearly all) are found by one dict lookup instead of trying every pattern."""

    def __init__(self, spec: Spec, profile: Profile) -> None:
        self.routes: list[Route] = []
        self.literal: dict[str, list[tuple[int, Route]]] = {}
        self.templated: list[tuple[int, Route]] = []
        # the candidates of paths seen before (their path parameters are copied for every match)
        self.found: dict[str, list[tuple[int, Route, dict[str, str]]]] = {}
        served = [(e, path) for e in spec.endpoints if profile in e.profiles for path in (e.path, *e.aliases)]
        for order, (endpoint, path) in enumerate(served):
            # only templated paths need a pattern: compiling one per literal path cost a start ~20 ms
            templated = PLACEHOLDER.search(path) is not None
            route = Route(endpoint, compile_path(path) if templated else None)
            self.routes.append(route)
            if templated:
                self.templated.append((order, route))
                continue
            for form in dict.fromkeys(literal_forms(path)):
                self.literal.setdefault(form, []).append((order, route))

    def match(self, method: str, path: str) -> Match:
        candidates = self.found.get(path)
        if candidates is None:
            candidates = self.candidates(path)
        allowed: list[str] = []
        for _, route, params in candidates:
            if route.endpoint.method == method:
                return Match(route.endpoint, dict(params), ())
            allowed.append(route.endpoint.method)
        return Match(None, {}, tuple(sorted(set(allowed))))

    def candidates(self, path: str) -> list[tuple[int, Route, dict[str, str]]]:
        """The routes whose path matches ``path``, in spec order, with its path parameters; kept for
        the path's next call (a test asks the same few paths again and again), within a bound."""
        candidates: list[tuple[int, Route, dict[str, str]]] = [
            (order, route, NO_PARAMS) for order, route in self.literal.get(path, ())
        ]
        for order, route in self.templated:
            found = route.pattern.match(path) if route.pattern is not None else None
            if found is not None:
                candidates.append((order, route, found.groupdict()))
        if self.templated:
            candidates.sort(key=lambda candidate: candidate[0])
            # kept only where the API has templated paths (elsewhere this is one dict lookup); the
            # bound keeps a scan of made-up paths from growing it
            if len(self.found) >= PATHS_KEPT:
                self.found.clear()
            self.found[path] = candidates
        return candidates


def request_path(scope: Mapping[str, Any]) -> str:
    """``Request(scope).url.path`` (the path as Starlette reads it: some characters escaped, tabs and
    newlines dropped), without building a URL for every request: the same inputs give the same path."""
    server = scope.get("server")
    host = None
    for key, value in scope["headers"]:
        if key == b"host":
            host = value
            break
    return url_path(scope.get("scheme", "http"), tuple(server) if server is not None else None, scope["path"], host)


@lru_cache(maxsize=1024)
def url_path(scheme: str, server: tuple[Any, ...] | None, path: str, host: bytes | None) -> str:
    headers = [(b"host", host)] if host is not None else []
    return URL(scope={"scheme": scheme, "server": server, "path": path, "query_string": b"", "headers": headers}).path
