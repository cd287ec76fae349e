"""The trainer dashboard: the class's results, behind the trainer passcode.

Locked, the page holds a passcode field, an Unlock button and nothing about
any learner; the records are not even opened. Whether the page is unlocked is
a plain attribute of a kernel-side object, never a widget trait, so a page
that sets traits over its websocket cannot unlock it. Locking again closes
every widget that showed records, so the page cannot ask for them back.

Unlocked, it shows per lesson the pass rate and attempts to pass, a roster, a
score histogram, the item analysis (:mod:`._item_analysis`) and CSV downloads.
The report itself is built from plain HTML by :func:`report_html`.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any, Final

import anywidget
import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
import pandas as pd
import traitlets
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ._banks import Bank, BankError, load_banks
from ._catalog import LESSONS
from ._config import course_id
from ._item_analysis import item_analysis, item_scores, lesson_summary
from ._passcode import PasscodeFileError, check_trainer_passcode, trainer_passcode_is_set
from ._paths import quizzes_dir
from ._records import AttemptRecord, Learner
from ._store import Store, StoreUnavailableError
from ._tables import AttemptRow, SubmissionRow

__all__ = [
    "ROSTER_COLUMNS",
    "ClassRecords",
    "PasscodeForm",
    "TrainerDashboard",
    "read_class_records",
    "report_html",
    "roster",
    "score_histogram",
    "trainer_dashboard",
]

FAILURE_DELAY: Final = 1.5
"""Seconds to wait after a wrong passcode; each further miss doubles it, up to 30."""

_LONGEST_DELAY: Final = 30.0

ROSTER_COLUMNS: Final = (
    "learner",
    "email",
    "license_number",
    "lesson",
    "status",
    "best_score_percent",
    "attempts",
    "minutes_in_lesson",
    "first_passed_on",
    "certificate_code",
)
"""The columns of :func:`roster` and of the roster CSV."""

NO_PASSCODE: Final = (
    "<div class='td-panel'><h2>Set a trainer passcode first</h2>"
    "<p>This dashboard shows your class's results, so it is locked with a passcode, and none "
    "has been set yet. On the computer that runs the course, open a terminal and run:</p>"
    "<pre class='td-code'>caserate-course trainer-passcode</pre>"
    "<p>Type the new passcode twice (at least 8 characters), then reload this page.</p></div>"
)
LOCKED_INTRO: Final = (
    "<p>This page shows learners' results, so it is for trainers only. Type the trainer "
    "passcode and choose <strong>Unlock</strong>.</p>"
)
WRONG: Final = (
    "That passcode is not right, so the dashboard stays locked. Check it and try again. If it "
    "was forgotten, the course administrator can set a new one with "
    "<code>caserate-course trainer-passcode</code>."
)
HEADER: Final = (
    "<div class='td-header'><p class='td-kicker'>Managed care and case rates · Trainer tools"
    "</p><h1>Trainer dashboard</h1><p class='td-lede'>Who has passed, how many tries it took, "
    "and which questions the class finds hardest.</p></div>"
)


STYLE: Final = """<style>
.td-root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2933; max-width: 1120px; font-size: 15px; line-height: 1.45; }
.td-root h1, .td-root h2 { font-weight: 650; color: #102a43; }
.td-header { background: #17324d; color: #fff; padding: 20px 28px; border-radius: 10px; }
.td-header h1 { color: #fff; margin: 2px 0 6px; font-size: 28px; }
.td-kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; margin: 0;
  color: #d9e2ec; }
.td-lede { margin: 0; color: #f0f4f8; }
.td-panel { border: 1px solid #d9e2ec; border-radius: 10px; padding: 16px 22px; margin: 14px 0;
  background: #fff; }
.td-code { background: #f0f4f8; padding: 8px 12px; border-radius: 6px; }
.td-form { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin: 6px 0 4px; }
.td-form label { font-weight: 600; }
.td-form input { font: inherit; padding: 7px 10px; width: 280px; border: 1px solid #7b8794;
  border-radius: 6px; }
.td-form button { font: inherit; padding: 7px 22px; border: 0; cursor: pointer; }
.td-form button:disabled { background: #52606d; cursor: wait; }
.td-root .td-button, .td-root .td-button-secondary { border-radius: 6px; font-weight: 600; }
.td-root .td-button { background: #17324d; color: #fff; }
.td-root .td-button-secondary { background: #fff; color: #17324d; border: 1px solid #17324d; }
.td-root button:focus-visible, .td-root a:focus-visible, .td-root input:focus-visible,
.td-root select:focus-visible, .td-scroll:focus-visible { outline: 3px solid #b7791f;
  outline-offset: 2px; }
.td-toolbar { margin: 14px 0 0; gap: 8px; align-items: center; }
.td-message { padding: 8px 14px; border-radius: 6px; margin: 8px 0; }
.td-status { background: #f0f4f8; color: #243b53; }
.td-alert { background: #fdecea; color: #8a1c1c; border-left: 4px solid #8a1c1c; }
.td-scope { margin: 14px 0 4px; }
.td-cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 4px; }
.td-card { flex: 1 1 170px; border: 1px solid #d9e2ec; border-radius: 10px; padding: 12px 16px;
  background: #fff; color: #486581; }
.td-num { display: block; font-size: 30px; font-weight: 700; color: #102a43; }
.td-root section { margin-top: 26px; }
.td-scroll { overflow: auto; max-height: 560px; }
table.td-table { border-collapse: collapse; width: 100%; font-size: 14px; }
.td-table caption { text-align: left; color: #486581; padding: 4px 0 8px; }
.td-table th { background: #f0f4f8; color: #243b53; text-align: left; position: sticky; top: 0; }
.td-table th, .td-table td { padding: 7px 10px; border-bottom: 1px solid #e4e7eb;
  vertical-align: top; }
.td-c-lesson, .td-c-status, .td-c-code { white-space: nowrap; }
.td-c-question { min-width: 300px; } .td-c-meaning { min-width: 280px; }
.td-badge { padding: 2px 8px; border-radius: 999px; font-size: 13px; background: #f0f4f8;
  color: #243b53; }
.td-good { background: #e3f4e8; color: #1e5631; }
.td-warn { background: #fdecea; color: #8a1c1c; }
.td-flag { background: #fff4e5; color: #7a4100; border-radius: 4px; padding: 1px 6px;
  font-weight: 600; white-space: nowrap; }
.td-id { display: block; color: #52606d; font-size: 12px; }
.td-none { color: #52606d; }
.td-download { display: inline-block; margin: 4px 0 10px; font-weight: 600; color: #17324d; }
.td-figure { margin: 0; } .td-figure img { max-width: 100%; height: auto; }
.td-figure figcaption { color: #334e68; max-width: 760px; }
</style>"""
"""The page's look; every rule is scoped to the dashboard's own classes."""


# Reading the records ----------------------------------------------------------


@dataclass(frozen=True)
class ClassRecords:
    """Everything the dashboard shows, read from the store at once."""

    learners: tuple[Learner, ...]
    attempts: tuple[AttemptRecord, ...]
    results: tuple[tuple[str, str, Mapping[str, Any]], ...]
    """(attempt id, quiz id, stored result) of each submitted attempt."""
    time_spent: Mapping[tuple[str, str], float]
    """Minutes per (learner id, lesson id), for the lessons each learner opened."""
    completions: frozenset[tuple[str, str]]
    certificates: Mapping[tuple[str, str], str]
    read_at: datetime


def _submitted_results(store: Store) -> tuple[tuple[str, str, Mapping[str, Any]], ...]:
    query = select(AttemptRow.id, AttemptRow.quiz_id, SubmissionRow.result_json).join(
        SubmissionRow, SubmissionRow.attempt_id == AttemptRow.id
    )
    return store._read(
        lambda session: tuple((a, q, json.loads(text)) for a, q, text in session.execute(query))
    )


def read_class_records(store: Store) -> ClassRecords:
    """Read every learner's attempts, results, lesson time, completions and certificates."""
    learners = tuple(store.all_learners())
    spent: dict[tuple[str, str], float] = {}
    for learner in learners:
        for lesson in map(course_id, LESSONS):
            minutes = store.time_spent(learner.id, lesson).total_seconds() / 60
            if minutes > 0 or store.visited(learner.id, lesson):
                spent[learner.id, lesson] = minutes
    return ClassRecords(
        learners=learners,
        attempts=tuple(store.all_attempts()),
        results=_submitted_results(store),
        time_spent=spent,
        completions=frozenset((c.learner_id, c.course_id) for c in store.all_completions()),
        certificates={(c.learner_id, c.course_id): c.code for c in store.all_certificates()},
        read_at=datetime.now().astimezone(),
    )


# The report ---------------------------------------------------------------------


def lesson_label(quiz_id: str) -> str:
    """``Lesson 3`` for ``lesson-03``; any other quiz id as it is."""
    numbers = {course_id(lesson): lesson.number for lesson in LESSONS}
    return f"Lesson {numbers[quiz_id]}" if quiz_id in numbers else quiz_id


def _status(done: Sequence[AttemptRecord], started: bool, opened: bool, finished: bool) -> str:
    if finished:
        return "Completed"
    if any(attempt.passed for attempt in done):
        return "Passed"
    if done:
        return "Not passed yet"
    if started:
        return "Taking the post-test"
    return "Reading the lesson" if opened else "Not started"


def roster(records: ClassRecords, lesson: str | None = None) -> pd.DataFrame:
    """Where is each learner in each lesson? One row per learner and lesson.

    With ``lesson`` (a course id) every learner gets a row for it; without,
    a row for each lesson a learner has begun, or one row if none.
    """
    groups: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)
    for attempt in records.attempts:
        groups[attempt.learner_id, attempt.quiz_id].append(attempt)
    known = [course_id(item) for item in LESSONS]
    quizzes = [lesson] if lesson else known + sorted({q for _, q in groups} - set(known))
    rows: list[dict[str, object]] = []
    for learner in sorted(records.learners, key=lambda person: person.name.casefold()):
        person = {
            "learner": learner.name,
            "email": learner.email,
            "license_number": learner.license_number,
        }
        count = len(rows)
        for quiz in quizzes:
            mine = groups.get((learner.id, quiz), [])
            done = [a for a in mine if a.submitted_at is not None and a.score is not None]
            minutes = records.time_spent.get((learner.id, quiz))
            code = records.certificates.get((learner.id, quiz), "")
            finished = (learner.id, quiz) in records.completions or bool(code)
            if not lesson and not mine and minutes is None and not finished:
                continue
            passes = [a.submitted_at for a in done if a.passed and a.submitted_at is not None]
            best = max((a.score for a in done if a.score is not None), default=None)
            rows.append(
                person
                | {
                    "lesson": lesson_label(quiz),
                    "status": _status(done, bool(mine), minutes is not None, finished),
                    "best_score_percent": None if best is None else round(100 * best),
                    "attempts": len(done),
                    "minutes_in_lesson": None if minutes is None else round(minutes),
                    "first_passed_on": min(passes).date() if passes else None,
                    "certificate_code": code,
                }
            )
        if len(rows) == count:
            rows.append(person | {"lesson": "", "status": "No lesson opened yet", "attempts": 0})
    return pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))


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
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    image = base64.b64encode(buffer.getvalue()).decode("ascii")
    plural = "s" if len(scores) != 1 else ""
    words = (
        f"Histogram of {len(scores)} submitted post-test attempt{plural} for {scope}, in steps "
        f"of 10 points: {passed} passed and {len(scores) - passed} did not. Scores ran from "
        f"{min(scores):.0%} to {max(scores):.0%}; the median was {median(scores):.0%}. "
        f"A dashed line marks the {mark}% pass mark."
    )
    return (
        f"<figure class='td-figure'><img src='data:image/png;base64,{image}' "
        f"alt='Histogram of post-test scores for {html.escape(scope)}' "
        f"aria-describedby='td-plot-words'><figcaption id='td-plot-words'>{html.escape(words)}"
        "</figcaption></figure>"
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
        f"<a class='td-download' download='{html.escape(filename)}' "
        f"href='data:text/csv;base64,{data}'>{html.escape(label)}</a>"
    )


def _text(value: object) -> str:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return "<span class='td-none'>—</span>"
    return html.escape(str(value))


def _percent(share: float) -> str:
    return _text(None if math.isnan(share) else f"{share:.0%}")


def table_html(rows: Sequence[Mapping[str, str]], caption: str, labels: Mapping[str, str]) -> str:
    """An accessible table of ``rows`` (cells already HTML), headed by ``labels``."""
    head = "".join(f"<th scope='col'>{html.escape(text)}</th>" for text in labels.values())
    body = "".join(
        "<tr>" + "".join(f"<td class='td-c-{key}'>{row[key]}</td>" for key in labels) + "</tr>"
        for row in rows
    )
    name = html.escape(caption)
    return (
        f"<div class='td-scroll' role='region' aria-label='{name}' tabindex='0'>"
        f"<table class='td-table'><caption>{name}</caption><thead><tr>{head}</tr></thead>"
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


_BADGES: Final = {"Completed": "td-good", "Passed": "td-good", "Not passed yet": "td-warn"}


def _roster_table(people: pd.DataFrame) -> str:
    rows = [
        {
            "learner": _text(row["learner"]),
            "lesson": _text(row["lesson"]),
            "status": f"<span class='td-badge {_BADGES.get(row['status'], '')}'>"
            f"{html.escape(row['status'])}</span>",
            "best": _text(
                None if pd.isna(row["best_score_percent"]) else f"{row['best_score_percent']:.0f}%"
            ),
            "attempts": _text(row["attempts"]),
            "time": _text(
                None if pd.isna(row["minutes_in_lesson"]) else f"{row['minutes_in_lesson']:.0f} min"
            ),
            "code": _text(row["certificate_code"]),
        }
        for row in people.to_dict("records")
    ]
    labels = {
        "learner": "Learner",
        "lesson": "Lesson",
        "status": "Status",
        "best": "Best score",
        "attempts": "Attempts",
        "time": "Time in lesson",
        "code": "Certificate code",
    }
    return table_html(rows, "Roster: progress of each learner", labels)


def _items_table(items: pd.DataFrame, with_lesson: bool) -> str:
    rows = [
        {
            "lesson": _text(lesson_label(row["quiz_id"])),
            "question": f"{_text(row['prompt'] or '(no longer in the bank)')}"
            f"<span class='td-id'>{_text(row['item_id'])}</span>",
            "shown": _text(row["shown"]),
            "right": _percent(row["facility"]),
            "separates": _text(
                None if math.isnan(row["discrimination"]) else f"{row['discrimination']:.2f}"
            ),
            "meaning": (
                f"<span class='td-flag'>Flag: {html.escape(row['flags'])}</span> "
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
        f"<section aria-labelledby='td-h-{key}'><h2 id='td-h-{key}'>{html.escape(title)}</h2>"
        f"{content}</section>"
    )


def report_html(records: ClassRecords, banks: Mapping[str, Bank], lesson: str | None) -> str:
    """The unlocked page's report for one lesson (a course id), or for all with None."""
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
        f"<p class='td-scope'>Showing <strong>{html.escape(scope)}</strong>.</p>"
        "<div class='td-cards'>"
        + "".join(
            f"<div class='td-card'><span class='td-num'>{number}</span> {name}</div>"
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
    )


# The page -------------------------------------------------------------------------


def _load_banks() -> dict[str, Bank]:
    try:
        return load_banks(quizzes_dir())
    except (BankError, FileNotFoundError):
        return {}


def _button(label: str, tooltip: str, style: str) -> Any:
    button = widgets.Button(description=label, tooltip=tooltip)
    button.add_class(style)
    return button


_FORM_ESM: Final = """
let forms = 0;
function render({ model, el }) {
  const id = `td-passcode-${++forms}`;
  const form = document.createElement("form");
  form.className = "td-form";
  form.innerHTML =
    `<label for="${id}">Trainer passcode</label>` +
    `<input id="${id}" type="password" autocomplete="current-password" spellcheck="false">` +
    `<button type="submit" class="td-button">Unlock</button>`;
  const input = form.querySelector("input");
  const button = form.querySelector("button");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (model.get("busy")) return;
    model.send({ event: "unlock", passcode: input.value });
    input.value = "";
  });
  const show = () => {
    button.disabled = model.get("busy");
    button.textContent = model.get("busy") ? "Checking…" : "Unlock";
  };
  model.on("change:busy", show);
  show();
  el.append(form);
}
export default { render };
"""


class PasscodeForm(anywidget.AnyWidget):
    """A labelled passcode field with an Unlock button (Enter works too).

    The passcode is never a trait: the page sends it once, in the message that
    asks to unlock, and empties the field, so it is never part of the page's
    widget state and cannot trail behind a click.
    """

    _esm = _FORM_ESM
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: list[Callable[[str], object]] = []
        self.on_msg(self._received)

    def on_passcode(self, handler: Callable[[str], object]) -> None:
        """Call ``handler(passcode)`` each time the page asks to unlock."""
        self._handlers.append(handler)

    def _received(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "unlock":
            passcode = content.get("passcode")
            for handler in self._handlers:
                handler(passcode if isinstance(passcode, str) else "")


class TrainerDashboard:
    """The trainer dashboard page: a passcode form, then the class's results.

    Parameters
    ----------
    store_url
        The records' SQLAlchemy URL; by default the course's.
    passcode_path
        The passcode file; by default the one in the data folder.
    failure_delay
        Seconds to wait after the first wrong passcode.
    sleep
        How to wait (tests pass a recorder).
    """

    def __init__(
        self,
        store_url: str | None = None,
        passcode_path: str | None = None,
        failure_delay: float = FAILURE_DELAY,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._store_url, self._passcode_path = store_url, passcode_path
        self._failure_delay, self._sleep = failure_delay, sleep
        self._unlocked = False
        self._failures = 0
        self._lesson = ""
        self._shown: list[Any] = []
        self._top = [widgets.HTML(STYLE), widgets.HTML(HEADER)]
        self._status = widgets.HTML()
        self._passcode = PasscodeForm()
        self._passcode.on_passcode(self.unlock)
        self._form = widgets.VBox([widgets.HTML(LOCKED_INTRO), self._passcode])
        self._form.add_class("td-panel")
        self.widget = widgets.VBox([*self._top, self._form, self._status])
        self.widget.add_class("td-root")
        if not trainer_passcode_is_set(self._passcode_path):
            self.widget.children = [*self._top, widgets.HTML(NO_PASSCODE)]

    @property
    def unlocked(self) -> bool:
        """Is the dashboard unlocked? (Kept in the kernel only; no trait holds it.)"""
        return self._unlocked

    def _say(self, message: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self._status.value = f"<div class='td-message td-{role}' role='{role}'>{message}</div>"

    def unlock(self, passcode: str) -> bool:
        """Unlock with ``passcode``; after a wrong one, wait and stay locked. Right or not?"""
        if self._unlocked:
            return True
        if not passcode:
            self._say("Type the trainer passcode first.", alert=True)
            return False
        self._passcode.busy = True
        try:
            right = check_trainer_passcode(passcode, self._passcode_path)
            if not right:
                self._failures += 1
                self._sleep(min(self._failure_delay * 2 ** (self._failures - 1), _LONGEST_DELAY))
        except PasscodeFileError as error:
            self._say(html.escape(str(error)), alert=True)
            return False
        finally:
            self._passcode.busy = False
        if not right:
            self._say(WRONG, alert=True)
            return False
        self._failures, self._unlocked = 0, True
        self._show_results()
        return True

    def lock(self) -> None:
        """Lock the page again, closing every widget that showed records."""
        self._unlocked = False
        self._close_shown()
        self.widget.children = [*self._top, self._form, self._status]
        self._say("Locked. Type the passcode to see the results again.")

    def refresh(self) -> None:
        """Read the records again and redraw the report."""
        if self._unlocked:
            self._show_results()

    def _close_shown(self) -> None:
        for shown in self._shown:
            shown.close()
        self._shown = []

    def _show_results(self) -> None:
        self._say("Reading the records…")
        try:
            with Store(self._store_url) as store:
                records = read_class_records(store)
        except (StoreUnavailableError, SQLAlchemyError):
            if not self._shown:  # nothing shown yet: stay locked, so the form is still there
                self._unlocked = False
                self._say("The records could not be read just now. Try again in a moment.", True)
            else:
                self._say("The records could not be read just now. Choose Refresh soon.", True)
            return
        banks = _load_banks()
        self._close_shown()
        choices = [("All lessons", "")] + [
            (f"Lesson {item.number}: {item.title}", course_id(item)) for item in LESSONS
        ]
        picker = widgets.Dropdown(
            options=choices,
            value=self._lesson,
            description="Show results for",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="640px"),
        )
        refresh = _button("Refresh", "Read the records again", "td-button-secondary")
        lock = _button("Lock", "Lock the dashboard", "td-button-secondary")
        toolbar = widgets.HBox([picker, refresh, lock])
        toolbar.add_class("td-toolbar")
        body = widgets.HTML()
        self._shown = [picker, refresh, lock, toolbar, body]

        def show(lesson: object) -> None:
            if self._unlocked and lesson in {value for _, value in choices}:
                self._lesson = str(lesson)
                body.value = report_html(records, banks, self._lesson or None)

        picker.observe(lambda change: show(change["new"]), names="value")
        refresh.on_click(lambda _button: self.refresh())
        lock.on_click(lambda _button: self.lock())
        show(self._lesson)
        self.widget.children = [*self._top, toolbar, self._status, body]
        self._say(f"Records as of {records.read_at:%H:%M on %d %B %Y}.")


def trainer_dashboard() -> Any:
    """The trainer dashboard page (an ipywidgets box), for ``notebooks/trainer.ipynb``."""
    return TrainerDashboard().widget
