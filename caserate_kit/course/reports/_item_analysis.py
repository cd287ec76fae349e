"""Item analysis of the post-tests, and pass rates per lesson (pure functions on pandas).

Per question (bank item id), from the submitted attempts that showed it:

- **facility**: the share of those attempts that answered it right;
- **discrimination**: the point-biserial correlation between the item score
  (1 right, 0 wrong) and the *rest-of-test* score, the share of the attempt's
  other questions answered right. Leaving the item out of the total avoids
  the item correlating with itself (Henrysson 1963, "Correction of item-total
  correlations in item analysis", *Psychometrika* 28, 211-218).

A question is flagged, as in classical test theory item analysis (Crocker &
Algina 1986, *Introduction to Classical and Modern Test Theory*; Ebel &
Frisbie 1991, *Essentials of Educational Measurement*, 5th ed.), when:

- facility < 0.30 (:data:`FACILITY_LOW`): hard; most learners miss it;
- facility > 0.95 (:data:`FACILITY_HIGH`): so easy it tells little. A CE
  post-test is a mastery test, where high facility is expected, so only
  near everyone-right is flagged rather than the 0.90 upper bound often used;
- discrimination < 0.20 (:data:`DISCRIMINATION_LOW`): Ebel and Frisbie's
  guide to discrimination indices calls such items poor, to be revised or
  dropped: they do not separate learners who know the material from those
  who do not.

With fewer than :data:`MIN_SHOWN` attempts a question is not judged. When
the item score or the rest-of-test score is the same in every attempt, the
correlation is undefined and reported as NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from .._numbers import format_percent

__all__ = [
    "DISCRIMINATION_LOW",
    "FACILITY_HIGH",
    "FACILITY_LOW",
    "ITEM_COLUMNS",
    "LESSON_COLUMNS",
    "MIN_SHOWN",
    "TOO_FEW",
    "attempts_to_pass",
    "item_analysis",
    "item_scores",
    "item_verdict",
    "lesson_summary",
    "point_biserial",
]

FACILITY_LOW: Final = 0.30
"""Below this share answering right, a question is flagged as hard."""

FACILITY_HIGH: Final = 0.95
"""Above this share answering right, a question is flagged as very easy."""

DISCRIMINATION_LOW: Final = 0.20
"""Below this point-biserial correlation, a question is flagged as not separating."""

MIN_SHOWN: Final = 5
"""The fewest attempts showing a question before it is judged."""

TOO_FEW: Final = "too few attempts to judge"

ITEM_COLUMNS: Final = (
    "quiz_id",
    "item_id",
    "prompt",
    "shown",
    "answered_right",
    "facility",
    "discrimination",
    "flags",
    "meaning",
)
"""The columns of :func:`item_analysis`, in order."""

LESSON_COLUMNS: Final = (
    "quiz_id",
    "learners",
    "attempts",
    "learners_passed",
    "pass_rate",
    "mean_attempts_to_pass",
)
"""The columns of :func:`lesson_summary`, in order."""

_SCORE_COLUMNS = ["attempt_id", "quiz_id", "item_id", "correct"]


def item_scores(submissions: Iterable[tuple[str, str, Mapping[str, Any]]]) -> pd.DataFrame:
    """Which questions did each submitted attempt answer right?

    Parameters
    ----------
    submissions
        (attempt id, quiz id, stored result) of each submitted attempt; the
        result holds ``items`` (each with ``key`` and ``correct``) and
        ``item_ids`` (question key to bank item id). Questions without an
        item id are left out.

    Returns
    -------
    pandas.DataFrame
        One row per question of each attempt: ``attempt_id``, ``quiz_id``,
        ``item_id``, ``correct`` (1 or 0).
    """
    rows = []
    for attempt_id, quiz_id, result in submissions:
        if not isinstance(result, Mapping):
            continue
        ids, items = result.get("item_ids"), result.get("items")
        if not isinstance(ids, Mapping) or not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, Mapping) and isinstance(ids.get(item.get("key")), str):
                correct = 1 if item.get("correct") is True else 0
                rows.append((attempt_id, quiz_id, ids[item["key"]], correct))
    return pd.DataFrame(rows, columns=_SCORE_COLUMNS).astype({"correct": "int64"})


def point_biserial(item: Iterable[float], rest: Iterable[float]) -> float:
    """How strongly does getting this item right go with doing well on the rest?

    The Pearson correlation of a 0/1 item score with the rest-of-test score:
    NaN when either is the same in every attempt (or there are fewer than two).

    >>> point_biserial([1, 1, 0, 0], [0.9, 0.7, 0.5, 0.3])
    0.894...
    >>> point_biserial([1, 1, 1], [0.9, 0.5, 0.2])
    nan
    """
    x = np.asarray(list(item), dtype=float)
    y = np.asarray(list(rest), dtype=float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    return float((dx @ dy) / math.sqrt((dx @ dx) * (dy @ dy)))


def item_verdict(shown: int, facility: float, discrimination: float) -> tuple[str, str]:
    """Which flags does a question get, and what do they mean in plain words?

    Returns
    -------
    tuple of str
        The flags (``""`` when none; several joined by ``"; "``) and a sentence or two
        for the trainer.
    """
    if shown < MIN_SHOWN:
        return TOO_FEW, (
            f"Shown {shown} time{'s' if shown != 1 else ''} so far; wait for at least "
            f"{MIN_SHOWN} attempts before judging it."
        )
    flags, words = [], []
    right = format_percent(facility)
    if facility < FACILITY_LOW:
        flags.append("hard")
        words.append(
            f"Hard: only {right} answered it right. Check the wording, the keyed answer, "
            "and whether the lesson teaches it."
        )
    if facility > FACILITY_HIGH:
        flags.append("very easy")
        words.append(f"Very easy: {right} answered it right, so it tells you little.")
    if math.isnan(discrimination):
        words.append(
            "Whether it separates stronger from weaker learners cannot be measured yet: "
            "every attempt scored the same on it, or on the rest of the test."
        )
    elif discrimination < DISCRIMINATION_LOW:
        flags.append("does not separate")
        key = " Stronger learners missed it more often: check the answer key."
        sign = key if discrimination < 0 else ""
        words.append(
            "Does not separate: learners who did well on the rest of the test were not "
            f"clearly more likely to get it right (discrimination {discrimination:.2f}). "
            f"Look for a misleading option or an unclear question.{sign}"
        )
    return "; ".join(flags), " ".join(words) or "No concerns."


def item_analysis(scores: pd.DataFrame, prompts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """How hard is each question, and does it separate learners who know the material?

    Parameters
    ----------
    scores
        As made by :func:`item_scores`.
    prompts
        Each item id's question text (from the bank); missing ones are blank.

    Returns
    -------
    pandas.DataFrame
        One row per quiz and item, columns :data:`ITEM_COLUMNS`: the most
        missed first, then those shown too few times to judge.
    """
    if scores.empty:
        return pd.DataFrame(columns=list(ITEM_COLUMNS))
    per_attempt = scores.groupby("attempt_id")["correct"].agg(["sum", "count"])
    data = scores.join(per_attempt, on="attempt_id")
    others = data["count"] - 1
    data["rest"] = (data["sum"] - data["correct"]) / others.where(others > 0)
    rows = []
    for (quiz_id, item_id), group in data.groupby(["quiz_id", "item_id"], sort=True):
        known = group.dropna(subset=["rest"])
        shown = len(group)
        facility = float(group["correct"].mean())
        discrimination = point_biserial(known["correct"], known["rest"])
        flags, meaning = item_verdict(shown, facility, discrimination)
        rows.append(
            {
                "quiz_id": quiz_id,
                "item_id": item_id,
                "prompt": (prompts or {}).get(str(item_id), ""),
                "shown": shown,
                "answered_right": int(group["correct"].sum()),
                "facility": facility,
                "discrimination": discrimination,
                "flags": flags,
                "meaning": meaning,
            }
        )
    table = pd.DataFrame(rows, columns=list(ITEM_COLUMNS))
    order = table.assign(unjudged=table["shown"] < MIN_SHOWN)
    order = order.sort_values(["unjudged", "facility", "quiz_id", "item_id"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def attempts_to_pass(attempts: pd.DataFrame) -> pd.DataFrame:
    """How many submitted attempts did each learner need to pass each post-test?

    Parameters
    ----------
    attempts
        Submitted attempts: ``learner_id``, ``quiz_id``, ``submitted_at``, ``passed``.

    Returns
    -------
    pandas.DataFrame
        ``quiz_id``, ``learner_id``, ``attempts_to_pass`` (the number of the
        first passing attempt), for learners who passed.
    """
    columns = ["quiz_id", "learner_id", "attempts_to_pass"]
    if attempts.empty:
        return pd.DataFrame(columns=columns)
    ordered = attempts.sort_values("submitted_at", kind="stable").copy()
    ordered["number"] = ordered.groupby(["quiz_id", "learner_id"]).cumcount() + 1
    passes = ordered[ordered["passed"].astype(bool)]
    first = passes.groupby(["quiz_id", "learner_id"])["number"].min()
    return first.reset_index(name="attempts_to_pass")[columns]


def lesson_summary(attempts: pd.DataFrame) -> pd.DataFrame:
    """Per post-test: how many learners took it, passed it, and how many tries they needed.

    Parameters
    ----------
    attempts
        Submitted attempts: ``learner_id``, ``quiz_id``, ``submitted_at``, ``passed``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LESSON_COLUMNS`: learners with a submitted attempt,
        submitted attempts, learners who passed, the pass rate (learners
        passed / learners), and the mean attempts to pass of those who passed
        (NaN when nobody has).
    """
    if attempts.empty:
        return pd.DataFrame(columns=list(LESSON_COLUMNS))
    grouped = attempts.groupby("quiz_id")
    table = pd.DataFrame(
        {
            "learners": grouped["learner_id"].nunique(),
            "attempts": grouped.size(),
        }
    )
    needed = attempts_to_pass(attempts).groupby("quiz_id")["attempts_to_pass"]
    table["learners_passed"] = needed.size().reindex(table.index, fill_value=0)
    table["pass_rate"] = table["learners_passed"] / table["learners"]
    table["mean_attempts_to_pass"] = needed.mean().reindex(table.index).astype(float)
    return table.reset_index()[list(LESSON_COLUMNS)]
