"""The trainer passcode that unlocks the trainer dashboard.

Only a salted scrypt hash of the passcode is kept, in the file
``trainer-passcode`` in the data folder (outside the folder Voila serves,
readable by its owner only). It is never taken from an environment variable:
Voila copies the server's environment into every kernel.

The file holds one line, ``scrypt$N$r$p$salt$hash`` (salt and hash in
base64; see :mod:`._scrypt`), so that the cost can be raised later without
breaking a stored passcode. The cost, N = 2**15, r = 8, p = 3 (32 MiB, about 0.3 s), is one of
the scrypt settings OWASP's Password Storage Cheat Sheet recommends.

A passcode has at least :data:`MIN_PASSCODE_LENGTH` characters and is none of
the passcodes guessed first: the common passwords and password words listed in
``data/common-passcodes.txt``, one character or a few repeated, a run of keys
or digits, or the course's name with digits added (checked without regard to
case, spaces or punctuation).

Set it with ``caserate-course trainer-passcode``.

Under JupyterHub the dashboard needs no passcode: it asks the hub whether the
owner of the server it runs in is a hub administrator (:func:`hub_admin`).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import itertools
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from .._exceptions import CaseRateKitError, InvalidInputError
from ._catalog import PROGRAM_TITLE
from ._paths import data_dir
from ._scrypt import ScryptCost, StoredHash, read_scrypt_line, scrypt_line, scrypt_matches

__all__ = [
    "COMMON_PASSCODES_FILE",
    "HUB_VARIABLES",
    "MIN_PASSCODE_LENGTH",
    "PASSCODE_FILE",
    "HubAnswer",
    "PasscodeFileError",
    "PasscodeRuleError",
    "check_trainer_passcode",
    "hub_admin",
    "set_trainer_passcode",
    "trainer_passcode_is_set",
    "trainer_passcode_path",
    "under_hub",
    "validate_passcode",
]

PASSCODE_FILE: Final = "trainer-passcode"
"""The name of the passcode file in the data folder."""

MIN_PASSCODE_LENGTH: Final = 12
"""The shortest passcode accepted, in characters."""

COMMON_PASSCODES_FILE: Final = Path(__file__).parent / "data" / "common-passcodes.txt"
"""The common passwords (``[passcodes]``) and password words (``[words]``) refused."""

_ADVICE: Final = (
    "Choose something longer that is yours alone, such as three or four unrelated words "
    "with a number between them"
)

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
        characters or more than 1024, or is easy to guess (see :func:`_weakness`).
    """
    if not isinstance(passcode, str):
        raise PasscodeRuleError("must be text")
    length = len(unicodedata.normalize("NFKC", passcode))
    if length < MIN_PASSCODE_LENGTH:
        raise PasscodeRuleError(
            f"must be at least {MIN_PASSCODE_LENGTH} characters long (this one has {length}). "
            + _ADVICE
        )
    if length > _MAX_LENGTH:
        raise PasscodeRuleError(f"must be at most {_MAX_LENGTH} characters long")
    weakness = _weakness(passcode)
    if weakness is not None:
        raise PasscodeRuleError(f"{weakness}, so it would be guessed early. {_ADVICE}")
    return passcode


# What makes a passcode easy to guess ------------------------------------------------

_LOOK_ALIKES: Final = str.maketrans(
    {"@": "a", "4": "a", "$": "s", "5": "s", "0": "o", "1": "i", "!": "i", "3": "e", "7": "t"}
)
"""Digits and symbols typed for the letters they look like (p@ssw0rd)."""

_RUNS: Final = (
    "01234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
    "qazwsxedcrfvtgbyhnujmikolp",
)
"""Rows and columns of the keyboard, the alphabet and the digits (read either way)."""

_MIN_DISTINCT: Final = 5
"""Fewer different characters than this is a few characters repeated."""


def _folded(passcode: str) -> str:
    """The passcode without regard to case or spaces."""
    return "".join(unicodedata.normalize("NFKC", passcode).casefold().split())


def _compact(text: str) -> str:
    """Only the letters and digits."""
    return "".join(character for character in text if character.isalnum())


def _letters(text: str) -> str:
    return "".join(character for character in text if character.isalpha())


@functools.cache
def _common() -> tuple[frozenset[str], frozenset[str]]:
    """The common passcodes (folded, and their letters and digits) and the password words."""
    sections: dict[str, set[str]] = {"passcodes": set(), "words": set()}
    current = sections["passcodes"]
    for line in COMMON_PASSCODES_FILE.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("[") and entry.endswith("]"):
            current = sections[entry[1:-1]]
            continue
        folded = _folded(entry)
        current.update({folded, _compact(folded)})
    return frozenset(sections["passcodes"]), frozenset(sections["words"])


def _course_words() -> frozenset[str]:
    """The words of the course's name (and the toolkit's), as a passcode might run them on."""
    words = set(re.findall(r"[a-z]+", PROGRAM_TITLE.casefold()))
    return frozenset(words | {word.rstrip("s") for word in words} | {"caserate", "kit"})


@functools.cache
def _run_steps() -> frozenset[tuple[str, str]]:
    """Pairs of characters next to each other in a run, either way round."""
    steps = set()
    for run in _RUNS:
        for first, second in itertools.pairwise(run):
            steps.update({(first, second), (second, first)})
    return frozenset(steps)


