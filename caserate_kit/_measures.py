"""Measurement-based care: PHQ-9, GAD-7 and treat-to-target reviews.

- PHQ-9 (depression): 9 items scored 0-3, total 0-27; bands 0-4 minimal, 5-9 mild,
  10-14 moderate, 15-19 moderately severe, 20-27 severe [1]_.
- GAD-7 (anxiety): 7 items scored 0-3, total 0-21; bands 0-4 minimal, 5-9 mild,
  10-14 moderate, 15-21 severe [2]_.
- Response: a drop of at least 50% from baseline. Remission: a total below 5 (the
  usual PHQ-9 cut-off; using it for the GAD-7 too is the common convention).
- Treat to target: measure often, and change the care plan (and/or self-care plan)
  when the score has not come down to target at the 30-, 60- or 90-day check [3]_.

Higher scores mean more symptoms, so a falling score is improvement.

References
----------
.. [1] Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression
   severity measure. J Gen Intern Med. 2001;16(9):606-613.
.. [2] Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing
   generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092-1097.
.. [3] Collaborative care's treat-to-target practice of reviewing the plan when the score
   has not improved: Unützer J, et al. Collaborative care management of late-life
   depression in the primary care setting (IMPACT). JAMA. 2002;288(22):2836-2845.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from numbers import Integral
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd

from ._charts import chart_axes, fit_for_phone, fold
from ._exceptions import DateOrderError, InvalidInputError, MismatchError, OutOfRangeError
from ._validate import require_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "GAD7",
    "INSTRUMENTS",
    "PHQ9",
    "CheckpointResult",
    "Instrument",
    "TreatToTargetReview",
    "gad7_total",
    "is_remission",
    "is_response",
    "percent_change",
    "phq9_total",
    "plot_score_trajectory",
    "severity",
    "treat_to_target",
]

_Scores: TypeAlias = Mapping[int, int] | Iterable[tuple[int, int]]
_RESPONSE_DROP = 0.5  # a drop of at least this share of the baseline is a response


def _whole(field: str, value: Any, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number from 0 to ``high``."""
    if isinstance(value, bool):
        raise InvalidInputError(field, value, "must be a whole number, not True or False")
    if isinstance(value, Integral):
        number = int(value)
    else:
        real = require_number(field, value)
        if not real.is_integer():
            raise InvalidInputError(field, value, "must be a whole number")
        number = int(real)
    if number < 0 or (high is not None and number > high):
        allowed = "zero or more" if high is None else f"a whole number from 0 to {high}"
        raise OutOfRangeError(field, value, f"must be {allowed}")
    return number


@dataclass(frozen=True)
class Instrument:
    """A scored questionnaire: its items, severity bands and remission cut-off.

    Parameters
    ----------
    name : str
        The name clinicians use (``"PHQ-9"``).
    items, max_item_score : int
        How many questions it has, and the top score of one answer (answers start at 0).
    bands : tuple of (int, int, str)
        ``(low, high, label)`` severity bands, lowest first, covering every total.
    remission_below : int
        A total below this counts as remission.

    Examples
    --------
    >>> PHQ9.max_total, GAD7.bands[-1]
    (27, (15, 21, 'Severe'))
    """

    name: str
    items: int
    max_item_score: int
    bands: tuple[tuple[int, int, str], ...]
    remission_below: int

    def __post_init__(self) -> None:
        expected = 0
        for low, high, _label in self.bands:
            if low != expected or high < low:
                break
            expected = high + 1
        if expected != self.max_total + 1:
            reason = f"must cover every total from 0 to {self.max_total} with no gaps or overlaps"
            raise MismatchError("bands", self.bands, reason)

    @property
    def max_total(self) -> int:
        """The highest possible total score."""
        return self.items * self.max_item_score


