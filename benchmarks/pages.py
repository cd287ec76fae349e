"""Time to interactive of every page, kernel memory, and click-to-feedback.

Two servers are measured in the same run: Voila's defaults (``baseline``: no
preheated kernels, every module imported up front in each kernel) and the
course's own server as ``make serve`` starts it (``defaults``, see
:mod:`.course`). Signed-in learners open every page of the course in turn, each
load in a fresh browser context (nothing cached: a learner's first visit), and
the round is repeated; between loads the server is left to fall quiet, as it
would between learners, and to refill the pool a page took its kernel from. Time to
interactive runs from the start of navigation
until the page's main control can be used (:data:`READY`): a lesson's links, a
post-test's first answer, an exercise's or a form's first field, the
certificate's download link. After each load the page's kernel's memory is
read, if the page has one. Click to feedback is timed inside the page: from the
click on "Submit answers" to the result on screen. Last, a class of 30 opens
lesson 1 at once, and the memory that adds to the server and its kernels is
set beside what the post-test pool holds while it waits.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import sync_playwright

from .browser import CHROMIUM_ARGS, chromium_path
from .browser import READY as BROWSER_READY
from .course import BenchServer, bench_server, kernel_id_in
from .stats import Figure

__all__ = ["PAGES", "READY", "run"]

PAGE_TIMEOUT_MS = 180_000
PASSCODE = "bench-trainer-passcode-2026"
CLASS_SIZE = 30
CLASS_DEADLINE_SECONDS = 240
CONTROL = ":is(input, select, textarea, button):enabled"
POSTTEST = BROWSER_READY["posttest"]


@dataclass(frozen=True)
class Page:
    """A page to open: its address (for a learner), what shows it is usable, its title."""

    title: str
    address: Callable[[BenchServer, Learners], str]
    ready: str
    pool: str = ""
    """The kind of pool that keeps a kernel waiting for this page (none: "")."""
    course_only: bool = False
    """A route of the course's own server, which Voila alone does not have."""


@dataclass(frozen=True)
class Learners:
    """Who opens the pages: a new learner, one who passed lesson 1, one certified in it."""

    new: str
    passed: str
    certified: str
    code: str


def _render(path: str, who: str = "new", **query: str) -> Callable[[BenchServer, Learners], str]:
    def address(server: BenchServer, learners: Learners) -> str:
        return server.page_url(path, getattr(learners, who), **query)

    return address


EXERCISES = {
    "calculator": ("exercise_01_case_rate_calculator", "case-rate calculator"),
    "balancer": ("exercise_02_budget_balancer", "budget balancer"),
    "reserve": ("exercise_03_risk_reserve", "risk reserve simulator"),
    "authorization": ("exercise_04_authorization_tracker", "authorization tracker"),
    "chart-notes": ("exercise_05_chart_note_review", "chart-note review"),
    "level-of-care": ("exercise_06_level_of_care_practice", "level-of-care practice"),
    "treat-to-target": ("exercise_07_treat_to_target", "treat to target"),
}
PAGES: dict[str, Page] = {
    "home": Page("course home", _render("notebooks/home"), "table a", "home"),
    "lesson": Page(
        "lesson 1",
        _render("lessons/01_how_managed_care_decides"),
        "nav[aria-label='Course'] a",
    ),
    "lesson-5": Page(
        "lesson 5 (the longest)",
        _render("lessons/05_managing_under_case_rates"),
        "nav[aria-label='Course'] a",
    ),
    "posttest": Page(
        "post-test", _render("notebooks/posttest", quiz="lesson-01"), POSTTEST, "posttest"
    ),
    **{
        name: Page(title, _render(f"notebooks/{notebook}"), f".ck-early-root {CONTROL}", "exercise")
        for name, (notebook, title) in EXERCISES.items()
    },
    "evaluation": Page(
        "evaluation",
        _render("notebooks/evaluation", "passed", course="lesson-01"),
        ".ck-early-root .ck-form input:enabled",
        "forms",
    ),
    "certificate": Page(
        "certificate",
        _render("notebooks/certificate", "certified", course="lesson-01"),
        "a[download]",
    ),
    "transcript": Page("transcript", _render("notebooks/transcript", "certified"), "a[download]"),
    "details": Page(
        "your details",
        _render("notebooks/details"),
        ".ck-early-root .ck-form input:enabled",
        "forms",
    ),
    "glossary": Page("glossary", _render("notebooks/glossary"), "input[type=search]"),
    "trainer": Page(
        "trainer dashboard",
        lambda server, _learners: server.page_url("notebooks/trainer"),
        ".ck-early-root input[type=password]:enabled",
        "forms",
    ),
    "verify": Page(
        "public verify page",
        lambda server, learners: f"{server.url}verify?code={learners.code}",
        "dl",
        course_only=True,
    ),
}
READY = {name: page.ready for name, page in PAGES.items()}
"""For each page, what must be visible (and enabled) before a learner can act on it."""
MEMORY_PAGES = ("home", "posttest", "lesson", "calculator", "evaluation")
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
    """What one server measured."""

    tti: dict[str, list[float]] = field(default_factory=dict)
    kernels: dict[str, list[float]] = field(default_factory=dict)
    rss: dict[str, list[float]] = field(default_factory=dict)
    uss: dict[str, list[float]] = field(default_factory=dict)
    feedback_ms: list[float] = field(default_factory=list)
    class_lesson_mb: list[float] = field(default_factory=list)
    class_arrived: int = 0


