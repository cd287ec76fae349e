"""Loading question banks: the schema, the Bank object and the loader's errors."""

import shutil
from pathlib import Path

import pydantic
import pytest

import caserate_kit as ck
from caserate_kit.course._paths import quizzes_dir
from caserate_kit.course.quiz._loader import load_bank, load_bank_once, load_banks
from caserate_kit.course.quiz._schema import (
    COUNTABLE_BELOW,
    ITEM_TYPES,
    Bank,
    BankError,
    CalculationItem,
    NumericItem,
    Problem,
    TrueFalseItem,
    is_typed,
)

SAMPLE = Path(__file__).resolve().parents[3] / "quizzes" / "sample.yaml"

SMALL_BANK = """\
schema_version: 1
quiz:
  id: {quiz_id}
  title: A small bank
  time_estimate_minutes: 5
objectives:
  - id: basics
    text: Know the basics
items:
  - id: {item_id}
    type: true_false
    objective: basics
    prompt: A case rate is an average.
    answer: true
    feedback:
      true: Right.
      false: Not quite.
    rationale: A case rate is set from the average episode.
"""


def write_bank(folder, name="small.yaml", quiz_id="small", item_id="small-1"):
    """Write the small bank into ``folder`` and return its path."""
    path = folder / name
    path.write_text(SMALL_BANK.format(quiz_id=quiz_id, item_id=item_id), encoding="utf-8")
    return path


def test_the_sample_bank_loads_with_its_quiz_objectives_and_items():
    """Does quizzes/sample.yaml load, with its title, four objectives and fourteen items?"""
    bank = load_bank(SAMPLE)
    assert isinstance(bank, Bank)
    assert bank.id == "sample-case-rate-basics"
    assert [o.id for o in bank.objectives] == ["what", "cases", "rates", "steps"]
    assert len(bank.items) == 14
    assert bank.path == SAMPLE


def test_the_sample_bank_uses_every_item_type():
    """Does the model bank show authors an example of each of the six item types?"""
    assert {item.type for item in load_bank(SAMPLE).items} == set(ITEM_TYPES)


def test_the_version_is_a_short_hash_of_the_file():
    """Is the version 12 hexadecimal characters?"""
    version = load_bank(SAMPLE).version
    assert len(version) == 12
    int(version, 16)


def test_the_same_content_gives_the_same_version_wherever_the_file_is(tmp_path):
    """Does a copy of the sample bank in another folder have the same version?"""
    copy = shutil.copy(SAMPLE, tmp_path / "copy.yaml")
    assert load_bank(copy).version == load_bank(SAMPLE).version


def test_any_change_to_the_file_changes_the_version(tmp_path):
    """Does adding one comment line give a new version, so attempts can be audited?"""
    path = write_bank(tmp_path)
    before = load_bank(path).version
    path.write_text(path.read_text() + "# edited\n")
    assert load_bank(path).version != before


def test_a_bank_is_read_once_until_its_file_changes(tmp_path):
    """Does a page kernel reuse a read bank, and read it again after an edit?"""
    path = write_bank(tmp_path)
    first = load_bank_once(path)
    assert load_bank_once(path) is first
    path.write_text(path.read_text() + "# edited\n")
    again = load_bank_once(path)
    assert again is not first
    assert again.version != first.version


def test_a_broken_bank_is_not_remembered(tmp_path):
    """After a failed read, is the fixed file read (not the failure repeated)?"""
    path = write_bank(tmp_path)
    good = path.read_text()
    path.write_text(good.replace("schema_version: 1", "schema_version: 99", 1))
    with pytest.raises(BankError):
        load_bank_once(path)
    path.write_text(good + "\n")
    assert load_bank_once(path).quiz.id == "small"


def test_true_false_feedback_keys_are_read_even_though_yaml_makes_them_booleans(tmp_path):
    """Do the keys true: and false: (booleans to YAML) fill the true and false feedback?"""
    item = load_bank(write_bank(tmp_path)).items[0]
    assert isinstance(item, TrueFalseItem)
    assert (item.feedback.true, item.feedback.false) == ("Right.", "Not quite.")


def test_optional_quiz_settings_take_their_documented_defaults(tmp_path):
    """Without them, is the pass mark 0.8, answers shown after a pass, no lesson number and
    no typed items asked of every attempt?"""
    quiz = load_bank(write_bank(tmp_path)).quiz
    assert quiz.pass_mark == 0.8
    assert quiz.show_answers_after_pass is True
    assert quiz.lesson is None
    assert quiz.typed_per_attempt == 0


def test_without_draw_an_attempt_takes_every_item_of_each_objective(tmp_path):
    """When quiz.draw is left out, does each objective give all its items?"""
    bank = load_bank(write_bank(tmp_path))
    assert bank.draw_count("basics") == 1


def test_draw_sets_how_many_items_an_objective_gives():
    """Does the sample's draw of 2 for 'cases' (out of 4 items) hold?"""
    bank = load_bank(SAMPLE)
    assert len(bank.items_for("cases")) == 4
    assert bank.draw_count("cases") == 2


def test_an_item_can_be_found_by_its_id():
    """Does bank.item(id) return the item with that id, and raise KeyError for another?"""
    bank = load_bank(SAMPLE)
    assert bank.item("sample-steps-ordering-1").type == "ordering"
    with pytest.raises(KeyError):
        bank.item("no-such-item")


