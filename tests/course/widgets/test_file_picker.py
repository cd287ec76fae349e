"""The file picker's kernel side: a file arrives in parts, and the page is never trusted.

Each test sends what a page's script sends (a ``start``, numbered ``chunk``
messages with one binary buffer each, an ``end``), through the same entry as
the websocket, and reads what the kernel answered and what reached the callback.
"""

from __future__ import annotations

from typing import Any

import pytest

from caserate_kit.course.widgets import FilePicker
from caserate_kit.course.widgets._file_picker import (
    CHUNK_BYTES,
    MAX_NAME_LENGTH,
    clean_file_name,
    size_text,
)

LIMIT = 1_000_000


class Page:
    """A picker, what it received (name, bytes) and what it sent back to the page."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.files: list[tuple[str, bytes]] = []
        self.sent: list[dict[str, Any]] = []
        self.picker = FilePicker("Load a file", limit, lambda n, c: self.files.append((n, c)))
        self.picker.send = lambda content, buffers=None: self.sent.append(content)  # type: ignore[method-assign]

    def message(self, buffers: list[bytes] | None = None, **content: object) -> None:
        """Deliver a custom message the way the page's websocket does."""
        data = {"method": "custom", "content": content}
        self.picker._handle_msg({"content": {"data": data}, "buffers": buffers or []})

    def send_file(self, name: str, data: bytes, transfer: str = "t-1") -> None:
        """Everything the script sends for one file, in order."""
        self.message(event="start", id=transfer, name=name, size=len(data))
        for index, at in enumerate(range(0, len(data), CHUNK_BYTES)):
            self.message([data[at : at + CHUNK_BYTES]], event="chunk", id=transfer, index=index)
        self.message(event="end", id=transfer)

    def events(self) -> list[str]:
        return [str(content["event"]) for content in self.sent]


def test_a_file_in_parts_in_order_reaches_the_callback_whole():
    """Are three parts put back together, each acknowledged with the bytes so far?"""
    page = Page()
    data = bytes(range(256)) * 1000  # 256,000 bytes: four parts
    page.send_file("budget.xlsx", data)
    assert page.files == [("budget.xlsx", data)]
    received = [c["bytes"] for c in page.sent if c["event"] == "received"]
    assert received == [65_536, 131_072, 196_608, 256_000]
    assert page.events()[-1] == "done"
    assert page.picker.status == ""


def test_an_empty_file_reaches_the_callback_for_the_reader_to_name():
    page = Page()
    page.send_file("Levels.csv", b"")
    assert page.files == [("Levels.csv", b"")]


def test_a_part_out_of_order_is_refused_and_nothing_reaches_the_callback():
    """Is part 3 sent before part 2 refused, the file dropped, and later parts ignored?"""
    page = Page()
    data = b"x" * (3 * CHUNK_BYTES)
    page.message(event="start", id="t-1", name="budget.xlsx", size=len(data))
    page.message([data[:CHUNK_BYTES]], event="chunk", id="t-1", index=0)
    page.message([data[2 * CHUNK_BYTES :]], event="chunk", id="t-1", index=2)
    page.message([data[CHUNK_BYTES : 2 * CHUNK_BYTES]], event="chunk", id="t-1", index=1)
    page.message(event="end", id="t-1")
    assert page.files == []
    assert page.events() == ["received", "refused"]
    refusal = page.sent[-1]["message"]
    assert refusal == (
        "“budget.xlsx” arrived out of order (part 2 was expected). Choose the file again."
    )
    assert page.picker.status == refusal
    assert page.picker.tone == "warn"


def test_a_part_sent_twice_is_refused():
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=20)
    page.message([b"x" * 10], event="chunk", id="t-1", index=0)
    page.message([b"x" * 10], event="chunk", id="t-1", index=0)
    assert "out of order" in page.sent[-1]["message"]


def test_a_file_over_the_limit_is_refused_at_its_start_naming_the_limit():
    """Is a start announcing 1.2 MB refused before any part is taken?"""
    page = Page()
    page.message(event="start", id="t-1", name="big.xlsx", size=1_200_000)
    page.message([b"x" * CHUNK_BYTES], event="chunk", id="t-1", index=0)
    page.message(event="end", id="t-1")
    assert page.files == []
    assert page.events() == ["refused"]
    assert page.sent[0]["message"] == (
        "“big.xlsx” is 1.2 MB; the limit is 1 MB a file. Remove sheets, pictures or rows the "
        "course does not use."
    )


def test_a_file_just_over_the_limit_is_named_to_the_byte():
    """A file of 1,000,001 bytes must not read as "1 MB; the limit is 1 MB"."""
    page = Page()
    page.message(event="start", id="t-1", name="big.xlsx", size=LIMIT + 1)
    assert page.sent[0]["message"].startswith(
        "“big.xlsx” is 1,000,001 bytes; the limit is 1 MB (1,000,000 bytes) a file."
    )


def test_a_file_of_exactly_the_limit_is_taken():
    page = Page()
    page.send_file("full.csv", b"x" * LIMIT)
    assert page.files == [("full.csv", b"x" * LIMIT)]


def test_a_page_that_announces_less_than_it_sends_is_refused():
    """Does a page that claims 100 bytes and sends more get refused at the part that overflows?"""
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=100)
    page.message([b"x" * 60], event="chunk", id="t-1", index=0)
    page.message([b"x" * 60], event="chunk", id="t-1", index=1)
    page.message(event="end", id="t-1")
    assert page.files == []
    assert page.sent[-1] == {
        "event": "refused",
        "id": "t-1",
        "message": "“a.csv” sent more than the 100 bytes it announced. Choose the file again.",
    }


