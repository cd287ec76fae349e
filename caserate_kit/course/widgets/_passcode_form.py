"""The trainer dashboard's passcode form: a labelled field and an Unlock button.

Its script is ``static/passcode_form.js``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import traitlets

from ._guarded import GuardedWidget
from ._static import static_text

__all__ = ["PasscodeForm"]


class PasscodeForm(GuardedWidget):
    """A labelled passcode field with an Unlock button (Enter works too).

    The passcode is never a trait: the page sends it once, in the message that
    asks to unlock, and empties the field, so it is never part of the page's
    widget state and cannot trail behind a click.
    """

    _esm = static_text("passcode_form.js")
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: list[Callable[[str], object]] = []
        self.on_msg(self._received)

    def early_html(self) -> str:
        """The form as its script draws it, for the page's early copy (:mod:`._early`)."""
        return (
            '<form class="ck-dash-form"><label for="ck-dash-passcode-early">Trainer passcode'
            '</label><input id="ck-dash-passcode-early" type="password" '
            'autocomplete="current-password" spellcheck="false">'
            '<button type="submit" class="ck-dash-button">Unlock</button></form>'
        )

    def on_passcode(self, handler: Callable[[str], object]) -> None:
        """Call ``handler(passcode)`` each time the page asks to unlock."""
        self._handlers.append(handler)

    def _received(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("event") == "unlock":
            passcode = content.get("passcode")
            for handler in self._handlers:
                handler(passcode if isinstance(passcode, str) else "")
