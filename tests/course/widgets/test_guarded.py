"""Does every course widget refuse each trait the page may not set, and say so back?"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import anywidget
import pytest

from caserate_kit.course import widgets as wing
from caserate_kit.course.widgets import (
    ChoiceGroup,
    ChoiceGroups,
    DownloadLink,
    FilePicker,
    FormSpec,
    FormWidget,
    GuardedWidget,
    LiveStatus,
    PasscodeForm,
    PostTestWidget,
    TextField,
)

VIEW = {
    "quiz_id": "q",
    "title": "T",
    "pass_mark": 0.8,
    "time_estimate_minutes": 5,
    "questions": [
        {"key": "q1", "type": "single", "prompt": "?", "options": [{"key": "a", "text": "A"}]}
    ],
}
GROUPS = [{"key": "g1", "legend": "Pick", "options": [{"key": "a", "text": "A"}]}]


def made(kind: type[GuardedWidget]) -> GuardedWidget:
    return {
        PostTestWidget: lambda: PostTestWidget(view=VIEW),
        ChoiceGroups: lambda: ChoiceGroups(groups=GROUPS),
        ChoiceGroup: lambda: ChoiceGroup("Pick one", [("a", "A"), ("b", "B")]),
        FormWidget: lambda: FormWidget(FormSpec("Form", (TextField("name", "Name"),), "Send")),
        PasscodeForm: PasscodeForm,
        LiveStatus: LiveStatus,
        FilePicker: lambda: FilePicker("Load a file", 1_000_000, lambda name, content: None),
        DownloadLink: lambda: DownloadLink("Download", "a.csv", lambda: b"a,b", "text/csv"),
    }[kind]()


GUARDED = [
    PostTestWidget,
    ChoiceGroups,
    ChoiceGroup,
    FormWidget,
    PasscodeForm,
    LiveStatus,
    FilePicker,
    DownloadLink,
]


def forged(value: object) -> object:
    """A different value of the same kind, which the trait would take if it were not refused."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + " (forged)"
    if isinstance(value, dict):
        return {**value, "forged": "yes"}
    if isinstance(value, list | tuple):
        return [*value, "forged"]
    return "forged"


def page_update(widget: GuardedWidget, **state: object) -> None:
    """Deliver a state update the way the page's websocket does."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def every_refused_trait() -> list[object]:
    cases = []
    for kind in GUARDED:
        widget = made(kind)
        names = sorted(set(widget.keys) - kind.page_may_set)
        cases += [pytest.param(kind, name, id=f"{kind.__name__}.{name}") for name in names]
        widget.close()
    return cases


@pytest.mark.parametrize(("kind", "trait"), every_refused_trait())
def test_a_trait_the_page_may_not_set_is_refused_and_sent_back(kind, trait):
    """Is a forged change of any other trait left undone, with the kernel's value sent back?"""
    widget = made(kind)
    before = widget.get_state([trait])[trait]
    sent: list[object] = []
    widget.send_state = lambda key=None: sent.append(key)  # type: ignore[method-assign]
    page_update(widget, **{trait: forged(before)})
    assert widget.get_state([trait])[trait] == before
    assert sent == [[trait]]
    widget.close()


@pytest.mark.parametrize(
    ("kind", "trait", "value"),
    [
        (PostTestWidget, "responses", {"q1": "a"}),
        (ChoiceGroups, "values", {"g1": "a"}),
        (ChoiceGroup, "value", "b"),
    ],
)
def test_the_trait_a_widget_names_is_taken_from_the_page(kind, trait, value):
    """Does the page's own change of the one trait it may set go through?"""
    widget = made(kind)
    page_update(widget, **{trait: value})
    assert getattr(widget, trait) == value
    widget.close()


def test_a_change_of_a_named_trait_is_refused_when_the_widget_says_not_now():
    """Once the groups are locked, is even a change of ``values`` refused and sent back?"""
    widget = made(ChoiceGroups)
    widget.locked = True
    page_update(widget, values={"g1": "a"})
    assert widget.values == {}
    widget.close()


def test_every_course_widget_is_guarded():
    """Is each anywidget of the course a GuardedWidget, so none can be set freely by the page?"""
    found = set()
    for info in pkgutil.iter_modules(wing.__path__, wing.__name__ + "."):
        for _, value in inspect.getmembers(importlib.import_module(info.name), inspect.isclass):
            ours = value.__module__.startswith(wing.__name__)
            if ours and issubclass(value, anywidget.AnyWidget):
                found.add(value)
    assert found - {GuardedWidget} == set(GUARDED)
    assert all(issubclass(kind, GuardedWidget) for kind in found)
    overriding = [kind.__name__ for kind in GUARDED if "set_state" in vars(kind)]
    assert overriding == [], "the guard is written once, in GuardedWidget"
