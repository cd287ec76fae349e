"""Calculation items: the functions they may name, their numbers and their answers.

A calculation item never types its answer: it names one of the functions in
:data:`CALCULATIONS`, and the course calls it with the numbers drawn for the
attempt. Only those names can be called; nothing in a bank is run as code.
"""

from __future__ import annotations

import functools
import inspect
import math
import random
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from ..._budget import per_enrollee, per_member_per_month
from ..._capacity import caseload, ftes_needed, productive_hours
from ..._case_rates import case_rate
from ..._exceptions import InvalidInputError, OutOfRangeError
from ..._population import cases_from_penetration
from ..._validate import (
    require_fraction,
    require_non_negative,
    require_number,
    require_positive,
)
from .._numbers import format_number
from .._rubric import RUBRIC_DIMENSIONS, RubricRatings, place_on_rubric
from ._schema import CalculationItem, ParameterRange

__all__ = [
    "CALCULATIONS",
    "Calculation",
    "UnknownCalculationError",
    "budget_line",
    "calculate",
    "calculation_answer",
    "calculation_problems",
    "days_left",
    "draw_values",
    "fill_prompt",
    "format_value",
    "highest_values",
    "hours_left",
    "kept_in_corridor",
    "lowest_values",
    "placeholders",
    "points_to_step_down",
    "rubric_total",
    "score_drop",
    "service_hours",
    "share_above",
    "share_of",
]

_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")
_RANGE_SAMPLES: Final = 25


def budget_line(cases: float, case_rate: float) -> float:
    """One line of the budget: cases at a level times the level's case rate.

    Examples
    --------
    >>> budget_line(1_200, 4_759)
    5710800.0
    """
    count = require_non_negative("cases", cases)
    return count * require_non_negative("case_rate", case_rate)


def service_hours(cases: float, avg_hours: float) -> float:
    """Service hours a level needs: cases times average hours per case.

    Examples
    --------
    >>> service_hours(1_200, 30)
    36000.0
    """
    count = require_non_negative("cases", cases)
    return count * require_non_negative("avg_hours", avg_hours)


def days_left(limit_days: float, days_passed: float) -> float:
    """Calendar days left of a time limit (an appeal's, a decision's) after ``days_passed``.

    Examples
    --------
    >>> days_left(60, 7)
    53.0
    """
    return _left("limit_days", limit_days, "days_passed", days_passed)


def share_of(part: float, whole: float) -> float:
    """``part`` of ``whole`` as a share: shifts missed of shifts scheduled, for instance.

    Examples
    --------
    Priya S. missed 9 of her last 15 shifts (lesson 1):

    >>> share_of(9, 15)
    0.6
    """
    count = require_non_negative("part", part)
    total = require_positive("whole", whole)
    if count > total:
        raise OutOfRangeError("part", part, f"must be at most the whole, {total:g}")
    return count / total


def score_drop(baseline: float, current: float) -> float:
    """How far a questionnaire score (the PHQ-9, for instance) has fallen from ``baseline`` to
    ``current``, as a share of ``baseline``; negative when it rose.

    The same figure as :func:`caserate_kit.percent_change`, kept here so that reading a
    bank never loads that module's tables library.

    Examples
    --------
    Imani C.'s PHQ-9, 24 at intake and 19 now (lesson 1): a drop of about 21%.

    >>> round(score_drop(24, 19), 3)
    0.208
    """
    start, now = (
        _whole_score(name, value) for name, value in (("baseline", baseline), ("current", current))
    )
    if start == 0:
        raise OutOfRangeError("baseline", baseline, "must be above 0 to measure a drop from it")
    return (start - now) / start


def _whole_score(name: str, value: float) -> int:
    """A score as a whole number of zero or more."""
    number = require_non_negative(name, value)
    if not number.is_integer():
        raise InvalidInputError(name, value, "must be a whole score")
    return int(number)


def hours_left(limit_hours: float, hours_passed: float) -> float:
    """Clock hours left of a time limit counted in hours (an expedited decision's or
    appeal's) after ``hours_passed``.

    Examples
    --------
    >>> hours_left(72, 19)
    53.0
    """
    return _left("limit_hours", limit_hours, "hours_passed", hours_passed)


def _left(limit_name: str, limit_value: float, passed_name: str, passed_value: float) -> float:
    """What is left of a time limit, each figure checked under its own name."""
    limit = require_non_negative(limit_name, limit_value)
    passed = require_non_negative(passed_name, passed_value)
    if passed > limit:
        raise OutOfRangeError(passed_name, passed_value, f"must be at most the limit, {limit:g}")
    return limit - passed


