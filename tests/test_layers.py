"""The shape of the code: layers that import only downwards, no import circles, small modules.

Every import in src/ is read from the syntax tree (those inside functions and under
TYPE_CHECKING too: a circle hidden in a function is still a circle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Each layer and the layers it may import, lowest first. The base modules hold what
# every layer shares; `tripplan` itself (the public API) and the CLI sit on top.
BASE = ("tripplan.errors", "tripplan.problems", "tripplan.cache", "tripplan.files", "tripplan.safe")
BASE += ("tripplan.version", "tripplan.net")
LAYERS: dict[str, set[str]] = {
    "base": {"base"},
    "format": {"base", "format"},
    "geo": {"base", "format", "geo"},
    "plan": {"base", "format", "geo", "plan"},
    "checks": {"base", "format", "geo", "plan", "checks"},
    "edits": {"base", "format", "edits"},
    "outputs": {"base", "format", "geo", "plan", "checks", "outputs"},
    "pipeline": {"base", "format", "geo", "plan", "checks", "pipeline"},
    "cli": {"base", "format", "geo", "plan", "checks", "edits", "outputs", "pipeline", "cli"},
    "api": {"base", "format", "geo", "plan", "checks", "edits", "outputs", "pipeline", "cli"},
}
MAX_LINES = 500


def layer_of(module: str) -> str:
    if module in BASE:
        return "base"
    if module in ("tripplan", "tripplan.__main__"):
        return "api"
    if module == "tripplan.pipeline":
        return "pipeline"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return parts[1]
    raise AssertionError(f"{module}: in no layer; add it to LAYERS in tests/test_layers.py")


def modules(root: Path = SRC) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: Iterable[str]) -> set[str]:
    """The modules of ours that `module` imports, anywhere in its code."""
    known = set(known)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from tripplan import pipeline` imports a module; `from x import name` x.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        found.update(name for name in names if name in known and name != module)
    return found


def graph(root: Path = SRC) -> dict[str, set[str]]:
    found = modules(root)
    return {module: imports(module, path, found) for module, path in found.items()}


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Imports from a layer to one it may not use, as "a -> b (layer -> layer)"."""
    return sorted(
        f"{a} -> {b} ({layer_of(a)} -> {layer_of(b)})"
        for a, targets in edges.items()
        for b in targets
        if layer_of(b) not in LAYERS[layer_of(a)]
    )


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_layer_imports_a_layer_above_it():
    assert upward(graph()) == []


def test_no_import_circles():
    assert circles(graph()) == []


def test_every_package_says_what_it_holds_and_may_import():
    for init in sorted((SRC / "tripplan").glob("*/__init__.py")):
        if not any(init.parent.glob("*.py")):
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init}: say in a docstring what the layer holds and may import"
        assert "import" in doc.lower(), (
            f"{init}: the docstring should say what the layer may import"
        )


def test_modules_are_small():
    long = {
        module: n
        for module, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and not path.name.startswith("_")  # generated tables such as geo/_hanfold.py
    }
    assert long == {}


def test_the_checks_catch_a_circle_and_an_upward_import(tmp_path):
    # A lower layer reaching up, and two modules importing each other: both reported.
    package = tmp_path / "tripplan"
    (package / "format").mkdir(parents=True)
    (package / "plan").mkdir()
    (package / "__init__.py").write_text("")
    (package / "format" / "__init__.py").write_text("")
    (package / "plan" / "__init__.py").write_text("")
    (package / "format" / "model.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tripplan.plan.placing import DayPlan\n"
    )
    (package / "plan" / "placing.py").write_text(
        "def f():\n    from tripplan.plan import travel\n\nfrom tripplan.format.model import x\n"
    )
    (package / "plan" / "travel.py").write_text("from .placing import f\n")
    edges = graph(tmp_path)
    assert upward(edges) == ["tripplan.format.model -> tripplan.plan.placing (format -> plan)"]
    assert circles(edges) == [
        ["tripplan.format.model", "tripplan.plan.placing", "tripplan.plan.travel"]
    ]
