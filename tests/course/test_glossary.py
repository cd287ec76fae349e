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


def test_the_first_use_of_each_term_in_a_lesson_links_to_its_glossary_entry():
    """On a lesson page, is each term's first use in the running text linked to its glossary
    entry, once, and are headings, links, code, the lesson's header and other terms' links
    left alone?"""
    from caserate_kit.course._glossary import GlossaryTerm, link_terms

    terms = [
        GlossaryTerm("Case rate", "One payment.", 3),
        GlossaryTerm("Per member per month (PMPM)", "A monthly amount.", 4),
        GlossaryTerm("Rate", "A price.", 4),
    ]
    page = (
        '<section class="ck-lesson-header"><p>Case rates in the outcomes.</p></section>'
        '<div class="jp-RenderedMarkdown"><h2>Case rates</h2>'
        '<p>See <a href="x">case rate</a> and <code>case rate</code>.</p>'
        "<p>Two case rates, then the PMPM and one case rate more.</p></div>"
        "<p>Case rate outside any output.</p>"
    )
    linked = link_terms(page, terms, "../notebooks/glossary.ipynb")
    assert linked.count('class="ck-term"') == 2
    assert (
        '<p>Two <a class="ck-term" href="../notebooks/glossary.ipynb#term-Case-rate">case rates'
        '</a>, then the <a class="ck-term" '
        'href="../notebooks/glossary.ipynb#term-Per-member-per-month-(PMPM)">PMPM</a> and one '
        "case rate more.</p>"
    ) in linked
    assert "<h2>Case rates</h2>" in linked
    assert '<a href="x">case rate</a>' in linked
    assert "<code>case rate</code>" in linked
    assert "<p>Case rates in the outcomes.</p>" in linked  # the header is left alone


def test_every_lesson_links_terms_that_the_glossary_page_has_entries_for():
    """Does every link a lesson page would get land on an entry the glossary page holds?"""
    from caserate_kit.course._glossary import heading_anchor, link_terms
    from caserate_kit.course.pages._glossary import glossary_body

    terms = load_glossary(ROOT / "lessons" / "glossary")
    body = glossary_body(terms)
    page = "".join(
        f'<div class="jp-RenderedMarkdown"><p>{term.term.lower()}</p></div>' for term in terms
    )
    linked = link_terms(page, terms, "glossary.ipynb")
    assert linked.count('class="ck-term"') == len(terms)
    for term in terms:
        assert f'id="term-{heading_anchor(term.term)}"' in body
