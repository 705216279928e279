"""The wheel ships the specs: installed into a fresh environment, they load from outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC_FILES = {"alphaess_openapi.yaml", "alphaess_ras_v2.yaml", "growatt_v1.yaml", "apsystems_openapi.yaml",
              "isolarcloud.yaml", "meta-schema.json"}  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    return next(out.glob("solarfakes-*.whl"))


def test_wheel_contains_the_specs_and_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert {f"specs/{name}" for name in SPEC_FILES} <= names
    assert "solarfakes = simulators.cli:main" in entry_points
    assert "solarfakes = simulators.pytest_plugin" in entry_points


def test_installed_wheel_loads_specs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=600)
    script = (
        "import specs, sys\n"
        "from specs import API_IDS, load_spec\n"
        "print(specs.__file__)\n"
        "print(sum(len(load_spec(api).endpoints) for api in API_IDS))\n"
    )
    done = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    location, count = done.stdout.split()
    assert Path(location).is_relative_to(env), "specs came from the fresh environment, not the checkout"
    assert int(count) >= 69
