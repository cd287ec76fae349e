"""The course configuration, ``course.toml``: who issues the CE certificates.

The file has these tables (see the commented example in the course folder):

- ``[provider]``: ``name``, ``approval_number``, ``approval_statement``,
  ``contact`` and ``example`` (true while the invented example provider is
  still in place, which prints "SAMPLE" on every certificate);
- ``[certificate]``: ``signatory_name``, ``signatory_title``,
  ``default_format`` ("home study" or "live") and, optionally, ``verify_url``
  (the public address of the verification page, printed on certificates);
- ``[ce_hours]``: the constants of the CE-hours estimate
  (:class:`HoursFormula`);
- ``[records]``: ``retention_years``, how long completion records are kept;
- ``[content]``: what CE accreditors look for beside each lesson
  (:class:`ContentDetails`): ``author``, ``reviewer``, ``release_date``,
  ``review_date``, ``conflicts_of_interest``, ``commercial_support``, for the
  whole course, with a table such as ``[content.lesson-04]`` for a lesson whose
  values differ, and ``example`` (true while they are invented examples);
- ``[sign_in]`` (optional): ``session_hours``, how long a sign-in lasts
  before the learner signs in again (12 unless set).
- ``[refresher]`` (optional): the practice offered after a pass
  (:class:`RefresherSettings`).
- ``[posttest]`` (optional): how post-test tries are paced before a first
  pass, so that CE credit follows study (:class:`PostTestPacing`).

Course titles are not repeated here: they come from the lesson catalog, so a
certificate always names the lesson as the learner saw it. Each lesson's
course id is ``lesson-NN`` (``lesson-01`` ... ``lesson-06``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .._exceptions import InvalidInputError, OutOfRangeError
from .._validate import require_positive
from ._catalog import LESSONS, course_id
from ._paths import config_path

__all__ = [
    "CE_FORMATS",
    "QUARTER_HOUR",
    "CertificateSettings",
    "ContentDetails",
    "ContentSettings",
    "CourseConfig",
    "CourseConfigError",
    "HoursFormula",
    "PostTestPacing",
    "Provider",
    "RefresherSettings",
    "load_config",
]

_MISSING: Any = object()

CE_FORMATS = ("home study", "live")
"""How a course is delivered, as a CE certificate states it."""
QUARTER_HOUR = Fraction(1, 4)
"""CE hours are awarded in quarter hours."""


@dataclass(frozen=True)
class HoursFormula:
    """The constants of the CE-hours estimate (set in ``course.toml``).

    Parameters
    ----------
    words_per_minute
        Reading rate for technical text.
    minutes_per_test_item
        Time to read and answer one post-test item.
    minimum_hours
        The smallest award, a whole number of quarter hours.
    """

    words_per_minute: float = 200
    minutes_per_test_item: float = 1.85
    minimum_hours: float = 0.25

    def __post_init__(self) -> None:
        require_positive("words_per_minute", self.words_per_minute)
        require_positive("minutes_per_test_item", self.minutes_per_test_item)
        minimum = require_positive("minimum_hours", self.minimum_hours)
        if Fraction(repr(minimum)) % QUARTER_HOUR:
            raise OutOfRangeError(
                "minimum_hours", self.minimum_hours, "must be a whole number of quarter hours"
            )


class CourseConfigError(InvalidInputError):
    """``course.toml`` is missing, unreadable, or has a missing or invalid value.

    The message names the file, the key (``provider.name``) and the value.
    """

    def __init__(self, path: Path, key: str, value: Any, reason: str) -> None:
        super().__init__(key, value, reason)
        self.path = path
        shown = "" if value is _MISSING else f"; got {value!r}"
        self.args = (f"{path}: {key} {reason}{shown}",)


@dataclass(frozen=True)
class Provider:
    """The CE provider: the organization that issues the certificates."""

    name: str
    approval_number: str
    approval_statement: str
    contact: str
    example: bool = False


@dataclass(frozen=True)
class CertificateSettings:
    """Who signs the certificates, and the usual delivery format."""

    signatory_name: str
    signatory_title: str
    default_format: str
    verify_url: str = ""
    """The public verification page's address (``verify_url``), if set; printed with a QR code."""