def _rubric_ratings(
    safety: float, functioning: float, symptoms: float, support: float, engagement: float
) -> RubricRatings:
    """Drawn numbers (floats) as teaching-rubric ratings, each a whole number 1 to 4."""
    given = dict(
        zip(
            [d.key for d in RUBRIC_DIMENSIONS],
            [safety, functioning, symptoms, support, engagement],
            strict=True,
        )
    )
    whole = {}
    for name, value in given.items():
        number = require_number(name, value)
        if not number.is_integer():
            raise InvalidInputError(name, value, "must be a whole rating from 1 to 4")
        whole[name] = int(number)
    return RubricRatings(**whole)


def rubric_total(
    safety: float, functioning: float, symptoms: float, support: float, engagement: float
) -> float:
    """The course teaching rubric's total: the sum of the five ratings (5 to 20).

    Examples
    --------
    Dana R. at her 90-day review (lesson 1):

    >>> rubric_total(1, 2, 2, 2, 1)
    8.0
    """
    return float(_rubric_ratings(safety, functioning, symptoms, support, engagement).total)


def _level_by_total(total: int) -> str:
    """The level the teaching rubric's bands give ``total`` (5 to 13): the level of ratings
    that add up to it and set no floor (safety 1, the others 1 to 3)."""
    extra = total - 5
    others = [1 + min(2, max(0, extra - 2 * n)) for n in range(4)]
    return place_on_rubric(RubricRatings(1, *others)).level


def points_to_step_down(
    safety: float, functioning: float, symptoms: float, support: float, engagement: float
) -> float:
    """The fewest points the teaching-rubric total must fall before the placement rule
    points to a less intensive level, for ratings that set no floor (no rating of 4, a
    safety rating of 1 or 2), so that the total alone decides the level.

    Examples
    --------
    Ratings adding up to 13 (level C) must fall to 11, the top of level B's band:

    >>> points_to_step_down(2, 3, 3, 3, 2)
    2.0
    >>> points_to_step_down(1, 2, 2, 1, 1)
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.OutOfRangeError: ratings add up to 7, which points to level A, \
the least intensive level, so there is no level to step down to; got 7
    """
    ratings = _rubric_ratings(safety, functioning, symptoms, support, engagement)
    values = [getattr(ratings, d.key) for d in RUBRIC_DIMENSIONS]
    if 4 in values or ratings.safety >= 3:
        reason = (
            "set a floor (a rating of 4, or safety 3 or 4), so the total alone does not "
            "decide the level"
        )
        raise OutOfRangeError("ratings", tuple(values), reason)
    level = place_on_rubric(ratings).level
    lower = next((t for t in range(ratings.total - 1, 4, -1) if _level_by_total(t) < level), None)
    if lower is None:
        reason = (
            f"add up to {ratings.total}, which points to level {level}, the least intensive "
            "level, so there is no level to step down to"
        )
        raise OutOfRangeError("ratings", ratings.total, reason)
    return float(ratings.total - lower)


def share_above(amount: float, threshold: float, share: float) -> float:
    """``share`` of the part of ``amount`` above ``threshold`` (none when it is not above).

    What a payer pays under stop-loss (of one person's cost above the attachment
    point), or takes or pays under a risk corridor (of a gain or a loss beyond
    the band).

    Examples
    --------
    Stop-loss at $30,000, the plan paying 80% above it, for an adult whose care cost
    $46,500:

    >>> share_above(46_500, 30_000, 0.8)
    13200.0
    >>> share_above(25_000, 30_000, 0.8)
    0.0
    """
    total = require_non_negative("amount", amount)
    above = max(0.0, total - require_non_negative("threshold", threshold))
    return require_fraction("share", share) * above


def kept_in_corridor(result: float, band: float, share: float) -> float:
    """What a provider keeps of a gain, or bears of a loss, under a risk corridor: all of
    ``result`` up to ``band``, and of the rest all but the payer's ``share``.

    Examples
    --------
    A loss of $34,200 with a $6,000 band, the plan paying half beyond it:

    >>> kept_in_corridor(34_200, 6_000, 0.5)
    20100.0
    >>> kept_in_corridor(4_000, 6_000, 0.5)
    4000.0
    """
    return require_non_negative("result", result) - share_above(result, band, share)


@dataclass(frozen=True)
class Calculation:
    """A function a calculation item may name, with the arguments it takes.

    Parameters
    ----------
    name
        The name a bank uses (``case_rate``).
    function
        The function that computes the answer.
    description
        What it computes, in words, for the author's guide.
    """

    name: str
    function: Callable[..., float]
    description: str

    @property
    def required(self) -> tuple[str, ...]:
        """The arguments a bank must give."""
        return tuple(p.name for p in self._parameters() if p.default is inspect.Parameter.empty)

    @property
    def optional(self) -> tuple[str, ...]:
        """The arguments a bank may leave out (the function's default is used)."""
        return tuple(p.name for p in self._parameters() if p.default is not inspect.Parameter.empty)

    @property
    def arguments(self) -> tuple[str, ...]:
        """Every argument the function takes, in order."""
        return tuple(p.name for p in self._parameters())

    def _parameters(self) -> tuple[inspect.Parameter, ...]:
        return _signature(self.function)


