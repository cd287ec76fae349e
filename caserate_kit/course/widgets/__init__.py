"""The course's own widgets (anywidget): the post-test, forms, radio groups, the
trainer's passcode form, a file picker and download links, with their early
copies. Their scripts are files in ``static/``; their look is in
``static/course.css``, the course's one stylesheet, which each page holds once,
so the widgets carry no styles of their own. Every widget accepts from the page
only the traits it names and sends the rest back
(:class:`~._guarded.GuardedWidget`).
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