@dataclass(frozen=True)
class ContentDetails:
    """Who wrote and reviewed a lesson, when it was released and is next reviewed, and the
    disclosures CE accreditors ask for (``[content]`` in ``course.toml``)."""

    author: str
    reviewer: str
    release_date: date
    review_date: date
    """When the content is next checked against current practice (after ``release_date``)."""
    conflicts_of_interest: str
    commercial_support: str


@dataclass(frozen=True)
class ContentSettings:
    """The ``[content]`` table: the course's details, and each lesson's where they differ."""

    course: ContentDetails
    lessons: tuple[tuple[str, ContentDetails], ...] = ()
    """(course id, details) of the lessons with a table of their own, in course order."""
    example: bool = False
    """True while the details are invented examples: the pages say so."""

    def for_lesson(self, lesson_id: str) -> ContentDetails:
        """The details of the lesson with course id ``lesson_id`` ("lesson-04")."""
        return dict(self.lessons).get(lesson_id, self.course)


@dataclass(frozen=True)
class RefresherSettings:
    """The refresher offered after a pass (``[refresher]``): practice, never credit."""

    days_after_pass: int = 14
    """Days after a first pass (and after the last refresher) before one is offered; 0: never."""
    questions: int = 6
    """How many questions a refresher holds."""


@dataclass(frozen=True)
class PostTestPacing:
    """How post-test tries are paced before a learner's first pass (``[posttest]``).

    After a pass nothing is paced: the credit is earned.
    """

    minimum_reading_share: float = 0.5
    """The share of a lesson's reading time (its words at ``words_per_minute``) the learner
    spends on the lesson page before its post-test opens; 0 turns the rule off."""
    retake_wait_minutes: int = 10
    """Minutes between a try that did not pass and the next one; 0 turns the rule off."""
    tries_per_day: int = 4
    """Tries a learner can submit in any 24 hours; 0 turns the rule off."""


@dataclass(frozen=True)
class CourseConfig:
    """Everything ``course.toml`` sets, checked."""

    path: Path
    provider: Provider
    certificate: CertificateSettings
    hours_formula: HoursFormula
    retention_years: int
    content: ContentSettings
    session_hours: float = 12
    """How long a sign-in lasts (``[sign_in] session_hours``)."""
    refresher: RefresherSettings = RefresherSettings()
    """The refresher after a pass (``[refresher]``)."""
    posttest: PostTestPacing = PostTestPacing()
    """How tries are paced before a first pass (``[posttest]``)."""


class _Table:
    """One TOML table, read key by key; every error names file, key and value."""

    def __init__(self, path: Path, document: dict[str, Any], name: str, within: str = "") -> None:
        self.path = path
        self.name = f"{within}.{name}" if within else name
        value = document.get(name, _MISSING)
        if value is _MISSING:
            raise CourseConfigError(path, f"[{self.name}]", _MISSING, "is missing (add the table)")
        if not isinstance(value, dict):
            raise CourseConfigError(
                path, self.name, value, f"must be a table, written [{self.name}]"
            )
        self.values: dict[str, Any] = value

    def error(self, key: str, value: Any, reason: str) -> CourseConfigError:
        return CourseConfigError(self.path, f"{self.name}.{key}", value, reason)

    def get(self, key: str) -> Any:
        value = self.values.get(key, _MISSING)
        if value is _MISSING:
            raise self.error(key, _MISSING, f"is missing; add it under [{self.name}]")
        return value

    def text(self, key: str, max_length: int) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, value, "must be text in quotes, not empty")
        cleaned = " ".join(value.split())
        if len(cleaned) > max_length:
            raise self.error(key, value, f"must be at most {max_length} characters to fit")
        return cleaned

    def flag(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, value, "must be true or false")
        return value

    def day(self, key: str) -> date:
        """A date, written 2026-01-15 (a TOML date) or "2026-01-15" (text)."""
        value = self.get(key)
        if isinstance(value, datetime):
            raise self.error(key, str(value), "must be a date without a time, such as 2026-01-15")
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise self.error(
                    key, value, "is not a date on the calendar (year-month-day)"
                ) from None
        raise self.error(key, value, "must be a date written year-month-day, such as 2026-01-15")

    def only(self, *keys: str) -> None:
        for key, value in self.values.items():
            if key not in keys:
                raise self.error(key, value, f"is not a known key (known: {', '.join(keys)})")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CourseConfigError(
            path, "the file", str(path), "does not exist; copy the example course.toml"
        ) from None
    except OSError as error:
        raise CourseConfigError(path, "the file", str(path), f"cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise CourseConfigError(
            path, "the file", str(path), f"is not valid TOML: {error}"
        ) from None


