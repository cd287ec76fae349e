"""Grades back to the LMS (LTI AGS), against a real LTI 1.3 platform (``tests/lti_platform.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from lti_platform import LINEITEM_SCOPE, SCORE_SCOPE, SUB, LtiPlatform

from caserate_kit.course.connections._ags import SCORE_MAXIMUM, LmsClient, scores_url, with_query
from caserate_kit.course.connections._grades import Grade
from caserate_kit.course.connections._http import DeliveryError
from caserate_kit.course.connections._settings import LmsSettings
from caserate_kit.course.records import LtiLaunch

QUIZ = "lesson-01"


def lms_launch(platform: LtiPlatform) -> LtiLaunch:
    """The launch the hub keeps for the learner (as ``launch_of`` makes it)."""
    return LtiLaunch(
        id="launch-1",
        external_id="alice",
        issuer=platform.issuer,
        client_id=platform.client_id,
        deployment_id=platform.deployment_id,
        lms_user_id=SUB,
        name="Alice Moreno",
        email="alice@agency.example",
        context_id="7",
        resource_link_id="course-link-1",
        lineitems_url=platform.lineitems_url,
        scopes=(LINEITEM_SCOPE, SCORE_SCOPE),
        at=datetime(2027, 1, 4, 9, 0, tzinfo=UTC),
    )


def grade(platform: LtiPlatform) -> Grade:
    return Grade(
        item="completion/1",
        learner_name="Alice Moreno",
        launch=lms_launch(platform),
        quiz_id=QUIZ,
        score=0.875,
        progress="Completed",
        at=datetime(2027, 1, 5, 14, 30, 12, 345000, tzinfo=UTC),
    )


def test_the_course_sends_a_grade_as_a_score_on_the_lesson_line_item(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, tmp_path: Path
) -> None:
    """Does LmsClient's grade arrive as the learner's score on a line item for the quiz,
    with one token, and a second send (or a new client) making no second line item?"""
    sent = grade(platform)
    settings = LmsSettings(platform.token_url, tmp_path / "tool-key.pem")
    LmsClient(settings).send(sent)
    [item] = platform.line_items
    assert item["resourceId"] == QUIZ
    assert item["scoreMaximum"] == SCORE_MAXIMUM
    [(lineitem, score)] = platform.scores
    assert lineitem == item["id"]
    assert score["userId"] == SUB
    assert score["scoreGiven"] == pytest.approx(sent.score * score["scoreMaximum"])
    assert 0 <= score["scoreGiven"] <= score["scoreMaximum"] == 100
    assert score["activityProgress"] == sent.progress
    assert score["gradingProgress"] == "FullyGraded"
    assert datetime.fromisoformat(score["timestamp"]) == sent.at
    client = LmsClient(settings)
    client.send(sent)
    client.send(sent)
    assert len(platform.line_items) == 1
    assert [lineitem for lineitem, _ in platform.scores] == [item["id"]] * 3
    assert platform.token_requests == 2


def test_the_course_sender_meets_the_platform_faults(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, tmp_path: Path
) -> None:
    """Down, refusing tokens: does LmsClient fail with the platform's status, and send
    once the platform is back?"""
    settings = LmsSettings(platform.token_url, tmp_path / "tool-key.pem")
    platform.down = True
    with pytest.raises(DeliveryError, match="503") as down:
        LmsClient(settings).send(grade(platform))
    platform.down, platform.refuse_tokens = False, True
    with pytest.raises(DeliveryError, match="401") as refused:
        LmsClient(settings).send(grade(platform))
    assert (down.value.status, refused.value.status) == (503, 401)
    platform.refuse_tokens = False
    LmsClient(settings).send(grade(platform))
    assert len(platform.scores) == 1


def test_a_refused_token_is_forgotten_and_a_new_one_asked_for(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, tmp_path: Path
) -> None:
    """When the grade book refuses a kept token (revoked by the LMS), does the next send ask
    for a new token instead of failing for the rest of the hour?"""
    client = LmsClient(LmsSettings(platform.token_url, tmp_path / "tool-key.pem"))
    sent = grade(platform)
    launch = sent.launch
    client._tokens[launch.issuer, launch.client_id] = ("revoked", 1e12)
    with pytest.raises(DeliveryError) as refused:
        client.send(sent)
    assert refused.value.status == 401
    client.send(sent)
    assert len(platform.scores) == 1


def test_a_line_item_the_lms_lost_is_found_or_made_again(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, tmp_path: Path
) -> None:
    """When the LMS no longer knows a kept line item (a deleted column), is it looked up again?"""
    client = LmsClient(LmsSettings(platform.token_url, tmp_path / "tool-key.pem"))
    sent = grade(platform)
    client._lineitems[platform.lineitems_url, QUIZ] = f"{platform.lineitems_url}/999"
    with pytest.raises(DeliveryError) as lost:
        client.send(sent)
    assert lost.value.status == 404
    client.send(sent)
    [item] = platform.line_items
    assert [line for line, _ in platform.scores] == [item["id"]]


def test_the_audience_of_token_requests_can_be_set(tmp_path: Path) -> None:
    """Does a client assertion name the configured audience (for LMSs that ask for another)?"""
    import jwt

    settings = LmsSettings("https://lms.example/token", tmp_path / "k.pem", "https://lms.example")
    claims = jwt.decode(LmsClient(settings)._assertion("tool"), options={"verify_signature": False})
    assert (claims["aud"], claims["iss"], claims["sub"]) == ("https://lms.example", "tool", "tool")
    assert claims["exp"] - claims["iat"] == 300


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "https://lms.example/courses/7/lineitems/3",
            "https://lms.example/courses/7/lineitems/3/scores",
        ),
        (
            "https://moodle.example/mod/lti/services.php/3/lineitems/7/lineitem?type_id=1",
            "https://moodle.example/mod/lti/services.php/3/lineitems/7/lineitem/scores?type_id=1",
        ),
    ],
)
def test_scores_go_after_the_line_item_path_keeping_its_query(address: str, expected: str) -> None:
    """Is ``/scores`` put after the path, not after a query an LMS adds (as Moodle does)?"""
    assert scores_url(address) == expected
    assert with_query("https://m.example/l?type_id=1", resource_id="lesson-01") == (
        "https://m.example/l?type_id=1&resource_id=lesson-01"
    )


def test_the_sender_keeps_grades_waiting_while_the_lms_is_down_and_sends_each_once(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, tmp_path: Path, store
) -> None:
    """With the LMS down, is a pass kept waiting with the reason, then sent once it is back?"""
    from dataclasses import replace

    from caserate_kit.course.connections._sender import Sender

    store.record_launch(replace(lms_launch(platform), id="", external_id="alice"))
    alice = store.add_learner("Alice Moreno", external_id="alice")
    attempt = store.start_attempt(alice.id, QUIZ, "v1", seed=1)
    store.submit_attempt(attempt.id, 0.9, True, {})
    clock = [datetime(2027, 1, 4, 9, 0, tzinfo=UTC)]
    settings = LmsSettings(platform.token_url, tmp_path / "tool-key.pem")
    sender = Sender(store, None, settings, clock=lambda: clock[0], first_pause=timedelta(seconds=5))
    platform.down = True
    down = sender.run_once()
    assert (down.sent["lms"], down.failed["lms"]) == (0, 1)
    [waiting] = down.waiting
    assert "503" in (waiting.detail or "")
    assert waiting.label == "Alice Moreno: lesson-01 90% (Submitted)"
    platform.down = False
    assert sender.run_once().sent["lms"] == 0  # still pausing
    clock[0] += timedelta(seconds=6)
    back = sender.run_once()
    assert (back.sent["lms"], back.waiting) == (1, [])
    assert sender.run_once().sent["lms"] == 0
    [(_line, score)] = platform.scores
    assert (score["userId"], score["scoreGiven"]) == (SUB, 90)
