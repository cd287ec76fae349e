"""One learner's post-test, run in the kernel: draw or resume, save, grade, retake.

The page (a :class:`~caserate_kit.course.widgets.PostTestWidget`) only shows questions and sends
answers. Everything else happens here, in Python:

- on start, the learner's unfinished attempt is resumed with every answer
  already given (after a reload or a kernel restart); otherwise a new variant
  is drawn from a fresh seed, which is stored with the attempt;
- every answer is saved as it is given (append-only);
- on submit, the attempt is graded, the result stored once (a double click
  changes nothing) and shown with feedback; correct answers are shown only
  when the quiz allows it and the learner passed;
- the result shows, for each objective, the questions right, and for each
  objective missed a link to the lesson section that teaches it;
- a retake starts a new variant that draws one question more from each
  objective missed last time (within the bank's blueprint, see
  :func:`~caserate_kit.course.quiz.draw_counts`); a resumed attempt is drawn
  with the focus it started with. A learner who has passed keeps the pass;
- before a first pass, a new try starts only when ``course.toml``'s
  ``[posttest]`` rules allow it (:mod:`caserate_kit.course._pacing`): enough
  time with the lesson, a pause after a try that did not pass, a daily cap.
  A try already started can always be finished.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from .._config import PostTestPacing
from .._pacing import Opening, next_try
from ..quiz import (
    AttemptResult,
    Bank,
    Variant,
    draw_variant,
    grade_attempt,
    missed_objectives,
    new_seed,
)
from ..records import Attempt, RecordsNotWritableError, Store, StoreUnavailableError
from ..widgets import NOT_WRITABLE, PostTestWidget, clean_responses

__all__ = [
    "Clock",
    "ErrorHandler",
    "NextStep",
    "Pace",
    "PostTestSession",
    "TryNotOpenError",
    "attempt_variant",
    "focus_before",
    "pace_for",
]

ErrorHandler = Callable[[Exception, str], object]
"""Told of a failure in answering, submitting or retaking: the error and where it happened."""

SAVED = "Your answers are saved as you go."
RETRYING = "Saving… the records are busy, trying again."
NOT_SAVED = (
    "Your last answer could not be saved yet. Keep going; it will be saved with your "
    "next answer or when you submit."
)
UPDATED = "This post-test was updated since you started it, so here is a fresh version."
PASSED = "Your pass is saved."
"""The result's message after a pass; the page's next step follows it as the banner's button."""

NextStep = Callable[[], "tuple[str, str] | None"]
"""The page's next step after a pass: its address (not HTML-escaped) and its label."""

SectionLink = Callable[[str], "tuple[str, str] | None"]
"""From a lesson section's anchor: its address (not HTML-escaped) and the heading's text."""

Clock = Callable[[], datetime]
"""The time now (aware)."""

Pace = Callable[[datetime], Opening]
"""Whether the learner's next try can start at the given time (see :func:`pace_for`)."""


def utc_now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(UTC)


class TryNotOpenError(Exception):
    """A new try cannot start yet (the ``[posttest]`` rules); ``opening`` says why and when."""

    def __init__(self, opening: Opening, now: datetime) -> None:
        super().__init__(opening.message(now))
        self.opening = opening


def pace_for(
    store: Store, learner_id: str, quiz_id: str, pacing: PostTestPacing, reading_minutes: float
) -> Pace:
    """The rules for one learner's tries at one post-test, read from the records when asked.

    The lesson's id is the post-test's (``lesson-01``...), so the time on the
    lesson page is the lesson's visits, counting one still open up to now.
    """

    def opening(now: datetime) -> Opening:
        return next_try(
            pacing,
            now,
            [done.submitted_at for done in store.submissions(learner_id, quiz_id)],
            passed=store.best_result(learner_id, quiz_id).passed,
            spent=store.time_spent(learner_id, quiz_id, until=now),
            reading_minutes=reading_minutes,
        )

    return opening