def _hours_formula(table: _Table) -> HoursFormula:
    names = [field.name for field in fields(HoursFormula)]
    table.only(*names)
    values = {name: table.get(name) for name in names}
    try:
        return HoursFormula(**values)
    except InvalidInputError as error:
        raise table.error(error.field, error.value, error.reason) from None


def load_config(path: Path | str | None = None) -> CourseConfig:
    """Read and check ``course.toml``.

    Parameters
    ----------
    path
        The file; by default :func:`config_path` (``CASERATE_CONFIG`` or the
        course folder's ``course.toml``).

    Raises
    ------
    CourseConfigError
        Naming the file, the key and the value, for anything missing or wrong.
    """
    where = Path(path) if path is not None else config_path()
    document = _read(where)
    for name, value in document.items():
        if name not in (
            "provider",
            "certificate",
            "ce_hours",
            "records",
            "content",
            "sign_in",
            "refresher",
            "posttest",
        ):
            raise CourseConfigError(where, name, value, "is not a known table or key")

    table = _Table(where, document, "provider")
    table.only("name", "approval_number", "approval_statement", "contact", "example")
    provider = Provider(
        name=table.text("name", 120),
        approval_number=table.text("approval_number", 40),
        approval_statement=table.text("approval_statement", 700),
        contact=table.text("contact", 160),
        example=table.flag("example", default=False),
    )

    table = _Table(where, document, "certificate")
    table.only("signatory_name", "signatory_title", "default_format", "verify_url")
    default_format = table.text("default_format", 20)
    if default_format not in CE_FORMATS:
        raise table.error("default_format", default_format, 'must be "home study" or "live"')
    certificate = CertificateSettings(
        signatory_name=table.text("signatory_name", 80),
        signatory_title=table.text("signatory_title", 120),
        default_format=default_format,
        verify_url=_verify_url(table),
    )

    formula = _hours_formula(_Table(where, document, "ce_hours"))

    table = _Table(where, document, "records")
    table.only("retention_years")
    years = table.get("retention_years")
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
        raise table.error("retention_years", years, "must be a whole number of years, 1 or more")
    return CourseConfig(
        path=where,
        provider=provider,
        certificate=certificate,
        hours_formula=formula,
        retention_years=years,
        content=_content(where, document),
        session_hours=_session_hours(where, document),
        refresher=_refresher(where, document),
        posttest=_posttest(where, document),
    )


_CONTENT_KEYS = tuple(field.name for field in fields(ContentDetails))
_CONTENT_LIMITS = {"author": 160, "reviewer": 160}
_DISCLOSURE_LIMIT = 400


def _content(where: Path, document: dict[str, Any]) -> ContentSettings:
    """The ``[content]`` table: course-wide details, then each lesson table over them."""
    table = _Table(where, document, "content")
    lesson_ids = [course_id(lesson) for lesson in LESSONS]
    for key, value in table.values.items():
        if key not in (*_CONTENT_KEYS, "example", *lesson_ids):
            raise table.error(
                key,
                value,
                f"is not a known key (known: {', '.join(_CONTENT_KEYS)}, example, or a "
                f"lesson's own table [content.{lesson_ids[0]}] ... [content.{lesson_ids[-1]}])",
            )
    example = table.flag("example", default=False)
    course = _content_details(table, None)
    lessons = []
    for lesson_id in lesson_ids:
        if lesson_id in table.values:
            own = _Table(where, table.values, lesson_id, within="content")
            own.only(*_CONTENT_KEYS)
            lessons.append((lesson_id, _content_details(own, course)))
    return ContentSettings(course, tuple(lessons), example)


