"""The course home: the lessons, the learner's progress, the next step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._ce_hours import format_ce_hours
from caserate_kit.course.certificates._lesson_facts import lesson_facts
from caserate_kit.course.pages import (
    home_page,
)
from caserate_kit.course.pages._home import EXERCISES, _exercises_html, lesson_progress

from .helpers import (
    NO_HUB,
    _heavy_imports,
    address,
    complete,
    shown,
)


def status_of(page, lesson_number: int) -> str:
    rows = shown(page).split("<tr>")[2:]
    row = rows[lesson_number - 1]
    return row.split('<span class="ck-status')[1].split(">")[1].split("<")[0]


def test_a_new_learner_sees_six_lessons_not_started(records, ada):
    """Does a learner who has done nothing see all six lessons as not started?"""
    page = home_page(records, address(ada[1]), NO_HUB)
    assert [status_of(page, n) for n in range(1, 7)] == ["Not started"] * 6


def test_opening_a_lesson_puts_it_in_progress(records, ada):
    """Does a recorded lesson visit make that lesson "in progress"?"""
    records.record_visit(ada[0].id, "lesson-02", "open")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 2) == "In progress"


def test_starting_a_post_test_puts_the_lesson_in_progress(records, ada):
    """Does an unfinished post-test attempt count as progress even without a lesson visit?"""
    records.start_attempt(ada[0].id, "lesson-03", "v1", seed=3)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 3) == "In progress"


def test_passing_the_post_test_marks_the_lesson_passed(records, ada):
    """Is a lesson whose post-test was passed, but not yet evaluated, shown as passed?"""
    complete(records, ada[0].id, "lesson-04", evaluate=False)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 4) == "Passed"


def test_a_completed_lesson_has_its_certificate_ready(records, ada):
    """With the lesson opened, the test passed and the evaluation in, is the certificate ready?"""
    complete(records, ada[0].id, "lesson-05")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 5) == "Certificate ready"


def test_home_shows_time_spent_best_score_and_attempts(records, ada):
    """Does the lesson's row show the time between open and close, the best score and tries?"""
    learner = ada[0].id
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    records.record_visit(learner, "lesson-01", "open", at=start)
    records.record_visit(learner, "lesson-01", "close", at=start + timedelta(minutes=65))
    for score in (0.6, 0.9):
        attempt = records.start_attempt(learner, "lesson-01", "v1", seed=1)
        records.submit_attempt(attempt.id, score, score >= 0.8, {})
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "1 h 5 min" in row
    assert "90%" in row
    assert '<td data-label="Attempts" class="ck-num">2</td>' in row


def test_an_open_lesson_says_its_time_is_counted_after_leaving(records, ada):
    """Is a lesson whose visit is still open shown as "counted after you leave", not "none yet"?"""
    records.record_visit(ada[0].id, "lesson-01", "open")
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "Counted after you leave the lesson" in row


def test_progress_is_computed_per_lesson_in_course_order(records, ada):
    """Does ``lesson_progress`` give one row per lesson, in catalog order?"""
    rows = lesson_progress(records, ada[0].id)
    assert [row.lesson.number for row in rows] == [lesson.number for lesson in LESSONS]


def test_home_table_has_a_caption_and_header_cells(records, ada):
    """Is the lesson table a real table: a caption, column headers and a row header per lesson?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    counts = (html.count("<caption>"), html.count('scope="col"'), html.count('scope="row"'))
    assert counts == (1, 6, 6)


def test_every_course_link_on_home_carries_the_token(records, ada):
    """Does every link to a learner page keep the learner signed in?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    links = [part.split('"')[0] for part in html.split('href="')[1:]]
    learner_links = [link for link in links if "signout" not in link and "trainer" not in link]
    assert learner_links
    assert all(f"token={ada[1]}" in link for link in learner_links)


def test_home_shows_each_lessons_ce_hours(records, ada):
    """Are the CE hours of each lesson, as ``lesson_facts`` computes them, on the home page?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    for lesson in LESSONS:
        hours = lesson_facts(lesson.number).ce_hours
        assert hours is None or format_ce_hours(hours) in html


def test_home_links_to_the_glossary_and_discreetly_to_the_trainer_page(records, ada):
    """Does the home link to the glossary and to trainer.ipynb (without the learner's token)?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert f'href="glossary.ipynb?token={ada[1]}"' in html
    assert 'href="trainer.ipynb"' in html


def test_the_home_page_imports_neither_pandas_nor_matplotlib(tmp_path):
    """Does building the signed-in home page stay clear of pandas and matplotlib?"""
    loaded = _heavy_imports(tmp_path, "home_page", "token={token}")
    assert loaded == {"pandas": False, "matplotlib": False}


# The exercises listed on the home ------------------------------------------------


ROOT = Path(__file__).resolve().parents[3]


def test_every_listed_exercise_exists():
    """Does each exercise on the home page have its notebook?"""
    for page, _title, _lesson in EXERCISES:
        assert (ROOT / "notebooks" / f"{page}.ipynb").exists(), page


def test_every_exercise_notebook_is_listed():
    """Is every exercise notebook offered on the home page?"""
    listed = {page for page, _title, _lesson in EXERCISES}
    found = {path.stem for path in (ROOT / "notebooks").glob("exercise_*.ipynb")}
    assert found == listed


def test_exercise_links_keep_the_learner_signed_in():
    """Do the exercise links carry the learner's session token?"""
    html = _exercises_html("abc.def")
    assert html.count("token=abc.def") == len(EXERCISES)
