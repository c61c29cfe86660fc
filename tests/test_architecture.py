"""The layout shows the architecture: no import cycles, the library never imports the UI or the CLI,
no module grows past what one person can hold in mind.

The import graph is read statically (ast) so that imports inside functions, made lazily to keep
start-up fast, count as dependencies too: a lazy cycle is still a cycle of concepts.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"
MAX_LINES = 400
# The front ends: they may import the library, never the reverse.
FRONT_ENDS = ("assistant.ui", "assistant.commands", "assistant.cli", "assistant.__main__")

Graph = dict[str, set[str]]


def module_names(package: Path) -> dict[str, Path]:
    names = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def import_graph(package: Path) -> Graph:
    """Module → the project modules it imports (anywhere in its body)."""
    modules = module_names(package)
    graph: Graph = defaultdict(set)
    for name, path in modules.items():
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                    origin = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    origin = node.module or ""
                # `from . import values` names a module; `from .form import Form` names the module `form`.
                submodules = [f"{origin}.{alias.name}" for alias in node.names]
                targets = [t for t in submodules if t in modules] or [origin]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


def top_level(module: str) -> str:
    """`assistant.drafting.gate` → `assistant.drafting`: the unit of the package graph."""
    return ".".join(module.split(".")[:2])


def package_graph(graph: Graph) -> Graph:
    packages: Graph = defaultdict(set)
    for source, targets in graph.items():
        for target in targets:
            if top_level(source) != top_level(target) and target != "assistant":
                packages[top_level(source)].add(top_level(target))
    return packages


def is_front_end(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FRONT_ENDS)


def library_to_front_end(graph: Graph) -> list[str]:
    return sorted(
        f"{source} → {target}"
        for source, targets in graph.items()
        if not is_front_end(source)
        for target in targets
        if is_front_end(target)
    )


def long_modules(package: Path) -> list[str]:
    root = package.parent
    paths = [*package.rglob("*.py"), *root.glob("app.py")]
    return sorted(
        f"{path.relative_to(root)}: {count} lines"
        for path in paths
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(PACKAGE)


def test_no_module_imports_itself_back(graph: Graph) -> None:
    assert cycles(graph) == []


def test_no_cycle_between_top_level_packages(graph: Graph) -> None:
    assert cycles(package_graph(graph)) == []


def test_the_library_never_imports_the_ui_or_the_command_line(graph: Graph) -> None:
    assert library_to_front_end(graph) == []


def test_no_module_over_400_lines() -> None:
    assert long_modules(PACKAGE) == []


def test_the_graph_is_read_from_the_real_package(graph: Graph) -> None:
    # A reader that found no imports would pass every test above.
    assert "assistant.form" in graph["assistant.checks.context"]
    assert "assistant.values" in graph["assistant.form"]  # `from . import values`
    assert "assistant.review.batch" in graph["assistant.commands.review"]  # imported inside a function


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "assistant" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "assistant"


def test_the_checks_fail_on_a_cycle_a_ui_import_and_a_long_module(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "form.py": "from .values import parse\n",
            "values/__init__.py": "def parse():\n    from ..form import Form\n",
            "ui/__init__.py": "",
            "ui/page.py": "from ..form import Form\n",
            "checks.py": "def run():\n    from .ui import page\n" + "\n" * 401,
        },
    )
    graph = import_graph(package)
    assert cycles(graph) == [["assistant.form", "assistant.values"]]
    assert cycles(package_graph(graph)) == [["assistant.form", "assistant.values"]]
    assert library_to_front_end(graph) == ["assistant.checks → assistant.ui.page"]
    assert [line.split(":")[0] for line in long_modules(package)] == ["assistant/checks.py"]
