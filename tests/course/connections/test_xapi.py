"""The records as xAPI statements: the required parts, stable ids, and the cmi5 rules."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta

import pytest
from cmi5 import cmi5_problems

import caserate_kit as ck
from caserate_kit.course.connections._xapi import (
    DEFAULT_BASE_IRI,
    VERBS,
    iso_duration,
    registration_id,
    xapi_statements,
)
from caserate_kit.course.records._store import Store


def test_every_statement_has_the_required_parts(seeded):
    """Does each statement have an id, actor, verb, object and timestamp?"""
    for statement in xapi_statements(seeded):
        assert {"id", "actor", "verb", "object", "timestamp"} <= statement.keys()
        assert statement["object"]["objectType"] == "Activity"
        uuid.UUID(statement["id"])


def test_the_statements_use_the_adl_verbs_and_earned_for_certificates(seeded):
    """Are attempts, passes, fails and completions told with the ADL verb ids, certificates
    with *earned*?"""
    counts: dict[str, int] = {}
    for statement in xapi_statements(seeded):
        counts[statement["verb"]["id"]] = counts.get(statement["verb"]["id"], 0) + 1
    assert counts == {
        VERBS["attempted"]: 4,
        VERBS["failed"]: 2,
        VERBS["passed"]: 1,
        VERBS["completed"]: 1,
        VERBS["earned"]: 2,
    }


def test_scored_statements_carry_a_scaled_score_between_zero_and_one(seeded):
    """Does every pass or fail report score.scaled in [0, 1] and success?"""
    scored = [s for s in xapi_statements(seeded) if "score" in s.get("result", {})]
    assert sorted(s["result"]["score"]["scaled"] for s in scored) == [0.25, 0.5, 0.875]
    assert all(0 <= s["result"]["score"]["scaled"] <= 1 for s in scored)
    assert all(s["result"]["success"] is (s["verb"]["id"] == VERBS["passed"]) for s in scored)


def test_an_actor_is_named_by_email_when_known_and_by_account_otherwise(seeded):
    """Is Grace named by mailto: and Ada, who gave no e-mail, by an account?"""
    actors = {s["actor"]["name"]: s["actor"] for s in xapi_statements(seeded)}
    assert actors["Grace Hopper"]["mbox"] == "mailto:grace@example.org"
    assert actors["Ada Byron"]["account"]["homePage"] == DEFAULT_BASE_IRI
    assert "mbox" not in actors["Ada Byron"]


def test_exporting_again_gives_the_same_statement_ids(seeded):
    """Are statement ids stable, so that an LRS ignores a repeated export?"""
    ids = [s["id"] for s in xapi_statements(seeded)]
    assert ids == [s["id"] for s in xapi_statements(seeded)]
    assert len(set(ids)) == len(ids)


def test_timestamps_are_iso_8601_with_a_time_zone(seeded):
    """Does every timestamp parse as ISO 8601 and carry a time zone?"""
    for statement in xapi_statements(seeded):
        assert datetime.fromisoformat(statement["timestamp"]).utcoffset() is not None


def test_activity_ids_live_under_the_chosen_base_iri(seeded):
    """Are quizzes and courses named under the agency's own address when one is given?"""
    statements = xapi_statements(seeded, "https://training.example.org/course")
    assert {s["object"]["id"] for s in statements} == {
        "https://training.example.org/course/quizzes/posttest-03",
        "https://training.example.org/course/courses/lesson-03",
        "https://training.example.org/course/certificates/CRK-TEST-0001",
        "https://training.example.org/course/certificates/CRK-TEST-0002",
    }


def test_a_base_iri_that_is_not_a_web_address_is_refused(seeded):
    """Is a base IRI without http(s) refused with a message naming it?"""
    with pytest.raises(ck.InvalidInputError, match="base_iri must be an http"):
        xapi_statements(seeded, "caserate-course")


# cmi5 ------------------------------------------------------------------------------


def test_the_statements_keep_the_cmi5_rules(seeded):
    """Do pass, fail and completion carry what cmi5 asks (success, score, duration, category)?"""
    statements = xapi_statements(seeded)
    assert cmi5_problems(statements) == []
    assert {VERBS["passed"], VERBS["failed"], VERBS["completed"]} <= {
        s["verb"]["id"] for s in statements
    }


def test_a_registration_is_one_learner_in_one_lesson(seeded):
    """Do all of Grace's statements about lesson 3 carry one registration, Ada's another?"""
    registrations: dict[str, set[str]] = {}
    for statement in xapi_statements(seeded):
        if statement["verb"]["id"] == VERBS["earned"]:
            continue
        who = statement["actor"]["name"]
        registrations.setdefault(who, set()).add(statement["context"]["registration"])
    assert len(registrations["Grace Hopper"]) == 2  # the post-test, and the lesson (course)
    assert registrations["Grace Hopper"].isdisjoint(registrations["Ada Byron"])
    ada = next(learner for learner in seeded.all_learners() if learner.name == "Ada Byron")
    assert registrations["Ada Byron"] == {registration_id(ada.id, "posttest-03")}


def test_nothing_is_passed_or_failed_after_a_pass(module_store_url):
    """After a pass, is a later try of the same post-test told only as attempted?"""
    with Store(module_store_url) as store:
        learner = store.add_learner("Rosa Parks")
        for score, passed in ((0.9, True), (0.5, False), (1.0, True)):
            attempt = store.start_attempt(learner.id, "posttest-09", "v1", seed=1)
            store.submit_attempt(attempt.id, score, passed, {})
        mine = [s for s in xapi_statements(store) if s["actor"]["name"] == "Rosa Parks"]
    verbs = [s["verb"]["display"]["en-US"] for s in mine]
    assert sorted(verbs) == ["attempted", "attempted", "attempted", "passed"]
    [passed] = [s for s in mine if s["verb"]["id"] == VERBS["passed"]]
    assert passed["result"]["score"]["scaled"] == 0.9
    assert cmi5_problems(mine) == []


def test_the_cmi5_check_finds_each_broken_rule(seeded):
    """Does the tests' cmi5 check catch a second pass, a missing duration or success?"""
    statements = xapi_statements(seeded)
    passed = next(s for s in statements if s["verb"]["id"] == VERBS["passed"])
    again = copy.deepcopy(passed) | {"id": str(uuid.uuid4()), "timestamp": "2099-01-01T00:00:00Z"}
    assert any("passed 2 times" in p for p in cmi5_problems([*statements, again]))
    broken = copy.deepcopy(passed)
    del broken["result"]["duration"]
    broken["result"]["success"] = False
    found = cmi5_problems([broken])
    assert any("result.duration" in p for p in found)
    assert any("success" in p for p in found)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(seconds=59.994), "PT59.99S"),
        (timedelta(minutes=12), "PT12M"),
        (timedelta(hours=2, seconds=0.5), "PT2H0.5S"),
        (timedelta(seconds=-3), "PT0S"),
    ],
)
def test_durations_are_iso_8601(span, text):
    """Are durations written as ISO 8601 (hours, minutes, seconds to the hundredth)?"""
    assert iso_duration(span) == text
