"""Exercise 7, one panel: total a PHQ-9 or GAD-7 from its item answers.

One labelled box per item (answers 0 to 3) and a box for the day. The total
and its severity band appear as the answers are typed; a problem is named by
item. "Add this score to the series" hands the day and total to the page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

import caserate_kit as ck

from ._clinical_ui import html_box
from ._layout import button, message_html
from ._treat_to_target import ANSWER_SCALE, ITEM_TOPICS, Parsed, parse_day, parse_items

__all__ = ["ItemScorer"]

_SCALE = ", ".join(f"{n} = {meaning}" for n, meaning in enumerate(ANSWER_SCALE))


class ItemScorer:
    """The item-answers panel; ``box`` is the widget to show.

    Parameters
    ----------
    on_add : callable
        Called with ``(day, total)`` when the learner adds the score; returns what
        happened (a :class:`Parsed` whose problems or note are shown).
    """

    def __init__(self, on_add: Callable[[int, int], Parsed]) -> None:
        self._on_add = on_add
        self.instrument = ck.PHQ9
        self.intro = html_box("")
        self.items = widgets.GridBox(
            layout=widgets.Layout(
                grid_template_columns="repeat(auto-fit, minmax(25rem, 1fr))",
                grid_gap="0.4rem 1.5rem",
            )
        )
        self.day = widgets.Text(
            description="Day it was taken",
            placeholder="for example 42",
            style={"description_width": "15.5rem"},
            layout=widgets.Layout(width="24rem"),
        )
        self.total = html_box("")
        self.add_button = button("Add this score to the series")
        self.message = html_box("")
        self.add_button.on_click(lambda _button: self.add())
        self.box = widgets.VBox(
            [self.intro, self.items, self.day, self.total, self.add_button, self.message]
        )
        self.set_instrument(ck.PHQ9)

    @property
    def fields(self) -> tuple[widgets.Text, ...]:
        """The answer boxes, one per item."""
        return tuple(self.items.children)

    def set_instrument(self, instrument: ck.Instrument) -> None:
        """Show one answer box per item of ``instrument`` (answers typed so far are cleared)."""
        if self.fields and instrument is self.instrument:
            return
        self.instrument = instrument
        for old in self.fields:
            old.close()
        fields = []
        for n, topic in enumerate(ITEM_TOPICS[instrument.name], start=1):
            field = widgets.Text(
                description=f"{n}. {topic}",
                placeholder="0 to 3",
                style={"description_width": "15.5rem"},
                layout=widgets.Layout(width="24rem"),
            )
            field.observe(lambda _change: self.update(), names="value")
            fields.append(field)
        self.items.children = tuple(fields)
        self.intro.value = (
            f"<p>Type the {instrument.items} answers of one {instrument.name}, each 0 to 3 "
            f"({html.escape(_SCALE)}, over the last two weeks). The total appears as you "
            "type.</p>"
        )
        self.message.value = ""
        self.update()

    def _read(self) -> Parsed:
        return parse_items([field.value for field in self.fields], self.instrument)

    def update(self) -> None:
        """Show the total and its band, or what is still missing or wrong."""
        read, inst = self._read(), self.instrument
        if read.ok:
            band = ck.severity(read.value, inst).lower()
            text = f"<strong>Total: {read.value} of {inst.max_total}</strong>, in the {band} band."
            safety = inst is ck.PHQ9 and self.fields[-1].value.strip() != "0"
            if safety:
                text += (
                    " Item 9 is above 0: any answer other than 0 on it calls for a same-day "
                    "safety assessment."
                )
            self.total.value = message_html(text, "warn" if safety else "ok")
        elif all(not field.value.strip() for field in self.fields):
            self.total.value = message_html("The total appears here once every item is answered.")
        else:
            self.total.value = message_html(
                "<br>".join(html.escape(problem) for problem in read.problems), "warn"
            )

    def add(self) -> None:
        """Add the total to the series at the typed day, or say what is missing."""
        read, day = self._read(), parse_day(self.day.value)
        problems = [*read.problems, *day.problems]
        if problems:
            text = "<br>".join(html.escape(p) for p in problems)
            self.message.value = message_html(f"Not added yet. {text}", "warn")
            return
        done = self._on_add(day.value, read.value)
        if done.ok:
            self.message.value = message_html(html.escape(done.note), "ok")
        else:
            self.message.value = message_html(html.escape(" ".join(done.problems)), "warn")
