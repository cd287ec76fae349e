"""CE certificates: verification codes, the certificate's data and the result of a check.

A verification code such as ``CRK-7F3Q-92KD-MX4T-PZ8A`` holds a certificate id
of 6 symbols and a 10-symbol tag, an HMAC-SHA256 of the id under the course
secret, all in Crockford base32 (digits and capitals without I, L, O, U).
Anyone can check a code offline with the secret; no one can make one without
it. Typed codes may be lower case, without dashes or without ``CRK``, and pasted
with en or em dashes, minus signs, spaces of any kind (no-break, zero-width);
O, I and L are read as 0, 1 and 1, as Crockford base32 prescribes.

A certificate corrected after it was issued (the learner's name or license
number) stays genuine; :class:`Correction` links it to the one that replaced
it, and that one back to it, so that a check shows the history.

:func:`render_certificate_pdf` draws the certificate: one landscape US Letter
page, in fonts that print every name the course accepts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from ..._exceptions import InvalidInputError, OutOfRangeError
from .._catalog import LEVELS, PROGRAM_TITLE
from .._config import CE_FORMATS
from .._names import STORED_NAME_LIMIT
from .._secrets import SECRET_BYTES
from ._ce_hours import format_ce_hours

if TYPE_CHECKING:
    from .._config import CourseConfig

__all__ = [
    "CERTIFICATE_ID_LENGTH",
    "CODE_ALPHABET",
    "REJECTED",
    "CertificateData",
    "Correction",
    "check_code",
    "format_date",
    "make_code",
    "new_certificate_id",
    "normalize_code",
    "verify_message",
]

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32: the symbols a verification code is written in."""

CERTIFICATE_ID_LENGTH = 6
"""Symbols in a certificate id (32**6, about a billion ids)."""

_PREFIX = "CRK"
_TAG_LENGTH = 10  # 50 bits: a guessed code passes once in 10**15 tries
_BODY_LENGTH = CERTIFICATE_ID_LENGTH + _TAG_LENGTH
_DOMAIN = b"caserate-kit certificate code v1\x00"
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
)
"""Hyphens, dashes and minus signs a word processor or web page puts where "-" was typed."""
_LONGEST_TYPED = 100
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
REJECTED = "This code is not genuine: it was altered or never issued."
"""What :func:`verify_message` says about a code that fails the check."""


