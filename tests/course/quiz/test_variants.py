"""Drawing one attempt's variant: reproducible, shuffled, and safe to show."""

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._numbers import format_number, number_hint
from caserate_kit.course._paths import quizzes_dir
from caserate_kit.course.quiz import _variants as variants
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._schema import (
    Bank,
    CalculationItem,
    NumericItem,
    Objective,
    OrderingItem,
    QuizSettings,
    SingleChoiceItem,
    is_typed,
)
from caserate_kit.course.quiz._variants import draw_counts, draw_variant, new_seed

from .test_apart import allowed_draws, bank_of, mixed_bank, statement, typed_bank

SAMPLE = Path(__file__).resolve().parents[3] / "quizzes" / "sample.yaml"
SEEDS = range(40)


@pytest.fixture(scope="module")
def bank():
    """The sample bank, which has every item type."""
    return load_bank(SAMPLE)


def test_the_same_bank_and_seed_always_give_the_same_variant(bank):
    """Does drawing twice with seed 2024 give the same questions, options and numbers?"""
    first, second = draw_variant(bank, 2024), draw_variant(bank, 2024)
    assert first.question_view() == second.question_view()
    assert first.item_ids == second.item_ids


def test_different_seeds_give_different_variants(bank):
    """Do 40 seeds give (almost) 40 different variants?"""
    views = {json.dumps(draw_variant(bank, seed).question_view()) for seed in SEEDS}
    assert len(views) >= 38


def test_each_objective_gives_the_number_of_items_draw_asks_for(bank):
    """Does every attempt take 2, 2, 2 and 1 items from the four objectives, none twice?"""
    for seed in SEEDS:
        variant = draw_variant(bank, seed)
        items = [shown.item for shown in variant.items]
        assert Counter(item.objective for item in items) == bank.quiz.draw
        assert len({item.id for item in items}) == len(items)


def test_over_many_attempts_every_item_is_drawn(bank):
    """Across 40 attempts, does every item of the bank appear at least once?"""
    drawn = {item_id for seed in SEEDS for item_id in draw_variant(bank, seed).item_ids.values()}
    assert drawn == {item.id for item in bank.items}


def test_the_question_order_is_shuffled(bank):
    """Does the first question come from different objectives across attempts?"""
    firsts = {draw_variant(bank, seed).items[0].item.objective for seed in SEEDS}
    assert len(firsts) > 1


def test_questions_are_keyed_q1_to_qn_in_the_order_shown(bank):
    """Are the question keys q1, q2, ... in display order?"""
    variant = draw_variant(bank, 5)
    assert [shown.key for shown in variant.items] == [f"q{n}" for n in range(1, 8)]


def test_options_are_keyed_a_b_c_in_the_order_shown(bank):
    """Are option keys the letters a, b, c, ... by displayed position?"""
    for shown in draw_variant(bank, 5).items:
        assert [o.key for o in shown.options] == list(
            "abcdefghijklmnopqrstuvwxyz"[: len(shown.options)]
        )


def test_the_correct_single_choice_option_moves_between_attempts(bank):
    """Across attempts, is the correct single-choice option shown in several positions?"""
    positions = set()
    for seed in SEEDS:
        for shown in draw_variant(bank, seed).items:
            if shown.item.id == "sample-what-single-1":
                assert isinstance(shown.item, SingleChoiceItem)
                positions |= {o.key for o in shown.options if shown.item.options[o.index].correct}
    assert len(positions) >= 3


def test_true_false_is_always_shown_true_then_false(bank):
    """Is a true/false item always shown as a: True, b: False?"""
    for seed in SEEDS:
        for shown in draw_variant(bank, seed).items:
            if shown.item.type == "true_false":
                assert [(o.key, o.text) for o in shown.options] == [("a", "True"), ("b", "False")]


def test_ordering_steps_are_never_shown_already_in_order(bank):
    """With eight steps, is the displayed order never the correct one?"""
    seen = 0
    for seed in range(300):
        for shown in draw_variant(bank, seed).items:
            if isinstance(shown.item, OrderingItem):
                seen += 1
                assert [o.index for o in shown.options] != list(range(len(shown.item.steps)))
    assert seen > 50


def two_step_bank():
    """A bank with one ordering item of only two steps."""
    item = OrderingItem.model_validate(
        {
            "id": "two-steps",
            "type": "ordering",
            "objective": "steps",
            "prompt": "Put these in order.",
            "rationale": "Population first.",
            "steps": [
                {"text": "Define the population", "feedback": "First."},
                {"text": "Estimate the penetration rate", "feedback": "Second."},
            ],
        }
    )
    quiz = QuizSettings(id="two", title="Two steps", time_estimate_minutes=1)
    return Bank(Path("two.yaml"), "0" * 12, quiz, (Objective(id="steps", text="Steps"),), (item,))


