"""The course machinery, by role: each wing below is a folder with a face of its own.

- ``quiz/``: question banks, variants and grading; pure (no widget, no store).
- ``records/``: the append-only records store and its migrations.
- ``certificates/``: CE hours, lesson facts, completion, certificate codes and PDF.
- ``reports/``: the trainer's class reports, item analysis, CSV and xAPI exports.
- ``widgets/``: the course's anywidget controls, their early copies, all the
  course's scripts and its one stylesheet (``widgets/static/course.css``).
- ``pages/``: one builder per Voila page, the page frame and style, the
  kernel-side wait for a pooled page's request.
- ``exercises/``: the interactive exercises.
- ``server/``: the ``caserate-course`` command, ``serve``, the kernel pools,
  the page kernel and the server's log.

Beside them, the shared ground every wing may use: the lesson catalog
(``_catalog``), ``course.toml`` (``_config``), where things are (``_paths``),
secrets, the trainer passcode, the glossary, the teaching rubric, figures and
numbers. Imports point down only: pages and exercises use widgets, reports,
certificates, quiz and records; those use the shared ground; the server never
imports a page.

This face holds what the lessons and the Voila configuration use; each name
is imported the first time it is used (``__init__.pyi`` lists them).
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