def test_a_page_that_lies_about_a_small_size_cannot_send_past_the_limit():
    """A page announcing 10 bytes cannot slip a whole megabyte through in parts."""
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=10)
    for index in range(20):
        page.message([b"x" * CHUNK_BYTES], event="chunk", id="t-1", index=index)
    assert page.files == []
    assert page.events() == ["refused"]


def test_a_page_that_announces_more_than_it_sends_is_refused_at_the_end():
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=5_000)
    page.message([b"x" * 3_000], event="chunk", id="t-1", index=0)
    page.message(event="end", id="t-1")
    assert page.files == []
    assert page.sent[-1]["message"] == (
        "“a.csv” arrived incomplete (3 KB of 5 KB). Choose the file again."
    )


def test_a_part_larger_than_a_chunk_is_refused():
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=CHUNK_BYTES + 1)
    page.message([b"x" * (CHUNK_BYTES + 1)], event="chunk", id="t-1", index=0)
    assert page.events() == ["refused"]


@pytest.mark.parametrize("size", [-1, "100", 1.5, True, None])
def test_a_start_without_a_true_size_is_refused(size: object):
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=size)
    assert page.events() == ["refused"]
    page.message([b"x"], event="chunk", id="t-1", index=0)
    page.message(event="end", id="t-1")
    assert page.files == []


def test_parts_without_a_start_or_of_a_forged_id_are_ignored():
    page = Page()
    page.message([b"x"], event="chunk", id="t-1", index=0)
    page.message(event="end", id="t-1")
    page.message(event="start", id="<script>", name="a.csv", size=1)
    page.message([b"x"], event="chunk", id="<script>", index=0)
    page.message(event="end", id="<script>")
    assert page.files == []
    assert page.sent == []


def test_a_new_file_replaces_one_still_arriving():
    """Is a file chosen while another is on its way the one that arrives, the old parts ignored?"""
    page = Page()
    page.message(event="start", id="old", name="first.csv", size=200)
    page.message([b"a" * 100], event="chunk", id="old", index=0)
    page.send_file("second.csv", b"b" * 50, transfer="new")
    page.message([b"a" * 100], event="chunk", id="old", index=1)
    page.message(event="end", id="old")
    assert page.files == [("second.csv", b"b" * 50)]


def test_a_part_with_no_buffer_or_two_is_refused():
    page = Page()
    page.message(event="start", id="t-1", name="a.csv", size=2)
    page.message([b"a", b"b"], event="chunk", id="t-1", index=0)
    assert page.events() == ["refused"]


def test_the_name_the_page_gives_is_cleaned_before_it_is_shown_or_used():
    page = Page()
    page.send_file("C:\\fakepath\\my\x07 budget.xlsx", b"abc")
    assert page.files == [("my budget.xlsx", b"abc")]


def test_a_callback_that_fails_is_logged_and_the_learner_told(capfd):
    def fails(name: str, content: bytes) -> None:
        raise RuntimeError("boom")

    page = Page()
    page.picker._on_file = fails
    page.send_file("a.csv", b"abc")
    assert "Something went wrong on our side" in page.picker.status
    assert "boom" in capfd.readouterr().err


def test_nothing_of_a_file_is_written_to_disk(tmp_path, monkeypatch):
    """Does a whole transfer open no file at all?"""
    import builtins

    opened: list[object] = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    monkeypatch.chdir(tmp_path)
    Page().send_file("budget.xlsx", b"x" * 200_000)
    assert opened == []
    assert list(tmp_path.iterdir()) == []


def test_the_page_may_set_none_of_the_pickers_traits():
    """The limit, the status and the rest come from the kernel alone."""
    page = Page()
    assert FilePicker.page_may_set == frozenset()
    data = {"method": "update", "state": {"max_bytes": 10**9}, "buffer_paths": []}
    page.picker.send_state = lambda key=None: None  # type: ignore[method-assign]
    page.picker._handle_msg({"content": {"data": data}, "buffers": []})
    assert page.picker.max_bytes == LIMIT


def test_say_repeats_a_message_so_it_is_announced_again():
    page = Page()
    seen: list[str] = []
    page.picker.observe(lambda change: seen.append(change["new"]), names="status")
    page.picker.say("Loaded a.csv.", "good")
    page.picker.say("Loaded a.csv.", "good")
    assert seen == ["Loaded a.csv.", "", "Loaded a.csv."]


def test_the_early_copy_shows_a_labelled_input_not_yet_usable():
    """The copy's input is disabled: a file chosen there could not be handed over."""
    picker = FilePicker("Load your own numbers (CSV or Excel .xlsx)", LIMIT, lambda n, c: None)
    copy = picker.early_html()
    assert 'type="file"' in copy
    assert " disabled>" in copy
    assert "Load your own numbers (CSV or Excel .xlsx)</label>" in copy
    assert 'aria-live="polite"' in copy


def test_the_script_reads_its_limit_and_part_size_from_the_kernel():
    """The script's checks use the kernel's numbers, and it sends parts as binary buffers."""
    script = FilePicker._esm
    assert 'model.get("max_bytes")' in script
    assert 'model.get("chunk_bytes")' in script
    assert "[part.buffer]" in script
    assert CHUNK_BYTES < 128 * 1024, "a part stays well under the server's 256 KiB limit"


def test_sizes_and_names_read_as_people_write_them():
    assert [size_text(n) for n in (1, 999, 1_000, 65_536, 1_000_000, 1_250_000)] == [
        "1 byte",
        "999 bytes",
        "1 KB",
        "66 KB",
        "1 MB",
        "1.2 MB",
    ]
    long = "x" * 300 + ".xlsx"
    assert len(clean_file_name(long)) == MAX_NAME_LENGTH
    assert clean_file_name(long).endswith("….xlsx")
    assert clean_file_name(None) == clean_file_name("") == "the file"