@functools.cache
def _signature(function: Callable[..., float]) -> tuple[inspect.Parameter, ...]:
    """A function's parameters, read once (every drawn calculation question asks for them)."""
    return tuple(inspect.signature(function).parameters.values())


class UnknownCalculationError(InvalidInputError):
    """A bank names a calculation that is not in the registry."""


CALCULATIONS: Mapping[str, Calculation] = MappingProxyType(
    {
        entry.name: entry
        for entry in (
            Calculation("case_rate", case_rate, "average hours per case x rate per hour"),
            Calculation(
                "cases_from_penetration",
                cases_from_penetration,
                "enrollees x penetration rate (a share: 10% is 0.10)",
            ),
            Calculation("budget_line", budget_line, "cases x case rate"),
            Calculation("service_hours", service_hours, "cases x average hours per case"),
            Calculation("per_enrollee", per_enrollee, "total budget / enrollees"),
            Calculation(
                "per_member_per_month",
                per_member_per_month,
                "total budget / enrollees / months (12 unless given)",
            ),
            Calculation(
                "productive_hours",
                productive_hours,
                "(paid - leave - training hours) x productivity, for one FTE a year",
            ),
            Calculation("caseload", caseload, "direct-service hours per FTE / hours per case"),
            Calculation("ftes_needed", ftes_needed, "service hours / direct-service hours per FTE"),
            Calculation("days_left", days_left, "the calendar days of a limit not yet passed"),
            Calculation("share_of", share_of, "part / whole, a share (9 of 15 is 0.6)"),
            Calculation("hours_left", hours_left, "the clock hours of a limit not yet passed"),
            Calculation(
                "score_drop",
                score_drop,
                "(first score - newer score) / first score: a score's drop, as a share",
            ),
            Calculation(
                "rubric_total", rubric_total, "the sum of the five teaching-rubric ratings"
            ),
            Calculation(
                "points_to_step_down",
                points_to_step_down,
                "teaching-rubric total - the top of the next less intensive band (no floor set)",
            ),
            Calculation(
                "share_above",
                share_above,
                "share x (amount - threshold), or 0 when the amount is not above the threshold",
            ),
            Calculation(
                "kept_in_corridor",
                kept_in_corridor,
                "result - share x (result - band) beyond the band, the whole result within it",
            ),
        )
    }
)
"""Every calculation a bank may name, by name."""


def calculate(name: str, arguments: Mapping[str, float]) -> float:
    """Run the named calculation with keyword arguments and return its answer.

    Parameters
    ----------
    name
        A name in :data:`CALCULATIONS`.
    arguments
        Argument name to number.

    Returns
    -------
    float
        The answer, a finite number.

    Raises
    ------
    UnknownCalculationError
        If ``name`` is not in the registry.
    InvalidInputError
        If the arguments do not suit the function (its own error), or an
        argument is missing or unknown.
    OutOfRangeError
        If the answer is not a finite number.

    Examples
    --------
    >>> calculate("case_rate", {"avg_hours": 30, "rate_per_hour": 158.62})
    4758.6
    """
    entry = CALCULATIONS.get(name)
    if entry is None:
        known = ", ".join(sorted(CALCULATIONS))
        raise UnknownCalculationError("function", name, f"must be one of {known}")
    unknown = sorted(set(arguments) - set(entry.arguments))
    if unknown:
        raise InvalidInputError("arguments", sorted(arguments), f"names unknown {unknown}")
    missing = [arg for arg in entry.required if arg not in arguments]
    if missing:
        raise InvalidInputError("arguments", sorted(arguments), f"is missing {missing}")
    answer = float(entry.function(**arguments))
    if not math.isfinite(answer):
        raise OutOfRangeError(name, answer, "must give a finite number")
    return answer


