"""The course's key pair for the LMS: made once, private, and published as a key set."""

from __future__ import annotations

import stat

import jwt
import pytest

import caserate_kit as ck
from caserate_kit.course.connections._tool_key import key_id, load_or_create_tool_key, public_jwks


def test_the_key_is_made_once_and_readable_by_its_owner_only(tmp_path):
    """Is the key file made on first use with mode 600, and the same key read after?"""
    path = tmp_path / "keys" / "lti-tool.pem"
    made = load_or_create_tool_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_id(load_or_create_tool_key(path)) == key_id(made)
    assert list(path.parent.iterdir()) == [path]  # no scratch file left behind


def test_the_key_set_checks_what_the_key_signs(tmp_path):
    """Does a token signed with the key verify with the published key set, by its key id?"""
    key = load_or_create_tool_key(tmp_path / "lti-tool.pem")
    [published] = public_jwks(key)["keys"]
    assert (published["kid"], published["alg"], published["use"]) == (key_id(key), "RS256", "sig")
    assert "d" not in published  # nothing private
    token = jwt.encode({"iss": "course"}, key, algorithm="RS256", headers={"kid": key_id(key)})
    public = jwt.PyJWK(published).key
    assert jwt.decode(token, public, algorithms=["RS256"]) == {"iss": "course"}


def test_a_file_that_is_no_key_is_refused(tmp_path):
    """Is a key file holding something else refused by the variable's name, left as it was?"""
    path = tmp_path / "lti-tool.pem"
    path.write_text("not a key\n")
    with pytest.raises(ck.InvalidInputError, match="CASERATE_LTI_TOOL_KEY"):
        load_or_create_tool_key(path)
    assert path.read_text() == "not a key\n"
