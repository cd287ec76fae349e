"""A post-test the learner can answer before Voila's scripts reach the kernel.

The post-test's questions are a widget, which Voila's front end draws only
once its scripts (about 3 MB) have loaded and its widget manager has reached
the kernel: more than a second after the page arrives. The post-test page
therefore also carries, as HTML the server writes into the page, its header
and an early copy of the post-test: the widget's own script
(``static/posttest.js``, its ``drawEarly``) with a model of the page's own,
drawn from the same view (questions, never answers) and saved answers. When
the real widget is drawn it takes over the answers given meanwhile, the focus
and a pending Submit, and the early copy goes (see ``takeEarly`` in the script).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ._early import EarlyBox, inert
from ._static import STATIC

__all__ = ["PostTestPage", "early_posttest_html"]


def early_posttest_html(header_html: str, state: dict[str, Any], script: str) -> str:
    """The page's header and an early copy of the post-test, drawn from ``state``.

    ``state`` is the widget's view, responses and status; ``script`` is the
    widget's script (the shared DOM helpers, then ``posttest.js``).
    """
    box = f"pt-early-{uuid.uuid4().hex[:12]}"
    data = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
    styles = (STATIC / "posttest.css").read_text(encoding="utf-8")
    return (
        f'<div class="pt-early" id="{box}">'
        f'<div class="pt-early-page">{header_html}</div>'
        '<div class="pt-early-host"></div>'
        f"<style>{inert(styles, 'style sheet')}</style>"
        f'<script type="application/json" class="pt-early-state">{data}</script>'
        f'<script type="text/plain" class="pt-early-script">{inert(script, "script")}</script>'
        # A classic script, run as soon as it is parsed (a module script would wait for
        # the whole page, Voila's own scripts included); it imports the widget's script.
        "<script>(function () {"
        f"var box = document.getElementById({json.dumps(box)});"
        "if (!box || box.dataset.taken) { return; }"
        "var read = function (part) { return box.querySelector(part).textContent; };"
        "var url = URL.createObjectURL("
        "new Blob([read('.pt-early-script')], { type: 'text/javascript' }));"
        "import(url).then(function (module) {"
        " URL.revokeObjectURL(url);"
        " module.drawEarly(box, JSON.parse(read('.pt-early-state')));"
        "});"
        "})();</script>"
        "</div>"
    )


class PostTestPage(EarlyBox):
    """The post-test page's box of widgets; Voila shows its early copy before them."""

    early_copy = ""

    def early_html(self) -> str:
        return self.early_copy
