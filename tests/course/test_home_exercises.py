"""The course home's list of practice exercises."""

from pathlib import Path

from caserate_kit.course.pages._home import EXERCISES, _exercises_html

ROOT = Path(__file__).resolve().parents[2]


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
