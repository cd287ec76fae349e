"""Small pieces shared by the clinical exercise pages (5, 6 and 7).

They add to the common look of :mod:`._layout`: a stacked label for long text
boxes, quoted chart statements, notices, lists and rows of buttons, styled by
the exercises' section of the course stylesheet.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

from ._layout import page

__all__ = [
    "bullet_list",
    "button_row",
    "clinical_page",
    "html_box",
    "missing_message",
    "notice",
    "quote",
    "stacked",
]


def html_box(markup: str, *classes: str) -> widgets.HTML:
    """An HTML widget holding kernel-made markup, with CSS classes added."""
    box = widgets.HTML(markup)
    for name in classes:
        box.add_class(name)
    return box


def clinical_page(children: Sequence[widgets.Widget]) -> widgets.VBox:
    """The course page (:func:`._layout.page`) of a clinical exercise."""
    return page(children)


def stacked(control: widgets.Widget) -> widgets.Widget:
    """Put a control's visible label above it (for long labels and text boxes)."""
    control.add_class("ck-ex-stack")
    return control


def button_row(*buttons: widgets.Widget) -> widgets.HBox:
    """Buttons side by side, wrapping on narrow screens."""
    row = widgets.HBox(list(buttons))
    row.add_class("ck-ex-buttons")
    return row


def quote(text: str, by: str = "") -> str:
    """A chart statement set off as a quotation, with who wrote it."""
    credit = f'<p class="ck-ex-by">{html.escape(by)}</p>' if by else ""
    return f'<blockquote class="ck-ex-quote"><p>{html.escape(text)}</p>{credit}</blockquote>'


def notice(text: str) -> str:
    """A notice that must not be missed, such as the rubric's."""
    return f'<p class="ck-ex-notice"><span aria-hidden="true">\u26a0</span><span>{text}</span></p>'


def bullet_list(items: Sequence[str]) -> str:
    """Plain text items as a bulleted list (escaped)."""
    return (
        '<ul class="ck-ex-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    )


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
