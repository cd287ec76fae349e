"""An accessible form widget: labelled fields, radio groups in fieldsets, errors per field.

The page draws the form from a plain description (:class:`FormSpec`) and sends
the learner's values to the kernel when they press the button. The kernel
checks them and answers with a message per field that needs attention, or
accepts them. The page never decides anything:

- every text field has a real ``<label>``; every choice is a ``<fieldset>``
  with a ``<legend>`` and one radio ``name``; hints and errors are tied to
  their field with ``aria-describedby``, and a wrong field is ``aria-invalid``;
- after a refused submit an error summary lists each problem as a link to its
  field and takes the focus; a status line (``role="status"``) announces
  "Sending…", retries and the outcome;
- a second press while the first is being handled sends nothing; what the
  learner typed stays in the page, and (with ``draft_key``) survives a reload
  in the tab's session storage;
- for the sign-in form, the page can remember the session token in the
  browser (``remember``) and offer "Continue as <name>" next time.

The page may change nothing in the widget's state: values arrive only as a
``submit`` message and are checked in the kernel. The page's script is
``static/form.js``; its look is the forms' section of ``static/course.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import traitlets

from ._guarded import GuardedWidget
from ._static import STATIC, with_dom_helpers

__all__ = [
    "MEMORY_KEY",
    "ChoiceField",
    "Field",
    "FormSpec",
    "FormWidget",
    "TextField",
    "form_html",
]

MEMORY_KEY = "caserate-course:session"
"""Where the browser keeps the remembered session (``localStorage``)."""

_MAX_VALUE = 10_000


@dataclass(frozen=True)
class TextField:
    """A one-line text box, an email box (``kind="email"``) or a larger box (``"textarea"``)."""

    name: str
    label: str
    hint: str = ""
    required: bool = True
    kind: str = "text"
    autocomplete: str = ""
    max_length: int = 200
    value: str = ""
    """What the box holds when the form opens (a draft the learner typed wins)."""

    def view(self) -> dict[str, Any]:
        """What the page needs to draw the field."""
        return {
            "name": self.name,
            "kind": self.kind,
            "label": self.label,
            "hint": self.hint,
            "required": self.required,
            "autocomplete": self.autocomplete,
            "max_length": self.max_length,
            "value": self.value,
        }


@dataclass(frozen=True)
class ChoiceField:
    """A group of radio buttons; ``options`` are (value, label) pairs."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    hint: str = ""
    required: bool = True
    scale: bool = False
    """Draw the options side by side, as a rating scale."""

    def view(self) -> dict[str, Any]:
        """What the page needs to draw the group."""
        return {
            "name": self.name,
            "kind": "choice",
            "label": self.label,
            "hint": self.hint,
            "required": self.required,
            "scale": self.scale,
            "options": [{"value": value, "label": label} for value, label in self.options],
        }


Field = TextField | ChoiceField


@dataclass(frozen=True)
class FormSpec:
    """A whole form: heading, fields and button, plus the sign-in form's extras.

    ``draft_key`` keeps unsent values in the tab across reloads; ``offer_resume``
    shows "Continue as <name>" when the browser remembers a session;
    ``forget`` clears the remembered session ("all", or only if it is that token).
    """

    title: str
    fields: tuple[Field, ...]
    submit_label: str
    intro: str = ""
    heading_level: int = 2
    draft_key: str = ""
    offer_resume: bool = False
    forget: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        """What the page needs to draw the form."""
        return {
            "title": self.title,
            "intro": self.intro,
            "heading_level": self.heading_level,
            "submit_label": self.submit_label,
            "fields": [item.view() for item in self.fields],
            "draft_key": self.draft_key,
            "offer_resume": self.offer_resume,
            "forget": self.forget,
            "memory_key": MEMORY_KEY,
        }

    def clean(self, values: object) -> dict[str, str]:
        """The submitted values of this form's fields only, as trimmed text ("" when missing)."""
        given = values if isinstance(values, Mapping) else {}
        cleaned = {}
        for item in self.fields:
            value = given.get(item.name, "")
            text = value if isinstance(value, str) else ""
            cleaned[item.name] = text.strip()[:_MAX_VALUE]
        return cleaned


Handler = Callable[[dict[str, str]], Mapping[str, str]]
"""Checks and uses the values; returns a message per field that needs attention (none: accepted)."""


