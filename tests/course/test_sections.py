"""Lesson sections: the headed cells a post-test result can link back to."""

import json

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._paths import course_root
from caserate_kit.course._sections import lesson_sections, section_anchor


def write(path, cells):
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")


def markdown(cell_id, text):
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": [text]}


def test_a_cell_that_starts_with_a_heading_is_a_section_named_by_its_id(tmp_path):
    """Are ## and ### cells sections (id to heading), and a heading lower in a cell not?"""
    path = tmp_path / "lesson.ipynb"
    write(
        path,
        [
            markdown("title", "# Lesson title"),
            markdown("step-6", "## Step 6: cost per hour\n\nText."),
            markdown("why", "### Why weights?\nText."),
            markdown("later", "Some text first.\n\n## A heading inside"),
            {"cell_type": "code", "id": "code", "metadata": {}, "source": ["## not markdown"]},
        ],
    )
    assert lesson_sections(path) == {"step-6": "Step 6: cost per hour", "why": "Why weights?"}
    assert section_anchor("step-6") == "cell-id=step-6"


def test_a_missing_or_broken_notebook_has_no_sections(tmp_path):
    """Does a missing file, or one that is not a notebook, give no sections (no crash)?"""
    assert lesson_sections(tmp_path / "none.ipynb") == {}
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert lesson_sections(broken) == {}


def test_an_edited_notebook_is_read_again(tmp_path):
    """After the notebook changes, are its new sections found?"""
    path = tmp_path / "lesson.ipynb"
    for cell_id in ("first", "second-one"):
        write(path, [markdown(cell_id, "## Heading")])
        assert list(lesson_sections(path)) == [cell_id]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.notebook)
def test_every_main_heading_of_every_lesson_has_a_readable_stable_id(lesson):
    """Does every cell that starts with a ## heading carry a readable id (not a random one)?"""
    notebook = course_root() / "lessons" / lesson.notebook
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    headed = [
        cell["id"]
        for cell in cells
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("## ")
    ]
    assert headed
    random_looking = [i for i in headed if len(i) == 8 and all(c in "0123456789abcdef" for c in i)]
    assert not random_looking, random_looking
    assert set(headed) <= set(lesson_sections(notebook))
