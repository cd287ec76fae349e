"""A learner's post-test end to end in the kernel: draw, save, resume, grade, retake."""

import json
import re
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from caserate_kit.course.pages._posttest_session import (
    NOT_SAVED,
    PASSED,
    RETRYING,
    SAVED,
    UPDATED,
    PostTestSession,
)
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._schema import MultipleSelectItem
from caserate_kit.course.quiz._variants import draw_variant
from caserate_kit.course.records._store import Store

ROOT = Path(__file__).resolve().parents[3]
BANK = load_bank(ROOT / "quizzes" / "sample.yaml")


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def learner(store):
    return store.add_learner("Avery Test", email="avery@example.org").id


def right_answers(session):
    """The keyed answer to every question of the session's variant, as a learner would give it."""
    answers = {}
    for key in session.variant.item_ids:
        result = session.variant.item(key)
        answers[key] = correct_response(result)
    return answers


def correct_response(shown):
    from caserate_kit.course.quiz._grading import grade_item

    view = shown.view()
    options = [o["key"] for o in view.get("options", [])]
    candidates = []
    if view["type"] in ("single", "true_false"):
        candidates = options
    elif view["type"] == "multiple":
        from itertools import combinations

        candidates = [list(c) for n in range(1, len(options) + 1) for c in combinations(options, n)]
    elif view["type"] == "ordering":
        from itertools import permutations

        candidates = [list(p) for p in permutations(options)]
    else:
        answer = shown.answer
        candidates = [f"{answer:.6f}"]
    for candidate in candidates:
        if grade_item(shown, candidate).correct:
            return candidate
    raise AssertionError(f"no correct response found for {view}")


def test_a_new_learner_gets_a_fresh_attempt_with_questions(store, learner):
    """Does starting the post-test record an attempt and show its questions?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    assert len(widget.view["questions"]) == sum(BANK.draw_count(o.id) for o in BANK.objectives)
    assert store.open_attempt(learner, BANK.id).id == session.attempt_id


def test_every_answer_is_saved_as_it_is_given(store, learner):
    """Is each answer stored the moment the page sends it?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    first = widget.view["questions"][0]["key"]
    answer = right_answers(session)[first]
    widget.responses = {first: answer}
    assert store.latest_responses(session.attempt_id) == {first: answer}


