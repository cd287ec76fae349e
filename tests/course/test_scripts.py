"""The widgets' scripts: the shared DOM helpers once, in front of each widget's own code."""

from __future__ import annotations

import re

import pytest

from caserate_kit.course.widgets._choice_groups import ChoiceGroups
from caserate_kit.course.widgets._form import FormWidget
from caserate_kit.course.widgets._posttest import PostTestWidget
from caserate_kit.course.widgets._static import STATIC, with_dom_helpers

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
