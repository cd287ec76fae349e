"""Early copies of widget pages: usable as soon as the page arrives.

Voila's front end draws widgets only once its scripts (about 3 MB) have loaded
and reached the kernel, more than a second after the page arrives. A page
built as an :class:`EarlyBox` therefore also offers, as HTML that the course
template writes into the page, a copy of its widgets as they stand: the same
elements and classes as ipywidgets draws. The copy's look comes from the course
stylesheet, which the page holds (an exercise page's first child); its section
on early copies gives the controls the layout that ipywidgets' own style sheet,
arriving with Voila's scripts, will give them. The learner can read, type and
choose at once. When the widgets are drawn, the copy's script
(``static/early_widgets.js``) hands over what the learner changed, where the
focus is and any button pressed meanwhile, and the copy goes.

Ipywidgets' own controls are drawn here; a course widget draws its own copy
with an ``early_html()`` method. A page holding any other widget has no early
copy (:class:`NoEarlyCopy`) and simply waits for Voila's scripts.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

from ._static import static_text

__all__ = ["EARLY_FLAG", "ROOT_CLASS", "EarlyBox", "NoEarlyCopy", "early_copy", "inert"]

EARLY_FLAG = "caserate_early"
"""Output metadata that tells the course template to write the early copy into the page."""

ROOT_CLASS = "ck-early-root"
"""The class of an early page's root, in the copy and in the widgets drawn later."""


class NoEarlyCopy(ValueError):  # noqa: N818 - a signal, caught where a copy is offered
    """The page holds something its early copy cannot carry."""


def inert(text: str, what: str) -> str:
    """``text`` as it may stand inside a ``<style>`` or ``<script>`` element of a copy.

    Either element ends at the first ``</style`` or ``</script``: such a text is refused.
    """
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered:
        raise NoEarlyCopy(f"the {what} would end its own element")
    return text


def _attrs(**values: object) -> str:
    """HTML attributes from keywords (``class_`` for ``class``); ``None`` and ``False`` drop out."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(key if value is True else f'{key}="{html.escape(str(value))}"')
    return (" " + " ".join(parts)) if parts else ""


def _classes(widget: widgets.DOMWidget, *own: str) -> str:
    return " ".join(["lm-Widget", "jupyter-widgets", *own, *widget._dom_classes])


def _layout_style(widget: widgets.DOMWidget) -> str | None:
    """The inline style ipywidgets gives an element for its ``layout`` (``width``, ``flex``...)."""
    layout = getattr(widget, "layout", None)
    if layout is None:
        return None
    rules = []
    for name in layout.keys:
        value = getattr(layout, name)
        if not name.startswith("_") and isinstance(value, str) and value:
            rules.append(f"{name.replace('_', '-')}: {value}")
    return "; ".join(rules) or None


def _label(widget: widgets.DOMWidget, for_id: str | None) -> str:
    text = widget.description or ""
    width = getattr(getattr(widget, "style", None), "description_width", "") or None
    style = "display: none" if not text else (f"width: {width}" if width else None)
    attributes = _attrs(class_="widget-label", for_=for_id, style=style)
    return f"<label{attributes}>{html.escape(text)}</label>"


def _inline(widget: widgets.DOMWidget, kind: str, control: Callable[[str], str]) -> str:
    """A labelled control as ipywidgets draws it: a row with its label and the control."""
    control_id = f"ck-early-{widget.model_id}"
    style = _layout_style(widget)
    return (
        f"<div{_attrs(class_=_classes(widget, 'widget-inline-hbox', kind), style=style)}>"
        f"{_label(widget, control_id)}{control(control_id)}</div>"
    )


def _box(widget: widgets.Box) -> str:
    kind = {"VBox": "widget-vbox", "HBox": "widget-hbox", "GridBox": "widget-gridbox"}
    shape = next((kind[c.__name__] for c in type(widget).__mro__ if c.__name__ in kind), "")
    classes = _classes(widget, "widget-container", "widget-box", shape)
    inside = "".join(_draw(child) for child in widget.children)
    return f"<div{_attrs(class_=classes, style=_layout_style(widget))}>{inside}</div>"


def _html_widget(widget: widgets.HTML) -> str:
    classes = _classes(widget, "widget-inline-hbox", "widget-html")
    return (
        f"<div{_attrs(class_=classes, style=_layout_style(widget))}>{_label(widget, None)}"
        f'<div class="widget-html-content">{widget.value}</div></div>'
    )


def _shown(value: object) -> str:
    """A value as the widget's script shows it: a whole float without ".0", as JavaScript does."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)


_NUMBER_BOXES = (
    widgets.FloatText,
    widgets.IntText,
    widgets.BoundedFloatText,
    widgets.BoundedIntText,
)
"""Ipywidgets' number boxes, drawn like a text box with ``type="number"``."""


def _text(widget: widgets.Text) -> str:
    attributes = {
        "type": "number" if isinstance(widget, _NUMBER_BOXES) else "text",
        "value": _shown(widget.value),
        "step": getattr(widget, "step", None),
        "placeholder": getattr(widget, "placeholder", "") or None,
        "disabled": widget.disabled,
    }
    return _inline(widget, "widget-text", lambda at: f"<input{_attrs(id=at, **attributes)}>")


