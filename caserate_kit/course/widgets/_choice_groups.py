"""Accessible radio groups: one question, or several with feedback; and a live status line.

:class:`ChoiceGroup` is one set of radio choices in a ``<fieldset>`` named by
its ``<legend>`` (plain ipywidgets radio buttons have no group name), for an
exercise's settings. :class:`ChoiceGroups` shows several questions at once,
each a fieldset of its own. The page may change only ``values``, and only while the groups
are unlocked; the kernel checks the values and sends ``feedback`` back. No
group description may carry an answer: unknown keys are refused.

:class:`LiveStatus` is a polite live region that screen readers announce when
its text changes; the kernel writes it, the page cannot.

Their scripts are ``static/choice.js``, ``static/choice_groups.js`` and
``static/live_status.js``; their look is in ``static/course.css``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import traitlets

from ..._exceptions import InvalidInputError
from ._guarded import GuardedWidget
from ._static import STATIC, static_text, with_dom_helpers

__all__ = ["ChoiceGroup", "ChoiceGroups", "LiveStatus", "group", "option_list"]

_GROUP_KEYS = frozenset({"key", "legend", "detail", "options", "layout"})
_FEEDBACK_KEYS = frozenset({"verdict", "title", "lines"})
_VERDICTS = frozenset({"correct", "incorrect", "info"})


def option_list(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """Options as the page wants them: ``[{"key": ..., "text": ...}, ...]``."""
    return [{"key": key, "text": text} for key, text in pairs]


def group(
    key: str,
    legend: str,
    options: Sequence[tuple[str, str]],
    detail: str = "",
    layout: str = "row",
) -> dict[str, Any]:
    """One group for :class:`ChoiceGroups`: a legend, optional detail line and options."""
    made: dict[str, Any] = {
        "key": key,
        "legend": legend,
        "options": option_list(options),
        "layout": layout,
    }
    if detail:
        made["detail"] = detail
    return made


def _check_groups(groups: Sequence[Any]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(groups):
        where = f"groups[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidInputError(where, item, "must be a dict")
        unknown = sorted(set(item) - _GROUP_KEYS)
        if unknown:
            raise InvalidInputError(where, unknown[0], f"may hold only {sorted(_GROUP_KEYS)}")
        key = item.get("key")
        if not isinstance(key, str) or not key or key in seen:
            raise InvalidInputError(f"{where}.key", key, "must be a text key used only once")
        seen.add(key)
        options = item.get("options")
        if not isinstance(options, list) or not options:
            raise InvalidInputError(f"{where}.options", options, "must list the choices")
        keys = [opt.get("key") for opt in options if isinstance(opt, Mapping)]
        if len(keys) != len(options) or len(set(keys)) != len(keys):
            raise InvalidInputError(f"{where}.options", options, "must have one key per option")
        for opt in options:
            if set(opt) != {"key", "text"} or not all(isinstance(v, str) for v in opt.values()):
                raise InvalidInputError(f"{where}.options", opt, "must be {key, text} text pairs")


class ChoiceGroups(GuardedWidget):
    """Several radio groups, each a fieldset; the learner's choices are in ``values``.

    Synced traits: ``groups`` (what to show), ``values`` (group key to option
    key, set by the page), ``feedback`` (group key to ``{verdict, title,
    lines}``, set by the kernel), ``locked`` and ``numbered``.
    """

    _esm = with_dom_helpers(STATIC / "choice_groups.js")

    groups: traitlets.List[Any] = traitlets.List().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    feedback = traitlets.Dict().tag(sync=True)
    locked = traitlets.Bool(False).tag(sync=True)
    numbered = traitlets.Bool(True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_page_message)

    def _on_page_message(self, _widget: object, content: object, _buffers: object) -> None:
        """A choice the page sends at once as well: a state update may wait behind an
        earlier one, while a button's click (Check) does not, and must find it here."""
        if not isinstance(content, dict) or content.get("event") != "choose":
            return
        values = content.get("values")
        if isinstance(values, dict) and values != self.values:
            self.set_state({"values": values})

    def early_html(self) -> str:
        """The groups as their script first draws them, for the page's early copy.

        Feedback is drawn by the script alone: a page whose groups already show
        some has no early copy.
        """
        from ._early import NoEarlyCopy

        if self.feedback:
            raise NoEarlyCopy("radio groups that show feedback have no early copy")
        cards = []
        for index, item in enumerate(self.groups):
            name = f"ck-groups-early-{self.model_id}-{index}"
            chosen = self.values.get(item["key"])
            options = "".join(
                f'<label class="ck-groups-option"><input type="radio" class="ck-groups-radio" '
                f'name="{name}" value="{html.escape(option["key"])}"'
                f"{' checked' if option['key'] == chosen else ''}"
                f"{' disabled' if self.locked else ''}>"
                f'<span class="ck-groups-option-text">{html.escape(option["text"])}</span></label>'
                for option in item["options"]
            )
            number = f'<span class="ck-groups-num">{index + 1}.</span> ' if self.numbered else ""
            detail = item.get("detail") or ""
            described = f"{name}-d {name}-f" if detail else f"{name}-f"
            layout = "ck-groups-column" if item.get("layout") == "column" else "ck-groups-row"
            cards.append(
                f'<fieldset class="ck-groups-group" aria-describedby="{described}">'
                f'<legend class="ck-groups-legend">{number}'
                f'<span class="ck-groups-legend-text">{html.escape(item["legend"])}</span></legend>'
                + (
                    f'<p class="ck-groups-detail" id="{name}-d">{html.escape(detail)}</p>'
                    if detail
                    else ""
                )
                + f'<div class="ck-groups-options {layout}">{options}</div>'
                f'<div class="ck-groups-feedback" id="{name}-f" hidden></div></fieldset>'
            )
        locked = " ck-is-locked" if self.locked else ""
        return (
            f'<div class="lm-Widget ck-groups-host"><div class="ck-groups{locked}">'
            f"{''.join(cards)}</div></div>"
        )

    @traitlets.validate("groups")
    def _valid_groups(self, proposal: traitlets.Bunch) -> list[Any]:
        groups: list[Any] = proposal["value"]
        _check_groups(groups)
        return groups

    @traitlets.validate("values")
    def _valid_values(self, proposal: traitlets.Bunch) -> dict[str, str]:
        allowed = {g["key"]: {o["key"] for o in g["options"]} for g in self.groups}
        given: dict[str, Any] = proposal["value"]
        return {k: v for k, v in given.items() if isinstance(v, str) and v in allowed.get(k, ())}

    @traitlets.validate("feedback")
    def _valid_feedback(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        notes: dict[str, Any] = proposal["value"]
        for key, note in notes.items():
            if not isinstance(note, Mapping) or set(note) - _FEEDBACK_KEYS:
                reason = "must be {verdict, title, lines}"
                raise InvalidInputError(f"feedback[{key!r}]", note, reason)
            if note.get("verdict") not in _VERDICTS:
                raise InvalidInputError(
                    f"feedback[{key!r}].verdict",
                    note.get("verdict"),
                    f"must be one of {sorted(_VERDICTS)}",
                )
        return notes

    def load(self, groups: Sequence[Mapping[str, Any]]) -> None:
        """Show new groups, with no choices, no feedback and unlocked."""
        with self.hold_sync():
            self.feedback = {}
            self.values = {}
            self.locked = False
            self.groups = [dict(item) for item in groups]

    def missing(self) -> list[int]:
        """The numbers (from 1) of the groups with no choice yet."""
        return [i for i, g in enumerate(self.groups, start=1) if g["key"] not in self.values]

    page_may_set = frozenset({"values"})

    def accepts(self, name: str) -> bool:
        """The page may change ``values``, and only while the groups are unlocked."""
        return super().accepts(name) and not self.locked


_TONES = frozenset({"info", "good", "warn"})


class LiveStatus(GuardedWidget):
    """One line that screen readers announce whenever the kernel changes it.

    ``tone`` is ``info``, ``good`` or ``warn`` (shown by the border and
    background; the words carry the meaning).
    """

    _esm = static_text("live_status.js")

    text = traitlets.Unicode("").tag(sync=True)
    tone = traitlets.Unicode("info").tag(sync=True)

    @traitlets.validate("tone")
    def _valid_tone(self, proposal: traitlets.Bunch) -> str:
        tone: str = proposal["value"]
        if tone not in _TONES:
            raise InvalidInputError("tone", tone, f"must be one of {sorted(_TONES)}")
        return tone

    def early_html(self) -> str:
        """The status line as its script draws it, for the page's early copy."""
        return (
            '<div class="lm-Widget"><div class="ck-live" role="status" '
            f'aria-live="polite" aria-atomic="true" data-tone="{html.escape(self.tone)}">'
            f"{html.escape(self.text)}</div></div>"
        )

    def say(self, text: str, tone: str = "info") -> None:
        """Show and announce ``text`` (cleared first when it repeats, so it is heard again)."""
        if text == self.text:
            self.text = ""
        with self.hold_sync():
            self.tone = tone
            self.text = text


class ChoiceGroup(GuardedWidget):
    """Radio choices in a ``<fieldset>`` whose ``<legend>`` names the group.

    ``options`` is a list of ``[value, text]`` pairs; ``value`` is the chosen
    value, or ``""`` while nothing is chosen. A value the options do not hold
    is refused.
    """

    _esm = static_text("choice.js")

    legend = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    page_may_set = frozenset({"value"})

    def __init__(
        self, legend: str, options: Sequence[tuple[str, str]], value: str = "", **kwargs: Any
    ) -> None:
        super().__init__(
            legend=legend, options=[list(pair) for pair in options], value=value, **kwargs
        )

    def early_html(self) -> str:
        """The group as its script draws it, for the page's early copy."""
        name = f"ck-choice-early-{self.model_id}"
        choices = "".join(
            f'<label><input type="radio" name="{name}" value="{html.escape(value)}"'
            f"{' checked' if value == self.value else ''}> {html.escape(text)}</label>"
            for value, text in self.options
        )
        return (
            f'<div class="lm-Widget {" ".join(self._dom_classes)}">'
            f'<fieldset class="ck-choice"><legend>{html.escape(self.legend)}</legend>'
            f'<div class="ck-choice-list">{choices}</div></fieldset></div>'
        )

    @traitlets.validate("value")
    def _check_value(self, proposal: traitlets.Bunch) -> str:
        value = str(proposal["value"])
        if value and value not in {pair[0] for pair in self.options}:
            raise traitlets.TraitError(f"{value!r} is not one of the choices")
        return value
