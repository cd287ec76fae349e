"""Exercise 6, the logic: rate a vignette on the teaching rubric and choose a level.

The vignettes are data (``vignettes.yaml``, fictional), each written to show
one set of ratings. The learner's ratings and level are compared with those
ratings and with the level :func:`~caserate_kit.course.place_on_rubric` gives
for them, and every difference is explained. The rubric is the course's
teaching device (:data:`~caserate_kit.course.RUBRIC_NOTICE`), not a clinical
instrument. Nothing here touches a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, field_validator

from ..._charts import fit_for_phone
from ..._exceptions import InvalidInputError
from .._rubric import (
    RUBRIC_DIMENSIONS,
    RUBRIC_LEVELS,
    RubricDimension,
    RubricPlacement,
    RubricRatings,
    place_on_rubric,
)
from .._yaml import Text, load_yaml

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "LEVEL_KEY",
    "DimensionComparison",
    "PlacementCheck",
    "Vignette",
    "check_placement",
    "load_vignettes",
    "plot_ratings",
]

CONTENT = Path(__file__).resolve().with_name("vignettes.yaml")
LEVEL_KEY = "level"
"""The key of the level choice among the learner's answers."""
_KEYS = tuple(item.name for item in fields(RubricRatings))


@dataclass(frozen=True)
class Vignette:
    """A fictional person, the ratings the text was written to show, and why."""

    id: str
    name: str
    context: str
    text: str
    ratings: RubricRatings
    reasons: Mapping[str, str]

    @property
    def placement(self) -> RubricPlacement:
        """What the rubric's rule gives for the vignette's ratings."""
        return place_on_rubric(self.ratings)


Rating = Annotated[StrictInt, Field(ge=1, le=4)]


class _Ratings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    safety: Rating
    functioning: Rating
    symptoms: Rating
    support: Rating
    engagement: Rating


