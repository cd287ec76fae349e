"""The course's own key pair for the LMS: it signs the course's requests for grade access.

The private key stays in a file on the course server (made on first use, readable
by its owner only); the LMS reads the public half at the tool's key-set address
(``/hub/lti13/jwks``) to check the course's signed requests.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..._exceptions import InvalidInputError

__all__ = ["key_id", "load_or_create_tool_key", "public_jwks"]

KEY_BITS = 2048


def load_or_create_tool_key(path: Path) -> rsa.RSAPrivateKey:
    """The private key in ``path`` (PEM), made there first when the file does not exist."""
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError, OSError) as error:
            raise InvalidInputError(
                "CASERATE_LTI_TOOL_KEY", str(path), f"is not a readable private key ({error})"
            ) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise InvalidInputError("CASERATE_LTI_TOOL_KEY", str(path), "must hold an RSA key")
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    try:
        os.link(scratch, path)  # never replaces a key another process made meanwhile
    except FileExistsError:
        return load_or_create_tool_key(path)
    finally:
        scratch.unlink()
    return key


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _public_parts(key: rsa.RSAPrivateKey) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    return {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}


def key_id(key: rsa.RSAPrivateKey) -> str:
    """The key's id: its RFC 7638 thumbprint (the same for the same key, always)."""
    canonical = json.dumps(_public_parts(key), separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def public_jwks(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    """The public key set the LMS reads (one RS256 signing key)."""
    return {"keys": [{**_public_parts(key), "alg": "RS256", "use": "sig", "kid": key_id(key)}]}
