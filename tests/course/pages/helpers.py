"""Helpers shared by the tests in this folder."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlencode

from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.records._store import Store
from caserate_kit.course.widgets._form import FormWidget
from caserate_kit.course.widgets._posttest import PostTestWidget

ROOT = Path(__file__).resolve().parents[3]


NO_HUB: dict[str, str] = {}
HOME_LABEL = (
    '<span class="ck-wide-only">Course home</span>'
    '<span class="ck-narrow-only" aria-hidden="true">Home</span>'
)
"""How the top bar labels the course home: "Home" on a phone, read out in full."""


def _showable(bank, seed) -> bool:
    from caserate_kit.course.quiz._variants import draw_variant

    try:
        PostTestWidget(view=draw_variant(bank, seed).question_view())
    except ValueError:
        return False
    return True


def address(token: str | None = None, **parameters: str) -> str:
    """A page's query string."""
    return urlencode({**parameters, **({"token": token} if token else {})})


def shown(page) -> str:
    """Everything a page shows as text and HTML (widgets included)."""
    if isinstance(page, HtmlPage):
        return page.html
    parts = []
    for child in page.children:
        if isinstance(child, FormWidget | PostTestWidget):
            parts.append(json.dumps(getattr(child, "spec", None) or child.view))
        else:
            parts.append(child.value)
    return "\n".join(parts)


def widget_of(page, kind):
    return next(child for child in page.children if isinstance(child, kind))


def complete(store: Store, learner_id: str, course: str = "lesson-01", evaluate: bool = True):
    """Open the lesson, pass its post-test and (by default) evaluate it."""
    store.record_visit(learner_id, course, "open")
    attempt = store.start_attempt(learner_id, course, "v1", seed=1)
    store.submit_attempt(attempt.id, 0.9, True, {})
    if evaluate:
        store.record_evaluation(learner_id, course, True, 4, {"content": 5})


_PAGE_IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys
    from caserate_kit.course.pages._session import sign_in
    from caserate_kit.course.records._store import Store
    from caserate_kit.course.pages import {builder}
    store = Store()
    learner, token, _code = sign_in(store, "Memory Test", email="memory@example.org")
    {builder}(store, {query!r}.format(token=token), {{}})
    print(json.dumps({{name: name in sys.modules for name in ("pandas", "matplotlib")}}))
    """
)


def _heavy_imports(tmp_path, builder, query):
    code = _PAGE_IN_A_FRESH_PROCESS.format(builder=builder, query=query)
    env = {"CASERATE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
