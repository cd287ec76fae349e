"""The trainer dashboard: the class's results, behind the trainer passcode.

Locked, the page holds a passcode field, an Unlock button and nothing about
any learner; the records are not even opened. Whether the page is unlocked is
a plain attribute of a kernel-side object, never a widget trait, so a page
that sets traits over its websocket cannot unlock it. Locking again closes
every widget that showed records, so the page cannot ask for them back.

Unlocked, it shows per lesson the pass rate and attempts to pass, a roster, a
score histogram, the item analysis and CSV downloads: the records are read,
and the report built as plain HTML, by :mod:`caserate_kit.course.reports`.
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
from ..widgets import PasscodeForm

__all__ = ["TrainerDashboard", "trainer_dashboard"]

FAILURE_DELAY: Final = 1.5
"""Seconds to wait after a wrong passcode; each further miss doubles it, up to 30."""

_LONGEST_DELAY: Final = 30.0


NO_PASSCODE: Final = (
    "<div class='td-panel'><h2>Set a trainer passcode first</h2>"
    "<p>This dashboard shows your class's results, so it is locked with a passcode, and none "
    "has been set yet. On the computer that runs the course, open a terminal and run:</p>"
    "<pre class='td-code'>caserate-course trainer-passcode</pre>"
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
    "<div class='td-header'><p class='td-kicker'>Managed care and case rates · Trainer tools"
    "</p><h1>Trainer dashboard</h1><p class='td-lede'>Who has passed, how many tries it took, "
    "and which questions the class finds hardest.</p></div>"
)


STYLE: Final = """<style>
.td-root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2933; max-width: 1120px; font-size: 15px; line-height: 1.45; }
.td-root h1, .td-root h2 { font-weight: 650; color: #102a43; }
.td-header { background: #17324d; color: #fff; padding: 20px 28px; border-radius: 10px; }
.td-header h1 { color: #fff; margin: 2px 0 6px; font-size: 28px; }
.td-kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; margin: 0;
  color: #d9e2ec; }
.td-lede { margin: 0; color: #f0f4f8; }
.td-panel { border: 1px solid #d9e2ec; border-radius: 10px; padding: 16px 22px; margin: 14px 0;
  background: #fff; }
.td-code { background: #f0f4f8; padding: 8px 12px; border-radius: 6px; }
.td-form { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin: 6px 0 4px; }
.td-form label { font-weight: 600; }
.td-form input { font: inherit; padding: 7px 10px; width: 280px; border: 1px solid #7b8794;
  border-radius: 6px; }
.td-form button { font: inherit; padding: 7px 22px; border: 0; cursor: pointer; }
.td-form button:disabled { background: #52606d; cursor: wait; }
.td-root .td-button, .td-root .td-button-secondary { border-radius: 6px; font-weight: 600; }
.td-root .td-button { background: #17324d; color: #fff; }
.td-root .td-button-secondary { background: #fff; color: #17324d; border: 1px solid #17324d; }
.td-root button:focus-visible, .td-root a:focus-visible, .td-root input:focus-visible,
.td-root select:focus-visible, .td-scroll:focus-visible { outline: 3px solid #b7791f;
  outline-offset: 2px; }
.td-toolbar { margin: 14px 0 0; gap: 8px; align-items: center; }
.td-message { padding: 8px 14px; border-radius: 6px; margin: 8px 0; }
.td-status { background: #f0f4f8; color: #243b53; }
.td-alert { background: #fdecea; color: #8a1c1c; border-left: 4px solid #8a1c1c; }
.td-scope { margin: 14px 0 4px; }
.td-cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 4px; }
.td-card { flex: 1 1 170px; border: 1px solid #d9e2ec; border-radius: 10px; padding: 12px 16px;
  background: #fff; color: #486581; }
.td-num { display: block; font-size: 30px; font-weight: 700; color: #102a43; }
.td-root section { margin-top: 26px; }
.td-scroll { overflow: auto; max-height: 560px; }
table.td-table { border-collapse: collapse; width: 100%; font-size: 14px; }
.td-table caption { text-align: left; color: #486581; padding: 4px 0 8px; }
.td-table th { background: #f0f4f8; color: #243b53; text-align: left; position: sticky; top: 0; }
.td-table th, .td-table td { padding: 7px 10px; border-bottom: 1px solid #e4e7eb;
  vertical-align: top; }
.td-c-lesson, .td-c-status, .td-c-code { white-space: nowrap; }
.td-c-question { min-width: 300px; } .td-c-meaning { min-width: 280px; }
.td-badge { padding: 2px 8px; border-radius: 999px; font-size: 13px; background: #f0f4f8;
  color: #243b53; }
.td-good { background: #e3f4e8; color: #1e5631; }
.td-warn { background: #fdecea; color: #8a1c1c; }
.td-flag { background: #fff4e5; color: #7a4100; border-radius: 4px; padding: 1px 6px;
  font-weight: 600; white-space: nowrap; }
.td-id { display: block; color: #52606d; font-size: 12px; }
.td-none { color: #52606d; }
.td-download { display: inline-block; margin: 4px 0 10px; font-weight: 600; color: #17324d; }
.td-figure { margin: 0; } .td-figure img { max-width: 100%; height: auto; }
.td-figure figcaption { color: #334e68; max-width: 760px; }
</style>"""
"""The page's look; every rule is scoped to the dashboard's own classes."""


# The page -------------------------------------------------------------------------


def _load_banks() -> dict[str, Bank]:
    try:
        return load_banks(quizzes_dir())
    except (BankError, FileNotFoundError):
        return {}


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
        self._top = [widgets.HTML(STYLE), widgets.HTML(HEADER)]
        self._status = widgets.HTML()
        self._passcode = PasscodeForm()
        self._passcode.on_passcode(self.unlock)
        self._form = widgets.VBox([widgets.HTML(LOCKED_INTRO), self._passcode])
        self._form.add_class("td-panel")
        self.widget = widgets.VBox([*self._top, self._form, self._status])
        self.widget.add_class("td-root")
        if not trainer_passcode_is_set(self._passcode_path):
            self.widget.children = [*self._top, widgets.HTML(NO_PASSCODE)]

    @property
    def unlocked(self) -> bool:
        """Is the dashboard unlocked? (Kept in the kernel only; no trait holds it.)"""
        return self._unlocked

    def _say(self, message: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self._status.value = f"<div class='td-message td-{role}' role='{role}'>{message}</div>"

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
        refresh = _button("Refresh", "Read the records again", "td-button-secondary")
        lock = _button("Lock", "Lock the dashboard", "td-button-secondary")
        toolbar = widgets.HBox([picker, refresh, lock])
        toolbar.add_class("td-toolbar")
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
        self.widget.children = [*self._top, toolbar, self._status, body]
        self._say(f"Records as of {records.read_at:%H:%M on %d %B %Y}.")


def trainer_dashboard() -> Any:
    """The trainer dashboard page (an ipywidgets box), for ``notebooks/trainer.ipynb``."""
    return TrainerDashboard().widget
