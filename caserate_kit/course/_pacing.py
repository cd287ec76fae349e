"""When a learner's next post-test try opens: CE credit follows study, not retakes.

Before a learner's first pass at a lesson's post-test, three rules of
``course.toml``'s ``[posttest]`` (:class:`~._config.PostTestPacing`) apply:

- **reading first**: the post-test opens once the learner has spent a share
  of the lesson's reading time on the lesson page (its words at the CE
  formula's words a minute);
- **a pause after a try that did not pass**, to go back over the sections
  the result points to;
- **a daily cap** on tries submitted in any 24 hours.

A try already started is never closed by these rules (it can always be
finished), and after a pass none applies. Everything here is pure: the page
and the post-test session pass in the records' figures and the time.

>>> from datetime import datetime, timedelta, UTC
>>> from caserate_kit.course._config import PostTestPacing
>>> now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
>>> opening = next_try(PostTestPacing(), now, [now - timedelta(minutes=4)], passed=False,
...                    spent=timedelta(minutes=30), reading_minutes=22)
>>> opening.is_open, opening.rule, opening.opens_at.time()
(False, 'wait', datetime.time(9, 6))
>>> opening.message(now).split(". ")[0]
'You can try a new version in 6 minutes'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ._config import PostTestPacing

__all__ = ["DAY", "Opening", "next_try"]

DAY = timedelta(hours=24)
"""The window the daily cap counts tries in."""

Rule = Literal["", "reading", "wait", "daily"]


@dataclass(frozen=True)
class Opening:
    """Whether a new try can start now, and if not, which rule holds it and until when.

    ``opens_at`` is None when the rule is ``"reading"``: the post-test opens
    when the learner has read long enough, not at a set time.
    """

    rule: Rule = ""
    opens_at: datetime | None = None
    spent_minutes: float = 0.0
    needed_minutes: float = 0.0

    @property
    def is_open(self) -> bool:
        """Whether a new try can start now."""
        return not self.rule

    def message(self, now: datetime) -> str:
        """What the learner reads, in one or two sentences ("" when open)."""
        if self.rule == "reading":
            needed = max(1, math.ceil(self.needed_minutes))
            spent = int(self.spent_minutes)
            return (
                f"The post-test opens after about {_minutes(needed)} with the lesson "
                f"(so far: {_minutes(spent)}). Read the lesson first; the post-test opens when "
                "you come back to it."
            )
        if self.opens_at is None:
            return ""
        wait = _minutes(max(1, math.ceil((self.opens_at - now).total_seconds() / 60)))
        if self.rule == "daily":
            return (
                f"You have used today's tries at this post-test. You can try again in {wait}: "
                "meanwhile, go back over the lesson sections listed under your last result."
            )
        return (
            f"You can try a new version in {wait}. Meanwhile, go back over the lesson "
            "sections listed under your result."
        )


def _minutes(count: int) -> str:
    if count >= 120:
        hours = math.ceil(count / 60)
        return f"{hours} hours"
    return "1 minute" if count == 1 else f"{count} minutes"


def next_try(
    pacing: PostTestPacing,
    now: datetime,
    submitted: Sequence[datetime],
    *,
    passed: bool,
    spent: timedelta,
    reading_minutes: float,
) -> Opening:
    """When the learner's next try at a post-test opens.

    Parameters
    ----------
    pacing
        The course's ``[posttest]`` rules.
    now
        The time now (aware).
    submitted
        When each of the learner's earlier tries at this post-test was submitted.
    passed
        Whether the learner has passed it (then nothing is paced).
    spent
        The learner's time on the lesson page so far.
    reading_minutes
        The lesson's reading time.
    """
    spent_minutes = spent.total_seconds() / 60
    if passed:
        return Opening(spent_minutes=spent_minutes)
    needed = pacing.minimum_reading_share * reading_minutes
    if spent_minutes + 1e-9 < needed:
        return Opening("reading", None, spent_minutes, needed)
    times = sorted(submitted)
    waits: list[tuple[Rule, datetime]] = []
    if times and pacing.retake_wait_minutes:
        waits.append(("wait", times[-1] + timedelta(minutes=pacing.retake_wait_minutes)))
    recent = [moment for moment in times if moment > now - DAY]
    if pacing.tries_per_day and len(recent) >= pacing.tries_per_day:
        waits.append(("daily", recent[-pacing.tries_per_day] + DAY))
    closed = [(at, rule) for rule, at in waits if at > now]
    if not closed:
        return Opening(spent_minutes=spent_minutes, needed_minutes=needed)
    at, rule = max(closed)
    return Opening(rule, at, spent_minutes, needed)
