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
