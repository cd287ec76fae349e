"""Items kept apart: how many can share an attempt, and the exact outcomes of the draw."""

import itertools
import math
from collections import defaultdict
from pathlib import Path

import pytest

from caserate_kit.course.quiz._apart import draw_outcomes, most_together, typed_spread
from caserate_kit.course.quiz._schema import (
    Bank,
    NumericItem,
    Objective,
    QuizSettings,
    TrueFalseItem,
    is_typed,
)


def statement(item_id, objective, not_with=()):
    """A true/false item of ``objective`` kept apart from ``not_with``."""
    return TrueFalseItem.model_validate(
        {
            "id": item_id,
            "type": "true_false",
            "objective": objective,
            "prompt": f"Statement {item_id}.",
            "answer": True,
            "feedback": {"true": "Right.", "false": "Not quite."},
            "rationale": "Because.",
            "not_with": list(not_with),
        }
    )


def number(item_id, objective, not_with=()):
    """A numeric item of ``objective`` kept apart from ``not_with``, with an answer no
    retaking script counts its way to (it counts toward ``typed_per_attempt``)."""
    return NumericItem.model_validate(
        {
            "id": item_id,
            "type": "numeric",
            "objective": objective,
            "prompt": f"How many for {item_id}?",
            "answer": 4759,
            "feedback": {"correct": "Right.", "incorrect": "Not quite."},
            "rationale": "Because.",
            "not_with": list(not_with),
        }
    )


def bank_of(draw, items, typed=0):
    """A bank drawing ``draw`` (objective -> count) from ``items``, with at least ``typed``
    numeric or calculation items in each attempt."""
    quiz = QuizSettings(
        id="apart", title="Apart", time_estimate_minutes=5, draw=draw, typed_per_attempt=typed
    )
    objectives = tuple(Objective(id=name, text=f"Know {name}") for name in draw)
    return Bank(Path("apart.yaml"), "0" * 12, quiz, objectives, tuple(items))


def test_not_with_is_read_both_ways():
    """Does naming b under a's not_with keep b apart from a too, and only those two?"""
    bank = bank_of({"x": 2}, [statement("a", "x", ["b"]), statement("b", "x"), statement("c", "x")])
    assert bank.apart == {"a": frozenset({"b"}), "b": frozenset({"a"})}
    assert not bank.kept_apart(["b", "c", "a"])
    assert bank.kept_apart(["a", "c"])


@pytest.mark.parametrize(
    ("pairs", "most"),
    [
        ({}, 6),
        ({"a": ["b"]}, 5),
        ({"a": ["b", "c", "d"]}, 5),  # a star: leave out its centre
        ({"a": ["b"], "b": ["c"], "c": ["d"]}, 4),  # a path a-b-c-d: a and c, or b and d
        ({"a": ["b", "c"], "b": ["c"]}, 4),  # a triangle: one of the three
        ({"a": ["b", "c", "d", "e", "f"], "b": ["c", "d", "e", "f"]}, 4),  # a, b or c..f
    ],
)
def test_most_together_is_the_largest_set_with_no_pair(pairs, most):
    """Is the count the size of the largest set of items with no two kept apart?"""
    items = [statement(name, "x", pairs.get(name, ())) for name in "abcdef"]
    bank = bank_of({"x": 1}, items)
    assert most_together(bank, "x") == most
    brute = max(
        size
        for size in range(7)
        for group in itertools.combinations("abcdef", size)
        if bank.kept_apart(group)
    )
    assert most == brute


def mixed_bank():
    """Two objectives, a pair kept apart inside one and a pair across the two."""
    items = [
        statement("a1", "a", ["a2"]),
        statement("a2", "a"),
        statement("a3", "a", ["b1"]),
        statement("a4", "a"),
        statement("a5", "a"),
        statement("b1", "b"),
        statement("b2", "b"),
        statement("b3", "b"),
        statement("b4", "b"),
    ]
    return bank_of({"a": 2, "b": 2}, items)


def allowed_draws(bank, counts):
    """Every allowed attempt, by brute force: one subset per objective, no pair inside, at
    least the typed items the bank asks for."""
    per_objective = [
        itertools.combinations([i.id for i in bank.items_for(o.id)], counts[o.id])
        for o in bank.objectives
    ]
    every = [sum(parts, ()) for parts in itertools.product(*per_objective)]
    least = bank.quiz.typed_per_attempt
    return every, [
        draw for draw in every if bank.kept_apart(draw) and typed_in(bank, draw) >= least
    ]


