"""Small pieces shared by the clinical exercise pages (5, 6 and 7).

They add to the common look of :mod:`._layout`: a stacked label for long text
boxes, quoted chart statements, notices, lists and rows of buttons.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

from ._layout import page

__all__ = [
    "CLINICAL_CSS",
    "bullet_list",
    "button_row",
    "clinical_page",
    "html_box",
    "missing_message",
    "notice",
    "quote",
    "stacked",
]

CLINICAL_CSS = """
.crx .cx-stack { flex-direction: column; align-items: stretch; width: 100%; }
.crx .cx-stack > .widget-label { width: auto; max-width: none; text-align: left;
  font-weight: 600; margin: 0 0 0.35rem; }
.crx .cx-stack textarea { min-height: 7.5rem; font: inherit; font-size: 1rem; line-height: 1.5;
  border: 1px solid #5f6b7a; border-radius: 0.4rem; padding: 0.5rem 0.65rem; }
.crx textarea:focus-visible { outline: 3px solid #1a4fd6; outline-offset: 2px; }
.crx .cx-quote { margin: 0.25rem 0 0.5rem; padding: 0.6rem 0.9rem;
  border-left: 0.3rem solid #5f6b7a; background: #f3f5f8; border-radius: 0.3rem; }
.crx .cx-quote p { margin: 0; }
.crx .cx-quote .cx-by { color: #475466; font-size: 0.9375rem; margin-top: 0.25rem; }
.crx .cx-notice { display: flex; gap: 0.6rem; align-items: flex-start; padding: 0.6rem 0.9rem;
  border: 2px solid #b7791f; border-radius: 0.5rem; background: #fff5e1; color: #5c3a00;
  font-weight: 600; }
.crx .cx-defs { display: grid; grid-template-columns: 16rem 1fr;
  gap: 0.35rem 1rem; margin: 0.25rem 0 0.5rem; }
.crx .cx-defs dt { font-weight: 650; margin: 0; width: auto; float: none; padding: 0; }
.crx .cx-defs dd { margin: 0; padding: 0; }
.crx ul.cx-list { margin: 0.25rem 0 0.5rem; padding-left: 1.4rem; }
.crx ul.cx-list li { margin: 0.15rem 0; }
.crx .cx-buttons { gap: 0.75rem; flex-wrap: wrap; align-items: center; margin: 0.5rem 0; }
.crx .cx-vignette { font-size: 1.0625rem; line-height: 1.6; }
.crx .cx-vignette h3 { margin: 0 0 0.35rem; }
.crx figure.cx-figure { margin: 0; }
.crx figure.cx-figure figcaption { margin-top: 0.4rem; color: #1b2430; }
.crx details.cx-details summary { cursor: pointer; font-weight: 600; min-height: 2rem; }
.crx details.cx-details summary:focus-visible { outline: 3px solid #1a4fd6; outline-offset: 2px; }
@media (max-width: 40rem) { .crx .cx-defs { grid-template-columns: 1fr; } }
"""


def html_box(markup: str, *classes: str) -> widgets.HTML:
    """An HTML widget holding kernel-made markup, with CSS classes added."""
    box = widgets.HTML(markup)
    for name in classes:
        box.add_class(name)
    return box


def clinical_page(children: Sequence[widgets.Widget]) -> widgets.VBox:
    """The course page (:func:`._layout.page`) with the clinical exercises' extra styles."""
    return page([html_box(f"<style>{CLINICAL_CSS}</style>"), *children])


def stacked(control: widgets.Widget) -> widgets.Widget:
    """Put a control's visible label above it (for long labels and text boxes)."""
    control.add_class("cx-stack")
    return control


def button_row(*buttons: widgets.Widget) -> widgets.HBox:
    """Buttons side by side, wrapping on narrow screens."""
    row = widgets.HBox(list(buttons))
    row.add_class("cx-buttons")
    return row


def quote(text: str, by: str = "") -> str:
    """A chart statement set off as a quotation, with who wrote it."""
    credit = f'<p class="cx-by">{html.escape(by)}</p>' if by else ""
    return f'<blockquote class="cx-quote"><p>{html.escape(text)}</p>{credit}</blockquote>'


def notice(text: str) -> str:
    """A notice that must not be missed, such as the rubric's."""
    return f'<p class="cx-notice"><span aria-hidden="true">\u26a0</span><span>{text}</span></p>'


def bullet_list(items: Sequence[str]) -> str:
    """Plain text items as a bulleted list (escaped)."""
    return '<ul class="cx-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def missing_message(missing: Sequence[int], total: int, noun: str, needs: str) -> str:
    """Say which numbered items still need a choice, keeping what is already chosen.

    >>> missing_message([2, 5], 8, "statement", "a category")
    'Statements 2 and 5 have no choice yet. Give each one a category, then check again.'
    >>> missing_message([1, 2], 2, "statement", "a category")
    'Nothing is chosen yet. Give each statement a category, then check again.'
    """
    if len(missing) == total:
        return f"Nothing is chosen yet. Give each {noun} {needs}, then check again."
    numbers = [str(n) for n in missing]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    if len(numbers) == 1:
        return f"{noun.capitalize()} {listed} has no choice yet. Give it {needs}, then check again."
    return (
        f"{noun.capitalize()}s {listed} have no choice yet. Give each one {needs}, then check "
        "again."
    )
