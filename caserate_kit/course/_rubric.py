"""Course teaching rubric — not a clinical instrument.

A small, made-up rubric for practising level-of-care reasoning in the lessons:
five dimensions rated 1 (least need) to 4 (most need), and a simple rule that
maps the ratings to the course's four community levels, A to D. It is a
teaching device only, untested for reliability or validity; never use it to
place a real person. It is not LOCUS or CALOCUS (licensed instruments) and
reproduces nothing from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

from .._exceptions import InvalidInputError, OutOfRangeError

__all__ = [
    "RUBRIC_DIMENSIONS",
    "RUBRIC_LEVELS",
    "RUBRIC_NOTICE",
    "RubricDimension",
    "RubricPlacement",
    "RubricRatings",
    "place_on_rubric",
    "rubric_markdown",
]

RUBRIC_NOTICE = "Course teaching rubric — not a clinical instrument"

RUBRIC_LEVELS: Mapping[str, str] = MappingProxyType(
    {
        "A": "Maintenance",
        "B": "Low-intensity community care",
        "C": "High-intensity community care",
        "D": "Wraparound or ACT-level care",
    }
)
"""The course's four community levels of care, least to most intensive."""


@dataclass(frozen=True)
class RubricDimension:
    """One dimension of the teaching rubric and its four anchors.

    Parameters
    ----------
    key
        The field name in :class:`RubricRatings`, such as ``"safety"``.
    name
        The heading shown to learners.
    question
        What the rater asks about the person.
    anchors
        Plain-language descriptions of ratings 1, 2, 3 and 4, in that order.

    Examples
    --------
    >>> RUBRIC_DIMENSIONS[0].name, len(RUBRIC_DIMENSIONS[0].anchors)
    ('Safety risk', 4)
    """

    key: str
    name: str
    question: str
    anchors: tuple[str, str, str, str]


RUBRIC_DIMENSIONS: tuple[RubricDimension, ...] = (
    RubricDimension(
        "safety",
        "Safety risk",
        "How likely is harm to self or others right now?",
        (
            "No current thoughts or acts of harm; any past risk is well managed.",
            "Passing thoughts of harm with no plan or intent; uses a safety plan.",
            "Frequent thoughts of harm, a recent risky act, or a plan without intent.",
            "Intent, a plan with means, or serious recent harm: needs a same-day crisis check.",
        ),
    ),
    RubricDimension(
        "functioning",
        "Daily functioning",
        "How well does the person manage work, school, home and self-care?",
        (
            "Keeps up usual roles, with at most small slips.",
            "Keeps up most roles, with visible strain (missed days, unpaid bills).",
            "Losing a major role (job, school, housing) or needs prompting for self-care.",
            "Cannot meet basic daily needs without someone else doing it.",
        ),
    ),
    RubricDimension(
        "symptoms",
        "Symptom burden",
        "How much do symptoms get in the way?",
        (
            "Few symptoms, and they seldom interfere.",
            "Symptoms most days, which the person can mostly work around.",
            "Symptoms disrupt most days even with the current treatment.",
            "Severe symptoms (psychosis, mania, deep depression) take over the day.",
        ),
    ),
    RubricDimension(
        "support",
        "Support at home",
        "Who helps, and is home stable?",
        (
            "Stable home and people who help reliably.",
            "Some help, but it is patchy or stretched thin.",
            "Little reliable help, or home life adds to the stress.",
            "No safe, stable place to live, or home itself is harmful.",
        ),
    ),
    RubricDimension(
        "engagement",
        "Engagement and response to care",
        "Does the person take part in care, and has care helped before?",
        (
            "Takes part fully and has done well with similar care before.",
            "Takes part most of the time; past care helped partly.",
            "Often misses care, or gained little from care at this intensity before.",
            "Refuses or cannot take part; repeated crises despite past care.",
        ),
    ),
)
"""The five dimensions, in the order they are rated."""


@dataclass(frozen=True)
class RubricRatings:
    """One person's ratings on the five dimensions, each a whole number 1 to 4.

    Examples
    --------
    >>> RubricRatings(safety=1, functioning=2, symptoms=2, support=1, engagement=1).total
    7
    >>> RubricRatings(safety=5, functioning=2, symptoms=2, support=1, engagement=1)
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.OutOfRangeError: safety must be a rating from 1 to 4; got 5
    """

    safety: int
    functioning: int
    symptoms: int
    support: int
    engagement: int

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInputError(item.name, value, "must be a whole number from 1 to 4")
            if not 1 <= value <= 4:
                raise OutOfRangeError(item.name, value, "must be a rating from 1 to 4")

    @property
    def total(self) -> int:
        """The sum of the five ratings, 5 to 20."""
        return sum(getattr(self, item.name) for item in fields(self))


@dataclass(frozen=True)
class RubricPlacement:
    """The level the rubric's rule gives; made by :func:`place_on_rubric`.

    ``reasons`` explains the result in plain words; ``crisis_check`` is true when
    safety is rated 4, which calls for a same-day crisis evaluation.
    """

    level: str
    level_name: str
    total: int
    reasons: tuple[str, ...]
    crisis_check: bool


def place_on_rubric(ratings: RubricRatings) -> RubricPlacement:
    """Map ratings to the least intensive course level that the rule allows.

    The rule (a teaching device only): a total of 5-7 gives A, 8-11 B,
    12-15 C and 16-20 D. Then floors apply: any rating of 4, or a safety
    rating of 3, means at least C; a safety rating of 4 means D and a
    same-day crisis evaluation.

    Examples
    --------
    >>> place_on_rubric(RubricRatings(2, 2, 2, 2, 2)).level
    'B'
    >>> place = place_on_rubric(RubricRatings(safety=3, functioning=2, symptoms=2,
    ...                                       support=1, engagement=1))
    >>> place.level, place.total, place.reasons[-1]
    ('C', 9, 'A safety rating of 3 means at least level C.')
    >>> place_on_rubric("C")
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.InvalidInputError: ratings must be RubricRatings; got 'C'
    """
    if not isinstance(ratings, RubricRatings):
        raise InvalidInputError("ratings", ratings, "must be RubricRatings")
    total = ratings.total
    level = "A" if total <= 7 else "B" if total <= 11 else "C" if total <= 15 else "D"
    reasons = [f"The ratings add up to {total}, which gives level {level} by the total."]
    fours = [d.name.lower() for d in RUBRIC_DIMENSIONS if getattr(ratings, d.key) == 4]
    if fours and level < "C":
        level = "C"
        reasons.append(f"A rating of 4 ({', '.join(fours)}) means at least level C.")
    if ratings.safety == 3 and level < "C":
        level = "C"
        reasons.append("A safety rating of 3 means at least level C.")
    if ratings.safety == 4:
        level = "D"
        reasons.append("Safety is rated 4: level D, and a same-day crisis evaluation.")
    return RubricPlacement(level, RUBRIC_LEVELS[level], total, tuple(reasons), ratings.safety == 4)


def rubric_markdown() -> str:
    """The rubric as a Markdown table with its notice, for a lesson page.

    Examples
    --------
    >>> print(rubric_markdown().splitlines()[0])
    **Course teaching rubric — not a clinical instrument.** Rate each dimension 1 to 4.
    """
    lines = [
        f"**{RUBRIC_NOTICE}.** Rate each dimension 1 to 4.",
        "",
        "| Dimension | 1 | 2 | 3 | 4 |",
        "|---|---|---|---|---|",
    ]
    for dim in RUBRIC_DIMENSIONS:
        lines.append(f"| **{dim.name}**: {dim.question} | " + " | ".join(dim.anchors) + " |")
    return "\n".join(lines)
