"""Is every YAML file the course reads checked the same way, with every problem by line?"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

import caserate_kit as ck
from caserate_kit.course._yaml import Text, YamlFileError, load_yaml

PACKAGE = Path(__file__).resolve().parents[2] / "caserate_kit"


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Text
    size: int


class Listing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: tuple[Entry, ...]


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "listing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_its_model(tmp_path):
    """Does a file that fits the model come back as the model?"""
    path = written(tmp_path, "entries:\n  - id: a\n    size: 1\n")
    assert load_yaml(path, Listing, entries="entries").entries[0].size == 1


def test_every_problem_is_named_by_line_entry_and_field(tmp_path):
    """Are all the problems reported at once, each with its line, its entry and its field?"""
    text = "entries:\n  - id: a\n    size: big\n  - id: b\n    colour: red\n    size: 2\n"
    with pytest.raises(YamlFileError) as refused:
        load_yaml(written(tmp_path, text), Listing, entries="entries")
    lines = [(p.line, p.item_id, p.message) for p in refused.value.problems]
    assert lines == [
        (3, "a", "size: Input should be a valid integer, unable to parse string as an integer"),
        (5, "b", "colour is not a field here; check the spelling, or remove it"),
    ]
    assert isinstance(refused.value, ck.InvalidInputError)


def test_a_key_written_twice_is_a_problem(tmp_path):
    """Is a field given twice in one entry refused, at the second one's line?"""
    text = "entries:\n  - id: a\n    size: 1\n    size: 2\n"
    with pytest.raises(YamlFileError, match=r"listing\.yaml:4: a: size appears twice"):
        load_yaml(written(tmp_path, text), Listing, entries="entries")


def test_aliases_that_expand_without_end_are_refused(tmp_path):
    """Is a "billion laughs" file refused at its line instead of filling the memory?"""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(6)
    ]
    with pytest.raises(YamlFileError, match="more than 200,000 entries"):
        load_yaml(written(tmp_path, "\n".join(lines) + "\n"), Listing)


def test_text_that_is_not_yaml_is_reported_with_its_column(tmp_path):
    """Does broken YAML say so, with the line and column, and no traceback?"""
    with pytest.raises(YamlFileError, match=r"listing\.yaml:2: -: this is not valid YAML \(column"):
        load_yaml(written(tmp_path, "entries: [unclosed\n"), Listing)


def test_no_module_reads_yaml_but_the_one_loader():
    """Does every YAML file of the course go through _yaml (no yaml.safe_load elsewhere)?"""
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_yaml.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            reads = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if reads and node.value.id == "yaml" and node.attr in ("safe_load", "load"):
                readers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert readers == []
