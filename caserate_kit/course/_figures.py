"""Showing a chart with a text alternative, for readers who cannot see it.

Voila's image output has no place for alternative text, so a lesson shows a
matplotlib figure with :func:`show_figure`: the PNG carries its description
in the output's metadata, the course template turns it into ``<img alt=...>``,
and the plain-text form of the output is the description itself (so notebook
checks compare words, not pixels). A page that draws its own HTML (an
exercise, the trainer dashboard) writes the figure as an ``<img>`` with
:func:`figure_html`.

A chart drawn for a wide page is unreadable shrunk to a phone's width, so
both take a second figure, the same chart drawn for a phone (the ``plot_*``
functions' ``compact=True``): it is refitted with ``ck.fit_for_phone``, drawn
at twice the density, and offered to screens narrower than
:data:`COMPACT_MEDIA` through ``<picture>``; one ``<img>`` keeps one
alternative text.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

from .._exceptions import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["COMPACT_KEY", "COMPACT_MEDIA", "figure_bundle", "figure_html", "show_figure"]

COMPACT_MEDIA = "(max-width: 40rem)"
"""The screens (up to 640 CSS pixels wide) that are shown a chart's phone drawing."""

COMPACT_KEY = "caserate_compact"
"""The output metadata that holds a chart's phone drawing, for the course template."""

_PHONE_COLOURS = (
    64  # a phone drawing is twice as dense: a palette keeps it as light as the wide one
)


def figure_bundle(
    fig: Figure, alt: str, dpi: int = 110, compact: Figure | None = None
) -> tuple[dict[str, str], dict[str, object]]:
    """The display data and metadata of a figure with its description (and phone drawing)."""
    text = _alt(alt)
    png = _png(fig, dpi, {"Software": None})
    metadata: dict[str, object] = {"image/png": {"alt": text}}
    if compact is not None:
        metadata[COMPACT_KEY] = {
            "image/png": _png(_refit(compact), 2 * dpi, colours=_PHONE_COLOURS)
        }
    return {"image/png": png, "text/plain": text}, metadata


def show_figure(fig: Figure, alt: str, compact: Figure | None = None) -> None:
    """Display ``fig`` with the text alternative ``alt`` (and ``compact`` on phones); close both."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    try:
        data, metadata = figure_bundle(fig, alt, compact=compact)
        display(data, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
    finally:
        plt.close(fig)
        if compact is not None:
            plt.close(compact)


def figure_html(
    fig: Figure, alt: str, dpi: int = 100, described_by: str = "", compact: Figure | None = None
) -> str:
    """The figure as an ``<img>`` (PNG inline) with ``alt`` as its alternative text.

    ``described_by`` is the id of an element that describes the chart at length;
    ``compact`` is the chart drawn for a phone, wrapped with the image in ``<picture>``.
    """
    described = f' aria-describedby="{html.escape(described_by)}"' if described_by else ""
    image = f'<img src="data:image/png;base64,{_png(fig, dpi)}" alt="{html.escape(_alt(alt))}"'
    if compact is None:
        return f"{image}{described}>"
    phone = _png(_refit(compact), 2 * dpi, colours=_PHONE_COLOURS)
    return (
        f'<picture><source media="{COMPACT_MEDIA}" srcset="data:image/png;base64,{phone} 2x">'
        f"{image}{described}></picture>"
    )


def _alt(alt: str) -> str:
    """``alt`` on one line, refused if it says nothing."""
    text = " ".join(alt.split())
    if not text:
        raise InvalidInputError("alt", alt, "must describe what the chart shows, in words")
    return text


def _refit(fig: Figure) -> Figure:
    """``fig`` with every chart in it refitted for a phone (after any change its caller made)."""
    from .._charts import fit_for_phone

    for ax in fig.axes:
        fit_for_phone(ax)
    return fig


def _png(
    fig: Figure, dpi: int, metadata: dict[str, str | None] | None = None, colours: int = 0
) -> str:
    """``fig`` as a PNG, base64-encoded, cropped to what is drawn.

    With ``colours``, the image keeps that many colours (a palette, without
    dithering): a chart's few flat colours survive, at a third of the bytes.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata=metadata)
    if colours:
        from PIL import Image

        buffer.seek(0)
        with Image.open(buffer) as image:
            fewer = image.convert("RGB").quantize(
                colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
        buffer = io.BytesIO()
        fewer.save(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
