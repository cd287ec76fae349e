"""The course's look: one stylesheet, ``widgets/static/course.css``, in each page once.

The Voila template (``share/jupyter/voila/templates/caserate``) sets the base:
18px type, the page colours and the focus ring. The stylesheet styles all that
the course draws: the learner pages, the lesson bar, the forms, the post-test,
the radio groups, the exercises, the trainer dashboard and the early copies of
widget pages. It opens with the colour, radius and font tokens (``--ck-*`` on
``:root``, the template's own values); every rule uses them, and each
component's rules sit under its own ``ck-`` classes. Colours meet WCAG 2.2 AA
contrast on their backgrounds. Everything works offline: system fonts only.

Whatever draws course HTML or widgets puts :func:`style_tag` in its page once:
:func:`~._frame.page_html` (every learner page), the exercise page, the trainer
dashboard and the lesson bar. The course widgets carry no styles of their own,
so anywidget does not send the sheet again with every widget.

The learner pages' rules sit under ``.ck-page``, the root of each page's HTML.
JupyterLab styles the HTML of notebook outputs with its own rules (tables
right-aligned and striped, links without underline, floated definition lists),
so :func:`style_tag` writes that root class twice (``.ck-page.ck-page``), which
makes each rule more specific than JupyterLab's without ``!important``. The
sheet is read once (:mod:`..widgets._static`, which the exercise pages use too).
"""

from __future__ import annotations

from ..widgets import STYLESHEET, style_tag

__all__ = ["STYLESHEET", "style_tag"]
