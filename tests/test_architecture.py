"""The tree shows the data flow: each room imports only rooms upstream of it (or itself), and no
module imports itself back through others. Read from the code's own import statements (function-
level imports included), so a backward import fails here rather than in review."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# upstream first; a room may import the rooms before it. eval drives the pipeline, the CLI runs
# everything, the Streamlit UI talks to the API over HTTP (it reads settings only).
FLOW = ("core", "corpus", "ingest", "index", "query", "search", "answer", "api", "eval", "cli")
ROOMS = {*FLOW, "ui"}
UI_MAY_IMPORT = {"core", "ui"}


def _modules() -> dict[str, Path]:
    out = {}
    for room in ROOMS:
        for path in (ROOT / room).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports (a `from package import name` counts the submodule)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        found |= {n for n in names if n in modules}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def test_every_import_runs_downstream_along_the_flow():
    backward = []
    for module, imported in _graph().items():
        room = module.split(".")[0]
        for target in imported:
            other = target.split(".")[0]
            if room == "ui":
                ok = other in UI_MAY_IMPORT
            else:
                ok = other != "ui" and FLOW.index(other) <= FLOW.index(room)
            if not ok:
                backward.append(f"{module} -> {target}")
    assert not backward, "imports against the flow:\n" + "\n".join(sorted(backward))


def test_no_module_imports_itself_back():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + "."):
                continue  # a package importing its own submodule
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_extractive_path_has_no_giant_modules_or_constructors():
    """No source file over ~400 lines, no constructor over 8 parameters (settings go in sections)."""
    too_long, too_wide = [], []
    for name, path in _modules().items():
        lines = path.read_text("utf-8").count("\n")
        if lines > 420:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                n = len(node.args.args) - 1 + len(node.args.kwonlyargs)
                if n > 8:
                    too_wide.append(f"{name}.__init__: {n} parameters")
    assert not too_long and not too_wide, "\n".join(too_long + too_wide)
