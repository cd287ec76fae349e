"""The course glossary, gathered from each lesson's ``lessons/glossary/*.yaml``.

Each file is a YAML list of ``{term, definition}`` entries; the lesson is
taken from the file name (``lesson-03.yaml`` is lesson 3). A file with a
problem is refused with every problem named by line
(:class:`~._yaml.YamlFileError`).

Where a lesson teaches a term is found, not typed: :func:`with_sections`
reads the lesson notebook and takes the heading of the first section whose
text uses the term, and :func:`heading_anchor` gives that heading's anchor
on the lesson page, so "taught in" links land on the section. The other way,
:func:`link_terms` links the first use of each term on a lesson page to its
entry in the glossary.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, RootModel

from .._exceptions import InvalidInputError, MismatchError
from ._yaml import Text, load_yaml

__all__ = [
    "GlossaryTerm",
    "glossary_html",
    "heading_anchor",
    "lesson_contents",
    "lesson_sections",
    "link_terms",
    "load_glossary",
    "search_terms",
    "with_sections",
]

_FILE = re.compile(r"^lesson-(\d+)\.ya?ml$")


@dataclass(frozen=True)
class GlossaryTerm:
    """A term, its plain-language definition and the lesson that introduces it."""

    term: str
    definition: str
    lesson: int
    section: str = ""
    """The heading of the lesson section that first uses the term ("" if none does)."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: Text
    definition: Text


_File = RootModel[tuple[_Entry, ...]]


def _read(path: Path) -> list[GlossaryTerm]:
    match = _FILE.match(path.name)
    if not match:
        raise InvalidInputError("glossary file", path.name, "must be named like lesson-03.yaml")
    entries = load_yaml(path, _File, entries="", id_field="term").root
    lesson = int(match.group(1))
    return [GlossaryTerm(entry.term, entry.definition, lesson) for entry in entries]


def load_glossary(folder: Path) -> list[GlossaryTerm]:
    """All terms from a glossary folder, sorted alphabetically; a term defined twice is an error."""
    seen: dict[str, GlossaryTerm] = {}
    for path in sorted(folder.glob("lesson-*.y*ml")):
        for term in _read(path):
            key = term.term.casefold()
            if key in seen:
                raise MismatchError(
                    "glossary term",
                    term.term,
                    f"is defined in lesson {seen[key].lesson} and again in lesson {term.lesson}",
                )
            seen[key] = term
    return sorted(seen.values(), key=lambda t: t.term.casefold())


def glossary_html(terms: list[GlossaryTerm]) -> str:
    """The glossary as an accessible description list."""
    rows = "".join(
        f"<dt><dfn>{html.escape(t.term)}</dfn></dt>"
        f"<dd>{html.escape(t.definition)} <small>(lesson {t.lesson})</small></dd>"
        for t in terms
    )
    return f'<dl class="ck-glossary">{rows}</dl>'


_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
_MARKUP = re.compile(r"[*_`]")


def lesson_sections(notebook: Path) -> list[tuple[str, str]]:
    """A lesson notebook's sections (## and ### headings) and the text under each.

    The text is the Markdown under the heading and the source of its code cells,
    which write some of the lesson's text themselves.
    """
    return [(heading, "\n".join(lines)) for _level, heading, lines in _sections(notebook)]


def _sections(notebook: Path) -> list[tuple[int, str, list[str]]]:
    """Each Markdown heading of a notebook (level 2 or 3), with the lines under it."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sections: list[tuple[int, str, list[str]]] = []
    for cell in cells:
        for line in "".join(cell["source"]).splitlines():
            heading = _HEADING.match(line) if cell["cell_type"] == "markdown" else None
            if heading:
                sections.append((len(heading.group(1)), _MARKUP.sub("", heading.group(2)), []))
            elif sections:
                sections[-1][2].append(line)
    return sections


def _names(term: str) -> list[str]:
    """A term's names: "Per member per month (PMPM)" is also "Per member per month" and "PMPM"."""
    short = re.fullmatch(r"(.+?)\s*\((.+)\)", term)
    return [term, *short.groups()] if short else [term]


def lesson_contents(notebook: Path) -> list[str]:
    """A lesson notebook's main sections: its ## headings, in order."""
    return [heading for level, heading, _lines in _sections(notebook) if level == 2]


def _uses(text: str, term: str) -> bool:
    """Whether ``text`` uses ``term`` by any of its names, any word in the plural."""
    return _term_pattern(term).search(_MARKUP.sub("", text)) is not None


