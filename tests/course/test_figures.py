"""Charts shown with a text alternative."""

import base64
import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup
from PIL import Image

import caserate_kit as ck
from caserate_kit.course._figures import COMPACT_KEY, COMPACT_MEDIA, figure_bundle, figure_html

ROOT = Path(__file__).resolve().parents[2]


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


def _phone_chart() -> Any:
    """A chart drawn for a phone, its legend on the axes (for the page to move)."""
    fig, ax = plt.subplots(figsize=(ck.PHONE_WIDTH, 4))
    ax.plot([1, 2], [3, 4], label="A line rising")
    ax.legend()
    ax.set_title("A title that is far too long to stand on one line of a phone")
    return fig


def test_a_chart_with_a_phone_drawing_carries_it_refitted_and_light() -> None:
    """Is the phone drawing kept in the metadata: twice as dense, a palette, refitted?"""
    wide, _ = plt.subplots(figsize=(8, 4))
    phone = _phone_chart()
    data, metadata = figure_bundle(wide, "A line rising from 3 to 4.", compact=phone)
    drawn = Image.open(io.BytesIO(base64.b64decode(metadata[COMPACT_KEY]["image/png"])))
    assert drawn.mode == "P"  # a palette: a third of the bytes of full colour
    assert drawn.width > 1.7 * ck.PHONE_WIDTH * 110  # twice as dense as the wide chart
    assert phone.legends  # refitted for the phone: the legend moved under the chart
    assert phone.axes[0].get_legend() is None
    assert data["text/plain"] == "A line rising from 3 to 4."
    plt.close(wide)
    plt.close(phone)


def test_figure_html_offers_the_phone_drawing_to_narrow_screens_under_one_alt() -> None:
    """Is the page's chart one ``<img>`` with its alt, and the phone drawing a ``<source>``?"""
    wide, _ = plt.subplots(figsize=(8, 4))
    page = BeautifulSoup(
        figure_html(wide, "Scores <by> day", compact=_phone_chart()), "html.parser"
    )
    (source,) = page.select("picture > source")
    assert source["media"] == COMPACT_MEDIA
    assert source["srcset"].startswith("data:image/png;base64,")
    assert source["srcset"].endswith(" 2x")
    (image,) = page.find_all("img")
    assert image["alt"] == "Scores <by> day"
    plt.close("all")


def test_figure_html_without_a_phone_drawing_is_a_plain_image() -> None:
    """Is a chart with no phone drawing still a single ``<img>`` and no ``<picture>``?"""
    fig, _ = plt.subplots()
    assert figure_html(fig, "A chart").startswith("<img ")
    plt.close(fig)


def test_the_course_template_offers_a_lessons_phone_drawing_to_the_same_screens() -> None:
    """Does the template (which writes a lesson's charts) use the same media query as pages?"""
    template = (ROOT / "share/jupyter/voila/templates/caserate/index.html.j2").read_text()
    assert f'<source media="{COMPACT_MEDIA}"' in template
    assert f"get('{COMPACT_KEY}')" in template