def focus_before(
    store: Store, learner_id: str, quiz_id: str, before: datetime | None = None
) -> tuple[str, ...]:
    """The objectives missed on the learner's latest result (submitted before ``before``)."""
    done = store.submissions(learner_id, quiz_id)
    if before is not None:
        done = [s for s in done if s.submitted_at <= before]
    return missed_objectives(done[-1].result) if done else ()


def attempt_variant(store: Store, bank: Bank, attempt: Attempt) -> Variant:
    """The questions an attempt drew: from its seed, focused on what was missed before it."""
    focus = focus_before(store, attempt.learner_id, bank.id, attempt.started_at)
    return draw_variant(bank, attempt.seed, focus)


class PostTestSession:
    """Connects a post-test page to the question bank, the grader and the records.

    Parameters
    ----------
    store
        The records store.
    bank
        The lesson's question bank.
    learner_id
        Whose post-test this is.
    widget
        The page's widget; a new one when omitted.
    on_error
        Told of any error raised while saving an answer, submitting or
        retaking (with ``"post-test save"``, ``"post-test submit"`` or
        ``"post-test retake"``), instead of letting it reach the widget.
    next_step
        After a pass, the page's next step, which the result banner offers as its button.
    section_link
        The address and heading of a lesson section, for the links under each
        objective missed.
    pace
        Whether a new try can start (the ``[posttest]`` rules); every try is open without it.
    clock
        The time now (a test moves it on).
    """

    def __init__(
        self,
        store: Store,
        bank: Bank,
        learner_id: str,
        widget: PostTestWidget | None = None,
        on_error: ErrorHandler | None = None,
        next_step: NextStep | None = None,
        section_link: SectionLink | None = None,
        pace: Pace | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.bank = bank
        self.learner_id = learner_id
        self.widget = widget or PostTestWidget()
        self.on_error = on_error
        self.next_step = next_step
        self.section_link = section_link
        self.pace = pace
        self.clock = clock
        self.attempt_id = ""
        self.variant: Variant | None = None
        self._saved: dict[str, Any] = {}
        self.store.on_retry = self._retrying
        self.widget.on_submit(self._reported(self.submit, "post-test submit"))
        self.widget.on_retake(self._reported(self.retake, "post-test retake"))
        self.widget.observe(self._reported(self.save, "post-test save"), names="responses")

    def _reported(self, action: Callable[[], object], where: str) -> Callable[..., None]:
        """``action`` for the widget to call: any error goes to ``on_error``, if there is one."""

        def run(*_change: object) -> None:
            try:
                action()
            except Exception as error:
                if self.on_error is None:
                    raise
                self.on_error(error, where)

        return run

    # Starting ---------------------------------------------------------------

    def start(self) -> PostTestWidget:
        """Resume the learner's unfinished attempt, or start a new one; return the widget.

        Raises
        ------
        TryNotOpenError
            If there is no unfinished attempt and a new one cannot start yet.
        """
        attempt = self.store.open_attempt(self.learner_id, self.bank.id)
        status = ""
        if attempt is not None and attempt.bank_version == self.bank.version:
            focus = self.focus(before=attempt.started_at)
            self._show(attempt.id, attempt.seed, self.store.latest_responses(attempt.id), focus)
            return self.widget
        if attempt is not None:
            status = UPDATED
        self._new_attempt()
        if status:
            self.widget.status = status
        return self.widget

    def focus(self, before: datetime | None = None) -> tuple[str, ...]:
        """The objectives missed on the learner's latest result (before ``before``, if given)."""
        return focus_before(self.store, self.learner_id, self.bank.id, before)

    def opening(self) -> Opening:
        """Whether a new try can start now, and if not, why and when."""
        return self.pace(self.clock()) if self.pace is not None else Opening()

    def _new_attempt(self) -> None:
        now = self.clock()
        opening = self.pace(now) if self.pace is not None else Opening()
        if not opening.is_open:
            raise TryNotOpenError(opening, now)
        focus = self.focus()
        seed = new_seed()
        attempt = self.store.start_attempt(self.learner_id, self.bank.id, self.bank.version, seed)
        self._show(attempt.id, seed, {}, focus)

    def _show(
        self, attempt_id: str, seed: int, responses: Mapping[str, Any], focus: tuple[str, ...]
    ) -> None:
        self.attempt_id = attempt_id
        self.variant = draw_variant(self.bank, seed, focus)
        view = self.variant.question_view()
        kept = clean_responses(view, responses)
        self._saved = dict(kept)
        self.widget.load(view, kept)

    # Saving -----------------------------------------------------------------

    def _retrying(self, _attempt: int, _pause: float) -> None:
        self.widget.status = RETRYING

    def save(self) -> bool:
        """Store every answer that changed since the last save; False if the store is down."""
        current = dict(self.widget.responses)
        changed = {k: v for k, v in current.items() if self._saved.get(k) != v}
        try:
            for key, answer in changed.items():
                self.store.record_response(self.attempt_id, key, answer)
                self._saved[key] = answer
        except StoreUnavailableError:
            self.widget.status = NOT_SAVED
            return False
        except RecordsNotWritableError:
            self.widget.status = NOT_WRITABLE
            return False
        if changed:
            self.widget.status = SAVED
        return True

    # Submitting and retaking ------------------------------------------------

    def grade(self) -> AttemptResult:
        """Grade the current answers (pure: nothing is stored)."""
        if self.variant is None:
            raise RuntimeError("start() the post-test before grading it")
        return grade_attempt(self.variant, self.widget.responses)

    def submit(self) -> None:
        """Grade, store the result once, and show it with feedback."""
        if not self.save():
            if self.widget.status != NOT_WRITABLE:
                self.widget.status = (
                    "Your answers could not be saved, so the post-test was not submitted. "
                    "Nothing is lost: wait a moment and choose Submit again."
                )
            return
        result = self.grade()
        record = {
            **result.result_view(show_answers=True),
            "item_ids": self.variant.item_ids if self.variant else {},
        }
        try:
            submission = self.store.submit_attempt(
                self.attempt_id, result.score, result.passed, record
            )
        except StoreUnavailableError:
            self.widget.status = (
                "Your result could not be saved yet. Nothing is lost: choose Submit again "
                "in a moment."
            )
            return
        except RecordsNotWritableError:
            self.widget.status = NOT_WRITABLE
            return
        passed = submission.passed
        show = self.bank.quiz.show_answers_after_pass and passed
        view = result.result_view(show_answers=show)
        view["objectives"] = self.linked_objectives(view["objectives"])
        view["message"] = self._message(passed)
        step = self.next_step() if passed and self.next_step is not None else None
        if step is not None:
            view["next"] = {"href": step[0], "label": step[1]}
        self.widget.result = view

    def linked_objectives(self, scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The objective scores, each missed one with the address and heading of its section."""
        linked = []
        for score in scores:
            entry = dict(score)
            section = entry.pop("section", None)
            found = None
            if self.section_link is not None and isinstance(section, str):
                found = self.section_link(section)
            if found is not None and entry["correct"] < entry["total"]:
                entry["href"], entry["section_title"] = found
            linked.append(entry)
        return linked

    def _message(self, passed_now: bool) -> str:
        best = self.store.best_result(self.learner_id, self.bank.id)
        if passed_now:
            return PASSED
        if best.first_passed_at is not None:
            return (
                "You passed this post-test on an earlier try, and that pass still counts. "
                "Your best score is kept."
            )
        now = self.clock()
        opening = self.pace(now) if self.pace is not None else Opening()
        if not opening.is_open:
            return opening.message(now)
        return (
            "Go back over the lesson sections listed under the objectives you missed, then "
            "choose Try a new version."
        )

    def retake(self) -> None:
        """Start a new variant of the post-test, if the ``[posttest]`` rules allow it now;
        otherwise say when they will."""
        try:
            self._new_attempt()
        except TryNotOpenError as closed:
            self.widget.status = str(closed)
            return
        self.widget.status = "Here is a new version of the post-test."
