"""The course's benchmarks: ``make bench`` (``python -m benchmarks``). Benchmarks, not tests.

Groups, each printed as a table of median and 95th percentile beside a
baseline measured in the same run, and the ratio between them:

- ``montecarlo``: 1,000,000 simulated years, vectorized against a plain loop;
- ``pages``: time to interactive, cold and preheated, kernel memory, and
  click to feedback, against Voila's defaults (no pools, every module
  imported up front) (:mod:`.pages`);
- ``burst``: a class of 30 opening the same post-test within five seconds
  (:mod:`.burst`);
- ``suite``: the wall time of the whole test suite, in parallel against one
  process (:mod:`.suite`).

Nothing is asserted: timings depend on the machine. ``--quick`` runs small
versions of each (and leaves the suite out unless named with ``--only``);
``--only GROUP`` runs one group (repeatable); ``--repeat N`` sets the runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version

from . import burst, montecarlo, pages, suite
from .stats import Figure, print_figures

__all__ = ["GROUPS", "main"]

GROUPS: dict[str, tuple[str, Callable[[bool, int | None], list[Figure]]]] = {
    "montecarlo": ("Monte Carlo of a budget's total cost", montecarlo.run),
    "pages": ("Pages: time to interactive, memory, feedback", pages.run),
    "burst": ("A class of 30 opening one post-test", burst.run),
    "suite": ("The test suite's wall time", suite.run),
}
QUICK_SKIPS = ("suite",)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="small versions, for a smoke test")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(GROUPS),
        metavar="GROUP",
        help="run only this group (repeatable): " + ", ".join(GROUPS),
    )
    parser.add_argument("--repeat", type=int, help="runs per figure (default: each group's own)")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = args.only or [g for g in GROUPS if not (args.quick and g in QUICK_SKIPS)]
    print(
        f"Python {platform.python_version()}, numpy {_version('numpy')}, "
        f"voila {_version('voila')}, {os.cpu_count()} CPUs{'; quick' if args.quick else ''}"
    )
    for name in chosen:
        title, run = GROUPS[name]
        print(f"\n[{name}] {title} ...", flush=True)
        start = time.perf_counter()
        figures = run(args.quick, args.repeat)
        print_figures(f"{title} ({time.perf_counter() - start:.0f} s)", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
