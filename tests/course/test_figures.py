"""Charts shown with a text alternative."""

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import caserate_kit as ck
from caserate_kit.course._figures import figure_bundle


def test_the_bundle_carries_the_description_as_alt_text_and_plain_text():
    """Does a shown chart say in words what it shows, to screen readers and to nbval?"""
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    data, metadata = figure_bundle(fig, "  A line rising\n from 3 to 4. ")
    assert data["text/plain"] == "A line rising from 3 to 4."
    assert metadata == {"image/png": {"alt": "A line rising from 3 to 4."}}
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    plt.close(fig)


def test_a_chart_without_a_description_is_refused():
    """Is an empty description refused, naming alt?"""
    fig, _ = plt.subplots()
    with pytest.raises(ck.InvalidInputError, match="alt"):
        figure_bundle(fig, "   ")
    plt.close(fig)


def test_a_flow_diagram_is_real_text_in_order_and_escaped():
    """Is a flow diagram a captioned ordered list of its steps, then the outcome, then the note,
    with every text escaped, and is a diagram with no step refused?"""
    from caserate_kit._exceptions import InvalidInputError
    from caserate_kit.course._figures import flow_diagram

    shown = flow_diagram(
        "Four questions",
        [("1. Need", "Is it <needed>?"), ("2. Goals", "Do they fit?")],
        "Authorize",
        note="Else ask for more.",
    ).html
    assert "<figcaption>Four questions</figcaption>" in shown
    assert shown.index("1. Need") < shown.index("2. Goals") < shown.index("Authorize")
    assert "Is it &lt;needed&gt;?" in shown
    assert shown.index("Authorize") < shown.index("Else ask for more.")
    assert "<img" not in shown
    with pytest.raises(InvalidInputError, match="at least one step"):
        flow_diagram("None", [], "Decide")
