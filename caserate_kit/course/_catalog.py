"""The course catalog: the six lessons, in order, with what each one teaches."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LESSONS", "Lesson", "lesson_links_html"]


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course: its notebook name, title, outcomes and audience."""

    number: int
    slug: str
    title: str
    outcomes: tuple[str, ...]
    audience: str

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
        ),
        (
            "Everyone who requests, delivers or bills for care paid by a managed care plan: "
            "clinicians, case managers, intake and utilization staff."
        ),
    ),
    Lesson(
        2,
        "documenting_level_of_care",
        "Documenting the level of care",
        (
            "Write a chart entry that supports the level of care being paid for",
            "Explain retrospective audits and recoupment",
            "Track authorized units against units delivered and plan the re-authorization",
        ),
        (
            "Clinicians and case managers who write chart notes, and the intake, utilization and "
            "billing staff who track authorizations."
        ),
    ),
    Lesson(
        3,
        "what_case_rates_are",
        "Case rates: what they are and what they are not",
        (
            "Define a case rate (bundled payment)",
            "Read a utilization-cohort table",
            "Explain why a case rate is an average, not a budget for one person",
            "Name the two ways a provider earns value under a case rate",
        ),
        (
            "Clinicians, supervisors, and finance and billing staff whose agency is offered, or "
            "is weighing, a case-rate contract."
        ),
    ),
    Lesson(
        4,
        "setting_case_rates",
        "Setting case rates in eight steps",
        (
            "Carry out the eight rate-setting steps on a worked example and on your own numbers",
            "Reproduce a published set of case rates and the budget they imply",
        ),
        (
            "Finance, billing and program staff who build or check a case-rate budget, and "
            "clinical leaders who want to see where the numbers come from."
        ),
    ),
    Lesson(
        5,
        "managing_under_case_rates",
        "Managing under case rates",
        (
            "Balance clinician capacity with demand, and revenue with expense",
            "Set internal utilization guidelines and size a risk reserve",
            "Treat to target with PHQ-9 and GAD-7 scores",
        ),
        (
            "Program managers, clinical supervisors and finance staff who plan staffing and "
            "budgets, and clinicians who track outcomes with PHQ-9 or GAD-7."
        ),
    ),
    Lesson(
        6,
        "coordination_and_shared_risk",
        "Care coordination, utilization management and shared risk",
        (
            "Tell care coordination from utilization management",
            "Explain limited risk sharing and when a case rate suits a provider",
        ),
        (
            "Case managers, care coordinators, utilization staff and agency leaders deciding "
            "whether to take on shared risk."
        ),
    ),
)
"""The lessons in teaching order."""


def lesson_links_html(lessons_dir: Path, link_prefix: str = "../lessons/") -> str:
    """An accessible HTML list of the lessons, linking those whose notebook exists."""
    items = []
    for lesson in LESSONS:
        title = html.escape(f"Lesson {lesson.number}: {lesson.title}")
        outcomes = "".join(f"<li>{html.escape(o)}</li>" for o in lesson.outcomes)
        if (lessons_dir / lesson.notebook).exists():
            heading = f'<a href="{html.escape(link_prefix + lesson.notebook)}">{title}</a>'
        else:
            heading = f"{title} <span>(being written)</span>"
        items.append(
            f"<li><h3>{heading}</h3><p>After this lesson you will be able to:</p>"
            f"<ul>{outcomes}</ul></li>"
        )
    return f'<ol class="lesson-list" aria-label="Lessons">{"".join(items)}</ol>'
