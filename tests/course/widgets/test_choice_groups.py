"""The radio groups and live status of the clinical exercises: what the page may change."""

import json

import pytest

from caserate_kit import InvalidInputError
from caserate_kit.course.widgets._choice_groups import ChoiceGroups, LiveStatus, group

OPTIONS = [("a", "Apple"), ("b", "Banana")]


def page_update(widget, **state):
    """Deliver a state update the way the page's websocket does."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def page_sends(widget, content):
    """Deliver a custom message the way the page's ``model.send`` does."""
    data = {"method": "custom", "content": content}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


@pytest.fixture
def groups():
    made = ChoiceGroups()
    made.load([group("g1", "First?", OPTIONS), group("g2", "Second?", OPTIONS, detail="Note")])
    yield made
    made.close()


def test_page_can_choose_only_known_groups_and_options(groups):
    """Does a choice the page sends land in ``values``, while unknown groups and options drop?"""
    page_update(groups, values={"g1": "b", "g2": "zzz", "g9": "a"})
    assert groups.values == {"g1": "b"}


def test_a_choice_sent_at_once_is_there_for_a_check_clicked_straight_after(groups):
    """Does the message the page sends with each choice set ``values`` (checked as updates are)?"""
    page_sends(groups, {"event": "choose", "values": {"g1": "a", "g2": "b", "g9": "a"}})
    assert groups.values == {"g1": "a", "g2": "b"}
    assert groups.missing() == []
    groups.locked = True
    page_sends(groups, {"event": "choose", "values": {"g1": "b"}})
    assert groups.values == {"g1": "a", "g2": "b"}


def test_page_cannot_change_choices_once_locked(groups):
    """After checking, is a new choice from the page refused?"""
    groups.values = {"g1": "a"}
    groups.locked = True
    page_update(groups, values={"g1": "b"})
    assert groups.values == {"g1": "a"}


@pytest.mark.parametrize(
    "forged",
    [
        {"locked": False},
        {"feedback": {"g1": {"verdict": "correct", "title": "Yes", "lines": []}}},
        {"groups": []},
    ],
)
def test_page_cannot_unlock_or_write_feedback_or_groups(groups, forged):
    """Are changes the page has no business making (unlocking, feedback, groups) refused?"""
    groups.locked = True
    before = groups.get_state(["locked", "feedback", "groups"])
    page_update(groups, **forged)
    assert groups.get_state(["locked", "feedback", "groups"]) == before


def test_a_group_carrying_an_answer_is_refused():
    """Is a group description with an extra field (an answer, say) refused?"""
    with pytest.raises(InvalidInputError, match="may hold only"):
        ChoiceGroups(groups=[{**group("g1", "First?", OPTIONS), "answer": "a"}])


def test_groups_sharing_a_key_are_refused():
    """Are two groups with one key (so choices could not be told apart) refused?"""
    with pytest.raises(InvalidInputError, match=r"groups\[1\].key"):
        ChoiceGroups(groups=[group("g1", "First?", OPTIONS), group("g1", "Again?", OPTIONS)])


def test_feedback_with_an_unknown_verdict_is_refused(groups):
    """Is feedback whose verdict the page cannot show refused, naming the group?"""
    with pytest.raises(InvalidInputError, match=r"feedback\['g1'\].verdict"):
        groups.feedback = {"g1": {"verdict": "maybe", "title": "?", "lines": []}}


def test_missing_lists_the_groups_without_a_choice_by_number(groups):
    """Does ``missing`` give the numbers (from 1) of the groups not yet answered?"""
    groups.values = {"g2": "a"}
    assert groups.missing() == [1]


def test_loading_new_groups_clears_choices_feedback_and_lock(groups):
    """Does ``load`` start a clean form?"""
    groups.values = {"g1": "a"}
    groups.feedback = {"g1": {"verdict": "info", "title": "Note", "lines": ["x"]}}
    groups.locked = True
    groups.load([group("h1", "Third?", OPTIONS)])
    assert (groups.values, groups.feedback, groups.locked) == ({}, {}, False)


def test_state_holds_only_what_the_page_shows(groups):
    """Does the synced state carry the legends and options, and nothing else of the lesson?"""
    state = json.dumps(groups.get_state(["groups", "values", "feedback"]))
    assert json.loads(state) == {
        "groups": [
            {
                "key": "g1",
                "legend": "First?",
                "layout": "row",
                "options": [{"key": "a", "text": "Apple"}, {"key": "b", "text": "Banana"}],
            },
            {
                "key": "g2",
                "legend": "Second?",
                "layout": "row",
                "detail": "Note",
                "options": [{"key": "a", "text": "Apple"}, {"key": "b", "text": "Banana"}],
            },
        ],
        "values": {},
        "feedback": {},
    }


def test_live_status_refuses_text_from_the_page():
    """Can the page not rewrite the status line that screen readers announce?"""
    status = LiveStatus()
    status.say("Checked.", "good")
    page_update(status, text="You passed!", tone="info")
    assert (status.text, status.tone) == ("Checked.", "good")
    status.close()


def test_live_status_refuses_an_unknown_tone():
    """Is a tone the page has no style for refused?"""
    status = LiveStatus()
    with pytest.raises(InvalidInputError, match="tone"):
        status.say("Hello", "loud")
    status.close()
