"""Fuzzing the question-bank loader and validator with broken, odd and hostile files.

Whatever a bank file holds, ``check_paths`` (what ``caserate-course validate``
runs) returns a report and ``load_bank`` returns a bank or raises
:class:`BankError`; nothing else escapes. Every problem names a file, a line
and an item, and a mutated field is named in the problem it causes. A valid
bank still loads, whatever unicode its texts hold.

The plain tests at the end are the crashes these searches found, kept as
regressions.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzzing import fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caserate_kit.course._yaml import field_path, shown_path
from caserate_kit.course.quiz._loader import check_paths, load_bank
from caserate_kit.course.quiz._schema import Bank, BankError
from caserate_kit.course.server._cli import main

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "quizzes" / "sample.yaml"
SAMPLE_DATA: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
FUZZ = settings(max_examples=fuzz_examples(40), deadline=None, suppress_health_check=_QUIET)
"""For the mutations of the sample bank: each example checks a whole bank (about 0.1 s)."""
FUZZ_TEXT = settings(max_examples=fuzz_examples(100), deadline=None, suppress_health_check=_QUIET)
"""For arbitrary text: most examples stop at the first problem, so they are quick."""

Loc = tuple[str | int, ...]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-banks")


def _write(folder: Path, content: str | bytes) -> Path:
    path = folder / "bank.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


def _line_count(raw: bytes) -> int:
    """The lines of a file as YAML counts them (it also breaks lines at NEL, LS and PS)."""
    try:
        return 1 + len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", raw.decode("utf-8")))
    except UnicodeDecodeError:
        return 1 + raw.count(b"\n")


def check(path: Path, cli: bool = False) -> Bank | BankError:
    """Run the validator and the loader (and, with ``cli``, ``caserate-course validate``).

    Returns the bank, or the loader's error; any other exception fails the test.
    Checks that they agree and that every problem is well formed.
    """
    report = check_paths([path])
    lines = _line_count(path.read_bytes())
    for problem in report.problems:
        assert problem.file == shown_path(path)
        assert 1 <= problem.line <= lines, problem
        assert problem.item_id, problem
        assert problem.message.strip(), problem
        assert "Traceback" not in problem.message
    if cli:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", str(path)])
        assert code == (1 if report.problems else 0), out.getvalue() + err.getvalue()
        assert [line for line in out.getvalue().splitlines() if line] == (
            [str(p) for p in report.problems] or out.getvalue().splitlines()[:1]
        )
    try:
        bank = load_bank(path)
    except BankError as error:
        refused = error
    else:
        assert report.problems == ()
        assert report.banks == (bank,)
        return bank
    assert refused.problems == report.problems
    assert refused.problems, "a BankError must list at least one problem"
    return refused


def problems_of(outcome: Bank | BankError) -> list[str]:
    return [str(p) for p in outcome.problems] if isinstance(outcome, BankError) else []


# Arbitrary text ------------------------------------------------------------------------------

YAML_PIECES = [
    "schema_version: 1\n",
    "quiz:\n",
    "objectives:\n",
    "items:\n",
    "  ",
    "    ",
    "- ",
    ": ",
    "\n",
    "id: a\n",
    "type: single\n",
    "options:\n",
    "text: x\n",
    "correct: true\n",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!str ",
    "!!null ",
    "!!map ",
    "!!seq ",
    "!!python/object:os.system ",
    "!custom ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "# note\n",
    "|\n",
    ">\n",
    "---\n",
    "...\n",
    "<<: ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2024:\n",
    "\t",
    "\x00",
    "\x07",
    "\ufeff",
    "\u2028",
    "\u0085",
    "\ud7ff",
    "\U0001f600",
    "2024-13-45",
    "2024-02-30 25:61:61",
    ".nan",
    ".inf",
    "-.inf",
    "0x" + "f" * 4000,
    "9" * 4400,
    "1.0e+400",
    "0o777",
    "0b101",
    "1_000",
    "190:20:30",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "off",
    "=",
]


@FUZZ_TEXT
@given(st.text(max_size=400))
def test_any_text_gives_a_bank_or_a_bank_error(folder, text):
    """Does any text at all, as a bank file, load or give problems, and never crash?"""
    check(_write(folder, text), cli=True)


@FUZZ_TEXT
@given(st.binary(max_size=300))
def test_any_bytes_give_a_bank_or_a_bank_error(folder, raw):
    """Do bytes that are not UTF-8 (or are) give a problem instead of a crash?"""
    check(_write(folder, raw), cli=True)


@FUZZ_TEXT
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=6), max_size=60))
def test_yaml_like_text_gives_a_bank_or_a_bank_error(folder, pieces):
    """Does text made of YAML's own syntax (tags, anchors, flow, odd scalars) never crash?"""
    check(_write(folder, "".join(pieces)), cli=True)


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40))
def test_yaml_pieces_after_a_valid_bank_never_crash(folder, pieces):
    """Does a valid bank with YAML syntax appended (a bad edit) never crash the checks?"""
    check(_write(folder, SAMPLE.read_text(encoding="utf-8") + "".join(pieces)))


