"""A post-test the learner can answer before Voila's scripts reach the kernel.

The post-test's questions are a widget, which Voila's front end draws only
once its scripts (about 3 MB) have loaded and its widget manager has reached
the kernel: more than a second after the page arrives. The post-test page
therefore also carries, as HTML the server writes into the page, its header
and an early copy of the post-test: the widget's own script
(``static/posttest.js``, its ``drawEarly``) with a model of the page's own,
drawn from the same view (questions, never answers) and saved answers, and a
small script (``static/early_posttest.js``) that draws it as soon as the page
is parsed. The copy's look comes from the course stylesheet in the page's
header. When the real widget is drawn it takes over the answers given
meanwhile, the focus and a pending Submit, and the early copy goes (see
``takeEarly`` in ``posttest.js``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ._early import EarlyBox, inert
from ._static import static_text

__all__ = ["PostTestPage", "early_posttest_html"]


def early_posttest_html(header_html: str, state: dict[str, Any], script: str) -> str:
    """The page's header and an early copy of the post-test, drawn from ``state``.

    ``header_html`` is the page's header as the page draws it
    (:func:`~caserate_kit.course.pages._frame.page_html`), so the copy holds the
    course stylesheet once, as the page does. ``state`` is the widget's view,
    responses and status; ``script`` is the widget's script (the shared DOM
    helpers, then ``posttest.js``).
    """
    box = f"ck-test-early-{uuid.uuid4().hex[:12]}"
    data = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
    start = inert(static_text("early_posttest.js"), "script")
    return (
        f'<div class="ck-test-early" id="{box}">'
        f'<div class="ck-test-early-page">{header_html}</div>'
        '<div class="ck-test-early-host"></div>'
        f'<script type="application/json" class="ck-test-early-state">{data}</script>'
        f'<script type="text/plain" class="ck-test-early-script">{inert(script, "script")}</script>'
        f"<script>{start}({json.dumps(box)});</script>"
        "</div>"
    )


class PostTestPage(EarlyBox):
    """The post-test page's box of widgets; Voila shows its early copy before them."""

    early_copy = ""

    def early_html(self) -> str:
        return self.early_copy