def typed_in(bank, draw):
    """How many of the items ``draw`` names are typed."""
    return sum(is_typed(bank.item(item_id)) for item_id in draw)


def typed_bank(least):
    """The mixed bank's pairs, with numeric items: two in a (one of them kept apart from
    another item of a), one in b kept apart from an item of a; ``least`` typed per attempt."""
    items = [
        number("a1", "a", ["a2"]),
        statement("a2", "a"),
        statement("a3", "a", ["b1"]),
        number("a4", "a"),
        statement("a5", "a"),
        number("b1", "b"),
        statement("b2", "b"),
        statement("b3", "b"),
        statement("b4", "b"),
    ]
    return bank_of({"a": 2, "b": 2}, items, least)


def test_the_share_of_allowed_draws_is_counted_exactly():
    """Of the 60 draws of 2 + 2, 18 hold a pair; is the share allowed 42 / 60?"""
    bank = mixed_bank()
    counts = {"a": 2, "b": 2}
    every, allowed = allowed_draws(bank, counts)
    assert (len(every), len(allowed)) == (60, 42)
    outcomes = draw_outcomes(bank, counts, dict.fromkeys((i.id for i in bank.items), 0.0))
    assert outcomes.allowed == pytest.approx(42 / 60)


@pytest.mark.parametrize("bank", [mixed_bank(), *map(typed_bank, range(4))])
def test_the_chances_of_each_outcome_match_every_allowed_draw_weighed_by_hand(bank):
    """With a chance of being right for each item, is the chance of each (number right,
    objectives missed) the average over the allowed draws, computed by brute force, and the
    share allowed theirs of all draws, with pairs kept apart and 0 to 3 typed items asked
    for?"""
    counts = {"a": 2, "b": 2}
    chances = {"a1": 0.9, "a2": 0.1, "a3": 0.5, "a4": 0.3, "a5": 0.7}
    chances |= {"b1": 0.2, "b2": 0.6, "b3": 1.0, "b4": 0.4}
    _, allowed = allowed_draws(bank, counts)
    expected = defaultdict(float)
    for draw in allowed:
        for answers in itertools.product((True, False), repeat=len(draw)):
            chance = math.prod(
                chances[item] if right else 1 - chances[item]
                for item, right in zip(draw, answers, strict=True)
            )
            missed = frozenset(
                item[0] for item, right in zip(draw, answers, strict=True) if not right
            )
            expected[(sum(answers), missed)] += chance / len(allowed)
    every, _ = allowed_draws(bank, counts)
    outcomes = draw_outcomes(bank, counts, chances)
    assert outcomes.allowed == pytest.approx(len(allowed) / len(every))
    found = outcomes.chances
    assert set(found) == {key for key, chance in expected.items() if chance}
    for key, chance in expected.items():
        assert found.get(key, 0.0) == pytest.approx(chance)


def test_a_bank_whose_pairs_clash_in_every_draw_allows_no_draw():
    """When every item of b is kept apart from every item of a, is nothing allowed?"""
    items = [statement("a1", "a", ["b1", "b2"]), statement("b1", "b"), statement("b2", "b")]
    bank = bank_of({"a": 1, "b": 1}, items)
    outcomes = draw_outcomes(bank, {"a": 1, "b": 1}, {"a1": 0.5, "b1": 0.5, "b2": 0.5})
    assert (outcomes.allowed, outcomes.chances) == (0.0, {})


@pytest.mark.parametrize("least", [0, 3])
def test_the_typed_items_draws_hold_are_counted_exactly(least):
    """Is the share of draws holding 0, 1, 2 and 3 typed items (pairs kept apart) what
    counting every draw gives, whatever minimum the bank asks for?"""
    bank = typed_bank(least)
    every, _ = allowed_draws(bank, {"a": 2, "b": 2})
    kept = [draw for draw in every if bank.kept_apart(draw)]
    expected = {n: sum(typed_in(bank, d) == n for d in kept) / len(every) for n in range(4)}
    spread = typed_spread(bank, {"a": 2, "b": 2})
    assert {n: spread.get(n, 0.0) for n in range(4)} == pytest.approx(expected)
    assert expected[3] > 0


def test_a_typed_minimum_no_draw_can_hold_allows_no_draw():
    """With three typed items in the bank, is a minimum of 4 met by no draw?"""
    bank = typed_bank(4)
    outcomes = draw_outcomes(bank, {"a": 2, "b": 2}, dict.fromkeys((i.id for i in bank.items), 0.5))
    assert (outcomes.allowed, outcomes.chances) == (0.0, {})
