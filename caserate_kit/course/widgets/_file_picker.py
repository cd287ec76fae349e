"""A file picker that sends a file to the kernel in small parts.

The course server refuses any websocket message over 256 KiB, and ipywidgets'
own ``FileUpload`` sends a whole file in one message. :class:`FilePicker` is a
real ``<input type="file">`` with a visible label whose script
(``static/file_picker.js``) refuses a file over :attr:`~FilePicker.max_bytes`
at once, naming the limit, and otherwise sends it in parts of at most
:data:`CHUNK_BYTES` (custom messages, each part a binary buffer), one at a time,
each acknowledged, with a progress line for a file of several parts.

The page may lie, so the kernel checks everything again: the size announced
against the limit, each part's number against the next one expected, each
part's length against :data:`CHUNK_BYTES`, and the bytes received against the
size announced. Only a whole file reaches the callback ``on_file(name,
content)``; nothing is written to disk. The page may set no trait: it speaks
only through those messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import traitlets

from ._errors import friendly_message, log_error
from ._guarded import GuardedWidget
from ._static import STATIC, with_dom_helpers

__all__ = [
    "CHUNK_BYTES",
    "MAX_NAME_LENGTH",
    "FilePicker",
    "clean_file_name",
    "over_text",
    "size_text",
]

CHUNK_BYTES = 64 * 1024
"""The largest part of a file one message carries: 64 KiB, well under the server's limit."""

MAX_NAME_LENGTH = 120
"""File names longer than this are shortened (the page's name is only ever shown)."""

_TONES = frozenset({"info", "good", "warn"})
_ID = re.compile(r"^[A-Za-z0-9-]{1,40}$")


def size_text(size: int) -> str:
    """A file size as people read it: ``640 KB``, ``1.3 MB``.

    >>> size_text(1_000_000), size_text(1_300_000), size_text(65_536), size_text(512)
    ('1 MB', '1.3 MB', '66 KB', '512 bytes')
    """
    if size >= 1_000_000:
        return f"{round(size / 1_000_000, 1):g} MB"
    if size >= 1_000:
        return f"{round(size / 1_000):,} KB"
    return f"{size} byte{'s' if size != 1 else ''}"


def over_text(size: int, limit: int) -> tuple[str, str]:
    """A size and the limit it is over, exact when rounding would make them look the same.

    >>> over_text(1_200_000, 1_000_000), over_text(1_000_001, 1_000_000)
    (('1.2 MB', '1 MB'), ('1,000,001 bytes', '1 MB (1,000,000 bytes)'))
    """
    if size_text(size) != size_text(limit):
        return size_text(size), size_text(limit)
    return f"{size:,} bytes", f"{size_text(limit)} ({limit:,} bytes)"


