"""The course home: sign in, then a table of the six lessons with the learner's progress.

For each lesson the table shows its CE hours, the learner's status (not
started, in progress, passed, certificate ready), time spent, best score and
attempts, and links to the lesson, its post-test, the evaluation and the
certificate, the next step in bold. Nobody signed in: the sign-in form, and
after signing in the same page shows the course home in place.

Both show what CE accreditors look for (:func:`ce_credit_html`): each
lesson's instructional level, CE hours, author, reviewer, release and
next-review dates, the disclosures, and how the CE hours are computed, with
each lesson's figures (before sign-in, folded away under the welcome).

The signed-in home is plain HTML: no widgets, no pandas, no matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .._catalog import LESSONS, LEVELS, Lesson, course_id
from .._numbers import format_score
from ._frame import (
    HtmlPage,
    Records,
    Visitor,
    escape,
    find_visitor,
    lesson_href,
    link,
    notice,
    page_html,
    query,
    safe_page,
)

if TYPE_CHECKING:
    from ..certificates import LessonFacts
    from ..records import Learner, Store

__all__ = [
    "STATUSES",
    "LessonProgress",
    "ce_credit_html",
    "format_duration",
    "home_html",
    "home_page",
    "lesson_progress",
]

STATUSES = ("not started", "in progress", "passed", "certificate ready")
"""A lesson's status on the course home, in the order a learner moves through them."""

TRAINER_PAGE = "trainer"


@dataclass(frozen=True)
class LessonProgress:
    """Where one learner stands on one lesson."""

    lesson: Lesson
    course: str
    visited: bool
    started_test: bool
    passed: bool
    evaluated: bool
    certificate: bool
    time_spent: timedelta
    best_score: float | None
    attempts: int

    @property
    def status(self) -> str:
        """One of :data:`STATUSES`."""
        if self.certificate or (self.visited and self.passed and self.evaluated):
            return "certificate ready"
        if self.passed:
            return "passed"
        if self.visited or self.started_test:
            return "in progress"
        return "not started"


def lesson_progress(store: Store, learner_id: str) -> list[LessonProgress]:
    """The learner's progress on every lesson, in course order."""
    issued = {record.course_id for record in store.certificates_for(learner_id)}
    rows = []
    for lesson in LESSONS:
        course = course_id(lesson)
        done = store.completion_status(learner_id, course, course, course)
        best = store.best_result(learner_id, course)
        started = best.attempts > 0 or store.open_attempt(learner_id, course) is not None
        rows.append(
            LessonProgress(
                lesson,
                course,
                done.visited,
                started,
                done.passed,
                done.evaluated,
                course in issued,
                store.time_spent(learner_id, course),
                best.best_score,
                best.attempts,
            )
        )
    return rows


