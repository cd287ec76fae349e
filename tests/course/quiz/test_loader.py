"""Checking banks: every problem is found, with the right file, line and item id."""

from pathlib import Path

import pytest
import yaml

from caserate_kit.course._yaml import shown_path
from caserate_kit.course.quiz._loader import check_paths

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken_banks"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))
SAMPLE = HERE.parents[2] / "quizzes" / "sample.yaml"

TWO_ITEM_BANK = """\
schema_version: 1
quiz:
  id: {quiz_id}
  title: Two items
  time_estimate_minutes: 5
objectives:
  - id: basics
    text: Know the basics
items:
  - id: {first_id}
    type: true_false
    objective: basics
    prompt: A case rate is an average.
    answer: true
    feedback: {{true: Right., false: Not quite.}}
    rationale: A case rate is set from the average episode.
  - id: {second_id}
    type: true_false
    objective: basics
    prompt: A case rate is paid per hour.
    answer: false
    feedback: {{true: Not quite., false: Right.}}
    rationale: A case rate is paid per episode.
"""


def write_bank(folder, name, quiz_id="two", first_id="two-1", second_id="two-2"):
    """Write the two-item bank into ``folder`` and return its path."""
    path = folder / name
    text = TWO_ITEM_BANK.format(quiz_id=quiz_id, first_id=first_id, second_id=second_id)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_bank_reports_its_one_problem_at_the_right_line(name):
    """Does each broken bank give exactly its expected message, line and item id?"""
    expected = EXPECTED[name]
    report = check_paths([BROKEN / name])
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    [problem] = report.problems
    assert expected["message"] in problem.message
    assert (problem.line, problem.item_id) == (expected["line"], expected["item"])
    assert problem.file == shown_path(BROKEN / name)
    assert report.banks == ()


def test_every_broken_bank_has_an_expected_message():
    """Is every .yaml in broken_banks/ listed in expected.yaml, and every listed file there?"""
    on_disk = {path.name for path in BROKEN.glob("*.yaml")} - {"expected.yaml"}
    assert on_disk == set(EXPECTED)


def test_the_sample_bank_has_no_problems():
    """Does the model bank pass every check?"""
    report = check_paths([SAMPLE])
    assert report.problems == ()
    assert [bank.id for bank in report.banks] == ["sample-case-rate-basics"]


def test_every_problem_in_a_bank_is_reported_not_just_the_first(tmp_path):
    """With a bad pass mark, a missing rationale and an unknown type, are all three reported?"""
    path = write_bank(tmp_path, "many.yaml")
    text = path.read_text()
    text = text.replace("  title: Two items\n", "  title: Two items\n  pass_mark: 2\n")
    text = text.replace("    rationale: A case rate is set from the average episode.\n", "")
    second = "    type: true_false\n    objective: basics\n    prompt: A case rate is paid"
    text = text.replace(second, second.replace("true_false", "truefalse"))
    path.write_text(text)
    messages = [(p.line, p.item_id, p.message) for p in check_paths([path]).problems]
    assert [(line, item) for line, item, _ in messages] == [(5, "-"), (11, "two-1"), (18, "two-2")]
    assert "pass_mark" in messages[0][2]
    assert "rationale is missing" in messages[1][2]
    assert "type 'truefalse' is not an item type" in messages[2][2]


def test_problems_are_sorted_by_file_and_line(tmp_path):
    """Are problems from two files listed file by file, each in line order?"""
    for name in ("b.yaml", "a.yaml"):
        letter = name[0]
        path = write_bank(tmp_path, name, letter, f"{letter}-1", f"{letter}-2")
        path.write_text(
            path.read_text().replace("rationale: A case rate is", "reason: A case rate is")
        )
    problems = check_paths([tmp_path]).problems
    assert [(Path(p.file).name, p.line) for p in problems] == sorted(
        (Path(p.file).name, p.line) for p in problems
    )
    assert len(problems) == 8  # per file: two unknown fields and two missing rationales


def test_an_item_id_reused_in_another_bank_is_reported_in_the_second_bank(tmp_path):
    """When two banks share an item id, is the later file told where the first one is?"""
    write_bank(tmp_path, "a.yaml", quiz_id="a", first_id="shared-1", second_id="a-2")
    write_bank(tmp_path, "b.yaml", quiz_id="b", first_id="shared-1", second_id="b-2")
    [problem] = check_paths([tmp_path]).problems
    assert Path(problem.file).name == "b.yaml"
    assert (problem.line, problem.item_id) == (10, "shared-1")
    assert "is also used in" in problem.message
    assert "a.yaml line 10" in problem.message


