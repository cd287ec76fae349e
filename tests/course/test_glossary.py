"""The course glossary gathered from the lessons' glossary files."""

from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course._glossary import glossary_html, load_glossary

ROOT = Path(__file__).resolve().parents[2]


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_terms_are_gathered_and_sorted(tmp_path):
    """Are terms from two lessons merged into one alphabetical list?"""
    write(tmp_path, "lesson-02.yaml", "- term: Recoupment\n  definition: Paying money back.\n")
    write(tmp_path, "lesson-01.yaml", "- term: Medical necessity\n  definition: Needed care.\n")
    terms = load_glossary(tmp_path)
    assert [(t.term, t.lesson) for t in terms] == [("Medical necessity", 1), ("Recoupment", 2)]


def test_a_term_defined_twice_names_both_lessons(tmp_path):
    """Does a term defined in two lessons say where?"""
    write(tmp_path, "lesson-01.yaml", "- term: Case rate\n  definition: One.\n")
    write(tmp_path, "lesson-03.yaml", "- term: case rate\n  definition: Two.\n")
    with pytest.raises(ck.MismatchError, match="lesson 1 and again in lesson 3"):
        load_glossary(tmp_path)


def test_an_entry_without_a_definition_is_named(tmp_path):
    """Does an entry missing its definition say which file and entry?"""
    write(tmp_path, "lesson-04.yaml", "- term: PMPM\n")
    with pytest.raises(
        ck.InvalidInputError, match=r"lesson-04\.yaml:1: PMPM: definition is missing"
    ):
        load_glossary(tmp_path)


def test_broken_yaml_is_reported_without_a_traceback(tmp_path):
    """Is a glossary file that is not YAML reported as such?"""
    write(tmp_path, "lesson-05.yaml", "- term: [unclosed\n")
    with pytest.raises(ck.InvalidInputError, match="not valid YAML"):
        load_glossary(tmp_path)


def test_glossary_html_escapes_and_uses_a_description_list(tmp_path):
    """Is the glossary a <dl> with escaped text?"""
    write(tmp_path, "lesson-01.yaml", "- term: A & B\n  definition: x < y\n")
    page = glossary_html(load_glossary(tmp_path))
    assert page.startswith('<dl class="ck-glossary">')
    assert "A &amp; B" in page
    assert "x &lt; y" in page


def test_the_course_glossary_loads():
    """Do the lessons' glossary files load without a duplicate or a gap?"""
    terms = load_glossary(ROOT / "lessons" / "glossary")
    assert all(t.definition for t in terms)
