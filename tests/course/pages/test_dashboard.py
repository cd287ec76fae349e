"""The trainer dashboard without a browser: locked, it holds no learner data; unlocked, it reports.

"The page" here is what a browser can do over the websocket: read every
widget's state (``Widget.get_manager_state``, the answer to ``request_states``)
and send widget messages (trait updates, clicks, Enter), which the tests
deliver through ``Widget._handle_msg`` as the kernel would.
"""

import base64
import io
import json
import logging
import re
import sys
import types
from datetime import UTC, datetime, timedelta

import ipywidgets as widgets
import pytest

from caserate_kit.course import _passcode
from caserate_kit.course._lockout import CLIENT_LIMIT, OVERALL_LIMIT
from caserate_kit.course._passcode import set_trainer_passcode
from caserate_kit.course.pages import _dashboard
from caserate_kit.course.pages._dashboard import TrainerDashboard
from caserate_kit.course.records._store import Store, StoreUnavailableError
from caserate_kit.course.widgets._passcode_form import PasscodeForm

from ..fake_hub import fake_hub, hub_environ

PASSCODE = "trainers only 42"
HERE = {"REMOTE_ADDR": "192.0.2.10"}
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    """The time the pages see; a test moves it on."""

    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


def page_state():
    """Everything a page can read: the full state of every widget in the kernel."""
    return json.dumps(widgets.Widget.get_manager_state(), default=str)


def send(widget, state=None, **content):
    """Deliver a message from the page: a trait update, or custom content (a click...)."""
    if state is not None:
        data = {"method": "update", "state": state, "buffer_paths": []}
    else:
        data = {"method": "custom", "content": content}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def type_passcode(dashboard, passcode):
    """What the page sends when the trainer types a passcode and chooses Unlock (or Enter)."""
    send(find(dashboard.widget, PasscodeForm), event="unlock", passcode=passcode)


def tree(widget):
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


def find(root, kind, description=None):
    return next(
        w
        for w in tree(root)
        if isinstance(w, kind) and description in (None, getattr(w, "description", None))
    )


def report(dashboard):
    """The HTML of the unlocked report."""
    return "".join(w.value for w in tree(dashboard.widget) if isinstance(w, widgets.HTML))


@pytest.fixture(autouse=True)
def only_this_page():
    """A page's kernel holds that page's widgets alone; this process also holds earlier
    tests' (thousands, with their charts), which page_state() would serialize each time."""
    widgets.Widget.close_all()


@pytest.fixture
def passcode_path(tmp_path, monkeypatch):
    monkeypatch.setattr(_passcode, "_COST", _passcode._Cost(2**10, 8, 1))
    return str(set_trainer_passcode(PASSCODE, tmp_path / "trainer-passcode"))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def checks(monkeypatch):
    """Every passcode the pages check (the hash is computed only for these)."""
    checked = []
    real = _dashboard.check_trainer_passcode

    def spy(passcode, path=None):
        checked.append(passcode)
        return real(passcode, path)

    monkeypatch.setattr(_dashboard, "check_trainer_passcode", spy)
    return checked


@pytest.fixture
def open_page(records_url, passcode_path, clock):
    """Open the dashboard afresh, as a page load does (from ``environ``'s address)."""
    pages = []

    def load(environ=HERE):
        page = TrainerDashboard(records_url, passcode_path, environ=environ, clock=clock)
        pages.append(page)
        return page

    yield load
    for page in pages:
        for widget in tree(page.widget):
            widget.close()


@pytest.fixture
def dashboard(open_page):
    return open_page()


def test_the_locked_page_holds_no_learner_data(dashboard, names):
    """Before unlocking, is no learner name anywhere in the state the page can read?"""
    state = page_state()
    assert not any(name in state for name in names)
    assert "Roster" not in state


def test_the_locked_page_does_not_read_the_learners_records(dashboard, monkeypatch):
    """Are the learners' records left unread until the passcode is right?"""
    read = []
    monkeypatch.setattr(_dashboard, "read_class_records", read.append)
    dashboard.unlock("not the passcode")
    assert read == []


def test_a_wrong_passcode_stays_locked_with_a_clear_message(dashboard, names):
    """Does a wrong passcode keep the page locked, say so, and show no learner?"""
    assert not dashboard.unlock("not the passcode")
    assert not dashboard.unlocked
    assert "not right" in report(dashboard)
    assert not any(name in page_state() for name in names)


