"""The course's front-end files: scripts and the one stylesheet in ``widgets/static/``.

No module of the course holds CSS or JavaScript as text of its own; every class
the course gives its own elements starts with ``ck-``; and the stylesheet's
colours are tokens on ``:root``, each defined once, with enough contrast.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets
import pytest

from caserate_kit.course import exercises
from caserate_kit.course.widgets import (
    ChoiceGroup,
    ChoiceGroups,
    DownloadLink,
    FilePicker,
    FormWidget,
    LiveStatus,
    PasscodeForm,
    PostTestWidget,
)
from caserate_kit.course.widgets._static import (
    SECTIONS,
    STATIC,
    STYLESHEET,
    style_tag,
    with_dom_helpers,
)

from ..widget_tree import widgets_under

ROOT = Path(__file__).resolve().parents[3]
COURSE = ROOT / "caserate_kit" / "course"
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "caserate" / "index.html.j2"
SHEET = STYLESHEET.read_text(encoding="utf-8")

FOREIGN = re.compile(r"^(jp-|lm-|widget-|jupyter-|mod-)|^(mathjax_ignore|tex2jax_ignore)$")
"""Classes of Jupyter's (JupyterLab, Lumino, ipywidgets) and MathJax's, which the course uses."""

OLD = re.compile(
    r"(?<![\w-])((pt|ckf|td|cxg|cxl|crx|cx)-[a-z]|crx(?![\w-])|"
    r"is-(correct|incorrect|failed|passed|info|locked)(?![\w-])|lesson-header)"
)
"""The class names of before the one prefix."""

WIDGETS = [
    PostTestWidget,
    FormWidget,
    ChoiceGroups,
    ChoiceGroup,
    LiveStatus,
    PasscodeForm,
    FilePicker,
    DownloadLink,
]


def ours(name: str) -> bool:
    return name.startswith("ck-") or bool(FOREIGN.search(name))


# Python ---------------------------------------------------------------------------


def _modules() -> list[Path]:
    return sorted(COURSE.rglob("*.py"))


def _texts(path: Path) -> Iterator[tuple[int, str]]:
    """Each string constant of a module (an f-string with ``{}`` for its values), docstrings not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts.update(id(value) for value in node.values)
            text = "".join(
                value.value if isinstance(value, ast.Constant) else "{}" for value in node.values
            )
            yield node.lineno, str(text)
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings and id(node) not in parts:
            yield node.lineno, node.value


SCRIPT = re.compile(
    r"\bfunction\s*\(|=>|\bexport default\b|\b(document|window)\.[a-z]|addEventListener|"
    r"querySelector|\b(const|let|var)\s+\w+\s*="
)
CSS_RULE = re.compile(r"[\w\])*-]\s*\{[^{}]*[\w-]+\s*:\s*[^{};]+;")


def test_no_module_of_the_course_holds_a_stylesheet_or_a_script():
    """Styles and scripts are files in ``widgets/static/``, never Python text."""
    found = []
    for path in _modules():
        for line, text in _texts(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            wrapper = path.name == "_static.py" and text == "<style>{}</style>"
            if "<style" in text.lower() and not wrapper:
                found.append(f"{where}: a <style> element")
            if CSS_RULE.search(text):
                found.append(f"{where}: a CSS rule: {text[:60]!r}")
            if SCRIPT.search(text):
                found.append(f"{where}: a script: {text[:60]!r}")
    assert found == []


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: widget.__name__)
def test_course_widgets_read_their_script_from_a_file_and_carry_no_styles(widget):
    """anywidget would send a widget's ``_css`` with every instance: the page holds them."""
    assert not hasattr(widget, "_css")
    assert "export default" in widget._esm


def test_every_static_file_is_used():
    """Each file in ``static/`` is read by the course (by its name)."""
    sources = "".join(path.read_text(encoding="utf-8") for path in _modules())
    for path in STATIC.iterdir():
        assert re.search(rf"[\"']{re.escape(path.name)}[\"']", sources), path.name


def _python_classes() -> Iterator[tuple[str, str]]:
    attribute = re.compile(r"""\bclass=(["'])(.*?)\1""")
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "add_class" and isinstance(node.args[0], ast.Constant):
                yield f"{path.name}:{node.lineno}", str(node.args[0].value)
        for line, text in _texts(path):
            for match in attribute.finditer(text):
                for name in match.group(2).split():
                    yield f"{path.name}:{line}", name


def test_every_class_the_python_gives_starts_with_ck():
    found = [(where, name) for where, name in _python_classes() if name != "{}"]
    assert len(found) > 100
    assert [(where, name) for where, name in found if not ours(name)] == []


