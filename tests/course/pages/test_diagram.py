"""A lesson's flow diagram: real text, in order, escaped."""

from __future__ import annotations

import pytest


def test_a_flow_diagram_is_real_text_in_order_and_escaped():
    """Is a flow diagram a captioned ordered list of its steps, then the outcome, then the note,
    with every text escaped, and is a diagram with no step refused?"""
    from caserate_kit._exceptions import InvalidInputError
    from caserate_kit.course import flow_diagram

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
