"""CI entry points: `nox -s tests lint typecheck` is what .ci/run and the README run."""

import nox

nox.options.error_on_missing_interpreters = True
nox.options.reuse_existing_virtualenvs = False

PYTHON = "3.11"


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
    session.install(".[dev]")
    session.run("mypy")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Start-up, memory and request latency; results print and go to bench-results.json."""
    session.install(".")
    session.run("python", "-m", "simulators.bench", "--json", "bench-results.json", *session.posargs)
