"""The course server's log leaves out Jupyter's notebook-trust warnings and session tokens."""

from __future__ import annotations

import logging

import pytest

from caserate_kit.course import hide_session_tokens, quiet_trust_warnings


def test_trust_warnings_are_left_out_and_other_warnings_kept(caplog: pytest.LogCaptureFixture):
    """Is "Notebook ... is not trusted" dropped while other warnings still reach the log?"""
    log = logging.getLogger("voila-like-server")
    quiet_trust_warnings("voila-like-server")
    quiet_trust_warnings("voila-like-server")  # a second call adds nothing
    assert len(log.filters) == 1
    with caplog.at_level(logging.WARNING, logger="voila-like-server"):
        log.warning("Notebook %s is not trusted", "notebooks/home.ipynb")
        log.warning("Notebook %s could not be read", "notebooks/home.ipynb")
    assert caplog.messages == ["Notebook notebooks/home.ipynb could not be read"]


def test_session_tokens_are_hidden_and_the_rest_of_the_line_kept(caplog):
    """Is every token=... in a logged address written token=(hidden), the rest unchanged?"""
    log = logging.getLogger("request-log-like")
    hide_session_tokens("request-log-like")
    hide_session_tokens("request-log-like")  # a second call adds nothing
    assert len(log.filters) == 1
    with caplog.at_level(logging.INFO, logger="request-log-like"):
        log.warning("404 GET %s (%s)", "/voila/render/x.ipynb?quiz=1&token=s.abc.DEF-_9", "::1")
        log.warning("token=%s", "s.a.b")
        log.info("Kernel started: %s", "k1")
    assert caplog.messages == [
        "404 GET /voila/render/x.ipynb?quiz=1&token=(hidden) (::1)",
        "token=(hidden)",
        "Kernel started: k1",
    ]
