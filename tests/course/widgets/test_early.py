"""The early copy of a widget page: the same controls, in order, as the widgets draw.

What the learner does in the copy is handed over by position (the n-th control
of the copy to the n-th of the widgets), so the copy must hold exactly the
widgets' controls, of the same kinds, in the same order; a page it cannot copy
whole offers no copy at all. The hand-over itself is tested in a browser
(``tests/browser/test_exercises_finance.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import ipywidgets as widgets
import pytest

from caserate_kit.course.exercises import (
    authorization_tracker,
    budget_balancer,
    case_rate_calculator,
    chart_note_review,
    level_of_care_practice,
    risk_reserve_simulator,
    treat_to_target_practice,
)
from caserate_kit.course.exercises._layout import STYLES
from caserate_kit.course.widgets import style_tag
from caserate_kit.course.widgets._choice_groups import ChoiceGroup, ChoiceGroups, LiveStatus
from caserate_kit.course.widgets._early import (
    EARLY_FLAG,
    ROOT_CLASS,
    EarlyBox,
    NoEarlyCopy,
    early_copy,
)
from caserate_kit.course.widgets._file_picker import FilePicker


class Controls(HTMLParser):
    """The copy's controls in document order, with their attributes, and its labels."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, dict[str, str | None]]] = []
        self.labels: dict[str, str] = {}
        self.selected: list[str] = []
        self._label: str | None = None
        self._option: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea", "button"):
            self.controls.append((tag, found))
        if tag == "label" and found.get("for"):
            self._label = str(found["for"])
            self.labels[self._label] = ""
        if tag == "option" and "selected" in found:
            self.selected.append(str(found["value"]))

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels[self._label] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None


def controls_of(copy: str) -> Controls:
    parser = Controls()
    parser.feed(copy)
    return parser


def widget_controls(root: widgets.Widget) -> list[str]:
    """The kinds of control the widgets draw, in order (what the hand-over matches)."""
    found: list[str] = []
    stack = [root]
    while stack:
        widget = stack.pop(0)
        if isinstance(widget, widgets.Box):
            stack[:0] = list(widget.children)
        elif isinstance(widget, widgets.Button):
            found.append("button")
        elif isinstance(widget, widgets.Textarea):
            found.append("textarea")
        elif isinstance(widget, widgets.Dropdown):
            found.append("select")
        elif isinstance(widget, widgets.FloatText | widgets.Text | widgets.DatePicker):
            found.append("input")
        elif isinstance(widget, ChoiceGroup):
            found.extend("input" for _ in widget.options)
        elif isinstance(widget, ChoiceGroups):
            found.extend("input" for group in widget.groups for _ in group["options"])
        elif isinstance(widget, FilePicker):
            found.append("input")
    return found


@pytest.mark.parametrize(
    "build",
    [
        case_rate_calculator,
        budget_balancer,
        risk_reserve_simulator,
        authorization_tracker,
        chart_note_review,
        level_of_care_practice,
        treat_to_target_practice,
    ],
)
def test_an_exercise_page_offers_a_copy_with_the_widgets_controls_in_order(build):
    page = build()
    root = page.root if hasattr(page, "root") else page
    bundle, metadata = root._repr_mimebundle_()
    assert metadata == {EARLY_FLAG: True}
    assert "application/vnd.jupyter.widget-view+json" in bundle, "the widgets still come"
    copy = controls_of(bundle["text/html"])
    assert [tag for tag, _ in copy.controls] == widget_controls(root)
    ids = [attrs["id"] for tag, attrs in copy.controls if tag != "button" and attrs.get("id")]
    assert len(ids) == len(set(ids)), "every control's id is its own"
    assert set(copy.labels) <= set(ids), "every label names a control of the copy"


