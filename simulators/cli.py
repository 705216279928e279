"""The `solarfakes` command.

Each subcommand is a parser added in ``build_parser`` and a function in ``COMMANDS``."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from solarfakes.specs.names import API_IDS, PROFILES, SpecError

DESCRIPTION = (
    "Fake vendor clouds for solar-inverter monitoring APIs (Growatt, AlphaESS AlphaCloud and ras/v2, "
    "APsystems, Sungrow iSolarCloud), their machine-readable specs and OpenAPI exports. "
    "Start with: solarfakes serve"
)


@cache
def package_version() -> str:
    """The installed version, read from the distribution's METADATA where it lies on ``sys.path``:
    importing ``importlib.metadata`` (its e-mail parser) would cost every start about 40 ms. The folders
    are listed, not globbed: a glob compiles its pattern and cost the banner about 1 ms."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a zip file, a path hook's name, a folder since removed
            continue
        for name in names:
            if not (name.startswith("solarfakes-") and name.endswith(".dist-info")):
                continue
            info = Path(folder or ".", name)
            with contextlib.suppress(OSError), (info / "METADATA").open(encoding="utf-8") as metadata:
                for line in metadata:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break  # the headers end here
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("solarfakes")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class VersionAction(argparse.Action):
    """``--version``, whose text is read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"solarfakes {package_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="solarfakes", description=DESCRIPTION)
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    spec = commands.add_parser("spec", help="work with the machine-readable API specs")
    spec_commands = spec.add_subparsers(dest="spec_command", required=True)
    export = spec_commands.add_parser("export", help="write an OpenAPI 3.1 document for one API")
    export.add_argument("--api", required=True, choices=API_IDS, help="the API to export")
    export.add_argument(
        "--profile",
        default="observed",
        choices=PROFILES,
        help="observed (real servers) or documented (default observed)",
    )
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    check = spec_commands.add_parser("check", help="validate spec files (default: all shipped specs)")
    check.add_argument("files", nargs="*", type=Path, help="spec YAML files (default: every shipped spec)")
    meta = spec_commands.add_parser("meta-schema", help="write the JSON Schema of the spec format")
    meta.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")

    from solarfakes.simulators.serve import add_serve_arguments

    add_serve_arguments(commands.add_parser("serve", help="start the fake clouds"))
    contract = commands.add_parser(
        "contract",
        help="check any server (a fake cloud, another mock, a real account) against the specs",
        add_help=False,
    )
    contract.add_argument(
        "arguments", nargs=argparse.REMAINDER, help="the contract runner's options: solarfakes contract --help"
    )
    return parser


def write_json(document: object, output: Path | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def run_spec(args: argparse.Namespace) -> int:
    from solarfakes.specs.loader import generated_meta_schema, load_file, load_spec

    if args.spec_command == "export":
        # Imported here: it costs about 0.4 s, and `serve` never needs it.
        from openapi_spec_validator import validate as validate_openapi

        from solarfakes.specs.openapi import export_openapi

        document = export_openapi(load_spec(args.api, args.profile), args.profile)
        validate_openapi(document)
        write_json(document, args.output)
    elif args.spec_command == "meta-schema":
        write_json(generated_meta_schema(), args.output)
    else:
        targets = [(str(f), f) for f in args.files] or [(api, None) for api in API_IDS]
        for name, file in targets:
            for profile in PROFILES:
                spec = load_file(file, profile) if file else load_spec(name, profile)
                print(f"{name} ({profile}): {len(spec.endpoints)} endpoints, {len(spec.errors)} error codes")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from solarfakes.simulators.serve import run_serve as serve

    return serve(args)


def run_contract(args: argparse.Namespace) -> int:
    from solarfakes.contracts import runner

    return runner.main(list(args.arguments))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "spec": run_spec,
    "serve": run_serve,
    "contract": run_contract,
}


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["contract"]:  # the runner parses its own options, --help included
        return run_contract(argparse.Namespace(arguments=given[1:]))
    # A start builds hundreds of thousands of objects that live as long as the process (modules,
    # classes, spec models); the collector's passes over them while they are made cost `serve` about a
    # third of its start, for no garbage. `serve` turns it back on once its app is built (serve.py),
    # every other command once its options are parsed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = build_parser().parse_args(given)
        if collecting and args.command != "serve":
            gc.enable()
        return COMMANDS[args.command](args)
    except SpecError as exc:
        print(f"solarfakes: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
