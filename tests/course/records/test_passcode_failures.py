"""Wrong trainer passcodes in the records: kept with their address, counted and read back."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from caserate_kit._exceptions import InvalidInputError

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_failures_are_counted_from_one_address_or_from_all(store):
    """Are wrong passcodes counted per address, and from all addresses together?"""
    store.record_passcode_failure("192.0.2.10", _at(0))
    store.record_passcode_failure("192.0.2.10", _at(1))
    store.record_passcode_failure("198.51.100.7", _at(2))
    assert store.passcode_failures_since(_at(0), "192.0.2.10") == 2
    assert store.passcode_failures_since(_at(0), "198.51.100.7") == 1
    assert store.passcode_failures_since(_at(0)) == 3


def test_only_failures_since_the_given_time_count(store):
    """Does a failure before ``since`` drop out of the count and the times?"""
    store.record_passcode_failure("unknown", _at(0))
    store.record_passcode_failure("unknown", _at(20))
    assert store.passcode_failures_since(_at(10)) == 1
    assert store.passcode_failure_times(_at(10)) == [_at(20)]


def test_failure_times_come_back_oldest_first_in_utc(store):
    """Are the times read back in order, as aware UTC times, whatever zone they were given in?"""
    eastern = _at(6).astimezone(ZoneInfo("America/New_York"))
    store.record_passcode_failure("192.0.2.10", _at(5))
    store.record_passcode_failure("192.0.2.10", eastern)
    store.record_passcode_failure("198.51.100.7", _at(4))
    assert store.passcode_failure_times(T0, "192.0.2.10") == [_at(5), eastern]
    assert store.passcode_failure_times(T0) == [_at(4), _at(5), eastern]


def test_without_a_time_the_failure_is_kept_now(store):
    """Is a failure with no time given kept at the current time?"""
    before = datetime.now(UTC)
    store.record_passcode_failure("unknown")
    assert store.passcode_failures_since(before - timedelta(seconds=1)) == 1


@pytest.mark.parametrize("client", ["", "   ", "x" * 101])
def test_an_empty_or_overlong_address_is_refused(store, client):
    """Is an empty address, or one longer than the column, refused with the field named?"""
    with pytest.raises(InvalidInputError, match="client"):
        store.record_passcode_failure(client, T0)


def test_a_time_without_a_zone_is_refused(store):
    """Is a failure time without a time zone refused (it would be ambiguous)?"""
    with pytest.raises(InvalidInputError, match="time zone"):
        store.record_passcode_failure("unknown", datetime(2026, 1, 5, 9, 0))