@pytest.mark.parametrize("name", sorted(exercises.__all__))
def test_every_class_on_an_exercise_page_starts_with_ck(name):
    """The page's widgets (``add_class``) and the HTML they show, as the browser gets them."""
    root = getattr(exercises, name)().root
    names = set()
    for widget in widgets_under(root):
        names.update(getattr(widget, "_dom_classes", ()))
        value = getattr(widget, "value", None)
        if isinstance(widget, ipywidgets.HTML) and isinstance(value, str):
            without_style = re.sub(r"<style>.*?</style>", "", value, flags=re.S)
            for found in re.finditer(r"""\bclass=(["'])(.*?)\1""", without_style):
                names.update(found.group(2).split())
    assert "ck-ex" in names
    assert sorted(name for name in names if not ours(name)) == []


# JavaScript -----------------------------------------------------------------------


def _script(path: Path) -> str:
    """A script without its comments."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", text)


STRING = r"""("[^"\n]*"|'[^'\n]*'|`[^`]*`)"""


def _names(literal: str) -> Iterator[str]:
    """The class names in a string literal; in a template, those of its ``${...}`` too."""
    inner = literal[1:-1]
    for expression in re.findall(r"\$\{([^}]*)\}", inner):
        for quoted in re.finditer(STRING, expression):
            yield from _names(quoted.group(1))
    yield from re.sub(r"\$\{[^}]*\}", "{}", inner).split()


def _script_classes(text: str) -> Iterator[str]:
    contexts = [rf"\bclass:\s*{STRING}", rf"\bclassName\s*=\s*{STRING}"]
    for context in contexts:
        for match in re.finditer(context, text):
            yield from _names(match.group(1))
    for match in re.finditer(r"""\bclass=\\?(["'])([^"'\\]*)""", text):
        yield from match.group(2).split()
    for match in re.finditer(r"\bclassList\.\w+\(([^)]*)\)", text):
        for literal in re.finditer(STRING, match.group(1)):
            yield from _names(literal.group(1))
    selectors = rf"(?:querySelector(?:All)?|closest|matches)\(\s*{STRING}|=\s*{STRING}"
    for match in re.finditer(selectors, text):
        literal = (match.group(1) or match.group(2))[1:-1]
        if literal.startswith((".", "#")) or "querySelector" in match.group(0):
            yield from re.findall(r"\.([A-Za-z][\w-]*)", literal)


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.js")), ids=lambda path: path.name)
def test_every_class_a_script_uses_starts_with_ck(path):
    names = [name for name in _script_classes(_script(path)) if name != "{}"]
    assert [name for name in names if not ours(name)] == []
    assert not OLD.search(_script(path))


def test_the_scripts_use_classes_the_way_the_check_reads_them():
    """The check above finds the classes of the post-test and the radio groups."""
    found = set(_script_classes(_script(STATIC / "posttest.js")))
    assert {"ck-test", "ck-test-card", "ck-is-correct", "ck-is-failed", "ck-test-early"} <= found
    found = set(_script_classes(_script(STATIC / "choice_groups.js")))
    assert {"ck-groups", "ck-groups-group", "ck-is-locked", "ck-is-{}"} <= found


# The stylesheet -------------------------------------------------------------------


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def _tokens(css: str) -> dict[str, str]:
    """The ``--ck-*`` tokens of the first ``:root`` rule, with their values."""
    root = re.search(r":root\s*\{(.*?)\}", _without_comments(css), flags=re.S)
    assert root is not None
    pairs = re.findall(r"(--ck-[\w-]+)\s*:\s*([^;]+);", root.group(1))
    return {name: " ".join(value.split()) for name, value in pairs}


TOKENS = _tokens(SHEET)
BODY = _without_comments(SHEET)
RULES = BODY[BODY.index("}") + 1 :]
"""Every rule after the first, ``:root``."""


def test_the_stylesheet_opens_with_its_tokens():
    assert BODY.lstrip().startswith(":root {")
    assert ":root" not in RULES


def test_every_token_the_stylesheet_uses_is_defined_on_root():
    used = set(re.findall(r"var\(\s*(--ck-[\w-]+)", RULES))
    assert used
    assert sorted(used - set(TOKENS)) == []


def test_each_token_is_defined_once():
    names = re.findall(r"(--ck-[\w-]+)\s*:", BODY)
    assert len(names) == len(set(names)) == len(TOKENS)


def test_every_token_is_used():
    used = set(re.findall(r"var\(\s*(--ck-[\w-]+)", _without_comments(SHEET)))
    assert sorted(set(TOKENS) - used) == []


