"""The post-test widget, kernel side: traits, page messages and what the page may change."""

import copy
import json

import ipywidgets
import pytest

from caserate_kit import InvalidInputError
from caserate_kit.course.widgets._posttest import PostTestWidget, clean_responses, result_summary

VIEW = {
    "quiz_id": "lesson-04",
    "title": "Setting case rates",
    "pass_mark": 0.8,
    "time_estimate_minutes": 15,
    "questions": [
        {
            "key": "q1",
            "type": "single",
            "prompt": "What is a case rate?",
            "options": [{"key": "a", "text": "A bundled payment"}, {"key": "b", "text": "A fee"}],
        },
        {
            "key": "q2",
            "type": "multiple",
            "prompt": "Which are costs?",
            "options": [{"key": "a", "text": "Salaries"}, {"key": "b", "text": "Rent"}],
        },
        {"key": "q3", "type": "true_false", "prompt": "A case rate is a budget for one person."},
        {
            "key": "q4",
            "type": "numeric",
            "prompt": "Level B case rate?",
            "unit": "dollars",
            "hint": "Type a number, for example 4,759",
        },
        {
            "key": "q5",
            "type": "ordering",
            "prompt": "Put the steps in order.",
            "options": [{"key": "x", "text": "Count"}, {"key": "y", "text": "Price"}],
        },
    ],
}

RESULT = {
    "score": 0.8,
    "passed": True,
    "correct_count": 4,
    "total": 5,
    "pass_mark": 0.8,
    "items": [{"key": "q1", "correct": True, "feedback": "Yes.", "rationale": "Bundled."}],
    "message": "Well done.",
}


def page_update(widget, **state):
    """Deliver a state update the way the page's websocket does."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def page_sends(widget, content):
    """Deliver a custom message the way the page's ``model.send`` does."""
    data = {"method": "custom", "content": content}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


@pytest.fixture
def widget():
    quiz = PostTestWidget(view=copy.deepcopy(VIEW))
    yield quiz
    quiz.close()


def test_state_holds_only_the_view_and_empty_answers(widget):
    """Does the full widget state carry nothing beyond the view it was given?"""
    plain = ipywidgets.DOMWidget()
    base = set(plain.get_state())
    plain.close()
    state = widget.get_state()
    ours = {key: value for key, value in state.items() if key not in base}
    ours.pop("_esm")
    ours.pop("_anywidget_id")
    assert ours == {"view": VIEW, "responses": {}, "result": {}, "status": "", "busy": False}


def test_front_end_code_holds_no_grading():
    """Does the shipped page code contain no answer-checking words?"""
    quiz = PostTestWidget(view=VIEW)
    source = json.dumps(quiz.get_state(["_esm"]))
    quiz.close()
    assert "is_correct" not in source
    assert "correct_key" not in source


@pytest.mark.parametrize(
    "leak",
    [
        {"questions": [{**VIEW["questions"][0], "answer": "a"}]},
        {"questions": [{**VIEW["questions"][0], "options": [{"key": "a", "correct": True}]}]},
        {"answers": {"q1": "a"}},
    ],
)
def test_a_view_that_carries_an_answer_is_refused(leak):
    """Is a view holding an answer, a correct flag or an answer key refused?"""
    with pytest.raises(InvalidInputError, match="no answers"):
        PostTestWidget(view=leak)


def test_a_question_of_unknown_type_is_refused():
    """Is a question type the page cannot show refused with its field named?"""
    with pytest.raises(InvalidInputError, match=r"view.questions\[0\].type"):
        PostTestWidget(view={"questions": [{"key": "q1", "type": "essay", "prompt": "?"}]})


def test_options_with_the_same_key_are_refused():
    """Are two options sharing a key (so the page could not tell them apart) refused?"""
    options = [{"key": "a", "text": "One"}, {"key": "a", "text": "Two"}]
    question = {"key": "q1", "type": "single", "prompt": "?", "options": options}
    with pytest.raises(InvalidInputError, match=r"options\[1\]"):
        PostTestWidget(view={"questions": [question]})


def test_page_can_set_responses(widget):
    """Does an answer the page sends land in ``responses``?"""
    page_update(widget, responses={"q1": "a", "q4": "4,759"})
    assert widget.responses == {"q1": "a", "q4": "4,759"}


def test_malformed_responses_are_dropped(widget):
    """Are answers to unknown questions, unknown options or broken orderings dropped?"""
    page_update(
        widget,
        responses={"q1": "z", "q2": ["b", "a", "evil"], "q3": "true", "q5": ["x", "x"], "q9": "a"},
    )
    assert widget.responses == {"q2": ["a", "b"], "q3": "true"}


def test_saved_responses_are_kept_when_created(widget):
    """Does a widget created with saved responses hold them, ready for the page to show?"""
    saved = {"q1": "b", "q5": ["y", "x"]}
    quiz = PostTestWidget(view=VIEW, responses=saved)
    assert quiz.responses == saved
    quiz.close()


@pytest.mark.parametrize("trait", ["result", "busy", "view", "status"])
def test_page_cannot_set_anything_but_responses(widget, trait):
    """Is a page that forges ``result``, ``busy``, ``view`` or ``status`` ignored?"""
    before = widget.get_state([trait])[trait]
    forged = {"result": {"passed": True}, "busy": True, "view": {}, "status": "Passed!"}[trait]
    page_update(widget, **{trait: forged})
    assert widget.get_state([trait])[trait] == before


