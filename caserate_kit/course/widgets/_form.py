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
``submit`` message and are checked in the kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import traitlets

from ._guarded import GuardedWidget
from ._static import with_dom_helpers

__all__ = ["MEMORY_KEY", "ChoiceField", "Field", "FormSpec", "FormWidget", "TextField"]

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


_ESM = r"""
function setFlag(input, on) {
  if (on) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

function readMemory(key) {
  try {
    const value = JSON.parse(window.localStorage.getItem(key) || "null");
    const ok = value && typeof value.token === "string" && typeof value.name === "string";
    return ok ? value : null;
  } catch (error) { return null; }
}
function writeMemory(key, value) {
  try {
    if (value) window.localStorage.setItem(key, JSON.stringify(value));
    else window.localStorage.removeItem(key);
  } catch (error) { /* storage may be off: links still carry the session */ }
}
function readDraft(key) {
  try { return JSON.parse(window.sessionStorage.getItem(key) || "{}") || {}; }
  catch (error) { return {}; }
}
function writeDraft(key, value) {
  try {
    if (value) window.sessionStorage.setItem(key, JSON.stringify(value));
    else window.sessionStorage.removeItem(key);
  } catch (error) { /* ignore */ }
}

function render({ model, el }) {
  const spec = model.get("spec");
  const uid = "ckf-" + Math.random().toString(36).slice(2, 9);
  const level = Math.min(Math.max(spec.heading_level || 2, 2), 5);
  const draftKey = spec.draft_key ? "caserate-course:draft:" + spec.draft_key : "";
  const root = h("div", { class: "ckf-root mathjax_ignore tex2jax_ignore" });
  el.append(root);

  const memoryKey = spec.memory_key;
  if (spec.forget) {
    const known = readMemory(memoryKey);
    const drop = spec.forget === "all" || (known && known.token === spec.forget);
    if (drop) writeMemory(memoryKey, null);
  }
  if (spec.offer_resume) {
    const known = readMemory(memoryKey);
    if (known) root.append(resumePanel(known));
  }

  function resumePanel(known) {
    const here = window.location.pathname + "?token=" + encodeURIComponent(known.token);
    const panel = h("section", { class: "ckf-resume", "aria-labelledby": uid + "-resume" });
    const forget = h("button", { type: "button", class: "ckf-linkbutton" },
      "Forget me on this computer");
    forget.addEventListener("click", () => {
      writeMemory(memoryKey, null);
      panel.replaceChildren(h("p", { role: "status", tabindex: "-1",
        text: "Done: this computer no longer remembers you. Sign in below." }));
      panel.firstChild.focus();
    });
    panel.append(
      h("h" + level, { id: uid + "-resume", text: "Welcome back" }),
      h("p", {}, ["This computer remembers ", h("strong", { text: known.name }), "."]),
      h("p", {}, [h("a", { class: "ckf-button", href: here }, [
        "Continue as ", h("span", { text: known.name })])]),
      h("p", { class: "ckf-small" }, [
        "Not you, or on a shared computer? ", forget, " and sign in below."]),
    );
    return panel;
  }

  const form = h("form", { class: "ckf-form", novalidate: true,
    "aria-labelledby": uid + "-title" });
  const title = h("h" + level, { id: uid + "-title", class: "ckf-title", tabindex: "-1",
    text: spec.title });
  form.append(title);
  if (spec.intro) form.append(h("p", { class: "ckf-intro", text: spec.intro }));
  const summary = h("div", { class: "ckf-summary", tabindex: "-1", hidden: true,
    "aria-labelledby": uid + "-summary-title" });
  form.append(summary);

  const parts = {};
  const draft = draftKey ? readDraft(draftKey) : {};
  for (const f of spec.fields) {
    const id = `${uid}-${f.name}`;
    const hint = f.hint ? h("p", { class: "ckf-hint", id: id + "-hint", text: f.hint }) : null;
    const error = h("p", { class: "ckf-error", id: id + "-error", hidden: true });
    const labelText = f.label + (f.required ? "" : " (optional)");
    if (f.kind === "choice") {
      const group = h("fieldset", { class: "ckf-field ckf-choice" + (f.scale ? " ckf-scale" : ""),
        id, "aria-describedby": hint ? id + "-hint" : null });
      group.append(h("legend", { class: "ckf-label", text: labelText }));
      if (hint) group.append(hint);
      group.append(error);
      const list = h("div", { class: "ckf-options" });
      f.options.forEach((option, index) => {
        const input = h("input", { type: "radio", name: id, id: `${id}-${index}`,
          value: option.value, "aria-required": f.required ? "true" : null });
        if (draft[f.name] === option.value) input.checked = true;
        list.append(h("label", { class: "ckf-option", for: `${id}-${index}` },
          [input, h("span", { text: option.label })]));
      });
      group.append(list);
      form.append(group);
      parts[f.name] = { field: f, box: group, error, hintId: hint ? id + "-hint" : "",
        focusTarget: () => group.querySelector("input:checked") || group.querySelector("input"),
        value: () => (group.querySelector("input:checked") || { value: "" }).value,
        describe: (ids) => group.setAttribute("aria-describedby", ids) ,
        invalid: (on) => group.querySelectorAll("input").forEach((input) => setFlag(input, on)),
        disable: (on) => group.querySelectorAll("input").forEach((input) => {
          input.disabled = on;
        }) };
    } else {
      const box = h("div", { class: "ckf-field", id: id + "-box" });
      const attrs = { id, name: f.name, autocomplete: f.autocomplete || null,
        maxlength: f.max_length, "aria-describedby": hint ? id + "-hint" : null,
        "aria-required": f.required ? "true" : null,
        spellcheck: f.kind === "email" ? "false" : null };
      const input = f.kind === "textarea"
        ? h("textarea", { ...attrs, rows: 5 })
        : h("input", { ...attrs, type: f.kind === "email" ? "email" : "text" });
      if (typeof draft[f.name] === "string") input.value = draft[f.name];
      else if (f.value) input.value = f.value;
      box.append(h("label", { class: "ckf-label", for: id, text: labelText }));
      if (hint) box.append(hint);
      box.append(error, input);
      form.append(box);
      parts[f.name] = { field: f, box, error, hintId: hint ? id + "-hint" : "",
        focusTarget: () => input, value: () => input.value,
        describe: (ids) => ids
          ? input.setAttribute("aria-describedby", ids)
          : input.removeAttribute("aria-describedby"),
        invalid: (on) => setFlag(input, on),
        disable: (on) => { input.readOnly = on; } };
    }
  }

  const button = h("button", { type: "submit", class: "ckf-button", text: spec.submit_label });
  const status = h("p", { class: "ckf-status", role: "status", tabindex: "-1" });
  form.append(h("div", { class: "ckf-buttons" }, [button]), status);
  root.append(form);

  const values = () => Object.fromEntries(Object.entries(parts).map(([n, p]) => [n, p.value()]));
  if (draftKey) form.addEventListener("input", () => writeDraft(draftKey, values()));
  if (draftKey) form.addEventListener("change", () => writeDraft(draftKey, values()));

  let pending = false;
  let slowTimer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending || model.get("done")) return;
    pending = true;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("ckf-busy");
    status.textContent = "Sending…";
    model.send({ event: "submit", values: values() });
    slowTimer = window.setTimeout(() => {
      if (!pending) return;
      status.textContent = "The course server has not answered yet. Your answers are kept " +
        "in this page; if nothing happens in a minute, reload the page and send them again.";
      pending = false;
      button.removeAttribute("aria-disabled");
      button.classList.remove("ckf-busy");
    }, 20000);
  });

  function showErrors() {
    const errors = model.get("errors") || {};
    const names = Object.keys(parts).filter((name) => errors[name]);
    for (const [name, part] of Object.entries(parts)) {
      const message = errors[name];
      part.box.classList.toggle("ckf-has-error", Boolean(message));
      part.error.hidden = !message;
      part.error.replaceChildren(...(message
        ? [h("span", { class: "ckf-visually-hidden", text: "Error: " }), message] : []));
      part.invalid(Boolean(message));
      const ids = [part.hintId, message ? part.error.id : ""].filter(Boolean).join(" ");
      part.describe(ids);
    }
    summary.replaceChildren();
    summary.hidden = names.length === 0;
    if (!names.length) return;
    const list = h("ul", { class: "ckf-summary-list" });
    for (const name of names) {
      const target = parts[name];
      const anchor = h("a", { href: "#" + target.box.id, text: errors[name] });
      anchor.addEventListener("click", (event) => {
        event.preventDefault();
        const input = target.focusTarget();
        if (input) input.focus();
      });
      list.append(h("li", {}, [anchor]));
    }
    summary.append(
      h("h" + Math.min(level + 1, 6), { id: uid + "-summary-title", class: "ckf-summary-title",
        text: "There is a problem" }), list);
    summary.focus();
  }

  function showDone() {
    const done = model.get("done");
    const hadFocus = form.contains(document.activeElement);
    button.hidden = done;
    if (done && hadFocus) status.focus();
    for (const part of Object.values(parts)) part.disable(done);
    if (done && draftKey) writeDraft(draftKey, null);
  }

  function showStatus() { status.textContent = model.get("status") || ""; }

  function onAnswered() {
    pending = false;
    if (slowTimer) window.clearTimeout(slowTimer);
    button.removeAttribute("aria-disabled");
    button.classList.remove("ckf-busy");
  }

  function onRemember() {
    const memory = model.get("remember") || {};
    if (!memory.token) return;
    writeMemory(memoryKey, { token: memory.token, name: memory.name || "" });
    try {
      const url = new URL(window.location.href);
      url.search = "?token=" + encodeURIComponent(memory.token);
      window.history.replaceState(null, "", url.toString());
    } catch (error) { /* the links still carry the session */ }
    focusNewHeading(document.getElementById("page-title"));
  }

  // The kernel replaces the page after a sign-in: take the focus to its new heading.
  function focusNewHeading(old) {
    let tries = 0;
    const timer = window.setInterval(() => {
      const heading = document.getElementById("page-title");
      tries += 1;
      if ((heading && heading !== old) || tries > 50) {
        window.clearInterval(timer);
        if (heading && heading !== old) heading.focus();
      }
    }, 100);
  }

  model.on("change:errors", showErrors);
  model.on("change:status", showStatus);
  model.on("change:answered", onAnswered);
  model.on("change:done", showDone);
  model.on("change:remember", onRemember);
  showStatus();
  showDone();
  if (Object.keys(model.get("errors") || {}).length) showErrors();
  return () => { if (slowTimer) window.clearTimeout(slowTimer); };
}

export default { render };
"""

