"""The course glossary, gathered from each lesson's ``lessons/glossary/*.yaml``.

Each file is a YAML list of ``{term, definition}`` entries; the lesson is
taken from the file name (``lesson-03.yaml`` is lesson 3).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .._exceptions import InvalidInputError, MismatchError

__all__ = ["GlossaryTerm", "glossary_html", "load_glossary"]

_FILE = re.compile(r"^lesson-(\d+)\.ya?ml$")


@dataclass(frozen=True)
class GlossaryTerm:
    """A term, its plain-language definition and the lesson that introduces it."""

    term: str
    definition: str
    lesson: int


def _read(path: Path) -> list[GlossaryTerm]:
    match = _FILE.match(path.name)
    if not match:
        raise InvalidInputError("glossary file", path.name, "must be named like lesson-03.yaml")
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise InvalidInputError(str(path), path.name, f"is not valid YAML ({error})") from None
    if not isinstance(entries, list):
        raise InvalidInputError(str(path), type(entries).__name__, "must be a list of terms")
    terms = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            raise InvalidInputError(
                f"{path.name} entry {number}", entry, "needs a 'term' and a 'definition'"
            )
        terms.append(
            GlossaryTerm(
                str(entry["term"]).strip(), str(entry["definition"]).strip(), int(match.group(1))
            )
        )
    return terms


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
    return f'<dl class="glossary">{rows}</dl>'