def _is_repeated(text: str) -> bool:
    """Few different characters, or one piece typed again and again (passwordpassword)."""
    if len(set(text)) < _MIN_DISTINCT:
        return True
    return any(
        len(text) % size == 0 and text[:size] * (len(text) // size) == text
        for size in range(1, len(text) // 2 + 1)
    )


def _is_run(text: str) -> bool:
    """One or two runs of neighboring keys, letters or digits (123456789012, qwerty123456)."""
    steps = _run_steps()
    pairs = list(itertools.pairwise(text))
    breaks = sum(1 for first, second in pairs if first != second and (first, second) not in steps)
    return bool(pairs) and breaks <= 1


def _made_of(letters: str, words: frozenset[str]) -> bool:
    """Can ``letters`` be split into ``words`` alone?"""
    if not letters:
        return False
    ends = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        ends[end] = any(ends[start] and letters[start:end] in words for start in range(end))
    return ends[-1]


def _weakness(passcode: str) -> str | None:
    """What makes ``passcode`` easy to guess, in words for the error message; or ``None``."""
    folded = _folded(passcode)
    compact = _compact(folded)
    passcodes, words = _common()
    if folded in passcodes or compact in passcodes:
        return "is one of the most common passwords"
    if _is_repeated(folded) or _is_repeated(compact):
        return "repeats the same few characters"
    if _is_run(compact):
        return "is a run of neighboring keys, letters or digits (like 123456789012 or qwerty)"
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", folded)
    readings = {_letters(folded), _letters(core.translate(_LOOK_ALIKES))}
    if any(_made_of(reading, words | _course_words()) for reading in readings):
        return (
            "is made only of common password words or the course's name, with digits or "
            "symbols added"
        )
    return None


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


# Under JupyterHub: the hub's administrators, instead of a shared passcode ------------

HUB_VARIABLES: Final = ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN")
"""What JupyterHub gives a single-user server (and Voila, each of its page kernels)."""

_HUB_TIMEOUT: Final = 5.0
_HUB_LARGEST_ANSWER: Final = 1_000_000


class HubAnswer(enum.Enum):
    """What the hub said about the owner of this server."""

    ADMIN = "admin"
    NOT_ADMIN = "not admin"
    NO_ANSWER = "no answer"


def under_hub(environ: Mapping[str, str] | None = None) -> bool:
    """Does this page run in a single-user server under JupyterHub?"""
    env = os.environ if environ is None else environ
    return all(env.get(name, "").strip() for name in HUB_VARIABLES)


def _hub_ssl(env: Mapping[str, str]) -> Any:
    """The TLS settings for a hub API with internal TLS (``JUPYTERHUB_SSL_*``), else ``None``."""
    import ssl

    if not env["JUPYTERHUB_API_URL"].startswith("https:"):
        return None
    context = ssl.create_default_context(cafile=env.get("JUPYTERHUB_SSL_CLIENT_CA") or None)
    certificate, key = env.get("JUPYTERHUB_SSL_CERTFILE"), env.get("JUPYTERHUB_SSL_KEYFILE")
    if certificate and key:
        context.load_cert_chain(certificate, key)
    return context


def _hub_user_model(env: Mapping[str, str], timeout: float) -> Any:
    """The hub's answer to ``GET {JUPYTERHUB_API_URL}/user`` with the server's token.

    Sent straight to the hub, never through a web proxy (it carries the token).
    """
    import json
    import urllib.request

    address = env["JUPYTERHUB_API_URL"].rstrip("/") + "/user"
    request = urllib.request.Request(
        address,
        headers={
            "Authorization": f"token {env['JUPYTERHUB_API_TOKEN'].strip()}",
            "Accept": "application/json",
        },
    )
    handlers: list[Any] = [urllib.request.ProxyHandler({})]
    context = _hub_ssl(env)
    if context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=context))
    with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
        return json.loads(response.read(_HUB_LARGEST_ANSWER))


def hub_admin(environ: Mapping[str, str] | None = None, timeout: float = _HUB_TIMEOUT) -> HubAnswer:
    """Is the owner of this single-user server a hub administrator?

    Asks the hub (``GET {JUPYTERHUB_API_URL}/user`` with ``JUPYTERHUB_API_TOKEN``,
    the server's own token): its owner is an administrator if the answer has
    ``"admin": true`` or the role ``admin``. The answer must name the server's
    user (``JUPYTERHUB_USER``). ``NO_ANSWER`` when not under a hub, or the hub
    cannot be reached or gives no usable answer.
    """
    env = os.environ if environ is None else environ
    if not under_hub(env):
        return HubAnswer.NO_ANSWER
    try:
        model = _hub_user_model(env, timeout)
    except (OSError, ValueError):  # unreachable, refused (HTTPError), bad TLS, not JSON
        return HubAnswer.NO_ANSWER
    if not isinstance(model, dict) or model.get("name") != env["JUPYTERHUB_USER"].strip():
        return HubAnswer.NO_ANSWER
    roles = model.get("roles")
    in_admin_role = isinstance(roles, list) and "admin" in roles
    return HubAnswer.ADMIN if model.get("admin") is True or in_admin_role else HubAnswer.NOT_ADMIN
