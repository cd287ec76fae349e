"""Course machinery: the lesson catalog and the pages the notebooks call."""

from ._catalog import LESSONS, Lesson, lesson_links_html

__all__ = ["LESSONS", "Lesson", "lesson_links_html"]