_BANDS = ((0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"))
PHQ9 = Instrument("PHQ-9", 9, 3, (*_BANDS, (15, 19, "Moderately severe"), (20, 27, "Severe")), 5)
"""Patient Health Questionnaire, 9 items (depression)."""
GAD7 = Instrument("GAD-7", 7, 3, (*_BANDS, (15, 21, "Severe")), 5)
"""Generalized Anxiety Disorder scale, 7 items (anxiety)."""
INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType({"GAD-7": GAD7, "PHQ-9": PHQ9})
"""The instruments by name (read-only)."""


def _total(items: Iterable[Any], instrument: Instrument) -> int:
    """Check the answers to ``instrument`` and return their sum."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidInputError("items", items, "must be a list of item scores")
    answers = list(items)
    if len(answers) != instrument.items:
        reason = f"must hold {instrument.items} item scores, one per {instrument.name} question"
        raise MismatchError("items", len(answers), reason)
    top = instrument.max_item_score
    return sum(_whole(f"items[{i}]", answer, top) for i, answer in enumerate(answers))


def phq9_total(items: Iterable[int]) -> int:
    """Add up the nine PHQ-9 answers.

    Parameters
    ----------
    items : sequence of int
        The nine answers in question order, each a whole number from 0 to 3.

    Returns
    -------
    int
        The total score, 0 to 27.

    Examples
    --------
    >>> phq9_total([1, 2, 1, 0, 3, 1, 2, 0, 1])
    11
    """
    return _total(items, PHQ9)


def gad7_total(items: Iterable[int]) -> int:
    """Add up the seven GAD-7 answers.

    Parameters
    ----------
    items : sequence of int
        The seven answers in question order, each a whole number from 0 to 3.

    Returns
    -------
    int
        The total score, 0 to 21.

    Examples
    --------
    >>> gad7_total([2, 2, 1, 1, 0, 1, 2])
    9
    """
    return _total(items, GAD7)


def severity(total: int, instrument: Instrument = PHQ9) -> str:
    """Name the severity band of a total score.

    Parameters
    ----------
    total : int
        The total score, 0 to the instrument's maximum.
    instrument : Instrument
        ``PHQ9`` (the default) or ``GAD7``.

    Returns
    -------
    str
        The band label, such as ``"Moderate"``.

    Examples
    --------
    >>> severity(14), severity(15), severity(15, GAD7)
    ('Moderate', 'Moderately severe', 'Severe')
    """
    score = _whole("total", total, instrument.max_total)
    return next(label for low, high, label in instrument.bands if low <= score <= high)


def percent_change(baseline: int, current: int) -> float:
    """Return the drop from baseline as a share of the baseline.

    Parameters
    ----------
    baseline, current : int
        The first score (above 0: there is no change to measure from 0) and a newer one.

    Returns
    -------
    float
        0.5 means the score is 50% lower (better); a negative share means it went up.

    Examples
    --------
    >>> percent_change(20, 10), percent_change(10, 12)
    (0.5, -0.2)
    """
    start, now = _whole("baseline", baseline), _whole("current", current)
    if start == 0:
        raise OutOfRangeError("baseline", baseline, "must be above 0 to measure change from it")
    return (start - now) / start


def is_response(baseline: int, current: int, instrument: Instrument = PHQ9) -> bool:
    """Say whether the score has dropped by at least 50% from baseline.

    Parameters
    ----------
    baseline, current : int
        The first score (above 0) and a newer one.
    instrument : Instrument
        ``PHQ9`` (the default) or ``GAD7``; sets the allowed range.

    Returns
    -------
    bool
        True for a response.

    Examples
    --------
    >>> is_response(14, 7), is_response(14, 8)
    (True, False)
    """
    top = instrument.max_total
    start, now = _whole("baseline", baseline, top), _whole("current", current, top)
    return percent_change(start, now) >= _RESPONSE_DROP


def is_remission(current: int, instrument: Instrument = PHQ9) -> bool:
    """Say whether a score is below the remission cut-off (5 for PHQ-9 and GAD-7).

    Parameters
    ----------
    current : int
        The score.
    instrument : Instrument
        ``PHQ9`` (the default) or ``GAD7``.

    Returns
    -------
    bool
        True for remission.

    Examples
    --------
    >>> is_remission(4), is_remission(5)
    (True, False)
    """
    return _whole("current", current, instrument.max_total) < instrument.remission_below


@dataclass(frozen=True)
class CheckpointResult:
    """One review checkpoint: the score used (or None if none) and what it shows.

    ``due`` is True once the review day reaches the checkpoint or a score in its window
    has been taken. ``target_met`` and ``response`` are None without a score;
    ``response`` is also None when the baseline is 0.
    """

    day: int
    due: bool
    score_day: int | None
    score: int | None
    target_met: bool | None
    response: bool | None

    @property
    def action(self) -> str:
        """What to do at this checkpoint, in plain words."""
        if not self.due:
            return "not due yet"
        if self.score is None:
            return "measure now"
        return "keep the plan" if self.target_met else "change the care plan"


@dataclass(frozen=True)
class TreatToTargetReview:
    """The result of :func:`treat_to_target`; ``to_frame()`` shows it as a table."""

    instrument: Instrument
    target: int
    scores: tuple[tuple[int, int], ...]
    baseline_day: int
    baseline: int
    latest_day: int
    latest: int
    as_of: int
    checkpoints: tuple[CheckpointResult, ...]
    change_plan_at: int | None
    status: str

    def to_frame(self) -> pd.DataFrame:
        """Return one row per checkpoint, indexed by checkpoint day, for display."""
        rows = self.checkpoints
        bands = [None if r.score is None else severity(r.score, self.instrument) for r in rows]
        return pd.DataFrame(
            {
                "checkpoint day": [r.day for r in rows],
                "score day": pd.array([r.score_day for r in rows], dtype="Int64"),
                "score": pd.array([r.score for r in rows], dtype="Int64"),
                "severity": bands,
                "target met": pd.array([r.target_met for r in rows], dtype="boolean"),
                "response": pd.array([r.response for r in rows], dtype="boolean"),
                "action": [r.action for r in rows],
            }
        ).set_index("checkpoint day")


def _read_scores(scores: _Scores, instrument: Instrument) -> tuple[tuple[int, int], ...]:
    """Check ``(day, score)`` pairs: days of 0 or more, strictly increasing."""
    raw = list(scores.items()) if isinstance(scores, Mapping) else list(scores)
    if not raw:
        raise InvalidInputError("scores", raw, "must hold at least the baseline (day, score)")
    pairs: list[tuple[int, int]] = []
    for i, pair in enumerate(raw):
        try:
            day_value, score_value = pair
        except (TypeError, ValueError):
            raise InvalidInputError(f"scores[{i}]", pair, "must be a (day, score) pair") from None
        day = _whole("day", day_value)
        if pairs and day <= pairs[-1][0]:
            reason = f"must be strictly increasing; day {day} comes after day {pairs[-1][0]}"
            raise DateOrderError("days", [d for d, _ in pairs] + [day], reason)
        pairs.append((day, _whole(f"score on day {day}", score_value, instrument.max_total)))
    return tuple(pairs)


def treat_to_target(
    scores: _Scores,
    target: int | None = None,
    instrument: Instrument = PHQ9,
    checkpoints: Sequence[int] = (30, 60, 90),
    tolerance_days: int = 14,
    as_of: int | None = None,
) -> TreatToTargetReview:
    """Review a series of scores against a target at the 30-, 60- and 90-day checks.

    The first score is the baseline. The score *at* a checkpoint is the latest one
    taken on or before the checkpoint day, after the previous checkpoint (and after
    the baseline), and at most ``tolerance_days`` before it. A checkpoint is due once
    the review day reaches it or its score has been taken. Above target there, the
    care plan should change.

    Parameters
    ----------
    scores : mapping of day to score, or sequence of (day, score)
        Days since care started (0 or more, strictly increasing) and total scores.
    target : int, optional
        The goal; a score at or below it meets target. Default: remission (4).
    instrument : Instrument
        ``PHQ9`` (the default) or ``GAD7``.
    checkpoints : sequence of int
        Review days, strictly increasing.
    tolerance_days : int
        How many days before a checkpoint a score may be taken and still count.
    as_of : int, optional
        The review day (default: the latest score's day).

    Returns
    -------
    TreatToTargetReview
        Baseline, latest score, per-checkpoint results, ``change_plan_at`` (the first
        checkpoint with a score above target, or None) and ``status`` in plain words.

    Examples
    --------
    >>> review = treat_to_target({0: 18, 14: 14, 28: 11, 45: 7, 58: 4})
    >>> review.change_plan_at, review.status
    (30, 'On target at day 60: keep the plan')
    """
    pairs = _read_scores(scores, instrument)
    (baseline_day, baseline), (latest_day, latest) = pairs[0], pairs[-1]
    top = instrument.max_total
    goal = instrument.remission_below - 1 if target is None else _whole("target", target, top)
    days = [_whole(f"checkpoints[{i}]", day) for i, day in enumerate(checkpoints)]
    if not days or any(later <= earlier for earlier, later in pairwise(days)):
        raise DateOrderError("checkpoints", list(checkpoints), "must be increasing review days")
    window = _whole("tolerance_days", tolerance_days)
    review_day = latest_day if as_of is None else _whole("as_of", as_of)
    if review_day < latest_day:
        reason = f"must be on or after the latest score (day {latest_day})"
        raise OutOfRangeError("as_of", as_of, reason)

    results: list[CheckpointResult] = []
    previous = baseline_day
    for day in days:
        found = [(d, s) for d, s in pairs[1:] if max(previous, day - window - 1) < d <= day]
        previous, due = max(previous, day), day <= review_day or bool(found)
        if not due or not found:
            results.append(CheckpointResult(day, due, None, None, None, None))
            continue
        score_day, score = found[-1]
        response = None if baseline == 0 else is_response(baseline, score, instrument)
        results.append(CheckpointResult(day, due, score_day, score, score <= goal, response))

    done = [r for r in results if r.due]
    change_at = next((r.day for r in done if r.target_met is False), None)
    if not done:
        status = f"First check is at day {days[0]}: keep measuring"
    elif (last := done[-1]).score is None:
        status = f"No score near day {last.day}: measure now"
    elif last.target_met:
        status = f"On target at day {last.day}: keep the plan"
    else:
        status = f"Not at target by day {last.day}: change the care plan"
    return TreatToTargetReview(
        instrument,
        goal,
        pairs,
        baseline_day,
        baseline,
        latest_day,
        latest,
        review_day,
        tuple(results),
        change_at,
        status,
    )


def plot_score_trajectory(
    data: TreatToTargetReview | _Scores, ax: Axes | None = None, compact: bool = False
) -> Axes:
    """Plot scores over time with the target, the checkpoints and the severity bands.

    The chart reads without colour: circles on a solid line are scores (each labelled
    with its value), the dashed line is the target, dotted lines are the checkpoints,
    and the grey severity bands are named at the right.

    Parameters
    ----------
    data : TreatToTargetReview, or scores as for :func:`treat_to_target`
        A review, or scores to review with the default (PHQ-9) settings.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    compact : bool
        Draw for a phone: a figure :data:`PHONE_WIDTH` inches wide when ``ax`` is
        omitted, refitted by :func:`fit_for_phone`, the bands' names folded.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_score_trajectory({0: 18, 28: 11, 58: 4})
    >>> ax.get_xlabel()
    'Days since care started'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from matplotlib.ticker import MaxNLocator

    review = data if isinstance(data, TreatToTargetReview) else treat_to_target(data)
    inst, days = review.instrument, [day for day, _ in review.scores]
    if ax is None:
        ax = chart_axes(compact, (8, 4.5), 4.4)
    for i, (low, high, label) in enumerate(inst.bands):
        ax.axhspan(low - 0.5, high + 0.5, color="0.94" if i % 2 else "0.86", zorder=0)
        ax.text(
            1.01,
            (low + high) / 2,
            fold(label, 10) if compact else label,
            transform=ax.get_yaxis_transform(),
            va="center",
            fontsize=8,
        )
    ax.plot(
        days,
        [score for _, score in review.scores],
        color="#0072B2",
        marker="o",
        linestyle="-",
        linewidth=2,
        label=f"{inst.name} score",
    )
    for day, score in review.scores:
        ax.annotate(
            str(score),
            (day, score),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.axhline(
        review.target,
        color="#D55E00",
        linestyle="--",
        linewidth=2,
        label=f"Target: {review.target} or lower",
    )
    for i, check in enumerate(review.checkpoints):
        ax.axvline(
            check.day,
            color="0.3",
            linestyle=":",
            linewidth=1.5,
            label="Review checkpoint" if i == 0 else "_nolegend_",
        )
        ax.text(
            check.day,
            1.01,
            f"Day {check.day}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xlim(min(days) - 2, max(days + [check.day for check in review.checkpoints]) + 5)
    ax.set_ylim(-0.5, inst.max_total + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Days since care started")
    ax.set_ylabel(f"{inst.name} total (higher means more symptoms)")
    ax.set_title(f"{inst.name} score over time\n{review.status}", pad=16)
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return fit_for_phone(ax) if compact else ax
