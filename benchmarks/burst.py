"""A class of 30 opening the same post-test within five seconds, on one machine.

Thirty learners are signed in; their browsers (contexts of one headless
Chromium, on the same machine as the server) open lesson 1's post-test at
evenly spread moments over five seconds. Each learner's time to interactive
is measured from the start of their navigation until the first question can
be answered; afterwards every learner must have an attempt recorded. The
baseline is Voila's defaults (no pools, every module imported up front); the
course runs with a post-test pool sized for the class, as
``caserate-course serve --class-size 30`` sets it up.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from .browser import CHROMIUM_ARGS, READY, chromium_path
from .course import BenchServer, bench_server
from .stats import Figure

__all__ = ["CLASS_SIZE", "SPREAD_SECONDS", "run"]

CLASS_SIZE = 30
SPREAD_SECONDS = 5.0
TIMEOUT_MS = 120_000
"""A learner whose page is not ready after this long is counted as not served."""


async def _learner(browser: Any, address: str, delay: float) -> float | None:
    """Seconds until this learner could answer, or None if not within the time limit."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(address, wait_until="commit", timeout=TIMEOUT_MS)
        await page.locator(READY["posttest"]).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    except PlaywrightError:
        return None
    finally:
        await context.close()


async def _class(server: BenchServer, size: int) -> list[float | None]:
    tokens = [server.learner(f"Learner {n:02d}")[1] for n in range(1, size + 1)]
    addresses = [server.page_url("notebooks/posttest", t, quiz="lesson-01") for t in tokens]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                   args=CHROMIUM_ARGS)  # fmt: skip
        try:
            step = SPREAD_SECONDS / max(1, size - 1)
            runs = [_learner(browser, a, n * step) for n, a in enumerate(addresses)]
            return list(await asyncio.gather(*runs))
        finally:
            await browser.close()


def _recorded(server: BenchServer) -> int:
    """How many of the class have an attempt on lesson 1 in the records."""
    learners = [x for x in server.store.all_learners() if x.name.startswith("Learner ")]
    return sum(1 for learner in learners if server.store.open_attempt(learner.id, "lesson-01"))


def _tree_mb(server: BenchServer) -> float:
    root = psutil.Process(server.process.pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 1e6


def run(quick: bool, repeat: int | None) -> list[Figure]:
    """p95 time to interactive for the class, baseline against a class-sized pool."""
    size = 6 if quick else CLASS_SIZE
    times: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="caserate-burst-") as tmp:
        for mode in ("baseline", "preheated"):
            print(f"  {mode}: {size} learners open the post-test within {SPREAD_SECONDS:.0f} s ...",
                  flush=True)  # fmt: skip
            pools = {"home": 0, "posttest": size}
            with bench_server(mode, Path(tmp) / mode, pools) as server:
                measured = asyncio.run(_class(server, size))
                served = [seconds for seconds in measured if seconds is not None]
                # A learner not served in time counts at the time limit.
                times[mode] = served + [TIMEOUT_MS / 1000] * (size - len(served))
                notes[mode] = (f"{len(served)} of {size} ready within {TIMEOUT_MS // 1000} s, "
                               f"{_recorded(server)} attempts recorded, server and kernels "
                               f"{_tree_mb(server):,.0f} MB")  # fmt: skip
    return [
        Figure(f"Class of {size}: time to interactive, post-test", "s", times["preheated"],
               baseline=times["baseline"], target="p95 <= 3 s",
               note=f"{notes['preheated']}; baseline: {notes['baseline']}"),
    ]  # fmt: skip
