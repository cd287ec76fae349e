"""Reading and checking question banks: every problem, with its file, line and item id.

:func:`load_bank` and :func:`load_banks` read bank files and refuse one with
any problem (:class:`~._schema.BankError`). Underneath, :func:`check_paths`
reads bank files (or folders of them), checks each one, then checks them
together (item ids and quiz ids used twice); it never stops at the first
problem. The models in :mod:`._schema` check each field; the checks that need
the whole bank, the calculations or the grader are here. Field paths in
messages count list entries from 1 (``options[2]`` is the second option).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from .._catalog import find_lesson
from .._numbers import NotANumberError, format_number
from .._paths import file_version
from .._sections import lesson_sections
from .._yaml import Loc, Problem, YamlFile, short_repr, shown_path
from ._apart import draw_outcomes, most_together, typed_spread
from ._calculations import calculation_problems
from ._grading import is_accepted
from ._quality import quality_warnings
from ._schema import (
    ID_PATTERN,
    ITEM_TYPES,
    NAME_PATTERN,
    SUPPORTED_SCHEMA_VERSIONS,
    Bank,
    BankError,
    CalculationItem,
    Item,
    NumericItem,
    Objective,
    QuizSettings,
    is_typed,
)
from ._variants import draw_counts

__all__ = [
    "BankReport",
    "check_paths",
    "example_problems",
    "load_bank",
    "load_bank_once",
    "load_banks",
]

_SECTIONS: Final = ("schema_version", "quiz", "objectives", "items")
_VERSION_LENGTH: Final = 12
_MISSING_HINTS: Final = {
    "feedback": "; every option, step and answer needs feedback",
    "rationale": "; every item needs a rationale that explains the answer",
    "objective": "; every item names the objective it tests",
}
_PATTERN_RULES: Final = {
    ID_PATTERN: "may use only lower-case letters, digits, hyphens and underscores",
    NAME_PATTERN: "must start with a lower-case letter and use only a-z, 0-9 and _",
}


@dataclass(frozen=True)
class BankReport:
    """What :func:`check_paths` found: the good banks, every problem and every warning.

    Warnings (:mod:`._quality`) are item-writing faults that do not stop a bank
    from loading; ``validate --strict`` counts them as problems.
    """

    files: tuple[Path, ...]
    banks: tuple[Bank, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()


def check_paths(paths: Iterable[Path]) -> BankReport:
    """Check the bank files in ``paths`` (files, or folders of ``*.yaml``).

    Returns
    -------
    BankReport
        The banks with no problems, and every problem of every file, sorted
        by file and line.
    """
    problems: list[Problem] = []
    files: list[Path] = []
    for path in paths:
        found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        if not path.exists():
            problems.append(Problem(shown_path(path), 1, "-", "there is no such file or folder"))
        elif not found:
            problems.append(Problem(shown_path(path), 1, "-", "there are no bank files here"))
        files.extend(f for f in found if f.exists())
    checked = [_FileCheck(path) for path in dict.fromkeys(files)]
    for check in checked:
        check.run()
        problems.extend(check.problems)
    problems.extend(_across_banks(checked))
    bad = {problem.file for problem in problems}
    banks = tuple(c.bank for c in checked if c.bank is not None and c.shown not in bad)
    warnings = sorted({w for c in checked if c.shown not in bad for w in c.warnings})
    return BankReport(
        tuple(dict.fromkeys(files)), banks, tuple(sorted(set(problems))), tuple(warnings)
    )


def _across_banks(checked: list[_FileCheck]) -> Iterator[Problem]:
    for label, attribute in (("item id", "item_lines"), ("quiz id", "quiz_lines")):
        first: dict[str, tuple[str, int]] = {}
        for check in checked:
            for name, line in getattr(check, attribute).items():
                if name in first:
                    where, at = first[name]
                    item_id = name if label == "item id" else "-"
                    message = f"{label} {name!r} is also used in {where} line {at}"
                    yield Problem(check.shown, line, item_id, f"{message}; it must be unique")
                first.setdefault(name, (check.shown, line))


@dataclass
class _FileCheck(YamlFile):
    """The checks of one bank file; problems are collected, never raised."""

    entries: str | None = "items"
    bank: Bank | None = None
    item_lines: dict[str, int] = field(default_factory=dict)
    quiz_lines: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def run(self) -> None:
        data = self.read()
        if self.problems:
            return
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a set of sections ('name: ...')"
            self.add((), f"the file is {what}; a bank starts with schema_version: 1")
            return
        if not self._header(data):
            return
        quiz = self._quiz(data)
        objectives = self._objectives(data.get("objectives"))
        items = self._items(data.get("items"))
        if isinstance(quiz, QuizSettings):
            self.quiz_lines[quiz.id] = self.line(("quiz", "id"))
        if objectives is not None:
            self._check_objectives(data, quiz, objectives)
        for index, item in items:
            self._check_item(("items", index), item)
        self._check_not_with(items)
        if self.problems or not isinstance(quiz, QuizSettings) or objectives is None:
            return
        version = hashlib.sha256(self.raw).hexdigest()[:_VERSION_LENGTH]
        self.bank = Bank(self.path, version, quiz, tuple(objectives), tuple(i for _, i in items))
        self._check_sections(self.bank)
        self._check_apart(self.bank)
        self._check_typed(self.bank)
        for loc, message in quality_warnings(self.bank):
            self.warn(loc, message)

    def warn(self, loc: Loc, message: str) -> None:
        """Record a warning at ``loc``."""
        self.warnings.append(Problem(self.shown, self.line(loc), self.item_id(loc), message))

    def _check_sections(self, bank: Bank) -> None:
        """Every section an objective names should be a headed cell of its lesson.

        A warning, not a problem: a heading reworded in a lesson must not stop its
        post-test; the result then shows no link for that objective until the bank
        or the heading is fixed (``validate --strict`` fails meanwhile).
        """
        named = [(i, o) for i, o in enumerate(bank.objectives) if o.section is not None]
        lesson = find_lesson(bank.quiz.lesson) if bank.quiz.lesson is not None else None
        if not named or lesson is None:
            return
        notebook = self.path.resolve().parent.parent / "lessons" / lesson.notebook
        if not notebook.is_file():
            message = f"the lesson {notebook.name} is not beside this bank's folder"
            self.warn(("quiz", "lesson"), f"{message}, so its sections cannot be checked")
            return
        sections = lesson_sections(notebook)
        for index, objective in named:
            if objective.section not in sections:
                known = ", ".join(sections) or "none"
                message = (
                    f"section {objective.section!r} is not the id of a cell that starts with "
                    f"a heading in {notebook.name} (sections there: {known}); give the "
                    "heading's cell that id, or name one of these"
                )
                self.warn(("objectives", index, "section"), message)

    def _model(self, model: type[BaseModel], raw: Any, loc: Loc) -> Any:
        return self.validate(model, raw, loc, _MISSING_HINTS, _PATTERN_RULES)

    def _header(self, data: dict[Any, Any]) -> bool:
        """Check the schema version (nothing else is read without one) and the sections."""
        if "schema_version" not in data:
            self.add((), "schema_version is missing; put schema_version: 1 at the top")
            return False
        version = data["schema_version"]
        if isinstance(version, bool) or version not in SUPPORTED_SCHEMA_VERSIONS:
            readable = ", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS))
            shown = short_repr(version)
            message = f"schema_version {shown} is not one this course reads; use {readable}"
            self.add(("schema_version",), message)
            return False
        for key in data:
            if key not in _SECTIONS:
                sections = ", ".join(_SECTIONS)
                message = f"{short_repr(key)} is not a section of a bank"
                self.add((key,), f"{message}; the sections are {sections}")
        return True

    def _quiz(self, data: dict[Any, Any]) -> QuizSettings | None:
        if "quiz" not in data:
            self.add((), "the quiz section is missing; a bank needs quiz:, objectives: and items:")
            return None
        quiz = self._model(QuizSettings, data["quiz"], ("quiz",))
        return quiz if isinstance(quiz, QuizSettings) else None

    def _objectives(self, raw: Any) -> list[Objective] | None:
        if not isinstance(raw, list) or not raw:
            self.add(("objectives",), "objectives must list at least one objective")
            return None
        checked = [self._model(Objective, e, ("objectives", i)) for i, e in enumerate(raw)]
        good = [o for o in checked if isinstance(o, Objective)]
        return good if len(good) == len(raw) else None

    def _items(self, raw: Any) -> list[tuple[int, Item]]:
        if not isinstance(raw, list) or not raw:
            self.add(("items",), "items must list at least one item")
            return []
        good: list[tuple[int, Item]] = []
        known = ", ".join(ITEM_TYPES)
        for index, entry in enumerate(raw):
            loc: Loc = ("items", index)
            if not isinstance(entry, dict):
                self.add(loc, "an item must be fields of the form 'name: value'")
                continue
            if isinstance(entry.get("id"), str):
                self._note_item_id(entry["id"], loc)
            kind = entry.get("type")
            if "type" not in entry:
                self.add(loc, f"type is missing; use one of {known}")
            elif not isinstance(kind, str) or kind not in ITEM_TYPES:
                shown = short_repr(kind)
                self.add((*loc, "type"), f"type {shown} is not an item type; use one of {known}")
            elif (item := self._model(ITEM_TYPES[kind], entry, loc)) is not None:
                good.append((index, item))
        return good

    def _note_item_id(self, item_id: str, loc: Loc) -> None:
        if item_id in self.item_lines:
            first = self.item_lines[item_id]
            message = f"item id {item_id!r} is used twice in this bank (first at line {first})"
            self.add((*loc, "id"), f"{message}; item ids must be unique")
        else:
            self.item_lines[item_id] = self.line((*loc, "id"))

    def _check_objectives(
        self, data: dict[Any, Any], quiz: QuizSettings | None, objectives: list[Objective]
    ) -> None:
        declared = [o.id for o in objectives]
        for index, name in enumerate(declared):
            if name in declared[:index]:
                self.add(("objectives", index, "id"), f"objective id {name!r} is declared twice")
        raw_items = data.get("items")
        entries: list[Any] = raw_items if isinstance(raw_items, list) else []
        used = [e.get("objective") if isinstance(e, dict) else None for e in entries]
        counts = Counter(name for name in used if isinstance(name, str))
        for index, objective in enumerate(used):
            if isinstance(objective, str) and objective not in declared:
                message = f"objective {objective!r} is not declared under objectives"
                where = ("items", index, "objective")
                self.add(where, f"{message}; declared: {', '.join(declared)}")
        for index, name in enumerate(declared):
            if counts[name] == 0 and name not in declared[:index]:
                message = f"objective {name!r} has no items; add some or remove it"
                self.add(("objectives", index), message)
        for name, wanted in (quiz.draw if quiz else {}).items():
            loc = ("quiz", "draw", name)
            if name not in declared:
                self.add(loc, f"quiz.draw names {name!r}, which is not a declared objective")
            elif wanted > counts[name]:
                message = f"quiz.draw asks for {wanted} items of objective {name!r}"
                self.add(loc, f"{message}, but the bank has only {counts[name]}")

    def _check_not_with(self, items: list[tuple[int, Item]]) -> None:
        """Every id in ``not_with`` must be another item of this bank."""
        known = list(self.item_lines)
        for index, item in items:
            for position, other in enumerate(item.not_with):
                loc: Loc = ("items", index, "not_with", position)
                label = f"not_with[{position + 1}]"
                if other == item.id:
                    self.add(loc, f"{label} names this item itself; name other items only")
                elif other not in self.item_lines:
                    close = difflib.get_close_matches(other, known, n=1)
                    hint = f"did you mean {close[0]!r}?" if close else "check the spelling"
                    message = f"{label} names {other!r}, which is not an item of this bank"
                    self.add(loc, f"{message}; {hint}")

    def _check_apart(self, bank: Bank) -> None:
        """Items kept apart must still leave every attempt its full draw."""
        if not bank.apart:
            return
        for index, objective in enumerate(bank.objectives):
            drawn, together = bank.draw_count(objective.id), most_together(bank, objective.id)
            if together < drawn:
                have = len(bank.items_for(objective.id))
                message = (
                    f"objective {objective.id!r}: each attempt draws {drawn} items, but not_with "
                    f"lets at most {together} of its {have} items share an attempt; remove a "
                    "not_with or add items to the objective"
                )
                self.add(("objectives", index), message)
        counts = {o.id: bank.draw_count(o.id) for o in bank.objectives}
        never = dict.fromkeys((item.id for item in bank.items), 0.0)
        if not self.problems and draw_outcomes(bank, counts, never).allowed == 0:
            message = (
                "no attempt can be drawn: every set of items quiz.draw asks for holds two items "
                "marked not_with each other; remove a not_with or add items"
            )
            self.add(("quiz", "draw"), message)

    def _check_typed(self, bank: Bank) -> None:
        """Every attempt, a first try or any retake, must be able to hold the typed items
        ``quiz.typed_per_attempt`` asks for (a retake moves one question between objectives
        for each objective missed, so each set of missed objectives is tried)."""
        least = bank.quiz.typed_per_attempt
        if not least or self.problems:
            return
        tried: set[tuple[int, ...]] = set()
        names = [objective.id for objective in bank.objectives]
        for focus in itertools.chain.from_iterable(
            itertools.combinations(names, size) for size in range(len(names) + 1)
        ):
            counts = draw_counts(bank, focus)
            if tuple(counts.values()) in tried:
                continue
            tried.add(tuple(counts.values()))
            spread = typed_spread(bank, counts)
            most = max((typed for typed, share in spread.items() if share), default=0)
            if most < least:
                self.add(("quiz", "typed_per_attempt"), _typed_message(bank, focus, counts, most))
                return

    def _check_item(self, loc: Loc, item: Item) -> None:
        if isinstance(item, NumericItem):
            for where, message in example_problems(item):
                self.add((*loc, *where), message)
        if isinstance(item, CalculationItem):
            for where, message in calculation_problems(item):
                self.add((*loc, *where), message)


def _typed_message(bank: Bank, focus: Iterable[str], counts: dict[str, int], most: int) -> str:
    """Why an attempt drawn with ``counts`` cannot hold the typed items the bank asks for."""
    missed = [repr(name) for name in focus]
    objectives = f"objective{'s' if len(missed) > 1 else ''} {' and '.join(missed)}"
    when = f"a retake after missing {objectives}" if missed else "a first try"
    drawn = []
    for name, count in counts.items():
        items = bank.items_for(name)
        if count:
            typed = sum(map(is_typed, items))
            drawn.append(f"{name!r} gives {count} of its {len(items)} items, {typed} typed")
    return (
        f"quiz.typed_per_attempt asks every attempt of {bank.id} for at least "
        f"{bank.quiz.typed_per_attempt} typed items (numeric or calculation), but {when} can "
        f"hold at most {most} ({'; '.join(drawn)}); add numeric or calculation items to these "
        "objectives, or lower typed_per_attempt"
    )


def load_bank(path: str | Path) -> Bank:
    """Read and check one bank file.

    Raises
    ------
    BankError
        Listing every problem, if the file has any.
    """
    file = Path(path)
    if file.is_dir():
        message = "this is a folder, not a bank file; load_banks reads a folder"
        raise BankError((Problem(shown_path(file), 1, "-", message),))
    report = check_paths([file])
    if report.problems:
        raise BankError(report.problems)
    return report.banks[0]


def load_bank_once(path: str | Path) -> Bank:
    """:func:`load_bank`, read again only when the file changes.

    A page kernel serves post-test after post-test; reading a bank costs a
    tenth of a second of YAML, so each version of each bank is read once. A
    bank is immutable, so the pages can share it.
    """
    file = Path(path)
    return _load_version(file, file_version(file))


@functools.lru_cache(maxsize=32)
def _load_version(path: Path, _version: tuple[int, int]) -> Bank:
    return load_bank(path)


def load_banks(folder: str | Path) -> dict[str, Bank]:
    """Read and check every ``*.yaml`` bank in ``folder``, by quiz id.

    Raises
    ------
    BankError
        Listing every problem in every bank (including item ids used twice
        across banks), if there are any.
    """
    report = check_paths([Path(folder)])
    if report.problems:
        raise BankError(report.problems)
    return {bank.id: bank for bank in report.banks}


def example_problems(item: NumericItem) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each ``accept`` example the grader would mark wrong, and each ``reject`` one it
    would mark right, as (field path in the item, message)."""
    allowed = format_number(item.allowed_difference(item.answer), item.unit)
    answer = format_number(item.answer, item.unit)
    for name, expected, outcome in (("accept", True, "wrong"), ("reject", False, "right")):
        for index, text in enumerate(getattr(item, name)):
            label = f"{name}[{index + 1}]"
            try:
                accepted = is_accepted(item, item.answer, text)
            except NotANumberError as error:
                yield (name, index), f"{label} cannot be read as a learner's answer: {error}"
                continue
            if accepted != expected:
                yield (
                    (name, index),
                    (
                        f"{label}: a learner who types “{text}” would be marked {outcome} "
                        f"(the answer is {answer}, give or take {allowed})"
                    ),
                )
