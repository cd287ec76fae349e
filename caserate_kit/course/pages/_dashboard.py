"""The trainer dashboard: the class's results, behind the trainer passcode.

Locked, the page holds a passcode field, an Unlock button and nothing about
any learner; no learner's record is read. Whether the page is unlocked is
a plain attribute of a kernel-side object, never a widget trait, so a page
that sets traits over its websocket cannot unlock it. Locking again closes
every widget that showed records, so the page cannot ask for them back.

Each wrong passcode is kept in the records with the address it came from
(never the passcode) and logged as a warning (logger ``caserate_kit.course``).
After several, the page pauses, for that address or for everyone
(:mod:`caserate_kit.course._lockout`): it says how long to wait and does not
check a passcode until then, whichever page or kernel it is typed in.

Under JupyterHub there is no passcode: the page asks the hub whether the
owner of the server it runs in is a hub administrator, opens for one and
says calmly to anyone else that it is not for them.

Unlocked, it shows per lesson the pass rate and attempts to pass, a roster, a
score histogram, the item analysis and CSV downloads: the records are read,
and the report built as plain HTML, by :mod:`caserate_kit.course.reports`.

The page opens with the course stylesheet; its look is the dashboard's
section there, under the page's class ``ck-dash``.
"""

from __future__ import annotations

import html
import logging
import math
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy.exc import SQLAlchemyError

from .._catalog import LESSONS, course_id
from .._lockout import LOOKBACK, Lockout, lockout, request_client
from .._passcode import (
    MIN_PASSCODE_LENGTH,
    HubAnswer,
    PasscodeFileError,
    check_trainer_passcode,
    hub_admin,
    trainer_passcode_is_set,
    under_hub,
)
from .._paths import quizzes_dir
from ..quiz import Bank, BankError, load_banks
from ..records import Store, StoreUnavailableError
from ..reports import read_class_records, report_html
from ..widgets import EarlyBox, PasscodeForm, style_tag

__all__ = ["TrainerDashboard", "trainer_dashboard"]

_log = logging.getLogger("caserate_kit.course")
_SERVER_LOG = "caserate-server-log"