def test_two_steps_may_be_shown_in_either_order():
    """With only two steps, are both orders used (always swapping would give the answer away)?"""
    bank = two_step_bank()
    orders = {tuple(o.index for o in draw_variant(bank, seed).items[0].options) for seed in SEEDS}
    assert orders == {(0, 1), (1, 0)}


def test_calculation_numbers_are_drawn_from_their_ranges_and_shown_in_the_prompt(bank):
    """Are the drawn hours and rate inside their ranges and written into the prompt?"""
    for seed in SEEDS:
        for shown in draw_variant(bank, seed).items:
            if shown.item.id == "sample-rates-calculation-1":
                hours, rate = shown.values["hours"], shown.values["rate"]
                assert 10 <= hours <= 120
                assert 90 <= rate <= 200
                assert f" {hours:g} hours" in shown.prompt
                assert format_number(rate, "dollars") in shown.prompt


def test_calculation_answers_come_from_the_toolkit_function(bank):
    """Is a case-rate item's answer ck.case_rate of the drawn hours and rate?"""
    for seed in SEEDS:
        for shown in draw_variant(bank, seed).items:
            if shown.item.id == "sample-rates-calculation-1":
                assert shown.answer == ck.case_rate(shown.values["hours"], shown.values["rate"])


def test_calculation_items_are_shown_as_numeric_questions(bank):
    """Does the page see a calculation item as a numeric question with its unit and hint?"""
    for seed in SEEDS:
        for shown in draw_variant(bank, seed).items:
            if isinstance(shown.item, CalculationItem):
                view = shown.view()
                assert view["type"] == "numeric"
                assert view["unit"] == shown.item.unit
                assert view["hint"] == number_hint(shown.item.unit)


def test_a_draw_that_the_function_refuses_is_drawn_again():
    """If some drawn numbers make the function fail, does the variant use numbers that work?"""
    item = CalculationItem.model_validate(
        {
            "id": "caseload-1",
            "type": "calculation",
            "objective": "capacity",
            "prompt": "{hours} direct hours a year; {per_case} hours per case. Caseload?",
            "rationale": "Direct hours divided by hours per case.",
            "parameters": {"hours": {"min": 1000, "max": 1000}, "per_case": {"min": 0, "max": 1}},
            "function": "caseload",
            "arguments": {"direct_hours_per_fte": "hours", "avg_hours_per_case": "per_case"},
            "feedback": {"correct": "Right.", "incorrect": "Divide."},
        }
    )
    quiz = QuizSettings(id="cap", title="Capacity", time_estimate_minutes=1)
    bank = Bank(Path("cap.yaml"), "0" * 12, quiz, (Objective(id="capacity", text="C"),), (item,))
    for seed in SEEDS:
        assert draw_variant(bank, seed).items[0].answer == 1000


def test_the_seed_must_be_a_whole_number(bank):
    """Is a seed of "42" (text) refused with the toolkit's input error?"""
    with pytest.raises(ck.InvalidInputError, match="seed must be a whole number"):
        draw_variant(bank, "42")


def test_new_seeds_are_63_bit_and_differ():
    """Are new seeds non-negative, below 2**63, and different each time?"""
    seeds = [new_seed() for _ in range(20)]
    assert all(0 <= seed < 2**63 for seed in seeds)
    assert len(set(seeds)) == 20


def test_the_question_view_has_only_the_documented_fields(bank):
    """Does the page's view hold only the documented quiz and question fields?"""
    view = draw_variant(bank, 11).question_view()
    assert set(view) == {"quiz_id", "title", "pass_mark", "time_estimate_minutes", "questions"}
    allowed = {"key", "type", "prompt", "options", "unit", "hint"}
    for question in view["questions"]:
        assert set(question) <= allowed
        assert question["type"] in {"single", "multiple", "true_false", "numeric", "ordering"}
        for option in question.get("options", []):
            assert set(option) == {"key", "text"}


def _number_pattern(value):
    """A pattern for ``value`` as a learner might see it, not inside a longer number."""
    forms = {f"{value:g}", f"{value:,.0f}", f"{value:.0f}", f"{value:,.2f}", f"{value * 100:g}"}
    forms.add(format_number(value, "none"))
    alternatives = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")


