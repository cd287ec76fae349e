"""Question banks, their variants and grading: pure functions and values.

A bank (``quizzes/lesson-0N.yaml``) is read and checked by :func:`load_bank`
(every problem named by file, line and item); each attempt draws a variant of
it (:func:`draw_variant`) and is graded by :func:`grade_attempt`. Nothing here
knows a widget, a page or the records store.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
