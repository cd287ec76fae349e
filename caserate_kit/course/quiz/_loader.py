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

import functools
import hashlib
import re
import reprlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .._numbers import NotANumberError, format_number
from .._paths import file_version
from ._calculations import calculation_problems
from ._grading import is_accepted
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
    Problem,
    QuizSettings,
)

__all__ = [
    "BankReport",
    "Loc",
    "check_paths",
    "describe_error",
    "example_problems",
    "field_path",
    "load_bank",
    "load_bank_once",
    "load_banks",
    "shown_path",
]

Loc = tuple[str | int, ...]
"""A path to a field: section or field names, and list positions from 0."""

_SECTIONS: Final = ("schema_version", "quiz", "objectives", "items")
_VERSION_LENGTH: Final = 12
_MAX_DEPTH: Final = 50
"""The deepest nesting of lists and fields a bank may use (a real bank needs about 6)."""
_MAX_ENTRIES: Final = 200_000
"""The most entries a bank may hold once its aliases are expanded (a real bank: a few thousand)."""
_MAX_DIGITS: Final = 1_000
"""The longest whole number (in characters) a bank may hold."""
_LINE_BREAK: Final = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_SCALAR_KINDS: Final = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
}
_SHORT_REPR: Final = reprlib.Repr()
_SHORT_REPR.maxlevel, _SHORT_REPR.maxlist, _SHORT_REPR.maxdict = 3, 6, 6
_SHORT_REPR.maxstring, _SHORT_REPR.maxother = 60, 60
_AS_FIELDS: Final = "{path} must be fields of the form 'name: value'; got {value}"
_AS_LIST: Final = "{path} must be a list (lines starting with '- '); got {value}"
_MESSAGES: Final[dict[str, str]] = {
    "missing": "{path} is missing",
    "extra_forbidden": "{path} is not a field here; check the spelling, or remove it",
    "string_type": "{path} must be text; got {value}",
    "string_too_short": "{path} must not be empty",
    "bool_type": "{path} must be true or false; got {value}",
    "int_type": "{path} must be a whole number; got {value}",
    "float_type": "{path} must be a number written without $ or commas, like 4759; got {value}",
    "greater_than": "{path} must be more than {gt}; got {value}",
    "greater_than_equal": "{path} must be {ge} or more; got {value}",
    "literal_error": "{path} must be one of {expected}; got {value}",
    "too_short": "{path} needs at least {min_length} entries; it has {actual_length}",
    "too_long": "{path} may have at most {max_length} entries; it has {actual_length}",
    "dict_type": _AS_FIELDS,
    "model_type": _AS_FIELDS,
    "model_attributes_type": _AS_FIELDS,
    "list_type": _AS_LIST,
    "tuple_type": _AS_LIST,
    "string_pattern_mismatch": "{path} {rule}; got {value}",
    "value_error": "{path} {error}",
}
_MISSING_HINTS: Final = {
    "feedback": "; every option, step and answer needs feedback",
    "rationale": "; every item needs a rationale that explains the answer",
    "objective": "; every item names the objective it tests",
}
_PATTERN_RULES: Final = {
    ID_PATTERN: "may use only lower-case letters, digits, hyphens and underscores",
    NAME_PATTERN: "must start with a lower-case letter and use only a-z, 0-9 and _",
}


def field_path(loc: Loc) -> str:
    """A field path as authors read it: ``options[2].feedback`` (positions from 1).

    Inside an item the path starts at the item (its id is reported beside it).

    Examples
    --------
    >>> field_path(("items", 3, "options", 1, "feedback")), field_path(("quiz", "pass_mark"))
    ('options[2].feedback', 'quiz.pass_mark')
    """
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        loc = loc[2:]
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif part != "[key]":
            path += f".{part}" if path else part
    return path or "this entry"


def describe_error(detail: ErrorDetails, prefix: Loc = ()) -> tuple[Loc, str]:
    """A pydantic error as (where, plain-language message naming the field and value)."""
    loc = (*prefix, *detail["loc"])
    value = _shown_value(detail.get("input"))
    context = {key: _plain(v) for key, v in (detail.get("ctx") or {}).items()}
    template = _MESSAGES.get(detail["type"], "{path}: {msg}")
    if detail.get("input", "") is None and detail["type"] != "missing":
        template = "{path} has no value; write one after the colon"
    fields = {
        **context,
        "path": field_path(loc),
        "value": value,
        "msg": detail["msg"],
        "rule": _PATTERN_RULES.get(context.get("pattern", ""), "has the wrong form"),
    }
    try:
        message = template.format(**fields)
    except KeyError:  # an error type whose details differ from the usual ones
        message = "{path}: {msg}".format(**fields)
    if detail["type"] == "missing":
        message += _MISSING_HINTS.get(str(loc[-1]), "")
    return loc, message


