"""The Monte Carlo of a case-rate budget's total cost: vectorized NumPy against a plain loop.

Both simulate the Admirable example plan with a realistic spread
(penetration 9-11%, case mix Dirichlet with concentration 200, hours +/-15%
per level, rate per hour +/-5%) for 1,000,000 simulated years. The loop is
timed on fewer scenarios when a full run would take longer than
``LOOP_SECONDS`` and its rate (scenarios per second) is reported as measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from caserate_kit import Uncertainty, simulate_total_cost, simulate_total_cost_loop
from caserate_kit.examples import admirable_plan

from .stats import Figure

__all__ = ["FULL_SCENARIOS", "QUICK_SCENARIOS", "run"]

FULL_SCENARIOS = 1_000_000
QUICK_SCENARIOS = 10_000
LOOP_SECONDS = 20.0
PLAN = admirable_plan()
REALISTIC = Uncertainty(
    penetration_range=(0.09, 0.11), mix_concentration=200, hours_spread=0.15, rate_spread=0.05
)


def _vectorized(n: int) -> object:
    return simulate_total_cost(PLAN, REALISTIC, n_scenarios=n, seed=0)


def _loop(n: int) -> object:
    return simulate_total_cost_loop(PLAN, REALISTIC, n_scenarios=n, seed=0)


def _rates(
    simulate: Callable[[int], object], scenarios: int, repeat: int
) -> tuple[list[float], str]:
    """Scenarios per second over ``repeat`` timed runs, after an untimed probe on 1%."""
    probe = max(1, scenarios // 100)
    start = time.perf_counter()
    simulate(probe)
    estimate = (time.perf_counter() - start) * scenarios / probe
    note = f"{scenarios:,} scenarios"
    if estimate > LOOP_SECONDS:
        scenarios = max(probe, int(scenarios * LOOP_SECONDS / estimate) // 1_000 * 1_000)
        note = f"timed on {scenarios:,} scenarios, rate scaled"
    elif estimate < 1.0:
        simulate(scenarios)  # warm up at full size
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        simulate(scenarios)
        rates.append(scenarios / (time.perf_counter() - start))
    return rates, note


def run(quick: bool, repeat: int | None) -> list[Figure]:
    """The vectorized rate, with the plain loop's rate as its baseline."""
    scenarios = QUICK_SCENARIOS if quick else FULL_SCENARIOS
    fast, fast_note = _rates(_vectorized, scenarios, repeat or 5)
    slow, slow_note = _rates(_loop, scenarios, repeat or 3)
    seconds = [scenarios / rate for rate in fast]
    return [
        Figure(
            f"Monte Carlo, {scenarios:,} scenarios, vectorized",
            "/s",
            fast,
            baseline=slow,
            note=f"{fast_note}; baseline: plain loop ({slow_note})",
        ),
        Figure(f"Monte Carlo, {scenarios:,} scenarios, one run", "s", seconds),
    ]
