"""The pages the server writes without a kernel: slots, what can be written, the kept copies."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.records._store import Store
from caserate_kit.course.server import _app, _kernel_free
from caserate_kit.course.server._kernel_free import (
    FOOTER_SLOT,
    FRAME_SLOT,
    MAIN_SLOT,
    SLIDES,
    KernelFreePages,
    can_be_written,
    fill,
    lesson_number,
    source_key,
)

ROOT = Path(__file__).resolve().parents[3]
LESSON_1 = "lessons/01_how_managed_care_decides.ipynb"


def _output(data: dict[str, Any], kind: str = "display_data") -> dict[str, Any]:
    return {"output_type": kind, "data": data, "metadata": {}}


@pytest.mark.parametrize(
    ("path", "number"),
    [
        (LESSON_1, 1),
        ("lessons/06_coordination_and_shared_risk.ipynb", 6),
        ("notebooks/glossary.ipynb", None),
        ("lessons/1_short.ipynb", None),
        ("lessons/01_how_managed_care_decides.ipynb/../x", None),
    ],
)
def test_a_lesson_is_known_by_its_path(path: str, number: int | None) -> None:
    """Is a lesson page told from any other path, with its number read from the name?"""
    assert lesson_number(path) == number


@pytest.mark.parametrize(
    ("outputs", "written"),
    [
        ([], True),
        ([_output({"text/html": "<p>x</p>", "text/plain": "x"})], True),
        ([_output({"image/png": "iVBO", "text/plain": "<Figure>"}, "execute_result")], True),
        ([_output({"text/markdown": "**x**"})], True),
        ([{"output_type": "stream", "name": "stdout", "text": "printed"}], False),
        ([{"output_type": "error", "ename": "E", "evalue": "", "traceback": []}], False),
        ([_output({"application/vnd.jupyter.widget-view+json": {}, "text/plain": "w"})], False),
        ([_output({"image/svg+xml": "<svg/>"})], False),
    ],
)
def test_only_outputs_the_template_writes_itself_can_be_written(
    outputs: list[dict[str, Any]], written: bool
) -> None:
    """Is a cell whose output would need Voila's scripts (a widget, printed text, an error, an
    SVG) refused, so that its lesson stays with Voila rather than show less?"""
    assert can_be_written({"cell_type": "code", "outputs": outputs}) is written


def test_each_slot_is_filled_once_and_the_rest_is_kept() -> None:
    """Does filling replace each marker once, leaving the page around it as it was?"""
    shell = f"<h1>T</h1>{FRAME_SLOT}<p>body</p>{FOOTER_SLOT}<p>{FRAME_SLOT}</p>"
    page = fill(shell, {FRAME_SLOT: "<nav>bar</nav>", FOOTER_SLOT: ""})
    assert page == f"<h1>T</h1><nav>bar</nav><p>body</p><p>{FRAME_SLOT}</p>"


def test_the_key_changes_with_any_file_the_page_is_made_from(tmp_path: Path) -> None:
    """Is a kept page written again when its notebook, the package or a version changes?"""
    first, second = tmp_path / "a.ipynb", tmp_path / "b.py"
    first.write_text("one")
    second.write_text("two")
    key = source_key([first, second], ["voila=0.5"])
    assert key == source_key([second, first], ["voila=0.5"])
    assert key != source_key([first, second], ["voila=0.6"])
    second.write_text("two!")
    assert key != source_key([first, second], ["voila=0.5"])


async def _fake_render(path: str, notebook: Any, template: str | None = None) -> Any:
    yield f"<title>{path}</title>" if template is None else f"<title>{template}: {path}</title>"
    for cell in notebook.cells:
        for output in cell.get("outputs") or ():
            yield output["data"].get("text/html", "")


def test_a_page_with_no_outputs_gets_its_main_slot(tmp_path: Path) -> None:
    """Is the glossary's one cell given the slot its request fills?"""
    pages = KernelFreePages(ROOT, tmp_path, _fake_render)
    asyncio.run(pages._prepare_built("notebooks/glossary.ipynb"))
    assert pages.ready("notebooks/glossary.ipynb")
    assert MAIN_SLOT in pages.shells["notebooks/glossary.ipynb"]
    assert not pages.ready(LESSON_1)


def test_a_kept_page_is_found_by_its_key_and_replaces_older_ones(tmp_path: Path) -> None:
    """Is a written lesson kept under its key, found again by the next start, and an older
    version removed when a new one is kept?"""
    pages = KernelFreePages(ROOT, tmp_path / "kept", _fake_render)
    pages._keep(LESSON_1, "old", "<p>old</p>")
    pages._keep(LESSON_1, "new", "<p>new</p>")
    assert pages._kept(LESSON_1, "new") == "<p>new</p>"
    assert pages._kept(LESSON_1, "old") is None
    assert [p.name for p in (tmp_path / "kept").glob("*.html")] == [
        "01_how_managed_care_decides.new.html"
    ]
    assert KernelFreePages(ROOT, None, _fake_render)._kept(LESSON_1, "new") is None


