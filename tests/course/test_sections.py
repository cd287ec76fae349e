"""Anchored lesson headings: what a post-test result can link back to."""

import json

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._paths import course_root
from caserate_kit.course._sections import heading_anchors, lesson_sections


def test_an_anchor_in_a_heading_is_found_with_the_heading_text():
    """Is `## Title <a id="x"></a>` read as anchor x, heading "Title"?"""
    text = '# Lesson\n## Step 6: cost per hour <a id="step-6"></a>\nSome <a id="no"></a> text'
    assert heading_anchors(text) == {"step-6": "Step 6: cost per hour"}


def test_a_missing_or_broken_notebook_has_no_sections(tmp_path):
    """Does a missing file, or one that is not a notebook, give no sections (no crash)?"""
    assert lesson_sections(tmp_path / "none.ipynb") == {}
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert lesson_sections(broken) == {}


def test_an_edited_notebook_is_read_again(tmp_path):
    """After the notebook changes, are its new anchors found?"""
    path = tmp_path / "lesson.ipynb"
    for anchor in ("first", "second-one"):
        cell = {"cell_type": "markdown", "source": [f'## Heading <a id="{anchor}"></a>']}
        path.write_text(json.dumps({"cells": [cell]}))
        assert list(lesson_sections(path)) == [anchor]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.notebook)
def test_every_lesson_anchors_its_main_headings(lesson):
    """Does every second-level heading of every lesson carry a stable anchor?"""
    notebook = course_root() / "lessons" / lesson.notebook
    cells = json.loads(notebook.read_text())["cells"]
    headings = [
        line
        for cell in cells
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("## ")
    ]
    assert headings
    assert all("<a id=" in line for line in headings), headings
    sections = lesson_sections(notebook)
    assert len(set(sections)) == len(sections) >= len(headings)