def _learners(server: BenchServer) -> Learners:
    """Sign in the three learners, with the records each needs, and set a trainer passcode."""
    from caserate_kit.course._passcode import set_trainer_passcode
    from caserate_kit.course._secrets import load_or_create_secret
    from caserate_kit.course.certificates._completion import issue_certificate

    store = server.store
    ids = {}
    tokens = {}
    for who in ("new", "passed", "certified"):
        ids[who], tokens[who] = server.learner(f"Bench {server.mode.title()} {who.title()}")
    for who in ("passed", "certified"):
        store.record_visit(ids[who], "lesson-01", "open")
        attempt = store.start_attempt(ids[who], "lesson-01", "v1", seed=1)
        store.submit_attempt(attempt.id, 1.0, True, {})
    store.record_evaluation(ids["certified"], "lesson-01", True, 4, {"content": 4})
    secret = load_or_create_secret(server.data_dir / "secret.key")  # the server's own
    code = issue_certificate(store, ids["certified"], "lesson-01", secret=secret).code
    set_trainer_passcode(PASSCODE, server.data_dir / "trainer-passcode")
    return Learners(tokens["new"], tokens["passed"], tokens["certified"], code)


def _answer_everything(page: Any) -> None:
    """Give an answer to each question (the first choice, or 1), as a hurried learner would."""
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


