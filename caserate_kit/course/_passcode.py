"""The trainer passcode that unlocks the trainer dashboard.

Only a salted scrypt hash of the passcode is kept, in the file
``trainer-passcode`` in the data folder (outside the folder Voila serves,
readable by its owner only). It is never taken from an environment variable:
Voila copies the server's environment into every kernel.

The file holds one line, ``scrypt$N$r$p$salt$hash`` (salt and hash in
base64; see :mod:`._scrypt`), so that the cost can be raised later without
breaking a stored passcode. The cost, N = 2**15, r = 8, p = 3 (32 MiB, about 0.3 s), is one of
the scrypt settings OWASP's Password Storage Cheat Sheet recommends.

Set it with ``caserate-course trainer-passcode``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import unicodedata
from pathlib import Path
from typing import Final

from .._exceptions import CaseRateKitError, InvalidInputError
from ._paths import data_dir
from ._scrypt import ScryptCost, StoredHash, read_scrypt_line, scrypt_line, scrypt_matches

__all__ = [
    "MIN_PASSCODE_LENGTH",
    "PASSCODE_FILE",
    "PasscodeFileError",
    "PasscodeRuleError",
    "check_trainer_passcode",
    "set_trainer_passcode",
    "trainer_passcode_is_set",
    "trainer_passcode_path",
    "validate_passcode",
]

PASSCODE_FILE: Final = "trainer-passcode"
"""The name of the passcode file in the data folder."""

MIN_PASSCODE_LENGTH: Final = 8
"""The shortest passcode accepted, in characters."""

_MAX_LENGTH: Final = 1024

_Cost = ScryptCost

_COST = _Cost(2**15, 8, 3)
"""The scrypt cost of a new passcode."""

_MOST = _Cost(2**20, 32, 16)
"""The highest cost a stored file may ask for (a bound on memory and time)."""


class PasscodeRuleError(InvalidInputError):
    """A new passcode breaks a rule; the message names the rule, never the passcode."""

    def __init__(self, reason: str) -> None:
        super().__init__("trainer passcode", "(hidden)", reason)
        self.args = (f"The trainer passcode {reason}.",)


class PasscodeFileError(CaseRateKitError):
    """The passcode file is unsafe or unreadable; the message says which file and why."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(f"The trainer passcode file {path} {problem}")


def trainer_passcode_path() -> Path:
    """Where is the trainer passcode kept? (``trainer-passcode`` in the data folder).

    Asking does not create the data folder; setting a passcode does.
    """
    return data_dir(create=False) / PASSCODE_FILE


def _normalized(passcode: str) -> bytes:
    """The same passcode typed on any keyboard gives the same bytes (Unicode NFKC)."""
    return unicodedata.normalize("NFKC", passcode).encode("utf-8")


def validate_passcode(passcode: str) -> str:
    """Return ``passcode`` if it may be a trainer passcode.

    Raises
    ------
    PasscodeRuleError
        If it is not text, has fewer than :data:`MIN_PASSCODE_LENGTH`
        characters, or more than 1024.
    """
    if not isinstance(passcode, str):
        raise PasscodeRuleError("must be text")
    length = len(unicodedata.normalize("NFKC", passcode))
    if length < MIN_PASSCODE_LENGTH:
        raise PasscodeRuleError(
            f"must be at least {MIN_PASSCODE_LENGTH} characters long (this one has {length})"
        )
    if length > _MAX_LENGTH:
        raise PasscodeRuleError(f"must be at most {_MAX_LENGTH} characters long")
    return passcode


def set_trainer_passcode(passcode: str, path: Path | str | None = None) -> Path:
    """Store a salted hash of a new trainer passcode, replacing any earlier one.

    The file is written to a private temporary file and then renamed into
    place, so a reader sees the old passcode or the new one, never half of one.

    Parameters
    ----------
    passcode
        The new passcode, at least :data:`MIN_PASSCODE_LENGTH` characters.
    path
        The passcode file; by default :func:`trainer_passcode_path`.

    Returns
    -------
    Path
        Where the hash was stored.

    Raises
    ------
    PasscodeRuleError
        If the passcode breaks a rule (see :func:`validate_passcode`).
    """
    validate_passcode(passcode)
    where = Path(path) if path is not None else trainer_passcode_path()
    line = scrypt_line(_normalized(passcode), _COST) + "\n"
    _write_private(where, line.encode("ascii"))
    return where


def _write_private(path: Path, content: bytes) -> None:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(prefix=".trainer-passcode-", dir=folder)  # 0600
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    if os.name == "posix":
        folder_descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_descriptor)
        finally:
            os.close(folder_descriptor)


def trainer_passcode_is_set(path: Path | str | None = None) -> bool:
    """Has a trainer passcode been set?"""
    where = Path(path) if path is not None else trainer_passcode_path()
    return where.exists()


def _read_stored(path: Path) -> StoredHash:
    with path.open("rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise PasscodeFileError(path, "is not a regular file.")
        if os.name == "posix" and status.st_mode & 0o077:
            mode = stat.S_IMODE(status.st_mode)
            raise PasscodeFileError(
                path,
                f"can be read by other users (permissions {mode:04o}). "
                f"Make it private with: chmod 600 {path}",
            )
        text = handle.read(4096).decode("ascii", errors="replace")
    stored = read_scrypt_line(text, _MOST)
    if stored is None:
        raise PasscodeFileError(
            path, "is damaged. Set a new passcode with: caserate-course trainer-passcode"
        )
    return stored


def check_trainer_passcode(passcode: str, path: Path | str | None = None) -> bool:
    """Is ``passcode`` the trainer passcode? (False when none has been set.)

    The hashes are compared in constant time.

    Raises
    ------
    PasscodeFileError
        If the passcode file is damaged or can be read by other users.
    """
    where = Path(path) if path is not None else trainer_passcode_path()
    try:
        stored = _read_stored(where)
    except FileNotFoundError:
        return False
    if not isinstance(passcode, str) or not passcode or len(passcode) > _MAX_LENGTH:
        return False
    return scrypt_matches(_normalized(passcode), stored)
