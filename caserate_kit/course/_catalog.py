"""The course catalog: the six lessons, in order, with what each one teaches and at what level.

A lesson is found by its number (3) or its course id ("lesson-03"), the id
that records, quizzes and certificates use, with :func:`find_lesson` (or
:func:`lesson_for`, which refuses an unknown one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._exceptions import InvalidInputError
from ._paths import quizzes_dir

__all__ = [
    "LESSONS",
    "LEVELS",
    "PROGRAM_TITLE",
    "Lesson",
    "bank_path",
    "course_id",
    "find_lesson",
    "lesson_for",
    "next_lesson",
]

PROGRAM_TITLE = "Managed care and case rates"
"""The program the six lessons make up, as every page and certificate names it."""

LEVELS: dict[str, str] = {
    "introductory": "for staff new to the topic; no earlier lesson assumed",
    "intermediate": "builds on the earlier lessons or on working experience of the topic",
    "advanced": "for staff who already apply the topic and want its finer points",
}
"""The instructional levels a lesson can have, each with what it means for the learner."""


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course: its notebook name, title, outcomes, audience and level.

    The instructional level (one of :data:`LEVELS`) lives here, beside the
    outcomes and audience it follows from: it describes the lesson's content
    and changes only when the lesson does, while ``course.toml`` holds what the
    issuing organization supplies (provider, authors, reviewers, dates).
    """

    number: int
    slug: str
    title: str
    outcomes: tuple[str, ...]
    audience: str
    level: str

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise InvalidInputError(
                "level", self.level, f"must be one of {', '.join(LEVELS)} (the lesson's level)"
            )

    @property
    def notebook(self) -> str:
        """The lesson notebook's file name inside ``lessons/``."""
        return f"{self.number:02d}_{self.slug}.ipynb"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        1,
        "how_managed_care_decides",
        "How managed care decides what to pay for",
        (
            "Name the four core concepts a health plan weighs before it authorizes care",
            "Tell a request for treatment from a request for social support",
            "Explain stepping down to a less intensive, less restrictive setting",
            "Explain how a plan reviews care and what follows when it says no",
        ),
        (
            "Everyone who requests, delivers or bills for care paid by a managed care plan: "
            "clinicians, case managers, intake and utilization staff."
        ),
        "introductory",
    ),
    Lesson(
        2,
        "documenting_level_of_care",
        "Documenting the level of care",
        (
            "Write a chart entry that supports the level of care being paid for",
            "Explain retrospective audits and recoupment",
            "Track authorized units against units used and find when re-authorization is due",
            "Decide what to do when progress stalls and what a plateau means for authorization",
        ),
        (
            "Clinicians and case managers who write chart notes, and the intake, utilization and "
            "billing staff who track authorizations."
        ),
        "introductory",
    ),
    Lesson(
        3,
        "what_case_rates_are",
        "Case rates: what they are and what they are not",
        (
            "Define a case rate (bundled payment)",
            "Interpret a utilization-cohort table",
            "Explain why a case rate is an average, not a budget for one person",
            "Name the two ways a provider earns value under a case rate",
        ),
        (
            "Clinicians, supervisors, and finance and billing staff whose agency is offered, or "
            "is weighing, a case-rate contract."
        ),
        "introductory",
    ),
    Lesson(
        4,
        "setting_case_rates",
        "Setting case rates in eight steps",
        (
            "Name what each of the eight rate-setting steps decides, and their order",
            "Explain why the cost per hour is weighted by the hours of each service code",
            "Name the current CPT codes that replaced the retired ones in Admirable's table",
            "Calculate case rates and the budget they imply from published or local figures",
            "Match each incentive of flat or tiered case rates to the safeguard that checks it",
            "Predict how a change in penetration or case mix moves the case rates and budget",
        ),
        (
            "Finance, billing and program staff who build or check a case-rate budget, and "
            "clinical leaders who want to see where the numbers come from."
        ),
        "intermediate",
    ),
    Lesson(
        5,
        "managing_under_case_rates",
        "Managing under case rates",
        (
            "Calculate the direct-service FTEs a program needs from its service hours",
            "Decide which changes balance revenue and expense in a clinical-financial model",
            "Apply the internal UM guideline ranges to care plans and caseloads",
            "Calculate a risk reserve from the simulated cost at a chosen percentile",
            "Decide from PHQ-9 and GAD-7 scores whether a care plan is on target or must change",
        ),
        (
            "Program managers, clinical supervisors and finance staff who plan staffing and "
            "budgets, and clinicians who track outcomes with PHQ-9 or GAD-7."
        ),
        "intermediate",
    ),
    Lesson(
        6,
        "coordination_and_shared_risk",
        "Care coordination, utilization management and shared risk",
        (
            "Tell care coordination apart from utilization management",
            "Explain how a plan's financial risk is controlled and shared with a provider",
            "Decide whether a limited-risk case rate suits a provider and its clients",
        ),
        (
            "Case managers, care coordinators, utilization staff and agency leaders deciding "
            "whether to take on shared risk."
        ),
        "intermediate",
    ),
)
"""The lessons in teaching order."""


def course_id(lesson: Lesson) -> str:
    """The course id of a lesson, as records, quizzes and certificates use it.

    Examples
    --------
    >>> course_id(LESSONS[2])
    'lesson-03'
    """
    return f"lesson-{lesson.number:02d}"


def find_lesson(key: int | str) -> Lesson | None:
    """The lesson numbered ``key`` (3) or with the course id ``key`` ("lesson-03"), or ``None``.

    Examples
    --------
    >>> find_lesson(3) == find_lesson("lesson-03") == LESSONS[2]
    True
    >>> find_lesson("lesson-99") is None
    True
    """
    if isinstance(key, bool):
        return None
    return next((lesson for lesson in LESSONS if key in (lesson.number, course_id(lesson))), None)


def next_lesson(lesson: Lesson) -> Lesson | None:
    """The lesson after ``lesson``, or ``None`` after the last.

    >>> next_lesson(LESSONS[0]) == LESSONS[1], next_lesson(LESSONS[-1])
    (True, None)
    """
    return find_lesson(lesson.number + 1)


def lesson_for(key: int | str) -> Lesson:
    """:func:`find_lesson`, refusing a number or course id that names no lesson.

    Examples
    --------
    >>> lesson_for("lesson-03").title
    'Case rates: what they are and what they are not'
    >>> lesson_for(7)
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.InvalidInputError: lesson must be a lesson number from 1 to 6; got 7
    """
    found = find_lesson(key)
    if found is not None:
        return found
    if isinstance(key, str):
        known = ", ".join(course_id(lesson) for lesson in LESSONS)
        raise InvalidInputError("lesson", key, f"must be a course id of this course ({known})")
    raise InvalidInputError("lesson", key, f"must be a lesson number from 1 to {len(LESSONS)}")


def bank_path(lesson: Lesson) -> Path:
    """The question bank of ``lesson``'s post-test: ``quizzes/lesson-0N.yaml``."""
    return quizzes_dir() / f"{course_id(lesson)}.yaml"
