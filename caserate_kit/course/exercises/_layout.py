"""Shared building blocks of the exercise pages: look, labelled controls, charts, messages.

Every exercise page is an :class:`ExercisePage` whose ``root`` is one
:func:`page` holding numbered :func:`section` cards.
Inputs are ordinary ipywidgets with a visible label (their ``description``);
radio choices are a :class:`ChoiceGroup` (a real ``<fieldset>`` with a
``<legend>``, which plain ipywidgets radio buttons lack). Charts are drawn on a
matplotlib :class:`~matplotlib.figure.Figure` (no pyplot state) and shown in an
``Output`` widget as a PNG with alternative text.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator, Sequence
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

from .._figures import figure_html
from ..widgets import ChoiceGroup, EarlyBox

__all__ = [
    "LABEL_WIDTH",
    "TIMES",
    "ChoiceGroup",
    "ExercisePage",
    "button",
    "chart_output",
    "figure_html",
    "float_box",
    "message_html",
    "page",
    "section",
    "show_figure",
    "table_html",
]

LABEL_WIDTH = "15em"
"""Width of the label in front of a number box."""

TIMES = "\N{MULTIPLICATION SIGN}"
"""The multiplication sign used in worked figures (written as an escape for the linter)."""

_CSS = """
.crx { --jp-widgets-font-size: 1rem; --jp-widgets-inline-height: 2.25rem;
  --jp-widgets-inline-label-width: 15em; --crx-text: #1b2430; --crx-muted: #475466;
  --crx-line: #c9d1db; --crx-primary: #0b57a4; --crx-focus: #1a4fd6;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  font-size: 1rem; line-height: 1.55; color: var(--crx-text); max-width: 72rem; gap: 1rem; }
.crx .widget-label, .crx input, .crx select, .crx button, .crx .widget-html-content {
  font-size: 1rem; color: var(--crx-text); }
.crx .widget-label { white-space: normal; line-height: 1.25; height: auto; }
.crx .widget-inline-hbox { height: auto; min-height: var(--jp-widgets-inline-height);
  align-items: center; flex-wrap: wrap; max-width: 100%; row-gap: 0.2rem; }
.crx .widget-inline-hbox > input, .crx .widget-inline-hbox > select { min-width: 7rem;
  flex: 1 1 7rem; }
.crx .crx-table-wrap { max-width: 100%; overflow-x: auto; }
@media (max-width: 32rem) {
  .crx .crx-card { padding: 0.75rem 0.6rem; }
  .crx .crx-table th, .crx .crx-table td { padding: 0.3rem 0.35rem; }
  .crx .crx-table { min-width: 0; }
}
.crx .widget-html-content { line-height: 1.55; }
.crx .widget-html { min-height: 0; }
.crx .widget-html, .crx .widget-html-content { min-width: 0; max-width: 100%; }
.crx p { margin: 0 0 0.5rem; }
.crx h2 { font-size: 1.35rem; margin: 0 0 0.25rem; display: flex; gap: 0.6rem;
  align-items: center; }
.crx h3 { font-size: 1.1rem; margin: 0.25rem 0; }
.crx .crx-card { background: #fff; border: 1px solid var(--crx-line); border-radius: 0.75rem;
  padding: 1rem 1.25rem; gap: 0.35rem; }
.crx .crx-intro { background: #eef3f9; border-color: #b9c9dc; }
.crx .crx-num { display: inline-flex; align-items: center; justify-content: center; flex: none;
  width: 1.9rem; height: 1.9rem; border-radius: 50%; background: var(--crx-primary);
  color: #fff; font-size: 1rem; }
.crx .crx-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.crx .crx-lede { color: var(--crx-muted); margin: 0 0 0.5rem; }
.crx .crx-row { flex-wrap: wrap; gap: 0.25rem 1.5rem; align-items: flex-start; }
.crx .crx-cols { flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.crx table.crx-table { border-collapse: collapse; margin: 0.25rem 0 0.5rem; min-width: 18rem; }
.crx .crx-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.crx .crx-table th, .crx .crx-table td { border-bottom: 1px solid var(--crx-line);
  padding: 0.3rem 0.75rem; text-align: left; vertical-align: top; }
.crx .crx-table thead th { border-bottom: 2px solid var(--crx-text); }
.crx .crx-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.crx .crx-table tr.total td, .crx .crx-table tr.total th { font-weight: 700; }
.crx .crx-msg { border-left: 0.35rem solid; border-radius: 0.4rem; padding: 0.5rem 0.9rem;
  margin: 0.25rem 0; }
.crx .crx-msg-info { background: #eef3f9; border-color: #0b57a4; }
.crx .crx-msg-ok { background: #e8f4ec; border-color: #2f7d4a; color: #1c6636; }
.crx .crx-msg-bad { background: #fcecec; border-color: #c0343c; color: #a1232b; }
.crx .crx-msg-warn { background: #fff5e1; border-color: #b7791f; color: #5c3a00; }
.crx .crx-msg strong { color: inherit; }
.crx .crx-grow { flex: 1 1 24rem; min-width: 0; }
.crx .crx-side { flex: 0 1 27rem; gap: 1rem; }
.crx .crx-chart img { max-width: 100%; height: auto; display: block; }
.crx .jupyter-button.crx-btn { height: auto; min-height: 2.5rem; padding: 0.35rem 1rem;
  border-radius: 0.4rem; border: 2px solid var(--crx-primary); background: #fff;
  color: var(--crx-primary); font-weight: 600; width: auto; white-space: normal;
  max-width: 100%; }
.crx .jupyter-button.crx-btn-primary { background: var(--crx-primary); color: #fff; }
.crx .jupyter-button.crx-btn:hover { background: #e8f0fa; color: #08427c; }
.crx .jupyter-button.crx-btn-primary:hover { background: #08427c; color: #fff; }
.crx button:focus-visible, .crx input:focus-visible, .crx select:focus-visible,
.crx .crx-table-wrap:focus-visible {
  outline: 3px solid var(--crx-focus); outline-offset: 2px; }
.crx .widget-text input, .crx .widget-dropdown select, .crx .widget-datepicker input {
  border: 1px solid #5f6b7a; min-height: 2.25rem; }
"""


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
    """The page: the course look (a scoped style sheet) and the sections in order.

    It is an :class:`EarlyBox`: Voila shows a working copy of it as soon as the
    page arrives, before its own scripts have drawn the widgets.
    """
    root = EarlyBox([_html(f"<style>{_CSS}</style>"), *children])
    root.add_class("crx")
    return root


def section(
    title: str,
    lede: str,
    children: Sequence[widgets.Widget],
    number: int | None = None,
    intro: bool = False,
) -> widgets.VBox:
    """A card: a heading (numbered when ``number`` is given), a one-line explanation, content."""
    badge = f'<span class="crx-num" aria-hidden="true">{number}</span>' if number else ""
    spoken = f'<span class="crx-sr">Step {number}: </span>' if number else ""
    heading = f"<h2>{badge}<span>{spoken}{html.escape(title)}</span></h2>"
    lede_html = f'<p class="crx-lede">{lede}</p>' if lede else ""
    card = widgets.VBox([_html(heading + lede_html), *children])
    card.add_class("crx-card")
    if intro:
        card.add_class("crx-intro")
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
    made.add_class("crx-btn")
    if primary:
        made.add_class("crx-btn-primary")
    return made


def message_html(text: str, kind: str = "info", alert: bool = False) -> str:
    """A message box (``kind``: info, ok, bad or warn); ``alert`` makes screen readers say it."""
    role = "alert" if alert else "status"
    return f'<div class="crx-msg crx-msg-{kind}" role="{role}">{text}</div>'


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
            cls = ' class="num"' if index in numeric else ""
            scope = ' scope="col"' if tag == "th" else ""
            parts.append(f"<{tag}{cls}{scope}>{html.escape(cell)}</{tag}>")
        return "".join(parts)

    body = []
    for index, row in enumerate(rows):
        total = ' class="total"' if total_last and index == len(rows) - 1 else ""
        body.append(f"<tr{total}>{cells(row, 'td')}</tr>")
    return (
        f'<div class="crx-table-wrap" role="region" tabindex="0" '
        f'aria-label="{html.escape(caption)}"><table class="crx-table">'
        f"<caption>{html.escape(caption)}</caption><thead><tr>{cells(header, 'th')}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def chart_output() -> widgets.Output:
    """The ``Output`` widget a chart is redrawn in."""
    out = widgets.Output()
    out.add_class("crx-chart")
    return out


def show_figure(out: widgets.Output, fig: Figure, alt: str) -> None:
    """Replace what ``out`` shows with ``fig`` (drawn once, as a PNG with alternative text)."""
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": figure_html(fig, alt), "text/plain": alt},
            "metadata": {},
        },
    )
