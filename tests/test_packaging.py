"""What installing solarfakes puts into a user's environment: one `solarfakes` namespace, with the specs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

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


def test_installed_wheel_loads_specs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """The wheel's own files, unpacked beside nothing else, load every spec (dependencies come from
    the running environment, which the README's commands install)."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        timeout=600,
    )
    script = (
        "import solarfakes.specs as specs\n"
        "from solarfakes.specs import API_IDS, load_spec\n"
        "print(specs.__file__)\n"
        "print(sum(len(load_spec(api).endpoints) for api in API_IDS))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    location, count = done.stdout.split()
    assert Path(location).is_relative_to(target), "specs came from the wheel, not the checkout"
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
