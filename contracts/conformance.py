"""Client-server conformance: for one endpoint, hypothesis draws arguments from the spec's parameter rules,
the caller (the reference client) sends them, and the answer is judged against the spec.

- valid arguments: the answer is the success envelope and validates against the endpoint's JSON Schema,
  or a refusal the endpoint declares (an offline plant, someone else's system), in the error envelope;
- invalid arguments (one parameter broken): exactly the code the spec's error tables give for that
  breakage (or the HTTP 400 of a simulator where the vendor has none), never another code, never a 500;
- on a fake cloud, a probe of its journal turns a hidden simulator crash (the vendor's internal-error
  envelope at HTTP 200) into a failure, and valid arguments refused by the validate step into one too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from hypothesis import Phase, given, settings
from hypothesis.errors import Unsatisfiable

from solarfakes.contracts.callers import Caller, Exchange, NotSent
from solarfakes.contracts.generate import (
    Fleet,
    InvalidCase,
    has_invalid_cases,
    invalid_case,
    no_fleet,
    valid_args,
)
from solarfakes.contracts.profiles import suite_settings
from solarfakes.contracts.schema_check import Difference, compiled, differences, unfilled_placeholders
from solarfakes.specs.model import Endpoint, Profile, Spec
from solarfakes.specs.schemas import typed_code

Suite = Literal["valid", "invalid"]

# Endpoints that change an account's state: skipped against anything but a loopback server unless asked.
WRITES: dict[str, frozenset[str]] = {
    "growatt_v1": frozenset({"user_user_register", "user_modify", "plant_modify", "plant_delete", "plant_add",
                             "device_datalogger_add", "device_datalogger_delete", "inverterSet", "storageSet"}),
    "alphaess_openapi": frozenset({"updateChargeConfigInfo", "updateDisChargeConfigInfo", "bindSn", "unBindSn",
                                   "setEvChargerCurrentsBySn", "remoteControlEvCharger", "setTimeChargeBySn",
                                   "getVerificationCode"}),
    "alphaess_ras_v2": frozenset({"RemoteDispatch"}),
    "apsystems_openapi": frozenset(),
    "isolarcloud": frozenset({"platform_paramSetting"}),
}  # fmt: skip


class CrashProbe(Protocol):
    """What a fake cloud's journal says about the calls since the last look: each entry's diagnostics."""

    def __call__(self) -> list[dict[str, Any]]: ...


def no_probe() -> list[dict[str, Any]]:
    return []


class BudgetExhausted(RuntimeError):
    """The cap on calls (``--budget``) is reached."""


@dataclass
class Budget:
    remaining: int | None = None

    def spend(self) -> None:
        if self.remaining is not None:
            if self.remaining <= 0:
                raise BudgetExhausted("call budget used up")
            self.remaining -= 1


@dataclass
class Target:
    """A server under test, as one API and profile see it. ``connect`` makes a caller (a fresh session);
    ``reset``, where the server offers one, puts it back to its seeded state before each endpoint, so
    that a write of one endpoint (a deleted plant) does not change what the next one may expect."""

    connect: Callable[[], Caller]
    profile: Profile
    now: Callable[[], datetime]
    fleet: Fleet = no_fleet
    probe: CrashProbe = no_probe
    budget: Budget = field(default_factory=Budget)
    shrink: bool = True
    reset: Callable[[], None] | None = None
    _caller: Caller | None = None

    @property
    def caller(self) -> Caller:
        if self._caller is None:
            self._caller = self.connect()
        return self._caller

    @property
    def spec(self) -> Spec:
        return self.caller.spec

    def fresh(self) -> None:
        """Back to the seeded state, with a new session, where the server can be reset."""
        if self.reset is None:
            return
        self.close()
        self.reset()
        self.probe()

    def close(self) -> None:
        if self._caller is not None:
            self._caller.close()
            self._caller = None

    def call(self, endpoint: Endpoint, args: dict[str, Any]) -> Exchange:
        self.budget.spend()
        self.probe()  # forget what earlier calls (a login) left in the journal
        return self.caller(endpoint.id, args)


@dataclass
class Outcome:
    """One endpoint under one suite: what was sent, what came back, and what broke the contract."""

    api: str
    endpoint: str
    suite: Suite
    calls: int = 0
    successes: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    skipped: str | None = None

    @property
    def status(self) -> Literal["pass", "fail", "skip"]:
        if self.failures:
            return "fail"
        return "skip" if self.skipped is not None else "pass"

    def as_json(self) -> dict[str, Any]:
        return {
            "api": self.api,
            "endpoint": self.endpoint,
            "suite": self.suite,
            "status": self.status,
            "calls": self.calls,
            "successes": self.successes,
            "refusals": dict(self.refusals),
            "failures": self.failures,
            "differences": [d.__dict__ | {"spec": d.spec, "server": d.server} for d in self.differences],
            "skipped": self.skipped,
        }


class Broken(AssertionError):
    """An answer off the contract; ``differences`` name the fields where a body left the schema."""

    def __init__(self, message: str, found: list[Difference] | None = None) -> None:
        super().__init__(message)
        self.found = found or []


def code_key(spec: Spec, endpoint: Endpoint) -> str | None:
    template = (endpoint.envelope or spec.envelope).error.body
    return next((key for key, value in template.items() if value == "$code"), None)


def answered_code(spec: Spec, endpoint: Endpoint, body: Any) -> Any:
    key = code_key(spec, endpoint)
    return body.get(key) if isinstance(body, dict) and key is not None else None


def crash_check(target: Target, args: dict[str, Any], suite: Suite) -> None:
    for diagnostics in target.probe():
        check = str(diagnostics.get("check", ""))
        if check.startswith("simulator bug"):
            raise Broken(f"the simulator crashed (journal: {check}) on {args}")
        if suite == "valid" and check == "validate":
            raise Broken(f"valid arguments refused by validation: {diagnostics.get('problem')} ({args})")


def judge_valid(target: Target, endpoint: Endpoint, args: dict[str, Any], exchange: Exchange) -> str:
    """'success' or 'refused <code>'; raises Broken for an answer off the contract."""
    spec, profile = target.spec, target.profile
    envelope = endpoint.envelope or spec.envelope
    if exchange.status >= 500:
        raise Broken(f"HTTP {exchange.status} for {args}: {exchange.content[:200]!r}")
    body = exchange.body()
    code = answered_code(spec, endpoint, body)
    crash_check(target, args, "valid")
    if code is not None and str(code) == str(envelope.success_code):
        if exchange.status != envelope.success.http_status:
            raise Broken(f"success answered with HTTP {exchange.status}, the spec says {envelope.success.http_status}")
        found = differences(compiled(spec.api, profile, endpoint.id, "success"), body)
        placeholders = unfilled_placeholders(envelope.success.body, body)
        if found or placeholders:
            text = "; ".join([d.describe() for d in found[:5]] + [f"unfilled placeholder {p}" for p in placeholders])
            raise Broken(f"success body off the schema for {args}: {text}", found)
        return "success"
    if code is None:
        raise Broken(f"no vendor code in the answer (HTTP {exchange.status}) for {args}: {exchange.content[:200]!r}")
    if spec.internal_error is not None and str(code) == str(spec.internal_error) and not declared(endpoint, code):
        raise Broken(f"internal error {code} for valid arguments {args}")
    allowed = answerable_codes(spec, endpoint)
    if str(code) not in allowed:
        raise Broken(f"code {code} for valid arguments {args}; the endpoint declares {sorted(allowed)}")
    found = differences(compiled(spec.api, profile, endpoint.id, "error"), body)
    if found:
        raise Broken(f"error body off the schema: {'; '.join(d.describe() for d in found[:5])}", found)
    return f"refused {code}"


def answerable_codes(spec: Spec, endpoint: Endpoint) -> set[str]:
    """The codes the spec lets this endpoint answer to a well-formed call: its own error list, the codes of
    its parameters, rules and settings table, the API-wide parameter codes, and the limits' codes."""
    codes: list[int | str | None] = [ref.code for ref in endpoint.errors]
    codes += [rule.error for rule in endpoint.rules]
    codes += [code for param in endpoint.params for code in (param.missing_error, param.invalid_error)]
    codes += [endpoint.unknown_setting_error, endpoint.out_of_range_error, endpoint.format_error]
    codes += [*spec.param_errors.values(), *(limit.error for limit in spec.limits)]
    return {str(code) for code in codes if code is not None}