def test_a_reload_resumes_the_same_variant_with_its_answers(store, learner):
    """After a reload, does the learner get the same questions and every answer back?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    answers = right_answers(session)
    some = dict(list(answers.items())[:3])
    widget.responses = some
    again = PostTestSession(store, BANK, learner).start()
    assert again.view == widget.view
    assert again.responses == some


def test_a_kernel_restart_loses_no_answer(tmp_path, learner, store):
    """Does a new process (a restarted kernel) resume the attempt with every answer?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    answers = right_answers(session)
    widget.responses = answers
    code = textwrap.dedent(
        f"""
        import json
        from caserate_kit.course.quiz._loader import load_bank
        from caserate_kit.course.pages._posttest_session import PostTestSession
        from caserate_kit.course.records._store import Store
        store = Store({store.url!r})
        widget = PostTestSession(store, load_bank({str(BANK.path)!r}), {learner!r}).start()
        print(json.dumps(widget.responses))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == answers


def test_submitting_right_answers_passes_and_stores_one_result(store, learner):
    """Do right answers pass, and does a double submit store one result?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    widget.responses = right_answers(session)
    session.submit()
    session.submit()
    assert widget.result["passed"] is True
    assert widget.result["score"] == 1.0
    done = [a for a in store.attempts(learner, BANK.id) if a.submitted_at is not None]
    assert len(done) == 1


def test_correct_answers_are_shown_only_after_a_pass(store, learner):
    """Are correct answers withheld from a learner who failed?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    session.submit()
    assert widget.result["passed"] is False
    assert all("correct_answer" not in item for item in widget.result["items"])


def test_a_retake_draws_a_new_variant(store, learner):
    """Does a retake start a new attempt with a different seed?"""
    session = PostTestSession(store, BANK, learner)
    session.start()
    session.submit()
    first_attempt, first_view = session.attempt_id, session.widget.view
    session.retake()
    assert session.attempt_id != first_attempt
    assert len(store.attempts(learner, BANK.id)) == 2
    assert session.widget.view != first_view
    assert session.widget.result == {}


def test_a_pass_is_kept_after_a_worse_retake(store, learner):
    """Does failing a retake leave the earlier pass in place?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    widget.responses = right_answers(session)
    session.submit()
    session.retake()
    session.submit()
    assert widget.result["passed"] is False
    assert "still counts" in widget.result["message"]
    assert store.best_result(learner, BANK.id).first_passed_at is not None


def test_an_attempt_from_an_older_bank_is_not_resumed(store, learner):
    """If the bank changed since the learner started, do they get a fresh version and a note?"""
    store.start_attempt(learner, BANK.id, "an-older-version", seed=42)
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    assert widget.status == UPDATED
    assert store.open_attempt(learner, BANK.id).bank_version == BANK.version


def test_the_widget_state_holds_no_answer_key(store, learner):
    """Can anyone reading the page's widget state find an answer, a key or feedback?

    The state is what a Voila page exposes over its websocket: it may show the
    questions and options, but no correct flag, numeric answer, feedback,
    rationale or bank item id.
    """
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    everything = widget.get_state()
    code = {"_esm"}  # the widget's own script, the same for every page
    state = json.dumps({k: v for k, v in everything.items() if k not in code}, default=str)
    keys = set(re.findall(r'"(\w+)":', state))
    assert not keys & {"correct", "answer", "answers", "feedback", "rationale", "item_id"}
    for key in session.variant.item_ids:
        item = session.variant.item(key).item
        assert item.id not in state
        assert item.rationale.strip()[:40] not in state
        for option in getattr(item, "options", ()):
            assert option.feedback.strip()[:40] not in state


# The pass message, and multiple-select answers as lists ---------------------------------------


def test_a_pass_points_to_the_next_step_without_saying_it_again(store, learner):
    """After a pass, does the result's message point to the page's one "Next" link instead of
    repeating the next step (the evaluation) a second time?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    widget.responses = right_answers(session)
    session.submit()
    assert widget.result["passed"] is True
    assert widget.result["message"] == PASSED
    assert "evaluation" not in widget.result["message"].lower()


def _seed_with_a_multiple_select_question() -> int:
    for seed in range(1, 500):
        variant = draw_variant(BANK, seed)
        if any(isinstance(shown.item, MultipleSelectItem) for shown in variant.items):
            return seed
    raise AssertionError("no seed draws the sample bank's multiple-select item")


def test_chosen_and_correct_options_of_a_multiple_select_question_are_lists(store, learner):
    """Are the options chosen for a multiple-select question, and its correct options, sent to
    the page as lists (not run together in one text), with one feedback line per option?"""
    store.start_attempt(learner, BANK.id, BANK.version, _seed_with_a_multiple_select_question())
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    answers = right_answers(session)
    widget.responses = answers
    session.submit()
    [key] = [k for k in answers if isinstance(session.variant.item(k).item, MultipleSelectItem)]
    shown = session.variant.item(key)
    right = [o.text for o in shown.options if shown.item.options[o.index].correct]
    [item] = [item for item in widget.result["items"] if item["key"] == key]
    assert len(right) >= 2
    assert item["your_answer"] == right
    assert item["correct_answer"] == right
    assert len(item["feedback"]) == len(right)
    stored = store.attempts(learner, BANK.id)[-1]
    assert stored.passed is True


def broken_grader():
    raise RuntimeError("grader down")


def test_an_error_while_submitting_goes_to_the_sessions_error_handler(store, learner):
    """With ``on_error`` given, does a failing submit reach it (with where it happened), and
    never the widget, whose test stays open for another try?"""
    told = []
    session = PostTestSession(store, BANK, learner, on_error=lambda e, where: told.append(where))
    widget = session.start()
    session.grade = broken_grader
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert told == ["post-test submit"]
    assert widget.result == {}
    assert not widget.busy


def test_without_an_error_handler_an_error_reaches_the_widget(store, learner):
    """With no ``on_error``, does a failing submit raise, as before, out of the widget?"""
    session = PostTestSession(store, BANK, learner)
    widget = session.start()
    session.grade = broken_grader
    with pytest.raises(RuntimeError, match="grader down"):
        widget._on_page_message(widget, {"event": "submit"}, [])


# Saving while the records are busy or unreachable -----------------------------------------------


def _lock(path: Path) -> sqlite3.Connection:
    """Another program holding the SQLite file's write lock (until it commits)."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_an_answer_given_while_the_records_are_locked_shows_retrying_then_is_saved(tmp_path):
    """With the records locked by another program for about two seconds, does the page say it
    is retrying within the wait, then say the answer is saved, with the answer stored?"""
    path = tmp_path / "records.sqlite3"
    with Store(f"sqlite:///{path}", first_wait_ms=300) as opened:
        learner_id = opened.add_learner("Busy Records").id
        session = PostTestSession(opened, BANK, learner_id)
        widget = session.start()
        statuses: list[str] = []
        widget.observe(lambda change: statuses.append(change["new"]), names="status")
        key, answer = next(iter(right_answers(session).items()))
        holder = _lock(path)
        threading.Timer(2.0, holder.commit).start()
        started = time.monotonic()
        widget.responses = {key: answer}
        waited = time.monotonic() - started
        holder.close()
        assert statuses == [RETRYING, SAVED]
        assert waited >= 1.5
        assert opened.latest_responses(session.attempt_id) == {key: answer}
        with opened._writer.connect() as connection:  # the full busy timeout is back
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_unreachable_records_lose_no_answer_and_submit_only_once_they_are_back(tmp_path):
    """When the records cannot be reached at all, does the page say the answer is not saved
    yet and refuse to submit, then save that answer and submit once they are back?"""
    path = tmp_path / "records.sqlite3"
    with Store(f"sqlite:///{path}", tries=2, first_pause=0.01, busy_timeout_ms=50) as opened:
        learner_id = opened.add_learner("Unreachable Records").id
        session = PostTestSession(opened, BANK, learner_id)
        widget = session.start()
        answers = right_answers(session)
        first = next(iter(answers))
        holder = _lock(path)
        try:
            widget.responses = {first: answers[first]}
            assert widget.status == NOT_SAVED
            session.submit()
            assert "not submitted" in widget.status
            assert widget.result == {}
        finally:
            holder.close()
        assert opened.latest_responses(session.attempt_id) == {}
        widget.responses = answers  # the next answer saves the one that was not saved
        assert opened.latest_responses(session.attempt_id) == answers
        session.submit()
        assert widget.result["passed"] is True
        assert [a.passed for a in opened.attempts(learner_id, BANK.id)] == [True]


@pytest.mark.parametrize(
    ("pragma", "cause"),
    [
        # SQLite's own words for a full disk, raised where the disk would be found full
        (
            "CREATE TEMP TRIGGER full BEFORE INSERT ON responses "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
            "disk is full",
        ),
        ("PRAGMA query_only = ON", "readonly"),  # SQLite refusing to write, for real
    ],
)
def test_a_full_disk_or_a_read_only_folder_says_the_answers_are_not_saved(tmp_path, pragma, cause):
    """With the records unwritable (a full disk, a read-only file), does the page say the
    truth, that the answers are not saved but still on the page and what to do, submit
    nothing, and save and submit everything once the records can be written again?"""
    from sqlalchemy import event

    from caserate_kit.course.widgets import NOT_WRITABLE

    path = tmp_path / "records.sqlite3"
    with Store(f"sqlite:///{path}") as opened:
        learner_id = opened.add_learner("Full Disk").id
        session = PostTestSession(opened, BANK, learner_id)
        widget = session.start()
        answers = right_answers(session)
        first = next(iter(answers))

        def unwritable(connection, _record):
            connection.execute(pragma)

        engine = opened._engine
        event.listen(engine, "connect", unwritable)
        engine.dispose()
        try:
            widget.responses = {first: answers[first]}
            assert widget.status == NOT_WRITABLE
            assert "not saved yet" in widget.status
            assert "keep the page open" in widget.status
            assert "Nothing is lost" not in widget.status
            session.submit()
            assert widget.status == NOT_WRITABLE
            assert widget.result == {}
        finally:
            event.remove(engine, "connect", unwritable)
            engine.dispose()
        assert opened.latest_responses(session.attempt_id) == {}
        widget.responses = answers
        session.submit()
        assert opened.latest_responses(session.attempt_id) == answers
        assert widget.result["passed"] is True


def test_after_a_pass_the_banner_offers_the_pages_next_step(store, learner):
    """With the page's next step given, does a pass carry it to the result banner, and a
    fail carry none?"""
    step = ("evaluation.ipynb?course=lesson-01&token=t", "Next: fill in the course evaluation")
    session = PostTestSession(store, BANK, learner, next_step=lambda: step)
    widget = session.start()
    widget.responses = {}
    session.submit()
    assert widget.result["passed"] is False
    assert "next" not in widget.result
    session.retake()
    widget.responses = right_answers(session)
    session.submit()
    assert widget.result["next"] == {"href": step[0], "label": step[1]}
