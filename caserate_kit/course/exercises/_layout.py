"""Shared building blocks of the exercise pages: look, labelled controls, charts, messages.

Every exercise page is an :class:`ExercisePage` whose ``root`` is one
:func:`page` holding numbered :func:`section` cards. The page holds the course
stylesheet once; its look is the exercises' section there, under the page's
class ``ck-ex``.
Inputs are ordinary ipywidgets with a visible label (their ``description``);
radio choices are a :class:`ChoiceGroup` (a real ``<fieldset>`` with a
``<legend>``, which plain ipywidgets radio buttons lack). Charts are drawn on a
matplotlib :class:`~matplotlib.figure.Figure` (no pyplot state) and shown in an
``Output`` widget as a PNG with alternative text, drawn a second time for a
phone (:func:`show_chart` calls a page's ``draw(compact)`` twice).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

from ... import _charts
from .._figures import figure_html
from ..widgets import ChoiceGroup, EarlyBox, style_tag

__all__ = [
    "LABEL_WIDTH",
    "TIMES",
    "ChoiceGroup",
    "ExercisePage",
    "button",
    "chart_figure",
    "chart_output",
    "figure_html",
    "float_box",
    "message_html",
    "page",
    "section",
    "show_chart",
    "show_figure",
    "table_html",
]

LABEL_WIDTH = "15em"
"""Width of the label in front of a number box."""

STYLES = ("exercises", "groups", "choice", "early")
"""The stylesheet's sections an exercise page draws with (see :func:`page`)."""

TIMES = "\N{MULTIPLICATION SIGN}"
"""The multiplication sign used in worked figures (written as an escape for the linter)."""


class ExercisePage:
    """An exercise page: its ``root`` (a :func:`page`), shown as its notebook's last line.

    A page that sets several of its own controls at once (a reset) does so in
    :meth:`quietly`, and its redraw on each change returns early while
    ``quiet`` is true, so the page is redrawn once, at the end.
    """

    root: widgets.Widget
    quiet = False

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Set controls without each change redrawing the page."""
        self.quiet = True
        try:
            yield
        finally:
            self.quiet = False


def _html(value: str, *classes: str) -> widgets.HTML:
    box = widgets.HTML(value)
    for name in classes:
        box.add_class(name)
    return box


def page(children: Sequence[widgets.Widget]) -> EarlyBox:
    """The page: the course stylesheet, then the sections in order.

    It is an :class:`EarlyBox`: Voila shows a working copy of it as soon as the
    page arrives, before its own scripts have drawn the widgets; the copy holds
    the stylesheet too (the page's first child), so it looks as the widgets will.
    """
    root = EarlyBox([_html(style_tag(*STYLES)), *children])
    root.add_class("ck-ex")
    return root


def section(
    title: str,
    lede: str,
    children: Sequence[widgets.Widget],
    number: int | None = None,
    intro: bool = False,
) -> widgets.VBox:
    """A card: a heading (numbered when ``number`` is given), a one-line explanation, content."""
    badge = f'<span class="ck-ex-step" aria-hidden="true">{number}</span>' if number else ""
    spoken = f'<span class="ck-visually-hidden">Step {number}: </span>' if number else ""
    heading = f"<h2>{badge}<span>{spoken}{html.escape(title)}</span></h2>"
    lede_html = f'<p class="ck-ex-lede">{lede}</p>' if lede else ""
    card = widgets.VBox([_html(heading + lede_html), *children])
    card.add_class("ck-ex-card")
    if intro:
        card.add_class("ck-ex-intro")
    return card


def float_box(
    label: str, value: float, step: float = 1.0, label_width: str = LABEL_WIDTH, width: str = "26em"
) -> widgets.FloatText:
    """A labelled number box that reports a change when the learner leaves it or presses Enter."""
    return widgets.FloatText(
        value=value,
        step=step,
        description=label,
        continuous_update=False,
        style={"description_width": label_width},
        layout=widgets.Layout(width=width),
    )


def button(label: str, primary: bool = False) -> widgets.Button:
    """A button in the course style (a filled one for the main action)."""
    made = widgets.Button(
        description=label, layout=widgets.Layout(width="auto", align_self="flex-start")
    )
    made.add_class("ck-ex-btn")
    if primary:
        made.add_class("ck-ex-btn-primary")
    return made


def message_html(text: str, kind: str = "info", alert: bool = False) -> str:
    """A message box (``kind``: info, ok, bad or warn); ``alert`` makes screen readers say it."""
    role = "alert" if alert else "status"
    return f'<div class="ck-ex-msg ck-ex-msg-{kind}" role="{role}">{text}</div>'


def table_html(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    total_last: bool = False,
) -> str:
    """A captioned table of formatted text; columns in ``numeric`` align right.

    The table sits in a labelled region that the keyboard can reach, so a table
    wider than a small screen can still be scrolled sideways.
    """

    def cells(row: Sequence[str], tag: str) -> str:
        parts = []
        for index, cell in enumerate(row):
            cls = ' class="ck-ex-number"' if index in numeric else ""
            scope = ' scope="col"' if tag == "th" else ""
            parts.append(f"<{tag}{cls}{scope}>{html.escape(cell)}</{tag}>")
        return "".join(parts)

    body = []
    for index, row in enumerate(rows):
        total = ' class="ck-ex-total"' if total_last and index == len(rows) - 1 else ""
        body.append(f"<tr{total}>{cells(row, 'td')}</tr>")
    return (
        f'<div class="ck-ex-table-wrap" role="region" tabindex="0" '
        f'aria-label="{html.escape(caption)}"><table class="ck-ex-table">'
        f"<caption>{html.escape(caption)}</caption><thead><tr>{cells(header, 'th')}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def chart_output() -> widgets.Output:
    """The ``Output`` widget a chart is redrawn in."""
    out = widgets.Output()
    out.add_class("ck-ex-chart")
    return out


def chart_figure(compact: bool, wide: tuple[float, float], phone_height: float) -> Figure:
    """A figure for an exercise's chart: ``wide`` inches, or (``compact``) for a phone."""
    size = (_charts.PHONE_WIDTH, phone_height) if compact else wide
    return Figure(figsize=size, layout="constrained")


def show_chart(out: widgets.Output, draw: Callable[[bool], Figure], alt: str) -> None:
    """Show the chart ``draw(compact)`` draws: wide (``False``), and for a phone (``True``)."""
    show_figure(out, draw(False), alt, compact=draw(True))


def show_figure(out: widgets.Output, fig: Figure, alt: str, compact: Figure | None = None) -> None:
    """Replace what ``out`` shows with ``fig`` (a PNG with alternative text).

    ``compact`` is the same chart drawn for a phone, shown on narrow screens.
    """
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": figure_html(fig, alt, compact=compact), "text/plain": alt},
            "metadata": {},
        },
    )
