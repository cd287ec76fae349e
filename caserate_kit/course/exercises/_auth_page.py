"""Exercise 4, the page: track an authorization's units, burn rate and re-authorization date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

import caserate_kit as ck

from ._auth_tracker import (
    EntryError,
    chart_summary,
    figure_rows,
    headline,
    make_authorization,
    make_session,
    sample_case,
    session_rows,
)
from ._layout import (
    LABEL_WIDTH,
    ExercisePage,
    button,
    chart_figure,
    chart_output,
    float_box,
    message_html,
    page,
    section,
    show_chart,
    table_html,
)

__all__ = ["AuthorizationTracker", "authorization_tracker"]


def _date(label: str, value: dt.date | None = None) -> widgets.DatePicker:
    return widgets.DatePicker(
        value=value,
        description=label,
        style={"description_width": LABEL_WIDTH},
        layout=widgets.Layout(width="26em"),
    )


def _text(label: str, value: str, placeholder: str) -> widgets.Text:
    return widgets.Text(
        value=value,
        description=label,
        placeholder=placeholder,
        continuous_update=False,
        style={"description_width": LABEL_WIDTH},
        layout=widgets.Layout(width="26em"),
    )


class AuthorizationTracker(ExercisePage):
    """The tracker: authorization inputs, an editable session list, a review date and the review.

    ``sessions`` is the list of :class:`~caserate_kit.ServiceDelivered` in date
    order; ``add_session()`` and ``remove_session()`` change it as the buttons do.
    """

    def __init__(self) -> None:
        auth, sessions, as_of = sample_case()
        self.auth = auth
        self.sessions = sorted(sessions, key=lambda s: s.date)
        self.units = float_box("Units approved", auth.units, 1)
        self.start = _date("First day covered", auth.start)
        self.end = _date("Last day covered", auth.end)
        self.codes = _text(
            "Service codes covered",
            ", ".join(sorted(auth.service_codes)),
            "for example 90837, 90834",
        )
        self.auth_message = widgets.HTML()
        self.session_table = widgets.HTML()
        self.new_date = _date("Date of the session")
        self.new_units = float_box("Units", 1, 1)
        self.new_code = _text("Service code", "90837", "for example 90837")
        self.add_button = button("Add the session", primary=True)
        self.remove_choice = widgets.Dropdown(
            description="Session to remove",
            style={"description_width": LABEL_WIDTH},
            layout=widgets.Layout(width="34em"),
        )
        self.remove_button = button("Remove the session")
        self.session_message = widgets.HTML()
        self.as_of = _date("Review date (as of)", as_of)
        self.reset_button = button("Reset to Dana's case")
        self.headline = widgets.HTML()
        self.figures = widgets.HTML()
        self.notes = widgets.HTML()
        self.chart = chart_output()
        self.chart_text = widgets.HTML()
        for control in (self.units, self.start, self.end, self.codes, self.as_of):
            control.observe(self.update, names="value")
        self.add_button.on_click(lambda _: self.add_session())
        self.remove_button.on_click(lambda _: self.remove_session())
        self.reset_button.on_click(lambda _: self.reset())
        self.root = self._layout()
        self.update()

    def _layout(self) -> widgets.VBox:
        return page(
            [
                section(
                    "Keep Dana's sessions paid for",
                    (
                        "Dana K. (fictional) has individual therapy approved by her health plan. "
                        "Enter sessions as they happen and review the authorization on any date: "
                        "the "
                        "page shows the units left, how fast they go, and when to ask for more."
                    ),
                    [self.reset_button],
                    intro=True,
                ),
                section(
                    "The authorization",
                    "What the health plan approved: how many units, "
                    "between which dates, for which service codes.",
                    [self.units, self.start, self.end, self.codes, self.auth_message],
                    1,
                ),
                section(
                    "Sessions delivered",
                    "Every session, with the units and code billed. "
                    "Add a session below, or remove one entered by mistake.",
                    [
                        self.session_table,
                        widgets.HTML("<h3>Add a session</h3>"),
                        self.new_date,
                        self.new_units,
                        self.new_code,
                        self.add_button,
                        widgets.HTML("<h3>Remove a session</h3>"),
                        self.remove_choice,
                        self.remove_button,
                        self.session_message,
                    ],
                    2,
                ),
                section(
                    "The review",
                    "Where the authorization stands on the review date. Move "
                    "the date to see the picture on another day.",
                    [
                        self.as_of,
                        self.headline,
                        self.figures,
                        self.notes,
                        self.chart,
                        self.chart_text,
                    ],
                    3,
                ),
            ]
        )

    # -- actions --------------------------------------------------------------

    def add_session(self) -> None:
        """Add the session typed in the form, or say what is wrong with it."""
        try:
            session = make_session(
                self.new_date.value, float(self.new_units.value), self.new_code.value, self.auth
            )
        except (EntryError, ck.InvalidInputError) as error:
            self.session_message.value = message_html(
                f"The session was not added. {error}", "bad", alert=True
            )
            return
        self.sessions = sorted([*self.sessions, session], key=lambda s: s.date)
        self.session_message.value = message_html(
            f"Added: {session.date}, {session.units:g} unit(s) of {session.service_code}.", "ok"
        )
        self.update()

    def remove_session(self) -> None:
        """Remove the session chosen in the list."""
        index = self.remove_choice.value
        if not isinstance(index, int) or not 0 <= index < len(self.sessions):
            self.session_message.value = message_html(
                "Choose a session to remove first.", "warn", alert=True
            )
            return
        gone = self.sessions.pop(index)
        self.session_message.value = message_html(
            f"Removed: {gone.date}, {gone.units:g} unit(s) of {gone.service_code}.", "ok"
        )
        self.update()

    def reset(self) -> None:
        """Put Dana's authorization and sessions back."""
        auth, sessions, as_of = sample_case()
        with self.quietly():
            self.units.value, self.start.value, self.end.value = auth.units, auth.start, auth.end
            self.codes.value = ", ".join(sorted(auth.service_codes))
            self.as_of.value = as_of
        self.sessions = sorted(sessions, key=lambda s: s.date)
        self.session_message.value = ""
        self.update()

    # -- drawing --------------------------------------------------------------

    def update(self, *_: Any) -> None:
        """Rebuild the authorization from the form and redraw the review."""
        if self.quiet:
            return
        try:
            self.auth = make_authorization(
                float(self.units.value), self.start.value, self.end.value, self.codes.value
            )
            self.auth_message.value = ""
        except (EntryError, ck.InvalidInputError) as error:
            self.auth_message.value = message_html(
                f"{error} The review below still uses the last authorization that worked.",
                "bad",
                alert=True,
            )
        as_of = self.as_of.value
        if as_of is None:
            self.headline.value = message_html(
                "Choose a review date to see where the authorization stands.", "warn", alert=True
            )
            return
        review = ck.review_authorization(self.auth, self.sessions, as_of)
        self._draw(review)

    def _draw(self, review: ck.AuthorizationReview) -> None:
        rows = session_rows(self.sessions, review)
        self.session_table.value = (
            table_html(
                f"{len(rows)} sessions entered",
                ["#", "Date", "Units", "Code", "Review"],
                rows,
                numeric=(0, 2),
            )
            if rows
            else "<p>No sessions entered yet.</p>"
        )
        self.remove_choice.options = [("Choose a session…", -1)] + [
            (f"#{row[0]}: {row[1]}, {row[2]} unit(s), {row[3]}", index)
            for index, row in enumerate(rows)
        ]
        self.remove_choice.value = -1
        kind, text = headline(self.auth, review)
        self.headline.value = message_html(f"<strong>{text}</strong>", kind, alert=kind != "ok")
        self.figures.value = table_html(
            f"The review as of {review.as_of}",
            ["Figure", "Value"],
            figure_rows(review),
            numeric=(1,),
        )
        notes = [note for note in review.messages if not note.startswith("Re-authorization")]
        self.notes.value = (
            "<ul>" + "".join(f"<li>{note}</li>" for note in notes) + "</ul>" if notes else ""
        )

        def draw(compact: bool) -> Figure:
            fig = chart_figure(compact, (8.5, 5.4), 4.6)
            ck.plot_burn_down(
                self.auth, self.sessions, as_of=review.as_of, ax=fig.add_subplot(), compact=compact
            )
            return fig

        text = chart_summary(self.auth, review)
        show_chart(self.chart, draw, "Burn-down chart of units remaining. " + text)
        self.chart_text.value = f"<p>{text}</p>"


def authorization_tracker() -> AuthorizationTracker:
    """Build exercise 4, the authorization tracker; the notebook's last line shows it."""
    return AuthorizationTracker()
