"""What installing solarfakes puts into a user's environment: one `solarfakes` namespace, with the specs."""

from __future__ import annotations

import io
import os
import shlex
import signal
import subprocess
import sys
import tarfile
import textwrap
import time
import tomllib
import zipfile
from pathlib import Path

import httpx
import pytest

from solarfakes.simulators.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("simulators", "specs", "clients", "contracts")
SPEC_FILES = {"alphaess_openapi.yaml", "alphaess_ras_v2.yaml", "growatt_v1.yaml", "apsystems_openapi.yaml",
              "isolarcloud.yaml", "meta-schema.json"}  # fmt: skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    return next(out.glob("solarfakes-*.whl"))


def test_every_package_folder_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        "solarfakes." + ".".join(init.parent.relative_to(ROOT).parts)
        for folder in FOLDERS
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert set(config["packages"]) == on_disk


def test_wheel_installs_only_the_solarfakes_namespace(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"solarfakes", wheel.name.split("-py3")[0] + ".dist-info"}
    assert {f"solarfakes/specs/{name}" for name in SPEC_FILES} <= names
    assert "solarfakes = solarfakes.simulators.cli:main" in entry_points
    assert "solarfakes = solarfakes.simulators.pytest_plugin" in entry_points


def fresh_venv(where: Path) -> Path:
    """A virtual environment with nothing but pip: no system site packages, nothing of this one's."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    return where / "bin" / "python"


def test_installed_wheel_loads_specs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """The wheel, installed with its declared dependencies into a fresh environment, loads every spec
    from its own files: nothing may come from the checkout or from packages that happen to be around."""
    python = fresh_venv(tmp_path / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    script = (
        "import solarfakes.specs as specs\n"
        "from solarfakes.specs import API_IDS, load_spec\n"
        "print(specs.__file__)\n"
        "print(sum(len(load_spec(api).endpoints) for api in API_IDS))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(python), "-I", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    location, count = done.stdout.split()
    assert Path(location).is_relative_to(tmp_path / "venv"), "specs came from the wheel, not the checkout"
    assert int(count) >= 69


def test_a_user_project_with_its_own_specs_package_keeps_working(tmp_path: Path) -> None:
    """A user's own top-level specs/, clients/, simulators/ and contracts/ packages are theirs: the
    plugin loads beside them and its fixtures work."""
    for folder in FOLDERS:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text(f"OWNER = 'user project {folder}'\n")
    (tmp_path / "specs" / "model.py").write_text("KIND = 'the user project's own model'\n".replace("'s", "s"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_user.py").write_text(
        textwrap.dedent(
            """
            import specs
            import specs.model
            import simulators


            def test_arithmetic():
                assert 1 + 1 == 2


            def test_own_packages_are_imported():
                assert specs.OWNER == "user project specs"
                assert simulators.OWNER == "user project simulators"


            def test_the_plugin_fixture_serves(growatt_cloud):
                token = growatt_cloud.credentials["token"]
                with growatt_cloud.client(headers={"token": token}) as http:
                    answer = http.get("/v1/plant/list").json()
                assert answer["error_code"] == 0
                assert answer["data"]["count"] == len(growatt_cloud.credentials["plant_ids"])
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


README_INSTALL = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/solarfakes serve"
README_TESTS = "python3 -m venv .venv && .venv/bin/pip install nox && .venv/bin/nox -s tests lint typecheck contracts"


def test_the_readme_commands_make_their_own_environment() -> None:
    """Both commands work on a Python whose system environment is externally managed (Debian's): each
    makes a venv. CI runs the second one exactly, which is its clean-environment test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_INSTALL in readme
    assert README_TESTS in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert README_TESTS in ci


def test_the_readme_install_command_serves_from_a_clean_copy(tmp_path: Path) -> None:
    """The README's first command, in a copy of the committed tree and a fresh venv: the server it starts
    (on a free loopback port instead of 8000) answers its health check."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    clone = tmp_path / "clone"
    clone.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(clone, filter="data")
    install, serve = README_INSTALL.rsplit(" && ", 1)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    subprocess.run(["bash", "-c", install], cwd=clone, env=env, check=True, timeout=900, capture_output=True)
    port = free_port("127.0.0.1")
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([*shlex.split(serve), "--port", str(port)], cwd=clone, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        status = None
        while status != 200 and time.monotonic() < deadline and process.poll() is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/_solarfakes/health", timeout=1).status_code
            except httpx.TransportError:
                time.sleep(0.2)
        assert status == 200, log.read_text()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()
