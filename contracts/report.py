"""The contract runner's report: a per-endpoint table for people, JUnit XML and JSON for CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from solarfakes.contracts.conformance import NOTHING_TO_BREAK, Outcome
from solarfakes.contracts.fuzz import FuzzOutcome


@dataclass
class Report:
    api: str
    base_url: str
    profile: str
    conformance: list[Outcome] = field(default_factory=list)
    fuzz: list[FuzzOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    variant: str = ""  # how the reference client called, where not the plain sync client ("async", "encrypted")

    @property
    def name(self) -> str:
        """The API, and the variant where there is one: ``isolarcloud [encrypted]``."""
        return f"{self.api} [{self.variant}]" if self.variant else self.api

    @property
    def failed(self) -> bool:
        return any(o.status == "fail" for o in self.conformance) or any(o.status == "fail" for o in self.fuzz)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """endpoint, valid, invalid, schemathesis, note: one row per endpoint."""
        by_endpoint: dict[str, dict[str, Any]] = {}
        for outcome in self.conformance:
            row = by_endpoint.setdefault(outcome.endpoint, {})
            row[outcome.suite] = outcome
        for fuzzed in self.fuzz:
            endpoint = fuzzed.operation_id.split("__")[0]
            row = by_endpoint.setdefault(endpoint, {})
            previous = row.get("fuzz")
            row["fuzz"] = fuzzed if previous is None or fuzzed.status == "fail" else previous
        out = []
        for endpoint, row in by_endpoint.items():
            cells = [cell(row.get(suite)) for suite in ("valid", "invalid", "fuzz")]
            notes = [o.skipped for o in row.values() if isinstance(o, Outcome) and o.skipped]
            failures = [f for o in row.values() for f in o.failures]
            note = (failures[0] if failures else notes[0] if notes else "")[:160]
            out.append((endpoint, cells[0], cells[1], cells[2], note))
        return out

    def table(self) -> str:
        rows = [("endpoint", "valid", "invalid", "schemathesis", "note"), *self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [f"{self.name} at {self.base_url} (profile {self.profile})"]
        for row in rows:
            lines.append("  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4])
        drift = [(o.endpoint, d) for o in self.conformance for d in o.differences]
        if drift:
            lines.append("")
            lines.append("drift (server vs spec):")
            lines += [f"  {endpoint}: {d.describe()}" for endpoint, d in drift]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "api": self.api,
            "base_url": self.base_url,
            "profile": self.profile,
            "variant": self.variant,
            "passed": not self.failed,
            "conformance": [o.as_json() for o in self.conformance],
            "schemathesis": [
                {
                    "operation": f.operation,
                    "operation_id": f.operation_id,
                    "status": f.status,
                    "calls": f.calls,
                    "failures": f.failures,
                    "skipped": f.skipped,
                }
                for f in self.fuzz
            ],
            "notes": self.notes,
        }


def cell(outcome: Outcome | FuzzOutcome | None) -> str:
    if outcome is None:
        return "-"
    if outcome.status == "skip":
        return "n/a" if outcome.skipped == NOTHING_TO_BREAK else "skip"
    return f"{outcome.status} ({outcome.calls})"


def write_json(reports: Sequence[Report], path: Path) -> None:
    path.write_text(json.dumps([r.as_json() for r in reports], indent=2, default=str) + "\n")


def write_junit(reports: Sequence[Report], path: Path) -> None:
    suites = ElementTree.Element("testsuites", name="solarfakes contract")
    for report in reports:
        for kind, cases in (("conformance", report.conformance), ("schemathesis", report.fuzz)):
            if kind == "schemathesis" and not cases and report.variant:
                continue  # a variant's report is the conformance suite's alone
            suite = ElementTree.SubElement(suites, "testsuite", name=f"{report.name}.{kind}")
            counts = {"tests": 0, "failures": 0, "skipped": 0}
            for case in cases:
                name = f"{case.endpoint} ({case.suite})" if isinstance(case, Outcome) else case.operation
                element = ElementTree.SubElement(suite, "testcase", classname=f"{report.name}.{kind}", name=name)
                counts["tests"] += 1
                if case.status == "fail":
                    counts["failures"] += 1
                    failure = ElementTree.SubElement(element, "failure", message=case.failures[0][:300])
                    failure.text = "\n\n".join(case.failures)
                elif case.status == "skip":
                    counts["skipped"] += 1
                    ElementTree.SubElement(element, "skipped", message=str(case.skipped))
            for key, value in counts.items():
                suite.set(key, str(value))
    ElementTree.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
