"""Exercise 7, the review: check the learner's prediction and explain the review.

The review itself is :func:`caserate_kit.treat_to_target`; this module turns
it into feedback on a prediction, table rows and plain sentences. Nothing here
touches a widget.
"""

from __future__ import annotations

from typing import Any

import caserate_kit as ck

from .._numbers import format_percent
from ._treat_to_target import PREDICTIONS

__all__ = ["chart_summary", "check_prediction", "outcome_lines", "review_rows"]


def _checkpoint_line(check: ck.CheckpointResult, target: int, latest_day: int) -> str:
    if not check.due:
        return f"Day {check.day}: not reached yet (the latest score is from day {latest_day})."
    if check.score is None:
        return (
            f"Day {check.day}: no score in the two weeks up to it, so the review says measure now."
        )
    where = "at or below" if check.target_met else "above"
    action = "keep the plan" if check.target_met else "change the care plan"
    return (
        f"Day {check.day}: the score that counts is {check.score} (day {check.score_day}), "
        f"{where} the target of {target}: {action}."
    )


def check_prediction(review: ck.TreatToTargetReview, choice: str) -> dict[str, Any]:
    """Feedback on the learner's prediction: ``{verdict, title, lines}``."""
    labels = dict(PREDICTIONS)
    if choice not in labels:
        raise ck.InvalidInputError("prediction", choice, f"must be one of {list(labels)}")
    right = "none" if review.change_plan_at is None else str(review.change_plan_at)
    answer = (
        "no checkpoint calls for a change" if right == "none" else f"change the plan at day {right}"
    )
    if choice == right:
        title = f"Right: {answer}"
    else:
        said = labels[choice].split(":")[0].lower()
        title = f"Not quite: you predicted {said}; the review says {answer}"
    lines = [_checkpoint_line(c, review.target, review.latest_day) for c in review.checkpoints]
    lines.append(
        "The plan should change at the first checkpoint whose score is above target; "
        "the score that counts is the latest one taken in the two weeks up to it."
    )
    return {
        "verdict": "correct" if choice == right else "incorrect",
        "title": title,
        "lines": lines,
    }


def _yes(value: bool | None) -> str:
    return "\u2014" if value is None else ("Yes" if value else "No")


def review_rows(review: ck.TreatToTargetReview) -> list[list[str]]:
    """The review as table rows: checkpoint, score used, severity, target met, response, action."""
    return [
        [
            f"Day {c.day}",
            "\u2014" if c.score is None else f"{c.score} (day {c.score_day})",
            "\u2014" if c.score is None else ck.severity(c.score, review.instrument),
            _yes(c.target_met),
            _yes(c.response),
            c.action.capitalize(),
        ]
        for c in review.checkpoints
    ]


def outcome_lines(review: ck.TreatToTargetReview) -> list[str]:
    """Baseline, latest score, response and remission, in plain words."""
    inst = review.instrument
    start, now = review.baseline, review.latest
    lines = [
        f"Baseline {start} ({ck.severity(start, inst).lower()}) on day "
        f"{review.baseline_day}; latest {now} ({ck.severity(now, inst).lower()}) on day "
        f"{review.latest_day}."
    ]
    if start == 0:
        lines.append("The baseline is 0, so there is no drop to measure a response from.")
    else:
        drop = ck.percent_change(start, now)
        said = f"a {'drop' if drop >= 0 else 'rise'} of {format_percent(abs(drop))}"
        verdict = "a response" if ck.is_response(start, now, inst) else "not yet a response"
        lines.append(f"That is {said}: {verdict} (a response is a drop of at least half).")
    below = inst.remission_below
    if ck.is_remission(now, inst):
        lines.append(f"Remission: the latest score, {now}, is below {below}.")
    else:
        lines.append(
            f"Not in remission: that needs a score below {below}, and the latest is {now}."
        )
    return lines


def chart_summary(review: ck.TreatToTargetReview, revealed: bool) -> str:
    """One sentence saying what the chart shows (with the verdict only once revealed)."""
    inst = review.instrument
    count = len(review.scores)
    noun = "score" if count == 1 else "scores"
    first, last = review.scores[0][0], review.scores[-1][0]
    days = f"on day {first}" if count == 1 else f"from day {first} to day {last}"
    text = (
        f"The chart shows {count} {inst.name} {noun} {days}, from {review.baseline} "
        f"({ck.severity(review.baseline, inst).lower()}) to {review.latest} "
        f"({ck.severity(review.latest, inst).lower()}), against a target of {review.target} "
        "or lower, with review checkpoints at days "
        f"{', '.join(str(c.day) for c in review.checkpoints[:-1])} and "
        f"{review.checkpoints[-1].day}."
    )
    return f"{text} The review says: {review.status}." if revealed else text
