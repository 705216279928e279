"""The typed client modules, written from the specs: ``clients/<api>.py`` for each API.

Each module holds a ``TypedDict`` per response payload (from the endpoint's response schema, nested
objects as their own ``TypedDict``), and a sync and an async client class with one method per endpoint,
named by its id, keyword parameters named and typed by the spec's params (required ones without a
default, enums as ``Literal``), and ``iter_<id>`` for each endpoint the spec paginates. Every method
is one line into the shared core (``Client.call`` / ``AsyncClient.call``), so sync and async run the
same code. Signatures and types follow the observed profile (what real servers take); a client of the
documented profile refuses the endpoints that profile lacks.

The modules are checked in, so mypy and editors see them; ``tests/test_clients_generated.py`` checks
that regenerating gives exactly the checked-in text. Regenerate after a spec change with::

    python -m solarfakes.clients.generate
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from solarfakes.clients.classes import CLASS_NAMES, pascal

if TYPE_CHECKING:
    from solarfakes.specs.model import Endpoint, FieldSchema, Param, Spec

VARIABLE_KEY = re.compile(r"\{[a-z_]+\}")
SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
WIDTH = 116


def module_path(api: str) -> Path:
    return Path(__file__).with_name(f"{api}.py")


def identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def literal(text: str) -> str:
    """Text as it may stand in a docstring: one line, backslashes and triple quotes escaped."""
    return " ".join(text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').split())


def docstring(text: str, indent: int, entries: Iterable[tuple[str, str]] = ()) -> list[str]:
    """A docstring wrapped to the line width; ``entries`` (name, description) follow the text, one paragraph
    each with a hanging indent."""
    pad = " " * indent
    lines = textwrap.wrap(literal(text), WIDTH - indent - 6) or [""]
    entries = list(entries)
    if entries:
        lines.append("")
    for name, description in entries:
        lines += textwrap.wrap(f"{name}: {literal(description)}", WIDTH - indent - 6, subsequent_indent="    ")
    if len(lines) == 1 and not lines[0].endswith('"'):  # a quote before the closing ones would end it early
        return [f'{pad}"""{lines[0]}"""']
    return [f'{pad}"""{lines[0]}', *(f"{pad}{line}" if line else "" for line in lines[1:]), f'{pad}"""']


class Types:
    """Annotations of response schemas; each object schema with properties becomes a ``TypedDict``
    block, written before any block that names it."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self.blocks: list[list[str]] = []
        self.taken = set(reserved)
        self.seen: dict[int, str] = {}

    def unique(self, name: str) -> str:
        candidate, number = name, 2
        while candidate in self.taken:
            candidate, number = f"{name}{number}", number + 1
        self.taken.add(candidate)
        return candidate

    def annotation(self, schema: FieldSchema | None, name: str) -> str:
        if schema is None:
            return "Any"
        if id(schema) in self.seen:
            return self.seen[id(schema)]
        kinds = schema.type if isinstance(schema.type, list) else [schema.type]
        parts: list[str] = []
        for kind in kinds:
            if kind == "object":
                parts.append(self.mapping(schema, name) if schema.properties else "dict[str, Any]")
            elif kind == "array":
                parts.append(f"list[{self.annotation(schema.items, name + 'Item')}]")
            else:
                parts.append(SCALARS[kind])
        ordered = [p for p in dict.fromkeys(parts) if p != "None"] + (["None"] if "None" in parts else [])
        text = " | ".join(ordered)
        self.seen[id(schema)] = text
        return text

    def mapping(self, schema: FieldSchema, name: str) -> str:
        """A ``TypedDict``; or, where a property name is a placeholder (Growatt's ``"{inverter_sn}"``: one key
        per inverter, since the spec format has no map with variable keys), a ``dict`` of every value type."""
        properties = schema.properties or {}
        if not any(VARIABLE_KEY.fullmatch(key) for key in properties):
            return self.typed_dict(schema, name)
        values = [self.annotation(child, name + pascal(key)) for key, child in properties.items()]
        return f"dict[str, {' | '.join(dict.fromkeys(values))}]"

    def typed_dict(self, schema: FieldSchema, name: str) -> str:
        name = self.unique(name)
        required = set(schema.required or ())
        fields: list[tuple[str, str]] = []
        for key, child in (schema.properties or {}).items():
            text = self.annotation(child, name + pascal(key))
            fields.append((key, f"Required[{text}]" if key in required else text))
        if all(identifier(key) for key, _ in fields):
            block = [f"class {name}(TypedDict, total=False):"]
            block += [f"    {key}: {text}" for key, text in fields] or ["    pass"]
        else:
            block = [f"{name} = TypedDict(", f'    "{name}",', "    {"]
            block += [f'        "{key}": {text},' for key, text in fields]
            block += ["    },", "    total=False,", ")"]
        self.blocks.append(block)
        return name


