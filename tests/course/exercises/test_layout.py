"""The exercise pages' shared building blocks: tables, charts, messages and choice groups."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from traitlets import TraitError

from caserate_kit.course._figures import COMPACT_MEDIA
from caserate_kit.course.exercises import (
    authorization_tracker,
    budget_balancer,
    case_rate_calculator,
    risk_reserve_simulator,
)
from caserate_kit.course.exercises._layout import (
    chart_output,
    message_html,
    section,
    show_figure,
    table_html,
)
from caserate_kit.course.widgets._choice_groups import ChoiceGroup


def test_table_cells_are_escaped():
    """Is text that looks like markup shown as text, not run as HTML?"""
    html = table_html("Caption", ["A"], [["<script>x</script>"]])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_table_headers_have_column_scope_and_numbers_align_right():
    """Do header cells carry scope="col", and numeric columns the right-aligned class?"""
    html = table_html("Caption", ["Name", "Amount"], [["a", "$1"]], numeric=(1,))
    assert '<th scope="col">Name</th>' in html
    assert '<td class="ck-ex-number">$1</td>' in html


@pytest.mark.parametrize(
    "build",
    [case_rate_calculator, budget_balancer, risk_reserve_simulator, authorization_tracker],
    ids=lambda build: build.__name__,
)
def test_an_exercise_chart_is_drawn_for_a_phone_as_well(build):
    """Does the exercise's chart offer narrow screens a drawing of their own, under one alt?"""
    shown = build().chart.outputs[0]["data"]["text/html"]
    assert shown.startswith(f'<picture><source media="{COMPACT_MEDIA}"')
    assert shown.count("<img ") == 1
    assert ' alt="' in shown


def test_shown_figure_has_alternative_text():
    """Is a chart shown as an image with the alternative text given?"""
    out = chart_output()
    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    show_figure(out, fig, "A rising line")
    assert 'alt="A rising line"' in out.outputs[0]["data"]["text/html"]


def test_alert_messages_are_announced():
    """Does an alert message carry role="alert", and a plain one role="status"?"""
    assert 'role="alert"' in message_html("Wrong", "bad", alert=True)
    assert 'role="status"' in message_html("Fine", "ok")


def test_numbered_section_says_the_step_to_screen_readers():
    """Does a numbered card's heading read 'Step 3:' even though the badge is hidden?"""
    heading = section("Levels", "", [], number=3).children[0].value
    assert 'aria-hidden="true"' in heading
    assert "Step 3: " in heading


def test_choice_group_refuses_a_value_it_does_not_offer():
    """Is a value that is not among the options refused?"""
    group = ChoiceGroup("Pick one", [("a", "A"), ("b", "B")])
    with pytest.raises(TraitError):
        group.value = "c"


def test_choice_group_starts_with_nothing_chosen():
    """Does a new choice group start with no value, so the learner must choose?"""
    assert ChoiceGroup("Pick one", [("a", "A")]).value == ""
