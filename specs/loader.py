"""Load spec files: resolve profile pairs, check against the meta-schema, build models."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pydantic
from pydantic import ValidationError

from solarfakes.specs.auth import auth_codes, auth_endpoints
from solarfakes.specs.model import Spec
from solarfakes.specs.names import API_IDS as API_IDS
from solarfakes.specs.names import PROFILES, Profile
from solarfakes.specs.names import SpecError as SpecError
from solarfakes.specs.timeformats import TIME_FORMATS

PAIR_KEYS = frozenset(PROFILES)


def spec_dir() -> Path:
    return Path(__file__).resolve().parent


def spec_path(api: str) -> Path:
    if api not in API_IDS:
        raise KeyError(f"unknown API {api!r}; known: {', '.join(API_IDS)}")
    return spec_dir() / f"{api}.yaml"


@cache
def generated_meta_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://solarfakes.invalid/meta-schema.json"
    return schema


def shipped_meta_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((spec_dir() / "meta-schema.json").read_text())
    return loaded


def is_profile_pair(node: Any) -> bool:
    return isinstance(node, dict) and PAIR_KEYS <= node.keys() <= PAIR_KEYS | {"note"}


def resolve_profile(node: Any, profile: Profile) -> Any:
    """Replace every ``{documented: …, observed: …}`` pair by the branch of ``profile``."""
    if is_profile_pair(node):
        return resolve_profile(node[profile], profile)
    if isinstance(node, dict):
        return {key: resolve_profile(value, profile) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_profile(value, profile) for value in node]
    return node


def profile_pairs(node: Any, path: str = "") -> Iterable[tuple[str, dict[str, Any]]]:
    """Every place where the document and reality disagree, with both values."""
    if is_profile_pair(node):
        yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from profile_pairs(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from profile_pairs(value, f"{path}[{index}]")


def dotted(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_raw(file: Path) -> dict[str, Any]:
    return parse_yaml(file.read_text(encoding="utf-8"), file)


def parse_yaml(text: str, file: Path) -> dict[str, Any]:
    # Imported here, as jsonschema below: a spec served from the compiled cache needs neither.
    import yaml

    # libyaml's loader where PyYAML was built with it: the same documents, about six times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise SpecError(str(file), "", f"not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SpecError(str(file), "", "the top level must be a mapping")
    return raw


def parse_spec(raw: dict[str, Any], profile: Profile, file: str) -> Spec:
    import jsonschema

    resolved = resolve_profile(raw, profile)
    where = f"{file} (profile {profile})"
    meta = shipped_meta_schema()
    check_auth_scheme(resolved.get("auth"), meta, where)
    problems = sorted(
        jsonschema.Draft202012Validator(meta).iter_errors(resolved),
        key=lambda e: (len(e.path), list(map(str, e.path))),
    )
    if problems:
        worst = jsonschema.exceptions.best_match(problems)
        raise SpecError(where, dotted(worst.absolute_path), worst.message)
    try:
        spec = Spec.model_validate(resolved)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = list(first["loc"])
        if location[:1] == ["auth"] and len(location) > 1 and location[1] in auth_scheme_names(meta):
            del location[1]  # pydantic names the union branch; the file has no such level
        raise SpecError(where, dotted(location), first["msg"]) from exc
    check_consistency(spec, where)
    return spec


def auth_scheme_names(meta: dict[str, Any]) -> dict[str, str]:
    """Scheme name -> the meta-schema's reference to that scheme's model."""
    mapping: dict[str, str] = meta["properties"]["auth"]["discriminator"]["mapping"]
    return mapping


def check_auth_scheme(auth: Any, meta: dict[str, Any], where: str) -> None:
    """Check the auth block against its own scheme's schema, so a fault is reported in that scheme's
    terms rather than as the nearest miss among all schemes."""
    if not isinstance(auth, dict):
        return  # the meta-schema reports it
    schemes = auth_scheme_names(meta)
    scheme = auth.get("scheme")
    if scheme not in schemes:
        raise SpecError(where, "auth.scheme", f"unknown scheme {scheme!r}; known: {', '.join(sorted(schemes))}")
    import jsonschema

    branch = {"$ref": schemes[scheme], "$defs": meta["$defs"]}
    problems = list(jsonschema.Draft202012Validator(branch).iter_errors(auth))
    if problems:
        worst = jsonschema.exceptions.best_match(problems)
        raise SpecError(where, dotted(["auth", *worst.absolute_path]), worst.message)


def check_consistency(spec: Spec, where: str) -> None:
    """What the meta-schema cannot say: uniqueness and references between items."""
    duplicates = [key for key, n in Counter(e.id for e in spec.endpoints).items() if n > 1]
    if duplicates:
        raise SpecError(where, "endpoints", f"duplicate endpoint id {duplicates[0]!r}")
    routes = Counter((e.method, path) for e in spec.endpoints for path in [e.path, *e.aliases])
    clashes = [route for route, n in routes.items() if n > 1]
    if clashes:
        raise SpecError(where, "endpoints", f"duplicate endpoint {clashes[0][0]} {clashes[0][1]}")
    codes = Counter(str(e.code) for e in spec.errors)
    repeated = [code for code, n in codes.items() if n > 1]
    if repeated:
        raise SpecError(where, "errors", f"duplicate error code {repeated[0]}")
    referenced: list[tuple[str, int | str | None]] = list(auth_codes(spec.auth))
    referenced += [(f"param_errors.{k}", v) for k, v in spec.param_errors.items()]
    referenced += [("internal_error", spec.internal_error)]
    referenced += [(f"limits[{i}].error", limit.error) for i, limit in enumerate(spec.limits)]
    ids = {e.id for e in spec.endpoints}
    for i, endpoint in enumerate(spec.endpoints):
        at = f"endpoints[{i}]"
        if not endpoint.path.startswith(spec.base_path):
            raise SpecError(where, f"{at}.path", f"{endpoint.path!r} is outside base_path {spec.base_path!r}")
        referenced += [(f"{at}.errors[{j}].code", ref.code) for j, ref in enumerate(endpoint.errors)]
        referenced += [(f"{at}.rules[{j}].error", rule.error) for j, rule in enumerate(endpoint.rules)]
        referenced += [(f"{at}.unknown_setting_error", endpoint.unknown_setting_error)]
        referenced += [(f"{at}.out_of_range_error", endpoint.out_of_range_error)]
        referenced += [(f"{at}.format_error", endpoint.format_error)]
        for j, param in enumerate(endpoint.params):
            referenced += [(f"{at}.params[{j}].missing_error", param.missing_error)]
            referenced += [(f"{at}.params[{j}].invalid_error", param.invalid_error)]
        names = {p.name for p in endpoint.params}
        for j, rule in enumerate(endpoint.rules):
            unknown = [name for name in rule.params if name not in names]
            if unknown:
                raise SpecError(where, f"{at}.rules[{j}].params", f"no parameter named {unknown[0]!r}")
            if rule.timezone is not None and rule.timezone not in available_timezones():
                raise SpecError(where, f"{at}.rules[{j}].timezone", f"{rule.timezone!r} is no IANA time zone")
        for j, param in enumerate(endpoint.params):
            chosen = param.format_by
            if chosen is not None and chosen.param not in names:
                raise SpecError(where, f"{at}.params[{j}].format_by.param", f"no parameter named {chosen.param!r}")
            for value, fmt in chosen.formats.items() if chosen else []:
                if fmt is not None and fmt not in TIME_FORMATS:
                    raise SpecError(where, f"{at}.params[{j}].format_by.formats.{value}", f"unknown format {fmt!r}")
        if endpoint.pagination:
            for role in ("page_param", "size_param"):
                name = getattr(endpoint.pagination, role)
                if name is not None and name not in names:
                    raise SpecError(where, f"{at}.pagination.{role}", f"no parameter named {name!r}")
    for at, endpoint_id in auth_endpoints(spec.auth):
        if endpoint_id not in ids:
            raise SpecError(where, at, f"no endpoint with id {endpoint_id!r}")
    for i, limit in enumerate(spec.limits):
        missing = limit.missing_numbers()
        if missing and limit.enforced:
            raise SpecError(
                where,
                f"limits[{i}]",
                f"a {limit.kind} limit needs {' and '.join(missing)}; where no source gives them, "
                "declare it enforced: false with a note saying so",
            )
        if not limit.enforced and not limit.note:
            raise SpecError(where, f"limits[{i}].note", "a limit with enforced: false needs a note saying why")
        for endpoint_id in limit.endpoints or []:
            if endpoint_id not in ids:
                raise SpecError(where, f"limits[{i}].endpoints", f"no endpoint with id {endpoint_id!r}")
    for at, code in referenced:
        if code is not None and str(code) not in codes:
            raise SpecError(where, at, f"error code {code!r} is not in the errors table")


@cache
def load_spec(api: str, profile: Profile = "observed") -> Spec:
    """A shipped spec for ``profile``: from the compiled cache when it holds these very files,
    else parsed and checked in full (and cached for the next process)."""
    file = spec_path(api)
    text = file.read_text(encoding="utf-8")
    key = cache_key(api, profile, text)
    cached = read_compiled(key)
    if cached is not None:
        return cached
    spec = parse_spec(shipped_raw(api, text), profile, f"specs/{file.name}")
    write_compiled(key, spec)
    return spec


@lru_cache(maxsize=2)
def shipped_raw(api: str, text: str) -> dict[str, Any]:
    """A shipped file parsed once for both profiles (``resolve_profile`` never changes it); only the
    latest two are kept, as the models built from them are what lasts."""
    return parse_yaml(text, spec_path(api))


# The compiled cache holds checked specs in the user's cache folder, never in the package. Its key
# covers everything a check depends on: the spec file, the meta-schema, the source of this package and
# the pydantic and Python versions; any change makes a new entry. An entry is a pickle of the checked
# model: reading one builds no validator (the models defer that to their first validation), which is
# most of what a start would otherwise spend on specs. A pickle runs code when read, so only this
# user's own folder is read, as Python reads its own __pycache__; an entry that does not unpickle to a
# Spec is parsed again and rewritten.
CACHE_ENV = "SOLARFAKES_CACHE_DIR"  # a folder for the cache; empty turns it off


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "solarfakes" / "specs"


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{pydantic.VERSION}|{sys.version}".encode())
    for source in sorted([*spec_dir().glob("*.py"), spec_dir() / "meta-schema.json"]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def cache_key(api: str, profile: Profile, text: str) -> str:
    digest = hashlib.sha256(f"{code_fingerprint()}|{api}|{profile}|".encode() + text.encode())
    return f"{api}-{profile}-{digest.hexdigest()[:32]}.pickle"


def read_compiled(key: str) -> Spec | None:
    data = read_cache_file(key)
    if data is None:
        return None
    try:
        spec = pickle.loads(data)
    except Exception:  # a torn or foreign entry fails in many ways; each means: parse the file again
        return None
    return spec if isinstance(spec, Spec) else None


def write_compiled(key: str, spec: Spec) -> None:
    share_repeats(spec)
    write_cache_file(key, pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))


def share_repeats(node: Any, repeats: Repeats | None = None) -> Any:
    """``node`` with equal texts and equal sets of explicitly set fields made one object each, in place where
    the container allows (a tuple is rebuilt, so use what is returned); the pickle then keeps each once. Each
    model's own fields set cost the five specs about 1.1 MB of a server's RSS, and the texts parsed anew at
    every occurrence (field names, units, sources) about 0.4 MB more. Safe as the models are frozen:
    pydantic adds to a fields set only on assignment, and a model_copy copies it first."""
    repeats = Repeats() if repeats is None else repeats
    if isinstance(node, str):
        return repeats.texts.setdefault(node, node)
    if isinstance(node, pydantic.BaseModel):
        names = node.__pydantic_fields_set__
        object.__setattr__(node, "__pydantic_fields_set__", repeats.fields_sets.setdefault(frozenset(names), names))
        values = node.__dict__
        for name, value in values.items():
            values[name] = share_repeats(value, repeats)
    elif isinstance(node, list):
        node[:] = [share_repeats(value, repeats) for value in node]
    elif type(node) is tuple:
        return tuple(share_repeats(value, repeats) for value in node)
    elif isinstance(node, dict):
        shared = {share_repeats(k, repeats): share_repeats(v, repeats) for k, v in node.items()}
        node.clear()
        node.update(shared)
    return node


class Repeats:
    """The first of each text and of each fields set met while sharing a spec's repeats."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.fields_sets: dict[frozenset[str], set[str]] = {}


def read_cache_file(name: str) -> bytes | None:
    """A file of the compiled cache, or None where it is off, absent or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def read_cache_json(name: str) -> Any | None:
    """A JSON file of the compiled cache, parsed, or None where it is off, absent, unreadable or not JSON
    (the caller still checks its shape: a cache file is only ever trusted as far as it is checked)."""
    data = read_cache_file(name)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_cache_file(name: str, data: bytes) -> None:
    """Write atomically (a whole file or none); a folder that cannot be written just means no cache."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as out:
            out.write(data)
        os.replace(out.name, folder / name)
    except OSError:
        return


def load_file(file: Path, profile: Profile = "observed") -> Spec:
    return parse_spec(read_raw(file), profile, str(file))


def raw_spec(api: str) -> dict[str, Any]:
    """A shipped file as parsed, the caller's own copy."""
    return copy.deepcopy(shipped_raw(api, spec_path(api).read_text(encoding="utf-8")))
