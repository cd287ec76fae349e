"""Personal codes: what brings a learner's record back on another computer.

A training room has no mail server, so a returning learner proves who they are
with their email and a short code shown once at their first sign-in (or given
by the trainer after a reset). A code is 8 characters from an alphabet without
look-alikes (no 0/O, 1/I/L, U/V), shown as two groups of four: about 39 bits,
far beyond guessing at the few tries a minute the sign-in allows.

Only a salted scrypt hash of a code is kept in the records, written as the
trainer passcode is (:mod:`._scrypt`); N = 2**14, r = 8 (16 MiB, about 50 ms)
makes an offline search of a stolen database slow.

>>> code = new_code()
>>> len(code), code[4]
(9, '-')
>>> stored = hash_code(code)
>>> code_matches(code.lower().replace("-", " "), stored)
True
>>> code_matches("2222-2222", stored)
False
"""

from __future__ import annotations

import secrets
from typing import Final

from ._scrypt import ScryptCost, read_scrypt_line, scrypt_line, scrypt_matches

__all__ = ["CODE_ALPHABET", "code_matches", "hash_code", "new_code", "normalize_code"]

CODE_ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTWXYZ"
"""The characters of a personal code: no 0/O, 1/I/L or U/V to confuse."""

_LENGTH: Final = 8
_COST: Final = ScryptCost(2**14, 8, 1)
_MOST: Final = ScryptCost(2**17, 16, 4)


def new_code() -> str:
    """A fresh random code, written ``XXXX-XXXX``."""
    text = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_LENGTH))
    return f"{text[:4]}-{text[4:]}"


def normalize_code(text: str) -> str | None:
    """The code as typed, in capitals without spaces or dashes; ``None`` if it cannot be one."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    if len(cleaned) != _LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def hash_code(code: str) -> str:
    """The salted scrypt hash of a code, to keep in the records."""
    cleaned = normalize_code(code)
    if cleaned is None:
        raise ValueError("not a personal code")
    return scrypt_line(cleaned.encode(), _COST)


def code_matches(code: str, stored: str) -> bool:
    """Whether ``code`` (as typed) is the one whose hash is ``stored``."""
    cleaned = normalize_code(code)
    if cleaned is None:
        return False
    return scrypt_matches(cleaned.encode(), read_scrypt_line(stored, _MOST))
