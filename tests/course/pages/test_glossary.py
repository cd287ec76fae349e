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
