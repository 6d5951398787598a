"""The source tree is a map: each package is one end of the pipeline, imports only from the
layers below it, and no module imports, even lazily, a module that leads back to itself."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "partnerkit"

LAYERS = [
    {"__init__", "diagnostics", "write", "templates"},
    {"model"},
    {"load", "rules"},
    {"settings"},
    {"lint"},
    {"health"},
    {"diff", "due"},
    {"history"},
    {"render"},
    {"report"},
    {"author"},
    {"cli"},
    {"__main__"},
]
"""From the bottom up. A module may import from its own unit and from the layers below it;
units on one layer know nothing of each other."""

RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str) -> set[str]:
    """Every partnerkit module that ``module`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                for alias in node.names
            ]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == "partnerkit")
    return found - {module}


def test_every_top_level_name_has_a_layer() -> None:
    top = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert top == set(RANK), "add the new module or package to LAYERS (and to CONTRIBUTING.md)"


def test_no_module_imports_from_a_layer_above_or_beside_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module in MODULES
        for target in imports(module)
        if unit(target) != unit(module) and RANK[unit(target)] >= RANK[unit(module)]
    ]
    assert wrong == []


def test_no_import_circles() -> None:
    graph = {module: imports(module) & MODULES.keys() for module in MODULES}
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []
