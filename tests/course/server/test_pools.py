"""The server's pools of preheated kernels and its time limit per cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.server._pools import (
    CELL_TIMEOUT_SECONDS,
    DEFAULT_POOLS,
    WAITS_TAG,
    cell_timeout,
    kernel_pools,
    pool_size,
    refill_delay,
)
from caserate_kit.course.server._serve import pool_environment

ROOT = Path(__file__).resolve().parents[3]


def _cells(page: str) -> list[dict[str, object]]:
    notebook = json.loads((ROOT / "notebooks" / f"{page}.ipynb").read_text())
    cells: list[dict[str, object]] = notebook["cells"]
    return cells


POOLED_PAGES = [
    *((page, page) for page in ("home", "posttest", "evaluation", "details", "trainer")),
    *((n.stem, "exercise") for n in sorted((ROOT / "notebooks").glob("exercise_*.ipynb"))),
]


@pytest.mark.parametrize(("page", "warmed_as"), POOLED_PAGES, ids=[p for p, _ in POOLED_PAGES])
def test_a_pooled_page_waits_in_its_own_tagged_first_cell(page, warmed_as):
    """Does each pooled notebook wait in a first cell of its own, tagged to have no time limit,
    having imported what its page needs and opened the records (``when_requested``)?"""
    first, *rest = _cells(page)
    assert WAITS_TAG in first["metadata"]["tags"]  # type: ignore[index]
    assert f'when_requested("{warmed_as}")' in "".join(first["source"])  # type: ignore[arg-type]
    assert cell_timeout(first) is None
    assert rest, "the page is built in a later cell, which has the time limit"
    assert all(cell_timeout(cell) == CELL_TIMEOUT_SECONDS for cell in rest)


def test_every_page_with_live_widgets_has_a_kernel_waiting_by_default():
    """Does every page with live widgets (home, post-test, each exercise, evaluation, details,
    trainer) get a pool by default, the pages the server writes none, and the pool
    configuration name only notebooks of the course?"""
    pools = kernel_pools({}, ROOT)
    assert pools.pop("default") == {"pool_size": 0}
    assert all((ROOT / notebook).is_file() for notebook in pools)
    assert pools["notebooks/home.ipynb"] == {"pool_size": DEFAULT_POOLS["home"]}
    assert pools["notebooks/posttest.ipynb"] == {"pool_size": DEFAULT_POOLS["posttest"]}
    live = {"evaluation", "details", "trainer"} | {
        n.stem for n in (ROOT / "notebooks").glob("exercise_*.ipynb")
    }
    assert {Path(n).stem for n in pools} == {"home", "posttest"} | live
    assert all(pools[f"notebooks/{name}.ipynb"] == {"pool_size": 1} for name in live)
    written = ("glossary", "certificate", "transcript")
    assert not any(n.startswith("lessons/") or Path(n).stem in written for n in pools)


def test_lessons_and_exercises_can_be_pooled_each_in_its_own_pool():
    """With lesson and exercise pools set, does every lesson and exercise get one?"""
    pools = kernel_pools({"CASERATE_LESSON_POOL": "1", "CASERATE_EXERCISE_POOL": "2"}, ROOT)
    lessons = [name for name in pools if name.startswith("lessons/")]
    exercises = [name for name in pools if name.startswith("notebooks/exercise_")]
    assert len(lessons) == 6
    assert len(exercises) == 7
    assert {pools[name]["pool_size"] for name in lessons} == {1}
    assert {pools[name]["pool_size"] for name in exercises} == {2}


@pytest.mark.parametrize(
    ("notebook", "first"),
    [
        *(
            (lesson, "lesson_frame(")
            for lesson in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
        ),
        *((page, "course_bar(") for page in sorted((ROOT / "notebooks").glob("exercise_*.ipynb"))),
    ],
    ids=lambda value: value.stem if hasattr(value, "stem") else None,
)
def test_a_lesson_or_exercise_waits_in_its_first_cell_the_frame(notebook, first):
    """Does a pooled lesson (or exercise) wait for its learner in its first cell, the one that
    draws its frame, with no time limit there and the usual limit everywhere else?"""
    cells = json.loads(notebook.read_text())["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert first in "".join(code[0]["source"])
    assert cell_timeout(code[0]) is None
    assert all(cell_timeout(cell) == CELL_TIMEOUT_SECONDS for cell in code[1:])


def test_pool_sizes_come_from_the_environment():
    env = {"CASERATE_HOME_POOL": "5", "CASERATE_POSTTEST_POOL": " 0 "}
    assert pool_size("home", env) == 5
    assert pool_size("posttest", env) == 0


@pytest.mark.parametrize("raw", ["many", "-1", "2.5", "201"])
def test_a_bad_pool_size_names_the_variable_and_value(raw):
    with pytest.raises(InvalidInputError) as refused:
        pool_size("posttest", {"CASERATE_POSTTEST_POOL": raw})
    assert refused.value.field == "CASERATE_POSTTEST_POOL"
    assert raw in str(refused.value)


def test_a_class_size_pools_a_post_test_kernel_per_learner():
    env = pool_environment(30, {"HOME": "/root"})
    assert (pool_size("posttest", env), pool_size("home", env)) == (30, 15)
    assert refill_delay(env) == 60, "a class's pools refill after the class has arrived"
    assert pool_environment(None, {"HOME": "/root"}) == {"HOME": "/root"}


def test_a_taken_kernel_is_replaced_after_a_short_delay():
    assert refill_delay({}) == 5
    assert refill_delay({"CASERATE_POOL_REFILL_SECONDS": " 0 "}) == 0


@pytest.mark.parametrize("raw", ["-1", "soon", "2.5", "3601"])
def test_a_bad_refill_delay_names_the_variable_and_value(raw):
    with pytest.raises(InvalidInputError) as refused:
        refill_delay({"CASERATE_POOL_REFILL_SECONDS": raw})
    assert refused.value.field == "CASERATE_POOL_REFILL_SECONDS"
    assert raw in str(refused.value)


def test_the_voila_configuration_uses_the_pools_and_the_time_limit(monkeypatch):
    """Does etc/jupyter/voila.py strip sources, cull idle kernels and preheat the pools?"""
    monkeypatch.setenv("CASERATE_POSTTEST_POOL", "7")
    monkeypatch.setenv("CASERATE_POOL_REFILL_SECONDS", "12")
    loader = PyFileConfigLoader("voila.py", path=str(ROOT / "etc" / "jupyter"))
    config = loader.load_config()
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.template == "caserate"
    assert config.VoilaConfiguration.preheat_kernel is True
    assert config.VoilaExecutor.timeout_func is cell_timeout
    assert config.MappingKernelManager.cull_idle_timeout == 300
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["notebooks/posttest.ipynb"] == {"pool_size": 7}
    assert config.VoilaKernelManager.fill_delay == 12
