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
from typing import TYPE_CHECKING, Any

import yaml

from ..._exceptions import InvalidInputError
from .._rubric import (
    RUBRIC_DIMENSIONS,
    RUBRIC_LEVELS,
    RubricDimension,
    RubricPlacement,
    RubricRatings,
    place_on_rubric,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "LEVEL_KEY", "DimensionComparison", "PlacementCheck", "Vignette", "check_placement",
    "load_vignettes", "plot_ratings",
]  # fmt: skip

CONTENT = Path(__file__).resolve().with_name("vignettes.yaml")
LEVEL_KEY = "level"
"""The key of the level choice among the learner's answers."""
_KEYS = tuple(item.name for item in fields(RubricRatings))
_FIELDS = frozenset({"id", "name", "context", "text", "ratings", "reasons", "level"})


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


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(where, value, "must be non-empty text")
    return " ".join(value.split())


def _vignette(source: str, index: int, raw: Any) -> Vignette:
    where = f"{source}: vignettes[{index}]"
    if not isinstance(raw, Mapping) or set(raw) != _FIELDS:
        got = sorted(raw) if isinstance(raw, Mapping) else raw
        raise InvalidInputError(where, got, f"must have exactly the fields {sorted(_FIELDS)}")
    where = f"{source}: vignette {raw['id']!r}"
    for name in ("ratings", "reasons"):
        if not isinstance(raw[name], Mapping) or sorted(raw[name]) != sorted(_KEYS):
            raise InvalidInputError(f"{where}.{name}", raw[name], f"must give each of {_KEYS}")
    ratings = RubricRatings(**{key: raw["ratings"][key] for key in _KEYS})
    made = Vignette(
        _text(f"{where}.id", raw["id"]), _text(f"{where}.name", raw["name"]),
        _text(f"{where}.context", raw["context"]), _text(f"{where}.text", raw["text"]), ratings,
        {key: _text(f"{where}.reasons.{key}", raw["reasons"][key]) for key in _KEYS},
    )  # fmt: skip
    if made.placement.level != raw["level"]:
        reason = f"must match the rubric's level for the ratings, {made.placement.level}"
        raise InvalidInputError(f"{where}.level", raw["level"], reason)
    return made


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
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or data.get("schema_version") != 1:
        raise InvalidInputError(f"{path.name}: schema_version", data, "must be 1")
    raw = data.get("vignettes")
    if not isinstance(raw, list) or not raw:
        raise InvalidInputError(f"{path.name}: vignettes", raw, "must be a list of vignettes")
    made = tuple(_vignette(path.name, i, item) for i, item in enumerate(raw))
    ids = [v.id for v in made]
    if len(set(ids)) != len(ids):
        raise InvalidInputError(f"{path.name}: vignettes", ids, "must have unique ids")
    return made


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
            return {"verdict": "correct", "title": f"Matches: {self.intended}",
                    "lines": [self.reason]}  # fmt: skip
        way = "higher" if self.yours > self.intended else "lower"
        anchor = self.dimension.anchors[self.intended - 1]
        return {
            "verdict": "incorrect",
            "title": f"You rated {self.yours}; the vignette was written as a {self.intended}",
            "lines": [f"Your rating is {way}. {self.reason}",
                      f"A {self.intended} on this dimension reads: \u201c{anchor}\u201d"],
        }  # fmt: skip


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
        return tuple(DimensionComparison(d, getattr(self.yours, d.key), getattr(v.ratings, d.key),
                                         v.reasons[d.key]) for d in RUBRIC_DIMENSIONS)  # fmt: skip

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
            title = (f"You chose level {self.level}; the rubric places this vignette at level "
                     f"{rubric.level} ({rubric.level_name})")  # fmt: skip
        lines = [reason.replace("The ratings add up", "The vignette's ratings add up", 1)
                 for reason in rubric.reasons]  # fmt: skip
        own_line = (f"Your own ratings add up to {own.total}, which the rule places at level "
                    f"{own.level}.")  # fmt: skip
        if self.level != own.level:
            own_line += (f" Your choice of level {self.level} does not follow from them: check "
                         "the total's bands and the floors.")  # fmt: skip
        elif not self.level_correct:
            own_line += (" Your level follows from your ratings; the difference comes from the "
                         "ratings above.")  # fmt: skip
        lines.append(own_line)
        if rubric.crisis_check:
            lines.append("Safety is rated 4: whatever the level, arrange a same-day crisis "
                         "evaluation first.")  # fmt: skip
        return {"verdict": "correct" if self.level_correct else "incorrect", "title": title,
                "lines": lines}  # fmt: skip

    def summary(self) -> str:
        """One sentence for the live status line."""
        same = sum(c.yours == c.intended for c in self.comparisons)
        verdict = "matches" if self.level_correct else "differs from"
        return (f"Your ratings match on {same} of {len(self.comparisons)} dimensions, and your "
                f"level {verdict} the rubric's level {self.vignette.placement.level}.")  # fmt: skip

    def chart_summary(self) -> str:
        """One sentence saying what the comparison chart shows."""
        apart = [f"{c.dimension.name.lower()} {'higher' if c.yours > c.intended else 'lower'} "
                 f"({c.yours} against {c.intended})" for c in self.comparisons
                 if c.yours != c.intended]  # fmt: skip
        differs = ("you rated " + "; ".join(apart)) if apart else "every rating is the same"
        return (f"The chart sets your ratings beside the vignette's for each dimension: "
                f"{differs}. Totals: yours {self.yours.total}, the vignette's "
                f"{self.vignette.ratings.total}.")  # fmt: skip


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


def plot_ratings(check: PlacementCheck, ax: Axes) -> Axes:
    """Draw the learner's ratings beside the vignette's, one pair of bars per dimension."""
    names = [d.name for d in RUBRIC_DIMENSIONS]
    rows = range(len(names))
    yours = [c.yours for c in check.comparisons]
    intended = [c.intended for c in check.comparisons]
    intended_total = check.vignette.ratings.total
    mine = ax.barh([y - 0.2 for y in rows], yours, height=0.38, color="#0b57a4",
                   label=f"Your ratings (total {check.yours.total})")  # fmt: skip
    theirs = ax.barh([y + 0.2 for y in rows], intended, height=0.38, color="#dbe6f3",
                     edgecolor="#1b2430", hatch="//",
                     label=f"The vignette's ratings (total {intended_total})")  # fmt: skip
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
    return ax
