"""A download link whose file the kernel makes only when the link is chosen.

A page holding workbooks as ``data:`` links from the start would build them
all before the learner has looked at anything. :class:`DownloadLink` is a real
link (``<a download>``); its script (``static/download_link.js``) asks the
kernel for the file the first time it is chosen, sets the link's address to
the ``data:`` URI the kernel sends back and follows it. The file is kept until
:meth:`DownloadLink.refresh` says it has changed (the inputs behind it did), so
the next choice builds it again. The page may set no trait.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from typing import Any

import traitlets

from ._errors import friendly_message, log_error
from ._guarded import GuardedWidget
from ._static import STATIC, with_dom_helpers

__all__ = ["CSV", "XLSX", "DownloadLink"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The media type of an Excel workbook."""

CSV = "text/csv"
"""The media type of a CSV file."""


class DownloadLink(GuardedWidget):
    """A link labelled ``label`` that downloads ``make()`` as ``filename``.

    Synced traits, set by the kernel: ``label``, ``filename`` and ``version``
    (raised by :meth:`refresh`, which makes the page ask for the file again).
    """

    _esm = with_dom_helpers(STATIC / "download_link.js")

    label = traitlets.Unicode("").tag(sync=True)
    filename = traitlets.Unicode("").tag(sync=True)
    version = traitlets.Int(0).tag(sync=True)

    def __init__(
        self, label: str, filename: str, make: Callable[[], bytes], media_type: str, **kwargs: Any
    ) -> None:
        super().__init__(label=label, filename=filename, **kwargs)
        self._make = make
        self._media_type = media_type
        self._href: str | None = None
        self.on_msg(self._received)

    def refresh(self, filename: str | None = None) -> None:
        """Say the file has changed: it is made again the next time the link is chosen."""
        self._href = None
        with self.hold_sync():
            if filename is not None:
                self.filename = filename
            self.version += 1

    def href(self) -> str:
        """The file as a ``data:`` URI, made now unless it is already made."""
        if self._href is None:
            encoded = base64.b64encode(self._make()).decode("ascii")
            self._href = f"data:{self._media_type};base64,{encoded}"
        return self._href

    def early_html(self) -> str:
        """The link as its script first draws it, for the page's early copy (not yet usable)."""
        return (
            '<div class="lm-Widget ck-download-host"><a class="ck-download">'
            f"{html.escape(self.label)}</a></div>"
        )

    def _received(self, _widget: object, content: object, _buffers: object) -> None:
        if not isinstance(content, dict) or content.get("event") != "download":
            return
        version = self.version
        try:
            href = self.href()
        except Exception as error:  # the learner is told, the details go to the log
            reference = log_error(error, f"the download of {self.filename}")
            message = f"{friendly_message(error)} (Reference {reference}.)"
            self.send({"event": "failed", "message": message})
            return
        self.send({"event": "file", "version": version, "href": href})
