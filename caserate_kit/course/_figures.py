"""Showing a chart with a text alternative, for readers who cannot see it.

Voila's image output has no place for alternative text, so a lesson shows a
matplotlib figure with :func:`show_figure`: the PNG carries its description
in the output's metadata, the course template turns it into ``<img alt=...>``,
and the plain-text form of the output is the description itself (so notebook
checks compare words, not pixels). A page that draws its own HTML (an
exercise, the trainer dashboard) writes the figure as an ``<img>`` with
:func:`figure_html`.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

from .._exceptions import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_bundle", "figure_html", "show_figure"]


def figure_bundle(
    fig: Figure, alt: str, dpi: int = 110
) -> tuple[dict[str, str], dict[str, object]]:
    """The display data and metadata of a figure with its description."""
    text = " ".join(alt.split())
    if not text:
        raise InvalidInputError("alt", alt, "must describe what the chart shows, in words")
    png = _png(fig, dpi, {"Software": None})
    return {"image/png": png, "text/plain": text}, {"image/png": {"alt": text}}


def show_figure(fig: Figure, alt: str) -> None:
    """Display ``fig`` with the text alternative ``alt``, then close it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    data, metadata = figure_bundle(fig, alt)
    display(data, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
    plt.close(fig)


def figure_html(fig: Figure, alt: str, dpi: int = 100, described_by: str = "") -> str:
    """The figure as an ``<img>`` (PNG inline) with ``alt`` as its alternative text.

    ``described_by`` is the id of an element that describes the chart at length.
    """
    described = f' aria-describedby="{html.escape(described_by)}"' if described_by else ""
    return f'<img src="data:image/png;base64,{_png(fig, dpi)}" alt="{html.escape(alt)}"{described}>'


def _png(fig: Figure, dpi: int, metadata: dict[str, str | None] | None = None) -> str:
    """``fig`` as a PNG, base64-encoded, cropped to what is drawn."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata=metadata)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
