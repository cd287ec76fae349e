"""Charts that read on a phone as well as on a wide page.

Every ``plot_*`` function draws for a wide page by default; with
``compact=True`` it draws the same chart for a narrow screen, on a figure
:data:`PHONE_WIDTH` inches wide, refitted by :func:`fit_for_phone`. Shown
about 335 pixels wide on a phone, its lettering keeps about the size it has
on a desktop.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["PHONE_WIDTH", "chart_axes", "fit_for_phone", "fold", "short_dollars"]

PHONE_WIDTH = 3.6
"""Width in inches of a chart drawn for a phone."""

_SMALLEST = 9.0  # points: nothing on a phone chart is lettered smaller


def chart_axes(compact: bool, wide: tuple[float, float], phone_height: float) -> Axes:
    """New axes on a figure laid out by matplotlib: ``wide`` inches, or phone-sized."""
    import matplotlib.pyplot as plt

    size = (PHONE_WIDTH, phone_height) if compact else wide
    return plt.figure(figsize=size, layout="constrained").add_subplot()


def short_dollars(amount: float, _position: object = None) -> str:
    """Dollars in few characters, for axes and crowded labels: ``$24.0M``, ``$850K``.

    >>> short_dollars(24_030_535), short_dollars(-850_000), short_dollars(42)
    ('$24.0M', '-$850K', '$42')
    """
    size, sign = abs(amount), "-" if amount < 0 else ""
    if size >= 1e6:
        return f"{sign}${size / 1e6:.1f}M"
    return f"{sign}${size / 1e3:.0f}K" if size >= 1e3 else f"{sign}${size:.0f}"


def fold(text: str, width: int) -> str:
    """``text`` folded into lines of at most ``width`` characters (its own breaks kept)."""
    return "\n".join(textwrap.fill(line, width) if line else line for line in text.split("\n"))


def fit_for_phone(ax: Axes, *, title_width: int = 34, tick_width: int = 14) -> Axes:
    """Refit a chart drawn on a narrow figure so that it reads on a phone.

    The title and axis labels are folded into short lines, long category
    names on a bar axis are folded, a number or date axis keeps four or five
    ticks, the legend moves under the chart in one column, and no lettering is
    smaller than 9 points. The figure must be laid out by matplotlib
    (``layout="constrained"``), which makes room for all of it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = chart_axes(True, (8, 4), 4)
    >>> _ = ax.plot([0, 100], [1, 2], label="A line with a long description")
    >>> _ = ax.legend()
    >>> _ = ax.set_title("A title that is much too long for the width of a phone")
    >>> fit_for_phone(ax).get_title()
    'A title that is much too long for\\nthe width of a phone'
    >>> ax.get_legend() is None, len(ax.figure.legends)
    (True, 1)
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from matplotlib.category import StrCategoryLocator
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, MaxNLocator

    figure = ax.figure
    if isinstance(figure, Figure) and figure.get_layout_engine() is None:
        figure.set_layout_engine("constrained")
    title = ax.title  # its offset above the axes is kept; folded lines grow upwards
    title.set_text(fold(title.get_text(), title_width))
    title.set_fontsize(11)
    title.set_verticalalignment("bottom")
    ax.set_xlabel(fold(ax.get_xlabel(), title_width + 4))
    ax.set_ylabel(fold(ax.get_ylabel(), title_width))
    for axis in (ax.xaxis, ax.yaxis):
        locator = axis.get_major_locator()
        if isinstance(locator, (StrCategoryLocator, FixedLocator)):
            labels = [fold(label.get_text(), tick_width) for label in axis.get_ticklabels()]
            if any(labels):
                axis.set_ticks(axis.get_ticklocs(), labels)
        elif isinstance(axis.get_major_formatter(), (DateFormatter, ConciseDateFormatter)) or (
            isinstance(locator, AutoDateLocator)
        ):
            dates = AutoDateLocator(minticks=3, maxticks=5)  # type: ignore[no-untyped-call]
            axis.set_major_locator(dates)
            axis.set_major_formatter(ConciseDateFormatter(dates))  # type: ignore[no-untyped-call]
        elif axis is ax.xaxis:
            axis.set_major_locator(MaxNLocator(nbins=4))
    legend = ax.get_legend()
    if legend is not None:
        handles, labels = ax.get_legend_handles_labels()
        legend.remove()
        figure.legend(
            handles,
            [fold(label, 40) for label in labels],
            loc="outside lower center",
            ncols=1,
            frameon=False,
            fontsize=_SMALLEST,
        )
    for text in ax.texts:
        size = text.get_fontsize()
        if isinstance(size, float | int) and size < _SMALLEST:
            text.set_fontsize(_SMALLEST)
    ax.tick_params(labelsize=_SMALLEST)
    return ax