def new_certificate_id() -> str:
    """A random certificate id of 6 Crockford symbols.

    The records store keeps ids unique (draw again on the rare collision).
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CERTIFICATE_ID_LENGTH))


def _require_secret(secret: bytes) -> bytes:
    if not isinstance(secret, bytes) or len(secret) < SECRET_BYTES:
        size = f"{len(secret)} bytes" if isinstance(secret, bytes) else type(secret).__name__
        raise InvalidInputError(
            "secret", size, "must be the course secret (bytes from load_or_create_secret)"
        )
    return secret


def _tag(secret: bytes, certificate_id: str) -> str:
    digest = hmac.new(secret, _DOMAIN + certificate_id.encode("ascii"), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * _TAG_LENGTH)
    symbols = []
    for _ in range(_TAG_LENGTH):
        number, index = divmod(number, 32)
        symbols.append(CODE_ALPHABET[index])
    return "".join(reversed(symbols))


def _format(body: str) -> str:
    groups = (body[i : i + 4] for i in range(0, _BODY_LENGTH, 4))
    return "-".join((_PREFIX, *groups))


def make_code(secret: bytes, certificate_id: str) -> str:
    """The verification code of a certificate.

    Parameters
    ----------
    secret
        The course secret.
    certificate_id
        6 symbols of :data:`CODE_ALPHABET`, e.g. from :func:`new_certificate_id`.

    Examples
    --------
    >>> code = make_code(b"k" * 32, "7F3Q92")
    >>> code
    'CRK-7F3Q-92...-...-...'
    >>> check_code(b"k" * 32, code.lower().replace("-", ""))
    '7F3Q92'
    """
    _require_secret(secret)
    if (
        not isinstance(certificate_id, str)
        or len(certificate_id) != CERTIFICATE_ID_LENGTH
        or any(symbol not in CODE_ALPHABET for symbol in certificate_id)
    ):
        raise InvalidInputError(
            "certificate_id",
            certificate_id,
            f"must be {CERTIFICATE_ID_LENGTH} symbols from {CODE_ALPHABET} "
            "(make one with new_certificate_id())",
        )
    return _format(certificate_id + _tag(secret, certificate_id))


def _body(code: object) -> str | None:
    """The 16 code symbols of what a person typed, or None if it cannot be a code.

    Dashes of any kind, spaces of any kind and invisible format characters
    (zero-width spaces, byte-order marks) are left out.
    """
    if not isinstance(code, str) or len(code) > _LONGEST_TYPED:
        return None
    text = "".join(
        symbol
        for symbol in code.translate(_DASHES)
        if symbol != "-" and not symbol.isspace() and unicodedata.category(symbol) != "Cf"
    )
    if not text.isascii():
        return None
    text = text.upper().translate(_LOOK_ALIKES)
    if len(text) == len(_PREFIX) + _BODY_LENGTH and text.startswith(_PREFIX):
        text = text[len(_PREFIX) :]
    if len(text) != _BODY_LENGTH or any(symbol not in CODE_ALPHABET for symbol in text):
        return None
    return text


def normalize_code(code: str) -> str | None:
    """A typed code in its printed form, or None if it is not shaped like a code.

    This checks the shape only; :func:`check_code` checks that it is genuine.

    Examples
    --------
    >>> normalize_code(" crk 7f3q92kdmx4tpz8a ")
    'CRK-7F3Q-92KD-MX4T-PZ8A'
    >>> normalize_code("CRK\u20137F3Q\u201392KD\u00a0MX4T\u200bPZ8A")
    'CRK-7F3Q-92KD-MX4T-PZ8A'
    """
    body = _body(code)
    return None if body is None else _format(body)


def check_code(secret: bytes, code: str) -> str | None:
    """The certificate id in a genuine code, or None for an altered or invented one.

    Parameters
    ----------
    secret
        The course secret the code was made with.
    code
        What a person typed: any case, dashes and the ``CRK`` prefix optional.
    """
    _require_secret(secret)
    body = _body(code)
    if body is None:
        return None
    certificate_id, tag = body[:CERTIFICATE_ID_LENGTH], body[CERTIFICATE_ID_LENGTH:]
    if hmac.compare_digest(tag, _tag(secret, certificate_id)):
        return certificate_id
    return None


def format_date(day: date) -> str:
    """A date as a certificate prints it, whatever the computer's language.

    Examples
    --------
    >>> format_date(date(2025, 3, 3))
    'March 3, 2025'
    """
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


@dataclass(frozen=True)
class Correction:
    """The other certificate of a correction: its code and the day it was issued."""

    code: str
    issued_on: date


@dataclass(frozen=True, kw_only=True)
class CertificateData:
    """What a CE certificate states. Text is trimmed; a blank license number is None.

    ``sample`` prints SAMPLE across the certificate (the example provider in
    ``course.toml`` is still in place). ``verify_url`` is the address of the
    public verification page (printed with a QR code of it and the code), or
    empty where there is none. ``level`` is the lesson's instructional level
    (one of :data:`~caserate_kit.course._catalog.LEVELS`), printed beside the
    format, or empty. ``replaces`` is the certificate this one corrects and
    ``replaced_by`` the one that corrected it, if any (shown when it is checked).
    """

    learner_name: str
    course_title: str
    completion_date: date
    ce_hours: float
    format: str
    provider_name: str
    provider_number: str
    approval_statement: str
    signatory_name: str
    signatory_title: str
    verification_code: str
    license_number: str | None = None
    provider_contact: str = ""
    program_title: str = PROGRAM_TITLE
    verify_url: str = ""
    sample: bool = False
    level: str = ""
    replaces: Correction | None = None
    replaced_by: Correction | None = None

    def __post_init__(self) -> None:
        limits = {
            "learner_name": STORED_NAME_LIMIT,
            "course_title": 200,
            "approval_statement": 700,
            "verify_url": 300,
        }
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                value = " ".join(value.split())
                if len(value) > limits.get(item.name, 160):
                    raise InvalidInputError(item.name, value, "is too long to print")
                object.__setattr__(self, item.name, value)
        for name in (
            "learner_name",
            "course_title",
            "provider_name",
            "provider_number",
            "approval_statement",
            "signatory_name",
            "signatory_title",
        ):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise InvalidInputError(name, getattr(self, name), "must be text, not empty")
        if not self.license_number:
            object.__setattr__(self, "license_number", None)
        if isinstance(self.completion_date, datetime):
            object.__setattr__(self, "completion_date", self.completion_date.date())
        elif not isinstance(self.completion_date, date):
            raise InvalidInputError("completion_date", self.completion_date, "must be a date")
        format_ce_hours(self.ce_hours)  # a positive number
        if Fraction(repr(float(self.ce_hours))) % Fraction(1, 4) or self.ce_hours > 100:
            raise OutOfRangeError(
                "ce_hours", self.ce_hours, "must be whole quarter hours, at most 100"
            )
        if self.format not in CE_FORMATS:
            raise InvalidInputError("format", self.format, 'must be "home study" or "live"')
        if self.level and self.level not in LEVELS:
            raise InvalidInputError(
                "level", self.level, f"must be one of {', '.join(LEVELS)}, or left empty"
            )
        code = normalize_code(self.verification_code)
        if code is None:
            raise InvalidInputError(
                "verification_code", self.verification_code, "must be a code from make_code()"
            )
        object.__setattr__(self, "verification_code", code)

    @property
    def verification_address(self) -> str:
        """The verification page's address for this certificate, or "" if there is none."""
        if not self.verify_url:
            return ""
        return f"{self.verify_url}?code={self.verification_code}"

    @property
    def verification_instructions(self) -> str:
        """How to check the certificate, as printed on it."""
        if self.verify_url:
            return f"Check it at {self.verify_url} or scan the code"
        return f"Verify with: caserate-course verify {self.verification_code}"

    @classmethod
    def for_course(
        cls,
        config: CourseConfig,
        *,
        learner_name: str,
        course_title: str,
        completion_date: date,
        ce_hours: float,
        verification_code: str,
        license_number: str | None = None,
        format: str | None = None,
        verify_url: str = "",
        level: str = "",
        replaces: Correction | None = None,
        replaced_by: Correction | None = None,
    ) -> CertificateData:
        """Certificate data with the provider and signatory taken from ``course.toml``.

        The verification address is ``course.toml``'s ``verify_url`` if it sets
        one, else ``verify_url`` (the page the course server itself offers).
        """
        provider, settings = config.provider, config.certificate
        return cls(
            learner_name=learner_name,
            course_title=course_title,
            completion_date=completion_date,
            ce_hours=ce_hours,
            format=format or settings.default_format,
            provider_name=provider.name,
            provider_number=provider.approval_number,
            approval_statement=provider.approval_statement,
            signatory_name=settings.signatory_name,
            signatory_title=settings.signatory_title,
            verification_code=verification_code,
            license_number=license_number,
            provider_contact=provider.contact,
            verify_url=settings.verify_url or verify_url,
            sample=provider.example,
            level=level,
            replaces=replaces,
            replaced_by=replaced_by,
        )


