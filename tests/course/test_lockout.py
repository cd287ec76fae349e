"""The pause after wrong trainer passcodes: a pure function of when they came."""

from datetime import UTC, datetime, timedelta

import pytest

from caserate_kit.course._lockout import (
    CLIENT_LIMIT,
    FIRST_LOCK,
    LONGEST_LOCK,
    OVERALL_LIMIT,
    QUIET,
    lock_end,
    lock_length,
    lockout,
    request_client,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def seconds(*offsets):
    return [T0 + timedelta(seconds=offset) for offset in offsets]


def test_the_policy_constants_are_as_documented():
    """5 from one address, 20 from all, 15 quiet minutes, 1 minute doubling up to 1 hour?"""
    assert (CLIENT_LIMIT, OVERALL_LIMIT) == (5, 20)
    minutes = [pause.total_seconds() / 60 for pause in (QUIET, FIRST_LOCK, LONGEST_LOCK)]
    assert minutes == [15, 1, 60]


@pytest.mark.parametrize(
    ("failures", "minutes"), [(1, 0), (4, 0), (5, 1), (6, 2), (7, 4), (10, 32), (11, 60), (99, 60)]
)
def test_the_pause_starts_at_the_limit_and_doubles_up_to_an_hour(failures, minutes):
    """Is there no pause below 5, 1 minute at 5, then 2, 4... and never more than an hour?"""
    assert lock_length(failures, CLIENT_LIMIT) == timedelta(minutes=minutes)


def test_four_quick_failures_do_not_pause_and_the_fifth_pauses_a_minute_from_itself():
    """Do 4 failures leave the page open, and does the 5th pause it until 1 minute after it?"""
    times = seconds(0, 5, 10, 15, 20)
    assert lock_end(times[:4], CLIENT_LIMIT) is None
    assert lock_end(times, CLIENT_LIMIT) == times[-1] + timedelta(minutes=1)


def test_a_failure_soon_after_a_pause_doubles_it():
    """A 6th failure 30 s after the first pause ended: is the next pause 2 minutes?"""
    times = seconds(0, 5, 10, 15, 20, 20 + 60 + 30)
    assert lock_end(times, CLIENT_LIMIT) == times[-1] + timedelta(minutes=2)


def test_fifteen_quiet_minutes_end_the_streak():
    """After 4 failures and more than 15 quiet minutes, does counting start again?"""
    times = seconds(0, 5, 10, 15, 15 + 15 * 60 + 1)
    assert lock_end(times, CLIENT_LIMIT) is None


def test_quiet_minutes_count_from_the_end_of_a_pause_not_from_the_failure():
    """A failure 10 minutes after a 32-minute pause ended (42 after the last failure): does it
    still continue the streak (and pause an hour)?"""
    times = seconds(*range(0, 50, 5))  # 10 failures: the last one pauses 32 minutes
    end = lock_end(times, CLIENT_LIMIT)
    assert end == times[-1] + timedelta(minutes=32)
    later = end + timedelta(minutes=10)
    assert lock_end([*times, later], CLIENT_LIMIT) == later + LONGEST_LOCK


def test_slow_guessing_does_not_escape_the_pause():
    """Guessing again the moment each pause ends: does the pause keep growing to an hour?"""
    times = seconds(0, 5, 10, 15, 20)
    for _ in range(8):
        times.append(lock_end(times, CLIENT_LIMIT))
    assert lock_end(times, CLIENT_LIMIT) - times[-1] == LONGEST_LOCK


def test_the_page_is_paused_only_until_the_pause_ends():
    """Is a page paused during the minute after the 5th failure, and open after it?"""
    times = seconds(0, 5, 10, 15, 20)
    during = lockout(times, times, times[-1] + timedelta(seconds=59))
    assert during is not None
    assert not during.everyone
    assert during.wait(times[-1] + timedelta(seconds=59)) == timedelta(seconds=1)
    assert lockout(times, times, times[-1] + timedelta(seconds=61)) is None


def test_twenty_failures_from_everywhere_pause_everyone_even_a_new_address():
    """With 20 failures overall and none from this address, is this address paused too?"""
    everyone = seconds(*range(0, 40, 2))
    pause = lockout([], everyone, everyone[-1] + timedelta(seconds=1))
    assert pause is not None
    assert pause.everyone
    assert pause.until == everyone[-1] + timedelta(minutes=1)


def test_when_both_pauses_hold_the_longer_one_counts():
    """An address paused 2 minutes while everyone is paused 1: is the 2-minute pause the one?"""
    mine = seconds(0, 5, 10, 15, 20, 90)
    everyone = sorted([*mine, *seconds(*range(21, 50, 2))])
    pause = lockout(mine, everyone, T0 + timedelta(seconds=100))
    assert pause is not None
    assert pause.until == mine[-1] + timedelta(minutes=2)
    assert not pause.everyone


@pytest.mark.parametrize(
    ("environ", "client"),
    [
        ({"REMOTE_ADDR": "192.0.2.10"}, "192.0.2.10"),
        ({"HTTP_X_CASERATE_CLIENT": " 198.51.100.7 "}, "198.51.100.7"),
        ({"HTTP_X_CASERATE_CLIENT": "10.0.0.7", "REMOTE_ADDR": "192.0.2.10"}, "10.0.0.7"),
        ({"HTTP_X_FORWARDED_FOR": "203.0.113.9", "HTTP_X_REAL_IP": "203.0.113.8"}, "unknown"),
        ({"HTTP_X_CASERATE_CLIENT": "2001:DB8:0:0::1"}, "2001:db8::1"),
        ({"HTTP_X_CASERATE_CLIENT": "evil\nWARNING forged line"}, "unknown"),
        ({"SERVER_NAME": "training.example.org"}, "unknown"),
        ({}, "unknown"),
    ],
)
def test_the_client_is_the_requests_address_or_unknown(environ, client):
    """Is the client the address the course's server sets (never a header a browser can set
    itself), and "unknown" when that is not a real IP address?"""
    assert request_client(environ) == client
