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


def numeric_item(n, answer, unit="none", tolerance=0, not_with=(), prompt="How many?"):
    lines = [
        f"  - id: q-number-{n}",
        "    type: numeric",
        "    objective: basics",
        f"    prompt: {prompt}",
        f"    answer: {answer}",
        f"    tolerance: {tolerance}",
        f"    unit: {unit}",
        '    feedback: {correct: "Yes.", incorrect: "No."}',
        "    rationale: Because.",
    ]
    if not_with:
        lines.append(f"    not_with: [{', '.join(not_with)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("answer", "unit", "tolerance", "printed"),
    [
        (5281959, "dollars", 0.5, "Level B's line is $5,281,959 this year."),
        (5281959, "dollars", 0.5, "Level B's line is 5281959 dollars."),
        (4759, "dollars", 0.5, "The rate works out to $4,758.60 a case."),
        (990, "cases", 0, "It plans for 990 Level C cases."),
        (0.125, "percent", 0.0005, "About 12.5% of members use care."),
        (2403000, "dollars", 500, "It costs $2,403,053 more."),
    ],
)
def test_a_numeric_answer_printed_in_another_item_is_named(
    tmp_path, answer, unit, tolerance, printed
):
    """Is an answer printed in another item's prompt (with or without $ and thousands
    commas, as a percent, at the rounding the item asks) warned about, naming both items?"""
    items = [*CLEAN, numeric_item(1, answer, unit, tolerance), single(9, "Yes", ["No"], 0)]
    items[-1] = items[-1].replace("Question 9?", f'"{printed} Is that right?"')
    [message] = [m for m in warnings_of(tmp_path, items) if "is printed in" in m]
    assert "the prompt of item 'q-single-9'" in message
    assert "add not_with: [q-single-9]" in message


def test_an_answer_printed_in_an_option_is_named_and_not_with_silences_it(tmp_path):
    """Is an answer printed in an option named; and does not_with, written on either of
    the two items, silence the warning?"""
    option = single(9, "It rises, to pay for the 300 extra cases", ["It stays the same"], 1)
    items = [*CLEAN, numeric_item(1, 300, "cases"), option]
    [message] = [m for m in warnings_of(tmp_path, items) if "is printed in" in m]
    assert "the answer 300 is printed in option 2 of item 'q-single-9'" in message
    items = [*CLEAN, numeric_item(1, 300, "cases", not_with=["q-single-9"]), option]
    assert warnings_of(tmp_path, items) == []
    marked = option.replace("    options:", "    not_with: [q-number-1]\n    options:")
    assert warnings_of(tmp_path, [*CLEAN, numeric_item(1, 300, "cases"), marked]) == []


@pytest.mark.parametrize(
    ("answer", "unit", "printed"),
    [
        (12, "hours", "A client is seen 12 times."),  # fewer than three digits
        (0.075, "percent", "Penetration is 7.5% this year."),
        (990, "cases", "It plans for 9,900 cases."),  # a longer number
        (990, "cases", "Its budget is $1,990 a case."),
        (990, "cases", "Its rate rose by 990% overnight."),  # a percent, not a count
        (330, "cases", "About 33% of the cases are at Level C."),
    ],
)
def test_small_numbers_and_other_numbers_are_not_taken_for_the_answer(
    tmp_path, answer, unit, printed
):
    """Are answers under three significant digits, and numbers that only contain the
    answer's digits, left alone?"""
    items = [*CLEAN, numeric_item(1, answer, unit), single(9, "Yes", ["No"], 0)]
    items[-1] = items[-1].replace("Question 9?", f'"{printed} Is that right?"')
    assert [m for m in warnings_of(tmp_path, items) if "is printed in" in m] == []


def test_items_kept_apart_count_once_toward_twice_the_draw(tmp_path):
    """With 4 items, 2 drawn and two kept apart, is the objective told that at most 3 can
    share an attempt, and so too few?"""
    path = tmp_path / "bank.yaml"
    header = HEADER.replace("{basics: 1}", "{basics: 2}")
    items = [
        *CLEAN[:3],
        CLEAN[4].replace("    rationale:", "    not_with: [q-single-1]\n    rationale:"),
    ]
    path.write_text(header + "".join(items), encoding="utf-8")
    messages = [w.message for w in check_paths([path]).warnings]
    assert any(
        "has 4 items (at most 3 can share an attempt) and each attempt draws 2" in m
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("answer", "unit", "tolerance", "prompt", "copied"),
    [
        (12, "none", 0, "Over a 12-week plan of 2 visits a week, how many weeks?", "12"),
        (0.35, "percent", 0, "Of 200 clients, 35% are at Level C. What percent is that?", "35"),
        (1586, "dollars", 0.5, "Level A pays $1,586 a case. What is the case rate?", "1586"),
        (
            4759,
            "dollars",
            1,
            "It works out to $4,758.60 a case. Round it to the dollar.",
            "4758.60",
        ),
        (0.5, "percent", 0, "Of 50 clients, 25 finished. What percent finished?", "50"),
    ],
)
def test_a_numeric_answer_printed_in_its_own_prompt_is_named(
    tmp_path, answer, unit, tolerance, prompt, copied
):
    """Is a number of the item's own prompt that the grader accepts as its answer (as a
    script would copy it: without $ or commas, within the tolerance; 50 typed for a percent
    is 50%) warned about?"""
    items = [*CLEAN, numeric_item(1, answer, unit, tolerance, prompt=prompt)]
    [message] = [m for m in warnings_of(tmp_path, items) if "own prompt" in m]
    assert f"typing “{copied}” is marked right" in message


@pytest.mark.parametrize(
    ("answer", "unit", "prompt"),
    [
        (9, "none", "Her ratings are 1, 2, 3, 2 and 1. What is her total?"),
        (120, "cases", "The plan covers 1,200 members, and 10 in 100 need care. How many?"),
        (0.25, "percent", "Of 80 clients, 20 finished. What percent finished?"),
    ],
)
def test_a_prompt_that_only_holds_other_numbers_is_left_alone(tmp_path, answer, unit, prompt):
    """Are numbers of the prompt that the grader would mark wrong (1,200 for 120; 20, which
    is 20%, for 25%) left alone?"""
    items = [*CLEAN, numeric_item(1, answer, unit, prompt=prompt)]
    assert [m for m in warnings_of(tmp_path, items) if "own prompt" in m] == []