def format_duration(spent: timedelta) -> str:
    """Time spent in words.

    >>> format_duration(timedelta(0)), format_duration(timedelta(seconds=40))
    ('None yet', 'Under 1 min')
    >>> format_duration(timedelta(minutes=12)), format_duration(timedelta(minutes=65))
    ('12 min', '1 h 5 min')
    """
    minutes = int(spent.total_seconds() // 60)
    if spent <= timedelta(0):
        return "None yet"
    if minutes < 1:
        return "Under 1 min"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _facts_of(lesson: Lesson) -> LessonFacts | None:
    """The lesson's computed size, or None (logged) if it cannot be computed."""
    from ..certificates import lesson_facts
    from ..widgets import log_error

    try:
        return lesson_facts(lesson.number)
    except Exception as error:  # a broken lesson file must not hide the course home
        log_error(error, f"CE hours of lesson {lesson.number}")
        return None


def _ce_hours(facts: LessonFacts | None) -> str:
    from ..certificates import format_ce_hours

    if facts is None:
        return "CE hours to be confirmed"
    return format_ce_hours(facts.ce_hours) if facts.ce_hours is not None else "No CE hours yet"


def ce_credit_html(facts: Mapping[int, LessonFacts | None] | None = None) -> str:
    """What CE accreditors look for, for every lesson, under the heading "About the CE credit".

    A table of each lesson's instructional level, CE hours, author, reviewer,
    release and next-review dates; the levels' meaning; the disclosures; and the
    CE-hours formula with each lesson's figures. ``facts`` maps lesson numbers
    to :func:`~caserate_kit.course.certificates.lesson_facts` (computed here if
    not given). Empty if ``course.toml`` cannot be read (logged).
    """
    from .._config import load_config
    from ..certificates import StudyTime, format_date
    from ..widgets import log_error

    try:
        config = load_config()
    except Exception as error:  # the course home shows, without this section
        log_error(error, "CE details on the course home")
        return ""
    known = facts if facts is not None else {lesson.number: _facts_of(lesson) for lesson in LESSONS}
    content = config.content
    rows: list[str] = []
    figures: list[str] = []
    disclosures: dict[tuple[str, str], list[int]] = {}
    for lesson in LESSONS:
        details = content.for_lesson(course_id(lesson))
        found = known.get(lesson.number)
        name = f"Lesson {lesson.number}: {escape(lesson.title)}"
        rows.append(
            f'<tr><th scope="row">{name}</th>'
            f'<td data-label="Level">{escape(lesson.level.capitalize())}</td>'
            f'<td data-label="CE hours">{escape(_ce_hours(found))}</td>'
            f'<td data-label="Author">{escape(details.author)}</td>'
            f'<td data-label="Reviewer">{escape(details.reviewer)}</td>'
            f'<td data-label="Released">{format_date(details.release_date)}</td>'
            f'<td data-label="Next review">{format_date(details.review_date)}</td></tr>'
        )
        shown = escape(found.time.figures_text()) if found else "to be confirmed"
        figures.append(f"<li>Lesson {lesson.number}: {shown}.</li>")
        said = (details.conflicts_of_interest, details.commercial_support)
        disclosures.setdefault(said, []).append(lesson.number)
    levels = "; ".join(
        f"<strong>{escape(level)}</strong>: {escape(meaning)}"
        for level, meaning in LEVELS.items()
        if any(lesson.level == level for lesson in LESSONS)
    )
    formula = StudyTime(0, 0, formula=config.hours_formula).formula_text()
    example = (
        "<p><em>The authors, reviewers, dates and disclosures shown are invented examples: "
        "the course's provider has not yet given its own.</em></p>"
        if content.example
        else ""
    )
    return (
        '<h2 id="ce-credit">About the CE credit</h2>'
        '<table class="ck-table"><caption>Each lesson for continuing education</caption>'
        '<thead><tr><th scope="col">Lesson</th><th scope="col">Level</th>'
        '<th scope="col">CE hours</th><th scope="col">Author</th><th scope="col">Reviewer</th>'
        '<th scope="col">Released</th><th scope="col">Next review</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p>Instructional levels: {levels}.</p>"
        f"{_disclosures_html(disclosures)}"
        f"<p><strong>How the CE hours are computed:</strong> {escape(formula)}. Reading "
        f"minutes are the lesson's words at {config.hours_formula.words_per_minute:g} words a "
        "minute; post-test minutes are its questions at "
        f"{config.hours_formula.minutes_per_test_item:g} minutes each. For each lesson:</p>"
        f'<ul class="ck-ce-figures">{"".join(figures)}</ul>'
        f"{example}"
    )


def _disclosures_html(disclosures: Mapping[tuple[str, str], list[int]]) -> str:
    """The disclosures: once if every lesson has the same, else by lesson."""

    def said(conflicts: str, support: str) -> str:
        return (
            f"<strong>Conflicts of interest:</strong> {escape(conflicts)} "
            f"<strong>Commercial support:</strong> {escape(support)}"
        )

    if len(disclosures) == 1:
        ((conflicts, support),) = disclosures
        return f"<p>{said(conflicts, support)}</p>"
    items = "".join(
        f"<li>Lesson{'s' if len(numbers) > 1 else ''} "
        f"{', '.join(map(str, numbers))}: {said(conflicts, support)}</li>"
        for (conflicts, support), numbers in disclosures.items()
    )
    return f"<p>Disclosures:</p><ul>{items}</ul>"


def _time_text(row: LessonProgress) -> str:
    """Time spent; an open visit counts once the lesson's page has closed."""
    if row.visited and row.time_spent <= timedelta(0):
        return '<span class="ck-small">Counted after you leave the lesson</span>'
    return f'<span class="ck-num">{format_duration(row.time_spent)}</span>'


def _next_step(row: LessonProgress) -> str:
    if row.status == "certificate ready":
        return "certificate"
    if row.passed:
        return "evaluation"
    if row.visited or row.started_test:
        return "posttest"
    return "lesson"


def _row_html(row: LessonProgress, token: str | None, facts: LessonFacts | None) -> str:
    number = row.lesson.number
    hidden = f'<span class="ck-visually-hidden"> for lesson {number}</span>'
    step = _next_step(row)
    test_label = "Retake the post-test" if row.attempts and not row.passed else "Post-test"
    targets = [
        ("posttest", test_label, link("posttest", token, quiz=row.course)),
        ("evaluation", "Evaluation", link("evaluation", token, course=row.course)),
        ("certificate", "Certificate", link("certificate", token, course=row.course)),
    ]
    if step == "lesson":
        targets.insert(0, ("lesson", "Start the lesson", lesson_href(row.lesson, token)))
    items = []
    for name, label, href in targets:
        if name == step:
            items.append(
                f'<li class="ck-next"><a href="{href}">'
                f'<span class="ck-visually-hidden">Next step: </span>{label}{hidden}</a></li>'
            )
        else:
            items.append(f'<li><a href="{href}">{label}{hidden}</a></li>')
    status_class = row.status.replace(" ", "-")
    return (
        "<tr>"
        f'<th scope="row"><a href="{lesson_href(row.lesson, token)}">'
        f"Lesson {number}: {escape(row.lesson.title)}</a>"
        f'<span class="ck-small">{escape(_ce_hours(facts))}</span></th>'
        f'<td data-label="Status"><span class="ck-status ck-status-{status_class}">'
        f"{row.status.capitalize()}</span></td>"
        f'<td data-label="Time spent">{_time_text(row)}</td>'
        f'<td data-label="Best score" class="ck-num">{format_score(row.best_score)}</td>'
        f'<td data-label="Attempts" class="ck-num">{row.attempts}</td>'
        f'<td data-label="Links"><ul class="ck-links">{"".join(items)}</ul></td>'
        "</tr>"
    )


def _summary(rows: list[LessonProgress]) -> str:
    ready = sum(row.status == "certificate ready" for row in rows)
    if ready == len(rows):
        return "You have completed every lesson. Well done!"
    if ready:
        return f"You have completed {ready} of {len(rows)} lessons."
    return (
        "Work through the lessons in any order. For each one: read the lesson, pass its "
        "post-test (if a try does not pass, go back over the sections it lists and try a new "
        "version), fill in the short evaluation, then download your CE certificate."
    )


def _transcript_line(rows: list[LessonProgress], token: str | None) -> str:
    if not any(row.certificate for row in rows):
        return ""
    return (
        f'<p><a href="{link("transcript", token)}">Your CE transcript</a>: every certificate '
        "you hold, with one PDF of them all.</p>"
    )


def _leaving_html(token: str | None) -> str:
    return (
        "<p><strong>Coming back later?</strong> Sign in with your email and personal code, on "
        "this or any other computer: your progress is kept. This page's address keeps you "
        "signed in for a while; keep it to yourself, like a key.</p>"
        "<p><strong>Leaving a shared computer?</strong> <em>Sign out</em>, at the top of "
        "every page, ends the sign-in in this page's address, here and anywhere it was "
        "copied. "
        f'<a href="{link("home", token, signout="all")}" data-ck-plain>Sign out everywhere</a> '
        "also ends your sign-ins on every other computer and browser.</p>"
    )


def _code_notice(code: str) -> str:
    return notice(
        '<h2 id="your-code">Your personal code: '
        f'<strong class="ck-code">{escape(code)}</strong></h2>'
        "<p>Write it down, or keep it where you keep passwords. With your email it brings "
        "back your record on any computer. It is shown only this once; if you lose it, your "
        "trainer can give you a new one.</p>",
        "success",
    )


EXERCISES = (
    ("exercise_01_case_rate_calculator", "Case-rate calculator", "lesson 4"),
    ("exercise_02_budget_balancer", "Budget balancer", "lesson 5"),
    ("exercise_03_risk_reserve", "Risk reserve simulator", "lesson 5"),
    ("exercise_04_authorization_tracker", "Authorization tracker", "lesson 2"),
    ("exercise_05_chart_note_review", "Chart-note review", "lessons 1 and 2"),
    ("exercise_06_level_of_care_practice", "Level-of-care practice", "lesson 1"),
    ("exercise_07_treat_to_target", "Treat to target", "lesson 5"),
)
"""The practice pages in ``notebooks/``: file name, title, and the lesson they go with."""


def _exercises_html(token: str | None) -> str:
    items = "".join(
        f'<li><a href="{link(page, token)}">{escape(title)}</a> (with {escape(lesson)})</li>'
        for page, title, lesson in EXERCISES
    )
    return (
        '<h2 id="exercises">Practice exercises</h2>'
        "<p>Try the ideas on live numbers. Exercises are not graded and record nothing.</p>"
        f'<ul class="ck-exercises">{items}</ul>'
    )


def _details_notice(learner: Learner, token: str | None) -> str:
    from ..certificates import name_needs_details

    if not name_needs_details(learner):
        return ""
    return notice(
        "<p>Before you earn a certificate, add your full name and license number: "
        f'<a href="{link("details", token)}">give your details</a>.</p>',
        "warning",
    )


def _details_line(learner: Learner, token: str | None) -> str:
    licence = f", license number {escape(learner.license_number)}" if learner.license_number else ""
    return (
        f"<p>Your certificates show: <strong>{escape(learner.name)}</strong>{licence}. "
        f'<a href="{link("details", token)}">Change your details</a></p>'
    )


def _refresher_notice(
    store: Store, learner: Learner, token: str | None, rows: list[LessonProgress]
) -> str:
    """An offer of a refresher, when one is due (some days after a pass); else nothing."""
    if not any(row.passed for row in rows):
        return ""
    from .._config import load_config
    from ._refresher import refresher_due

    settings = load_config().refresher
    if not refresher_due(store, learner.id, settings):
        return ""
    href = link("posttest", token, refresher="1")
    return notice(
        f"<p>A short refresher is ready: {settings.questions} questions from the lessons you "
        "passed, mostly ones you missed. It is practice and changes no score or credit.</p>"
        f'<p><a href="{href}">Take the refresher</a></p>',
        "info",
        "Time for a refresher",
    )


def home_html(
    store: Store,
    learner: Learner,
    token: str | None,
    hub: bool = False,
    *,
    new_code: str | None = None,
) -> str:
    """The signed-in course home as HTML (with ``new_code`` shown once at the top)."""
    rows = lesson_progress(store, learner.id)
    facts = {lesson.number: _facts_of(lesson) for lesson in LESSONS}
    table = (
        '<table class="ck-table">'
        "<caption>Your progress in the six lessons</caption>"
        "<thead><tr>"
        '<th scope="col">Lesson</th><th scope="col">Status</th>'
        '<th scope="col">Time spent</th><th scope="col">Best score</th>'
        '<th scope="col">Attempts</th><th scope="col">Links</th>'
        "</tr></thead>"
        f"<tbody>{''.join(_row_html(row, token, facts[row.lesson.number]) for row in rows)}"
        "</tbody></table>"
    )
    body = (
        f"{_code_notice(new_code) if new_code else ''}"
        f"{_details_notice(learner, token)}"
        f"<p>{escape(_summary(rows))}</p>"
        f"{_refresher_notice(store, learner, token, rows)}"
        f"{_transcript_line(rows, token)}"
        '<h2 id="lessons">Your lessons</h2>'
        f"{table}"
        f"{_exercises_html(token)}"
        f"{ce_credit_html(facts)}"
        '<h2 id="help">Help along the way</h2>'
        f'<p>Not sure what a word means? The <a href="{link("glossary", token)}">glossary</a> '
        "explains every term used in the lessons, in plain language.</p>"
        "<p>Your answers and progress are saved as you go, so you can stop at any time and "
        "pick up where you left off.</p>"
        f"{_details_line(learner, token)}"
        f"{'' if hub else _leaving_html(token)}"
        f'<p class="ck-footer">For trainers: <a href="{link(TRAINER_PAGE)}" data-ck-plain>'
        "class dashboard</a></p>"
    )
    first = learner.name.split()[0] if learner.name.split() else learner.name
    return page_html(
        "Course home",
        body,
        token=token,
        learner_name=learner.name,
        current="home",
        lead=f"Welcome, {escape(first)}.",
        can_sign_out=not hub,
    )


def home_page(
    store: Store | None = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The course home page: the lesson table, or the sign-in form when nobody is signed in."""
    records = Records(store)
    return safe_page(lambda: _build(records, query_string, environ), "course home")


def _build(records: Records, query_string: str | None, environ: Mapping[str, str] | None) -> Any:
    parameters = query(query_string)
    if parameters.get("signout"):
        return _sign_out(records, parameters)
    visitor = find_visitor(records, query_string, environ)
    if visitor.learner is not None and visitor.state == "legacy":
        return HtmlPage(_upgraded_home(records.get(), visitor.learner))
    if visitor.learner is not None:
        return HtmlPage(home_html(records.get(), visitor.learner, visitor.token, visitor.hub))
    forget = parameters.get("token", "") if visitor.token_given else ""
    return _sign_in_page(records, visitor, forget=forget)


def _upgraded_home(store: Store, learner: Learner) -> str:
    """An address from before personal codes: the learner gets a code and a new session."""
    from .._personal_codes import new_code
    from ._session import start_session

    code = new_code()
    store.set_personal_code(learner.id, code)
    return home_html(store, learner, start_session(store, learner.id), new_code=code)


def _sign_out(records: Records, parameters: Mapping[str, str]) -> Any:
    from ._session import end_session, hub_user

    everywhere = parameters.get("signout") == "all"
    token = parameters.get("token", "")
    if token and not hub_user():
        end_session(records.get(), token, everywhere=everywhere)
    state = "everywhere" if everywhere else "signed out"
    return _sign_in_page(records, Visitor(None, None, state=state), forget="all", signed_out=True)


_WELCOME_NOTICES = {
    "signed out": (
        "<p>You are signed out. The address you used no longer opens your record, on this "
        "computer or anywhere it was copied. Your progress is kept: sign in again with your "
        "email and personal code.</p>",
        "success",
    ),
    "everywhere": (
        "<p>You are signed out on every computer and browser. Your progress is kept: sign in "
        "again with your email and personal code.</p>",
        "success",
    ),
    "expired": (
        "<p>Your sign-in has ended: sign-ins last a few hours, so that an address left open "
        "on a shared computer does not stay a key to your record. Sign in again with your "
        "email and personal code; your progress is kept.</p>",
        "warning",
    ),
    "ended": (
        "<p>This address was signed out, so it no longer opens a record. Sign in again with "
        "your email and personal code; your progress is kept.</p>",
        "warning",
    ),
    "unknown": (
        "<p>The sign-in in this page's address was not recognised; it may have been copied "
        "incompletely. Sign in below with your email (and your personal code if you have "
        "signed in before) to carry on where you left off.</p>",
        "warning",
    ),
}


def _welcome_html(visitor: Visitor, signed_out: bool) -> str:
    if signed_out or visitor.token_given:
        text, kind = _WELCOME_NOTICES.get(visitor.state, _WELCOME_NOTICES["unknown"])
        first = notice(text, kind)
    else:
        first = ""
    body = (
        f"{first}"
        "<p>A short course for behavioral-health staff: clinicians, case managers, intake "
        "and billing staff. Learn how managed care organizations decide what to pay for, how "
        "to document care so that it stands up to an audit, and how case rates are set and "
        "managed.</p>"
        '<ol class="ck-steps">'
        "<li>Read a lesson at your own pace. The numbers are worked out for you.</li>"
        "<li>Take its post-test. If a try does not pass, go back over the sections it "
        "lists, then try a new version until you pass.</li>"
        "<li>Fill in the short evaluation and download your CE certificate.</li>"
        "</ol>"
    )
    credit = ce_credit_html()
    if credit:
        body += (
            '<details class="ck-ce-credit"><summary>About the CE credit: levels, authors, '
            f"reviewers, dates, disclosures and how the hours are computed</summary>{credit}"
            "</details>"
        )
    return page_html("Welcome to the course", body, current="home", styles=("forms",))


def _sign_in_page(
    records: Records, visitor: Visitor, *, forget: str = "", signed_out: bool = False
) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    from ._signin import sign_in_form

    page = widgets.VBox(layout=widgets.Layout(width="100%"))
    welcome = widgets.HTML(_welcome_html(visitor, signed_out))

    def show_home(learner: Learner, token: str, code: str | None) -> None:
        page.children = (widgets.HTML(home_html(records.get(), learner, token, new_code=code)),)

    form = sign_in_form(records, show_home, forget=forget, offer_resume=not signed_out)
    page.children = (welcome, form)
    return page
