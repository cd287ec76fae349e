"""Reading the course's YAML files: safely, checked by a pydantic model, every problem by line.

Every YAML file the course reads (question banks, the glossary, the chart
statements and vignettes of the exercises) is read the same way:

- :class:`SafeLoader` reads YAML without running anything and refuses, at
  their line, what would crash or stall what comes after (values nested too
  deep, aliases that expand without end, endless numbers, impossible dates);
- :class:`YamlFile` gathers every problem of a file as a :class:`Problem`
  (``FILE:LINE: ITEM: message``) instead of stopping at the first, and finds
  the line of any field; keys written twice are problems too;
- pydantic models check each field, and :func:`describe_error` turns their
  errors into plain words that name the field and the value.

:func:`load_yaml` does all three for a file that one model describes, and
raises :class:`YamlFileError` listing every problem.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Final, TypeVar

import yaml
from pydantic import BaseModel, StrictStr, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from .._exceptions import InvalidInputError

__all__ = [
    "Loc",
    "Problem",
    "SafeLoader",
    "Text",
    "YamlFile",
    "YamlFileError",
    "describe_error",
    "field_path",
    "load_yaml",
    "short_repr",
    "shown_path",
]

Loc = tuple[str | int, ...]
"""A path to a field: section or field names, and list positions from 0."""
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
"""A field of text that may not be empty (spaces around it are dropped)."""
M = TypeVar("M", bound=BaseModel)

_MAX_DEPTH: Final = 50
"""The deepest nesting of lists and fields a file may use (a real one needs about 6)."""
_MAX_ENTRIES: Final = 200_000
"""The most entries a file may hold once its aliases are expanded (a real one: a few thousand)."""
_MAX_DIGITS: Final = 1_000
"""The longest whole number (in characters) a file may hold."""
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
    "less_than_equal": "{path} must be {le} or less; got {value}",
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


# Problems --------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a file, printed as ``FILE:LINE: ITEM_ID: message``.

    ``item_id`` names the entry the problem is in (a bank item's or a
    statement's id, ``items[3]`` for one without an id), ``-`` when in none.
    """

    file: str
    line: int
    item_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.item_id}: {self.message}"


class YamlFileError(InvalidInputError):
    """A YAML file of the course has problems; ``problems`` lists every one, by line."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        first = problems[0]
        super().__init__(f"{first.file}:{first.line}", first.item_id, first.message)
        self.problems = problems
        count = len(problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in {first.file}:"
        self.args = ("\n".join([heading, *map(str, problems)]),)


def shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def short_repr(value: object) -> str:
    """``repr(value)``, shortened when long; a big list or mapping is not written out whole."""
    big = isinstance(value, list | dict | tuple | set | frozenset)
    shown = _SHORT_REPR.repr(value) if big else repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "…"


# Pydantic's errors in plain words ---------------------------------------------------


def field_path(loc: Loc, entries: str | None = None) -> str:
    """A field path as authors read it: ``options[2].feedback`` (positions from 1).

    Inside an entry of the list ``entries`` the path starts at the entry (its
    id is reported beside it); ``entries=""`` is a file that is itself a list.

    Examples
    --------
    >>> field_path(("items", 3, "options", 1, "feedback"), "items")
    'options[2].feedback'
    >>> field_path(("quiz", "pass_mark"), "items"), field_path((0, "term"), "")
    ('quiz.pass_mark', 'term')
    """
    if entries == "" and loc and isinstance(loc[0], int):
        loc = loc[1:]
    elif entries and len(loc) >= 2 and loc[0] == entries and isinstance(loc[1], int):
        loc = loc[2:]
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif part != "[key]":
            path += f".{part}" if path else part
    return path or "this entry"


def describe_error(
    detail: ErrorDetails,
    prefix: Loc = (),
    entries: str | None = None,
    hints: Mapping[str, str] | None = None,
    patterns: Mapping[str, str] | None = None,
) -> tuple[Loc, str]:
    """A pydantic error as (where, plain-language message naming the field and value).

    ``hints`` adds a sentence to "X is missing" by the field's name; ``patterns``
    says in words what each regular expression of the models asks for.
    """
    loc = (*prefix, *detail["loc"])
    value = _shown_value(detail.get("input"))
    context = {key: _plain(v) for key, v in (detail.get("ctx") or {}).items()}
    template = _MESSAGES.get(detail["type"], "{path}: {msg}")
    if detail.get("input", "") is None and detail["type"] not in ("missing", "value_error"):
        template = "{path} has no value; write one after the colon"
    fields = {
        **context,
        "path": field_path(loc, entries),
        "value": value,
        "msg": detail["msg"],
        "rule": (patterns or {}).get(context.get("pattern", ""), "has the wrong form"),
    }
    try:
        message = template.format(**fields)
    except KeyError:  # an error type whose details differ from the usual ones
        message = "{path}: {msg}".format(**fields)
    if detail["type"] == "missing":
        message += (hints or {}).get(str(loc[-1]), "")
    return loc, message


def _plain(value: object) -> str:
    """A number as an author writes it: 80 rather than 80.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown_value(value: object) -> str:
    """A value from the file, quoted when it is text and shortened when long."""
    return _plain(value) if isinstance(value, float) else short_repr(value)


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


