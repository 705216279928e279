"""CI entry points: `nox -s tests lint typecheck` is what .ci/run and the README run."""

import os
import shutil
from pathlib import Path

import nox

nox.options.error_on_missing_interpreters = True
nox.options.reuse_existing_virtualenvs = False

PYTHON = "3.11"
ROOT = Path(__file__).resolve().parent
PACKAGES = ("simulators", "specs", "clients", "contracts")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole pytest suite, against the installed package (not the checkout)."""
    session.install(".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy over the checkout's folders, seen as the solarfakes.* packages they install as."""
    session.install(".[dev]")
    tree = Path(session.create_tmp()) / "typecheck"
    namespace = tree / "solarfakes"
    namespace.mkdir(parents=True, exist_ok=True)
    for name in PACKAGES:
        link = namespace / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT / name, target_is_directory=True)
    session.run("mypy", env={"MYPYPATH": str(tree)})


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Issue 11's benchmark over loopback: the fake clouds beside a bare Starlette app and peers (moto here;
    Prism and WireMock installed by npm into a cache folder). Writes tests/bench-results/<date>-<host>.md/.json;
    `nox -s bench -- --quick` is a smoke that writes nothing."""
    # pytest: the fixture cost is measured through the plugin. sniffio: without it httpx's ASGITransport
    # searches sys.path for it on every call (about 60 us), a cost on both sides of the in-process pair
    # that would flatter the ratio to the bare app.
    session.install(".", "pytest", "sniffio", "moto[server]")
    install_wrk(session)
    session.run("python", "-m", "solarfakes.simulators.bench", *session.posargs)


@nox.session(python=PYTHON)
def soak(session: nox.Session) -> None:
    """Issue 12's soak: mixed traffic, writes, faults and clock moves against one server on 127.0.0.1, bounded
    in time (`-- --duration 60`); fails on a crash, a lost write, RSS growth or a slow health check."""
    session.install(".")
    session.run("python", "-m", "solarfakes.simulators.bench.soak", *session.posargs)


def install_wrk(session: nox.Session) -> None:
    """wrk from Debian when we are root with apt-get; otherwise the bench uses its Python load generator."""
    if shutil.which("wrk"):
        return
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        session.log("wrk is not installed and cannot be here (needs root and apt-get): the Python load generator runs")
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env, success_codes=range(256))
    session.run("apt-get", "install", "-y", "-qq", "wrk", external=True, env=env, success_codes=range(256))
    if not shutil.which("wrk"):
        session.log("apt-get could not install wrk: the Python load generator runs")


@nox.session(python=PYTHON)
def contracts(session: nox.Session) -> None:
    """Every contract suite against freshly started fake clouds: conformance, schemathesis, crypto and the
    stateful machines in process (tests/test_contracts*.py, slow ones included), then the contract runner
    against a fresh `solarfakes serve` on a loopback port, both profiles. `nox -s contracts -- nightly` runs
    the deep hypothesis profile instead of the fast `ci` one."""
    session.install(".[test]")
    profile = session.posargs[0] if session.posargs else "ci"
    env = {"SOLARFAKES_CONTRACT_PROFILE": profile}
    suites = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").glob("test_contracts*.py"))
    session.run("pytest", "-q", "-p", "no:cacheprovider", *suites, env=env)
    reports = ["--junit", "contract-junit.xml", "--json", "contract-report.json"]
    session.run("python", "-m", "solarfakes.contracts.serve_and_check", *reports, env=env)
