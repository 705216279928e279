"""Hypothesis settings profiles of the contract suites: ``ci`` (the default: a few minutes for every
suite on a 2-core machine) and ``nightly`` (deep). Pick one with ``HYPOTHESIS_PROFILE`` or
``--hypothesis-profile``; the counts below are what each suite draws per endpoint or machine."""

from __future__ import annotations

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, settings


@dataclass(frozen=True)
class Depth:
    """How much each suite draws under one profile."""

    valid_examples: int
    invalid_examples: int
    schemathesis_examples: int
    machine_examples: int
    machine_steps: int


DEPTHS = {
    "ci": Depth(valid_examples=8, invalid_examples=6, schemathesis_examples=5, machine_examples=8, machine_steps=12),
    "nightly": Depth(
        valid_examples=100, invalid_examples=60, schemathesis_examples=50, machine_examples=60, machine_steps=40
    ),
}
DEFAULT_PROFILE = "ci"
PROFILE_VARIABLE = "SOLARFAKES_CONTRACT_PROFILE"

for _name, _depth in DEPTHS.items():
    settings.register_profile(
        _name,
        max_examples=_depth.valid_examples,
        stateful_step_count=_depth.machine_steps,
        deadline=None,
        database=None,
        derandomize=_name == "ci",  # a CI run draws the same cases every time; nightly explores
        # a failure in CI shows the case as drawn; shrinking it can cost a thousand calls
        phases=[Phase.explicit, Phase.reuse, Phase.generate] if _name == "ci" else list(Phase),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


def profile_name() -> str:
    """The active contract profile: SOLARFAKES_CONTRACT_PROFILE, else HYPOTHESIS_PROFILE when it names one
    of ours, else ``ci``."""
    for variable in (PROFILE_VARIABLE, "HYPOTHESIS_PROFILE"):
        name = os.environ.get(variable)
        if name in DEPTHS:
            return name
    return DEFAULT_PROFILE


def depth() -> Depth:
    return DEPTHS[profile_name()]


def suite_settings(max_examples: int) -> settings:
    """The active profile's settings with this suite's example count."""
    return settings(settings.get_profile(profile_name()), max_examples=max_examples)
