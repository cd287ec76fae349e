"""Item-quality warnings: each cue a test-wise learner uses is found, and a clean bank has none."""

import json
import textwrap

import pytest

from caserate_kit.course.quiz import check_paths
from caserate_kit.course.quiz._quality import orders_itself

HEADER = """\
schema_version: 1
quiz:
  id: quality
  title: Quality checks
  time_estimate_minutes: 5
  draw: {basics: 1}
objectives:
  - id: basics
    text: Name the basics
    section: basics-here
items:
"""


def single(n, key, others, correct_at=0):
    options = list(others)
    options.insert(correct_at, key)
    lines = [
        f"  - id: q-single-{n}",
        "    type: single",
        "    objective: basics",
        f"    prompt: Question {n}?",
        "    rationale: Because.",
        "    options:",
    ]
    for text in options:
        lines.append(f'      - text: "{text}"')
        lines.append("        feedback: Why.")
        if text == key:
            lines.append("        correct: true")
    return "\n".join(lines) + "\n"


def true_false(n, prompt, answer):
    return textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: q-tf-{n}
              type: true_false
              objective: basics
              prompt: {prompt}
              answer: {str(answer).lower()}
              feedback: {{true: "T.", false: "F."}}
              rationale: Because.
            """
        ),
        "  ",
    )


def warnings_of(tmp_path, items):
    path = tmp_path / "bank.yaml"
    path.write_text(HEADER + "".join(items), encoding="utf-8")
    report = check_paths([path])
    assert not report.problems, report.problems
    return [w.message for w in report.warnings]


CLEAN = [
    single(1, "Twelve hours", ["Nine hours", "Fifteen hours"], 0),
    single(2, "Level B", ["Level C", "Level A"], 1),
    single(3, "A plan nurse", ["A billing clerk", "The client's GP"], 2),
    single(4, "Weekly", ["Monthly", "Daily"], 1),
    true_false(1, "A case rate is set from an average episode.", True),
    true_false(2, "A case rate is a budget for one person.", False),
]


def test_a_clean_bank_has_no_warning(tmp_path):
    """Do options alike in length, balanced true/false keys and no cue give no warning?"""
    assert warnings_of(tmp_path, CLEAN) == []


def test_a_key_that_is_the_longest_option_too_often_is_named(tmp_path):
    """Is the bank told when the key is the longest option in more than one item in four?"""
    items = [
        single(n, "The long and careful right answer", ["Short", "Brief"], n % 3)
        for n in range(1, 5)
    ]
    [message] = [m for m in warnings_of(tmp_path, items) if "longest option" in m]
    assert "in 4 of 4 single-choice items (at most 1" in message
    assert "q-single-1" in message


def test_options_far_apart_in_length_are_named(tmp_path):
    """Is an item with one option far longer than another warned about?"""
    long = "A chart entry that gives functioning, symptoms and risk in numbers, with a plan"
    items = [*CLEAN, single(9, "Yes", [long, "No"], 0)]
    assert any("far apart" in m for m in warnings_of(tmp_path, items))


def test_the_key_written_in_the_same_place_is_named(tmp_path):
    """Is a bank whose key is always option 1 told to vary it?"""
    items = [single(n, f"Key {n}", [f"Other {n}", f"Third {n}"], 0) for n in range(1, 6)]
    assert any("is option 1 in 5 of 5" in m for m in warnings_of(tmp_path, items))


@pytest.mark.parametrize(
    ("keys", "warned"),
    [((True, False, True, False), False), ((False, False, False, True), True), ((True,) * 4, True)],
)
def test_true_false_keys_must_be_balanced(tmp_path, keys, warned):
    """Is a bank whose true/false keys lean one way (3 of 4 or more) warned about?"""
    items = [
        *CLEAN[:4],
        *(true_false(n, f"Statement number {n}.", k) for n, k in enumerate(keys)),
    ]
    assert any("true/false items are true" in m for m in warnings_of(tmp_path, items)) is warned


@pytest.mark.parametrize("word", ["always", "never", "only", "enough", "Every"])
def test_an_absolute_word_in_a_true_false_statement_is_named(tmp_path, word):
    """Does "always", "only", "enough" in a statement give a warning naming the word?"""
    items = [*CLEAN, true_false(7, f"A plan {word} pays the case rate.", False)]
    found = [m for m in warnings_of(tmp_path, items) if "absolute words" in m]
    assert found
    assert f"“{word.lower()}”" in found[0]


@pytest.mark.parametrize(
    ("steps", "cue"),
    [
        (["Ask the plan", "Book the review", "Call the client"], "alphabetically"),
        (["Intake in week 1", "Review in week 4", "Discharge in week 9"], "by the numbers in them"),
        (["Ask", "Book it", "Call them back"], "alphabetically"),
        (["Zoe calls", "Mo writes it", "Al files the appeal"], "by their length"),
        (["Write the plan", "Ask the plan", "Call the client"], None),
    ],
)
def test_steps_that_order_themselves_are_found(steps, cue):
    """Are steps already sorted alphabetically, by number or by length found, and others not?"""
    assert orders_itself(steps) == cue


def test_an_ordering_item_that_orders_itself_is_named(tmp_path):
    """Does an ordering item whose steps are in number order give a warning?"""
    item = textwrap.indent(
        textwrap.dedent(
            """\
            - id: q-order-1
              type: ordering
              objective: basics
              prompt: Put these in order.
              rationale: Because.
              steps:
                - {text: "Day 1: intake", feedback: "First."}
                - {text: "Day 3: plan", feedback: "Then."}
                - {text: "Day 30: review", feedback: "Last."}
            """
        ),
        "  ",
    )
    assert any("sorted by the numbers" in m for m in warnings_of(tmp_path, [*CLEAN, item]))


def test_all_of_the_above_is_named(tmp_path):
    """Is "All of the above" among the options warned about?"""
    items = [*CLEAN, single(8, "All of the above", ["Weekly too", "Daily too"], 2)]
    assert any("of the above" in m for m in warnings_of(tmp_path, items))


def numeric(unit, answer, prompt="How many?"):
    return textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: q-num-1
              type: numeric
              objective: basics
              prompt: {prompt}
              answer: {answer}
              unit: {unit}
              feedback: {{correct: "Yes.", incorrect: "No."}}
              rationale: Because.
            """
        ),
        "  ",
    )


