"""Errors as people see them: a plain message for the learner, the details in the server's log.

No traceback ever reaches a page. A page or a widget callback that fails
writes the error to the server's log with a short reference
(:func:`log_error`) and tells the learner, in plain words, what happened and
that nothing is lost (:func:`friendly_message`), with that reference.
"""

from __future__ import annotations

import secrets
import sys
import traceback

__all__ = ["NOT_WRITABLE", "friendly_message", "log_error"]


def log_error(error: BaseException, where: str) -> str:
    """Write the error and its traceback to the server's log; return a short reference."""
    reference = secrets.token_hex(3).upper()
    stream = sys.__stderr__
    if stream is not None:
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        print(
            f"[caserate-course] error {reference} in {where}:\n{''.join(lines)}",
            file=stream,
            flush=True,
        )
    return reference


NOT_WRITABLE = (
    "The course cannot save anything just now: the computer that runs it has no room left "
    "on its disk, or its records folder cannot be written. What you did on this page since "
    "it was last saved is not saved yet, but it is still on this page: keep the page open "
    "and tell your trainer. Once they have fixed it, do that step again (or choose Submit "
    "again) and it will be saved."
)
"""What a learner is told when the records cannot be written (the truth: not saved yet)."""


def friendly_message(error: BaseException) -> str:
    """What to tell a learner about an error, in plain words (no technical detail)."""
    from ..records import RecordsNotWritableError, StoreUnavailableError

    if isinstance(error, RecordsNotWritableError):
        return NOT_WRITABLE
    if isinstance(error, StoreUnavailableError):
        return (
            "The course records are busy or cannot be reached right now. Nothing you have "
            "done is lost. Please wait a minute, then reload the page."
        )
    return (
        "Something went wrong on our side. Nothing you have done is lost. Please reload "
        "the page; if it happens again, tell your trainer."
    )