def clean_file_name(name: object) -> str:
    """The name the page gave, as safe to show: no folders, no control characters, not too long.

    >>> clean_file_name("C:\\\\fakepath\\\\budget.xlsx"), clean_file_name("a\\x00b.csv")
    ('budget.xlsx', 'ab.csv')
    """
    text = str(name) if isinstance(name, str) else ""
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip()
    if len(text) > MAX_NAME_LENGTH:
        _stem, dot, suffix = text.rpartition(".")
        keep = suffix if dot and len(suffix) <= 8 else ""
        text = text[: MAX_NAME_LENGTH - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return text or "the file"


@dataclass
class _Transfer:
    """One file on its way: who it is, what it announced, and the parts so far."""

    id: str
    name: str
    size: int
    parts: list[bytes] = field(default_factory=list)
    received: int = 0


class FilePicker(GuardedWidget):
    """A labelled file input; each whole file chosen reaches ``on_file(name, content)``.

    Synced traits, all set by the kernel: ``label``, ``hint``, ``accept``,
    ``max_bytes``, ``chunk_bytes``, and the status line ``status`` with its
    ``tone`` (``info``, ``good`` or ``warn``), which the page announces.
    """

    _esm = with_dom_helpers(STATIC / "file_picker.js")

    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode(".csv,.xlsx").tag(sync=True)
    max_bytes = traitlets.Int(1_000_000).tag(sync=True)
    chunk_bytes = traitlets.Int(CHUNK_BYTES).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    tone = traitlets.Unicode("info").tag(sync=True)

    def __init__(
        self,
        label: str,
        max_bytes: int,
        on_file: Callable[[str, bytes], object],
        hint: str = "",
        accept: str = ".csv,.xlsx",
        **kwargs: Any,
    ) -> None:
        super().__init__(label=label, max_bytes=max_bytes, hint=hint, accept=accept, **kwargs)
        self._on_file = on_file
        self._transfer: _Transfer | None = None
        self.on_msg(self._received)

    @traitlets.validate("tone")
    def _valid_tone(self, proposal: traitlets.Bunch) -> str:
        tone = str(proposal["value"])
        if tone not in _TONES:
            raise traitlets.TraitError(f"tone must be one of {sorted(_TONES)}; got {tone!r}")
        return tone

    def say(self, text: str, tone: str = "info") -> None:
        """Show and announce ``text`` (cleared first when it repeats, so it is heard again)."""
        if text == self.status:
            self.status = ""
        with self.hold_sync():
            self.tone = tone
            self.status = text

    def early_html(self) -> str:
        """The picker as its script first draws it, for the page's early copy.

        The copy's input is disabled: a file is chosen once the widget is drawn.
        """
        import html

        at = f"ck-file-early-{self.model_id}"
        hint = (
            f'<p class="ck-file-hint" id="{at}-hint">{html.escape(self.hint)}</p>'
            if self.hint
            else ""
        )
        return (
            f'<div class="lm-Widget ck-file-host"><div class="ck-file">'
            f'<label class="ck-file-label" for="{at}">{html.escape(self.label)}</label>{hint}'
            f'<input type="file" class="ck-file-input" id="{at}" '
            f'accept="{html.escape(self.accept)}" disabled>'
            f'<p class="ck-file-status" role="status" aria-live="polite"></p></div></div>'
        )

    # -- the page's messages ----------------------------------------------------------------

    def _received(self, _widget: object, content: object, buffers: Sequence[Any]) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event == "start":
            self._start(content)
        elif event == "chunk":
            self._chunk(content, buffers)
        elif event == "end":
            self._end(content)

    def _current(self, content: dict[str, Any]) -> _Transfer | None:
        """The transfer a message belongs to; ``None`` for one given up or replaced."""
        transfer = self._transfer
        if transfer is None or content.get("id") != transfer.id:
            return None
        return transfer

    def _refuse(self, transfer_id: object, message: str) -> None:
        self._transfer = None
        self.send({"event": "refused", "id": transfer_id, "message": message})
        self.say(message, "warn")

    def _start(self, content: dict[str, Any]) -> None:
        self._transfer = None
        transfer_id, size = content.get("id"), content.get("size")
        name = clean_file_name(content.get("name"))
        if not isinstance(transfer_id, str) or not _ID.match(transfer_id):
            return
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            self._refuse(transfer_id, f"“{name}” did not say how large it is. Choose it again.")
        elif size > self.max_bytes:
            shown, limit = over_text(size, self.max_bytes)
            self._refuse(
                transfer_id,
                f"“{name}” is {shown}; the limit is {limit} a file. Remove sheets, pictures "
                "or rows the course does not use.",
            )
        else:
            self._transfer = _Transfer(transfer_id, name, size)

    def _chunk(self, content: dict[str, Any], buffers: Sequence[Any]) -> None:
        transfer = self._current(content)
        if transfer is None:
            return
        again = "Choose the file again."
        index = content.get("index")
        if index != len(transfer.parts) or isinstance(index, bool) or len(buffers) != 1:
            expected = len(transfer.parts) + 1
            self._refuse(
                transfer.id,
                f"“{transfer.name}” arrived out of order (part {expected} was expected). {again}",
            )
            return
        part = bytes(buffers[0])
        if len(part) > self.chunk_bytes or transfer.received + len(part) > transfer.size:
            self._refuse(
                transfer.id,
                f"“{transfer.name}” sent more than the {size_text(transfer.size)} it announced. "
                + again,
            )
            return
        transfer.parts.append(part)
        transfer.received += len(part)
        self.send(
            {"event": "received", "id": transfer.id, "index": index, "bytes": transfer.received}
        )

    def _end(self, content: dict[str, Any]) -> None:
        transfer = self._current(content)
        if transfer is None:
            return
        if transfer.received != transfer.size:
            self._refuse(
                transfer.id,
                f"“{transfer.name}” arrived incomplete ({size_text(transfer.received)} of "
                f"{size_text(transfer.size)}). Choose the file again.",
            )
            return
        self._transfer = None
        data = b"".join(transfer.parts)
        self.send({"event": "done", "id": transfer.id})
        try:
            self._on_file(transfer.name, data)
        except Exception as error:  # a failing page must still answer the learner
            reference = log_error(error, "the file picker")
            self.say(f"{friendly_message(error)} (Reference {reference}.)", "warn")
