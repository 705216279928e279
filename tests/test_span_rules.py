"""A max_span rule whose end may be left empty (``open_end: now``) judges the window up to the current time,
read on the clock of the rule's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solarfakes.contracts.generate import valid_args
from solarfakes.simulators.core.validate import Invalid, check_rule
from solarfakes.specs.loader import load_spec
from solarfakes.specs.model import Endpoint, Rule

CLOSED = {"process_status": "9", "curPage": 1, "size": 10}
# 20:00 on the last day of June in UTC is already July in Shanghai
LATE_JUNE = datetime(2026, 6, 30, 20, tzinfo=UTC)


def closed_fault_rule(**update: object) -> tuple[Endpoint, Rule]:
    endpoint = load_spec("isolarcloud", "observed").endpoint("getFaultAlarmInfo")
    rule = next(rule for rule in endpoint.rules if rule.kind == "max_span")
    return endpoint, rule.model_copy(update=update)


def test_an_empty_end_runs_to_now_on_the_rule_zones_clock() -> None:
    endpoint, rule = closed_fault_rule()
    assert rule.open_end == "now"
    check_rule(endpoint, rule, CLOSED | {"startTime": "202606010000"}, LATE_JUNE)
    check_rule(endpoint, rule, CLOSED | {"startTime": "202606010000", "endTime": ""}, LATE_JUNE)
    endpoint, shanghai = closed_fault_rule(timezone="Asia/Shanghai")
    with pytest.raises(Invalid) as refused:
        check_rule(endpoint, shanghai, CLOSED | {"startTime": "202606010000"}, LATE_JUNE)
    assert refused.value.code == "010"


def test_without_open_end_an_empty_end_leaves_the_span_unjudged() -> None:
    endpoint, rule = closed_fault_rule(open_end=None)
    check_rule(endpoint, rule, CLOSED | {"startTime": "200001010000"}, LATE_JUNE)
    with pytest.raises(Invalid):
        check_rule(endpoint, closed_fault_rule()[1], CLOSED | {"startTime": "200001010000"}, LATE_JUNE)


def test_open_end_applies_only_where_the_rule_does() -> None:
    endpoint, rule = closed_fault_rule()
    check_rule(endpoint, rule, CLOSED | {"process_status": "8", "startTime": "200001010000"}, LATE_JUNE)


def closed_faults(endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
    return st.just({"process_status": "9"})


@given(args=valid_args(load_spec("isolarcloud", "observed"), closed_fault_rule()[0], LATE_JUNE, closed_faults))
@settings(max_examples=100, deadline=None, database=None)
def test_valid_closed_fault_arguments_with_an_open_end_start_in_the_month_of_now(args: dict[str, Any]) -> None:
    endpoint, rule = closed_fault_rule()
    check_rule(endpoint, rule, args, LATE_JUNE)  # raises Invalid where the generator broke the rule
    if args.get("startTime") and not args.get("endTime"):
        assert str(args["startTime"]).startswith("202606")
