"""Benchmarks of the toolkit's simulations: a benchmark, not a test.

It measures how long the Monte Carlo of a case-rate budget's total cost takes
on the Admirable example plan with a realistic spread (penetration 9-11%,
case mix Dirichlet with concentration 200, hours +/-15% per level, rate per
hour +/-5%): the vectorized NumPy version, ``simulate_total_cost``, against
the plain-Python loop, ``simulate_total_cost_loop``, both for 1,000,000
simulated years. It prints, for each benchmark, the runs, the median and
95th-percentile seconds per run and the scenarios simulated per second, then
the speed-up of the vectorized version over the loop measured in the same run.

Nothing is asserted: timings depend on the machine. Run it with
``make bench`` or ``python benchmarks/run.py``; ``--quick`` runs a small smoke
test, ``--only NAME`` runs one benchmark (repeatable), ``--repeat N`` sets
the number of timed runs.

To add a benchmark, append a :class:`Benchmark` to ``BENCHMARKS``: a name, a
one-line description, a function of the number of scenarios, and how many
times to repeat it.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from caserate_kit import Uncertainty, simulate_total_cost, simulate_total_cost_loop
from caserate_kit.examples import admirable_plan

FULL_SCENARIOS = 1_000_000
QUICK_SCENARIOS = 10_000
PROBE_SHARE = 0.01
"""A first, untimed run on 1% of the scenarios warms up and estimates the run time."""
FULL_WARM_UP_SECONDS = 1.0
"""A benchmark estimated faster than this also gets one untimed full-size run first."""

PLAN = admirable_plan()
REALISTIC = Uncertainty(
    penetration_range=(0.09, 0.11), mix_concentration=200, hours_spread=0.15, rate_spread=0.05
)


@dataclass(frozen=True)
class Benchmark:
    """One timed workload.

    ``run`` is called with a number of scenarios. When a full run is
    estimated to take longer than ``max_seconds_per_run``, it is timed on
    fewer scenarios and its rate (scenarios per second) reported as measured.
    """

    name: str
    description: str
    run: Callable[[int], object]
    repeat: int
    max_seconds_per_run: float | None = None


BENCHMARKS = [
    Benchmark(
        "simulate_total_cost",
        "vectorized NumPy, Admirable plan, realistic uncertainty",
        lambda n: simulate_total_cost(PLAN, REALISTIC, n_scenarios=n, seed=0),
        repeat=5,
    ),
    Benchmark(
        "simulate_total_cost_loop",
        "plain-Python loop with the random module, same model",
        lambda n: simulate_total_cost_loop(PLAN, REALISTIC, n_scenarios=n, seed=0),
        repeat=3,
        max_seconds_per_run=20.0,
    ),
]

SPEED_UPS = [("simulate_total_cost", "simulate_total_cost_loop")]
"""Pairs (fast, baseline) whose ratio of scenarios per second is reported."""


@dataclass(frozen=True)
class Result:
    """The timed runs of one benchmark."""

    benchmark: Benchmark
    scenarios: int
    seconds: list[float]
    note: str

    @property
    def median(self) -> float:
        return percentile(self.seconds, 50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)

    @property
    def per_second(self) -> float:
        return self.scenarios / self.median


def percentile(values: Sequence[float], share: float) -> float:
    """Percentile with linear interpolation between the sorted values."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(benchmark: Benchmark, scenarios: int, repeat: int) -> Result:
    """Warm up, pick the scenario count, then time ``repeat`` runs."""
    probe = max(1, round(scenarios * PROBE_SHARE))
    start = time.perf_counter()
    benchmark.run(probe)
    estimate = (time.perf_counter() - start) * scenarios / probe
    note = f"full {scenarios:,} scenarios"
    limit = benchmark.max_seconds_per_run
    if limit is not None and estimate > limit:
        scaled = max(probe, int(scenarios * limit / estimate) // 1_000 * 1_000)
        note = f"timed on {scaled:,} of {scenarios:,} scenarios (rate scaled)"
        scenarios = scaled
    if estimate < FULL_WARM_UP_SECONDS:
        benchmark.run(scenarios)
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        benchmark.run(scenarios)
        seconds.append(time.perf_counter() - start)
    return Result(benchmark, scenarios, seconds, note)


def print_table(results: Sequence[Result]) -> None:
    header = (
        f"{'benchmark':<26} {'runs':>4} {'scenarios':>11} {'median s':>9} {'p95 s':>9} "
        f"{'scenarios/s':>13}  note"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.benchmark.name:<26} {len(result.seconds):>4} {result.scenarios:>11,} "
            f"{result.median:>9.4f} {result.p95:>9.4f} {result.per_second:>13,.0f}  {result.note}"
        )


def print_speed_ups(results: Sequence[Result]) -> None:
    by_name = {result.benchmark.name: result for result in results}
    for fast, baseline in SPEED_UPS:
        if fast in by_name and baseline in by_name:
            ratio = by_name[fast].per_second / by_name[baseline].per_second
            print(f"Speed-up, {fast} vs {baseline} (this run): {ratio:,.1f}x")


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test on {QUICK_SCENARIOS:,} scenarios instead of {FULL_SCENARIOS:,}",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[benchmark.name for benchmark in BENCHMARKS],
        metavar="NAME",
        help="run only this benchmark (repeatable); one of: "
        + ", ".join(benchmark.name for benchmark in BENCHMARKS),
    )
    parser.add_argument("--repeat", type=int, help="timed runs per benchmark (default: its own)")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scenarios = QUICK_SCENARIOS if args.quick else FULL_SCENARIOS
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    print(
        f"Python {platform.python_version()}, numpy {package_version('numpy')}, "
        f"{os.cpu_count()} CPUs; {scenarios:,} scenarios{' (quick)' if args.quick else ''}"
    )
    results = []
    for benchmark in chosen:
        print(f"  running {benchmark.name}: {benchmark.description} ...", flush=True)
        results.append(measure(benchmark, scenarios, args.repeat or benchmark.repeat))
    print()
    print_table(results)
    print_speed_ups(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