def test_the_calculators_copy_shows_its_figures_as_the_widgets_do():
    """Whole figures without ".0" (as the page's script shows them), labels, the chosen rate."""
    calculator = case_rate_calculator()
    copy = controls_of(early_copy(calculator.root))
    enrollees = next(attrs for tag, attrs in copy.controls if attrs.get("type") == "number")
    assert enrollees["value"] == "30000"
    assert copy.labels[str(enrollees["id"])] == "Enrollees (people covered)"
    assert copy.selected == ["Medium"]
    assert "30000.0" not in early_copy(calculator.root)
    rate = re.search(r'<input[^>]*value="([^"]+)"[^>]*step="0.01"', early_copy(calculator.root))
    assert rate is not None
    assert rate.group(1) == str(calculator.rate.value), "a fraction is shown whole"


def test_the_copy_escapes_what_the_learner_or_an_author_wrote():
    note = widgets.Textarea(value="</textarea><script>alert(1)</script>", description="Note <b>")
    button = widgets.Button(description="Save & close", disabled=True)
    picker = widgets.DatePicker(value=dt.date(2026, 3, 9), description="Session date")
    copy = early_copy(EarlyBox([note, button, picker]))
    assert "<script>alert(1)" not in copy
    assert "&lt;/textarea&gt;" in copy
    assert "Note &lt;b&gt;" in copy
    assert re.search(r"<button[^>]*disabled[^>]*>Save &amp; close</button>", copy)
    assert 'type="date"' in copy
    assert 'value="2026-03-09"' in copy


def test_a_page_with_a_widget_the_copy_cannot_draw_offers_none():
    page = EarlyBox([widgets.HTML("<p>Drag me</p>"), widgets.IntSlider(description="Hours")])
    with pytest.raises(NoEarlyCopy, match="IntSlider"):
        early_copy(page)
    bundle = page._repr_mimebundle_()
    assert "text/html" not in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_radio_groups_showing_feedback_have_no_copy():
    """Feedback is drawn by the groups' script alone: such a page waits for the widgets."""
    groups = ChoiceGroups(
        groups=[
            {
                "key": "s1",
                "legend": "Slept 4 hours a night",
                "options": [{"key": "a", "text": "Progress"}],
            }
        ]
    )
    groups.feedback = {"s1": {"verdict": "correct", "title": "Right", "lines": []}}
    with pytest.raises(NoEarlyCopy, match="feedback"):
        early_copy(EarlyBox([groups]))
    groups.feedback = {}
    groups.values = {"s1": "a"}
    assert re.search(r'value="a" checked>', early_copy(EarlyBox([groups])))


def test_an_output_the_copy_cannot_show_means_no_copy():
    chart = widgets.Output()
    chart.outputs = (
        {"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}},
    )
    with pytest.raises(NoEarlyCopy, match="image/png"):
        early_copy(EarlyBox([chart]))


def test_course_widgets_draw_their_own_copies():
    choice = ChoiceGroup(
        "How large is the spread?", [("small", "Small"), ("large", "Large")], value="large"
    )
    status = LiveStatus()
    status.say("Saved <now>", "good")
    copy = early_copy(EarlyBox([choice, status]))
    assert re.search(r'<input type="radio" name="[^"]+" value="large" checked>', copy)
    assert "<legend>How large is the spread?</legend>" in copy
    assert 'data-tone="good">Saved &lt;now&gt;</div>' in copy
    assert '<fieldset class="ck-choice">' in copy
    assert '<div class="ck-live" role="status"' in copy


def test_the_copy_holds_no_style_sheet_of_its_own():
    """The copy is styled by the course stylesheet in its page, not by one of its own."""
    copy = early_copy(EarlyBox([ChoiceGroup("Pick", [("a", "A")]), LiveStatus()]))
    assert "<style" not in copy


@pytest.mark.parametrize("make", [case_rate_calculator, chart_note_review])
def test_an_exercise_pages_copy_holds_the_course_stylesheet_once(make):
    """An exercise page opens with the course stylesheet, so its copy looks as the widgets will."""
    page = make()
    copy = early_copy(page.root)
    assert copy.count("<style>") == 1
    assert style_tag(*STYLES) in copy


def test_the_copy_and_the_widgets_share_the_root_class_the_hand_over_looks_for():
    page = EarlyBox([widgets.Text(description="Name")])
    assert ROOT_CLASS in page._dom_classes
    assert f'{ROOT_CLASS}"' in early_copy(page) or f" {ROOT_CLASS} " in early_copy(page)