NO_PASSCODE: Final = (
    "<div class='ck-dash-panel'><h2>Set a trainer passcode first</h2>"
    "<p>This dashboard shows your class's results, so it is locked with a passcode, and none "
    "has been set yet. On the computer that runs the course, open a terminal and run:</p>"
    "<pre class='ck-dash-code'>caserate-course trainer-passcode</pre>"
    f"<p>Type the new passcode twice (at least {MIN_PASSCODE_LENGTH} characters), then reload "
    "this page.</p></div>"
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
PAUSED: Final = (
    "After several wrong passcodes the dashboard pauses for a while, so that nobody can guess "
    "it. Please wait {wait}, then try again; until then no passcode is checked."
)
PAUSED_FOR_EVERYONE: Final = (
    "After many wrong passcodes, from more than one place, the dashboard pauses for everyone "
    "for a while, so that nobody can guess it. Please wait {wait}, then try again; until then "
    "no passcode is checked."
)
NO_LOCKOUT_RECORDS: Final = (
    "The records could not be read just now, so the passcode was not checked and the "
    "dashboard stays locked. Try again in a moment."
)
HUB_NOT_ADMIN: Final = (
    "<div class='ck-dash-panel'><h2>For the hub's administrators</h2>"
    "<p>This dashboard shows everyone's results, so on this JupyterHub it opens only for the "
    "hub's administrators, and your account is not one of them. If you train staff and need "
    "it, ask your JupyterHub administrator to make your account an administrator.</p></div>"
)
HUB_NO_ANSWER: Final = (
    "<div class='ck-dash-panel'><h2>The hub did not answer</h2>"
    "<p>This dashboard opens for the hub's administrators, and the hub could not be asked just "
    "now whether you are one. Reload this page in a minute. If this keeps happening, tell your "
    "JupyterHub administrator.</p></div>"
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


def _now() -> datetime:
    return datetime.now(UTC)


def _log_to_the_server() -> None:
    """In a page kernel, write this log to the kernel's own stderr: the server's log.

    (Python's default there would send a warning to the page, not to whoever reads the log.)
    """
    kernelapp = sys.modules.get("ipykernel.kernelapp")
    if kernelapp is None or not kernelapp.IPKernelApp.initialized():
        return
    if any(handler.get_name() == _SERVER_LOG for handler in _log.handlers):
        return
    handler = logging.StreamHandler(sys.__stderr__)
    handler.set_name(_SERVER_LOG)
    handler.setFormatter(logging.Formatter("[%(name)s] %(levelname)s | %(message)s"))
    _log.addHandler(handler)


def _how_long(wait: timedelta) -> str:
    """A wait in plain words, rounded up to the minute: "about 4 minutes"."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    if minutes == 1:
        return "about a minute"
    return "about an hour" if minutes >= 60 else f"about {minutes} minutes"


def _paused(pause: Lockout, now: datetime) -> str:
    """What the page says while paused."""
    text = PAUSED_FOR_EVERYONE if pause.everyone else PAUSED
    return text.format(wait=_how_long(pause.wait(now)))


def _pause_now(store: Store, client: str, now: datetime) -> Lockout | None:
    """The pause in force at ``now`` for ``client``, from the wrong passcodes on record."""
    since = now - LOOKBACK
    mine = store.passcode_failure_times(since, client)
    return lockout(mine, store.passcode_failure_times(since), now)


class TrainerDashboard:
    """The trainer dashboard page: a passcode form, then the class's results.

    Under JupyterHub (:func:`~caserate_kit.course._passcode.under_hub`) there
    is no form: the page opens at once for a hub administrator and for no one else.

    Parameters
    ----------
    store_url
        The records' SQLAlchemy URL; by default the course's.
    passcode_path
        The passcode file; by default the one in the data folder.
    environ
        The page's environment (its request, the hub's variables); by default ``os.environ``.
    clock
        The current time, in UTC (tests pass their own).
    """

    def __init__(
        self,
        store_url: str | None = None,
        passcode_path: str | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._store_url, self._passcode_path = store_url, passcode_path
        self._environ, self._clock = environ, clock
        _log_to_the_server()
        self._unlocked = False
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
        self._hub = under_hub(self._env())
        if self._hub:
            self._open_for_hub_admin()
        elif not trainer_passcode_is_set(self._passcode_path):
            self.widget.children = [*self._top, widgets.HTML(NO_PASSCODE)]

    def _env(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    def _open_for_hub_admin(self) -> None:
        """Under JupyterHub: no passcode form; the results for a hub administrator only."""
        for widget in _tree(self._form):
            widget.close()
        self.widget.children = [*self._top, self._status]
        answer = hub_admin(self._env())
        if answer is HubAnswer.ADMIN:
            self._unlocked = True
            self._show_results()
            return
        refusal = HUB_NOT_ADMIN if answer is HubAnswer.NOT_ADMIN else HUB_NO_ANSWER
        self.widget.children = [*self._top, widgets.HTML(refusal)]

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
        """Unlock with ``passcode``, unless the page is paused or under a hub. Unlocked?"""
        if self._unlocked:
            return True
        if self._hub:
            return False
        if not passcode:
            self._say("Type the trainer passcode first.", alert=True)
            return False
        client = request_client(self._env())
        try:
            with Store(self._store_url) as store:
                pause = _pause_now(store, client, self._clock())
        except (StoreUnavailableError, SQLAlchemyError):
            self._say(NO_LOCKOUT_RECORDS, alert=True)
            return False
        if pause is not None:
            _log.warning(
                "The trainer dashboard did not check a passcode from %s: paused until %s "
                "after repeated wrong passcodes.",
                client,
                f"{pause.until:%Y-%m-%d %H:%M:%S} UTC",
            )
            self._say(_paused(pause, self._clock()), alert=True)
            return False
        self._passcode.busy = True
        try:
            right = check_trainer_passcode(passcode, self._passcode_path)
        except PasscodeFileError as error:
            self._say(html.escape(str(error)), alert=True)
            return False
        finally:
            self._passcode.busy = False
        if not right:
            self._wrong(client)
            return False
        self._unlocked = True
        self._show_results()
        return True

    def _wrong(self, client: str) -> None:
        """Keep and log a wrong passcode from ``client``; say so, and how long to wait if now
        paused."""
        _log.warning("A wrong trainer passcode was typed on the trainer dashboard from %s.", client)
        now = self._clock()
        try:
            with Store(self._store_url) as store:
                store.record_passcode_failure(client, now)
                pause = _pause_now(store, client, now)
        except (StoreUnavailableError, SQLAlchemyError):
            _log.error("A wrong trainer passcode from %s could not be kept in the records.", client)
            pause = None
        self._say(WRONG if pause is None else f"{WRONG} {_paused(pause, now)}", alert=True)

    def lock(self) -> None:
        """Lock the page again, closing every widget that showed records."""
        self._unlocked = False
        self._close_shown()
        if self._hub:
            self.widget.children = [*self._top, self._status]
            self._say("Locked. Reload this page to see the results again.")
            return
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
