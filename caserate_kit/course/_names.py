"""The one rule for a learner's name: what the sign-in and "Your details" accept.

A name is at most :data:`NAME_LIMIT` characters and every letter of it must be
printable on the certificate. The records can hold longer names
(:data:`STORED_NAME_LIMIT`, for names a JupyterHub hands over), and the
certificate prints any name the records hold, shrinking it to fit.
"""

from __future__ import annotations

import unicodedata

from ._fonts import unprintable

__all__ = ["NAME_LIMIT", "STORED_NAME_LIMIT", "clean_name", "name_problem"]

NAME_LIMIT = 120
"""Characters a typed name may have."""

STORED_NAME_LIMIT = 200
"""Characters the records (and so the certificate) can hold."""


def clean_name(name: str) -> str:
    """A typed name with its spaces tidied and its letters in composed form (NFC).

    >>> clean_name("  Zoe\\u0308   Nguyen ")
    'Zoë Nguyen'
    """
    return unicodedata.normalize("NFC", " ".join(name.split()))


def name_problem(name: str) -> str | None:
    """What is wrong with a cleaned name, in words for the learner, or None if nothing.

    >>> name_problem("Zoë Nguyễn 李小龙") is None
    True
    >>> name_problem("A" * 121)
    'Your full name must be 120 characters or fewer (this one has 121)'
    """
    if not name:
        return "Enter your full name"
    if len(name) > NAME_LIMIT:
        return f"Your full name must be {NAME_LIMIT} characters or fewer (this one has {len(name)})"
    if any(unicodedata.category(letter) in ("Cc", "Co", "Cs", "Cn") for letter in name):
        return "Your full name has a control character or an unknown symbol: type it again"
    missing = unprintable(name)
    if missing:
        shown = " ".join(missing[:5])
        return (
            f"The certificate cannot print {shown} in your name. Write your name with "
            "letters it can print, for example in Latin letters"
        )
    return None