# Wrong passcodes: kept, logged, and a pause that holds across pages -------------------


def test_a_wrong_passcode_is_kept_in_the_records_with_its_address(dashboard, records_url):
    """Is a wrong passcode kept in the records, under the address it came from, at its time?"""
    dashboard.unlock("not the passcode")
    with Store(records_url) as store:
        assert store.passcode_failure_times(T0, "192.0.2.10") == [T0]
        assert store.passcode_failures_since(T0) == 1


def test_a_wrong_passcode_writes_a_warning_with_the_address_and_never_the_passcode(
    dashboard, caplog
):
    """Does a wrong passcode log a warning naming its address, without the passcode typed?"""
    with caplog.at_level(logging.WARNING, logger="caserate_kit.course"):
        dashboard.unlock("not the passcode")
    (record,) = [r for r in caplog.records if r.name == "caserate_kit.course"]
    assert record.levelno == logging.WARNING
    assert "192.0.2.10" in record.getMessage()
    assert "not the passcode" not in caplog.text


def test_in_a_page_kernel_the_warning_goes_to_the_servers_log(dashboard, monkeypatch):
    """In a kernel, is the warning written to the kernel's own stderr (the server's log), not
    left to Python's default, which would send it to the page?"""

    class KernelApp:
        @staticmethod
        def initialized():
            return True

    server_log = io.StringIO()
    monkeypatch.setitem(
        sys.modules, "ipykernel.kernelapp", types.SimpleNamespace(IPKernelApp=KernelApp)
    )
    monkeypatch.setattr(sys, "__stderr__", server_log)
    logger = logging.getLogger("caserate_kit.course")
    before = list(logger.handlers)
    try:
        page = TrainerDashboard(dashboard._store_url, dashboard._passcode_path, environ=HERE)
        TrainerDashboard(dashboard._store_url, dashboard._passcode_path, environ=HERE)
        page.unlock("not the passcode")
    finally:
        added = [handler for handler in logger.handlers if handler not in before]
        for handler in added:
            logger.removeHandler(handler)
    assert len(added) == 1
    assert "WARNING" in server_log.getvalue()
    assert "192.0.2.10" in server_log.getvalue()
    assert "not the passcode" not in server_log.getvalue()


def test_six_fresh_pages_from_one_address_get_no_more_than_the_allowed_guesses_a_minute(
    open_page, clock, checks
):
    """Six page loads from one address, three guesses each within a minute: are no more than
    5 passcodes checked (reloading does not start afresh)?"""
    for _ in range(6):
        page = open_page()
        for _ in range(3):
            assert not page.unlock("not the passcode")
            clock.advance(seconds=3)
    assert clock.now - T0 < timedelta(minutes=1)
    assert len(checks) == CLIENT_LIMIT


def test_while_paused_the_page_says_how_long_to_wait_and_checks_nothing(open_page, checks):
    """Once paused, is even the right passcode left unchecked, with a calm word on the wait?"""
    page = open_page()
    for _ in range(CLIENT_LIMIT):
        page.unlock("not the passcode")
    assert "Please wait about a minute" in report(page)
    fresh = open_page()
    assert not fresh.unlock(PASSCODE)
    assert not fresh.unlocked
    assert PASSCODE not in checks
    assert "Please wait about a minute, then try again" in report(fresh)


def test_after_the_pause_the_right_passcode_unlocks(open_page, clock):
    """When the minute is over, does the right passcode unlock again?"""
    page = open_page()
    for _ in range(CLIENT_LIMIT):
        page.unlock("not the passcode")
    clock.advance(seconds=61)
    assert page.unlock(PASSCODE)


def test_each_further_wrong_passcode_doubles_the_pause(open_page, clock):
    """After the first pause, does the next wrong passcode pause for 2 minutes, then 4?"""
    page = open_page()
    for _ in range(CLIENT_LIMIT):
        page.unlock("not the passcode")
    clock.advance(seconds=61)
    page.unlock("not the passcode")
    assert "Please wait about 2 minutes" in report(page)
    clock.advance(minutes=2, seconds=1)
    page.unlock("not the passcode")
    assert "Please wait about 4 minutes" in report(page)