def test_the_question_view_gives_no_answers_away(bank):
    """Serialized to JSON, is the view free of flags, ids, feedback, rationales and answers?"""
    for seed in SEEDS:
        variant = draw_variant(bank, seed)
        text = json.dumps(variant.question_view(), ensure_ascii=False)
        for word in ('"correct"', '"answer"', '"feedback"', '"rationale"', '"id"', '"index"'):
            assert word not in text
        for shown in variant.items:
            item = shown.item
            assert item.id not in text
            assert item.rationale not in text
            for choice in getattr(item, "options", ()) + getattr(item, "steps", ()):
                assert choice.feedback not in text
            if isinstance(item, NumericItem | CalculationItem):
                question = json.dumps({k: v for k, v in shown.view().items() if k != "hint"})
                assert not _number_pattern(shown.answer).search(question), (seed, question)
                assert item.feedback.correct not in text
                assert item.feedback.incorrect not in text
            if item.type == "true_false":
                assert item.feedback.true not in text
                assert item.feedback.false not in text


def test_the_question_view_is_plain_json(bank):
    """Does the view survive a round trip through JSON unchanged?"""
    view = draw_variant(bank, 3).question_view()
    assert json.loads(json.dumps(view)) == view


def test_a_not_with_pair_is_never_drawn_together_and_every_allowed_set_is_as_likely():
    """Over 1,000 attempts of a bank with a pair kept apart inside an objective and one
    across two, is no pair ever drawn, does every one of the 42 allowed sets appear, and
    are they drawn evenly (chi-square below the 0.1% point for 41 degrees of freedom)?"""
    bank = mixed_bank()
    seen = Counter()
    for seed in range(1_000):
        variant = draw_variant(bank, seed)
        ids = sorted(variant.item_ids.values())
        assert bank.kept_apart(ids), ids
        assert Counter(item.objective for item in (s.item for s in variant.items)) == {
            "a": 2,
            "b": 2,
        }
        seen[tuple(ids)] += 1
    assert len(seen) == 42
    expected = 1_000 / 42
    assert sum((count - expected) ** 2 / expected for count in seen.values()) < 74.7
    assert {item for ids in seen for item in ids} == {item.id for item in bank.items}


def test_a_bank_without_not_with_draws_as_it_always_has():
    """Does a bank without not_with draw exactly what the per-objective draw gave before
    the field existed, so that every stored attempt is rebuilt the same?"""
    bank = load_bank(SAMPLE)
    for seed in SEEDS:
        rng = random.Random(seed)
        before = []
        for objective in bank.objectives:
            pool = list(bank.items_for(objective.id))
            before.extend(rng.sample(pool, min(bank.draw_count(objective.id), len(pool))))
        rng.shuffle(before)
        plain = Bank(bank.path, bank.version, bank.quiz, bank.objectives, _without_not_with(bank))
        assert [s.item.id for s in draw_variant(plain, seed).items] == [i.id for i in before]


def _without_not_with(bank):
    return tuple(item.model_copy(update={"not_with": ()}) for item in bank.items)


def test_when_whole_draws_keep_clashing_pairs_are_kept_apart_item_by_item(monkeypatch):
    """If no whole draw kept the pairs apart, does the item-by-item draw still keep them
    apart and give every objective its count?"""
    monkeypatch.setattr(variants, "_APART_TRIES", 0)
    bank = mixed_bank()
    for seed in range(200):
        variant = draw_variant(bank, seed)
        assert bank.kept_apart(variant.item_ids.values())
        assert len(variant.items) == 4
    assert draw_variant(bank, 7).item_ids == draw_variant(bank, 7).item_ids


def test_an_objective_left_short_by_its_pairs_still_gives_its_count(monkeypatch):
    """In a bank validate refuses (three items all apart, two drawn), does the item-by-item
    draw still give the attempt its length rather than a shorter test?"""
    monkeypatch.setattr(variants, "_APART_TRIES", 0)
    items = [statement("x1", "x", ["x2", "x3"]), statement("x2", "x", ["x3"]), statement("x3", "x")]
    assert len(draw_variant(bank_of({"x": 2}, items), 3).items) == 2


def test_a_retake_never_asks_an_objective_for_more_than_can_share_an_attempt():
    """With three items of which two are kept apart, does a retake that missed the objective
    leave it at its two items instead of asking for three?"""
    items = [statement("x1", "x", ["x2"]), statement("x2", "x"), statement("x3", "x")]
    items += [statement(f"y{n}", "y") for n in range(1, 7)]
    bank = bank_of({"x": 2, "y": 3}, items)
    assert draw_counts(bank, ["x"]) == {"x": 2, "y": 3}
    freed = bank_of({"x": 2, "y": 3}, [i.model_copy(update={"not_with": ()}) for i in items])
    assert draw_counts(freed, ["x"]) == {"x": 3, "y": 2}


