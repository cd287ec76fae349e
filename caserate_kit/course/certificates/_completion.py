"""Completing a course and issuing, printing and verifying its CE certificate.

A course (one lesson) is complete when the learner visited the lesson, passed
its post-test and submitted the evaluation. Lesson visits, post-test attempts,
evaluations and certificates are all recorded under the course id
(``lesson-03``), which is also the quiz id of the lesson's bank.

A certificate states the name and license number it was issued to, whatever
the learner's details say later. A learner who corrects their details gets
each certificate re-issued (:func:`reissue_after_correction`): a new one, with
a new code, that replaces the old; the old code still verifies, and says so.
"""

from __future__ import annotations

from datetime import date

from ..._exceptions import InvalidInputError
from .._catalog import lesson_for
from .._config import CourseConfig, load_config
from .._names import clean_name, name_problem
from .._paths import secret_path
from .._secrets import load_or_create_secret
from ..records import CertificateRecord, DuplicateRecordError, Learner, Store
from ._codes import (
    CertificateData,
    Correction,
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
    "holder_of",
    "issue_certificate",
    "missing_steps",
    "name_needs_details",
    "reissue_after_correction",
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
    from ..records import Store

    return load_or_create_secret(secret_path(), None, Store)


def issue_certificate(
    store: Store,
    learner_id: str,
    course: str,
    *,
    format: str | None = None,
    secret: bytes | None = None,
    config: CourseConfig | None = None,
) -> CertificateRecord:
    """Record the completion and issue the certificate; asking again returns the one held
    (after a correction, the certificate that replaced the first).

    The certificate states the learner's name and license number as they are now.

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
    format = format or config.certificate.default_format
    return _record(store, key, learner_id, course, completed.completed_at.date(), hours, format)


def _record(
    store: Store,
    key: bytes,
    learner_id: str,
    course: str,
    completed: date,
    hours: float,
    format: str,
    replaces: str | None = None,
) -> CertificateRecord:
    """Record a certificate under a freshly drawn id and code (drawn again if taken)."""
    for _ in range(_TRIES):
        serial = new_certificate_id()
        try:
            return store.record_certificate(
                learner_id,
                course,
                make_code(key, serial),
                completed,
                hours,
                format,
                certificate_id=serial,
                replaces=replaces,
            )
        except DuplicateRecordError:
            continue
    raise NotCompleteError("certificate", course, "could not be given a unique code; try again")


def holder_of(record: CertificateRecord, learner: Learner) -> tuple[str, str | None]:
    """The name and license number a certificate states: those it was issued to
    (the learner's details, on a certificate issued before they were kept)."""
    if record.holder_name is None:
        return learner.name, learner.license_number
    return record.holder_name, record.holder_license


def reissue_after_correction(
    store: Store,
    learner_id: str,
    *,
    before: Learner | None = None,
    secret: bytes | None = None,
) -> list[CertificateRecord]:
    """Re-issue each certificate of the learner's that states other details than theirs now.

    The new certificate (new id and code; same course, completion date, CE hours
    and format) replaces the old one, which stays on record and still verifies.
    ``before`` is the learner as they were before the correction: a certificate
    issued before holders were kept states those details, so it is re-issued too
    if they changed. Returns the new certificates.
    """
    learner = store.get_learner(learner_id)
    if learner is None:
        raise InvalidInputError("learner_id", learner_id, "is not a learner on record")
    now = (learner.name, learner.license_number)
    key: bytes | None = secret
    new = []
    for record in store.certificates_for(learner_id):
        stated = holder_of(record, before or learner)
        if stated == now:
            continue
        key = key if key is not None else _secret()
        new.append(
            _record(
                store,
                key,
                learner_id,
                record.course_id,
                record.completion_date,
                record.ce_hours,
                record.format,
                replaces=record.code,
            )
        )
    return new


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
    name, license_number = holder_of(record, learner)
    return CertificateData.for_course(
        config or load_config(),
        learner_name=name,
        license_number=license_number,
        course_title=lesson.title,
        completion_date=record.completion_date,
        ce_hours=record.ce_hours,
        verification_code=record.code,
        format=record.format,
        verify_url=verify_url,
        level=lesson.level,
        replaces=_correction(store.find_certificate(record.replaces) if record.replaces else None),
        replaced_by=_correction(store.replacement_of(record.code)),
    )


def _correction(record: CertificateRecord | None) -> Correction | None:
    return None if record is None else Correction(record.code, record.issued_at.date())


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