# Structured mutations of the sample bank ------------------------------------------------------


def _paths(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every (location, value) in a loaded bank, containers included."""
    yield loc, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*loc, index))


ALL_PATHS = [loc for loc, _ in _paths(SAMPLE_DATA) if loc]
LEAVES = [(loc, v) for loc, v in _paths(SAMPLE_DATA) if loc and not isinstance(v, dict | list)]
OPTIONAL = {
    "section",
    "pass_mark",
    "show_answers_after_pass",
    "draw",
    "lesson",
    "correct",
    "tolerance",
    "tolerance_percent",
    "unit",
    "accept",
    "reject",
    "step",
    "format",
    "not_with",
}
NAMED_BY_AUTHOR = ("arguments", "parameters", "draw")  # their keys are names, not fields
TEXTS = ("prompt", "rationale", "feedback", "correct", "incorrect", "true", "false")


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _set(data: Any, loc: Loc, value: Any) -> None:
    _get(data, loc[:-1])[loc[-1]] = value


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _in_item(loc: Loc) -> str | None:
    """The id of the sample item ``loc`` is in, if any."""
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        return str(SAMPLE_DATA["items"][loc[1]]["id"])
    return None


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.dates()
    | st.sampled_from(["", " ", "\u200b", "e\u0301", "\U0001f600" * 3, "x" * 5000, "\x85"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers() | st.booleans(), inner, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(st.sampled_from(ALL_PATHS), values)
def test_any_value_anywhere_in_a_bank_never_crashes(folder, loc, value):
    """Does putting any value (wrong type, huge number, NaN, odd unicode) anywhere never crash?"""
    data = copy.deepcopy(SAMPLE_DATA)
    _set(data, loc, value)
    check(_write(folder, _dump(data)))


@FUZZ
@given(st.sampled_from(ALL_PATHS), st.integers(1, 120), st.booleans())
def test_deeply_nested_values_never_crash(folder, loc, depth, as_list):
    """Does a value nested deeper than any bank needs give problems, not a recursion crash?"""
    value: Any = "deep"
    for _ in range(depth):
        value = [value] if as_list else {"x": value}
    data = copy.deepcopy(SAMPLE_DATA)
    _set(data, loc, value)
    outcome = check(_write(folder, _dump(data)))
    assert isinstance(outcome, BankError)


NULLABLE = {"lesson", "section"}
"""Optional fields that may also be written empty (``lesson:`` with no value)."""


def _wrong_value(original: Any, nullable: bool = False) -> st.SearchStrategy[Any]:
    """Values of another kind than ``original``, that its field can never accept."""
    containers = st.just([]) | st.just({}) | st.lists(st.integers(), min_size=1, max_size=3)
    if isinstance(original, bool):
        return st.none() | containers | st.text(min_size=1, max_size=5) | st.floats()
    if isinstance(original, int | float):
        return (containers | st.booleans()) if nullable else st.none() | containers | st.booleans()
    return containers if nullable else st.none() | containers


@FUZZ
@given(st.sampled_from(LEAVES), st.data())
def test_a_value_of_the_wrong_kind_is_named_in_a_problem(folder, leaf, data):
    """Is a field given a value of the wrong kind reported, naming that field and its item?"""
    loc, original = leaf
    wrong = data.draw(_wrong_value(original, nullable=loc[-1] in NULLABLE))
    bank = copy.deepcopy(SAMPLE_DATA)
    _set(bank, loc, wrong)
    outcome = check(_write(folder, _dump(bank)))
    assert isinstance(outcome, BankError)
    name = field_path(tuple(str(p).lower() if isinstance(p, bool) else p for p in loc), "items")
    named = [p for p in outcome.problems if name in p.message]
    assert named, (name, problems_of(outcome))
    item = _in_item(loc)
    if item is not None and loc[2:] != ("id",):
        assert any(p.item_id == item for p in named), (item, problems_of(outcome))


REQUIRED = [
    loc
    for loc in ALL_PATHS
    if len(loc) >= 2
    and isinstance(loc[-1], str)
    and loc[-1] not in OPTIONAL
    and loc[-2] not in NAMED_BY_AUTHOR
    and not (loc[0] == "items" and len(loc) == 3 and loc[-1] == "type")
]


@FUZZ
@given(st.sampled_from(REQUIRED))
def test_a_missing_required_field_is_named(folder, loc):
    """Is a required field that was left out reported as missing, by name?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    del _get(bank, loc[:-1])[loc[-1]]
    outcome = check(_write(folder, _dump(bank)))
    assert isinstance(outcome, BankError)
    missing = f"{field_path(loc, 'items')} is missing"
    assert any(missing in p.message for p in outcome.problems), (missing, problems_of(outcome))


@FUZZ
@given(st.sampled_from(ALL_PATHS))
def test_removing_any_field_never_crashes(folder, loc):
    """Does leaving out any field or list entry give a bank or problems, never a crash?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    del _get(bank, loc[:-1])[loc[-1]]
    check(_write(folder, _dump(bank)))


TEXT_FIELDS = [
    loc
    for loc, value in LEAVES
    if isinstance(value, str)
    and loc[-1] in TEXTS
    and not (loc[-1] == "prompt" and _get(SAMPLE_DATA, loc[:-1])["type"] == "calculation")
]


YAML_LINE_BREAKS = "\x85\u2028\u2029"
"""YAML 1.1 reads these as line breaks, which fold to a space inside a scalar, as it should."""


@FUZZ
@given(
    st.sampled_from(TEXT_FIELDS),
    st.text(
        st.characters(codec="utf-8", exclude_characters=YAML_LINE_BREAKS), min_size=1, max_size=200
    ).filter(str.strip),
)
def test_a_valid_bank_with_any_unicode_text_still_loads(folder, loc, text):
    """Does a valid bank still load when a prompt or feedback holds any unicode text, and keep
    that text (YAML's own line breaks aside)?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    _set(bank, loc, text)
    outcome = check(_write(folder, _dump(bank)))
    assert isinstance(outcome, Bank), problems_of(outcome)
    if loc[-1] in ("prompt", "rationale"):
        kept = getattr(outcome.items[int(loc[1])], str(loc[-1]))
        assert kept.strip() == text.strip()


@FUZZ
@given(
    st.sampled_from(["answer", "tolerance", "tolerance_percent"]),
    st.sampled_from(["dollars", "percent", "cases", "hours", "none"]),
    st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**300), 10**300),
)
def test_any_number_as_a_numeric_answer_or_tolerance_never_crashes(folder, field, unit, number):
    """Do huge, tiny, infinite and NaN answers and tolerances give a bank or problems?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    bank["items"][3].update({field: number, "unit": unit, "accept": [], "reject": []})
    outcome = check(_write(folder, _dump(bank)))
    if isinstance(number, float) and not math.isfinite(number):
        assert isinstance(outcome, BankError), (field, number)


@FUZZ
@given(st.integers(1, 12), st.integers(2, 12))
def test_aliases_that_multiply_are_refused_quickly(folder, levels, width):
    """Does a bank whose aliases expand to millions of entries (a "billion laughs") give a
    problem instead of using up the memory and time?"""
    lines = ["schema_version: 1", f"l0: &l0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    outcome = check(_write(folder, "\n".join(lines) + "\n"))
    assert isinstance(outcome, BankError)
    if width**levels > 1_000_000:
        assert any("aliases" in p for p in problems_of(outcome)), problems_of(outcome)


# Regressions: crashes found by the searches above ----------------------------------------------


def _only_problem(folder: Path, text: str) -> str:
    outcome = check(_write(folder, text))
    assert isinstance(outcome, BankError)
    return "\n".join(problems_of(outcome))


@pytest.mark.parametrize(
    ("char", "line"), [("\x00", 1), ("\x07", 2), ("\ufffe", 3)], ids=["nul", "bell", "nonchar"]
)
def test_a_character_yaml_does_not_allow_is_a_problem_on_its_line(folder, char, line):
    """Is a control character reported on its line instead of crashing the loader?"""
    lines = ["schema_version: 1", "quiz:", "  id: x"]
    lines[line - 1] += char
    found = _only_problem(folder, "\n".join(lines) + "\n")
    assert f":{line}: -: " in found
    assert f"#x{ord(char):04x}" in found


def test_an_impossible_date_is_a_problem_on_its_line(folder):
    """Is 2024-13-45 (read by YAML as a date) a problem instead of a crash?"""
    found = _only_problem(folder, "schema_version: 1\nquiz:\n  title: 2024-13-45\n")
    assert ":3: -: " in found
    assert "2024-13-45" in found


@pytest.mark.parametrize("number", ["9" * 4400, "0x" + "f" * 4000, "-0x" + "f" * 4000])
def test_a_whole_number_too_long_to_read_is_a_problem(folder, number):
    """Is a whole number of thousands of digits a problem naming its line, not a crash?"""
    text = f"schema_version: 1\nquiz:\n  time_estimate_minutes: {number}\n"
    found = _only_problem(folder, text)
    assert ":3: -: " in found
    assert "too many digits" in found


@pytest.mark.parametrize(
    "scalar",
    ["!!int many", "!!float lots", "!!bool maybe", "!!timestamp someday", "!!int 0x"],
)
def test_an_explicit_tag_on_the_wrong_text_is_a_problem(folder, scalar):
    """Is `!!int many` (a tag YAML cannot apply) a problem on its line, not a crash?"""
    found = _only_problem(folder, f"schema_version: 1\nquiz:\n  lesson: {scalar}\n")
    assert ":3: -: " in found


@pytest.mark.parametrize(
    "text",
    ["schema_version: 1\nquiz: &a [*a]\n", "schema_version: 1\nquiz: &a {x: *a}\n"],
    ids=["list", "fields"],
)
def test_an_alias_inside_its_own_anchor_is_a_problem(folder, text):
    """Is a section that contains itself (through an alias) a problem, not a recursion crash?"""
    found = _only_problem(folder, text)
    assert ":2: -: " in found
    assert "would contain itself" in found


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_nesting_thousands_deep_is_a_problem(folder, opening):
    """Are lists or fields nested thousands deep a problem, not a recursion crash?"""
    closing = "]" if opening == "[" else "}"
    found = _only_problem(folder, f"schema_version: 1\nquiz: {opening * 3000}1{closing * 3000}\n")
    assert ":2: -: " in found
    assert "nested more than" in found


def test_deep_nesting_through_aliases_is_a_problem(folder):
    """Is nesting made deep by aliases of aliases a problem too?"""
    lines = ["schema_version: 1", "a0: &a0 [[[[[[[[[[x]]]]]]]]]]"]
    lines += [f"a{n}: &a{n} [[[[[[[[[[*a{n - 1}]]]]]]]]]]" for n in range(1, 12)]
    found = _only_problem(folder, "\n".join(lines) + "\n")
    assert "nested more than" in found


def test_a_billion_laughs_is_refused(folder):
    """Is the classic "billion laughs" (aliases of aliases) refused before it expands?"""
    lines = ["schema_version: 1", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 10)]
    lines.append("quiz: *l9")
    found = _only_problem(folder, "\n".join(lines) + "\n")
    assert "aliases" in found


@pytest.mark.parametrize("unit", ["dollars", "percent", "cases"])
def test_an_answer_too_large_to_show_in_dollars_is_checked(folder, unit):
    """Does a numeric answer of 1e300 dollars give a bank or a problem, not a decimal crash?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    bank["items"][3].update({"answer": 1e300, "unit": unit})
    outcome = check(_write(folder, _dump(bank)))
    assert isinstance(outcome, BankError)  # its accept examples are now wrong
    assert any("accept[1]" in p for p in problems_of(outcome))