def typed_count(variant):
    """How many of a variant's questions ask for a typed number."""
    return sum(is_typed(shown.item) for shown in variant.items)


@pytest.mark.parametrize("lesson", [lesson.number for lesson in LESSONS])
def test_every_attempt_of_a_lesson_holds_the_typed_items_its_bank_asks_for(lesson):
    """Do 2,000 first tries, and 2,000 retakes (each objective missed alone, and all of
    them), of each lesson's post-test each hold at least 3 numeric or calculation items,
    with the counts the retake asks for and no not_with pair, and does a seed drawn again
    give the same attempt?"""
    bank = load_bank(quizzes_dir() / f"lesson-{lesson:02d}.yaml")
    assert bank.quiz.typed_per_attempt == 3
    names = [objective.id for objective in bank.objectives]
    retakes = [(name,) for name in names] + [tuple(names)]
    for seed in range(2_000):
        for focus in ((), retakes[seed % len(retakes)]):
            variant = draw_variant(bank, seed, focus)
            assert typed_count(variant) >= 3, (seed, focus, variant.item_ids)
            assert Counter(s.item.objective for s in variant.items) == {
                name: count for name, count in draw_counts(bank, focus).items() if count
            }
            assert bank.kept_apart(variant.item_ids.values())
            if seed % 100 == 0:
                assert draw_variant(bank, seed, focus).item_ids == variant.item_ids


def test_a_typed_minimum_draws_every_allowed_set_evenly_and_from_the_seed():
    """With 2 typed items asked for and pairs kept apart, over 1,000 attempts is each of
    the 15 allowed draws (and only those) drawn, evenly (chi-square below the 0.1% point
    for 14 degrees of freedom), and is each attempt the same when drawn again from its
    seed?"""
    bank = typed_bank(2)
    _, allowed = allowed_draws(bank, {"a": 2, "b": 2})
    seen = Counter()
    for seed in range(1_000):
        variant = draw_variant(bank, seed)
        seen[tuple(sorted(variant.item_ids.values()))] += 1
        assert draw_variant(bank, seed).item_ids == variant.item_ids
    assert len(allowed) == 15
    assert set(seen) == {tuple(sorted(draw)) for draw in allowed}
    expected = 1_000 / len(allowed)
    assert sum((count - expected) ** 2 / expected for count in seen.values()) < 36.12


def _drawn_before(bank, seed):
    """The items the draw took before typed_per_attempt existed: whole draws until one
    keeps every not_with pair apart, then shuffled."""
    rng = random.Random(seed)
    while True:
        chosen = []
        for objective in bank.objectives:
            pool = list(bank.items_for(objective.id))
            chosen.extend(rng.sample(pool, bank.draw_count(objective.id)))
        if bank.kept_apart(item.id for item in chosen):
            rng.shuffle(chosen)
            return [item.id for item in chosen]


def test_a_bank_without_a_typed_minimum_draws_as_it_did_before():
    """Does a bank with typed items but typed_per_attempt 0 draw, seed by seed, what the
    draw gave before the setting existed (stored attempts are rebuilt from their seed),
    and the same bank asking for 3 typed items draw something else at times?"""
    plain, typed = typed_bank(0), typed_bank(3)
    changed = 0
    for seed in SEEDS:
        ids = [shown.item.id for shown in draw_variant(plain, seed).items]
        assert ids == _drawn_before(plain, seed)
        changed += ids != [shown.item.id for shown in draw_variant(typed, seed).items]
    assert changed > 0


def test_when_whole_draws_keep_failing_the_typed_minimum_still_holds(monkeypatch):
    """If no whole draw met the rules, does the item-by-item draw still give 3 typed items,
    keep the pairs apart, give each objective its count, and repeat from its seed?"""
    monkeypatch.setattr(variants, "_APART_TRIES", 0)
    bank = typed_bank(3)
    for seed in range(200):
        variant = draw_variant(bank, seed)
        assert typed_count(variant) >= 3
        assert bank.kept_apart(variant.item_ids.values())
        assert Counter(s.item.objective for s in variant.items) == {"a": 2, "b": 2}
    assert draw_variant(bank, 7).item_ids == draw_variant(bank, 7).item_ids