def test_a_quiz_id_reused_in_another_bank_is_reported(tmp_path):
    """When two banks share a quiz id, is the second one reported at its quiz.id line?"""
    write_bank(tmp_path, "a.yaml", quiz_id="same", first_id="a-1", second_id="a-2")
    write_bank(tmp_path, "b.yaml", quiz_id="same", first_id="b-1", second_id="b-2")
    [problem] = check_paths([tmp_path]).problems
    assert (Path(problem.file).name, problem.line, problem.item_id) == ("b.yaml", 3, "-")
    assert "quiz id 'same' is also used in" in problem.message


def test_the_same_file_named_twice_is_checked_once(tmp_path):
    """Does naming a file and its folder not make its item ids clash with themselves?"""
    path = write_bank(tmp_path, "a.yaml")
    report = check_paths([path, tmp_path])
    assert report.problems == ()
    assert len(report.banks) == 1


def test_a_path_that_does_not_exist_is_a_problem(tmp_path):
    """Is a missing file reported as a problem rather than raised?"""
    [problem] = check_paths([tmp_path / "missing.yaml"]).problems
    assert problem.message == "there is no such file or folder"


def test_a_folder_without_banks_is_a_problem(tmp_path):
    """Is an empty folder reported, so a wrong path is not mistaken for success?"""
    [problem] = check_paths([tmp_path]).problems
    assert problem.message == "there are no bank files here"


def test_a_file_that_is_not_text_is_a_problem(tmp_path):
    """Is a file of bytes that are not UTF-8 reported instead of crashing?"""
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00schema")
    [problem] = check_paths([path]).problems
    assert problem.message.startswith("cannot read this file as text")


def test_a_yaml_error_is_one_line_with_the_parser_line_and_column(tmp_path):
    """Is an unclosed quote reported on one line, with no traceback?"""
    path = tmp_path / "quote.yaml"
    path.write_text('schema_version: 1\nquiz:\n  title: "Unclosed\n')
    [problem] = check_paths([path]).problems
    assert "\n" not in problem.message
    assert problem.message.startswith("this is not valid YAML (column")
    assert problem.line == 4


def test_a_yaml_tag_that_would_run_code_is_refused(tmp_path):
    """Is a python/object tag refused by the safe loader and reported as a problem?"""
    path = tmp_path / "tagged.yaml"
    path.write_text("schema_version: 1\nquiz: !!python/object/apply:os.system ['echo hi']\n")
    [problem] = check_paths([path]).problems
    assert problem.line == 2
    assert "not valid YAML" in problem.message


def test_a_list_where_fields_are_expected_is_named_plainly(tmp_path):
    """Is quiz written as a list reported as needing 'name: value' fields?"""
    path = write_bank(tmp_path, "list.yaml")
    text = path.read_text()
    quiz = text[text.index("quiz:") : text.index("objectives:")]
    path.write_text(text.replace(quiz, "quiz: [two, Two items]\n"))
    [problem] = check_paths([path]).problems
    assert (
        problem.message == "quiz must be fields of the form 'name: value'; got ['two', 'Two items']"
    )
    assert problem.line == 2


def test_a_bank_without_a_quiz_section_says_so(tmp_path):
    """Is a bank with no quiz: section told the section is missing, once?"""
    path = write_bank(tmp_path, "no-quiz.yaml")
    text = path.read_text()
    path.write_text(text.replace(text[text.index("quiz:") : text.index("objectives:")], ""))
    [problem] = check_paths([path]).problems
    assert problem.message.startswith("the quiz section is missing")


def test_an_empty_field_is_reported_as_having_no_value(tmp_path):
    """Is 'rationale:' with nothing after it reported as having no value?"""
    path = write_bank(tmp_path, "blank.yaml")
    text = path.read_text().replace(
        "    rationale: A case rate is paid per episode.", "    rationale:"
    )
    path.write_text(text)
    [problem] = check_paths([path]).problems
    assert problem.message == "rationale has no value; write one after the colon"
    assert (problem.line, problem.item_id) == (23, "two-2")
