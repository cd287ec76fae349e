"""Showing a chart with a text alternative, for readers who cannot see it.

Voila's image output has no place for alternative text, so a lesson shows a
matplotlib figure with :func:`show_figure`: the PNG carries its description
in the output's metadata, the course template turns it into ``<img alt=...>``,
and the plain-text form of the output is the description itself (so notebook
checks compare words, not pixels).
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

from .._exceptions import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_bundle", "show_figure"]


def figure_bundle(
    fig: Figure, alt: str, dpi: int = 110
) -> tuple[dict[str, str], dict[str, object]]:
    """The display data and metadata of a figure with its description."""
    text = " ".join(alt.split())
    if not text:
        raise InvalidInputError("alt", alt, "must describe what the chart shows, in words")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return {"image/png": png, "text/plain": text}, {"image/png": {"alt": text}}


def show_figure(fig: Figure, alt: str) -> None:
    """Display ``fig`` with the text alternative ``alt``, then close it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    data, metadata = figure_bundle(fig, alt)
    display(data, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
    plt.close(fig)
