"""Where records go, from the environment: every mistake named."""

from __future__ import annotations

import pytest

import caserate_kit as ck
from caserate_kit.course.connections._commands import seconds_setting
from caserate_kit.course.connections._settings import lms_settings, lrs_settings
from caserate_kit.course.connections._xapi import DEFAULT_BASE_IRI

URL_ONLY = {"CASERATE_LRS_URL": "https://lrs.agency.example/xAPI"}
LRS = {**URL_ONLY, "CASERATE_LRS_USER": "course"}
TOKEN = "CASERATE_LTI_TOKEN_URL"


def test_nothing_is_sent_anywhere_unless_asked():
    """Without the variables, is there no LRS and no LMS?"""
    assert lrs_settings({}) is None
    assert lms_settings({}) is None


def test_the_lrs_is_read_with_its_account_and_base():
    """Are the address (with a closing slash), account and activity base read?"""
    found = lrs_settings({**LRS, "CASERATE_LRS_PASSWORD": "s3cret"})
    assert found is not None
    assert (found.url, found.user, found.password) == (
        "https://lrs.agency.example/xAPI/",
        "course",
        "s3cret",
    )
    assert found.base_iri == DEFAULT_BASE_IRI
    assert "s3cret" not in repr(found)


def test_the_lrs_account_can_come_from_a_file(tmp_path):
    """Is user:password read from CASERATE_LRS_CREDENTIALS_FILE?"""
    secret = tmp_path / "lrs-account"
    secret.write_text("course-sender:pa:ss\n")
    env = {
        "CASERATE_LRS_URL": LRS["CASERATE_LRS_URL"],
        "CASERATE_LRS_CREDENTIALS_FILE": str(secret),
    }
    found = lrs_settings(env)
    assert found is not None
    assert (found.user, found.password) == ("course-sender", "pa:ss")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CASERATE_LRS_URL": "lrs.agency.example"}, "CASERATE_LRS_URL"),
        ({"CASERATE_LRS_URL": "https://lrs.agency.example/"}, "CASERATE_LRS_USER"),
        ({**LRS, "CASERATE_XAPI_BASE_IRI": "agency"}, "CASERATE_XAPI_BASE_IRI"),
        ({**LRS, "CASERATE_LRS_CREDENTIALS_FILE": "/nowhere/lrs"}, "CASERATE_LRS_CREDENTIALS_FILE"),
        ({"CASERATE_LTI_TOKEN_URL": "https://lms.example/token"}, "CASERATE_LTI_TOOL_KEY"),
        (
            {"CASERATE_LTI_TOKEN_URL": "token", "CASERATE_LTI_TOOL_KEY": "k"},
            "CASERATE_LTI_TOKEN_URL",
        ),
    ],
)
def test_a_setting_that_cannot_work_is_named(env, named):
    """Is each unusable setting refused with the variable's name?"""
    read = lms_settings if TOKEN in env else lrs_settings
    with pytest.raises(ck.InvalidInputError, match=named):
        read(env)


def test_a_credentials_file_without_a_colon_is_refused(tmp_path):
    """Is a credentials file that is not user:password refused, saying what it must hold?"""
    secret = tmp_path / "lrs-account"
    secret.write_text("just-a-password\n")
    env = {
        "CASERATE_LRS_URL": LRS["CASERATE_LRS_URL"],
        "CASERATE_LRS_CREDENTIALS_FILE": str(secret),
    }
    with pytest.raises(ck.InvalidInputError, match="user:password"):
        lrs_settings(env)


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "90000"])
def test_seconds_settings_must_be_sensible(raw):
    """Is a pause of 0, negative, text or over a day refused by name?"""
    with pytest.raises(ck.InvalidInputError, match="CASERATE_SEND_EVERY_SECONDS"):
        seconds_setting("CASERATE_SEND_EVERY_SECONDS", 10, {"CASERATE_SEND_EVERY_SECONDS": raw})
    assert seconds_setting("CASERATE_SEND_EVERY_SECONDS", 10, {}) == 10