def test_no_rule_writes_a_colour_of_its_own():
    """Colours are tokens (system colours for forced-colours mode aside)."""
    literal = re.compile(
        r"#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(|(?<![\w-])(white|black)(?![\w-])", re.I
    )
    assert [line for line in RULES.splitlines() if literal.search(line)] == []


def test_every_class_of_the_stylesheet_starts_with_ck():
    selectors = re.sub(r"\{[^{}]*\}", "{}", RULES)
    names = set(re.findall(r"\.([A-Za-z_][\w-]*)", selectors))
    assert {"ck-page", "ck-test", "ck-form", "ck-groups", "ck-live", "ck-ex", "ck-dash"} <= names
    assert sorted(name for name in names if not ours(name)) == []
    assert not OLD.search(RULES)


def test_every_rule_of_the_learner_pages_is_raised_above_jupyterlabs():
    """``.ck-page`` is written twice in the page (``.ck-page.ck-page``), and only there."""
    tag = style_tag(*SECTIONS)
    assert tag.startswith("<style>")
    assert tag.endswith("</style>")
    assert tag.count(".ck-page.ck-page") == SHEET.count(".ck-page")
    assert ".ck-page-" not in SHEET


def test_the_templates_tokens_agree_with_the_stylesheet():
    """The Voila template's base (``base.css``) uses the same tokens: same values."""
    template = _tokens(TEMPLATE.with_name("base.css").read_text(encoding="utf-8"))
    shared = set(template) & set(TOKENS)
    assert {"--ck-ink", "--ck-muted", "--ck-line", "--ck-navy", "--ck-link", "--ck-focus"} <= shared
    assert {name: template[name] for name in shared} == {name: TOKENS[name] for name in shared}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(front: str, back: str) -> float:
    """The WCAG contrast ratio of two tokens."""
    one, two = sorted((_luminance(TOKENS[front]), _luminance(TOKENS[back])), reverse=True)
    return (one + 0.05) / (two + 0.05)


SOFT = ["card", "soft", "link-soft", "good-soft", "warn-soft", "bad-soft"]
TEXT_ON = [
    *[(front, back) for front in ("ink", "link") for back in SOFT],
    *[(front, back) for front in ("muted", "link-dark", "navy") for back in SOFT[:3]],
    *[
        (kind, back)
        for kind in ("good", "warn", "bad")
        for back in ("card", "soft", kind + "-soft")
    ],
    *[("on-dark", back) for back in ("navy", "navy-dark", "link", "link-dark", "control", "muted")],
    ("on-dark-muted", "navy"),
]
"""Text and the backgrounds it is shown on."""
RINGS_AND_BORDERS_ON = [
    *[("focus", back) for back in SOFT],
    ("focus-on-dark", "navy"),
    ("control", "card"),
    ("control", "soft"),
    ("warn-line", "card"),
    ("bad-line", "card"),
]
"""Focus rings and control borders (an invalid field's too) and their backgrounds."""


@pytest.mark.parametrize(("front", "back"), TEXT_ON)
def test_text_has_aa_contrast(front, back):
    assert contrast(f"--ck-{front}", f"--ck-{back}") >= 4.5


@pytest.mark.parametrize(("front", "back"), RINGS_AND_BORDERS_ON)
def test_focus_rings_and_control_borders_have_3_to_1(front, back):
    assert contrast(f"--ck-{front}", f"--ck-{back}") >= 3


# The widgets' scripts: the shared DOM helpers once, in front of each widget's own code ---

HELPERS = ("function h(", "function fill(", "const SVG =")


@pytest.mark.parametrize("widget", [PostTestWidget, ChoiceGroups, FormWidget])
def test_each_widget_script_defines_the_helpers_once(widget):
    source = widget._esm
    for helper in HELPERS:
        assert source.count(helper) == 1, f"{widget.__name__}: {helper}"
    assert source.startswith((STATIC / "dom.js").read_text(encoding="utf-8"))
    assert len(re.findall(r"^export default", source, flags=re.MULTILINE)) == 1


def test_a_script_is_given_as_text_or_as_a_file(tmp_path):
    script = tmp_path / "page.js"
    script.write_text("export default {};\n", encoding="utf-8")
    assert with_dom_helpers(script) == with_dom_helpers("export default {};\n")


def test_every_section_of_the_stylesheet_is_drawn_by_some_page():
    """Is each section asked for by a page (``style_tag(...)``, ``styles=...``), so none is dead?"""
    asked = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in SECTIONS:
                asked.add(node.value)
    assert asked == set(SECTIONS)


def test_an_unknown_section_is_refused_by_name():
    """Does asking for a section the sheet lacks say which, and list those it has?"""
    with pytest.raises(ValueError, match="stylesheet section must be one of page, forms"):
        style_tag("posters")