def test_a_lesson_kept_from_an_earlier_start_is_not_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a server that finds the lesson's page kept under the same key use it as it is?"""
    pages = KernelFreePages(ROOT, tmp_path, _fake_render)
    pages._keep(LESSON_1, "k1", f"<p>kept</p>{FRAME_SLOT}")
    pages._keep(LESSON_1, "k1", f"<p>slides</p>{FRAME_SLOT}", SLIDES)

    async def never(path: str) -> Any:
        raise AssertionError("the lesson was run again")

    monkeypatch.setattr(pages, "_run", never)
    asyncio.run(pages._prepare_lesson(LESSON_1, "k1"))
    assert pages.shells[LESSON_1] == f"<p>kept</p>{FRAME_SLOT}"
    assert pages.slides[LESSON_1] == f"<p>slides</p>{FRAME_SLOT}"


def test_a_lesson_is_run_once_and_written_for_reading_and_for_presenting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is one run of a lesson written twice, for reading and as the presenter's slides, both
    kept for the next start; and is a kept page without its slides (an older start's) run again?
    """
    pages = KernelFreePages(ROOT, tmp_path, _fake_render)
    pages._keep(LESSON_1, "k1", "<p>kept, no slides</p>")
    runs: list[str] = []

    async def run(path: str) -> Any:
        import nbformat

        runs.append(path)
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(outputs=[_output({"text/html": "<p>x</p>"})])]
        return notebook

    monkeypatch.setattr(pages, "_run", run)
    asyncio.run(pages._prepare_lesson(LESSON_1, "k1"))
    assert runs == [LESSON_1]
    assert pages.ready(LESSON_1)
    assert pages.ready(LESSON_1, SLIDES)
    assert not pages.ready(LESSON_1, "lab")
    assert pages.shells[LESSON_1].startswith(f"<title>{LESSON_1}</title>")
    assert pages.slides[LESSON_1].startswith(f"<title>{SLIDES}: {LESSON_1}</title>")
    again = KernelFreePages(ROOT, tmp_path, _fake_render)
    monkeypatch.setattr(again, "_run", run)
    asyncio.run(again._prepare_lesson(LESSON_1, "k1"))
    assert runs == [LESSON_1], "the next start finds both kept"
    assert again.slides[LESSON_1] == pages.slides[LESSON_1]


def test_a_first_start_runs_the_lessons_two_at_a_time_and_writes_every_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a first start, are the six lessons run two at a time (never more), each written?"""
    pages = KernelFreePages(ROOT, tmp_path, _fake_render)
    running: list[str] = []
    most = 0

    async def run(path: str) -> Any:
        nonlocal most
        running.append(path)
        most = max(most, len(running))
        await asyncio.sleep(0.05)
        running.remove(path)
        import nbformat

        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(outputs=[_output({"text/html": path})])]
        return notebook

    monkeypatch.setattr(_kernel_free, "LESSONS_AT_ONCE", 2)
    monkeypatch.setattr(_kernel_free, "_warm", lambda: None)
    monkeypatch.setattr(_kernel_free, "BUILT_PAGES", ())
    monkeypatch.setattr(pages, "_run", run)
    asyncio.run(pages.prepare())
    assert most == 2
    lessons = sorted(
        n.relative_to(ROOT).as_posix() for n in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")
    )
    assert sorted(p for p in pages.shells if lesson_number(p)) == lessons
    assert sorted(pages.slides) == lessons


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    monkeypatch.setenv("CASERATE_DB_URL", url)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    _app.shared_store.cache_clear()
    with Store(url) as store:
        yield store
    _app.shared_store.cache_clear()


VOILA_ENV = {"SERVER_SOFTWARE": "voila/0.5", "VOILA_BASE_URL": "/"}


def test_a_lesson_request_fills_the_frame_for_its_learner_and_records_the_opening(
    records: Store,
) -> None:
    """Does a signed-in learner's request get the top bar with their name, the tracker, the
    lesson id the page reports its closing with, and the footer, with the opening recorded?"""
    learner, token, _code = sign_in(records, "Grace Hopper", email="grace@example.org")
    query = urlencode({"token": token})
    slots = _kernel_free._slots_for(LESSON_1, query, {**VOILA_ENV, "QUERY_STRING": query})
    assert "Grace Hopper" in slots[FRAME_SLOT]
    assert 'data-ck-visit="lesson-01"' in slots[FRAME_SLOT]
    assert "Lesson 1 of 6" in slots[FRAME_SLOT]
    assert "Take the lesson 1 post-test" in slots[FOOTER_SLOT]
    assert token in slots[FOOTER_SLOT]
    assert records.visited(learner.id, "lesson-01")


def test_a_lesson_without_a_learner_has_no_frame_and_records_nothing(records: Store) -> None:
    """Does an anonymous (or wrongly signed) reader get the lesson with no bar, no visit?"""
    for query in ("", urlencode({"token": "s.not-a-session.x"})):
        slots = _kernel_free._slots_for(LESSON_1, query, {**VOILA_ENV, "QUERY_STRING": query})
        assert slots[FRAME_SLOT] == ""
        assert "Back to course home" in slots[FOOTER_SLOT]
    assert not records.all_learners()


def test_the_glossary_is_built_for_the_request(records: Store) -> None:
    """Is the glossary page built with the search of the request's address?"""
    query = urlencode({"q": "case rate"})
    slots = _kernel_free._slots_for("notebooks/glossary.ipynb", query, dict(VOILA_ENV))
    assert "Glossary" in slots[MAIN_SLOT]
    assert "“case rate”" in slots[MAIN_SLOT]
