"""The trainer dashboard without a browser: locked, it holds no learner data; unlocked, it reports.

"The page" here is what a browser can do over the websocket: read every
widget's state (``Widget.get_manager_state``, the answer to ``request_states``)
and send widget messages (trait updates, clicks, Enter), which the tests
deliver through ``Widget._handle_msg`` as the kernel would.
"""

import base64
import json
import re

import ipywidgets as widgets
import pytest

from caserate_kit.course import _passcode
from caserate_kit.course._passcode import set_trainer_passcode
from caserate_kit.course.pages import _dashboard
from caserate_kit.course.pages._dashboard import TrainerDashboard
from caserate_kit.course.records._store import Store, StoreUnavailableError
from caserate_kit.course.widgets._passcode_form import PasscodeForm

PASSCODE = "trainers only 42"


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
def waits():
    return []


@pytest.fixture
def dashboard(records_url, passcode_path, waits):
    page = TrainerDashboard(records_url, passcode_path, failure_delay=1.5, sleep=waits.append)
    yield page
    for widget in tree(page.widget):
        widget.close()


def test_the_locked_page_holds_no_learner_data(dashboard, names):
    """Before unlocking, is no learner name anywhere in the state the page can read?"""
    state = page_state()
    assert not any(name in state for name in names)
    assert "Roster" not in state


def test_the_locked_page_does_not_open_the_records(records_url, passcode_path, monkeypatch):
    """Is the records store left unopened until the passcode is right?"""
    opened = []
    monkeypatch.setattr(_dashboard, "Store", lambda *args: opened.append(args))
    page = TrainerDashboard(records_url, passcode_path, sleep=lambda _s: None)
    page.unlock("not the passcode")
    assert opened == []


def test_a_wrong_passcode_stays_locked_with_a_clear_message(dashboard, names):
    """Does a wrong passcode keep the page locked, say so, and show no learner?"""
    assert not dashboard.unlock("not the passcode")
    assert not dashboard.unlocked
    assert "not right" in report(dashboard)
    assert not any(name in page_state() for name in names)


def test_a_wrong_passcode_waits_before_answering(dashboard, waits):
    """Does a wrong passcode wait 1.5 s before saying so?"""
    dashboard.unlock("not the passcode")
    assert waits == [1.5]


def test_each_further_wrong_passcode_waits_twice_as_long(dashboard, waits):
    """Do repeated misses wait 1.5, 3 and 6 seconds?"""
    for _ in range(3):
        dashboard.unlock("not the passcode")
    assert waits == [1.5, 3.0, 6.0]


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
    """With no passcode set, does the page name the command and offer no passcode field?"""
    page = TrainerDashboard("sqlite://", str(tmp_path / "missing"))
    assert "caserate-course trainer-passcode" in report(page)
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