# Reading YAML safely ------------------------------------------------------------------


class _Unacceptable(yaml.MarkedYAMLError):
    """YAML that reads, but that no course file may hold: it is reported as it stands."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class SafeLoader(yaml.SafeLoader):
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
                "a course file needs far fewer, so write the entries out instead of repeating "
                "aliases"
            )
            raise _Unacceptable(message, node.start_mark)
        self._measured[node] = (depth, entries)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        kind = _SCALAR_KINDS.get(node.tag) if isinstance(node, yaml.ScalarNode) else None
        if kind is None:
            return super().construct_object(node, deep)
        text = str(node.value)
        shown = short_repr(text.strip())
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
        "a course file needs only a few levels"
    )


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


@dataclass
class YamlFile:
    """One YAML file: read safely, with every problem collected (never raised) by line.

    Parameters
    ----------
    path
        The file.
    entries
        The key of the file's list of entries (``"items"``), ``""`` when the
        file is itself a list, or ``None``.
    id_field
        The field that names an entry in messages (``"id"``); an entry without
        one is named by its position, like ``items[3]``.
    """

    path: Path
    entries: str | None = None
    id_field: str = "id"
    problems: list[Problem] = field(default_factory=list)
    root: yaml.Node | None = None
    raw: bytes = b""

    @property
    def shown(self) -> str:
        """The file's name as messages show it."""
        return shown_path(self.path)

    def add(self, loc: Loc, message: str) -> None:
        """Record a problem at ``loc``, with the entry it is in (``-`` if none)."""
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

    def _entry_index(self, loc: Loc) -> int | None:
        if self.entries == "" and loc and isinstance(loc[0], int):
            return loc[0]
        if self.entries and len(loc) >= 2 and loc[0] == self.entries and isinstance(loc[1], int):
            return loc[1]
        return None

    def item_id(self, loc: Loc) -> str:
        """The id of the entry ``loc`` is in, ``items[N]`` if it has none, else ``-``."""
        index = self._entry_index(loc)
        if index is None:
            return "-"
        where = _child(self.root, self.entries) if self.entries else (self.root, 1)
        entry = _child(where[0], index) if where else None
        found = _child(entry[0], self.id_field) if entry else None
        if found and isinstance(found[0], yaml.ScalarNode) and found[0].value:
            return str(found[0].value)
        return f"{self.entries or 'entries'}[{index + 1}]"

    def read(self) -> Any:
        """The file's data, or ``None`` (with the problem recorded) if it cannot be read."""
        try:
            self.raw = self.path.read_bytes()
            text = self.raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.add((), f"cannot read this file as text: {error}")
            return None
        try:
            loader = SafeLoader(text)
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
        self._duplicate_keys(self.root, ())
        return data

    def validate(
        self,
        model: type[M],
        data: Any,
        loc: Loc = (),
        hints: Mapping[str, str] | None = None,
        patterns: Mapping[str, str] | None = None,
    ) -> M | None:
        """``data`` (found at ``loc``) checked by ``model``; ``None`` (problems noted) if wrong."""
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for detail in _without_count_errors(error.errors()):
                self.add(*describe_error(detail, loc, self.entries, hints, patterns))
            return None

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
                path = field_path((*loc, name), self.entries)
                message = f"{path} appears twice; only one may stay"
                self.problems.append(Problem(self.shown, line, self.item_id(loc), message))
            seen.add(name)
            self._duplicate_keys(value, (*loc, name))


def load_yaml(path: Path, model: type[M], entries: str | None = None, id_field: str = "id") -> M:
    """Read ``path`` and check it with ``model``.

    Raises
    ------
    YamlFileError
        Listing every problem of the file, each with its line and entry.
    """
    file = YamlFile(path, entries, id_field)
    data = file.read()
    checked = None if file.problems else file.validate(model, data)
    if checked is None or file.problems:
        raise YamlFileError(tuple(sorted(set(file.problems))))
    return checked