class FormWidget(GuardedWidget):
    """One form on the page. Traits synced with the page (kernel to page only):

    ``spec`` (the form), ``errors`` (field name to message), ``status`` (the
    announced line), ``answered`` (counts the kernel's answers to submits),
    ``done`` (accepted: the form is closed) and ``remember`` (a session for
    the browser to keep).
    """

    _esm = with_dom_helpers(STATIC / "form.js")

    spec = traitlets.Dict().tag(sync=True)
    errors = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    answered = traitlets.Int(0).tag(sync=True)
    done = traitlets.Bool(False).tag(sync=True)
    remember = traitlets.Dict().tag(sync=True)

    def __init__(self, form: FormSpec, handler: Handler | None = None, **kwargs: Any) -> None:
        super().__init__(spec=form.view(), **kwargs)
        self.form = form
        self.handler: Handler = handler or (lambda _values: {})
        """Checks and uses submitted values (it may be set after the widget is made)."""
        self._busy = False
        self.on_msg(self._on_page_message)

    def retrying(self, doing: str) -> Callable[[int, float], None]:
        """A records store's ``on_retry`` that tells the learner the records are busy.

        >>> form = FormWidget(FormSpec("Sign in", (), "Sign in"))
        >>> form.retrying("Signing in")(1, 0.1)
        >>> form.status
        'Signing in… the records are busy, trying again.'
        """

        def tell(_try: int, _pause: float) -> None:
            self.status = f"{doing}… the records are busy, trying again."

        return tell

    def submit(self, values: Mapping[str, object]) -> None:
        """Handle a submit as if the page had sent ``values``."""
        if self._busy:
            return
        if self.done:
            self.status = "This form was already sent. Nothing more is needed."
            self.answered += 1
            return
        self._busy = True
        self.status = "Sending…"
        try:
            problems = dict(self.handler(self.form.clean(values)))
        except Exception as error:
            from ._errors import friendly_message, log_error

            reference = log_error(error, "form submit")
            problems = {}
            self.status = (
                f"{friendly_message(error)} (Reference {reference}.) Your answers are kept."
            )
        else:
            self.errors = problems
            if problems:
                count = len(problems)
                noun = "answer needs" if count == 1 else "answers need"
                self.status = f"Not sent yet: {count} {noun} your attention."
            elif self.status == "Sending…":
                self.status = "Sent."
        finally:
            self._busy = False
            self.answered += 1

    def early_html(self) -> str:
        """The form as its script will draw it, for the page's early copy (:mod:`._early`).

        The sign-in form has none: whether it offers "Continue as" only the
        browser knows. Nor has a form already sent.
        """
        from ._early import NoEarlyCopy

        if self.form.offer_resume or self.done:
            raise NoEarlyCopy("this form is drawn only by its script")
        return form_html(self.form)

    def _on_page_message(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.submit(content.get("values") or {})


def form_html(form: FormSpec, uid: str = "ck-form-early") -> str:
    """``form`` as ``static/form.js`` draws it: the same elements, controls and order.

    >>> html = form_html(FormSpec("Your details", (TextField("name", "Name"),), "Save"))
    >>> html.count("<input"), "aria-required" in html, 'type="submit"' in html
    (1, True, True)
    """
    from html import escape

    level = min(max(form.heading_level, 2), 5)
    parts = [
        f'<div class="ck-form mathjax_ignore tex2jax_ignore">'
        f'<form class="ck-form-card" novalidate aria-labelledby="{uid}-title">'
        f'<h{level} id="{uid}-title" class="ck-form-title" tabindex="-1">'
        f"{escape(form.title)}</h{level}>"
    ]
    if form.intro:
        parts.append(f'<p class="ck-form-intro">{escape(form.intro)}</p>')
    parts.append('<div class="ck-form-summary" tabindex="-1" hidden></div>')
    for item in form.fields:
        at = f"{uid}-{escape(item.name)}"
        hint = (
            f'<p class="ck-form-hint" id="{at}-hint">{escape(item.hint)}</p>' if item.hint else ""
        )
        described = f' aria-describedby="{at}-hint"' if item.hint else ""
        label = escape(item.label + ("" if item.required else " (optional)"))
        required = ' aria-required="true"' if item.required else ""
        error = f'<p class="ck-form-error" id="{at}-error" hidden></p>'
        if isinstance(item, ChoiceField):
            scale = " ck-form-scale" if item.scale else ""
            options = "".join(
                f'<label class="ck-form-option" for="{at}-{index}">'
                f'<input type="radio" name="{at}" id="{at}-{index}" value="{escape(value)}"'
                f"{required}><span>{escape(text)}</span></label>"
                for index, (value, text) in enumerate(item.options)
            )
            parts.append(
                f'<fieldset class="ck-form-field ck-form-choice{scale}" id="{at}"{described}>'
                f'<legend class="ck-form-label">{label}</legend>{hint}{error}'
                f'<div class="ck-form-options">{options}</div></fieldset>'
            )
            continue
        attributes = (
            f'id="{at}" name="{escape(item.name)}"{described}{required}'
            + (f' autocomplete="{escape(item.autocomplete)}"' if item.autocomplete else "")
            + (' spellcheck="false"' if item.kind == "email" else "")
        )
        if item.kind == "textarea":
            control = f'<textarea {attributes} rows="5">{escape(item.value)}</textarea>'
        else:
            kind = "email" if item.kind == "email" else "text"
            control = f'<input {attributes} type="{kind}" value="{escape(item.value)}">'
        parts.append(
            f'<div class="ck-form-field" id="{at}-box">'
            f'<label class="ck-form-label" for="{at}">{label}</label>{hint}{error}{control}</div>'
        )
    parts.append(
        f'<div class="ck-form-buttons"><button type="submit" class="ck-form-button">'
        f"{escape(form.submit_label)}</button></div>"
        '<p class="ck-form-status" role="status" tabindex="-1"></p></form></div>'
    )
    return "".join(parts)