def test_a_pause_for_one_address_does_not_hold_for_another(open_page, checks):
    """While one address is paused, can a trainer at another address still unlock?"""
    page = open_page()
    for _ in range(CLIENT_LIMIT):
        page.unlock("not the passcode")
    assert open_page({"REMOTE_ADDR": "198.51.100.7"}).unlock(PASSCODE)


def test_wrong_passcodes_from_many_addresses_pause_everyone(open_page, clock, checks):
    """After 20 wrong passcodes from addresses that each stay under 5, is everyone paused,
    even an address never seen before?"""
    for n in range(OVERALL_LIMIT):
        open_page({"REMOTE_ADDR": f"203.0.113.{n // (CLIENT_LIMIT - 1)}"}).unlock("wrong one")
        clock.advance(seconds=2)
    newcomer = open_page({"REMOTE_ADDR": "198.51.100.7"})
    assert not newcomer.unlock(PASSCODE)
    assert len(checks) == OVERALL_LIMIT
    assert "pauses for everyone" in report(newcomer)


def test_without_an_address_every_page_counts_as_one_unknown_client(open_page, records_url):
    """With no address in the environment, are the failures kept under "unknown"?"""
    open_page({}).unlock("not the passcode")
    with Store(records_url) as store:
        assert store.passcode_failures_since(T0, "unknown") == 1


def test_the_right_passcode_unlocks_and_shows_the_roster(dashboard, names):
    """Does the right passcode unlock the page and show every learner in the roster?"""
    assert dashboard.unlock(PASSCODE)
    assert dashboard.unlocked
    shown = report(dashboard)
    assert "Roster" in shown
    assert all(name.replace("=", "") in shown for name in names)


def test_typing_the_passcode_and_choosing_unlock_unlocks(dashboard):
    """Does the page's own way in (the form sending the typed passcode) unlock?"""
    type_passcode(dashboard, PASSCODE)
    assert dashboard.unlocked


def test_the_passcode_never_enters_the_page_state(dashboard):
    """After a try, is the passcode absent from every widget's state?"""
    type_passcode(dashboard, PASSCODE)
    assert PASSCODE not in page_state()


def test_a_message_without_a_passcode_is_refused(dashboard):
    """Does an unlock message with no passcode, or a non-text one, stay locked?"""
    form = find(dashboard.widget, PasscodeForm)
    send(form, event="unlock")
    send(form, event="unlock", passcode=["trainers only 42"])
    assert not dashboard.unlocked


