"""``validate.spec_pattern``: a spec's patterns compiled once, in a bounded cache, matching as
``re.fullmatch`` on the pattern's text does."""

from __future__ import annotations

import re

from solarfakes.simulators.core.validate import spec_pattern
from solarfakes.specs.loader import load_spec

APIS = ["growatt_v1", "alphaess_openapi", "alphaess_ras_v2", "apsystems_openapi", "isolarcloud"]
SAMPLES = ["", "0", "abc", "0123456789abcdef0123456789abcdef", "2026-06-21", "A" * 40, "x y", "12:30", "-1"]


def test_every_spec_pattern_matches_as_re_fullmatch_does() -> None:
    patterns = {
        param.pattern
        for api in APIS
        for endpoint in load_spec(api, "observed").endpoints
        for param in endpoint.params
        if param.pattern
    }
    assert patterns, "the specs have parameter patterns to check"
    for pattern in patterns:
        for sample in SAMPLES:
            assert (spec_pattern(pattern).fullmatch(sample) is None) == (re.fullmatch(pattern, sample) is None)


def test_the_cache_is_bounded() -> None:
    for n in range(600):
        assert spec_pattern(f"x{n}").fullmatch(f"x{n}")
    info = spec_pattern.cache_info()
    assert info.maxsize == 256
    assert info.currsize <= 256