def _textarea(widget: widgets.Textarea) -> str:
    attributes = {
        "rows": widget.rows,
        "placeholder": widget.placeholder or None,
        "disabled": widget.disabled,
    }
    text = html.escape(widget.value)
    return _inline(
        widget,
        "widget-textarea",
        lambda at: f"<textarea{_attrs(id=at, **attributes)}>{text}</textarea>",
    )


def _dropdown(widget: widgets.Dropdown) -> str:
    def control(control_id: str) -> str:
        options = "".join(
            f"<option{_attrs(value=label, selected=index == widget.index)}>"
            f"{html.escape(label)}</option>"
            for index, label in enumerate(widget._options_labels)
        )
        return f"<select{_attrs(id=control_id, disabled=widget.disabled)}>{options}</select>"

    return _inline(widget, "widget-dropdown", control)


def _date(widget: widgets.DatePicker) -> str:
    def control(control_id: str) -> str:
        value = widget.value.isoformat() if widget.value else None
        return f"<input{_attrs(type='date', id=control_id, value=value, disabled=widget.disabled)}>"

    return _inline(widget, "widget-datepicker", control)


def _button(widget: widgets.Button) -> str:
    style = f"mod-{widget.button_style}" if widget.button_style else None
    classes = _classes(widget, "jupyter-button", "widget-button", *([style] if style else []))
    attributes = _attrs(
        class_=classes,
        title=widget.tooltip or widget.description,
        style=_layout_style(widget),
        disabled=widget.disabled,
    )
    return f"<button{attributes}>{html.escape(widget.description)}</button>"


def _output(widget: widgets.Output) -> str:
    shown = []
    for output in widget.outputs:
        data = output.get("data", {}) if isinstance(output, Mapping) else {}
        if "text/html" in data:
            shown.append(str(data["text/html"]))
        elif "text/plain" in data or output.get("output_type") == "stream":
            text = data.get("text/plain", output.get("text", ""))
            shown.append(f"<pre>{html.escape(str(text))}</pre>")
        else:
            raise NoEarlyCopy(f"an output of type {sorted(data)!r} has no early copy")
    inside = "".join(
        f'<div class="jp-OutputArea-output jp-RenderedHTMLCommon jp-RenderedHTML">{part}</div>'
        for part in shown
    )
    return (
        f"<div{_attrs(class_=_classes(widget, 'widget-output'), style=_layout_style(widget))}>"
        f"{inside}</div>"
    )


def _label_widget(widget: widgets.Label) -> str:
    return (
        f"<div{_attrs(class_=_classes(widget, 'widget-label'), style=_layout_style(widget))}>"
        f"{html.escape(widget.value)}</div>"
    )


_DRAWN: tuple[tuple[type, Callable[[Any], str]], ...] = (
    (widgets.Box, _box),
    (widgets.HTML, _html_widget),
    (widgets.Textarea, _textarea),
    (widgets.Text, _text),
    *((kind, _text) for kind in _NUMBER_BOXES),
    (widgets.Dropdown, _dropdown),
    (widgets.DatePicker, _date),
    (widgets.Button, _button),
    (widgets.Output, _output),
    (widgets.Label, _label_widget),
)
"""Ipywidgets' controls the copy draws, most specific first."""


def _draw(widget: object) -> str:
    own = getattr(widget, "early_html", None)
    if callable(own) and not isinstance(widget, EarlyBox):
        drawn: str = own()
        return drawn
    for kind, draw in _DRAWN:
        if isinstance(widget, kind):
            return draw(widget)
    raise NoEarlyCopy(f"a {type(widget).__name__} widget has no early copy")


def early_copy(root: widgets.Box) -> str:
    """The early copy of ``root``: its widgets as HTML, and the hand-over script.

    Raises :class:`NoEarlyCopy` if ``root`` holds a widget the copy cannot draw.
    """
    box = f"ck-early-{uuid.uuid4().hex[:12]}"
    drawn = _box(root)
    script = inert(static_text("early_widgets.js"), "script")
    return (
        f'<div class="ck-early-widgets" id="{box}">{drawn}'
        f"<script>{script}({json.dumps(box)});</script>"
        "</div>"
    )


class EarlyBox(widgets.VBox):  # type: ignore[misc]
    """A page's box of widgets that also offers an early copy of itself (see the module)."""

    def __init__(self, children: Iterable[widgets.Widget] = (), **kwargs: Any) -> None:
        super().__init__(list(children), **kwargs)
        self.add_class(ROOT_CLASS)

    def early_html(self) -> str:
        """The early copy (:func:`early_copy`); ``""`` offers none."""
        return early_copy(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        try:
            copy = self.early_html()
        except NoEarlyCopy:
            return bundle
        if not bundle or not copy:
            return bundle
        return {**bundle, "text/html": copy}, {EARLY_FLAG: True}
