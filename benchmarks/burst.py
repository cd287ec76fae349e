"""A class of 30 opening the same post-test within five seconds, on one machine.

Thirty learners are signed in and open lesson 1's post-test at evenly spread
moments over five seconds, then submit it. Twenty-seven of them are
protocol-level learners (:mod:`.wire`): they ask the server for exactly what
a browser asks for (the page, then the widgets' state over the kernel
websocket) without drawing anything, so that thirty browsers' drawing does
not compete for the server's two cores as it never would in a classroom.
Every tenth learner opens the page in headless Chromium, whose time to
interactive includes Voila's front end (about a second on a quiet machine,
see the ``pages`` group).

Time to interactive runs from a learner's request until the first question
can be answered (for a protocol-level learner: until the post-test's state
has arrived). Afterwards every learner must have a submitted attempt in the
records. The baseline is Voila's defaults (no pools, every module imported up
front in each kernel); the course runs as ``caserate-course serve
--class-size 30`` sets it up: a post-test pool for the class, refilled a
minute after each kernel is taken.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import async_playwright

from caserate_kit.course.server._pools import CLASS_REFILL_SECONDS

from .browser import CHROMIUM_ARGS, READY, chromium_path
from .course import BenchServer, bench_server
from .stats import Figure
from .wire import open_and_submit

__all__ = ["CLASS_SIZE", "SPREAD_SECONDS", "run"]

CLASS_SIZE = 30
SPREAD_SECONDS = 5.0
BROWSER_EVERY = 10
"""Every tenth learner uses a real browser."""
TIMEOUT_SECONDS = 120.0
"""A learner whose page is not ready after this long is counted as not served."""
QUIZ = "lesson-01"


async def _wire_learner(server: BenchServer, address: str) -> float:
    times = await open_and_submit(server.url, address)
    return times.ready


async def _browser_learner(browser: Any, address: str) -> float:
    context = await browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(TIMEOUT_SECONDS * 1000)
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(address, wait_until="commit")
        await page.locator(READY["posttest"]).first.wait_for(state="visible")
        ready = time.perf_counter() - start
        # The first copy on the page: the early one while it is there, then the widget.
        result = page.locator(".ck-test-result.ck-is-passed, .ck-test-result.ck-is-failed").first
        anyway = page.get_by_role("button", name="Submit anyway").first
        await page.get_by_role("button", name="Submit answers").first.click()
        await result.or_(anyway).first.wait_for(state="visible")
        if await anyway.is_visible():  # questions left unanswered: submit them as they are
            await anyway.click()
        await result.wait_for(state="visible")
        return ready
    finally:
        await context.close()


async def _class(
    server: BenchServer, size: int, failures: Counter[str]
) -> list[tuple[bool, float | None]]:
    """Each learner: whether they used a browser, and seconds to interactive (None: not served,
    with the reason counted in ``failures``)."""
    tokens = [server.learner(f"Learner {n:02d}")[1] for n in range(1, size + 1)]
    addresses = [server.page_url("notebooks/posttest", t, quiz=QUIZ) for t in tokens]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        step = SPREAD_SECONDS / max(1, size - 1)

        async def learner(number: int, address: str) -> tuple[bool, float | None]:
            in_browser = number % BROWSER_EVERY == 0
            await asyncio.sleep((number - 1) * step)
            opening = (
                _browser_learner(browser, address) if in_browser else _wire_learner(server, address)
            )
            try:
                return in_browser, await asyncio.wait_for(opening, TIMEOUT_SECONDS)
            except Exception as error:  # any failure counts as a learner not served
                where = "Chromium" if in_browser else "protocol"
                failures[f"{where}: {type(error).__name__} {error}".strip()[:160]] += 1
                return in_browser, None

        try:
            runs = [learner(n, a) for n, a in enumerate(addresses, start=1)]
            return list(await asyncio.gather(*runs))
        finally:
            await browser.close()


def _submitted(server: BenchServer) -> int:
    """How many of the class have a submitted attempt at the post-test in the records."""
    learners = [x for x in server.store.all_learners() if x.name.startswith("Learner ")]
    return sum(
        1
        for learner in learners
        if any(a.submitted_at for a in server.store.attempts(learner.id, QUIZ))
    )


def _tree_mb(server: BenchServer) -> float:
    root = psutil.Process(server.process.pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 1e6


def run(quick: bool, repeat: int | None) -> list[Figure]:
    """p95 time to interactive for the class, baseline against a class-sized pool."""
    size = 10 if quick else CLASS_SIZE
    wire: dict[str, list[float]] = {}
    seen: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="caserate-burst-") as tmp:
        for mode in ("baseline", "preheated"):
            print(
                f"  {mode}: {size} learners open the post-test within {SPREAD_SECONDS:.0f} s ...",
                flush=True,
            )
            pools = {"home": 0, "posttest": size}
            refill = f"--VoilaKernelManager.fill_delay={CLASS_REFILL_SECONDS}"
            with bench_server(mode, Path(tmp) / mode, pools, refill) as server:
                server.wait_until_quiet()
                failures: Counter[str] = Counter()
                measured = asyncio.run(_class(server, size, failures))
                served = [s for _, s in measured if s is not None]
                # A learner not served in time counts at the time limit.
                wire[mode] = [TIMEOUT_SECONDS if s is None else s for b, s in measured if not b]
                seen[mode] = [TIMEOUT_SECONDS if s is None else s for b, s in measured if b]
                notes[mode] = (
                    f"{len(served)} of {size} ready within {TIMEOUT_SECONDS:.0f} s, "
                    f"{_submitted(server)} submitted attempts recorded; server and "
                    f"kernels {_tree_mb(server):,.0f} MB"
                )
                if failures:
                    notes[mode] += "; not served: " + ", ".join(
                        f"{count} x {reason}" for reason, count in failures.items()
                    )
    return [
        Figure(
            f"Class of {size}: time to interactive, post-test (protocol-level learners)",
            "s",
            wire["preheated"],
            baseline=wire["baseline"],
            target="p95 <= 3 s",
            note=f"{notes['preheated']}; baseline: {notes['baseline']}",
        ),
        Figure(
            f"Class of {size}: time to interactive, post-test (learners in Chromium)",
            "s",
            seen["preheated"],
            baseline=seen["baseline"],
            target="p95 <= 3 s",
        ),
    ]
