"""Exercise 4, the authorization tracker: entries, the review and the editable session list."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import authorization_tracker
from caserate_kit.course.exercises._auth_tracker import (
    EntryError,
    chart_summary,
    figure_rows,
    headline,
    make_authorization,
    make_session,
    parse_codes,
    sample_case,
    session_rows,
)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def sample_review():
    auth, sessions, as_of = sample_case()
    return auth, sessions, ck.review_authorization(auth, sessions, as_of)


@pytest.fixture
def tracker():
    return authorization_tracker()


def test_sample_case_has_used_81_percent_by_the_review_date(sample_review):
    """Has Dana used 13 of 16 units by the review date, with the warning due?"""
    _, _, review = sample_review
    assert (review.units_used, review.units_remaining, review.reauth_due) == (13, 3, True)


def test_sample_case_flags_the_family_session(sample_review):
    """Is the family session under 90847 flagged as not covered?"""
    _, sessions, review = sample_review
    flagged = [row for row in session_rows(sessions, review) if row[3] == "90847"]
    assert flagged[0][4] == "Not covered: service code 90847 is not authorized"


def test_figure_rows_show_burn_rate_and_run_out(sample_review):
    """Does the figures table give 1.9 units a week and a run-out on 2026-04-28?"""
    rows = dict(figure_rows(sample_review[2]))
    assert rows["Burn rate"] == "1.9 units a week"
    assert rows["Projected run-out at this pace"] == "2026-04-28"


def test_headline_says_the_request_date_has_passed(sample_review):
    """When the review is after the request-by date, does the headline say to send it today?"""
    auth, _, review = sample_review
    kind, words = headline(auth, review)
    assert kind == "bad"
    assert "send the request today" in words


def test_headline_is_calm_early_in_the_authorization():
    """Three weeks in, does the headline say no re-authorization is needed yet?"""
    auth, sessions, _ = sample_case()
    review = ck.review_authorization(auth, sessions, "2026-03-20")
    kind, words = headline(auth, review)
    assert kind == "ok"
    assert words.startswith("No re-authorization needed yet")


def test_chart_summary_says_the_units_run_out_before_the_end(sample_review):
    """Does the chart sentence say the projection reaches zero before the end date?"""
    auth, _, review = sample_review
    assert "reaches zero around 2026-04-28, before" in chart_summary(auth, review)


def test_sessions_after_the_review_date_are_not_counted_yet():
    """Is a session after the review date marked as not counted yet?"""
    auth, sessions, _ = sample_case()
    review = ck.review_authorization(auth, sessions, "2026-04-01")
    assert session_rows(sessions, review)[-1][4] == "Not counted yet: after the review date"


def test_parse_codes_reads_commas_and_spaces():
    """Are codes typed with commas, spaces or semicolons all read, in capitals?"""
    assert parse_codes("90837, h0004;90834") == ("90837", "H0004", "90834")


def test_an_end_before_the_start_is_refused():
    """Is an authorization ending before it starts refused with both dates named?"""
    with pytest.raises(EntryError, match="2026-02-01, is before the start date, 2026-03-02"):
        make_authorization(16, dt.date(2026, 3, 2), dt.date(2026, 2, 1), "90837")


def test_zero_units_approved_is_refused():
    """Is an authorization of 0 units refused?"""
    with pytest.raises(EntryError, match="more than zero"):
        make_authorization(0, dt.date(2026, 3, 2), dt.date(2026, 5, 24), "90837")


def test_a_session_without_a_date_is_refused():
    """Is a session with no date refused with a request to choose one?"""
    with pytest.raises(EntryError, match="Choose the date"):
        make_session(None, 1, "90837", sample_case()[0])


def test_a_date_with_a_wrong_year_is_refused():
    """Is 2062 refused as more than a year from the authorization?"""
    with pytest.raises(EntryError, match="check the year"):
        make_session(dt.date(2062, 4, 20), 1, "90837", sample_case()[0])


@pytest.mark.parametrize("units", [0, -1, 200])
def test_units_outside_what_one_entry_can_hold_are_refused(units):
    """Are zero, negative and 200 units refused for one session?"""
    with pytest.raises(EntryError):
        make_session(dt.date(2026, 4, 20), units, "90837", sample_case()[0])


def test_a_session_needs_exactly_one_code():
    """Is a session with two codes typed refused?"""
    with pytest.raises(EntryError, match="one service code"):
        make_session(dt.date(2026, 4, 20), 1, "90837 90847", sample_case()[0])


def test_adding_a_session_updates_units_used(tracker):
    """After adding a session before the review date, do the units used go from 13 to 14?"""
    tracker.new_date.value = dt.date(2026, 4, 17)
    tracker.add_session()
    assert "14 (88%)" in text(tracker.figures.value)


def test_a_bad_session_loses_nothing(tracker):
    """Does a session with 0 units leave the list alone and say what was wrong?"""
    tracker.new_date.value = dt.date(2026, 4, 17)
    tracker.new_units.value = 0
    tracker.add_session()
    assert len(tracker.sessions) == 14
    assert "Units must be more than zero" in text(tracker.session_message.value)


def test_removing_the_flagged_session_clears_its_note(tracker):
    """Once the 90847 session is removed, is its 'will not be paid' note gone?"""
    index = next(i for i, s in enumerate(tracker.sessions) if s.service_code == "90847")
    tracker.remove_choice.value = index
    tracker.remove_session()
    assert "90847" not in text(tracker.notes.value)


def test_moving_the_review_date_changes_the_review(tracker):
    """Does moving the review date to 2026-03-20 make the headline calm?"""
    tracker.as_of.value = dt.date(2026, 3, 20)
    assert "No re-authorization needed yet" in text(tracker.headline.value)


def test_a_bad_authorization_keeps_the_last_good_one(tracker):
    """Does an end date before the start explain itself and keep reviewing the old dates?"""
    tracker.end.value = dt.date(2026, 2, 1)
    assert "last authorization that worked" in text(tracker.auth_message.value)
    assert tracker.auth.end == dt.date(2026, 5, 24)


def test_reset_restores_danas_case(tracker):
    """After removing a session and moving the date, does Reset restore all 14 sessions?"""
    tracker.remove_choice.value = 0
    tracker.remove_session()
    tracker.as_of.value = dt.date(2026, 3, 20)
    tracker.reset()
    assert len(tracker.sessions) == 14
    assert tracker.as_of.value == dt.date(2026, 4, 17)
