"""The post-test widget: accessible question controls, graded in the kernel.

The page shows the questions and sends back the learner's choices; it never
holds an answer. Whoever owns the widget listens for ``submit`` and sets
:attr:`PostTestWidget.result` after grading::

    quiz = PostTestWidget(view=view, responses=saved)
    quiz.on_submit(lambda: setattr(quiz, "result", grade(quiz.responses)))
    quiz.on_retake(lambda: quiz.load(next_view))

The page may set only ``responses``, and only while the test is open: any
other change it sends (a forged ``result``, say) is refused and undone. The
page's script is ``static/posttest.js``; its look is the post-test's section
of ``static/course.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import traitlets

from ..._exceptions import InvalidInputError
from .._numbers import format_percent
from ._guarded import GuardedWidget
from ._static import STATIC, with_dom_helpers

__all__ = ["PostTestWidget", "clean_responses", "result_summary"]

QUESTION_TYPES = frozenset({"single", "multiple", "true_false", "numeric", "ordering"})
UNITS = frozenset({"dollars", "percent", "hours", "cases", ""})
TRUE_FALSE_KEYS = ("true", "false")

# The only keys a view may hold. Anything else (``correct``, ``answer``,
# ``feedback``...) is refused so that no answer can reach the page by accident.
_VIEW_KEYS = frozenset(
    {"quiz_id", "title", "pass_mark", "time_estimate_minutes", "questions", "practice"}
)
_QUESTION_KEYS = frozenset({"key", "type", "prompt", "options", "unit", "hint"})
_OPTION_KEYS = frozenset({"key", "text"})

_MAX_TYPED_ANSWER = 64

Callback = Callable[[], object]


def result_summary(result: Mapping[str, Any]) -> str:
    """The one-sentence result a screen reader announces after grading.

    >>> result_summary({"score": 0.8, "passed": True, "correct_count": 8, "total": 10})
    'You scored 80% (8 of 10 correct). You passed.'
    >>> result_summary({"score": 0.5, "passed": False, "correct_count": 1, "total": 2,
    ...                 "pass_mark": 0.8})
    'You scored 50% (1 of 2 correct). You need 80% to pass; you can try a new version.'
    >>> result_summary({"score": 0.5, "practice": True, "correct_count": 3, "total": 6})
    'You answered 50% (3 of 6 correct). This is practice: it changes no score or credit.'
    """
    score = _percent(result.get("score", 0))
    counts = f" ({result.get('correct_count', 0)} of {result.get('total', 0)} correct)"
    if result.get("practice"):
        return f"You answered {score}{counts}. This is practice: it changes no score or credit."
    if result.get("passed"):
        return f"You scored {score}{counts}. You passed."
    need = _percent(result.get("pass_mark", 0))
    return f"You scored {score}{counts}. You need {need} to pass; you can try a new version."


def _percent(share: object) -> str:
    """A share from the result, as a whole percent (anything else as 0%)."""
    return format_percent(float(share) if isinstance(share, int | float) else 0.0)


class PostTestWidget(GuardedWidget):
    """One post-test on the page: questions in, learner's choices out.

    Traits synced with the page: ``view`` (questions, no answers),
    ``responses`` (set by the page), ``result`` (set after grading),
    ``status`` (announced to screen readers) and ``busy``.
    """

    _esm = with_dom_helpers(STATIC / "posttest.js")

    view = traitlets.Dict().tag(sync=True)
    responses = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._submit_callbacks: list[Callback] = []
        self._retake_callbacks: list[Callback] = []
        self.on_msg(self._on_page_message)

    # -- what the kernel calls -------------------------------------------------

    def on_submit(self, callback: Callback, remove: bool = False) -> None:
        """Call ``callback()`` when the learner submits (set ``result`` in it)."""
        _register(self._submit_callbacks, callback, remove)

    def on_retake(self, callback: Callback, remove: bool = False) -> None:
        """Call ``callback()`` when a learner who failed asks for a new version."""
        _register(self._retake_callbacks, callback, remove)

    def load(self, view: Mapping[str, Any], responses: Mapping[str, Any] | None = None) -> None:
        """Show a (new) test, with saved responses if resuming; clears the result."""
        with self.hold_sync():
            self.result = {}
            self.busy = False
            self.status = ""
            self.view = dict(view)
            self.responses = dict(responses or {})

    # -- validation ------------------------------------------------------------

    @traitlets.validate("view")
    def _check_view(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        view: dict[str, Any] = proposal["value"]
        _check_view(view)
        return view

    @traitlets.validate("responses")
    def _check_responses(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        return clean_responses(self.view, proposal["value"])

    @traitlets.observe("result")
    def _announce_result(self, change: traitlets.Bunch) -> None:
        if change["new"]:
            self.status = result_summary(change["new"])

    # -- what the page sends ---------------------------------------------------

    page_may_set = frozenset({"responses"})

    def accepts(self, name: str) -> bool:
        """The page may change ``responses``, and only while the test is open."""
        return super().accepts(name) and self._is_open()

    def _on_page_message(self, _widget: object, content: object, _buffers: object) -> None:
        if not isinstance(content, dict):
            return
        event = content.get("event")
        if event == "submit" and self._is_open():
            # The page sends its answers with the submit: its last change may still be
            # queued behind the submit, and the answers graded must be the ones shown.
            given = content.get("responses")
            if isinstance(given, dict) and given != self.responses:
                self.set_state({"responses": given})
            self._run(self._submit_callbacks, "Submitting…")
            if not self.result and self.status == "Submitting…":
                self.status = _GRADING_FAILED
        elif event == "retake" and self.result and not self.busy:
            self._run(self._retake_callbacks, "Preparing a new version…")
            if self.status == "Preparing a new version…" or not self.status:
                self.status = _RETAKE_FAILED if self.result else _RETAKE_READY

    def _is_open(self) -> bool:
        return not self.busy and not self.result

    def _run(self, callbacks: list[Callback], working: str) -> None:
        """Call the callbacks with ``busy`` set; a failure is reported, then raised."""
        self.busy = True
        self.status = working
        try:
            for callback in list(callbacks):
                callback()
        except Exception:
            self.status = "Something went wrong. Your answers are saved; please try again."
            raise
        finally:
            self.busy = False


_GRADING_FAILED = "Your answers could not be checked. They are saved; please choose Submit again."
_RETAKE_FAILED = "A new version could not be prepared. Please try again."
_RETAKE_READY = "A new version of the post-test is ready. Your earlier answers were cleared."


def _register(callbacks: list[Callback], callback: Callback, remove: bool) -> None:
    if remove:
        if callback in callbacks:
            callbacks.remove(callback)
    elif callback not in callbacks:
        callbacks.append(callback)


def _check_view(view: Mapping[str, Any]) -> None:
    """Refuse a view that is malformed or could carry an answer to the page."""
    _check_keys("view", view, _VIEW_KEYS)
    questions = view.get("questions", [])
    if not isinstance(questions, list):
        raise InvalidInputError("view.questions", questions, "must be a list")
    seen: set[str] = set()
    for number, question in enumerate(questions):
        where = f"view.questions[{number}]"
        if not isinstance(question, Mapping):
            raise InvalidInputError(where, question, "must be a dict")
        _check_keys(where, question, _QUESTION_KEYS)
        key = question.get("key")
        if not isinstance(key, str) or not key or key in seen:
            raise InvalidInputError(f"{where}.key", key, "must be a text key used only once")
        seen.add(key)
        if question.get("type") not in QUESTION_TYPES:
            raise InvalidInputError(
                f"{where}.type", question.get("type"), f"must be one of {sorted(QUESTION_TYPES)}"
            )
        if not isinstance(question.get("prompt"), str):
            raise InvalidInputError(f"{where}.prompt", question.get("prompt"), "must be text")
        if question.get("unit", "") not in UNITS:
            raise InvalidInputError(
                f"{where}.unit", question.get("unit"), f"must be one of {sorted(UNITS)}"
            )
        if not isinstance(question.get("hint", ""), str):
            raise InvalidInputError(f"{where}.hint", question.get("hint"), "must be text")
        _check_options(where, question)


def _check_options(where: str, question: Mapping[str, Any]) -> None:
    options = question.get("options", [])
    if not isinstance(options, list):
        raise InvalidInputError(f"{where}.options", options, "must be a list")
    if not options and question["type"] in ("single", "multiple", "ordering"):
        raise InvalidInputError(f"{where}.options", options, "must list the choices")
    keys: set[str] = set()
    for index, option in enumerate(options):
        spot = f"{where}.options[{index}]"
        if not isinstance(option, Mapping):
            raise InvalidInputError(spot, option, "must be a dict")
        _check_keys(spot, option, _OPTION_KEYS)
        key, text = option.get("key"), option.get("text")
        if not isinstance(key, str) or not key or key in keys or not isinstance(text, str):
            raise InvalidInputError(spot, option, "must have a text and a key used only once")
        keys.add(key)


def _check_keys(where: str, item: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise InvalidInputError(
            where, unknown[0], f"may hold only {sorted(allowed)} (no answers or feedback)"
        )


def _option_keys(question: Mapping[str, Any]) -> list[str]:
    options = question.get("options") or []
    if not options and question.get("type") == "true_false":
        return list(TRUE_FALSE_KEYS)
    return [str(option["key"]) for option in options]


def clean_responses(view: Mapping[str, Any], responses: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only well-formed answers to the view's questions; drop the rest.

    >>> view = {"questions": [{"key": "q1", "type": "single", "prompt": "?",
    ...                        "options": [{"key": "a", "text": "A"}]}]}
    >>> clean_responses(view, {"q1": "a", "q9": "a"})
    {'q1': 'a'}
    """
    cleaned: dict[str, Any] = {}
    for question in view.get("questions", []):
        key = question["key"]
        if key not in responses:
            continue
        answer = _clean_answer(question, responses[key])
        if answer is not None:
            cleaned[key] = answer
    return cleaned


def _clean_answer(question: Mapping[str, Any], answer: object) -> str | list[str] | None:
    kind = question["type"]
    keys = _option_keys(question)
    if kind in ("single", "true_false"):
        return answer if isinstance(answer, str) and answer in keys else None
    if kind == "numeric":
        typed = answer if isinstance(answer, str) else None
        return typed if typed and typed.strip() and len(typed) <= _MAX_TYPED_ANSWER else None
    if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
        return None
    if kind == "multiple":
        return [key for key in keys if key in answer] or None
    return list(answer) if sorted(answer) == sorted(keys) else None