def _content_details(table: _Table, inherited: ContentDetails | None) -> ContentDetails:
    """The details a table sets, the ``inherited`` ones where it is silent; checked together."""
    values: dict[str, Any] = {}
    for key in _CONTENT_KEYS:
        if inherited is not None and key not in table.values:
            values[key] = getattr(inherited, key)
        elif key.endswith("_date"):
            values[key] = table.day(key)
        else:
            values[key] = table.text(key, _CONTENT_LIMITS.get(key, _DISCLOSURE_LIMIT))
    details = ContentDetails(**values)

    def named(*keys: str) -> str:  # the key to blame: the one this table sets, else the first
        return next((key for key in keys if key in table.values), keys[0])

    if details.review_date <= details.release_date:
        key = named("review_date", "release_date")
        other = "release_date" if key == "review_date" else "review_date"
        order = "after" if key == "review_date" else "before"
        raise table.error(
            key,
            getattr(details, key).isoformat(),
            f"must come {order} the {other.replace('_', ' ')} "
            f"({getattr(details, other).isoformat()})",
        )
    if details.reviewer.casefold() == details.author.casefold():
        key = named("reviewer", "author")
        raise table.error(key, getattr(details, key), "must name a reviewer other than the author")
    return details


def _verify_url(table: _Table) -> str:
    """The optional public address of the verification page, checked."""
    if "verify_url" not in table.values:
        return ""
    value = table.text("verify_url", 300)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise table.error(
            "verify_url",
            value,
            "must be a web address such as https://training.example.org/verify "
            "(no ?query or #part)",
        )
    return value.rstrip("/")


def _session_hours(where: Path, document: dict[str, Any]) -> float:
    default = CourseConfig.session_hours
    if "sign_in" not in document:
        return default
    table = _Table(where, document, "sign_in")
    table.only("session_hours")
    hours = table.values.get("session_hours", default)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0.25 <= hours <= 720:
        raise table.error("session_hours", hours, "must be a number of hours from 0.25 to 720")
    return float(hours)


def _refresher(where: Path, document: dict[str, Any]) -> RefresherSettings:
    default = RefresherSettings()
    if "refresher" not in document:
        return default
    table = _Table(where, document, "refresher")
    table.only("days_after_pass", "questions")
    days = table.values.get("days_after_pass", default.days_after_pass)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 365:
        raise table.error(
            "days_after_pass", days, "must be a whole number of days from 0 (no refresher) to 365"
        )
    questions = table.values.get("questions", default.questions)
    if isinstance(questions, bool) or not isinstance(questions, int) or not 1 <= questions <= 30:
        raise table.error("questions", questions, "must be a whole number of questions, 1 to 30")
    return RefresherSettings(days, questions)


def _posttest(where: Path, document: dict[str, Any]) -> PostTestPacing:
    default = PostTestPacing()
    if "posttest" not in document:
        return default
    table = _Table(where, document, "posttest")
    table.only("minimum_reading_share", "retake_wait_minutes", "tries_per_day")
    share = table.values.get("minimum_reading_share", default.minimum_reading_share)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise table.error(
            "minimum_reading_share", share, "must be a share from 0 (no minimum) to 1, such as 0.5"
        )
    wait = table.values.get("retake_wait_minutes", default.retake_wait_minutes)
    if isinstance(wait, bool) or not isinstance(wait, int) or not 0 <= wait <= 10_080:
        raise table.error(
            "retake_wait_minutes", wait, "must be a whole number of minutes from 0 to 10080"
        )
    tries = table.values.get("tries_per_day", default.tries_per_day)
    if isinstance(tries, bool) or not isinstance(tries, int) or not 0 <= tries <= 100:
        raise table.error(
            "tries_per_day", tries, "must be a whole number of tries from 0 (no limit) to 100"
        )
    return PostTestPacing(float(share), wait, tries)
