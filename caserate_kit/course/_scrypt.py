"""Salted scrypt hashes written as one line: ``scrypt$N$r$p$salt$hash`` (base64).

The trainer passcode and the learners' personal codes are kept this way, so
that the cost can be raised later without breaking what is stored: each line
says the cost it was made with, and a reader accepts costs up to a bound.

>>> line = scrypt_line(b"secret", ScryptCost(2**10, 8, 1))
>>> scrypt_matches(b"secret", read_scrypt_line(line, ScryptCost(2**14, 8, 1)))
True
>>> read_scrypt_line("scrypt$nonsense", ScryptCost(2**14, 8, 1)) is None
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import Final, NamedTuple

__all__ = ["ScryptCost", "StoredHash", "read_scrypt_line", "scrypt_line", "scrypt_matches"]

_SCHEME: Final = "scrypt"
_SALT_BYTES: Final = 16
_HASH_BYTES: Final = 32


class ScryptCost(NamedTuple):
    """scrypt's cost: ``n`` (a power of two), ``r`` and ``p``."""

    n: int
    r: int
    p: int


class StoredHash(NamedTuple):
    """A hash read back: its cost, salt and digest."""

    cost: ScryptCost
    salt: bytes
    digest: bytes


def _hash(secret: bytes, salt: bytes, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(
        secret,
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=256 * cost.n * cost.r + 2**20,
        dklen=_HASH_BYTES,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def scrypt_line(secret: bytes, cost: ScryptCost) -> str:
    """The line that keeps a salted hash of ``secret`` (a new salt each time)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _hash(secret, salt, cost)
    return f"{_SCHEME}${cost.n}${cost.r}${cost.p}${_b64(salt)}${_b64(digest)}"


def read_scrypt_line(text: str, most: ScryptCost) -> StoredHash | None:
    """The hash a line holds, or ``None`` if the line is damaged or asks more than ``most``."""
    parts = text.strip().split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        cost = ScryptCost(int(parts[1]), int(parts[2]), int(parts[3]))
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    power_of_two = cost.n > 1 and cost.n & (cost.n - 1) == 0
    within = all(1 <= value <= limit for value, limit in zip(cost, most, strict=True))
    if not (power_of_two and within and salt and len(digest) == _HASH_BYTES):
        return None
    return StoredHash(cost, salt, digest)


def scrypt_matches(secret: bytes, stored: StoredHash | None) -> bool:
    """Whether ``secret`` is the one hashed (compared in constant time); never for ``None``."""
    if stored is None:
        return False
    return hmac.compare_digest(_hash(secret, stored.salt, stored.cost), stored.digest)
