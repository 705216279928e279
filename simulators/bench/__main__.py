"""`python -m solarfakes.simulators.bench [--quick] [--out DIR]`: run the benchmark, print its report and
write it as Markdown and JSON to ``tests/bench-results/<date>-<host>.md/.json`` (``--out`` elsewhere)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from solarfakes.simulators.bench.report import markdown, write
from solarfakes.simulators.bench.run import APIS, Bench, Options

DEFAULT_OUT = Path("tests") / "bench-results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solarfakes.simulators.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke: 1 round, 1 s loads, 200 plants, no peers")
    parser.add_argument("--rounds", type=int, help="rounds of every scenario (full: 3)")
    parser.add_argument("--duration", type=float, help="seconds of load per scenario and round (full: 3)")
    parser.add_argument("--plants", type=int, help="plants per API of the big fleet (full: 10000)")
    parser.add_argument("--api", action="append", choices=APIS, help="only this API (repeatable)")
    parser.add_argument("--tool", choices=["wrk", "python"], help="load generator (default: wrk when installed)")
    parser.add_argument("--no-peers", action="store_true", help="skip moto, Prism and WireMock")
    parser.add_argument("--npm-prefix", type=Path, help="where the npm peers are installed (default ~/.cache/...)")
    parser.add_argument("--out", type=Path, help=f"folder for the report (default {DEFAULT_OUT}; --quick: none)")
    args = parser.parse_args(argv)
    overrides = {
        key: value
        for key, value in {
            "rounds": args.rounds,
            "duration": args.duration,
            "big_plants": args.plants,
            "apis": tuple(args.api) if args.api else None,
            "tool": args.tool,
            "npm_prefix": args.npm_prefix,
            "peers": False if args.no_peers else None,
        }.items()
        if value is not None
    }
    options = Options.quick(**overrides) if args.quick else Options(**overrides)
    if options.rounds < 1 or options.duration <= 0:
        parser.error("--rounds must be at least 1 and --duration positive")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = Bench(options, log).run()
    print(markdown(results))
    out = args.out or (None if args.quick else DEFAULT_OUT)
    if out is not None:
        md, js = write(results, out, "-quick" if args.quick else "")
        log(f"wrote {md} and {js}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