def fuzz_value(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return "unlocked"
    if isinstance(value, int | float):
        return 1
    return value


def test_setting_every_trait_from_the_page_cannot_unlock(dashboard, names):
    """Can a page that changes every synced trait of every widget, and clicks, unlock? No."""
    for widget in list(tree(dashboard.widget)):
        for key, value in widget.get_state().items():
            if key != "children":
                send(widget, state={key: fuzz_value(value)})
        for event in ("click", "submit", "unlock"):
            send(widget, event=event)
    assert find(dashboard.widget, widgets.HTML).value == "unlocked"  # the page got through
    assert not dashboard.unlocked
    assert not any(name in page_state() for name in names)


def test_locking_again_takes_learner_data_out_of_the_page(dashboard, names):
    """After Lock, is every widget that showed learners closed and gone from the page state?"""
    dashboard.unlock(PASSCODE)
    send(find(dashboard.widget, widgets.Button, "Lock"), event="click")
    assert not dashboard.unlocked
    assert not any(name in page_state() for name in names)


def test_without_a_passcode_the_page_says_how_to_set_one_and_nothing_else(tmp_path):
    """With no passcode set, does the page name the command and the length, and offer no
    passcode field?"""
    page = TrainerDashboard("sqlite://", str(tmp_path / "missing"), environ={})
    assert "caserate-course trainer-passcode" in report(page)
    assert "at least 12 characters" in report(page)
    assert not any(isinstance(w, PasscodeForm) for w in tree(page.widget))


def test_a_damaged_passcode_file_is_reported_and_stays_locked(dashboard, passcode_path):
    """Does a damaged passcode file show its problem instead of unlocking?"""
    with open(passcode_path, "w") as damaged:
        damaged.write("nonsense\n")
    assert not dashboard.unlock(PASSCODE)
    assert "damaged" in report(dashboard)


def download(html, label):
    """The file name and text of the download link with this label."""
    name, data = re.search(
        rf"download='([^']+)' href='data:text/csv;base64,([^']+)'>{re.escape(label)}<", html
    ).groups()
    return name, base64.b64decode(data).decode("utf-8-sig")


def test_the_roster_downloads_as_a_csv_file(dashboard, names):
    """Is the roster a data: CSV link with a file name, holding every learner?"""
    dashboard.unlock(PASSCODE)
    name, text = download(report(dashboard), "Download the roster (CSV)")
    assert re.fullmatch(r"roster-all-lessons-\d{4}-\d\d-\d\d\.csv", name)
    assert all(learner.lstrip("=") in text for learner in names)


def test_the_roster_csv_keeps_a_name_from_running_as_a_formula(dashboard, names):
    """Is a name that starts with "=" written as text ('=...) in the CSV?"""
    dashboard.unlock(PASSCODE)
    _, text = download(report(dashboard), "Download the roster (CSV)")
    assert f"'{names[2]}" in text


def test_the_item_analysis_downloads_as_a_csv_file(dashboard, class_items):
    """Is the item analysis a CSV download with one row per question?"""
    dashboard.unlock(PASSCODE)
    name, text = download(report(dashboard), "Download the item analysis (CSV)")
    assert name.startswith("item-analysis-")
    assert all(item in text for item in class_items)


def test_the_report_shows_the_plot_with_a_sentence_describing_it(dashboard):
    """Is there a histogram image with alternative text and a describing sentence?"""
    dashboard.unlock(PASSCODE)
    shown = report(dashboard)
    assert '<img src="data:image/png;base64,' in shown
    assert "Histogram of 3 submitted post-test attempts for all lessons" in shown
    assert "1 passed and 2 did not" in shown


def test_the_item_analysis_explains_flags_in_plain_words(dashboard):
    """Are the questions listed with their prompt and a plain explanation of each flag?"""
    dashboard.unlock(PASSCODE)
    shown = report(dashboard)
    assert "Questions to review" in shown
    assert "Shown 3 times so far" in shown
    assert "A flag is a reason to look at the question" in shown


def test_choosing_a_lesson_shows_that_lesson_only(dashboard, names):
    """Does picking lesson 3 show it, with every learner and who has not started?"""
    dashboard.unlock(PASSCODE)
    picker = find(dashboard.widget, widgets.Dropdown)
    send(picker, state={"index": 3})
    shown = report(dashboard)
    assert "Showing <strong>Lesson 3, Case rates" in shown
    assert "Not started" in shown


def test_refresh_shows_records_added_since_unlocking(dashboard, records_url):
    """After a new learner signs in, does Refresh show them?"""
    dashboard.unlock(PASSCODE)
    with Store(records_url) as store:
        store.add_learner("Dee Newcomer")
    send(find(dashboard.widget, widgets.Button, "Refresh"), event="click")
    assert "Dee Newcomer" in report(dashboard)


def test_records_that_cannot_be_read_leave_the_page_locked_with_a_message(dashboard, monkeypatch):
    """If the records are unreachable at unlock, does the page stay locked and say why?"""

    def unreachable(*_args):
        raise StoreUnavailableError(5)

    monkeypatch.setattr(_dashboard, "Store", unreachable)
    dashboard.unlock(PASSCODE)
    assert not dashboard.unlocked
    assert "could not be read" in report(dashboard)


def test_when_the_wrong_passcodes_cannot_be_read_no_passcode_is_checked(
    dashboard, monkeypatch, checks
):
    """If the records cannot tell whether the page is paused, is the passcode left unchecked?"""

    def unreachable(*_args):
        raise StoreUnavailableError(5)

    monkeypatch.setattr(_dashboard, "Store", unreachable)
    assert not dashboard.unlock(PASSCODE)
    assert checks == []


# Learner records: codes and merges ---------------------------------------------------


def test_the_roster_and_the_learner_records_show_each_email(dashboard, records_url):
    """Can two learners of one name be told apart by their emails and record ids?"""
    with Store(records_url) as store:
        first = store.add_learner("Sam Lee", email="sam@example.org")
        second = store.add_learner("Sam Lee", email="sam.lee@example.org")
    dashboard.unlock(PASSCODE)
    shown = report(dashboard)
    assert "Learner records" in shown
    for learner in (first, second):
        assert learner.email in shown
        assert learner.id in shown


def test_a_trainer_gives_a_new_code_from_the_dashboard(dashboard, records_url):
    """Does "Give a new code" show a code that is now the learner's, and refuse when locked?"""
    with Store(records_url) as store:
        learner = store.add_learner("Sam Lee", email="sam@example.org")
    assert dashboard.reset_code(learner.email) is None  # locked
    dashboard.unlock(PASSCODE)
    send(find(dashboard.widget, widgets.Text, "Email or record id"), {"value": " SAM@example.org"})
    send(find(dashboard.widget, widgets.Button, "Give a new code"), event="click")
    code = re.search(r"ck-dash-code'>([A-Z0-9-]+)<", report(dashboard)).group(1)
    with Store(records_url) as store:
        assert store.personal_code_matches(learner.id, code)
    assert dashboard.reset_code("nobody@example.org") is None
    assert "No learner record has nobody@example.org" in report(dashboard)


def test_a_trainer_merges_two_records_from_the_dashboard(dashboard, records_url):
    """Does a merge from the page list the person once and count the duplicate's attempts?"""
    with Store(records_url) as store:
        keep = store.add_learner("Sam Lee", email="sam@example.org")
        twin = store.add_learner("Sam Lee", email="sam@example.org")
        attempt = store.start_attempt(twin.id, "lesson-01", bank_version="v1", seed=1)
        store.submit_attempt(attempt.id, score=0.9, passed=True, result={})
    dashboard.unlock(PASSCODE)
    send(
        find(dashboard.widget, widgets.Text, "Record to merge (the duplicate)"), {"value": twin.id}
    )
    send(find(dashboard.widget, widgets.Text, "Record that stays"), {"value": keep.id})
    send(find(dashboard.widget, widgets.Button, "Merge"), event="click")
    assert "Merged" in report(dashboard)
    with Store(records_url) as store:
        assert twin.id not in {learner.id for learner in store.all_learners()}
        assert store.best_result(keep.id, "lesson-01").best_score == 0.9
    assert not dashboard.merge(twin.id, keep.id)
    assert "already merged" in report(dashboard)


# Under JupyterHub: the hub's administrators, no passcode ------------------------------

HUB_USERS = {
    "alice-token": {"kind": "user", "name": "alice", "admin": True},
    "bob-token": {"kind": "user", "name": "bob", "admin": False},
}


@pytest.fixture
def hub_api():
    with fake_hub(HUB_USERS) as (api_url, _received):
        yield api_url


def test_under_a_hub_an_admin_sees_the_results_without_a_passcode(open_page, hub_api, names):
    """Does the page, in a hub administrator's server, open at once with every learner?"""
    page = open_page(hub_environ(hub_api, "alice", "alice-token"))
    assert page.unlocked
    assert "Roster" in report(page)
    assert not any(isinstance(w, PasscodeForm) for w in tree(page.widget))


def test_under_a_hub_anyone_else_is_refused_calmly_and_sees_no_learner(
    open_page, hub_api, names, checks
):
    """Is a user who is not a hub administrator told it is not for them, with no passcode
    field, no learner's name, and no passcode accepted?"""
    page = open_page(hub_environ(hub_api, "bob", "bob-token"))
    assert not page.unlocked
    assert "only for the hub's administrators" in report(page)
    assert not any(isinstance(w, PasscodeForm) for w in tree(page.widget))
    assert not any(name in page_state() for name in names)
    assert not page.unlock(PASSCODE)
    assert checks == []


def test_under_a_hub_that_does_not_answer_the_page_stays_locked(open_page, names):
    """If the hub cannot be asked, does the page say so and show no learner?"""
    page = open_page(hub_environ("http://127.0.0.1:9/hub/api", "alice", "alice-token"))
    assert not page.unlocked
    assert "the hub could not be asked" in report(page)
    assert not any(name in page_state() for name in names)


def test_under_a_hub_locking_again_asks_for_a_reload(open_page, hub_api, names):
    """After Lock under a hub, are the results gone, with no passcode form in their place?"""
    page = open_page(hub_environ(hub_api, "alice", "alice-token"))
    send(find(page.widget, widgets.Button, "Lock"), event="click")
    assert not page.unlocked
    assert "Reload this page" in report(page)
    assert not any(name in page_state() for name in names)