def verify_message(
    code: str, certificate_id: str | None, certificate: CertificateData | None
) -> str:
    """The plain-language result of ``caserate-course verify CODE``.

    Parameters
    ----------
    code
        What the person typed.
    certificate_id
        What :func:`check_code` returned for it (None if it failed).
    certificate
        The certificate the records hold under that id, or None.
    """
    if certificate_id is None:
        return REJECTED
    if certificate is None:
        return (
            "This code was issued by this course, but no certificate with it is on record: "
            "it may have been withdrawn, or its record removed after the retention period. "
            "Please contact the provider."
        )
    if normalize_code(code) != certificate.verification_code:
        return REJECTED
    hours = format_ce_hours(certificate.ce_hours)
    genuine = "This certificate is genuine."
    later = certificate.replaced_by
    if later is not None:
        genuine = (
            f"This certificate is genuine but was replaced on {format_date(later.issued_on)} "
            f"by certificate {later.code}, which corrects it. As issued, it states:"
        )
    message = (
        f"{genuine} {certificate.learner_name} completed the lesson "
        f"\u201c{certificate.course_title}\u201d of \u201c{certificate.program_title}\u201d "
        f"on {format_date(certificate.completion_date)} "
        f"and was awarded {hours} ({certificate.format}) by {certificate.provider_name} "
        f"(approval number {certificate.provider_number})."
    )
    earlier = certificate.replaces
    if earlier is not None:
        message += (
            f" It replaces certificate {earlier.code} (issued {format_date(earlier.issued_on)})."
        )
    if certificate.sample:
        message += " Note: it names the example provider, so it is a sample, not CE credit."
    return message
