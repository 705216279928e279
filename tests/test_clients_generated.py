"""The typed client modules are exactly what the generator writes from the specs today, and importing the
clients loads no spec."""

from __future__ import annotations

import json
import subprocess
import sys
import typing

import pytest

from solarfakes.clients import SUPPORTED, GrowattClient, ISolarCloudClient, client_class
from solarfakes.clients.generate import module_path, render
from solarfakes.specs import API_IDS


def test_every_api_has_a_client() -> None:
    assert set(SUPPORTED) == set(API_IDS)


@pytest.mark.parametrize("api", API_IDS)
def test_the_checked_in_module_is_what_the_spec_generates(api: str) -> None:
    assert module_path(api).read_text(encoding="utf-8") == render(api), (
        f"clients/{api}.py is stale: run python -m solarfakes.clients.generate"
    )


def test_importing_the_clients_loads_no_spec() -> None:
    """Not even the specs package (its loader, pydantic, YAML) is imported until a client is built."""
    probe = (
        "import json, sys\n"
        "import solarfakes.clients\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('solarfakes.specs') or m in ('yaml', 'pydantic'))))\n"
        "solarfakes.clients.GrowattClient(credentials={'token': 't'})\n"
        "from solarfakes.specs.loader import load_spec\n"
        "print(json.dumps(load_spec.cache_info().currsize))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert [json.loads(line) for line in out.splitlines()] == [[], 1], "one spec, loaded by the first client"


def test_results_and_params_carry_the_spec_types() -> None:
    hints = typing.get_type_hints(GrowattClient.plant_details)
    assert hints["plant_id"] is int
    result = hints["return"]
    assert typing.is_typeddict(result)
    assert {"name", "peak_power"} <= set(result.__annotations__)
    assert typing.get_type_hints(result)["peak_power"] is float
    login = typing.get_type_hints(ISolarCloudClient.login)["return"]
    assert "login_state" in login.__required_keys__
    assert "token" in login.__optional_keys__


def test_the_documented_profile_class_refuses_observed_only_endpoints() -> None:
    documented = client_class("growatt_v1", profile="documented")
    assert issubclass(documented, GrowattClient)
    assert documented.profile == "documented"
    assert client_class("growatt_v1", profile="documented") is documented
