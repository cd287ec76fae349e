"""The security boundary every course widget shares: the page may set only what the widget names.

A Voila page's widget state can be read and set by anyone who opens its
websocket, not only by the widget's own script. So a course widget accepts
from the page only the traits it lists in :attr:`GuardedWidget.page_may_set`
(the learner's answers, say), and only while :meth:`GuardedWidget.accepts`
allows it (not after the result is in); every other change the page sends
(a forged ``result``, a changed question, an unlocked form) is refused, and
the kernel's own value is sent back so that the page shows it again.
"""

from __future__ import annotations

from typing import Any, ClassVar

import anywidget

__all__ = ["GuardedWidget"]


class GuardedWidget(anywidget.AnyWidget):
    """An anywidget that takes from the page only the traits in :attr:`page_may_set`."""

    page_may_set: ClassVar[frozenset[str]] = frozenset()
    """The traits the page may change; none unless a widget names some."""

    def accepts(self, name: str) -> bool:
        """Whether the page may change trait ``name`` now (a widget may narrow this)."""
        return name in self.page_may_set

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply the changes the page may make; send the kernel's value back for the rest."""
        accepted = {name: value for name, value in sync_data.items() if self.accepts(name)}
        refused = [name for name in sync_data if name not in accepted and name in self.keys]
        if accepted:
            super().set_state(accepted)
        if refused:
            self.send_state(refused)
