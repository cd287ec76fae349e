"""Helpers shared by the tests in this folder."""

from dataclasses import replace
from datetime import date

from caserate_kit.course.certificates._codes import (
    CertificateData,
    make_code,
)

SECRET = bytes(range(32))


CODE = make_code(SECRET, "7F3Q92")


def certificate(**changes):
    data = CertificateData(
        learner_name="José Núñez",
        license_number="LPC-004512",
        course_title="Case rates: what they are and what they are not",
        completion_date=date(2025, 3, 3),
        ce_hours=1.25,
        format="home study",
        provider_name="Test Provider",
        provider_number="T-1",
        approval_statement="Test Provider is approved by a test board to sponsor CE.",
        signatory_name="Pat Doe, PhD",
        signatory_title="Training Director",
        verification_code=CODE,
        provider_contact="ce@test.example",
    )
    return replace(data, **changes)
