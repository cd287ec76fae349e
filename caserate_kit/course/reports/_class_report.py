"""The trainer dashboard's report: cards, tables, a score histogram and CSV downloads, as HTML.

:func:`report_html` builds the unlocked page's report for one lesson or for all
of them from :class:`~._class_records.ClassRecords`; the item analysis comes
from :mod:`._item_analysis`.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from statistics import median
from typing import Final

import pandas as pd

from .._catalog import LESSONS, course_id
from .._figures import figure_html
from .._numbers import format_percent
from ..connections._status import DestinationStatus
from ..quiz import Bank
from ..records import AttemptRecord
from ._class_records import ClassRecords, lesson_label, roster
from ._flags import Flag, flagged_tries
from ._item_analysis import item_analysis, item_scores, lesson_summary

__all__ = ["csv_link", "report_html", "score_histogram", "table_html"]


def score_histogram(scores: Sequence[float], passed: int, pass_mark: float, scope: str) -> str:
    """A histogram of post-test scores with the pass mark marked, as an HTML figure.

    Bars below the pass mark are hatched and the rest solid, and the legend
    says which is which, so the plot does not rely on colour; a sentence
    under it says what it shows. ``passed`` counts the passing attempts.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    counts = [0] * 10
    for score in scores:
        counts[min(round(score * 100) // 10, 9)] += 1
    mark = round(pass_mark * 100)
    figure = Figure(figsize=(7.6, 3.1), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    for below in (True, False):
        lows = [10 * i for i in range(10) if (10 * i < mark) is below]
        axes.bar(
            lows,
            [counts[low // 10] for low in lows],
            width=9.2,
            align="edge",
            color="#ffffff" if below else "#17324d",
            edgecolor="#17324d",
            hatch="///" if below else "",
            label=f"{'Below' if below else 'At or above'} the {mark}% pass mark",
        )
    axes.axvline(mark, color="#7a4100", linestyle="--", linewidth=1.5)
    axes.annotate(
        f"Pass mark {mark}%",
        (mark, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-4, -2),
        textcoords="offset points",
        ha="right",
        va="top",
        color="#7a4100",
    )
    axes.set(
        xlim=(0, 100),
        xticks=range(0, 101, 10),
        xlabel="Score (% of questions right)",
        ylabel="Submitted attempts",
        title=f"Post-test scores: {scope}",
    )
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper left", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    plural = "s" if len(scores) != 1 else ""
    words = (
        f"Histogram of {len(scores)} submitted post-test attempt{plural} for {scope}, in steps "
        f"of 10 points: {passed} passed and {len(scores) - passed} did not. Scores ran from "
        f"{format_percent(min(scores))} to {format_percent(max(scores))}; the median was "
        f"{format_percent(median(scores))}. "
        f"A dashed line marks the {mark}% pass mark."
    )
    image = figure_html(
        figure, f"Histogram of post-test scores for {scope}", 110, described_by="ck-dash-plot-words"
    )
    return (
        f"<figure class='ck-dash-figure'>{image}"
        f"<figcaption id='ck-dash-plot-words'>{html.escape(words)}</figcaption></figure>"
    )


def _spreadsheet_safe(value: object) -> object:
    """Text a learner typed, kept from being read as a formula by a spreadsheet."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return f"'{value}"
    return value


def csv_link(table: pd.DataFrame, filename: str, label: str) -> str:
    """A link that downloads ``table`` as CSV (UTF-8 with a byte-order mark, for Excel)."""
    safe = table.map(_spreadsheet_safe)
    text = "\ufeff" + safe.to_csv(index=False, lineterminator="\r\n")
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f"<a class='ck-dash-download' download='{html.escape(filename)}' "
        f"href='data:text/csv;base64,{data}'>{html.escape(label)}</a>"
    )


def _text(value: object) -> str:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return "<span class='ck-dash-none'>—</span>"
    return html.escape(str(value))


def _number(value: float, template: str) -> str:
    """``value`` written by ``template`` (such as ``"{:.0f} min"``); blank when it is missing."""
    return _text(None if pd.isna(value) else template.format(value))


def _percent(share: float) -> str:
    return "" if pd.isna(share) else format_percent(share)


def table_html(rows: Sequence[Mapping[str, str]], caption: str, labels: Mapping[str, str]) -> str:
    """An accessible table of ``rows`` (cells already HTML), headed by ``labels``."""
    head = "".join(f"<th scope='col'>{html.escape(text)}</th>" for text in labels.values())
    body = "".join(
        "<tr>" + "".join(f"<td class='ck-dash-c-{key}'>{row[key]}</td>" for key in labels) + "</tr>"
        for row in rows
    )
    name = html.escape(caption)
    return (
        f"<div class='ck-dash-scroll' role='region' aria-label='{name}' tabindex='0'>"
        f"<table class='ck-dash-table'><caption>{name}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _lessons_table(done: Sequence[AttemptRecord]) -> str:
    frame = pd.DataFrame(
        [(a.learner_id, a.quiz_id, a.submitted_at, a.passed) for a in done],
        columns=["learner_id", "quiz_id", "submitted_at", "passed"],
    )
    summary = {str(row["quiz_id"]): row for row in lesson_summary(frame).to_dict("records")}
    known = [course_id(lesson) for lesson in LESSONS]
    rows = []
    for quiz in known + sorted(set(summary) - set(known)):
        row = summary.get(quiz, {})
        rows.append(
            {
                "lesson": _text(lesson_label(quiz)),
                "learners": _text(row.get("learners", 0)),
                "attempts": _text(row.get("attempts", 0)),
                "passed": _text(row.get("learners_passed", 0)),
                "rate": _percent(float(row.get("pass_rate", math.nan))),
                "tries": _text(round(float(row.get("mean_attempts_to_pass", math.nan)), 1)),
            }
        )
    labels = {
        "lesson": "Lesson",
        "learners": "Learners tested",
        "attempts": "Attempts",
        "passed": "Learners passed",
        "rate": "Pass rate",
        "tries": "Attempts to pass (mean)",
    }
    return table_html(rows, "Post-test results per lesson", labels)


_BADGES: Final = {
    "Completed": "ck-dash-good",
    "Passed": "ck-dash-good",
    "Not passed yet": "ck-dash-warn",
}


def _roster_table(people: pd.DataFrame) -> str:
    rows = [
        {
            "learner": _text(row["learner"]),
            "email": _text(row["email"]),
            "lesson": _text(row["lesson"]),
            "status": f"<span class='ck-dash-badge {_BADGES.get(row['status'], '')}'>"
            f"{html.escape(row['status'])}</span>",
            "best": _number(row["best_score_percent"], "{:.0f}%"),
            "attempts": _text(row["attempts"]),
            "time": _number(row["minutes_in_lesson"], "{:.0f} min"),
            "code": _text(row["certificate_code"]),
        }
        for row in people.to_dict("records")
    ]
    labels = {
        "learner": "Learner",
        "email": "Email",
        "lesson": "Lesson",
        "status": "Status",
        "best": "Best score",
        "attempts": "Attempts",
        "time": "Time in lesson",
        "code": "Certificate code",
    }
    return table_html(rows, "Roster: progress of each learner", labels)


def learners_table(records: ClassRecords) -> str:
    """Every learner record (merged ones once): name, email, license, first sign-in and id.

    Two records with one name or email may be one person who signed in twice;
    the record ids are what a merge or a code reset names.
    """
    rows = [
        {
            "learner": _text(learner.name),
            "email": _text(learner.email or "none"),
            "license": _text(learner.license_number or "none"),
            "since": _text(f"{learner.created_at:%Y-%m-%d}"),
            "id": f"<code>{html.escape(learner.id)}</code>",
        }
        for learner in sorted(records.learners, key=lambda item: (item.name.casefold(), item.id))
    ]
    labels = {
        "learner": "Learner",
        "email": "Email",
        "license": "License number",
        "since": "First signed in",
        "id": "Record id",
    }
    return table_html(rows, "Every learner record, with its id", labels)


def _items_table(items: pd.DataFrame, with_lesson: bool) -> str:
    rows = [
        {
            "lesson": _text(lesson_label(row["quiz_id"])),
            "question": f"{_text(row['prompt'] or '(no longer in the bank)')}"
            f"<span class='ck-dash-id'>{_text(row['item_id'])}</span>",
            "shown": _text(row["shown"]),
            "right": _percent(row["facility"]),
            "separates": _number(row["discrimination"], "{:.2f}"),
            "meaning": (
                f"<span class='ck-dash-flag'>Flag: {html.escape(row['flags'])}</span> "
                if row["flags"]
                else ""
            )
            + html.escape(row["meaning"]),
        }
        for row in items.to_dict("records")
    ]
    labels = {
        "question": "Question",
        "shown": "Times shown",
        "right": "Answered right",
        "separates": "Discrimination",
        "meaning": "What it means",
    }
    if with_lesson:
        labels = {"lesson": "Lesson"} | labels
    return table_html(rows, "Item analysis: each question, the most missed first", labels)


ITEMS_EXPLAINED: Final = (
    "<p><strong>Answered right</strong> (facility) is the share of attempts that got the "
    "question right. <strong>Discrimination</strong> runs from -1 to 1: it says whether "
    "learners who did well on the rest of the test were more likely to get this question "
    "right. A question is flagged when fewer than 30% or more than 95% answer it right, or "
    "when its discrimination is below 0.20, once it has been shown at least 5 times. "
    "A flag is a reason to look at the question, not proof that it is wrong.</p>"
)


def _section(key: str, title: str, content: str) -> str:
    return (
        f"<section aria-labelledby='ck-dash-h-{key}'>"
        f"<h2 id='ck-dash-h-{key}'>{html.escape(title)}</h2>{content}</section>"
    )


FLAGS_EXPLAINED: Final = (
    "<p>The course paces tries before a pass, so a learner who follows it is never listed "
    "here. A try is listed when it was answered too fast to have read the questions, when "
    "too many tries came within an hour, or when a pass came with little time on the "
    "lesson. A listing is not proof of anything: it is a try worth a conversation before you "
    "sign a certificate.</p>"
)


def lesson_reading_minutes(quiz_id: str) -> float | None:
    """A lesson's reading time from its course id (None for any other quiz)."""
    from ..certificates import lesson_facts

    found = [item for item in LESSONS if course_id(item) == quiz_id]
    return lesson_facts(found[0].number).time.reading_minutes if found else None


def _flags_section(flags: Sequence[Flag]) -> str:
    if not flags:
        return FLAGS_EXPLAINED + "<p>No try needs a look.</p>"
    labels = {"learner": "Learner", "lesson": "Lesson", "when": "When (UTC)", "why": "Why"}
    rows = [
        {
            "learner": _text(flag.learner_name),
            "lesson": _text(lesson_label(flag.quiz_id)),
            "when": _text(f"{flag.at:%Y-%m-%d %H:%M}"),
            "why": _text(flag.reason),
        }
        for flag in flags
    ]
    return FLAGS_EXPLAINED + table_html(rows, "Tries worth a look, newest first", labels)


OUTBOX_ROWS: Final = 50
"""The waiting records listed per destination; the rest are counted."""


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def _outbox_section(statuses: Sequence[DestinationStatus]) -> str:
    """Per destination: what was sent, and a table of what waits, with the last problem."""
    parts = [
        "<p>The course sends each post-test result, completion and certificate on its own; "
        "what cannot be sent now (the other system is down, or refuses the course's "
        "account) waits here and is tried again, at longer and longer pauses up to an hour. "
        "Nothing is lost and nothing is sent twice. A problem that stays needs whoever "
        "runs the other system.</p>"
    ]
    labels = {
        "record": "Record",
        "tries": "Tries failed",
        "why": "Last problem",
        "next": "Next try",
    }
    for status in statuses:
        waits = status.waiting
        head = (
            f"<h3>{html.escape(status.title)}</h3><p>{status.sent} sent"
            f"{', the last at ' + _when(status.last_sent_at) if status.last_sent_at else ''}; "
            f"<strong>{len(waits)} waiting</strong>.</p>"
        )
        rows = [
            {
                "record": _text(wait.label),
                "tries": str(wait.failures),
                "why": _text(wait.detail or "Not tried yet: the next round takes it."),
                "next": _text(_when(wait.next_try_at) if wait.next_try_at else "next round"),
            }
            for wait in waits[:OUTBOX_ROWS]
        ]
        more = len(waits) - len(rows)
        table = table_html(rows, f"Waiting: {status.title}", labels) if rows else ""
        parts.append(head + table + (f"<p>…and {more} more waiting.</p>" if more > 0 else ""))
    return "".join(parts)


def report_html(
    records: ClassRecords,
    banks: Mapping[str, Bank],
    lesson: str | None,
    reading_minutes: Callable[[str], float | None] = lesson_reading_minutes,
) -> str:
    """The unlocked page's report for one lesson (a course id), or for all with None;
    ``reading_minutes`` gives each lesson's reading time, for the tries to look at."""
    titles = {course_id(item): item.title for item in LESSONS}
    scope = f"{lesson_label(lesson)}, {titles.get(lesson, '')}" if lesson else "all lessons"
    slug = f"{lesson or 'all-lessons'}-{records.read_at:%Y-%m-%d}"
    done = [a for a in records.attempts if a.submitted_at is not None and a.score is not None]
    mine = [a for a in done if lesson in (None, a.quiz_id)]
    people = roster(records, lesson)
    prompts = {item.id: item.prompt for bank in banks.values() for item in bank.items}
    items = item_analysis(
        item_scores(r for r in records.results if lesson in (None, r[1])), prompts
    )
    marks = {bank.quiz.pass_mark for key, bank in banks.items() if lesson in (None, key)}
    passed = sum(bool(a.passed) for a in mine)
    started = people[~people["status"].isin(["Not started", "No lesson opened yet"])]
    cards = (
        (started["learner"].nunique(), "learners who have begun"),
        (len(mine), "post-test attempts"),
        (len({(a.learner_id, a.quiz_id) for a in mine if a.passed}), "passes"),
        (
            sum(1 for (_, course) in records.certificates if lesson in (None, course)),
            "certificates issued",
        ),
    )
    plot = (
        score_histogram(
            [a.score or 0.0 for a in mine], passed, marks.pop() if len(marks) == 1 else 0.8, scope
        )
        if mine
        else "<p>No post-test has been submitted yet, so there are no scores to plot.</p>"
    )
    no_items = "<p>No post-test has been submitted yet, so there are no questions to analyse.</p>"
    return (
        f"<p class='ck-dash-scope'>Showing <strong>{html.escape(scope)}</strong>.</p>"
        "<div class='ck-dash-cards'>"
        + "".join(
            f"<div class='ck-dash-card'><span class='ck-dash-num'>{number}</span> {name}</div>"
            for number, name in cards
        )
        + "</div>"
        + _section("lessons", "Lessons at a glance", _lessons_table(done))
        + _section(
            "roster",
            "Roster",
            csv_link(people, f"roster-{slug}.csv", "Download the roster (CSV)")
            + _roster_table(people),
        )
        + _section("scores", "Score distribution", plot)
        + _section(
            "flags",
            "Tries to look at",
            _flags_section(
                [f for f in flagged_tries(records, reading_minutes) if lesson in (None, f.quiz_id)]
            ),
        )
        + _section(
            "items",
            "Questions to review",
            ITEMS_EXPLAINED
            + csv_link(
                items.round({"facility": 3, "discrimination": 3}),
                f"item-analysis-{slug}.csv",
                "Download the item analysis (CSV)",
            )
            + (_items_table(items, lesson is None) if len(items) else no_items),
        )
        + (
            _section("outbox", "Sent to your LMS and LRS", _outbox_section(records.outbox))
            if records.outbox
            else ""
        )
        + _section(
            "learners",
            "Learner records",
            "<p>Each person should have one record. Two with the same name or email may be one "
            "person who signed in twice: merge them below. A learner who lost their personal "
            "code gets a new one below too.</p>" + learners_table(records),
        )
    )
