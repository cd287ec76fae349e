"""The trainer dashboard: the class's results, behind the trainer passcode.

Locked, the page holds a passcode field, an Unlock button and nothing about
any learner; the records are not even opened. Whether the page is unlocked is
a plain attribute of a kernel-side object, never a widget trait, so a page
that sets traits over its websocket cannot unlock it. Locking again closes
every widget that showed records, so the page cannot ask for them back.

Unlocked, it shows per lesson the pass rate and attempts to pass, a roster, a
score histogram, the item analysis and CSV downloads: the records are read,
and the report built as plain HTML, by :mod:`caserate_kit.course.reports`.

The page opens with the course stylesheet; its look is the dashboard's
section there, under the page's class ``ck-dash``.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any, Final

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy.exc import SQLAlchemyError

from .._catalog import LESSONS, course_id
from .._passcode import PasscodeFileError, check_trainer_passcode, trainer_passcode_is_set
from .._paths import quizzes_dir
from ..quiz import Bank, BankError, load_banks
from ..records import Store, StoreUnavailableError
from ..reports import read_class_records, report_html
from ..widgets import EarlyBox, PasscodeForm, style_tag

__all__ = ["TrainerDashboard", "trainer_dashboard"]

FAILURE_DELAY: Final = 1.5
"""Seconds to wait after a wrong passcode; each further miss doubles it, up to 30."""

_LONGEST_DELAY: Final = 30.0


NO_PASSCODE: Final = (
    "<div class='ck-dash-panel'><h2>Set a trainer passcode first</h2>"
    "<p>This dashboard shows your class's results, so it is locked with a passcode, and none "
    "has been set yet. On the computer that runs the course, open a terminal and run:</p>"
    "<pre class='ck-dash-code'>caserate-course trainer-passcode</pre>"
    "<p>Type the new passcode twice (at least 8 characters), then reload this page.</p></div>"
)
LOCKED_INTRO: Final = (
    "<p>This page shows learners' results, so it is for trainers only. Type the trainer "
    "passcode and choose <strong>Unlock</strong>.</p>"
)
WRONG: Final = (
    "That passcode is not right, so the dashboard stays locked. Check it and try again. If it "
    "was forgotten, the course administrator can set a new one with "
    "<code>caserate-course trainer-passcode</code>."
)
HEADER: Final = (
    "<div class='ck-dash-header'><p class='ck-dash-kicker'>Managed care and case rates · "
    "Trainer tools</p><h1>Trainer dashboard</h1><p class='ck-dash-lede'>Who has passed, how many "
    "tries it took, and which questions the class finds hardest.</p></div>"
)


# The page -------------------------------------------------------------------------


def _load_banks() -> dict[str, Bank]:
    try:
        return load_banks(quizzes_dir())
    except (BankError, FileNotFoundError):
        return {}


def _tree(widget: Any) -> Any:
    """The widget's children, deepest first, then the widget (the order to close them)."""
    for child in getattr(widget, "children", ()):
        yield from _tree(child)
    yield widget


def _button(label: str, tooltip: str, style: str) -> Any:
    button = widgets.Button(description=label, tooltip=tooltip)
    button.add_class(style)
    return button


