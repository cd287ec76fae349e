"""Items kept apart, and typed items asked for: what an attempt is free to draw.

An item may name others it must never share an attempt with (``not_with``,
read both ways: :attr:`~._schema.Bank.apart`), for instance one whose prompt
prints its answer; and a bank may ask every attempt for a few typed items
(``quiz.typed_per_attempt``: numeric or calculation). An attempt is drawn
uniformly among the sets that keep every pair apart and hold those typed
items (:mod:`._variants`). Here are the counts behind that: how many items of
an objective can share an attempt (:func:`most_together`), how many typed
items the draws can hold (:func:`typed_spread`), and, over every allowed
draw, the chance of each number of right answers for a learner who gets each
item right with a known chance (:func:`draw_outcomes`), with the share of
draws allowed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ._schema import Bank, Item, is_typed

__all__ = ["DrawOutcomes", "draw_outcomes", "most_together", "typed_spread"]

_Apart = Mapping[str, frozenset[str]]


def most_together(bank: Bank, objective: str) -> int:
    """The most items of ``objective`` that one attempt can hold, no two kept apart.

    Examples
    --------
    Without ``not_with`` it is every item of the objective:

    >>> from types import SimpleNamespace as NS
    >>> items = [NS(id="a"), NS(id="b"), NS(id="c")]
    >>> most_together(NS(items_for=lambda name: items, apart={}), "x")
    3
    >>> apart = {"a": frozenset("bc"), "b": frozenset("a"), "c": frozenset("a")}
    >>> most_together(NS(items_for=lambda name: items, apart=apart), "x")
    2
    """
    ids = {item.id for item in bank.items_for(objective)}
    tied = frozenset(ids & set(bank.apart))
    return len(ids) - len(tied) + _most_apart(tied, bank.apart, {})


def _most_apart(ids: frozenset[str], apart: _Apart, known: dict[frozenset[str], int]) -> int:
    """The size of the largest set of ``ids`` no two of which are kept apart.

    Exact: an item with at most one partner left is always worth taking;
    otherwise the item with the most partners is either left out or taken
    (and its partners left out). The groups authors mark are small.
    """
    if not ids:
        return 0
    if ids in known:
        return known[ids]
    partners = {item: apart.get(item, frozenset()) & ids for item in sorted(ids)}
    item = min(partners, key=lambda name: (len(partners[name]), name))
    if len(partners[item]) <= 1:
        most = 1 + _most_apart(ids - partners[item] - {item}, apart, known)
    else:
        item = max(partners, key=lambda name: (len(partners[name]), name))
        most = max(
            _most_apart(ids - {item}, apart, known),
            1 + _most_apart(ids - partners[item] - {item}, apart, known),
        )
    known[ids] = most
    return most


@dataclass(frozen=True)
class DrawOutcomes:
    """What the draws with given counts hold, over the draws an attempt may be.

    An attempt may be a draw that keeps every ``not_with`` pair apart and
    holds at least ``quiz.typed_per_attempt`` typed items (numeric or
    calculation). ``chances`` maps (number right, objectives with a wrong
    answer) to its chance over those draws; ``allowed`` is their share of
    all draws (one uniform subset per objective): 1 for a bank without
    ``not_with`` or a typed minimum, 0 when no attempt can be drawn.
    """

    chances: Mapping[tuple[int, frozenset[str]], float]
    allowed: float


_State = tuple[int, frozenset[str], frozenset[str], int]
"""Right so far, objectives missed, items held that are kept apart from an item of a later
objective, typed items held (counted up to a cap)."""


def draw_outcomes(
    bank: Bank, counts: Mapping[str, int], chances: Mapping[str, float]
) -> DrawOutcomes:
    """The outcomes of an attempt drawn with ``counts`` items per objective, exactly.

    Each item is answered right with its chance in ``chances`` (by item id),
    independently. The attempt is one uniform draw among the sets of
    ``counts[objective]`` items of each objective that keep every ``not_with``
    pair apart and hold at least ``quiz.typed_per_attempt`` typed items, which
    is what :func:`~._variants.draw_variant` draws: the typed items held are
    counted (up to that minimum) objective by objective, and only the draws
    that reach it are kept.
    """
    least = bank.quiz.typed_per_attempt
    states, draws = _draw_states(bank, counts, chances, least)
    kept = {state: weight for state, weight in states.items() if state[3] >= least}
    total = sum(kept.values())
    outcomes: dict[tuple[int, frozenset[str]], float] = defaultdict(float)
    for (right, missed, _, _), weight in kept.items():
        outcomes[(right, missed)] += weight / total
    return DrawOutcomes(dict(outcomes), total / draws)


def typed_spread(bank: Bank, counts: Mapping[str, int]) -> dict[int, float]:
    """Of all the draws with ``counts`` (one uniform subset per objective), the share that
    keep every ``not_with`` pair apart and hold each number of typed items, whatever
    ``quiz.typed_per_attempt`` asks.

    Examples
    --------
    Two of three items drawn, one of them numeric: two draws in three hold it.

    >>> from types import SimpleNamespace as NS
    >>> from caserate_kit.course.quiz._schema import NumericItem
    >>> number = NumericItem.model_construct(id="n", objective="x", answer=4759.0)
    >>> items = [number, NS(id="a", objective="x"), NS(id="b", objective="x")]
    >>> bank = NS(objectives=[NS(id="x")], items_for=lambda name: items, apart={}, items=items)
    >>> {typed: round(share, 3) for typed, share in sorted(typed_spread(bank, {"x": 2}).items())}
    {0: 0.333, 1: 0.667}
    """
    never = dict.fromkeys((item.id for item in bank.items), 0.0)
    states, draws = _draw_states(bank, counts, never, sum(counts.values()))
    spread: dict[int, float] = defaultdict(float)
    for (_, _, _, typed), weight in states.items():
        spread[typed] += weight / draws
    return dict(spread)


def _draw_states(
    bank: Bank, counts: Mapping[str, int], chances: Mapping[str, float], cap: int
) -> tuple[dict[_State, float], int]:
    """Summed over the draws that keep every pair apart, the chance of each state after
    the last objective (typed items counted up to ``cap``); and how many draws there are."""
    objective_of = {item.id: item.objective for item in bank.items}
    states: dict[_State, float] = {(0, frozenset(), frozenset(), 0): 1.0}
    draws = 1
    for objective in bank.objectives:
        items = bank.items_for(objective.id)
        drawn = min(counts.get(objective.id, 0), len(items))
        if not drawn:
            continue
        draws *= math.comb(len(items), drawn)
        spreads = _objective_spreads(bank, items, drawn, chances, objective_of, cap)
        following: dict[_State, float] = defaultdict(float)
        for (right, missed, held, typed), chance in states.items():
            for (group, more), spread in spreads.items():
                if any(bank.apart[item] & held for item in group):
                    continue
                after_typed = min(cap, typed + more)
                for got, weight in enumerate(spread):
                    if weight:
                        after = missed | {objective.id} if got < drawn else missed
                        following[(right + got, after, held | group, after_typed)] += (
                            chance * weight
                        )
        states = following
    return states, draws


def _objective_spreads(
    bank: Bank,
    items: Sequence[Item],
    drawn: int,
    chances: Mapping[str, float],
    objective_of: Mapping[str, str],
    cap: int,
) -> dict[tuple[frozenset[str], int], list[float]]:
    """The draws of ``drawn`` of ``items`` that keep their pairs apart, by the items they
    hold that are kept apart from items of other objectives and by the typed items they
    hold (up to ``cap``): summed over those draws, the chance of 0, 1, ... ``drawn`` right
    answers."""
    typed = {item.id for item in items if cap and is_typed(item)}
    tied = [item.id for item in items if item.id in bank.apart]
    free = [(chances[i.id], i.id in typed) for i in items if i.id not in bank.apart]
    table = _subset_table(free, drawn, min(cap, drawn))
    spreads: dict[tuple[frozenset[str], int], list[float]] = {}
    least = max(0, drawn - len(free))
    for group in _groups(tied, least, drawn, bank.apart):
        rest = drawn - len(group)
        outside = frozenset(
            item
            for item in group
            if any(objective_of[other] != objective_of[item] for other in bank.apart[item])
        )
        in_group = sum(item in typed for item in group)
        for more, counted in enumerate(table[rest]):
            spread = counted[: rest + 1]
            if not any(spread):
                continue
            for item in group:
                spread = _with_one_more(spread, chances[item])
            key = (outside, min(cap, more + in_group))
            summed = spreads.setdefault(key, [0.0] * (drawn + 1))
            for got, weight in enumerate(spread):
                summed[got] += weight
    return spreads


def _subset_table(
    items: Sequence[tuple[float, bool]], most: int, cap: int
) -> list[list[list[float]]]:
    """``table[k][t][r]``: summed over the subsets of ``k`` of the items that hold ``t``
    typed ones (counted up to ``cap``), the chance of ``r`` right (``k`` up to ``most``;
    with every chance 0, ``table[k][t][0]`` counts the subsets). Each item is its chance
    of being right and whether it is typed."""
    ways = [[[0.0] * (most + 1) for _ in range(cap + 1)] for _ in range(most + 1)]
    ways[0][0][0] = 1.0
    for chance, typed in items:
        for k in range(most, 0, -1):
            for t, before in enumerate(ways[k - 1]):
                row = ways[k][min(cap, t + 1) if typed else t]
                for r in range(k - 1, -1, -1):
                    if before[r]:
                        row[r] += before[r] * (1 - chance)
                        row[r + 1] += before[r] * chance
    return ways


def _with_one_more(spread: Sequence[float], chance: float) -> list[float]:
    """The chances of 0, 1, ... right after one more item, right with ``chance``."""
    grown = [0.0] * (len(spread) + 1)
    for right, weight in enumerate(spread):
        grown[right] += weight * (1 - chance)
        grown[right + 1] += weight * chance
    return grown


def _groups(tied: Sequence[str], least: int, most: int, apart: _Apart) -> Iterator[tuple[str, ...]]:
    """Every set of ``least`` to ``most`` of ``tied`` with no two kept apart."""

    def extend(
        start: int, group: tuple[str, ...], blocked: frozenset[str]
    ) -> Iterator[tuple[str, ...]]:
        if len(group) >= least:
            yield group
        if len(group) == most:
            return
        for index in range(start, len(tied)):
            item = tied[index]
            if item not in blocked:
                yield from extend(index + 1, (*group, item), blocked | apart[item])

    yield from extend(0, (), frozenset())
