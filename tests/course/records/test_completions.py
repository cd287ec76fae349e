"""The store's certificates: the holder frozen on each, and corrections that replace one."""

from __future__ import annotations

from datetime import date

import pytest

from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.records._store import Store


def _certificate(store: Store, learner_id: str, code: str, **extra: object):
    return store.record_certificate(
        learner_id, "course-1", code, date(2024, 3, 4), 1.5, "home study", **extra
    )


def test_a_certificate_keeps_the_details_it_was_issued_to(store):
    """Are the learner's name and license number at issue kept on the certificate, whatever
    the learner's details say afterwards?"""
    ada = store.add_learner("Ada Byrn", license_number="LPC-1")
    record = _certificate(store, ada.id, "CRK-AAAA")
    store.update_details(ada.id, "Ada Byron", license_number="LPC-2")
    assert (record.holder_name, record.holder_license, record.replaces) == (
        "Ada Byrn",
        "LPC-1",
        None,
    )
    assert store.find_certificate("CRK-AAAA") == record


def test_the_holder_given_is_the_one_kept(store):
    """Is a holder given by the caller kept as given, a blank license number as None?"""
    ada = store.add_learner("Ada Byron", license_number="LPC-1")
    record = _certificate(store, ada.id, "CRK-AAAA", holder_name=" Ada King ", holder_license=" ")
    assert (record.holder_name, record.holder_license) == ("Ada King", None)


def test_a_merged_record_is_issued_to_the_person_it_counts_as(store):
    """Is a certificate asked for under a merged record issued to the person's details?"""
    ada = store.add_learner("Ada Byron", license_number="LPC-1")
    duplicate = store.add_learner("A. Byron")
    store.merge_learners(duplicate.id, ada.id, by="test")
    assert _certificate(store, duplicate.id, "CRK-AAAA").holder_name == "Ada Byron"


def test_a_correction_replaces_the_certificate_and_the_old_one_stays(store):
    """Does a certificate that replaces the one held become the one held, while the old one
    stays on record and names its replacement?"""
    ada = store.add_learner("Ada Byrn")
    old = _certificate(store, ada.id, "CRK-AAAA")
    store.update_details(ada.id, "Ada Byron")
    new = _certificate(store, ada.id, "CRK-BBBB", replaces="CRK-AAAA")
    assert (new.code, new.replaces, new.holder_name) == ("CRK-BBBB", "CRK-AAAA", "Ada Byron")
    assert store.certificates_for(ada.id) == [new]
    assert store.find_certificate("CRK-AAAA") == old
    assert store.replacement_of("CRK-AAAA") == new
    assert store.replacement_of("CRK-BBBB") is None
    assert _certificate(store, ada.id, "CRK-CCCC") == new  # asking again: the one held


def test_replacing_a_certificate_already_replaced_gives_the_replacement(store):
    """Do two corrections of the same certificate at once make one replacement, not two?"""
    ada = store.add_learner("Ada Byrn")
    _certificate(store, ada.id, "CRK-AAAA")
    new = _certificate(store, ada.id, "CRK-BBBB", replaces="CRK-AAAA")
    assert _certificate(store, ada.id, "CRK-CCCC", replaces="CRK-AAAA") == new
    assert store.find_certificate("CRK-CCCC") is None


def test_a_certificate_held_now_lists_one_per_course(store):
    """With a correction of one course's certificate, is each course listed once, the held one?"""
    ada = store.add_learner("Ada")
    first = _certificate(store, ada.id, "CRK-AAAA")
    other = store.record_certificate(ada.id, "course-2", "CRK-XXXX", date(2024, 3, 5), 1.0)
    new = _certificate(store, ada.id, "CRK-BBBB", replaces=first.code)
    assert store.certificates_for(ada.id) == [other, new]


@pytest.mark.parametrize("replaces", ["CRK-NONE", "CRK-XXXX"])
def test_replacing_a_code_that_is_not_the_learners_for_the_course_is_refused(store, replaces):
    """Is a correction of an unknown code, or of another course's certificate, refused?"""
    ada = store.add_learner("Ada")
    _certificate(store, ada.id, "CRK-AAAA")
    store.record_certificate(ada.id, "course-2", "CRK-XXXX", date(2024, 3, 5), 1.0)
    with pytest.raises(InvalidInputError, match=r"replaces .*is not the code of one of"):
        _certificate(store, ada.id, "CRK-BBBB", replaces=replaces)
