"""Time to interactive, kernel memory and click-to-feedback for the course's pages.

For each set-up (``baseline``, ``cold``, ``preheated``; see :mod:`.course`)
one server is started, and each page is opened ``repeat`` times, each time in
a fresh browser context, by a signed-in learner: the course home, lesson 1,
lesson 1's post-test and the case-rate calculator. Time to interactive runs
from the start of navigation until the page's main control can be used
(:data:`.browser.READY`; for a lesson, which has no controls but its links,
until its heading, navigation and opening section show, since a page shows
as it arrives; the time until the whole lesson shows is reported too). Between loads the server is
left to refill its pool and fall quiet, as it would between learners. After
each load the page's kernel's resident memory is read.
Click to feedback is timed inside the page: from the click on "Submit
answers" to the result on screen.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from .browser import CHROMIUM_ARGS, READY, chromium_path
from .course import BenchServer, bench_server, kernel_id_in
from .stats import Figure

__all__ = ["PAGES", "run"]

PAGE_TIMEOUT_MS = 180_000
PAGES = {
    "home": ("notebooks/home", {}),
    "lesson": ("lessons/01_how_managed_care_decides", {}),
    "posttest": ("notebooks/posttest", {"quiz": "lesson-01"}),
    "calculator": ("notebooks/exercise_01_case_rate_calculator", {}),
}
TITLES = {
    "home": "course home",
    "lesson": "lesson 1",
    "posttest": "post-test",
    "calculator": "case-rate calculator",
}
BENCH_POOLS = {"home": 1, "posttest": 1, "lesson": 1, "exercise": 1}
_SUBMIT_AND_TIME = """
() => new Promise((resolve, reject) => {
  const root = document.querySelector('.ck-test');
  const start = performance.now();
  const done = () => {
    const shown = root.querySelector('.ck-test-result.ck-is-passed, .ck-test-result.ck-is-failed');
    if (!shown || shown.hidden) return;
    watch.disconnect();
    resolve(performance.now() - start);
  };
  const watch = new MutationObserver(done);
  watch.observe(root, {subtree: true, childList: true, attributes: true});
  setTimeout(() => { watch.disconnect(); reject(new Error('no result within 60 s')); }, 60000);
  const buttons = [...root.querySelectorAll('button')];
  buttons.find((b) => b.textContent.trim() === 'Submit answers').click();
})
"""


@dataclass
class Samples:
    """What one set-up measured."""

    tti: dict[str, list[float]] = field(default_factory=dict)
    complete: list[float] = field(default_factory=list)  # a lesson, all of it on screen
    rss: dict[str, list[float]] = field(default_factory=dict)
    uss: dict[str, list[float]] = field(default_factory=dict)
    feedback_ms: list[float] = field(default_factory=list)


def _answer_everything(page: Any) -> None:
    """Give an answer to each question (the first choice, or 1), as a hurried learner would.

    An ordering question counts as answered as shown when the test is
    submitted; every other question is answered, and the page is left to
    count (and save) each answer before the benchmark goes on.
    """
    sets = page.locator(".ck-test fieldset")
    total, answerable = sets.count(), 0
    for index in range(total):
        group = sets.nth(index)
        for kind in ("radio", "checkbox"):
            choice = group.locator(f"input[type={kind}]")
            if choice.count():
                choice.first.check()
                answerable += 1
                break
        else:
            box = group.locator("input, textarea")
            if box.count():
                box.first.fill("1")
                answerable += 1
    page.locator(".ck-test").get_by_text(f"{answerable} of {total} answered").wait_for()


def _open(browser: Any, server: BenchServer, name: str, token: str) -> tuple[Any, float, float]:
    """Open a page in a fresh context: the context, seconds to interactive, to all shown."""
    path, query = PAGES[name]
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    address = server.page_url(path, token, **query)
    start = time.perf_counter()
    page.goto(address, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    page.locator(READY[name]).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    ready = time.perf_counter() - start
    page.wait_for_load_state("domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    return context, ready, max(ready, time.perf_counter() - start)


def _pool_kind(name: str) -> str:
    return "exercise" if name == "calculator" else name


def measure(server: BenchServer, browser: Any, repeat: int) -> Samples:
    """Open each page ``repeat`` times on ``server``; then time submitting a post-test."""
    samples = Samples()
    _learner_id, token = server.learner(f"Bench {server.mode.title()} Learner")
    server.wait_until_quiet()
    for name in PAGES:
        for _ in range(repeat):
            pooled = server.pools.get(_pool_kind(name), 0) > 0
            before = server.pools_filled()
            context, seconds, shown = _open(browser, server, name, token)
            samples.tti.setdefault(name, []).append(seconds)
            if name == "lesson":
                samples.complete.append(shown)
            time.sleep(1.0)  # let the page settle before reading its kernel's memory
            kernel = kernel_id_in(context.pages[0].content())
            if kernel is not None:
                rss, uss = server.kernel_memory_mb(kernel)
                samples.rss.setdefault(name, []).append(rss)
                samples.uss.setdefault(name, []).append(uss)
            context.close()
            if pooled:
                server.wait_for_refill(before)
            server.wait_until_quiet()
    for _ in range(repeat):
        before = server.pools_filled()
        context, _seconds, _shown = _open(browser, server, "posttest", token)
        page = context.pages[0]
        # Feedback comes from the kernel: time it on the widget, once it has taken
        # over from the page's early copy.
        page.locator(".ck-test-early").wait_for(state="detached", timeout=PAGE_TIMEOUT_MS)
        _answer_everything(page)
        samples.feedback_ms.append(float(page.evaluate(_SUBMIT_AND_TIME)))
        context.close()
        if server.pools.get("posttest", 0) > 0:
            server.wait_for_refill(before)
        server.wait_until_quiet()
    return samples


@contextmanager
def _browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def run(quick: bool, repeat: int | None) -> list[Figure]:
    """Figures for each page: cold and preheated time to interactive, memory, feedback."""
    runs = repeat or (2 if quick else 5)
    measured: dict[str, Samples] = {}
    with _browser() as browser, tempfile.TemporaryDirectory(prefix="caserate-bench-") as tmp:
        for mode in ("baseline", "cold", "preheated"):
            print(f"  {mode}: starting Voila and opening each page {runs} times ...", flush=True)
            with bench_server(mode, Path(tmp) / mode, BENCH_POOLS) as server:
                measured[mode] = measure(server, browser, runs)
    base, cold, hot = measured["baseline"], measured["cold"], measured["preheated"]
    figures = []
    for name in PAGES:
        title = TITLES[name]
        figures.append(
            Figure(
                f"Time to interactive, {title}, cold", "s", cold.tti[name], baseline=base.tti[name]
            )
        )
        figures.append(
            Figure(
                f"Time to interactive, {title}, preheated",
                "s",
                hot.tti[name],
                baseline=base.tti[name],
                target="<= 1.0 s",
            )
        )
        if name == "lesson":
            figures.append(
                Figure(
                    "Whole lesson 1 on screen, preheated", "s", hot.complete, baseline=base.complete
                )
            )
    for name in PAGES:
        if name in cold.rss:
            target = "<= 80 MB" if name in ("home", "posttest") else ""
            figures.append(
                Figure(
                    f"Kernel memory (RSS), {TITLES[name]}",
                    "MB",
                    cold.rss[name],
                    baseline=base.rss.get(name, ()),
                    target=target,
                )
            )
            figures.append(
                Figure(
                    f"Kernel memory (USS, its own), {TITLES[name]}",
                    "MB",
                    cold.uss[name],
                    baseline=base.uss.get(name, ()),
                )
            )
    figures.append(
        Figure(
            "Click to feedback, post-test submitted",
            "ms",
            hot.feedback_ms,
            baseline=base.feedback_ms,
            target="<= 100 ms",
        )
    )
    return figures
