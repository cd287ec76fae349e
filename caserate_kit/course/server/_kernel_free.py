"""Pages the server writes itself, with no kernel: the lessons, the glossary, certificates.

Voila starts a kernel for every page it shows (about a second and a half,
and 70 to 115 MB for as long as the page is open), which a page with no live
widgets does not need:

- **A lesson** is the same for everyone but its frame (the top bar, the
  tracker and the list of sections) and its footer. The server runs each
  lesson notebook once, writes the page through the course's own template,
  with a slot where the frame and the footer go, and keeps it (in memory and
  in ``pages/`` in the data folder, so that the next start finds it ready).
  Each request fills the slots for its learner and records the opening; the
  page reports its closing (``/lesson-visit``).
- **The glossary, the certificate and the transcript** are built afresh for
  each request, by the same functions that build them in a kernel, in one of
  the server's worker threads.

A lesson is written twice from the one run: for reading, and for a trainer
presenting it (``?template=caserate-slides``, :data:`SLIDES`). A page that is
not ready (its lesson still being run at the server's start) or that asks for
another template or a theme is left to Voila, as before.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import importlib.metadata
import logging
import os
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..records import Store

__all__ = [
    "BUILT_PAGES",
    "FOOTER_SLOT",
    "FRAME_SLOT",
    "LESSON_ROUTE",
    "MAIN_SLOT",
    "SLIDES",
    "KernelFreePages",
    "can_be_written",
    "fill",
    "lesson_number",
    "shared_store",
    "source_key",
]

_log = logging.getLogger("caserate_kit.course.server")

FRAME_SLOT = "<!--ck-slot:frame-->"
FOOTER_SLOT = "<!--ck-slot:footer-->"
MAIN_SLOT = "<!--ck-slot:main-->"
SLIDES = "caserate-slides"
"""The presenter's template: a lesson is also written with it."""
LESSON_ROUTE = r"lessons/\d{2}_[a-z0-9_]+\.ipynb"
"""The lesson pages' paths, as a pattern (no groups) for a route."""
BUILT_PAGES = (
    "notebooks/glossary.ipynb",
    "notebooks/certificate.ipynb",
    "notebooks/transcript.ipynb",
)
"""Pages built for each request without a kernel (no live widgets on them)."""
DRAWN_MIMES = ("text/html", "text/markdown", "image/png", "text/plain")
"""The outputs the course's template writes into the page itself (no script needed)."""
WORKERS = 4
"""Threads that build pages and look learners up, off the server's event loop."""
LESSONS_AT_ONCE = max(1, min(2, os.cpu_count() or 1))
"""Lessons run at the same time at a first start (two on a machine of two cores or more)."""


_lock = threading.Lock()


@cache
def shared_store() -> Store:
    """The records, opened once for the server's life (thread-safe: one engine, pooled)."""
    from ..records import Store

    with _lock:
        return Store()


def lesson_number(path: str) -> int | None:
    """The lesson a page path shows, if it is a lesson.

    >>> lesson_number("lessons/04_setting_case_rates.ipynb")
    4
    >>> lesson_number("notebooks/home.ipynb") is None
    True
    """
    return int(path[8:10]) if re.fullmatch(LESSON_ROUTE, path) else None


def can_be_written(cell: Mapping[str, Any]) -> bool:
    """Whether every output of ``cell`` is one the template writes without a script.

    >>> can_be_written({"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...     "data": {"text/html": "<p>x</p>"}, "metadata": {}}]})
    True
    >>> can_be_written({"cell_type": "code", "outputs": [{"output_type": "stream"}]})
    False
    """
    for output in cell.get("outputs") or ():
        data = output.get("data") or {}
        if output.get("output_type") not in ("display_data", "execute_result"):
            return False
        if "application/vnd.jupyter.widget-view+json" in data:
            return False
        if not any(mime in data for mime in DRAWN_MIMES):
            return False
    return True


def fill(shell: str, slots: Mapping[str, str]) -> str:
    """``shell`` with each slot marker replaced (once) by its HTML.

    >>> fill("<p>a</p><!--ck-slot:frame--><p>b</p>", {FRAME_SLOT: "<nav>n</nav>"})
    '<p>a</p><nav>n</nav><p>b</p>'
    """
    for marker, body in slots.items():
        shell = shell.replace(marker, body, 1)
    return shell


def _slot(marker: str) -> dict[str, Any]:
    return {"output_type": "display_data", "data": {"text/html": marker}, "metadata": {}}


def _calls(cell: Mapping[str, Any], name: str) -> bool:
    return cell.get("cell_type") == "code" and f"{name}(" in "".join(cell.get("source") or "")