def declared(endpoint: Endpoint, code: Any) -> bool:
    return any(str(ref.code) == str(code) for ref in endpoint.errors)


def judge_invalid(target: Target, endpoint: Endpoint, case: InvalidCase, exchange: Exchange) -> str:
    spec = target.spec
    envelope = endpoint.envelope or spec.envelope
    if exchange.status >= 500:
        raise Broken(f"HTTP {exchange.status} for {case.param} broken ({case.args})")
    crash_check(target, case.args, "invalid")
    body = exchange.body()
    code = answered_code(spec, endpoint, body)
    expected = None if case.expected.code is None else typed_code(envelope, case.expected.code)
    if code is not None and code != expected and str(code) in {str(limit.error) for limit in spec.limits}:
        return f"quota {code}"  # metered before validation: this call proves nothing either way
    if expected is None:
        if exchange.status != 400 or not isinstance(body, dict) or "solarfakes_error" not in body:
            raise Broken(f"{case.expected.why}: expected HTTP 400 with a message, got {exchange.status} {body!r:.200}")
        return "refused 400"
    if code != expected:
        raise Broken(
            f"{case.expected.why}: expected code {expected!r}, got {code!r} (HTTP {exchange.status}) for {case.args}"
        )
    found = differences(compiled(spec.api, target.profile, endpoint.id, "error"), body)
    if found:
        raise Broken(f"error body off the schema: {'; '.join(d.describe() for d in found[:5])}", found)
    return f"refused {code}"


