"""A lesson's flow diagram as HTML: boxes of real text with arrows, that reflow on a phone.

A diagram drawn as a picture shrinks with the screen until its words cannot
be read; this one is an ordered list, styled by the course's stylesheet
(``page`` section, ``.ck-flow``).
"""

from __future__ import annotations

import html

from ..._exceptions import InvalidInputError
from ..widgets import style_tag

__all__ = ["FlowDiagram", "flow_diagram"]


class FlowDiagram:
    """A diagram of steps leading to an outcome, as HTML: real text that reflows on a phone."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html


def flow_diagram(
    title: str, steps: list[tuple[str, str]], outcome: str, note: str = ""
) -> FlowDiagram:
    """Boxes in a row (one under the other on a phone), each a step's heading and text,
    with arrows leading to a last box, the ``outcome``; ``note`` goes underneath.

    >>> shown = flow_diagram("Two steps", [("1. Ask", "Why?"), ("2. Check", "How?")], "Decide")
    >>> shown.html.count('<li class="ck-flow-step'), "<figcaption" in shown.html
    (3, True)
    """
    if not steps:
        raise InvalidInputError("steps", steps, "must name at least one step")
    items = "".join(
        f'<li class="ck-flow-step"><strong>{html.escape(head)}</strong>'
        f"<span>{html.escape(text)}</span></li>"
        for head, text in steps
    )
    items += (
        f'<li class="ck-flow-step ck-flow-outcome"><strong>{html.escape(outcome)}</strong></li>'
    )
    below = f'<p class="ck-flow-note">{html.escape(note)}</p>' if note else ""
    return FlowDiagram(
        f'{style_tag("page")}<div class="ck-page"><figure class="ck-flow">'
        f"<figcaption>{html.escape(title)}</figcaption>"
        f'<ol class="ck-flow-steps">{items}</ol>{below}</figure></div>'
    )
