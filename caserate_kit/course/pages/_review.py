"""An earlier post-test try, as the learner saw it: ``posttest.ipynb?quiz=...&review=ID``.

Every submitted try stays readable: its score, its result by objective (with
a link to the lesson section behind each objective missed) and each question
with the learner's answer and the feedback given at the time. A try that did
not pass shows no right answers and no rationale for the questions answered
wrong, exactly as the page showed them then: reviewing cannot hand over what
the result held back. Only the learner's own tries can be opened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._numbers import format_percent
from ..quiz import ItemResult
from ._frame import escape, link

if TYPE_CHECKING:
    from ..records import Submission
    from ._posttest_session import SectionLink

__all__ = ["objectives_html", "review_html", "tries_html"]


def _when(submission: Submission) -> str:
    from ..certificates import format_date

    at = submission.submitted_at
    return f"{format_date(at.date())}, {at:%H:%M} UTC"


def tries_html(submissions: Sequence[Submission], token: str | None, quiz: str) -> str:
    """The learner's submitted tries, newest first, each with a link to review it."""
    if not submissions:
        return ""
    rows = []
    for number, submission in reversed(list(enumerate(submissions, 1))):
        verdict = "passed" if submission.passed else "not passed"
        href = link("posttest", token, quiz=quiz, review=submission.attempt_id)
        rows.append(
            f"<li>Try {number}, {escape(_when(submission))}: "
            f"{format_percent(submission.score)}, {verdict}. "
            f'<a href="{href}">Review try {number}</a></li>'
        )
    return f'<h3 id="your-tries">Your tries</h3><ol class="ck-tries" reversed>{"".join(rows)}</ol>'


def objectives_html(scores: object, section_link: SectionLink) -> str:
    """The result by objective, each missed one with a link to the section that teaches it."""
    if not isinstance(scores, list) or not scores:
        return ""
    rows = []
    for score in scores:
        if not isinstance(score, Mapping) or not isinstance(score.get("text"), str):
            continue
        correct, total = int(score.get("correct", 0)), int(score.get("total", 0))
        review = ""
        section = score.get("section")
        found = section_link(section) if isinstance(section, str) else None
        if correct < total and found is not None:
            href, title = found
            review = (
                f'<span class="ck-test-objective-review">Review '
                f'<a href="{escape(href)}">{escape(title)}</a> in the lesson.</span>'
            )
        state = "ck-is-missed" if correct < total else "ck-is-met"
        rows.append(
            f'<li class="{state}"><span class="ck-test-objective-text">'
            f"{escape(score['text'])}: </span><strong>{correct} of {total} right</strong>"
            f"{review}</li>"
        )
    return (
        '<div class="ck-test-objectives"><h3 class="ck-test-objectives-title">Your result '
        f"by objective</h3><ul>{''.join(rows)}</ul></div>"
    )


def _answer(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(part) for part in value)
    return str(value)


def _question_html(number: int, shown: Mapping[str, Any]) -> str:
    verdict = "Right" if shown["correct"] else "Not right"
    state = "ck-is-correct" if shown["correct"] else "ck-is-incorrect"
    lines = "".join(f"<p>{escape(line)}</p>" for line in shown["feedback"])
    extra = ""
    if "correct_answer" in shown:
        extra += f"<p><strong>Right answer:</strong> {escape(_answer(shown['correct_answer']))}</p>"
    if shown.get("rationale"):
        extra += f"<p><strong>Why:</strong> {escape(shown['rationale'])}</p>"
    return (
        f'<li class="ck-review-question {state}"><h4>Question {number}: {verdict}</h4>'
        f"<p>{escape(shown['prompt'])}</p>"
        f"<p><strong>Your answer:</strong> {escape(_answer(shown['your_answer']))}</p>"
        f"{lines}{extra}</li>"
    )


def review_html(
    submission: Submission, number: int, show_answers_after_pass: bool, section_link: SectionLink
) -> str:
    """One submitted try as the learner saw it after submitting."""
    record = submission.result
    show = submission.passed and show_answers_after_pass
    stored = record.get("items")
    entries = [
        entry
        for entry in (stored if isinstance(stored, list) else [])
        if isinstance(entry, Mapping) and {"prompt", "correct", "feedback"} <= entry.keys()
    ]
    items = [_question_html(n, _learner_view(e, show)) for n, e in enumerate(entries, 1)]
    right = sum(1 for entry in entries if entry["correct"])
    verdict = "You passed." if submission.passed else "Not passed."
    return (
        f'<section class="ck-review" aria-labelledby="review-title">'
        f'<h2 id="review-title">Try {number}, {escape(_when(submission))}</h2>'
        f'<p class="ck-test-score"><strong>{format_percent(submission.score)}</strong> '
        f"({right} of {len(items)} right). {verdict}</p>"
        f"{objectives_html(record.get('objectives'), section_link)}"
        f'<h3>The questions</h3><ol class="ck-review-questions">{"".join(items)}</ol>'
        "</section>"
    )


def _learner_view(entry: Mapping[str, Any], show_answers: bool) -> dict[str, Any]:
    """A stored question as the learner was shown it (answers only after a pass)."""

    def text(value: object) -> str | tuple[str, ...]:
        return tuple(map(str, value)) if isinstance(value, list) else str(value)

    result = ItemResult(
        key=str(entry.get("key", "")),
        item_id="",
        prompt=str(entry["prompt"]),
        correct=bool(entry["correct"]),
        feedback=tuple(str(line) for line in entry["feedback"]),
        rationale=str(entry.get("rationale", "")),
        your_answer=text(entry.get("your_answer", "")),
        correct_answer=text(entry.get("correct_answer", "")),
    )
    return result.view(show_answers)
