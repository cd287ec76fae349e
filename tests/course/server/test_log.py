"""The course server's log leaves out Jupyter's notebook-trust warnings, and nothing else."""

from __future__ import annotations

import logging

import pytest

from caserate_kit.course import quiet_trust_warnings


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