class TrainerDashboard:
    """The trainer dashboard page: a passcode form, then the class's results.

    Parameters
    ----------
    store_url
        The records' SQLAlchemy URL; by default the course's.
    passcode_path
        The passcode file; by default the one in the data folder.
    failure_delay
        Seconds to wait after the first wrong passcode.
    sleep
        How to wait (tests pass a recorder).
    """

    def __init__(
        self,
        store_url: str | None = None,
        passcode_path: str | None = None,
        failure_delay: float = FAILURE_DELAY,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._store_url, self._passcode_path = store_url, passcode_path
        self._failure_delay, self._sleep = failure_delay, sleep
        self._unlocked = False
        self._failures = 0
        self._lesson = ""
        self._shown: list[Any] = []
        self._top = [widgets.HTML(style_tag("dashboard")), widgets.HTML(HEADER)]
        self._status = widgets.HTML()
        self._passcode = PasscodeForm()
        self._passcode.on_passcode(self.unlock)
        self._form = widgets.VBox([widgets.HTML(LOCKED_INTRO), self._passcode])
        self._form.add_class("ck-dash-panel")
        # An early box: the page offers a working passcode form before its scripts arrive.
        self.widget = EarlyBox([*self._top, self._form, self._status])
        self.widget.add_class("ck-dash")
        if not trainer_passcode_is_set(self._passcode_path):
            self.widget.children = [*self._top, widgets.HTML(NO_PASSCODE)]

    @property
    def unlocked(self) -> bool:
        """Is the dashboard unlocked? (Kept in the kernel only; no trait holds it.)"""
        return self._unlocked

    def _say(self, message: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self._status.value = (
            f"<div class='ck-dash-message ck-dash-{role}' role='{role}'>{message}</div>"
        )

    def unlock(self, passcode: str) -> bool:
        """Unlock with ``passcode``; after a wrong one, wait and stay locked. Right or not?"""
        if self._unlocked:
            return True
        if not passcode:
            self._say("Type the trainer passcode first.", alert=True)
            return False
        self._passcode.busy = True
        try:
            right = check_trainer_passcode(passcode, self._passcode_path)
            if not right:
                self._failures += 1
                self._sleep(min(self._failure_delay * 2 ** (self._failures - 1), _LONGEST_DELAY))
        except PasscodeFileError as error:
            self._say(html.escape(str(error)), alert=True)
            return False
        finally:
            self._passcode.busy = False
        if not right:
            self._say(WRONG, alert=True)
            return False
        self._failures, self._unlocked = 0, True
        self._show_results()
        return True

    def lock(self) -> None:
        """Lock the page again, closing every widget that showed records."""
        self._unlocked = False
        self._close_shown()
        self.widget.children = [*self._top, self._form, self._status]
        self._say("Locked. Type the passcode to see the results again.")

    def refresh(self) -> None:
        """Read the records again and redraw the report."""
        if self._unlocked:
            self._show_results()

    def _close_shown(self) -> None:
        for shown in self._shown:
            shown.close()
        self._shown = []

    def _show_results(self) -> None:
        self._say("Reading the records…")
        try:
            with Store(self._store_url) as store:
                records = read_class_records(store)
        except (StoreUnavailableError, SQLAlchemyError):
            if not self._shown:  # nothing shown yet: stay locked, so the form is still there
                self._unlocked = False
                self._say("The records could not be read just now. Try again in a moment.", True)
            else:
                self._say("The records could not be read just now. Choose Refresh soon.", True)
            return
        banks = _load_banks()
        self._close_shown()
        choices = [("All lessons", "")] + [
            (f"Lesson {item.number}: {item.title}", course_id(item)) for item in LESSONS
        ]
        picker = widgets.Dropdown(
            options=choices,
            value=self._lesson,
            description="Show results for",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="640px"),
        )
        refresh = _button("Refresh", "Read the records again", "ck-dash-button-secondary")
        lock = _button("Lock", "Lock the dashboard", "ck-dash-button-secondary")
        toolbar = widgets.HBox([picker, refresh, lock])
        toolbar.add_class("ck-dash-toolbar")
        body = widgets.HTML()
        self._shown = [picker, refresh, lock, toolbar, body]

        def show(lesson: object) -> None:
            if self._unlocked and lesson in {value for _, value in choices}:
                self._lesson = str(lesson)
                body.value = report_html(records, banks, self._lesson or None)

        picker.observe(lambda change: show(change["new"]), names="value")
        refresh.on_click(lambda _button: self.refresh())
        lock.on_click(lambda _button: self.lock())
        show(self._lesson)
        tools = self._learner_tools()
        self.widget.children = [*self._top, toolbar, self._status, body, tools]
        self._say(f"Records as of {records.read_at:%H:%M on %d %B %Y}.")

    # Learner records: a new personal code, a merge ---------------------------------

    def _learner_tools(self) -> Any:
        """Two small forms: give a learner a new code, and merge two records."""
        wide = {
            "style": {"description_width": "initial"},
            "layout": widgets.Layout(width="100%", max_width="44rem"),
        }
        who = widgets.Text(description="Email or record id", **wide)
        reset = _button(
            "Give a new code", "Give this learner a new personal code", "ck-dash-button"
        )
        duplicate = widgets.Text(description="Record to merge (the duplicate)", **wide)
        keep = widgets.Text(description="Record that stays", **wide)
        merge = _button(
            "Merge", "Count the duplicate's records as this learner's", "ck-dash-button"
        )
        reset.on_click(lambda _button: self.reset_code(who.value))
        merge.on_click(lambda _button: self.merge(duplicate.value, keep.value))
        box = widgets.VBox(
            [
                widgets.HTML("<h2>A learner lost their personal code</h2>"),
                widgets.HBox([who, reset]),
                widgets.HTML(
                    "<h2>One person, two records</h2><p>Copy the two record ids from "
                    "<em>Learner records</em> above. The duplicate's attempts, lessons, "
                    "evaluations and certificates then count as the other record's; nothing "
                    "is deleted.</p>"
                ),
                widgets.VBox([duplicate, keep, merge]),
            ]
        )
        box.add_class("ck-dash-panel")
        self._shown += list(_tree(box))
        return box

    def reset_code(self, given: str) -> str | None:
        """Give the learner named by ``given`` (an email or a record id) a new personal code.

        Says the code on the page (to tell the learner in person) and returns it,
        or says what is wrong and returns ``None``.
        """
        if not self._unlocked:
            return None
        given = given.strip()
        if not given:
            self._say("Type the learner's email or record id first.", alert=True)
            return None
        with Store(self._store_url) as store:
            found = store.learners_named(given)
            if len(found) != 1:
                problem = (
                    f"No learner record has {html.escape(given)}."
                    if not found
                    else f"{len(found)} learner records have {html.escape(given)}: type the "
                    "record id of one (see Learner records), or merge them first."
                )
                self._say(problem, alert=True)
                return None
            code = store.reset_personal_code(found[0].id)
        self._say(
            f"New personal code for {html.escape(found[0].name)}: "
            f"<strong class='ck-dash-code'>{code}</strong>. Tell it to them in person; their "
            "old code no longer works."
        )
        return code

    def merge(self, duplicate: str, keep: str) -> bool:
        """Record that record ``duplicate`` is the same person as record ``keep``."""
        from ..._exceptions import InvalidInputError

        if not self._unlocked:
            return False
        duplicate, keep = duplicate.strip(), keep.strip()
        if not duplicate or not keep:
            self._say("Type both record ids first.", alert=True)
            return False
        try:
            with Store(self._store_url) as store:
                person = store.merge_learners(duplicate, keep, by="trainer dashboard")
        except InvalidInputError as refused:
            self._say(f"Not merged: {html.escape(str(refused))}", alert=True)
            return False
        self._show_results()
        self._say(f"Merged: the duplicate's records now count as {html.escape(person.name)}'s.")
        return True


def trainer_dashboard() -> Any:
    """The trainer dashboard page (an ipywidgets box), for ``notebooks/trainer.ipynb``."""
    return TrainerDashboard().widget
