"""The architecture of design.md, checked: no import cycles between custorg's modules, the
stages import only the stages before them, and only the CLI talks to the terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "custorg"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(lazy: bool = False) -> nx.DiGraph:
    """Module -> the custorg modules it imports at import time (top-level statements; the
    lazy imports inside functions, how the CLI keeps `--help` fast, count with `lazy`)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree) if lazy else tree.body:
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_import_cycles() -> None:
    assert list(nx.simple_cycles(_imports())) == []


def test_config_does_not_import_the_rules() -> None:
    """The config receives the known codes (rules.known_codes) instead of importing them."""
    graph = _imports(lazy=True)
    assert not any(m.startswith("custorg.rules") for m in graph.successors("custorg.config"))


def test_only_the_cli_imports_typer() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import typer" not in text, path


def test_library_callers_keep_the_cycle_collector() -> None:
    """The gc pause and os._exit belong to the console entry point only."""
    code = ("import gc, custorg.engine as e, custorg.config as c;"
            "e.audit(['examples/bakery'], c.Config());"
            "print(gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=SRC.parent, check=True)
    assert done.stdout.strip() == "True"
