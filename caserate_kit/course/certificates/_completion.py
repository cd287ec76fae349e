"""Completing a course and issuing, printing and verifying its CE certificate.

A course (one lesson) is complete when the learner visited the lesson, passed
its post-test and submitted the evaluation. Lesson visits, post-test attempts,
evaluations and certificates are all recorded under the course id
(``lesson-03``), which is also the quiz id of the lesson's bank.
"""

from __future__ import annotations

from ..._exceptions import InvalidInputError
from .._catalog import lesson_for
from .._config import CourseConfig, load_config
from .._names import clean_name, name_problem
from .._paths import secret_path
from .._secrets import load_or_create_secret
from ..records import CertificateRecord, DuplicateRecordError, Learner, Store
from ._codes import (
    CertificateData,
    check_code,
    make_code,
    new_certificate_id,
    normalize_code,
    verify_message,
)
from ._lesson_facts import lesson_facts

__all__ = [
    "NAME_STEP",
    "NotCompleteError",
    "certificate_data",
    "certificate_pdf",
    "genuine_certificate",
    "issue_certificate",
    "missing_steps",
    "name_needs_details",
    "transcript_pdf",
    "verify_code",
]

_TRIES = 5


class NotCompleteError(InvalidInputError):
    """A certificate was asked for before the course was complete."""


NAME_STEP = "give the name your certificate is to show, on Your details"
"""The step for a learner whose recorded name cannot go on a certificate as it is."""


def name_needs_details(learner: Learner) -> bool:
    """Whether the learner's name must be given or corrected before a certificate.

    A hub learner who has not yet given a name (it is still the hub user name),
    or a name the certificate cannot print (recorded before the name rule, or
    handed over by a hub), is corrected on "Your details" first.
    """
    if learner.external_id is not None and learner.name == learner.external_id:
        return True
    return name_problem(clean_name(learner.name)) is not None


def missing_steps(store: Store, learner_id: str, course: str) -> list[str]:
    """What the learner still has to do before the certificate, in plain words."""
    status = store.completion_status(learner_id, course, course, course)
    learner = store.get_learner(learner_id)
    steps = [
        (status.visited, "open the lesson"),
        (status.passed, "pass the post-test"),
        (status.evaluated, "fill in the course evaluation"),
        (learner is None or not name_needs_details(learner), NAME_STEP),
    ]
    return [text for done, text in steps if not done]


def _secret() -> bytes:
    return load_or_create_secret(secret_path())


def issue_certificate(
    store: Store,
    learner_id: str,
    course: str,
    *,
    format: str | None = None,
    secret: bytes | None = None,
    config: CourseConfig | None = None,
) -> CertificateRecord:
    """Record the completion and issue the certificate; asking again returns the same one.

    Raises
    ------
    NotCompleteError
        If the lesson, the post-test or the evaluation is still to do.
    """
    lesson = lesson_for(course)
    for existing in store.certificates_for(learner_id):
        if existing.course_id == course:
            return existing
    todo = missing_steps(store, learner_id, course)
    if todo:
        raise NotCompleteError("course", course, "is not complete yet: " + "; ".join(todo))
    hours = lesson_facts(lesson.number).ce_hours
    if hours is None:
        raise NotCompleteError("course", course, "is too short to award CE hours")
    config = config or load_config()
    key = secret if secret is not None else _secret()
    completed = store.record_completion(learner_id, course)
    for _ in range(_TRIES):
        serial = new_certificate_id()
        try:
            return store.record_certificate(
                learner_id,
                course,
                make_code(key, serial),
                completed.completed_at.date(),
                hours,
                format or config.certificate.default_format,
                certificate_id=serial,
            )
        except DuplicateRecordError:
            continue
    raise NotCompleteError("certificate", course, "could not be given a unique code; try again")


def certificate_data(
    store: Store,
    record: CertificateRecord,
    config: CourseConfig | None = None,
    *,
    verify_url: str = "",
) -> CertificateData:
    """Everything the certificate shows, from the records and ``course.toml``.

    ``verify_url`` is the course server's own verification page, printed when
    ``course.toml`` names no public one.
    """
    learner = store.get_learner(record.learner_id)
    if learner is None:
        raise InvalidInputError("learner_id", record.learner_id, "is not a learner on record")
    lesson = lesson_for(record.course_id)
    return CertificateData.for_course(
        config or load_config(),
        learner_name=learner.name,
        license_number=learner.license_number,
        course_title=lesson.title,
        completion_date=record.completion_date,
        ce_hours=record.ce_hours,
        verification_code=record.code,
        format=record.format,
        verify_url=verify_url,
        level=lesson.level,
    )


def certificate_pdf(store: Store, record: CertificateRecord, *, verify_url: str = "") -> bytes:
    """The certificate as PDF bytes (``verify_url`` as for :func:`certificate_data`)."""
    from ._pdf import render_certificate_pdf

    return render_certificate_pdf(certificate_data(store, record, verify_url=verify_url))


def transcript_pdf(store: Store, learner_id: str, *, verify_url: str = "") -> bytes | None:
    """All the learner's certificates in one PDF, after a transcript page; None if none yet."""
    records = store.certificates_for(learner_id)
    if not records:
        return None
    from ._pdf import render_transcript_pdf

    config = load_config()
    return render_transcript_pdf(
        [certificate_data(store, record, config, verify_url=verify_url) for record in records]
    )


def genuine_certificate(
    store: Store, code: str, secret: bytes | None = None
) -> CertificateData | None:
    """What the certificate with ``code`` states, if the code is genuine and on record."""
    _serial, record, genuine = _look_up(store, code, secret)
    return certificate_data(store, record) if record is not None and genuine else None


def verify_code(store: Store, code: str, secret: bytes | None = None) -> tuple[bool, str]:
    """Whether ``code`` is a genuine certificate code on record, and a sentence saying so."""
    serial, record, genuine = _look_up(store, code, secret)
    data = certificate_data(store, record) if record is not None else None
    return genuine, verify_message(code, serial, data)


def _look_up(
    store: Store, code: str, secret: bytes | None
) -> tuple[str | None, CertificateRecord | None, bool]:
    """The certificate id in ``code`` (None if not genuine), the record filed under it, and
    whether the code is genuine and that record's own."""
    key = secret if secret is not None else _secret()
    serial = check_code(key, code)
    normal = normalize_code(code) if serial is not None else None
    record = store.find_certificate(normal) if normal else None
    return serial, record, record is not None and record.code == normal
