"""Launches from the agency's LMS: kept as given, the newest counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import caserate_kit as ck
from caserate_kit.course.records._store import Store
from caserate_kit.course.records._values import LtiLaunch

DAY = timedelta(days=1)

EXAMPLE_LAUNCH = LtiLaunch(
    id="",
    external_id="lms-7f3a",
    issuer="https://lms.agency.example",
    client_id="course-tool",
    deployment_id="deployment-1",
    lms_user_id="7f3a",
    name="Alice Moreno",
    email="alice@agency.example",
    context_id="onboarding-2027",
    resource_link_id="link-1",
    lineitems_url="https://lms.agency.example/api/lti/courses/9/line_items",
    scopes=("https://purl.imsglobal.org/spec/lti-ags/scope/score",),
    at=datetime(2027, 1, 4, 9, 0, tzinfo=UTC),
)


def test_a_launch_is_kept_as_given(store: Store) -> None:
    """Does the store hand back every part of a recorded launch?"""
    kept = store.record_launch(EXAMPLE_LAUNCH)
    assert kept.id
    assert store.latest_launch("lms-7f3a") == kept
    assert replace(kept, id="") == EXAMPLE_LAUNCH


def test_the_newest_launch_counts(store: Store) -> None:
    """After a second launch (a new grade book, say), is the newer one the learner's?"""
    store.record_launch(EXAMPLE_LAUNCH)
    later = replace(
        EXAMPLE_LAUNCH, context_id="refresher-2028", at=EXAMPLE_LAUNCH.at + timedelta(1)
    )
    store.record_launch(later)
    assert store.latest_launch("lms-7f3a").context_id == "refresher-2028"
    assert store.latest_launches()["lms-7f3a"].context_id == "refresher-2028"
    assert store.latest_launch("someone-else") is None


def test_a_launch_without_grade_service_or_name_is_kept(store: Store) -> None:
    """Is a launch from an LMS that sends no name, e-mail or line items still kept?"""
    bare = replace(EXAMPLE_LAUNCH, name=None, email=" ", lineitems_url=None, scopes=())
    kept = store.record_launch(bare)
    assert (kept.name, kept.email, kept.lineitems_url, kept.scopes) == (None, None, None, ())


@pytest.mark.parametrize("field", ["external_id", "issuer", "client_id", "lms_user_id"])
def test_a_launch_missing_who_or_where_is_refused(store: Store, field: str) -> None:
    """Is a launch without a user name, issuer, client id or LMS user id refused by name?"""
    with pytest.raises(ck.InvalidInputError, match=field):
        store.record_launch(replace(EXAMPLE_LAUNCH, **{field: ""}))