@pytest.mark.parametrize("field", ["tolerance", "tolerance_percent"])
def test_an_infinite_tolerance_is_refused(folder, field):
    """Is a tolerance of .inf refused as not a finite number, instead of crashing the checks?"""
    bank = copy.deepcopy(SAMPLE_DATA)
    bank["items"][3].update({field: math.inf, "unit": "dollars"})
    found = _only_problem(folder, _dump(bank))
    assert f"{field} must be a finite number" in found


@pytest.mark.parametrize("value", ["k" * 5000, list(range(5000))], ids=["text", "list"])
def test_a_huge_value_is_shown_shortened(folder, value):
    """Is a 5,000-character (or 5,000-entry) schema version shown shortened in its problem?"""
    found = _only_problem(folder, _dump({"schema_version": value}))
    assert "schema_version " in found
    assert "…" in found or "..." in found
    assert len(found) < 1000


def test_the_sample_bank_round_trips_through_the_dumper_and_still_loads(folder):
    """Does the sample bank, written back out by YAML, load to the same items (the mutation
    tests start from it)?"""
    outcome = check(_write(folder, _dump(SAMPLE_DATA)))
    assert isinstance(outcome, Bank), problems_of(outcome)
    assert [item.id for item in outcome.items] == [item["id"] for item in SAMPLE_DATA["items"]]