def run_settings(target: Target, examples: int) -> settings:
    base = suite_settings(examples)
    if target.shrink:
        return base
    return settings(base, phases=[phase for phase in base.phases if phase is not Phase.shrink])


def check_valid(target: Target, endpoint: Endpoint, examples: int) -> Outcome:
    outcome = Outcome(target.spec.api, endpoint.id, "valid")
    hidden = target.caller.hidden

    @given(args=valid_args(target.spec, endpoint, target.now(), target.fleet, hidden))
    @run_settings(target, examples)
    def one(args: dict[str, Any]) -> None:
        exchange = target.call(endpoint, args)
        outcome.calls += 1
        verdict = judge_valid(target, endpoint, args, exchange)
        if verdict == "success":
            outcome.successes += 1
        else:
            outcome.refusals[verdict.removeprefix("refused ")] += 1

    run(one, outcome)
    return outcome


NOTHING_TO_BREAK = "no parameter whose breakage the spec gives a code for"


def check_invalid(target: Target, endpoint: Endpoint, examples: int) -> Outcome:
    outcome = Outcome(target.spec.api, endpoint.id, "invalid")
    hidden = target.caller.hidden
    if not has_invalid_cases(target.spec, endpoint, hidden):
        outcome.skipped = NOTHING_TO_BREAK
        return outcome

    @given(case=invalid_case(target.spec, endpoint, target.now(), target.fleet, hidden))
    @run_settings(target, examples)
    def one(case: InvalidCase) -> None:
        exchange = target.call(endpoint, case.args)
        outcome.calls += 1
        verdict = judge_invalid(target, endpoint, case, exchange)
        outcome.refusals[verdict.removeprefix("refused ")] += 1

    run(one, outcome)
    quota = sum(n for verdict, n in outcome.refusals.items() if verdict.startswith("quota"))
    if outcome.calls and quota == outcome.calls and not outcome.failures:
        outcome.skipped = "every call was refused by a quota before its parameters were checked"
    return outcome


def run(test: Callable[[], None], outcome: Outcome) -> None:
    try:
        test()
    except Broken as broken:
        outcome.failures.append(str(broken))
        outcome.differences.extend(broken.found)
    except BudgetExhausted:
        outcome.skipped = "call budget used up"
    except NotSent as missing:
        outcome.skipped = f"not sent: {missing}"
    except Unsatisfiable as exc:
        outcome.failures.append(f"no arguments could be drawn: {exc}")


def served(spec: Spec, profile: Profile) -> list[Endpoint]:
    return [e for e in spec.endpoints if profile in e.profiles]


def check_api(
    target: Target, *, writes: bool, endpoints: list[str] | None = None, valid: int = 8, invalid: int = 6
) -> list[Outcome]:
    """Both suites over every served endpoint (or those named); writes skipped unless ``writes``."""
    outcomes: list[Outcome] = []
    writing = WRITES.get(target.spec.api, frozenset())
    # without a reset between endpoints, writes go last so that a deleted plant cannot change what reads see
    ordered = sorted(served(target.spec, target.profile), key=lambda e: target.reset is None and e.id in writing)
    for endpoint in ordered:
        if endpoints is not None and endpoint.id not in endpoints:
            continue
        if not writes and endpoint.id in writing:
            suites: tuple[Suite, ...] = ("valid", "invalid")
            outcomes += [Outcome(target.spec.api, endpoint.id, s, skipped="writes: read-only run") for s in suites]
            continue
        target.fresh()
        outcomes.append(check_valid(target, endpoint, valid))
        outcomes.append(check_invalid(target, endpoint, invalid))
    return outcomes