def test_responses_are_frozen_after_a_result(widget):
    """Once graded, does a late change from the page leave the answers alone?"""
    page_update(widget, responses={"q1": "a"})
    widget.result = RESULT
    page_update(widget, responses={"q1": "b"})
    assert widget.responses == {"q1": "a"}


def test_submit_calls_the_callbacks(widget):
    """Does a submit from the page call every submit callback?"""
    calls = []
    widget.on_submit(lambda: calls.append("first"))
    widget.on_submit(lambda: calls.append("second"))
    page_sends(widget, {"event": "submit"})
    assert calls == ["first", "second"]


def test_submit_grades_the_answers_it_carries(widget):
    """Is an answer given just before Submit (its update still queued) graded, not lost?"""
    graded = []
    widget.on_submit(lambda: graded.append(dict(widget.responses)))
    page_update(widget, responses={"q1": "a"})
    page_sends(widget, {"event": "submit", "responses": {"q1": "b", "q2": ["a"]}})
    assert graded == [{"q1": "b", "q2": ["a"]}]
    assert widget.responses == {"q1": "b", "q2": ["a"]}


def test_answers_sent_with_a_late_submit_are_refused(widget):
    """Once graded, can a submit that carries other answers not change them?"""
    page_update(widget, responses={"q1": "a"})
    widget.result = RESULT
    page_sends(widget, {"event": "submit", "responses": {"q1": "b"}})
    assert widget.responses == {"q1": "a"}


def test_busy_is_set_while_grading(widget):
    """Is ``busy`` true while the submit callback runs, and false after?"""
    seen = []
    widget.on_submit(lambda: seen.append(widget.busy))
    page_sends(widget, {"event": "submit"})
    assert (seen, widget.busy) == ([True], False)


def test_double_submit_grades_once(widget):
    """Does a second submit after grading (a double click) call the grader only once?"""
    calls = []

    def grade():
        calls.append(1)
        widget.result = RESULT

    widget.on_submit(grade)
    page_sends(widget, {"event": "submit"})
    page_sends(widget, {"event": "submit"})
    assert len(calls) == 1


def test_submit_while_busy_is_ignored(widget):
    """Is a submit that arrives while the kernel is busy ignored?"""
    calls = []
    widget.on_submit(lambda: calls.append(1))
    widget.busy = True
    page_sends(widget, {"event": "submit"})
    assert calls == []


def test_result_is_announced(widget):
    """Does setting a result put its summary in ``status`` for the live region?"""
    widget.result = RESULT
    assert widget.status == "You scored 80% (4 of 5 correct). You passed."


def test_grading_that_sets_no_result_says_so(widget):
    """When the grader sets no result, is the learner told to submit again?"""
    widget.on_submit(lambda: None)
    page_sends(widget, {"event": "submit"})
    assert "Submit again" in widget.status


def test_failing_grader_clears_busy_and_tells_the_learner(widget, caplog):
    """Does an error in the grader clear ``busy``, tell the learner, and reach the log?"""

    def broken():
        raise RuntimeError("database down")

    widget.on_submit(broken)
    page_sends(widget, {"event": "submit"})
    assert (widget.busy, "try again" in widget.status) == (False, True)
    assert "database down" in caplog.text


def test_retake_calls_the_callbacks_after_a_result(widget):
    """Does a retake after a result call the retake callback?"""
    calls = []
    widget.on_retake(lambda: calls.append(1))
    widget.result = RESULT
    page_sends(widget, {"event": "retake"})
    assert calls == [1]


def test_retake_before_a_result_is_ignored(widget):
    """Is a retake sent before any result ignored?"""
    calls = []
    widget.on_retake(lambda: calls.append(1))
    page_sends(widget, {"event": "retake"})
    assert calls == []


def test_load_starts_a_fresh_test(widget):
    """Does ``load`` show the new view with no result, no status and the given answers?"""
    widget.result = RESULT
    widget.load(VIEW, responses={"q3": "false"})
    assert (widget.result, widget.status, widget.responses) == ({}, "", {"q3": "false"})


def test_retake_that_loads_a_new_version_announces_it(widget):
    """After a retake callback loads a new version, is the learner told it is ready?"""
    widget.on_retake(lambda: widget.load(VIEW))
    widget.result = RESULT
    page_sends(widget, {"event": "retake"})
    assert "new version" in widget.status


@pytest.mark.parametrize("content", [{"event": "dance"}, {"nothing": 1}, "submit", ["submit"]])
def test_unknown_messages_are_ignored(widget, content):
    """Does a message the widget does not know change nothing and call nothing?"""
    calls = []
    widget.on_submit(lambda: calls.append(1))
    page_sends(widget, content)
    assert (calls, widget.busy, widget.status) == ([], False, "")


def test_removed_callback_is_not_called(widget):
    """Is a callback registered with ``remove=True`` no longer called?"""
    calls = []

    def record():
        calls.append(1)

    widget.on_submit(record)
    widget.on_submit(record, remove=True)
    page_sends(widget, {"event": "submit"})
    assert calls == []


def test_failed_summary_names_the_pass_mark():
    """Does the summary of a failed attempt say what score is needed?"""
    summary = result_summary(
        {"score": 0.6, "passed": False, "correct_count": 3, "total": 5, "pass_mark": 0.8}
    )
    assert summary.startswith("You scored 60% (3 of 5 correct). You need 80% to pass")


def test_blank_typed_answer_counts_as_no_answer():
    """Is a numeric answer of only spaces treated as unanswered?"""
    assert clean_responses(VIEW, {"q4": "   "}) == {}
