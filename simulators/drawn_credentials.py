"""The seeded accounts' drawn credentials, kept in the compiled cache beside the specs.

Drawing them needs faker (user names, passwords, e-mail addresses), and importing faker costs a start
about a tenth of a second, while what it draws for a seed never changes. So the first start writes
them, and later starts read them back. The entry's name covers everything the draws depend on: the
seed, the API, the source of the code that draws them and faker's own version; any change misses."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from solarfakes.specs.loader import code_fingerprint, read_cache_json, write_cache_file

Drawn = list[dict[str, str]]


@cache
def source_digest(*modules: str) -> str:
    """A digest of the modules' source files and of faker's package file (which names its version)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    found = find_spec("faker")
    files = [Path(str(sys.modules[name].__file__)) for name in modules]
    files += [Path(found.origin)] if found is not None and found.origin else []
    for file in files:
        try:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
        except OSError:
            digest.update(file.name.encode() + b"\0missing")
    return digest.hexdigest()


def cache_entry_name(prefix: str, modules: tuple[str, ...], *parts: str) -> str:
    """A cache file's name that changes with ``parts`` and with the code of ``modules`` (see source_digest).
    The parts are hashed as a JSON list, so no text inside one part can pass for a boundary between two."""
    digest = hashlib.sha256(json.dumps([source_digest(*modules), *parts]).encode()).hexdigest()[:32]
    return f"{prefix}-{digest}.json"


def entry_name(seed: object, api: str, modules: tuple[str, ...]) -> str:
    return cache_entry_name(f"credentials-{api}", modules, repr(seed), api)


def read_drawn(name: str, accounts: int) -> Drawn | None:
    """The cached draws, or None where absent or not ``accounts`` mappings of text to text."""
    drawn = read_cache_json(name)
    valid = (
        isinstance(drawn, list)
        and len(drawn) == accounts
        and all(isinstance(d, dict) and all(isinstance(v, str) for v in d.values()) for d in drawn)
    )
    return drawn if valid else None


def drawn_credentials(
    seed: object, api: str, modules: tuple[str, ...], accounts: int, draw: Callable[[], Drawn]
) -> Drawn:
    """``draw()``'s result for ``seed`` and ``api``: from the cache when it holds it, else drawn and kept.
    ``modules`` are those whose code the draws depend on."""
    name = entry_name(seed, api, modules)
    cached = read_drawn(name, accounts)
    if cached is not None:
        return cached
    drawn = draw()
    write_cache_file(name, json.dumps(drawn).encode())
    return drawn
