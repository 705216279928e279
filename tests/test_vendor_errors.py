"""Every vendor error code a handler can raise is declared on its spec endpoint, checked statically.

The handler modules are parsed with ``ast``: every ``VendorError(code, ...)`` built in a handler, or in a
function of the vendor package that the handler calls (transitively, resolved by name through the
package's own imports), gives its code. A code may be a literal, a local or module constant, a
conditional of those, or a parameter bound to one of those at the call site. Anything else cannot be
checked here and fails the test, so codes stay visible in the source.

The allowed codes of an endpoint are the ones the pipeline accepts from a handler at run time
(``declared_codes``): the endpoint's ``errors``, the codes its parameters, rules and settings name, and
the API's parameter fallbacks. Auth and limit codes are not exempt: the core answers those before a
handler runs, so a handler that answers one (Growatt's 10011 for another account's plant) gives it an
endpoint meaning that the endpoint must declare.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from solarfakes.simulators.core.pipeline import declared_codes
from solarfakes.simulators.core.vendor import Vendor
from solarfakes.simulators.vendors import VENDORS
from solarfakes.specs import PROFILES, load_spec

Code = int | str
# A parameter's possible codes; None where the call site passes something that is no code.
Env = dict[str, frozenset[Code] | None]


@dataclass
class Module:
    name: str
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    constants: dict[str, ast.expr] = field(default_factory=dict)
    imported_functions: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (module, name)
    imported_modules: dict[str, str] = field(default_factory=dict)  # local -> module


def parse_package(package: str) -> dict[str, Module]:
    root = importlib.import_module(package)
    names = [package] + [f"{package}.{info.name}" for info in pkgutil.iter_modules(root.__path__)]
    modules = {}
    for name in names:
        source = importlib.import_module(name).__file__
        assert source is not None
        module = Module(name)
        for node in ast.parse(Path(source).read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                module.functions[node.name] = node
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                module.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package):
                for alias in node.names:
                    local = alias.asname or alias.name
                    if f"{node.module}.{alias.name}" in names:
                        module.imported_modules[local] = f"{node.module}.{alias.name}"
                    else:
                        module.imported_functions[local] = (node.module, alias.name)
        modules[name] = module
    return modules


def parameters(function: ast.FunctionDef) -> tuple[list[str], list[str]]:
    """Positional parameter names in order, and keyword-only ones."""
    args = function.args
    return [a.arg for a in (*args.posonlyargs, *args.args)], [a.arg for a in args.kwonlyargs]


def defaults(function: ast.FunctionDef) -> dict[str, ast.expr]:
    args = function.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    found = dict(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
    found |= {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
    return found


@dataclass
class Finding:
    codes: set[Code] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)


class Analysis:
    def __init__(self, package: str) -> None:
        self.modules = parse_package(package)

    def codes_of(self, module: str, name: str, env: Env, finding: Finding, seen: set[object]) -> None:
        key = (module, name, tuple(sorted((k, v) for k, v in env.items() if v is not None)))
        if key in seen:
            return
        seen.add(key)
        function = self.modules[module].functions[name]
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "VendorError":
                where = f"{module}.{name} line {node.lineno}"
                codes = self.evaluate(node.args[0], module, function, env) if node.args else None
                if codes is None:
                    finding.unresolved.append(where)
                else:
                    finding.codes |= codes
                continue
            callee = self.resolve(node.func, module)
            if callee is not None:
                self.codes_of(*callee, self.bind(node, callee, module, function, env), finding, seen)

    def resolve(self, func: ast.expr, module: str) -> tuple[str, str] | None:
        """The package function a call names, through the calling module's own names and imports."""
        here = self.modules[module]
        target: tuple[str, str] | None = None
        if isinstance(func, ast.Name):
            if func.id in here.functions:
                target = (module, func.id)
            elif func.id in here.imported_functions:
                target = here.imported_functions[func.id]
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in here.imported_modules
        ):
            target = (here.imported_modules[func.value.id], func.attr)
        if target is None or target[0] not in self.modules or target[1] not in self.modules[target[0]].functions:
            return None
        return target

    def bind(self, call: ast.Call, callee: tuple[str, str], module: str, caller: ast.FunctionDef, env: Env) -> Env:
        function = self.modules[callee[0]].functions[callee[1]]
        positional, keyword_only = parameters(function)
        bound: Env = {}
        for name, default in defaults(function).items():
            bound[name] = self.evaluate(default, callee[0], function, {})
        for name, value in zip(positional, call.args, strict=False):
            bound[name] = self.evaluate(value, module, caller, env)
        for keyword in call.keywords:
            if keyword.arg in (*positional, *keyword_only):
                bound[keyword.arg] = self.evaluate(keyword.value, module, caller, env)
        return bound

    def evaluate(self, expr: ast.expr, module: str, function: ast.FunctionDef, env: Env) -> frozenset[Code] | None:
        """The codes ``expr`` can be, or None if it is not made of codes."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, int | str) and not isinstance(expr.value, bool):
            return frozenset([expr.value])
        if isinstance(expr, ast.IfExp):
            body = self.evaluate(expr.body, module, function, env)
            orelse = self.evaluate(expr.orelse, module, function, env)
            return None if body is None or orelse is None else body | orelse
        if not isinstance(expr, ast.Name):
            return None
        if expr.id in env:
            return env[expr.id]
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
        ]
        if assigned:
            codes: set[Code] = set()
            for value in assigned:
                found = self.evaluate(value, module, function, env)
                if found is None:
                    return None
                codes |= found
            return frozenset(codes)
        constant = self.modules[module].constants.get(expr.id)
        return None if constant is None else self.evaluate(constant, module, function, {})


def package_of(vendor: Vendor) -> str:
    packages = {handler.__module__.rsplit(".", 1)[0] for handler in vendor.handlers.values()}
    assert len(packages) == 1, f"{vendor.api}'s handlers come from several packages: {packages}"
    return packages.pop()


def handler_codes(vendor: Vendor) -> Iterator[tuple[str, Finding]]:
    analysis = Analysis(package_of(vendor))
    for endpoint_id, handler in vendor.handlers.items():
        # Handlers are module-level functions, so the analysis can find them by name.
        assert handler.__qualname__ == handler.__name__, f"{endpoint_id}: {handler.__qualname__} is not module-level"
        finding = Finding()
        analysis.codes_of(handler.__module__, handler.__name__, {}, finding, set())
        yield endpoint_id, finding


@pytest.mark.parametrize("api", list(VENDORS))
def test_every_code_a_handler_raises_is_declared_on_its_endpoint(api: str) -> None:
    findings = dict(handler_codes(VENDORS[api]))
    unresolved = {endpoint: f.unresolved for endpoint, f in findings.items() if f.unresolved}
    assert not unresolved, f"VendorError codes this test cannot read (use literal codes): {unresolved}"
    undeclared = {}
    for profile in PROFILES:
        spec = load_spec(api, profile)
        for endpoint in spec.endpoints:
            if profile not in endpoint.profiles:
                continue
            allowed = declared_codes(spec, endpoint)
            missing = sorted(str(c) for c in findings[endpoint.id].codes if str(c) not in allowed)
            if missing:
                undeclared[f"{endpoint.id} ({profile})"] = missing
    assert not undeclared, f"codes handlers raise that their endpoints do not declare: {undeclared}"


def test_the_analysis_sees_codes_through_calls_and_parameters() -> None:
    """Growatt's plant/details raises 10002 through own_plant's parameter and 10011 inside it;
    AlphaCloud's config reads pass 6002 for a system with no end user down to system()."""
    growatt = dict(handler_codes(VENDORS["growatt_v1"]))
    assert growatt["plant_details"].codes == {10002, 10011}
    alpha = dict(handler_codes(VENDORS["alphaess_openapi"]))
    assert alpha["getChargeConfigInfo"].codes == {6038, 6002, 6005, 6042}
    assert alpha["getLastPowerData"].codes == {6038, 6005, 6042}
    ras = dict(handler_codes(VENDORS["alphaess_ras_v2"]))
    assert ras["RemoteDispatch"].codes == {12, 15}