def dotted_schema(schema: FieldSchema, path: str | None) -> FieldSchema | None:
    node: FieldSchema | None = schema
    for part in (path or "").split("."):
        if part and node is not None:
            node = (node.properties or {}).get(part)
    return node


def param_annotation(param: Param) -> str:
    if param.enum and all(isinstance(v, str | int) and not isinstance(v, bool) for v in param.enum):
        base = f"Literal[{', '.join(json.dumps(v) for v in param.enum)}]"
    elif param.type == "array":
        item = param.items.type if param.items is not None and isinstance(param.items.type, str) else ""
        base = "list[dict[str, Any]]" if item == "object" else f"list[{SCALARS.get(item, 'Any')}]"
    elif param.type == "object":
        base = "dict[str, Any]"
    else:
        base = SCALARS[param.type]
    return base


def method_params(spec: Spec, endpoint: Endpoint, optional: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(name, annotation with default) of each keyword parameter of the endpoint's method."""
    from solarfakes.clients.auth import hidden_params

    hidden = hidden_params(spec, endpoint)
    out = []
    for param in endpoint.params:
        if param.name in hidden or not identifier(param.name):
            continue
        annotation = param_annotation(param)
        if param.required and param.name not in optional:
            out.append((param.name, annotation))
        else:
            out.append((param.name, f"{annotation} | None = None"))
    return out


def exploded(head: str, items: list[list[str]], tail: str, indent: int) -> list[str]:
    """``head(items)tail``: on one line where it fits, else one item a line with a trailing comma, the layout
    ruff format keeps (its magic trailing comma). An item is its lines (a nested call may wrap too)."""
    pad = " " * indent
    if all(len(item) == 1 for item in items):
        single = f"{pad}{head}({', '.join(item[0].strip() for item in items)}){tail}"
        if len(single) <= 120:
            return [single]
    lines = [f"{pad}{head}("]
    for item in items:
        lines += [*item[:-1], item[-1] + ","]
    return [*lines, f"{pad}){tail}"]


def call(head: str, arguments: list[str], tail: str, indent: int) -> list[str]:
    return exploded(head, [[f"{' ' * (indent + 4)}{a}"] for a in arguments], tail, indent)


def signature_lines(name: str, params: list[tuple[str, str]], returns: str, prefix: str) -> list[str]:
    arguments = ["self", *(["*"] if params else []), *(f"{p}: {a}" for p, a in params)]
    return call(f"{prefix}def {name}", arguments, f" -> {returns}:", 4)


def return_cast(annotation: str, function: str, endpoint_id: str, params: list[tuple[str, str]]) -> list[str]:
    """``return cast("T", <function>("id", a=a, ...))``, wrapped where it is too long."""
    arguments = [f'"{endpoint_id}"', *(f"{p}={p}" for p, _ in params)]
    single = call(f'return cast("{annotation}", {function}', arguments, ")", 8)
    if len(single) == 1:
        return single
    return exploded("return cast", [[f'            "{annotation}"'], call(function, arguments, "", 12)], "", 8)


def described(endpoint: Endpoint, params: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The method's params that the spec describes, with their descriptions (and units)."""
    named = {name for name, _ in params}
    return [(p.name, p.description) for p in endpoint.params if p.name in named and p.description]


def endpoint_methods(spec: Spec, endpoint: Endpoint, result: str, item: str | None, asynchronous: bool) -> list[str]:
    params = method_params(spec, endpoint)
    prefix = "async " if asynchronous else ""
    lines = [*signature_lines(endpoint.id, params, result, prefix)]
    lines += docstring(f"{endpoint.method} {endpoint.path}: {endpoint.summary}", 8, described(endpoint, params))
    lines += return_cast(result, "await self.call" if asynchronous else "self.call", endpoint.id, params)
    if item is not None:
        rule = endpoint.pagination
        assert rule is not None
        paging = frozenset(p for p in (rule.page_param, rule.size_param) if p)
        params = method_params(spec, endpoint, paging)
        kind = "AsyncIterator" if asynchronous else "Iterator"
        lines.append("")
        lines += signature_lines(f"iter_{endpoint.id}", params, f"{kind}[{item}]", "")
        text = (
            f"Every item of {endpoint.id}, page after page ({rule.items_field}); page and size default to the spec's."
        )
        lines += docstring(text, 8)
        lines += return_cast(f"{kind}[{item}]", "self.paginate", endpoint.id, params)
    return lines


def endpoints_of(api: str) -> tuple[Spec, list[Endpoint]]:
    """The observed spec, and every endpoint of either profile (the observed version where it has one)."""
    from solarfakes.specs import load_spec

    observed, documented = load_spec(api, "observed"), load_spec(api, "documented")
    chosen = {e.id: e for e in documented.endpoints if "documented" in e.profiles}
    chosen |= {e.id: e for e in observed.endpoints if "observed" in e.profiles}
    order = [e.id for e in observed.endpoints]
    return observed, [chosen[i] for i in order if i in chosen]


def render(api: str) -> str:
    spec, endpoints = endpoints_of(api)
    name = CLASS_NAMES[api]
    types = Types({f"{name}Client", f"Async{name}Client", "Any", "Literal", "Required", "TypedDict", "cast"})
    results: dict[str, tuple[str, str | None]] = {}
    for endpoint in endpoints:
        schema = endpoint.response.schema_
        result = types.annotation(schema, f"{pascal(endpoint.id)}Result")
        item = None
        if endpoint.pagination is not None and endpoint.pagination.style == "page":
            rule = endpoint.pagination
            listed = dotted_schema(schema, rule.items_field) if rule.items_field else schema
            item = types.annotation(listed.items, f"{pascal(endpoint.id)}Item") if listed is not None else "Any"
        results[endpoint.id] = (result, item)
    out: list[str] = []
    for block in types.blocks:
        out += ["", "", *block]
    for asynchronous in (False, True):
        cls = f"{'Async' if asynchronous else ''}{name}Client"
        base = "AsyncClient" if asynchronous else "Client"
        flavour = "asynchronous" if asynchronous else "synchronous"
        out += ["", "", f"class {cls}({base}):"]
        out += docstring(f"Reference client of {spec.title} ({api}), {flavour}: one method per endpoint.", 4)
        out += ["", f'    api = "{api}"']
        for endpoint in endpoints:
            result, item = results[endpoint.id]
            out += ["", *endpoint_methods(spec, endpoint, result, item, asynchronous)]
    body = "\n".join(out) + "\n"
    used = [
        n
        for n in ("AsyncIterator", "Iterator", "Any", "Literal", "Required", "TypedDict")
        if re.search(rf"\b{n}\b", body)
    ]
    abc = [n for n in used if n.endswith("Iterator")]
    typing = [n for n in used if not n.endswith("Iterator")] + ["cast"]
    title = f"Reference client of {spec.title} ({api}), typed: written by solarfakes.clients.generate"
    title += f" from specs/{api}.yaml."
    head = [
        *docstring(f"{title} Do not edit; regenerate with ``python -m solarfakes.clients.generate``.", 0),
        "",
        *([f"from collections.abc import {', '.join(abc)}"] if abc else []),
        f"from typing import {', '.join(typing)}",
        "",
        "from solarfakes.clients.shells import AsyncClient, Client",
        "",
        "__all__ = [" + ", ".join(f'"{n}"' for n in sorted((f"Async{name}Client", f"{name}Client"))) + "]",
    ]
    return "\n".join(head) + "\n" + body


def write(apis: Iterable[str] | None = None) -> list[Path]:
    from solarfakes.specs import API_IDS

    written = []
    for api in apis or API_IDS:
        path = module_path(api)
        path.write_text(render(api), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write(sys.argv[1:] or None):
        print(written)
