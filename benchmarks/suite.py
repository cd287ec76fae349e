"""The wall time of the whole test suite (unit, nbval, browser), as ``make test`` runs it.

The three pytest runs of ``make test`` are timed as the Makefile runs them
(in parallel on every core with pytest-xdist), against the same runs in one
process as the baseline. Installing and linting are not timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .course import ROOT
from .stats import Figure

__all__ = ["RUNS", "run"]

RUNS = [
    ["-n", "2", "--dist", "loadscope"],
    [
        "-n",
        "2",
        "--dist",
        "loadscope",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "lessons",
        "--nbval-sanitize-with",
        "tests/nbval_sanitize.cfg",
    ],
    ["-p", "no:cacheprovider", "--nbval-lax", "notebooks"],
]
"""The pytest arguments of ``make test``'s three runs."""


def _serial(arguments: list[str]) -> list[str]:
    out, skip = [], False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in ("-n", "--dist"):
            skip = True
        else:
            out.append(argument)
    return [*out, "-p", "no:xdist"]


def _time(arguments: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *arguments],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        print(f"  (pytest {' '.join(arguments)} failed with exit code {done.returncode})")
    return time.perf_counter() - start


def run(quick: bool, repeat: int | None) -> list[Figure]:
    """The whole suite's wall time, parallel against serial."""
    print("  the suite in parallel, as make test runs it ...", flush=True)
    parallel = sum(_time(arguments) for arguments in RUNS)
    print("  the suite in one process (baseline) ...", flush=True)
    serial = sum(_time(_serial(arguments)) for arguments in RUNS)
    return [
        Figure(
            "Test suite wall time, 2 workers",
            "s",
            [parallel],
            baseline=[serial],
            target="<= 300 s",
            note=f"{os.cpu_count()} CPUs",
        )
    ]