def test_a_percent_answer_written_as_a_whole_number_is_named(tmp_path):
    """Is unit: percent with answer 35 (3,500%) warned about, and 0.35 not?"""
    assert any("3,500%" in m for m in warnings_of(tmp_path, [*CLEAN, numeric("percent", 35)]))
    assert warnings_of(tmp_path, [*CLEAN, numeric("percent", 0.35)]) == []


def test_a_question_asking_for_a_percent_without_the_unit_is_named(tmp_path):
    """Does "What percent ...?" with unit none give a warning?"""
    item = numeric("none", 35, "What percent of the clients were seen?")
    assert any("set unit: percent" in m for m in warnings_of(tmp_path, [*CLEAN, item]))


def test_an_objective_without_a_section_or_with_too_few_items_is_named(tmp_path):
    """Is an objective with no section, or fewer than twice the items drawn, warned about?"""
    path = tmp_path / "bank.yaml"
    text = HEADER.replace("    section: basics-here\n", "").replace("{basics: 1}", "{basics: 4}")
    path.write_text(text + "".join(CLEAN), encoding="utf-8")
    messages = [w.message for w in check_paths([path]).warnings]
    assert any("names no lesson section" in m for m in messages)
    assert any("has 6 items and each attempt draws 4" in m for m in messages)


def test_a_section_the_lesson_does_not_have_is_a_warning(tmp_path):
    """Is a section that is no headed cell of the lesson warned about, by name (a warning:
    a reworded lesson must not stop the post-test)?"""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "lessons").mkdir()
    notebook = tmp_path / "lessons" / "01_how_managed_care_decides.ipynb"
    cell = {"cell_type": "markdown", "id": "basics", "metadata": {}, "source": ["## Basics"]}
    notebook.write_text(json.dumps({"cells": [cell]}))
    path = tmp_path / "quizzes" / "bank.yaml"
    header = HEADER.replace("  draw:", "  lesson: 1\n  draw:")
    path.write_text(header + "".join(CLEAN), encoding="utf-8")
    report = check_paths([path])
    assert report.problems == ()
    [warning] = report.warnings
    assert "section 'basics-here' is not the id of a cell" in warning.message
    assert "sections there: basics" in warning.message
    path.write_text(header.replace("basics-here", "basics") + "".join(CLEAN), encoding="utf-8")
    assert check_paths([path]).warnings == ()
