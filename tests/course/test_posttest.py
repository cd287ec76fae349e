"""A learner's post-test end to end in the kernel: draw, save, resume, grade, retake."""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from caserate_kit.course._banks import load_bank
from caserate_kit.course._posttest import UPDATED, PostTestSession
from caserate_kit.course._store import Store

ROOT = Path(__file__).resolve().parents[2]
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
    from caserate_kit.course._grading import grade_item

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
        from caserate_kit.course._banks import load_bank
        from caserate_kit.course._posttest import PostTestSession
        from caserate_kit.course._store import Store
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
    code = {"_esm", "_css"}  # the widget's own script and styles, the same for every page
    state = json.dumps({k: v for k, v in everything.items() if k not in code}, default=str)
    keys = set(re.findall(r'"(\w+)":', state))
    assert not keys & {"correct", "answer", "answers", "feedback", "rationale", "item_id"}
    for key in session.variant.item_ids:
        item = session.variant.item(key).item
        assert item.id not in state
        assert item.rationale.strip()[:40] not in state
        for option in getattr(item, "options", ()):
            assert option.feedback.strip()[:40] not in state