def _plain(value: object) -> str:
    """A number as an author writes it: 80 rather than 80.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown_value(value: object) -> str:
    """A value from the file, quoted when it is text and shortened when long."""
    return _plain(value) if isinstance(value, float) else _short_repr(value)


def _short_repr(value: object) -> str:
    """``repr(value)``, shortened when long; a big list or mapping is not written out whole."""
    big = isinstance(value, list | dict | tuple | set | frozenset)
    shown = _SHORT_REPR.repr(value) if big else repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "…"


def _without_count_errors(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Leave out "needs at least N entries" for a list whose entries have errors of their
    own: pydantic counts only the entries that were valid."""
    with_bad_entries = {
        detail["loc"][:position]
        for detail in details
        for position, part in enumerate(detail["loc"])
        if isinstance(part, int)
    }
    return [d for d in details if not (d["type"] == "too_short" and d["loc"] in with_bad_entries)]


@dataclass(frozen=True)
class BankReport:
    """What :func:`check_paths` found: the good banks, and every problem, sorted."""

    files: tuple[Path, ...]
    banks: tuple[Bank, ...]
    problems: tuple[Problem, ...]


def shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
    return BankReport(tuple(dict.fromkeys(files)), banks, tuple(sorted(set(problems))))


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


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node, int] | None:
    """The child of ``node`` at ``part``, with the line to report (a key's own line)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return value, key.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        entry = node.value[part]
        return entry, entry.start_mark.line + 1
    return None


class _Unacceptable(yaml.MarkedYAMLError):
    """YAML that reads, but that no bank may hold: it is reported as it stands."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _BankLoader(yaml.SafeLoader):
    """The safe YAML loader, refusing what would crash or stall the checks after it.

    Refused, each at its line: lists and fields nested more than ``_MAX_DEPTH``
    deep (aliases count), an alias inside its own anchor (which would contain
    itself), aliases that expand past ``_MAX_ENTRIES`` entries ("billion
    laughs"), whole numbers longer than ``_MAX_DIGITS`` characters, and values
    that YAML reads as a number, date or true/false but cannot make into one
    (``2024-13-45``, ``!!int many``).
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0
        self._open_anchors: set[str] = set()
        self._measured: dict[yaml.Node, tuple[int, int]] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        alias = isinstance(event, yaml.AliasEvent)
        if alias and event.anchor in self._open_anchors:
            message = (
                f"the alias *{event.anchor} is inside its own anchor &{event.anchor}, so it "
                "would contain itself; write the entries out instead"
            )
            raise _Unacceptable(message, event.start_mark)
        if self._depth >= _MAX_DEPTH:
            raise _Unacceptable(_too_deep(), event.start_mark)
        anchor = None if alias else event.anchor
        if anchor is not None:
            self._open_anchors.add(anchor)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.discard(anchor)
        if node is not None:
            self._measure(node)
        return node

    def _measure(self, node: yaml.Node) -> None:
        """Record the node's nesting depth and its entries with aliases expanded; refuse
        either when too large. Its children were measured when they were composed."""
        if node in self._measured:
            return
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        sizes = [self._measured.get(child, (1, 1)) for child in children]
        depth = 1 + max((d for d, _ in sizes), default=0)
        entries = 1 + sum(n for _, n in sizes)
        if depth > _MAX_DEPTH:
            raise _Unacceptable(_too_deep(), node.start_mark)
        if entries > _MAX_ENTRIES:
            message = (
                f"with its aliases expanded this holds more than {_MAX_ENTRIES:,} entries; "
                "a bank needs far fewer, so write the entries out instead of repeating aliases"
            )
            raise _Unacceptable(message, node.start_mark)
        self._measured[node] = (depth, entries)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        kind = _SCALAR_KINDS.get(node.tag) if isinstance(node, yaml.ScalarNode) else None
        if kind is None:
            return super().construct_object(node, deep)
        text = str(node.value)
        shown = _short_repr(text.strip())
        if node.tag.endswith(":int") and len(text) > _MAX_DIGITS:
            message = f"the number {shown} has too many digits (at most {_MAX_DIGITS:,})"
            raise _Unacceptable(message, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError):
            message = f"{shown} cannot be read as {kind}"
            if node.tag.endswith(":timestamp"):
                message = f"{shown} is not a real date; if it is meant as text, put it in quotes"
            raise _Unacceptable(message, node.start_mark) from None


def _too_deep() -> str:
    return (
        f"lists and fields are nested more than {_MAX_DEPTH} levels deep here; "
        "a bank needs only a few levels"
    )


@dataclass
class _FileCheck:
    """The checks of one file; problems are collected, never raised."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    bank: Bank | None = None
    item_lines: dict[str, int] = field(default_factory=dict)
    quiz_lines: dict[str, int] = field(default_factory=dict)
    root: yaml.Node | None = None

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    def add(self, loc: Loc, message: str) -> None:
        """Record a problem at ``loc``, with the id of the item it is in (``-`` if none)."""
        self.problems.append(Problem(self.shown, self.line(loc), self.item_id(loc), message))

    def line(self, loc: Loc) -> int:
        """The line (from 1) of the deepest field that ``loc`` reaches in the file."""
        node, line = self.root, 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node, line = child
        return line

    def item_id(self, loc: Loc) -> str:
        """The id of the item ``loc`` is in, ``items[N]`` if it has none, else ``-``."""
        if len(loc) < 2 or loc[0] != "items" or not isinstance(loc[1], int):
            return "-"
        items = _child(self.root, "items")
        entry = _child(items[0], loc[1]) if items else None
        found = _child(entry[0], "id") if entry else None
        if found and isinstance(found[0], yaml.ScalarNode) and found[0].value:
            return str(found[0].value)
        return f"items[{loc[1] + 1}]"

    def run(self) -> None:
        try:
            raw = self.path.read_bytes()
            data = self._parse(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            self.add((), f"cannot read this file as text: {error}")
            return
        if data is None or not self._header(data):
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
        if self.problems or not isinstance(quiz, QuizSettings) or objectives is None:
            return
        version = hashlib.sha256(raw).hexdigest()[:_VERSION_LENGTH]
        self.bank = Bank(self.path, version, quiz, tuple(objectives), tuple(i for _, i in items))

    def _parse(self, text: str) -> dict[Any, Any] | None:
        try:
            loader = _BankLoader(text)
        except yaml.reader.ReaderError as error:
            self._unreadable_character(text, error)
            return None
        try:
            self.root = loader.get_single_node()
            data = loader.construct_document(self.root) if self.root is not None else None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if isinstance(error, _Unacceptable):
                message = f"{error.problem} (column {column})"
            else:
                what = "; ".join(p for p in (error.context, error.problem) if p)
                message = f"this is not valid YAML (column {column}): {what}"
            self.problems.append(Problem(self.shown, line, "-", message))
            return None
        except yaml.YAMLError as error:
            self.add((), f"this is not valid YAML: {error}")
            return None
        finally:
            loader.dispose()
        if not isinstance(data, dict):
            what = "empty" if data is None else "not a set of sections ('name: ...')"
            self.add((), f"the file is {what}; a bank starts with schema_version: 1")
            return None
        self._duplicate_keys(self.root, ())
        return data

    def _unreadable_character(self, text: str, error: yaml.reader.ReaderError) -> None:
        """Report a character YAML refuses (a control character, say) at its line and column."""
        before = text[: error.position]
        breaks = list(_LINE_BREAK.finditer(before))
        column = error.position - (breaks[-1].end() if breaks else 0) + 1
        character = error.character if isinstance(error.character, int) else ord(error.character)
        message = (
            f"this line holds a character YAML does not allow (#x{character:04x}, column "
            f"{column}); delete it or retype the line"
        )
        self.problems.append(Problem(self.shown, len(breaks) + 1, "-", message))

    def _duplicate_keys(self, node: yaml.Node | None, loc: Loc) -> None:
        if isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._duplicate_keys(value, (*loc, index))
        if not isinstance(node, yaml.MappingNode):
            return
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                line = key.start_mark.line + 1
                message = f"{field_path((*loc, name))} appears twice; only one may stay"
                self.problems.append(Problem(self.shown, line, self.item_id(loc), message))
            seen.add(name)
            self._duplicate_keys(value, (*loc, name))

    def _header(self, data: dict[Any, Any]) -> bool:
        """Check the schema version (nothing else is read without one) and the sections."""
        if "schema_version" not in data:
            self.add((), "schema_version is missing; put schema_version: 1 at the top")
            return False
        version = data["schema_version"]
        if isinstance(version, bool) or version not in SUPPORTED_SCHEMA_VERSIONS:
            readable = ", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS))
            shown = _short_repr(version)
            message = f"schema_version {shown} is not one this course reads; use {readable}"
            self.add(("schema_version",), message)
            return False
        for key in data:
            if key not in _SECTIONS:
                sections = ", ".join(_SECTIONS)
                message = f"{_short_repr(key)} is not a section of a bank"
                self.add((key,), f"{message}; the sections are {sections}")
        return True

    def _quiz(self, data: dict[Any, Any]) -> QuizSettings | None:
        if "quiz" not in data:
            self.add((), "the quiz section is missing; a bank needs quiz:, objectives: and items:")
            return None
        quiz = self._model(QuizSettings, data["quiz"], ("quiz",))
        return quiz if isinstance(quiz, QuizSettings) else None

    def _model(self, model: type[BaseModel], raw: Any, loc: Loc) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            for detail in _without_count_errors(error.errors()):
                self.add(*describe_error(detail, loc))
            return None

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
                shown = _short_repr(kind)
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

    def _check_item(self, loc: Loc, item: Item) -> None:
        if isinstance(item, NumericItem):
            for where, message in example_problems(item):
                self.add((*loc, *where), message)
        if isinstance(item, CalculationItem):
            for where, message in calculation_problems(item):
                self.add((*loc, *where), message)


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
