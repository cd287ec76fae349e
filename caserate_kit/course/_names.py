"""The one rule for a learner's name: what the sign-in and "Your details" accept.

A name is at most :data:`NAME_LIMIT` characters and every letter of it must be
printable on the certificate. The records can hold longer names
(:data:`STORED_NAME_LIMIT`, for names a JupyterHub hands over), and the
certificate prints any name the records hold, shrinking it to fit.

A name or license number with a control character in it (a terminal escape
such as ESC, or an invisible mark that reverses how text reads) is refused
(:func:`control_problem`); :func:`printable` takes such characters out of
text a command prints, for records kept before the rule.
"""

from __future__ import annotations

import re
import unicodedata

from ._fonts import unprintable

__all__ = [
    "EMAIL_PATTERN",
    "NAME_LIMIT",
    "STORED_NAME_LIMIT",
    "clean_name",
    "control_problem",
    "name_problem",
    "printable",
]

NAME_LIMIT = 120
"""Characters a typed name may have."""

STORED_NAME_LIMIT = 200
"""Characters the records (and so the certificate) can hold."""


EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""What an e-mail address must look like to be kept (``name@example.org``)."""


def clean_name(name: str) -> str:
    """A typed name with its spaces tidied and its letters in composed form (NFC).

    >>> clean_name("  Zoe\\u0308   Nguyen ")
    'Zoë Nguyen'
    """
    return unicodedata.normalize("NFC", " ".join(name.split()))


_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Invisible marks that make text read in another order than it was typed."""


def _is_control(letter: str) -> bool:
    return unicodedata.category(letter) == "Cc" or letter in _REORDERING


def control_problem(text: str, what: str = "Your full name") -> str | None:
    """What is wrong with text that has a control character in it, or None if it has none.

    >>> control_problem("Ada\\x1b[31m Lovelace")
    'Your full name has a control character in it (U+001B, which is invisible); type it
    again by hand, without copying it from elsewhere'
    >>> control_problem("Ada Lovelace") is None
    True
    """
    found = next((letter for letter in text if _is_control(letter)), None)
    if found is None:
        return None
    return (
        f"{what} has a control character in it (U+{ord(found):04X}, which is invisible); "
        "type it again by hand, without copying it from elsewhere"
    )


def printable(text: str) -> str:
    """``text`` without control, format or unassigned characters (Unicode category C),
    for a terminal to print as it is.

    >>> printable("Ada\\x1b[31m Lovelace\\u202e")
    'Ada[31m Lovelace'
    """
    return "".join(letter for letter in text if not unicodedata.category(letter).startswith("C"))


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
    control = control_problem(name)
    if control is not None:
        return control
    if any(unicodedata.category(letter) in ("Co", "Cs", "Cn") for letter in name):
        return "Your full name has an unknown symbol in it: type it again with letters only"
    missing = unprintable(name)
    if missing:
        shown = " ".join(missing[:5])
        return (
            f"The certificate cannot print {shown} in your name. Write your name with "
            "letters it can print, for example in Latin letters"
        )
    return None