_CSS = r"""
.ckf-root {
  --ckf-ink: #1b1f24; --ckf-muted: #4a5563; --ckf-line: #8a96a6; --ckf-navy: #163052;
  --ckf-focus: #1a5fb4; --ckf-error: #b42318;
  max-width: 66rem; margin: 0 auto; color: var(--ckf-ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.125rem; line-height: 1.6;
}
.ckf-root *, .ckf-root *::before, .ckf-root *::after { box-sizing: border-box; }
.ckf-root [hidden] { display: none !important; }
.ckf-form, .ckf-resume { background: #ffffff; border: 1px solid #d3dae3; border-radius: 12px;
  padding: 1.75rem; margin: 0 0 1.5rem; max-width: 48rem; }
.ckf-resume { border-left: 6px solid var(--ckf-navy); }
.ckf-root h2, .ckf-root h3, .ckf-root h4 { color: var(--ckf-navy); line-height: 1.3;
  margin: 0 0 0.75rem; }
.ckf-root h2 { font-size: 1.5rem; }
.ckf-root h3 { font-size: 1.25rem; }
.ckf-title:focus { outline: none; }
.ckf-intro { margin: 0 0 1.25rem; color: var(--ckf-muted); }
.ckf-field { margin: 0 0 1.5rem; padding: 0; border: 0; min-width: 0; }
.ckf-field.ckf-has-error { border-left: 5px solid var(--ckf-error); padding-left: 1rem; }
.ckf-label { display: block; font-weight: 700; margin: 0 0 0.25rem; padding: 0;
  font-size: 1.125rem; }
.ckf-hint { margin: 0 0 0.4rem; color: var(--ckf-muted); font-size: 1rem; }
.ckf-error { margin: 0 0 0.4rem; color: var(--ckf-error); font-weight: 700; font-size: 1rem; }
.ckf-root input[type="text"], .ckf-root input[type="email"], .ckf-root textarea {
  display: block; width: 100%; max-width: 32rem; font: inherit; color: inherit;
  padding: 0.55rem 0.75rem; min-height: 48px; border: 2px solid var(--ckf-line);
  border-radius: 6px; background: #ffffff; }
.ckf-root textarea { max-width: 40rem; resize: vertical; }
.ckf-root [aria-invalid="true"]:not([type="radio"]) { border-color: var(--ckf-error); }
.ckf-root input:focus-visible, .ckf-root textarea:focus-visible, .ckf-root button:focus-visible,
.ckf-root a:focus-visible {
  outline: 3px solid var(--ckf-focus); outline-offset: 2px; }
.ckf-options { display: flex; flex-direction: column; gap: 0.4rem; }
.ckf-scale .ckf-options { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr));
  gap: 0.5rem; }
@media (max-width: 600px) { .ckf-scale .ckf-options { grid-template-columns: 1fr; } }
.ckf-option { display: flex; align-items: center; gap: 0.6rem; cursor: pointer;
  min-height: 44px; padding: 0.35rem 0.9rem 0.35rem 0.6rem; border: 2px solid #d3dae3;
  border-radius: 8px; background: #ffffff; }
.ckf-option:hover { border-color: var(--ckf-navy); }
.ckf-option input { flex: none; width: 1.35rem; height: 1.35rem; margin: 0;
  accent-color: var(--ckf-navy); }
.ckf-option:has(input:checked) { border-color: var(--ckf-navy); background: #eef2f7; }
.ckf-buttons { margin: 1.75rem 0 0.5rem; }
.ckf-button, a.ckf-button { display: inline-block; font: inherit; font-weight: 700;
  color: #ffffff; background: var(--ckf-navy); border: 2px solid var(--ckf-navy);
  border-radius: 8px; padding: 0.65rem 1.5rem; min-height: 48px; cursor: pointer;
  text-decoration: none; }
.ckf-button:hover { background: #0e2240; }
.ckf-button.ckf-busy { opacity: 0.75; cursor: progress; }
.ckf-linkbutton { font: inherit; color: #0b57a4; background: none; border: 0; padding: 0;
  text-decoration: underline; cursor: pointer; }
.ckf-small { font-size: 1rem; color: var(--ckf-muted); }
.ckf-status { min-height: 1.6em; margin: 0.5rem 0 0; font-weight: 600; }
.ckf-status:focus { outline: none; }
.ckf-summary { border: 4px solid var(--ckf-error); border-radius: 8px; padding: 1rem 1.25rem;
  margin: 0 0 1.5rem; }
.ckf-summary:focus { outline: 3px solid var(--ckf-focus); outline-offset: 2px; }
.ckf-summary-title { margin-top: 0; }
.ckf-summary-list { margin: 0; padding-left: 1.25rem; }
.ckf-summary-list a { color: var(--ckf-error); font-weight: 700; }
.ckf-visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px;
  padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (max-width: 480px) { .ckf-form, .ckf-resume { padding: 1.25rem; } }
"""


Handler = Callable[[dict[str, str]], Mapping[str, str]]
"""Checks and uses the values; returns a message per field that needs attention (none: accepted)."""


class FormWidget(GuardedWidget):
    """One form on the page. Traits synced with the page (kernel to page only):

    ``spec`` (the form), ``errors`` (field name to message), ``status`` (the
    announced line), ``answered`` (counts the kernel's answers to submits),
    ``done`` (accepted: the form is closed) and ``remember`` (a session for
    the browser to keep).
    """

    _esm = with_dom_helpers(_ESM)
    _css = _CSS

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

    def _on_page_message(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.submit(content.get("values") or {})
