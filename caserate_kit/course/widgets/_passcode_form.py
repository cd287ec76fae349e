"""The trainer dashboard's passcode form: a labelled field and an Unlock button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import traitlets

from ._guarded import GuardedWidget

__all__ = ["PasscodeForm"]


_FORM_ESM: Final = """
let forms = 0;
function render({ model, el }) {
  const id = `td-passcode-${++forms}`;
  const form = document.createElement("form");
  form.className = "td-form";
  form.innerHTML =
    `<label for="${id}">Trainer passcode</label>` +
    `<input id="${id}" type="password" autocomplete="current-password" spellcheck="false">` +
    `<button type="submit" class="td-button">Unlock</button>`;
  const input = form.querySelector("input");
  const button = form.querySelector("button");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (model.get("busy")) return;
    model.send({ event: "unlock", passcode: input.value });
    input.value = "";
  });
  const show = () => {
    button.disabled = model.get("busy");
    button.textContent = model.get("busy") ? "Checking…" : "Unlock";
  };
  model.on("change:busy", show);
  show();
  el.append(form);
}
export default { render };
"""


class PasscodeForm(GuardedWidget):
    """A labelled passcode field with an Unlock button (Enter works too).

    The passcode is never a trait: the page sends it once, in the message that
    asks to unlock, and empties the field, so it is never part of the page's
    widget state and cannot trail behind a click.
    """

    _esm = _FORM_ESM
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: list[Callable[[str], object]] = []
        self.on_msg(self._received)

    def on_passcode(self, handler: Callable[[str], object]) -> None:
        """Call ``handler(passcode)`` each time the page asks to unlock."""
        self._handlers.append(handler)

    def _received(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "unlock":
            passcode = content.get("passcode")
            for handler in self._handlers:
                handler(passcode if isinstance(passcode, str) else "")