def _step_count(parameter: ParameterRange) -> int:
    low, high, step = (Decimal(repr(v)) for v in (parameter.min, parameter.max, parameter.step))
    return int((high - low) // step) + 1


def _value(parameter: ParameterRange, position: int) -> float:
    return float(Decimal(repr(parameter.min)) + Decimal(repr(parameter.step)) * position)


def draw_values(item: CalculationItem, rng: random.Random) -> dict[str, float]:
    """Draw one value for each parameter: min, min + step, ... up to max."""
    return {
        name: _value(parameter, rng.randrange(_step_count(parameter)))
        for name, parameter in item.parameters.items()
    }


def lowest_values(item: CalculationItem) -> dict[str, float]:
    """Every parameter at its lowest value."""
    return {name: _value(p, 0) for name, p in item.parameters.items()}


def highest_values(item: CalculationItem) -> dict[str, float]:
    """Every parameter at the highest value its steps reach."""
    return {name: _value(p, _step_count(p) - 1) for name, p in item.parameters.items()}


def calculation_answer(item: CalculationItem, values: Mapping[str, float]) -> float:
    """The answer of a calculation item for the drawn ``values``.

    Raises
    ------
    InvalidInputError
        If the function refuses the numbers, or the item names something unknown.
    """
    arguments = {
        argument: values[source] if isinstance(source, str) else float(source)
        for argument, source in item.arguments.items()
    }
    return calculate(item.function, arguments)


def placeholders(prompt: str) -> list[str]:
    """The names inside ``{...}`` in a prompt, in order of appearance.

    Examples
    --------
    >>> placeholders("Average {hours} hours at {rate} an hour")
    ['hours', 'rate']
    """
    return _PLACEHOLDER.findall(prompt)


def format_value(parameter: ParameterRange, value: float) -> str:
    """Show a drawn value in its parameter's format, to the precision of its steps.

    Examples
    --------
    >>> format_value(ParameterRange(min=0.05, max=0.15, step=0.005, format="percent"), 0.075)
    '7.5%'
    """
    given = (parameter.min, parameter.step)
    exponents = [Decimal(repr(v)).normalize().as_tuple().exponent for v in given]
    decimals = max([0, *(-e for e in exponents if isinstance(e, int))])
    if parameter.format == "percent":
        decimals = max(decimals - 2, 0)
    return format_number(value, parameter.format, decimals)


def fill_prompt(item: CalculationItem, values: Mapping[str, float]) -> str:
    """The prompt with each ``{name}`` replaced by its drawn value, formatted."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values and name in item.parameters:
            return format_value(item.parameters[name], values[name])
        return match.group(0)

    return _PLACEHOLDER.sub(replace, item.prompt)


def calculation_problems(item: CalculationItem) -> Iterator[tuple[tuple[str, ...], str]]:
    """Why ``item`` cannot be drawn: each problem as (field path in the item, message)."""
    declared = ", ".join(item.parameters)
    wiring = list(_wiring_problems(item))
    yield from wiring
    shown = placeholders(item.prompt)
    unknown = [name for name in dict.fromkeys(shown) if name not in item.parameters]
    for name in unknown:
        message = f"the prompt uses {{{name}}}, which is not a declared parameter"
        yield ("prompt",), f"{message}; declared: {declared}"
    for name in item.parameters:
        if name not in shown:
            message = f"parameter {name!r} is never shown: the prompt has no {{{name}}}"
            yield ("parameters", name), message
    if not wiring and not unknown:
        yield from _range_problems(item)


def _wiring_problems(item: CalculationItem) -> Iterator[tuple[tuple[str, ...], str]]:
    entry = CALCULATIONS.get(item.function)
    if entry is None:
        message = f"function {item.function!r} is not a calculation the course knows"
        yield ("function",), f"{message}; use one of {', '.join(sorted(CALCULATIONS))}"
    else:
        takes = ", ".join(entry.arguments)
        for argument in item.arguments:
            if argument not in entry.arguments:
                message = f"arguments.{argument} is not an argument of {entry.name}"
                yield ("arguments", argument), f"{message}; it takes {takes}"
        for argument in entry.required:
            if argument not in item.arguments:
                yield ("arguments",), f"arguments must give {argument}, which {entry.name} needs"
    for argument, source in item.arguments.items():
        if isinstance(source, str) and source not in item.parameters:
            message = f"arguments.{argument} uses {source!r}, which is not a declared parameter"
            yield ("arguments", argument), f"{message}; declared: {', '.join(item.parameters)}"


def _range_problems(item: CalculationItem) -> Iterator[tuple[tuple[str, ...], str]]:
    rng = random.Random(item.id)
    trials = [lowest_values(item), highest_values(item)]
    trials += [draw_values(item, rng) for _ in range(_RANGE_SAMPLES)]
    for values in trials:
        try:
            calculation_answer(item, values)
        except (InvalidInputError, ArithmeticError) as error:
            numbers = " and ".join(
                f"{name} = {format_value(item.parameters[name], value)}"
                for name, value in values.items()
            )
            message = f"the ranges give no valid answer: with {numbers}"
            yield ("parameters",), f"{message}, {item.function} fails: {error}"
            return
