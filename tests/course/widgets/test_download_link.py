"""Download links: the file is made when the link is chosen, kept, made again once changed."""

from __future__ import annotations

import base64
from typing import Any

from caserate_kit.course.widgets import DownloadLink


class Link:
    """A link whose file counts how often it was made, and what the link sent to the page."""

    def __init__(self) -> None:
        self.made = 0
        self.sent: list[dict[str, Any]] = []
        self.link = DownloadLink("Download the data (.csv)", "data.csv", self.make, "text/csv")
        self.link.send = lambda content, buffers=None: self.sent.append(content)  # type: ignore[method-assign]

    def make(self) -> bytes:
        self.made += 1
        return f"made,{self.made}\r\n".encode()

    def choose(self) -> dict[str, Any]:
        """What the page sends when the learner chooses the link; the kernel's answer."""
        data = {"method": "custom", "content": {"event": "download"}}
        self.link._handle_msg({"content": {"data": data}, "buffers": []})
        return self.sent[-1]


def test_nothing_is_made_until_the_link_is_chosen():
    link = Link()
    assert link.made == 0


def test_choosing_the_link_sends_the_file_as_a_data_uri():
    link = Link()
    answer = link.choose()
    assert answer["event"] == "file"
    assert answer["href"] == "data:text/csv;base64," + base64.b64encode(b"made,1\r\n").decode()
    assert answer["version"] == link.link.version


def test_the_file_is_kept_until_it_changes_then_made_again():
    link = Link()
    link.choose()
    link.choose()
    assert link.made == 1
    version = link.link.version
    link.link.refresh("data-2.csv")
    assert link.link.version == version + 1
    assert link.link.filename == "data-2.csv"
    assert "bWFkZSwy" in link.choose()["href"]  # "made,2"
    assert link.made == 2


def test_a_file_that_cannot_be_made_is_said_in_plain_words(capfd):
    link = Link()

    def fails() -> bytes:
        raise ValueError("no")

    link.link._make = fails
    answer = link.choose()
    assert answer["event"] == "failed"
    assert answer["message"].startswith("Something went wrong on our side.")
    assert "ValueError: no" in capfd.readouterr().err


def test_other_messages_are_ignored():
    link = Link()
    data = {"method": "custom", "content": {"event": "anything"}}
    link.link._handle_msg({"content": {"data": data}, "buffers": []})
    assert link.sent == []
    assert link.made == 0


def test_the_early_copy_is_the_label_not_yet_a_link():
    copy = Link().link.early_html()
    assert copy == (
        '<div class="lm-Widget ck-download-host"><a class="ck-download">'
        "Download the data (.csv)</a></div>"
    )
