"""The fingerprint of the course secret, kept in the records (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest

from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.records._store import Store

FIRST = "sha256:" + "1" * 32
OTHER = "sha256:" + "2" * 32


def test_no_fingerprint_until_one_is_recorded(store):
    """Do new records hold no fingerprint, and then the one recorded?"""
    assert store.signing_key() is None
    assert store.record_signing_key(FIRST) == FIRST
    assert store.signing_key() == FIRST


def test_the_first_fingerprint_counts(store):
    """Is a second, different fingerprint not recorded, and the first one returned?"""
    store.record_signing_key(FIRST)
    assert store.record_signing_key(OTHER) == FIRST
    assert store.signing_key() == FIRST


@pytest.mark.parametrize("given", ["", "ebf50ba0bd56a3d2883dd6da6fadd3e0", "sha256:XYZ", "k" * 32])
def test_only_a_fingerprint_is_kept(store, given):
    """Is anything but 'sha256:' and 32 hex digits (a secret, say) refused?"""
    with pytest.raises(InvalidInputError, match="must be 'sha256:' and 32 hex digits"):
        store.record_signing_key(given)
    assert store.signing_key() is None


def test_processes_starting_at_once_record_one_fingerprint(store_url):
    """Do eight stores recording different fingerprints at once all get the same one back?"""
    start, got, errors = threading.Barrier(8), [], []

    def record(number: int) -> None:
        try:
            with Store(store_url) as opened:
                start.wait(timeout=30)
                got.append(opened.record_signing_key(f"sha256:{number:032x}"))
        except Exception as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with Store(store_url) as store:
        assert set(got) == {store.signing_key()}


def test_has_learners(store):
    """Does has_learners say whether any learner is on record?"""
    assert not store.has_learners()
    store.add_learner("Ada Byron")
    assert store.has_learners()
