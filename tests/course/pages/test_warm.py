"""A pooled page made ready before its learner arrives."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.pages._warm import WARM_MODULES, when_requested
from caserate_kit.course.records._store import Store


def test_outside_a_pool_nothing_waits_or_opens(tmp_path, monkeypatch):
    """Does a page started for one request (or by a test) go straight on, opening no records?"""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    assert when_requested("home", {}) is None
    assert when_requested("posttest", {"VOILA_PREHEAT": "False"}) is None
    assert not (tmp_path / "data").exists()


def test_a_pooled_trainer_page_imports_the_dashboard_but_opens_no_records(tmp_path):
    """Does a pooled trainer kernel import the dashboard (0.7 s) before its trainer comes,
    yet leave the records closed, as a locked dashboard does? (In a fresh process.)"""
    script = (
        "import os, sys\n"
        "from caserate_kit.course.pages import _warm\n"
        "_warm.wait_for_request_if_preheated = lambda env: print('waited')\n"
        "print(_warm.when_requested('trainer', {'VOILA_PREHEAT': 'True'}))\n"
        "print('caserate_kit.course.pages._dashboard' in sys.modules)\n"
    )
    env = {**os.environ, "CASERATE_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.stdout.split() == ["waited", "None", "True"]
    assert not (tmp_path / "data").exists()


def test_an_unknown_page_is_named():
    pooled = "details, evaluation, exercise, home, lesson, posttest, trainer"
    expected = rf"page is not a pooled page \(pooled: {pooled}\); got 'lesson-01'"
    with pytest.raises(InvalidInputError, match=expected):
        when_requested("lesson-01", {})


def test_the_warm_up_modules_exist():
    """Can every module a pooled kernel imports ahead be imported (in a fresh process)?"""
    names = sorted({name for names in WARM_MODULES.values() for name in names})
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name, 'caserate_kit.course.pages')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_a_pooled_post_test_reads_every_bank_before_its_learner_arrives(tmp_path):
    """After warming and opening SQLite records, has a post-test kernel every bank read,
    and neither the PostgreSQL dialect (2 MB) nor SQLAlchemy's ORM (6 MB) loaded?"""
    url = f"sqlite:///{tmp_path / 'records.db'}"
    Store(url).close()  # as `caserate-course serve` does before any kernel starts
    script = (
        "import sys\n"
        "from caserate_kit.course.pages._warm import warm\n"
        "from caserate_kit.course.quiz import _loader\n"
        "from caserate_kit.course.records._store import Store\n"
        "warm('posttest')\n"
        f"store = Store({url!r})\n"
        "store.start_attempt(store.add_learner('Ada Lovelace', 'ada@example.org').id,"
        " 'lesson-01', 'v1', 7)\n"
        "print(_loader._load_version.cache_info().currsize,"
        " 'sqlalchemy.dialects.postgresql' in sys.modules, 'sqlalchemy.orm' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, timeout=120, capture_output=True, text=True
    )
    banks, postgresql, orm = done.stdout.split()
    assert int(banks) == 6, "one bank per lesson"
    assert (postgresql, orm) == ("False", "False")


def test_a_pooled_page_warmed_while_the_database_was_down_opens_the_records_later(tmp_path):
    """With the records unreachable while a pooled post-test kernel warms, does it still wait
    for its learner and hand the page no store (so the page opens the records then), instead
    of failing its first cell (which Voila would show as its raw error page)?"""
    script = (
        "from caserate_kit.course.pages import _warm\n"
        "_warm.wait_for_request_if_preheated = lambda env: print('waited')\n"
        "print(_warm.when_requested('posttest', {'VOILA_PREHEAT': 'True'}))\n"
    )
    env = {
        **os.environ,
        "CASERATE_DATA_DIR": str(tmp_path / "data"),
        "CASERATE_DB_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], timeout=120, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["waited", "None"]
    assert "could not get ready" in done.stderr