def _open(browser: Any, address: str, ready: str) -> tuple[Any, float]:
    """Open ``address`` in a fresh context: the context, and seconds until ``ready`` shows."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    start = time.perf_counter()
    page.goto(address, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    return context, time.perf_counter() - start


def _all_memory_mb(server: BenchServer) -> float:
    """The server's and all its kernels' own memory (USS), in MB."""
    total = 0.0
    root = psutil.Process(server.process.pid)
    for process in (root, *root.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().uss / 1e6
    return total


def _class_opens_a_lesson(server: BenchServer) -> tuple[float, int]:
    """Memory (MB) added once a class of 30 has opened lesson 1 at once (and stays on it),
    and how many of the 30 pages arrived whole within :data:`CLASS_DEADLINE_SECONDS`."""
    tokens = [server.learner(f"Class {server.mode} {n}")[1] for n in range(CLASS_SIZE)]
    server.wait_until_quiet()
    before = _all_memory_mb(server)

    def read(token: str) -> bool:
        """Whether the whole page arrived (Voila may keep a failed page open for ever, sending
        a heartbeat now and then: read what has come, never wait for a full buffer)."""
        address = server.page_url("lessons/01_how_managed_care_decides", token)
        deadline = time.monotonic() + CLASS_DEADLINE_SECONDS
        try:
            with urllib.request.urlopen(address, timeout=60) as answer:
                while time.monotonic() < deadline:
                    if not answer.read1(1 << 16):
                        return True
        except OSError:  # refused, or nothing more for a minute
            return False
        return False

    with ThreadPoolExecutor(CLASS_SIZE) as pool:
        arrived = sum(pool.map(read, tokens))
    server.wait_until_quiet(timeout=600)
    return _all_memory_mb(server) - before, arrived


def measure(server: BenchServer, browser: Any, repeat: int) -> Samples:
    """Open every page ``repeat`` times on ``server``; time submitting a post-test; a class."""
    samples = Samples()
    learners = _learners(server)
    server.wait_until_quiet()
    for _ in range(repeat):
        for name, page in PAGES.items():
            if page.course_only and server.mode == "baseline":
                continue
            server.wait_until_quiet()
            pooled = server.pools.get(page.pool, 0) > 0
            before = server.pools_filled()
            context, seconds = _open(browser, page.address(server, learners), page.ready)
            samples.tti.setdefault(name, []).append(seconds)
            time.sleep(1.0)  # let the page settle before reading its kernel's memory
            kernel = kernel_id_in(context.pages[0].content())
            samples.kernels.setdefault(name, []).append(0.0 if kernel is None else 1.0)
            if kernel is not None and name in MEMORY_PAGES:
                rss, uss = server.kernel_memory_mb(kernel)
                samples.rss.setdefault(name, []).append(rss)
                samples.uss.setdefault(name, []).append(uss)
            context.close()
            if pooled:  # the server refills its pool, as it would between learners
                server.wait_for_refill(before)
    for _ in range(repeat):
        server.wait_until_quiet()
        before = server.pools_filled()
        context, _seconds = _open(browser, PAGES["posttest"].address(server, learners), "h1")
        page = context.pages[0]
        # Feedback comes from the kernel: time it on the widget, once it has taken
        # over from the page's early copy.
        page.locator(".ck-test-early").wait_for(state="detached", timeout=PAGE_TIMEOUT_MS)
        _answer_everything(page)
        samples.feedback_ms.append(float(page.evaluate(_SUBMIT_AND_TIME)))
        context.close()
        if server.pools.get("posttest", 0) > 0:
            server.wait_for_refill(before)
    added, samples.class_arrived = _class_opens_a_lesson(server)
    samples.class_lesson_mb.append(added)
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
    """Figures for each page at the defaults, against Voila's defaults; memory; feedback."""
    runs = repeat or (2 if quick else 8)
    measured: dict[str, Samples] = {}
    with _browser() as browser, tempfile.TemporaryDirectory(prefix="caserate-bench-") as tmp:
        for mode in ("baseline", "defaults"):
            print(f"  {mode}: opening each of {len(PAGES)} pages {runs} times ...", flush=True)
            with bench_server(mode, Path(tmp) / mode) as server:
                measured[mode] = measure(server, browser, runs)
    base, ours = measured["baseline"], measured["defaults"]
    figures = [
        Figure(
            f"Time to interactive, {page.title}",
            "s",
            ours.tti[name],
            baseline=base.tti.get(name, ()),
            target="p95 <= 1.0 s",
        )
        for name, page in PAGES.items()
    ]
    figures += [
        Figure(
            f"Kernels a view takes, {page.title}",
            "n",
            ours.kernels[name],
            baseline=base.kernels[name],
        )
        for name, page in PAGES.items()
        if name in ("lesson", "glossary", "certificate", "transcript")
    ]
    for name in MEMORY_PAGES:
        if name in ours.uss:
            figures.append(
                Figure(
                    f"Kernel memory (RSS), {PAGES[name].title}",
                    "MB",
                    ours.rss[name],
                    baseline=base.rss.get(name, ()),
                )
            )
            figures.append(
                Figure(
                    f"Kernel memory (USS, its own), {PAGES[name].title}",
                    "MB",
                    ours.uss[name],
                    baseline=base.uss.get(name, ()),
                )
            )
    figures.append(
        Figure(
            "Memory added by 30 learners opening lesson 1 at once",
            "MB",
            ours.class_lesson_mb,
            baseline=base.class_lesson_mb,
            target="<= post-test pool",
            note=(
                f"pages arrived whole: {ours.class_arrived} of {CLASS_SIZE} "
                f"(baseline: {base.class_arrived} of {CLASS_SIZE}, {CLASS_DEADLINE_SECONDS} s)"
            ),
        )
    )
    from caserate_kit.course.server._pools import DEFAULT_POOLS

    size = DEFAULT_POOLS["posttest"]
    pool = [size * uss for uss in ours.uss.get("posttest", ())]
    figures.append(Figure(f"Post-test pool waiting ({size} kernels, USS)", "MB", pool))
    figures.append(
        Figure(
            "Click to feedback, post-test submitted",
            "ms",
            ours.feedback_ms,
            baseline=base.feedback_ms,
            target="<= 100 ms",
        )
    )
    return figures
