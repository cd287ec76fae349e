"""Signing in: name, email and an optional license number, checked field by field.

:func:`check_sign_in` is pure: it returns the cleaned details, or a message
per field that needs attention, each naming the field. :func:`sign_in_form`
puts the form on a page; on success it signs the learner in (a new learner
for a new email; the same learner for a known email with its personal code),
hands the page their session token (kept in the address and, for "Continue
as", in the browser) and calls back so the page can show the course home in
place, with the personal code of a new learner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .._names import EMAIL_PATTERN as _EMAIL
from .._names import NAME_LIMIT, clean_name, control_problem, name_problem
from ..widgets import FormSpec, FormWidget, TextField

if TYPE_CHECKING:
    from ..._exceptions import InvalidInputError
    from ..records import Learner
    from ._frame import Records

__all__ = [
    "SIGN_IN_FORM",
    "SignInDetails",
    "check_sign_in",
    "refused_by_records",
    "sign_in_form",
]

EMAIL_LIMIT, LICENSE_LIMIT = 320, 100

SIGN_IN_FORM = FormSpec(
    title="Sign in",
    intro=(
        "New here? Give your name and email: your progress is saved under them, and your "
        "certificate shows the name and license number you give here. Signed in before, on "
        "this or another computer? Give the same email and your personal code to carry on "
        "where you left off."
    ),
    fields=(
        TextField(
            "name",
            "Full name",
            hint=f"As it should appear on your certificate, up to {NAME_LIMIT} characters.",
            autocomplete="name",
            max_length=NAME_LIMIT,
        ),
        TextField(
            "email",
            "Email address",
            kind="email",
            autocomplete="email",
            hint="So the training team can reach you about your certificate.",
            max_length=EMAIL_LIMIT,
        ),
        TextField(
            "license_number",
            "License number",
            required=False,
            autocomplete="off",
            hint="For example LCSW 12345. Leave it empty if you do not hold a license.",
            max_length=LICENSE_LIMIT,
        ),
        TextField(
            "code",
            "Personal code (if you have signed in before)",
            required=False,
            autocomplete="off",
            hint=(
                "The 8-character code you were shown at your first sign-in, like K7QM-4TXP. "
                "Leave it empty the first time."
            ),
            max_length=20,
        ),
    ),
    submit_label="Sign in",
)
"""The sign-in form."""


@dataclass(frozen=True)
class SignInDetails:
    """What a learner gives to sign in, checked and trimmed."""

    name: str
    email: str | None
    license_number: str | None


def check_sign_in(
    values: Mapping[str, str], *, email_required: bool = True
) -> tuple[SignInDetails | None, dict[str, str]]:
    """The checked details, or ``None`` and a message for each field that needs attention.

    ``email_required=False`` lets the email be left empty (correcting details).

    >>> check_sign_in({"name": " Ada Byron ", "email": "ada@example.org"})[0]
    SignInDetails(name='Ada Byron', email='ada@example.org', license_number=None)
    >>> check_sign_in({"name": "", "email": "ada"})[1]["email"]
    'Enter your email address in the right form, like name@example.org'
    """
    name = clean_name(values.get("name", ""))
    email = values.get("email", "").strip()
    license_number = " ".join(values.get("license_number", "").split())
    errors = {}
    problem = name_problem(name)
    if problem:
        errors["name"] = problem
    if not email:
        if email_required:
            errors["email"] = "Enter your email address"
    elif len(email) > EMAIL_LIMIT or not _EMAIL.fullmatch(email):
        errors["email"] = "Enter your email address in the right form, like name@example.org"
    if len(license_number) > LICENSE_LIMIT:
        errors["license_number"] = (
            f"Your license number must be {LICENSE_LIMIT} characters or fewer"
        )
    elif control := control_problem(license_number, "Your license number"):
        errors["license_number"] = control
    if errors:
        return None, errors
    return SignInDetails(name, email or None, license_number or None), {}


def refused_by_records(error: InvalidInputError) -> dict[str, str]:
    """The form's message when the records refuse a detail the form's own checks let by."""
    field = error.field if error.field in ("name", "email", "license_number") else "name"
    return {field: f"Check your {field.replace('_', ' ')}: it {error.reason}"}


SignedIn = Callable[["Learner", str, "str | None"], object]
"""Called with the learner, their session token and (first sign-in) their new personal code."""


def sign_in_form(
    records: Records, on_signed_in: SignedIn, *, forget: str = "", offer_resume: bool = True
) -> FormWidget:
    """The sign-in form; on success it records the learner and calls ``on_signed_in``.

    ``forget`` clears a session the browser remembers ("all" on signing out,
    or a token that turned out not to be valid).
    """
    form = FormWidget(replace(SIGN_IN_FORM, forget=forget, offer_resume=offer_resume))
    form.handler = lambda values: _handle(records, form, values, on_signed_in)
    return form


def _handle(
    records: Records, form: FormWidget, values: Mapping[str, str], on_signed_in: SignedIn
) -> dict[str, str]:
    from ..._exceptions import InvalidInputError
    from ._session import SignInRefusedError, sign_in

    details, errors = check_sign_in(values)
    if details is None:
        return errors
    store = records.get()
    store.on_retry = form.retrying("Signing in")
    try:
        learner, token, code = sign_in(
            store,
            details.name,
            email=details.email,
            license_number=details.license_number,
            code=values.get("code", ""),
        )
    except SignInRefusedError as error:
        return {error.field: error.message}
    except InvalidInputError as error:
        return refused_by_records(error)
    form.status = f"Signed in as {learner.name}."
    form.remember = {"token": token, "name": learner.name}
    form.done = True
    on_signed_in(learner, token, code)
    return {}
