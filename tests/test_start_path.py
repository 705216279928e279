"""What `solarfakes serve` does before it listens (issue 11's start-up figure): the command line module is
imported without the spec models (pydantic), the garbage collector is paused while the start builds, and the
server listens with it back on and the start's objects frozen out of its passes."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from typing import Any

import pytest

from solarfakes.simulators import cli

HEAVY = ("pydantic", "solarfakes.specs.model", "solarfakes.specs.loader")


def fresh_modules(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import solarfakes.simulators.cli",
        "from solarfakes.specs import API_IDS, PROFILES, SpecError, crypto",
    ],
)
def test_the_command_line_module_builds_no_spec_model(code: str) -> None:
    """`python -m solarfakes.simulators.cli` runs main() (which pauses the collector) only once the module
    is imported, so the module itself must not build the models."""
    loaded = fresh_modules(code)
    assert not [name for name in HEAVY if name in loaded]


def test_a_server_without_a_state_file_loads_no_sqlite() -> None:
    """sqlite3 (about 1 MB of RSS with its library) is loaded by a state file, not by every start."""
    loaded = fresh_modules(
        "from solarfakes.simulators import serve\n"
        "from solarfakes.simulators.vendors import build_cloud, served_apis\n"
        "cloud = build_cloud(served_apis(), plants=2)\n"
        "[cloud.world.account(api) for api in cloud.simulators]"
    )
    assert "solarfakes.simulators.core.state" in loaded  # the path a --state start takes was imported
    assert "sqlite3" not in loaded


def test_the_package_names_load_on_first_use_and_are_the_loader_s_own() -> None:
    from solarfakes import specs
    from solarfakes.specs import Endpoint, Spec, SpecError, load_file, load_spec, loader, model, raw_spec

    assert (load_spec, load_file, raw_spec) == (loader.load_spec, loader.load_file, loader.raw_spec)
    assert (Spec, Endpoint) == (model.Spec, model.Endpoint)
    assert SpecError is loader.SpecError
    assert loader.API_IDS == specs.API_IDS
    assert model.PROFILES == specs.PROFILES
    with pytest.raises(AttributeError):
        _ = specs.no_such_name  # type: ignore[attr-defined]


def test_the_collector_is_paused_for_serve_only_and_always_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}

    def recorder(name: str) -> Any:
        def run(args: object) -> int:
            seen[name] = gc.isenabled()
            return 0

        return run

    for name in ("spec", "serve"):
        monkeypatch.setitem(cli.COMMANDS, name, recorder(name))
    assert gc.isenabled()
    assert cli.main(["spec", "meta-schema"]) == 0
    assert cli.main(["serve", "--port", "0"]) == 0
    assert seen == {"spec": True, "serve": False}
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        cli.main(["serve", "--port", "not-a-port"])
    assert gc.isenabled()


LISTEN_PROBE = """
import asyncio.base_events, gc, os, runpy, sys

serve = asyncio.base_events.BaseEventLoop.create_server

async def create_server(self, *args, **kwargs):
    server = await serve(self, *args, **kwargs)
    print(f"LISTENING {gc.isenabled()} {gc.get_freeze_count()}", flush=True)
    os._exit(0)

asyncio.base_events.BaseEventLoop.create_server = create_server
sys.argv = ["solarfakes", "serve", "--host", "127.0.0.1", "--port", "0", "--api", "growatt_v1", "--log-level", "warning"]
runpy.run_module("solarfakes.simulators.cli", run_name="__main__")
"""


def test_serve_listens_with_the_collector_on_and_its_start_frozen() -> None:
    done = subprocess.run([sys.executable, "-c", LISTEN_PROBE], capture_output=True, text=True, timeout=120)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("LISTENING")]
    _, enabled, frozen = line.split()
    assert enabled == "True"
    assert int(frozen) > 10_000  # the modules, classes and specs the start built


def test_serve_in_a_process_that_kept_its_collector_on_freezes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from solarfakes.simulators import serve

    ran: list[bool] = []

    def run_no_server(self: uvicorn.Server, sockets: list[Any]) -> None:
        ran.append(gc.isenabled())
        for sock in sockets:
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", run_no_server)
    frozen = gc.get_freeze_count()
    args = cli.build_parser().parse_args(["serve", "--host", "127.0.0.1", "--port", "0", "--api", "growatt_v1"])
    assert serve.run_serve(args) == 0
    assert ran == [True]
    assert gc.get_freeze_count() == frozen


FIRST_ANSWER_PROBE = """
import asyncio, asyncio.base_events, json, os, runpy, sys

serve = asyncio.base_events.BaseEventLoop.create_server

async def ask_health(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /_solarfakes/health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n")
    status = (await reader.readline()).decode().strip()
    await reader.read()
    print("ANSWERED " + json.dumps({"status": status, "modules": sorted(sys.modules)}), flush=True)
    os._exit(0)

asking = []  # the loop holds tasks weakly: unreferenced, a collection may destroy the pending ask

async def create_server(self, *args, **kwargs):
    server = await serve(self, *args, **kwargs)
    asking.append(asyncio.ensure_future(ask_health(server.sockets[0].getsockname()[1])))
    return server

asyncio.base_events.BaseEventLoop.create_server = create_server
sys.argv = ["solarfakes", "serve", "--host", "127.0.0.1", "--port", "0", "--plants", "5", "--limits", "off",
            "--log-level", "warning"]
runpy.run_module("solarfakes.simulators.cli", run_name="__main__")
"""

# What the start of issue 11's figure (spawn to the first 200 on /_solarfakes/health) must not load:
# standard modules that only some later call needs, and the vendors' handler modules (core/vendor.py's
# DeferredHandler), one of each vendor here.
NOT_AT_FIRST_ANSWER = (
    "statistics",
    "encodings.idna",
    "stringprep",
    "unicodedata",
    "sqlite3",
    "solarfakes.simulators.vendors.growatt.plants",
    "solarfakes.simulators.vendors.alphacloud.power",
    "solarfakes.simulators.vendors.isolarcloud.history",
    "solarfakes.simulators.vendors.rasv2.running",
    "solarfakes.simulators.vendors.apsystems.system",
)


def test_a_server_answers_its_first_health_call_without_the_modules_only_later_calls_need() -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_ANSWER_PROBE], capture_output=True, text=True, timeout=120)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("ANSWERED ")]
    answered = json.loads(line.removeprefix("ANSWERED "))
    assert answered["status"] == "HTTP/1.1 200 OK"
    assert "solarfakes.simulators.vendors.isolarcloud.handlers" in answered["modules"]
    assert [name for name in NOT_AT_FIRST_ANSWER if name in answered["modules"]] == []


def test_the_handler_modules_bring_no_statistics_either() -> None:
    loaded = fresh_modules("import solarfakes.simulators.vendors.isolarcloud.history")
    assert "statistics" not in loaded
