"""The learner's details page: ``details.ipynb?token=...``.

A learner corrects the name, email and license number their certificates
print. Under JupyterHub this is where a learner first gives them, since the
hub knows only a user name. Each correction is recorded as a new row (the
records are append-only) and the newest counts from then on, on the
trainer's roster and on certificates issued afterwards. A certificate states
the details it was issued to, so a correction of the name or license number
re-issues the learner's certificates under new codes (the old codes still
verify, and say they were replaced).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from ._frame import Records, Visitor, escape, link, page_html, signed_in_page

if TYPE_CHECKING:
    from ..records import Learner
    from ..widgets import FormWidget

__all__ = ["details_form", "details_page", "needs_details"]

_CORRECT = (
    "<p>Correct your name, email or license number here. Certificates you already hold "
    "are re-issued with the new name and license number, under new codes; your progress "
    "stays as it is.</p>"
)


def needs_details(learner: Learner) -> bool:
    """Whether the learner's name is still only their hub user name."""
    return learner.external_id is not None and learner.name == learner.external_id


def details_form(
    records: Records, learner: Learner, on_saved: Callable[[Learner], object] | None = None
) -> FormWidget:
    """The form, filled with the learner's details; sending it records the correction.

    The form stays open after a save, for another correction; ``on_saved`` is
    called with the learner as saved (the page's header follows the new name).
    """
    from dataclasses import replace

    from ..widgets import FormSpec, FormWidget, TextField
    from ._signin import SIGN_IN_FORM

    now = {
        "name": "" if needs_details(learner) else learner.name,
        "email": learner.email or "",
        "license_number": learner.license_number or "",
    }
    fields = tuple(
        replace(field, value=now[field.name], required=field.required and field.name != "email")
        for field in SIGN_IN_FORM.fields
        if isinstance(field, TextField) and field.name in now
    )
    form = FormWidget(
        FormSpec(
            title="Name, email and license number",
            intro="Your certificates show the name and license number below.",
            fields=fields,
            submit_label="Save my details",
            heading_level=2,
        )
    )
    form.handler = lambda values: _save(records, form, learner, values, on_saved)
    return form


def _save(
    records: Records,
    form: FormWidget,
    learner: Learner,
    values: Mapping[str, str],
    on_saved: Callable[[Learner], object] | None,
) -> dict[str, str]:
    from ..._exceptions import InvalidInputError
    from ..certificates import reissue_after_correction
    from ._signin import check_sign_in, refused_by_records

    details, errors = check_sign_in(values, email_required=False)
    if details is None:
        return errors
    store = records.get()
    store.on_retry = form.retrying("Saving")
    if details.email and any(
        other.id != learner.id for other in store.learners_with_email(details.email)
    ):
        return {
            "email": "This email is on another learner record. If that record is yours too, "
            "ask your trainer to merge the two; otherwise check the email."
        }
    before = store.get_learner(learner.id) or learner
    try:
        saved = store.update_details(
            learner.id, details.name, details.email, details.license_number
        )
    except InvalidInputError as error:
        return refused_by_records(error)
    reissued = []
    if (saved.name, saved.license_number) != (before.name, before.license_number):
        reissued = reissue_after_correction(store, learner.id, before=before)
    licence = f", license number {saved.license_number}" if saved.license_number else ""
    form.status = f"Saved. Your certificates will show: {saved.name}{licence}." + _reissued(
        len(reissued)
    )
    if on_saved is not None:
        on_saved(saved)
    return {}


def _reissued(count: int) -> str:
    """The sentence telling the learner their certificates were re-issued ("" if none)."""
    if not count:
        return ""
    which = "Your certificate was" if count == 1 else f"Your {count} certificates were"
    return (
        f" {which} re-issued with these details and new codes: download "
        f"{'it' if count == 1 else 'them'} again from Your CE transcript, on the course home."
    )


def details_page(
    store: Any = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The details page for the signed-in learner (or the sign-in prompt)."""
    build = partial(_build, query_string=query_string)
    return signed_in_page("Your details", "details page", build, store, query_string, environ)


def _build(records: Records, visitor: Visitor, learner: Learner, query_string: str | None) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    from ..widgets import EarlyBox

    token = visitor.token
    intro = _CORRECT
    if needs_details(learner):
        intro = (
            f"<p>You are signed in as <strong>{escape(learner.name)}</strong>. Give your full "
            "name as it should appear on your CE certificates, and your license number if "
            "you hold one.</p>"
        )

    def header_html(name: str, text: str) -> str:
        return page_html(
            "Your details",
            text,
            token=token,
            learner_name=name,
            can_sign_out=not visitor.hub,
            styles=("forms",),
        )

    header = widgets.HTML(header_html(learner.name, intro))

    def follow(saved: Learner) -> None:
        header.value = header_html(saved.name, _CORRECT)

    back = widgets.HTML(f'<p><a href="{link("home", token)}">Back to the course home</a></p>')
    # An early box: the page offers a working copy of the form before its scripts arrive.
    return EarlyBox(
        [header, details_form(records, learner, follow), back],
        layout=widgets.Layout(width="100%"),
    )