def with_sections(terms: list[GlossaryTerm], lessons: Path) -> list[GlossaryTerm]:
    """``terms`` with the section of its lesson (notebooks in ``lessons``) that first uses each."""
    found: dict[int, list[tuple[str, str]]] = {}
    for notebook in sorted(lessons.glob("[0-9][0-9]_*.ipynb")):
        found[int(notebook.name[:2])] = lesson_sections(notebook)
    placed = []
    for term in terms:
        sections = found.get(term.lesson, [])
        heading = next((h for h, text in sections if _uses(f"{h}\n{text}", term.term)), "")
        placed.append(replace(term, section=heading))
    return placed


def heading_anchor(heading: str) -> str:
    """The anchor a lesson page gives a heading (as nbconvert writes it).

    >>> heading_anchor("Step-down and the least restrictive setting")
    'Step-down-and-the-least-restrictive-setting'
    >>> heading_anchor("Concept 1: medical necessity")
    'Concept-1:-medical-necessity'
    """
    return quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def search_terms(terms: list[GlossaryTerm], words: str) -> list[GlossaryTerm]:
    """The terms whose name or definition holds every word of ``words`` (any case).

    >>> terms = [GlossaryTerm("Case rate", "A bundled payment.", 3),
    ...          GlossaryTerm("PMPM", "Per member per month.", 4)]
    >>> [t.term for t in search_terms(terms, "per month")]
    ['PMPM']
    """
    wanted = words.casefold().split()
    return [
        term
        for term in terms
        if all(word in f"{term.term} {term.definition}".casefold() for word in wanted)
    ]


_NOT_LINKED = frozenset(
    {
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "code",
        "pre",
        "script",
        "style",
        "dfn",
        "summary",
        "button",
        "label",
        "svg",
        "title",
        "nav",
    }
)
"""Where a term is left as it is: headings, links, code, controls and the page's machinery."""


def _left_alone(element: Any) -> bool:
    """Whether text inside ``element`` stays unlinked (see :data:`_NOT_LINKED`)."""
    return element.name in _NOT_LINKED or "ck-lesson-header" in (element.get("class") or ())


def _term_pattern(term: str) -> re.Pattern[str]:
    """Any name of ``term`` as a phrase, any word in the plural, longest name first."""
    names = sorted(_names(term), key=len, reverse=True)
    phrases = (r"\s+".join(rf"{re.escape(word)}(?:s|es)?" for word in n.split()) for n in names)
    return re.compile(rf"(?<!\w)(?:{'|'.join(phrases)})(?!\w)", re.I)


def link_terms(page: str, terms: list[GlossaryTerm], glossary: str) -> str:
    """``page`` (a lesson's HTML) with the first use of each term linked to its glossary entry.

    Only the lesson's running text is looked at (its Markdown and HTML outputs),
    never a heading, a link, code or a control; each term is linked once, where
    the page first uses it. ``glossary`` is the glossary page's address.

    >>> terms = [GlossaryTerm("Case rate", "One payment.", 3)]
    >>> link_terms('<div class="jp-RenderedMarkdown"><h2>Case rates</h2><p>Case rates pay '
    ...            'once. A case rate...</p></div>', terms, "glossary.ipynb")
    '<div class="jp-RenderedMarkdown"><h2>Case rates</h2><p><a class="ck-term" \
href="glossary.ipynb#term-Case-rate">Case rates</a> pay once. A case rate...</p></div>'
    """
    from bs4 import BeautifulSoup
    from bs4.element import Comment, NavigableString

    soup = BeautifulSoup(page, "html.parser")
    patterns = {term.term: _term_pattern(term.term) for term in terms}
    waiting = set(patterns)
    for box in soup.select(".jp-RenderedMarkdown, .jp-RenderedHTML"):
        for text in list(box.find_all(string=True)):
            if not waiting:
                break
            if isinstance(text, Comment) or any(_left_alone(parent) for parent in text.parents):
                continue
            node, at = text, 0
            while waiting:
                value = str(node)
                # The earliest use, the longest where two start together: "case rate" is
                # one use of "Case rate", not also one of "Rate".
                found = min(
                    (
                        (m.start(), -len(m.group()), name, m)
                        for name, pattern in patterns.items()
                        if (m := pattern.search(value, at))
                    ),
                    default=None,
                )
                if found is None:
                    break
                _start, _length, name, match = found
                if name not in waiting:  # linked earlier on the page: read on after it
                    at = match.end()
                    continue
                waiting.discard(name)
                anchor = heading_anchor(name)
                link = soup.new_tag(
                    "a", attrs={"class": "ck-term", "href": f"{glossary}#term-{anchor}"}
                )
                link.string = match.group()
                after = NavigableString(value[match.end() :])
                node.replace_with(NavigableString(value[: match.start()]), link, after)
                node, at = after, 0
    return str(soup)