class _Reasons(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    safety: Text
    functioning: Text
    symptoms: Text
    support: Text
    engagement: Text


class _VignetteEntry(BaseModel):
    """One vignette as the file writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    name: Text
    context: Text
    text: Text
    ratings: _Ratings
    reasons: _Reasons
    level: Text

    @field_validator("level")
    @classmethod
    def _follows_the_ratings(cls, level: str, info: ValidationInfo) -> str:
        ratings = info.data.get("ratings")
        if ratings is not None:
            placed = place_on_rubric(RubricRatings(**ratings.model_dump())).level
            if level != placed:
                raise ValueError(f"must match the rubric's level for the ratings, {placed}")
        return level

    def vignette(self) -> Vignette:
        def words(text: str) -> str:
            return " ".join(text.split())

        reasons = {key: words(value) for key, value in self.reasons.model_dump().items()}
        return Vignette(
            words(self.id),
            words(self.name),
            words(self.context),
            words(self.text),
            RubricRatings(**self.ratings.model_dump()),
            reasons,
        )


class _VignettesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    vignettes: Annotated[tuple[_VignetteEntry, ...], Field(min_length=1)]

    @field_validator("vignettes")
    @classmethod
    def _distinct_ids(cls, entries: tuple[_VignetteEntry, ...]) -> tuple[_VignetteEntry, ...]:
        ids = [entry.id for entry in entries]
        twice = sorted({name for name in ids if ids.count(name) > 1})
        if twice:
            raise ValueError(f"must each have an id of their own; {twice[0]!r} is used twice")
        return entries


def load_vignettes(path: Path | None = None) -> tuple[Vignette, ...]:
    """Load and check the vignettes (default: the course's own file).

    Examples
    --------
    >>> vignettes = load_vignettes()
    >>> len(vignettes), sorted({v.placement.level for v in vignettes})
    (8, ['A', 'B', 'C', 'D'])
    """
    return _load(path or CONTENT)


@cache
def _load(path: Path) -> tuple[Vignette, ...]:
    checked = load_yaml(path, _VignettesFile, entries="vignettes")
    return tuple(entry.vignette() for entry in checked.vignettes)


@dataclass(frozen=True)
class DimensionComparison:
    """The learner's rating of one dimension beside the vignette's."""

    dimension: RubricDimension
    yours: int
    intended: int
    reason: str

    def feedback(self) -> dict[str, Any]:
        """The feedback shown in the dimension's group: ``{verdict, title, lines}``."""
        if self.yours == self.intended:
            return {
                "verdict": "correct",
                "title": f"Matches: {self.intended}",
                "lines": [self.reason],
            }
        way = "higher" if self.yours > self.intended else "lower"
        anchor = self.dimension.anchors[self.intended - 1]
        return {
            "verdict": "incorrect",
            "title": f"You rated {self.yours}; the vignette was written as a {self.intended}",
            "lines": [
                f"Your rating is {way}. {self.reason}",
                f"A {self.intended} on this dimension reads: \u201c{anchor}\u201d",
            ],
        }


@dataclass(frozen=True)
class PlacementCheck:
    """The learner's ratings and level, compared with the vignette's."""

    vignette: Vignette
    yours: RubricRatings
    level: str

    @property
    def comparisons(self) -> tuple[DimensionComparison, ...]:
        """One comparison per dimension, in the rubric's order."""
        v = self.vignette
        return tuple(
            DimensionComparison(
                d, getattr(self.yours, d.key), getattr(v.ratings, d.key), v.reasons[d.key]
            )
            for d in RUBRIC_DIMENSIONS
        )

    @property
    def your_rule(self) -> RubricPlacement:
        """What the rule gives for the learner's own ratings."""
        return place_on_rubric(self.yours)

    @property
    def level_correct(self) -> bool:
        """True when the chosen level is the rubric's level for the vignette."""
        return self.level == self.vignette.placement.level

    def level_feedback(self) -> dict[str, Any]:
        """The feedback shown under the level choice: ``{verdict, title, lines}``."""
        rubric, own = self.vignette.placement, self.your_rule
        if self.level_correct:
            title = f"Matches: level {rubric.level} ({rubric.level_name})"
        else:
            title = (
                f"You chose level {self.level}; the rubric places this vignette at level "
                f"{rubric.level} ({rubric.level_name})"
            )
        lines = [
            reason.replace("The ratings add up", "The vignette's ratings add up", 1)
            for reason in rubric.reasons
        ]
        own_line = (
            f"Your own ratings add up to {own.total}, which the rule places at level {own.level}."
        )
        if self.level != own.level:
            own_line += (
                f" Your choice of level {self.level} does not follow from them: check "
                "the total's bands and the floors."
            )
        elif not self.level_correct:
            own_line += (
                " Your level follows from your ratings; the difference comes from the "
                "ratings above."
            )
        lines.append(own_line)
        if rubric.crisis_check:
            lines.append(
                "Safety is rated 4: whatever the level, arrange a same-day crisis evaluation first."
            )
        return {
            "verdict": "correct" if self.level_correct else "incorrect",
            "title": title,
            "lines": lines,
        }

    def summary(self) -> str:
        """One sentence for the live status line."""
        same = sum(c.yours == c.intended for c in self.comparisons)
        verdict = "matches" if self.level_correct else "differs from"
        return (
            f"Your ratings match on {same} of {len(self.comparisons)} dimensions, and your "
            f"level {verdict} the rubric's level {self.vignette.placement.level}."
        )

    def chart_summary(self) -> str:
        """One sentence saying what the comparison chart shows."""
        apart = [
            f"{c.dimension.name.lower()} {'higher' if c.yours > c.intended else 'lower'} "
            f"({c.yours} against {c.intended})"
            for c in self.comparisons
            if c.yours != c.intended
        ]
        differs = ("you rated " + "; ".join(apart)) if apart else "every rating is the same"
        return (
            f"The chart sets your ratings beside the vignette's for each dimension: "
            f"{differs}. Totals: yours {self.yours.total}, the vignette's "
            f"{self.vignette.ratings.total}."
        )


def check_placement(vignette: Vignette, answers: Mapping[str, str]) -> PlacementCheck:
    """Compare the learner's answers (dimension key to "1"-"4", ``level`` to "A"-"D").

    Examples
    --------
    >>> grace = load_vignettes()[0]
    >>> answers = {"safety": "1", "functioning": "1", "symptoms": "1", "support": "1",
    ...            "engagement": "1", "level": "A"}
    >>> check_placement(grace, answers).summary()
    "Your ratings match on 4 of 5 dimensions, and your level matches the rubric's level A."
    """
    ratings = {}
    for key in _KEYS:
        value = answers.get(key)
        if value not in ("1", "2", "3", "4"):
            raise InvalidInputError(key, value, "must be a rating from 1 to 4")
        ratings[key] = int(value)
    level = answers.get(LEVEL_KEY)
    if level is None or level not in RUBRIC_LEVELS:
        raise InvalidInputError(LEVEL_KEY, level, f"must be one of {list(RUBRIC_LEVELS)}")
    return PlacementCheck(vignette, RubricRatings(**ratings), level)


def plot_ratings(check: PlacementCheck, ax: Axes, compact: bool = False) -> Axes:
    """Draw the learner's ratings beside the vignette's, one pair of bars per dimension.

    With ``compact``, the chart is refitted for a phone (``ck.fit_for_phone``).
    """
    names = [d.name for d in RUBRIC_DIMENSIONS]
    rows = range(len(names))
    yours = [c.yours for c in check.comparisons]
    intended = [c.intended for c in check.comparisons]
    intended_total = check.vignette.ratings.total
    mine = ax.barh(
        [y - 0.2 for y in rows],
        yours,
        height=0.38,
        color="#0b57a4",
        label=f"Your ratings (total {check.yours.total})",
    )
    theirs = ax.barh(
        [y + 0.2 for y in rows],
        intended,
        height=0.38,
        color="#dbe6f3",
        edgecolor="#1b2430",
        hatch="//",
        label=f"The vignette's ratings (total {intended_total})",
    )
    ax.bar_label(mine, padding=4)
    ax.bar_label(theirs, padding=4)
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 4.6)
    ax.set_xticks([1, 2, 3, 4])
    ax.set_xlabel("Rating on the course teaching rubric (1 = least need, 4 = most need)")
    ax.set_ylabel("Dimension")
    ax.set_title(f"{check.vignette.name}: your ratings and the vignette's")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, frameon=False)
    return fit_for_phone(ax) if compact else ax
