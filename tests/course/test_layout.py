"""Does the course machinery keep its layout: wings by role, every import pointing down?

The imports are read from the source (a walk over each module's syntax tree),
not by running it, so an import inside a function or under ``TYPE_CHECKING``
counts as much as one at the top. A name taken from a package's face (its
``__init__.pyi``) counts as an import of the module that defines it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "caserate_kit"
COURSE = "caserate_kit.course"
GROUND = "ground"
WINGS = (
    "quiz",
    "records",
    "certificates",
    "connections",
    "reports",
    "widgets",
    "pages",
    "exercises",
    "server",
)

MAY_IMPORT: Mapping[str, frozenset[str]] = {
    GROUND: frozenset(),
    "quiz": frozenset({GROUND}),
    "records": frozenset({GROUND}),
    "certificates": frozenset({GROUND, "quiz", "records"}),
    "connections": frozenset({GROUND, "records"}),
    "reports": frozenset({GROUND, "quiz", "records", "certificates", "connections"}),
    "widgets": frozenset({GROUND, "records"}),
    "pages": frozenset({GROUND, "quiz", "records", "certificates", "reports", "widgets"}),
    "exercises": frozenset({GROUND, "quiz", "widgets"}),
    "server": frozenset(
        {GROUND, "quiz", "records", "certificates", "connections", "reports", "pages"}
    ),
}
"""The wings each wing may import besides itself: everything points down. The server sits on
top: it draws the pages it answers without a kernel (the public verify page), and reaches no
widget or exercise."""

Graph = Mapping[str, frozenset[str]]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    """Every module of the package, by name (a package's face by its own name)."""
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _stub_names(package: str) -> dict[str, str]:
    """The names a package's ``__init__.pyi`` lists, and the module each comes from."""
    stub = _modules()[package].with_suffix(".pyi")
    if not stub.exists():
        return {}
    names = {}
    for node in ast.parse(stub.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                where = f"{package}.{node.module}" if node.module else f"{package}.{alias.name}"
                names[alias.name] = where
    return names


def _targets(module: str, node: ast.ImportFrom) -> Iterator[str]:
    """The package modules an import statement reaches."""
    if node.level:
        is_package = _modules()[module].name == "__init__.py"
        parts = module.split(".")[: None if is_package else -1]
        base = ".".join(parts[: len(parts) - node.level + 1])
        source = f"{base}.{node.module}" if node.module else base
    else:
        source = node.module or ""
    known = _modules()
    if source not in known:
        return
    face = _stub_names(source)
    for alias in node.names:
        if f"{source}.{alias.name}" in known:
            yield f"{source}.{alias.name}"
        elif alias.name in face:
            yield face[alias.name]
        else:
            yield source


@cache
def import_graph() -> Graph:
    """Each module of the package, and the modules of the package it imports."""
    graph = {}
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {
            t
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for t in _targets(module, node)
        }
        if path.name == "__init__.py":  # a face's stub imports what it lists
            found |= set(_stub_names(module).values())
        graph[module] = frozenset(found - {module})
    return graph


def wing(module: str) -> str | None:
    """The wing a course module belongs to (``ground`` for the shared ground), else None."""
    if module == COURSE:
        return None  # the course face may list any wing's names
    if not module.startswith(COURSE + "."):
        return None
    first = module.removeprefix(COURSE + ".").split(".")[0]
    return first if first in WINGS else GROUND


def circles(graph: Graph) -> list[list[str]]:
    """The import loops: groups of modules that import one another (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def imports_up(graph: Graph) -> list[str]:
    """Every import from one wing into a wing it may not use, as ``module -> module``."""
    wrong = []
    for module, targets in sorted(graph.items()):
        here = wing(module)
        for target in sorted(targets):
            there = wing(target)
            if here is None or there is None or there == here:
                continue
            if there not in MAY_IMPORT[here]:
                wrong.append(f"{module} -> {target}")
    return wrong


def deepest_chain(graph: Graph, within: str = COURSE) -> list[str]:
    """The longest chain of imports among the modules under ``within`` (the graph has no loop)."""
    nodes = {m for m in graph if m == within or m.startswith(within + ".")}

    @cache
    def longest(node: str) -> tuple[str, ...]:
        below = [longest(t) for t in graph[node] if t in nodes]
        return (node, *max(below, key=len, default=()))

    return list(max((longest(n) for n in sorted(nodes)), key=len))


def test_the_course_has_no_import_loops():
    """Does no group of course modules import one another in a circle?"""
    assert circles(import_graph()) == []


def test_every_import_points_down():
    """Does each wing import only the wings below it (and the server no widget or exercise)?"""
    assert imports_up(import_graph()) == []


def test_the_calculation_library_never_imports_the_course():
    """Do the worked calculations stand alone, without the course machinery?"""
    library = {m: t for m, t in import_graph().items() if not m.startswith(COURSE)}
    assert [f"{m} -> {t}" for m, ts in library.items() for t in ts if t.startswith(COURSE)] == []


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        (f"{COURSE}.pages._home", f"{COURSE}.server._serve"),
        (f"{COURSE}.server._app", f"{COURSE}.widgets._form"),
        (f"{COURSE}.certificates._completion", f"{COURSE}.pages._lesson"),
        (f"{COURSE}.quiz._grading", f"{COURSE}.records._store"),
        (f"{COURSE}.quiz._variants", f"{COURSE}.widgets._posttest"),
        (f"{COURSE}._catalog", f"{COURSE}.pages._frame"),
    ],
)
def test_a_forbidden_import_added_back_is_named(module, forbidden):
    """Would the rules name an import that runs up, if one came back?"""
    graph = {**import_graph(), module: import_graph()[module] | {forbidden}}
    assert imports_up(graph) == [f"{module} -> {forbidden}"]


def test_a_loop_added_back_is_found():
    """Would the rules find a loop, if two modules came to import each other again?"""
    schema, loader = f"{COURSE}.quiz._schema", f"{COURSE}.quiz._loader"
    graph = {**import_graph(), schema: import_graph()[schema] | {loader}}
    assert any({loader, schema} <= set(circle) for circle in circles(graph))


def test_every_module_is_in_a_wing_or_on_the_shared_ground():
    """Is each course module in one of the named wings, or a module of the shared ground?"""
    loose = [m for m in import_graph() if wing(m) == GROUND and m.count(".") > 2]
    assert loose == []


def test_the_readme_maps_every_wing():
    """Does the README's map of the course machinery name each wing folder, and only those?"""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    wings_table = readme.split("| wing | what it does |")[1].split("\n\n")[0]
    mapped = re.findall(r"^\| `(\w+)/` \|", wings_table, re.M)
    folders = sorted(p.name for p in (PACKAGE / "course").iterdir() if (p / "__init__.py").exists())
    assert sorted(mapped) == folders == sorted(WINGS)
