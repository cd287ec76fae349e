"""The course glossary, gathered from each lesson's ``lessons/glossary/*.yaml``.

Each file is a YAML list of ``{term, definition}`` entries; the lesson is
taken from the file name (``lesson-03.yaml`` is lesson 3). A file with a
problem is refused with every problem named by line
(:class:`~._yaml.YamlFileError`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, RootModel

from .._exceptions import InvalidInputError, MismatchError
from ._yaml import Text, load_yaml

__all__ = ["GlossaryTerm", "glossary_html", "load_glossary"]

_FILE = re.compile(r"^lesson-(\d+)\.ya?ml$")


@dataclass(frozen=True)
class GlossaryTerm:
    """A term, its plain-language definition and the lesson that introduces it."""

    term: str
    definition: str
    lesson: int


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
