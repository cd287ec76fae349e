"""The glossary page."""

from __future__ import annotations

from caserate_kit.course.pages import (
    glossary_page,
)

from .helpers import NO_HUB, ROOT, address, shown


def test_glossary_lists_every_term_alphabetically_with_its_lesson(records):
    """Are all terms there, in alphabetical order, each with the lesson that teaches it?"""
    from caserate_kit.course._glossary import load_glossary

    terms = load_glossary(ROOT / "lessons" / "glossary")
    html = shown(glossary_page("", NO_HUB))
    positions = [html.index(f"<dfn>{term.term}</dfn>") for term in terms]
    assert positions == sorted(positions)
    assert html.count("(Taught in <a") == len(terms)


def test_glossary_carries_only_a_well_formed_token(records):
    """Is a token with markup in it left out of the glossary's links?"""
    html = shown(glossary_page(address('x"><script>alert(1)</script>'), NO_HUB))
    assert "<script>" not in html
    assert "token=" not in html


def test_each_term_links_to_the_lesson_section_that_first_uses_it(records):
    """Does "Step-down" link to its section of lesson 1, by the anchor the lesson page gives it?"""
    html = shown(glossary_page("", NO_HUB))
    section = "Step-down-and-the-least-restrictive-setting"
    assert (
        f'href="../lessons/01_how_managed_care_decides.ipynb#{section}">lesson 1, '
        "“Step-down and the least restrictive setting”</a>"
    ) in html


def test_every_term_is_found_in_a_section_of_its_lesson():
    """Is each of the glossary's terms used in some section of the lesson that teaches it?"""
    from caserate_kit.course._glossary import load_glossary, with_sections

    lessons = ROOT / "lessons"
    terms = with_sections(load_glossary(lessons / "glossary"), lessons)
    assert [term.term for term in terms if not term.section] == []


def test_a_search_shows_the_matching_terms_and_a_way_back_to_all(records, ada):
    """Does "pmpm" (any case) find PMPM alone, say how many matched, keep the session, offer all?"""
    html = shown(glossary_page(address(ada[1], q="pmpm"), NO_HUB, records))
    assert "<dfn>Per member per month (PMPM)</dfn>" in html
    assert "<dfn>Case rate</dfn>" not in html
    assert "1 term matches “pmpm”" in html
    assert f'<a href="?token={ada[1]}">show all' in html
    assert f'<input type="hidden" name="token" value="{ada[1]}">' in html
    assert 'value="pmpm"' in html


def test_a_search_that_finds_nothing_says_so(records):
    """Does a search for a word no term has say so, rather than show an empty page?"""
    html = shown(glossary_page(address(q="zebra"), NO_HUB))
    assert "No term matches “zebra”" in html


def test_a_search_cannot_inject_markup(records):
    """Is a search with markup in it shown as text?"""
    html = shown(glossary_page(address(q='"><script>x</script>'), NO_HUB))
    assert "<script>x" not in html


def test_a_signed_in_learner_is_named_in_the_glossarys_top_bar(records, ada):
    """Does the glossary's top bar name the signed-in learner, as every page does?"""
    assert "Signed in as </span><strong>Ada Byron</strong>" in shown(
        glossary_page(address(ada[1]), NO_HUB, records)
    )