def source_key(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A short digest of the files (and strings) a written page depends on."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:20]


def _course_sources(root: Path) -> list[Path]:
    """Everything a lesson's page is made from, besides its notebook."""
    import caserate_kit

    package = Path(caserate_kit.__file__).parent
    folders = [package, root / "quizzes", root / "share" / "jupyter" / "voila" / "templates"]
    found = [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()]
    found += [root / "course.toml"] if (root / "course.toml").is_file() else []
    return [p for p in found if "__pycache__" not in p.parts and p.suffix != ".pyc"]


def _versions() -> list[str]:
    names = ("voila", "nbconvert", "matplotlib", "pandas", "numpy")
    found = []
    for name in names:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return found


@dataclass
class KernelFreePages:
    """The written pages of one server: lessons kept whole, other pages' shells."""

    root: Path
    cache: Path | None
    render: Callable[..., Any]
    """``render(path, notebook, template=None)``: an async iterator of the page's HTML, through
    the course's template (or ``template``)."""
    base_url: str = "/"
    log: logging.Logger = _log
    shells: dict[str, str] = field(default_factory=dict)
    slides: dict[str, str] = field(default_factory=dict)
    """Each written lesson as the presenter shows it (:data:`SLIDES`)."""
    running: set[asyncio.subprocess.Process] = field(default_factory=set)
    """The lessons being run now (each in a process of its own)."""
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(WORKERS, thread_name_prefix="ck-page")
    )

    def ready(self, path: str, template: str | None = None) -> bool:
        """Whether ``path`` (in ``template``, by default the course's) can be answered without
        a kernel now."""
        if template is None:
            return path in self.shells
        return template == SLIDES and path in self.slides

    async def prepare(self) -> None:
        """Write every page (each lesson run once, unless kept from an earlier start)."""
        sources = _course_sources(self.root)
        common = source_key(sources, [self.base_url, *_versions()])
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.executor, _warm)
        for path in BUILT_PAGES:
            await self._prepare_built(path)
        started = time.monotonic()
        at_once = asyncio.Semaphore(LESSONS_AT_ONCE)

        async def prepare_lesson(notebook: Path) -> None:
            path = notebook.relative_to(self.root).as_posix()
            async with at_once:
                try:
                    await self._prepare_lesson(path, source_key([notebook], [common]))
                except Exception:
                    self.log.exception("Voila will show %s (it could not be written)", path)

        lessons = sorted((self.root / "lessons").glob("[0-9][0-9]_*.ipynb"))
        await asyncio.gather(*map(prepare_lesson, lessons))
        written = sum(lesson_number(path) is not None for path in self.shells)
        self.log.info(
            "%d lessons are ready to read without a kernel (in %.1f s)",
            written,
            time.monotonic() - started,
        )

    async def _prepare_built(self, path: str) -> None:
        import nbformat

        notebook = nbformat.read(self.root / path, as_version=4)  # type: ignore[no-untyped-call]
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = [_slot(MAIN_SLOT)] if not cell.get("outputs") else cell.outputs
                break
        self.shells[path] = await self._write(path, notebook)

    async def _prepare_lesson(self, path: str, key: str) -> None:
        async with _one_writer(self.cache, path):  # another server may be writing it now
            kept, kept_slides = self._kept(path, key), self._kept(path, key, SLIDES)
            if kept is not None and kept_slides is not None:
                self.shells[path], self.slides[path] = kept, kept_slides
                return
            notebook = await self._run(path)
            shell = _with_glossary_links(self.root, await self._write(path, notebook))
            slides = _with_glossary_links(self.root, await self._write(path, notebook, SLIDES))
            self.shells[path], self.slides[path] = shell, slides
            self._keep(path, key, shell)
            self._keep(path, key, slides, SLIDES)

    async def _run(self, path: str) -> Any:
        """The lesson notebook, run once outside Voila (no frame, no learner).

        It runs in a process of its own (:func:`run_notebook`), which owns the
        kernel and its signals: the server's Ctrl+C and SIGTERM stay the server's.
        """
        import tempfile

        import nbformat

        env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILA_", "SERVER_"))}
        with tempfile.TemporaryDirectory(prefix="caserate-lesson-") as folder:
            out = Path(folder) / "run.ipynb"
            command = [sys.executable, "-m", __name__, str(self.root / path), str(out)]
            running = await asyncio.create_subprocess_exec(
                *command,
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            self.running.add(running)
            try:
                _, said = await running.communicate()
            finally:
                self.running.discard(running)
            if running.returncode != 0:
                last = said.decode(errors="replace").strip().splitlines()[-1:] or [""]
                raise RuntimeError(f"running {path} failed: {last[0]}")
            notebook = nbformat.read(out, as_version=4)  # type: ignore[no-untyped-call]
        for cell in notebook.cells:
            if _calls(cell, "lesson_frame"):
                cell.outputs = [_slot(FRAME_SLOT)]
            elif _calls(cell, "lesson_footer"):
                cell.outputs = [_slot(FOOTER_SLOT)]
            elif not can_be_written(cell):
                raise ValueError(f"a cell of {path} shows an output that needs a kernel")
        return notebook

    def stop(self) -> None:
        """Stop the lessons being run (the server is stopping)."""
        for running in list(self.running):
            if running.returncode is None:
                running.terminate()

    async def _write(self, path: str, notebook: Any, template: str | None = None) -> str:
        written = self.render(path, copy.deepcopy(notebook), template=template)
        return "".join([part async for part in written])

    def _file(self, path: str, key: str, template: str = "") -> Path | None:
        if self.cache is None:
            return None
        return self.cache / f"{_kept_name(path, template)}.{key}.html"

    def _kept(self, path: str, key: str, template: str = "") -> str | None:
        kept = self._file(path, key, template)
        try:
            return kept.read_text(encoding="utf-8") if kept else None
        except OSError:
            return None

    def _keep(self, path: str, key: str, shell: str, template: str = "") -> None:
        kept = self._file(path, key, template)
        if kept is None:
            return
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            for old in kept.parent.glob(f"{_kept_name(path, template)}.*.html"):  # older
                old.unlink(missing_ok=True)
            partial = kept.with_suffix(".part")
            partial.write_text(shell, encoding="utf-8")
            partial.replace(kept)
        except OSError:  # kept for this run only; the next start writes it again
            self.log.warning("Could not keep the written page of %s in %s", path, kept.parent)

    async def page(
        self,
        path: str,
        query_string: str,
        environ: Mapping[str, str],
        template: str | None = None,
    ) -> str:
        """The page at ``path`` for this request (``ready(path, template)`` must be true)."""
        loop = asyncio.get_running_loop()
        slots = await loop.run_in_executor(
            self.executor, _slots_for, path, query_string, dict(environ)
        )
        return fill((self.shells if template is None else self.slides)[path], slots)


def _kept_name(path: str, template: str) -> str:
    """A kept page's file name before its key: the notebook's, and the template's if not ours."""
    return f"{Path(path).stem}-{template}" if template else Path(path).stem


def _with_glossary_links(root: Path, shell: str) -> str:
    """A lesson's page with the first use of each glossary term linked to its entry."""
    from .._glossary import link_terms, load_glossary

    terms = load_glossary(root / "lessons" / "glossary")
    return link_terms(shell, terms, "../notebooks/glossary.ipynb")


@asynccontextmanager
async def _one_writer(cache: Path | None, path: str) -> AsyncIterator[None]:
    """Hold the lock of ``path``'s page in ``cache`` (servers sharing a cache write it once)."""
    try:
        import fcntl
    except ImportError:  # no file locks here (Windows): each server writes its own
        fcntl = None  # type: ignore[assignment]
    if cache is None or fcntl is None:
        yield
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        lock = (cache / f"{Path(path).stem}.lock").open("a")
    except OSError:
        yield
        return
    with lock:
        await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _warm() -> None:
    """Import what the pages need, open the records and load the certificate's fonts, before
    the first learner asks (the first certificate would otherwise take a second longer)."""
    from datetime import date

    from ..certificates import CertificateData, render_certificate_pdf
    from ..pages import certificate_page, glossary_page, transcript_page  # noqa: F401
    from ..pages._lesson import frame_html  # noqa: F401

    shared_store()
    sample = CertificateData(
        learner_name="Warm Up",
        course_title="Warm up",
        completion_date=date.today(),
        ce_hours=1.0,
        format="home study",
        provider_name="Provider",
        provider_number="P-1",
        approval_statement="Approved.",
        signatory_name="Signatory",
        signatory_title="Title",
        verification_code="CRK-0000-0000-0000-0000",
        sample=True,
    )
    render_certificate_pdf(sample)


def _slots_for(path: str, query_string: str, environ: dict[str, str]) -> dict[str, str]:
    """What fills the page's slots for this request (run in a worker thread)."""
    from ..pages import certificate_page, glossary_page, transcript_page
    from ..pages._frame import Records
    from ..pages._lesson import frame_html, lesson_footer

    number = lesson_number(path)
    if number is not None:
        records = Records(shared_store())
        found = frame_html(number, records, query_string, environ, closes_by_page=True)
        footer = lesson_footer(number, environ, query_string)
        return {
            FRAME_SLOT: found[0] if found else "",
            FOOTER_SLOT: footer.html if footer else "",
        }
    builders: dict[str, Callable[..., Any]] = {
        "notebooks/glossary.ipynb": glossary_page,
        "notebooks/certificate.ipynb": certificate_page,
        "notebooks/transcript.ipynb": transcript_page,
    }
    shown = builders[path](store=shared_store(), query_string=query_string, environ=environ)
    return {MAIN_SLOT: shown._repr_html_()}


def run_notebook(source: Path, out: Path) -> None:
    """Run the notebook ``source`` in a kernel and write it, with its outputs, to ``out``."""
    import nbformat
    from nbclient import NotebookClient

    from ._pools import CELL_TIMEOUT_SECONDS

    notebook = nbformat.read(source, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(source.parent)}},
    )
    client.execute()
    nbformat.write(notebook, out)  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    run_notebook(Path(sys.argv[1]), Path(sys.argv[2]))