def test_a_loaded_bank_cannot_be_changed():
    """Are the loaded models frozen, so a variant cannot alter the bank?"""
    bank = load_bank(SAMPLE)
    with pytest.raises(pydantic.ValidationError):
        bank.quiz.pass_mark = 0.1


def test_a_bank_with_problems_raises_bank_error_listing_them(tmp_path):
    """Does a bank missing a rationale raise BankError with the file, line and item id?"""
    path = write_bank(tmp_path)
    without = path.read_text().replace(
        "    rationale: A case rate is set from the average episode.\n", ""
    )
    path.write_text(without)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.item_id) == (10, "small-1")
    assert "rationale is missing" in str(caught.value)


def test_bank_error_is_a_toolkit_error_and_a_value_error():
    """Can callers catch BankError as CaseRateKitError or as ValueError?"""
    assert issubclass(BankError, ck.CaseRateKitError)
    assert issubclass(BankError, ValueError)


def test_a_missing_file_raises_bank_error(tmp_path):
    """Does loading a file that is not there raise BankError rather than OSError?"""
    with pytest.raises(BankError, match="there is no such file or folder"):
        load_bank(tmp_path / "nowhere.yaml")


def test_load_bank_of_a_folder_points_to_load_banks(tmp_path):
    """Does passing a folder to load_bank say to use load_banks instead?"""
    write_bank(tmp_path)
    with pytest.raises(BankError, match="this is a folder, not a bank file; load_banks"):
        load_bank(tmp_path)


def test_a_problem_prints_as_file_line_item_and_message():
    """Is a problem written FILE:LINE: ITEM_ID: message?"""
    problem = Problem("quizzes/a.yaml", 12, "a-1", "rationale is missing")
    assert str(problem) == "quizzes/a.yaml:12: a-1: rationale is missing"


def test_load_banks_returns_every_bank_by_quiz_id(tmp_path):
    """Does a folder of two banks load as a mapping from quiz id to bank?"""
    write_bank(tmp_path, "one.yaml", quiz_id="one", item_id="one-1")
    write_bank(tmp_path, "two.yaml", quiz_id="two", item_id="two-1")
    assert sorted(load_banks(tmp_path)) == ["one", "two"]


def test_load_banks_refuses_an_item_id_used_in_two_banks(tmp_path):
    """Does reusing an item id in a second bank raise BankError naming both files?"""
    write_bank(tmp_path, "one.yaml", quiz_id="one", item_id="shared-1")
    write_bank(tmp_path, "two.yaml", quiz_id="two", item_id="shared-1")
    with pytest.raises(BankError, match=r"item id 'shared-1' is also used in .*one\.yaml line 10"):
        load_banks(tmp_path)


def test_every_bank_in_the_course_folder_loads():
    """Do all the banks in quizzes/ load together, with no problem at all?"""
    banks = load_banks(quizzes_dir())
    assert "sample-case-rate-basics" in banks


def test_numbers_in_accept_lists_are_kept_as_the_text_a_learner_would_type():
    """Is accept: [3000, 3000.5] read as the texts "3000" and "3000.5"?"""
    item = NumericItem.model_validate(
        {
            "id": "n-1",
            "type": "numeric",
            "objective": "basics",
            "prompt": "How many cases?",
            "rationale": "Enrollees times the penetration rate.",
            "answer": 3000,
            "feedback": {"correct": "Right.", "incorrect": "Not quite."},
            "accept": [3000, 3000.5],
        }
    )
    assert item.accept == ("3000", "3000.5")


def numeric_answer(answer, unit="none"):
    """A numeric item whose answer is ``answer``."""
    return NumericItem.model_validate(
        {
            "id": "n-1",
            "type": "numeric",
            "objective": "basics",
            "prompt": "How many?",
            "rationale": "Because.",
            "answer": answer,
            "unit": unit,
            "feedback": {"correct": "Right.", "incorrect": "Not quite."},
        }
    )


def test_a_small_whole_answer_does_not_count_as_typed_as_a_retaking_script_can_count_to_it():
    """Does a whole answer of 11 (or 0) not count toward typed_per_attempt, while 12, a
    share such as 0.35 (35%), a fraction such as 2.5 and a calculation item do, and does a
    choice item never count?"""
    assert COUNTABLE_BELOW == 12
    assert not is_typed(numeric_answer(11))
    assert not is_typed(numeric_answer(0))
    assert is_typed(numeric_answer(12))
    assert is_typed(numeric_answer(0.35, unit="percent"))
    assert is_typed(numeric_answer(2.5))
    calculation = CalculationItem.model_validate(
        {
            "id": "c-1",
            "type": "calculation",
            "objective": "basics",
            "prompt": "{days} days of the 30 have passed. How many are left?",
            "rationale": "The limit less the days passed.",
            "parameters": {"days": {"min": 20, "max": 29}},
            "function": "days_left",
            "arguments": {"limit_days": 30, "days_passed": "days"},
            "feedback": {"correct": "Right.", "incorrect": "Not quite."},
        }
    )
    assert is_typed(calculation)
    statement = TrueFalseItem.model_validate(
        {
            "id": "t-1",
            "type": "true_false",
            "objective": "basics",
            "prompt": "A case rate is an average.",
            "rationale": "Because.",
            "answer": True,
            "feedback": {"true": "Right.", "false": "Not quite."},
        }
    )
    assert not is_typed(statement)
