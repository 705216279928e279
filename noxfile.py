"""CI entry points: `nox -s tests lint typecheck` is what .ci/run and the README run."""

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
    """Start-up, memory and request latency; results print and go to bench-results.json."""
    session.install(".")
    session.run("python", "-m", "solarfakes.simulators.bench", "--json", "bench-results.json", *session.posargs)
