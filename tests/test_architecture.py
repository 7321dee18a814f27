"""The architecture of CONTRIBUTING.md, checked: no import cycles between custorg's modules;
each stage imports only its own and earlier stages, lazy imports inside functions
included; the packages beside the audit flow import the core and are never imported by
it; the CLI comes last and is the only one that talks to the terminal; no module imports
another module's private names."""

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
                names = [f"{target}.{alias.name}" for alias in node.names]
                # `from . import gate` imports the submodule; the package only for names
                # that are not submodules of it
                targets = names + [target] * any(n not in modules for n in names)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_import_cycles() -> None:
    """Not at import time, and not through the lazy imports inside functions either."""
    assert list(nx.simple_cycles(_imports())) == []
    assert list(nx.simple_cycles(_imports(lazy=True))) == []


# ----------------------------------------------------------------------------- the stages

# CONTRIBUTING.md's architecture map, in order: a module may import the modules of its own
# stage and of earlier ones (by its top-level name under custorg: a module or a package)
# (a package's modules may sit at different stages: "audit.config" is a module of the
# package audit, placed on its own)
STAGES: list[set[str]] = [
    {"custorg", "errors", "findings", "limits", "thresholds", "escape", "notions",
     "inputs", "encodings", "today", "charnames"},
    {"orgfile"},
    {"graph"},
    {"analysis"},
    {"audit", "audit.config"},
    {"rules"},
    {"audit.engine", "audit.baseline"},
    {"formatters", "diagrams", "output"},
]
# beside the audit flow: each imports the core (the stages above) and the packages named
# here, and nothing of the core imports them
# mining reads spreadsheet logs with the importer's reader and limits (one reader)
BESIDE: dict[str, set[str]] = {"importer": set(), "mining": {"importer"}, "diff": set(),
                               "report": {"diff"}, "evidence": {"mining"},
                               "deck": {"report", "diff"}}
LAST = {"cli", "__main__"}  # may import everything; __main__ only the cli


SPLIT = {"audit"}  # packages whose modules STAGES places one by one


def _top(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] in SPLIT:
        return ".".join(parts[1:3])
    return parts[1] if len(parts) > 1 else parts[0]


def _stage_breaches(graph: nx.DiGraph) -> list[str]:
    stage = {name: i for i, names in enumerate(STAGES) for name in names}
    core = set(stage)
    found = []
    for module, target in graph.edges:
        a, b = _top(module), _top(target)
        if a == b or a in LAST and not (a == "__main__" and b != "cli"):
            continue
        if a in stage:
            allowed = b in stage and stage[b] <= stage[a]
        elif a in BESIDE:
            allowed = b in core or b in BESIDE[a]
        else:
            allowed = False  # a module the map does not place
        if not allowed:
            found.append(f"{module} -> {target}")
    return sorted(found)


def test_every_module_has_a_stage() -> None:
    placed = set().union(*STAGES, BESIDE, LAST)
    assert {_top(m) for m in _imports()} - placed == set()


def test_each_stage_imports_only_earlier_stages_lazy_imports_included() -> None:
    assert _stage_breaches(_imports(lazy=True)) == []


def test_the_stage_check_finds_a_breach() -> None:
    graph = nx.DiGraph([("custorg.audit.engine", "custorg.formatters.json"),
                        ("custorg.graph", "custorg.mining.tally"),
                        ("custorg.importer.names", "custorg.mining.compare"),
                        ("custorg.report.context", "custorg.diff.compare"),
                        ("custorg.diff.compare", "custorg.cli.gate"),
                        ("custorg.cli.audit", "custorg.mining"),
                        ("custorg.audit.config", "custorg.rules.base"),
                        ("custorg.rules.base", "custorg.audit.config")])
    assert _stage_breaches(graph) == ["custorg.audit.config -> custorg.rules.base",
                                      "custorg.audit.engine -> custorg.formatters.json",
                                      "custorg.diff.compare -> custorg.cli.gate",
                                      "custorg.graph -> custorg.mining.tally",
                                      "custorg.importer.names -> custorg.mining.compare"]


# ----------------------------------------------------------------------------- private names


def _private_imports(path: Path, module: str) -> list[str]:
    """`from x import _y` where x is another custorg module (a name it keeps to itself)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source.split(".")[0] != "custorg" or source == module:
            continue
        found += [f"{module}:{node.lineno} {source}.{a.name}" for a in node.names
                  if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    found = [hit for path in sorted(PACKAGE.rglob("*.py"))
             for hit in _private_imports(path, _module_name(path))]
    assert found == []


def test_the_private_name_scan_finds_one(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text("from ..formatters.text_report import _x, y\n"
                     "from .gate import __version__\nfrom os import _exit\n", encoding="utf-8")
    assert _private_imports(stray, "custorg.diff.stray") == [
        "custorg.diff.stray:1 custorg.formatters.text_report._x"]


def test_config_does_not_import_the_rules() -> None:
    """The config receives the known codes (rules.known_codes) instead of importing them."""
    graph = _imports(lazy=True)
    assert not any(m.startswith("custorg.rules") for m in graph.successors("custorg.audit.config"))


def test_only_the_cli_imports_typer() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import typer" not in text, path


def test_library_callers_keep_the_cycle_collector() -> None:
    """The gc pause and os._exit belong to the console entry point only."""
    code = ("import gc, custorg.audit.engine as e, custorg.audit.config as c;"
            "e.audit(['examples/bakery'], c.Config());"
            "print(gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=SRC.parent, check=True)
    assert done.stdout.strip() == "True"


# ----------------------------------------------------------------------------- the output gate

GATE = PACKAGE / "cli" / "gate.py"
WRITERS = {"print", "typer.echo", "click.echo", "rich.print", "traceback.print_exc",
           "traceback.print_exception", "os.write", "sys.stdout.write", "sys.stderr.write",
           "sys.stdout.buffer.write", "sys.stderr.buffer.write", "sys.stdout.writelines",
           "sys.stderr.writelines"}
# what a module may ask of a standard stream without writing to it
STREAM_QUESTIONS = {"isatty", "fileno", "encoding"}
# output.write_atomic's `-o /dev/stdout` branch: it is handed text the gate escaped
# (gate.out) and, while a command runs, sys.stdout is the gate's guarded stream
STREAM_USERS = {PACKAGE / "output.py"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _writes(path: Path) -> list[str]:
    """Where `path` writes to a standard stream other than through the gate."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in WRITERS:
                found.append(f"{where} {name}()")
            if name.endswith("Console") and not any(k.arg == "file" for k in node.keywords):
                found.append(f"{where} a rich Console on a standard stream")
        if _dotted(node) in ("sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__"):
            parent = parents.get(node)
            asked = isinstance(parent, ast.Attribute) and parent.attr in STREAM_QUESTIONS
            asked |= (isinstance(parent, ast.Call) and _dotted(parent.func) == "getattr"
                      and len(parent.args) > 1 and isinstance(parent.args[1], ast.Constant)
                      and parent.args[1].value in STREAM_QUESTIONS)
            if not asked and path not in STREAM_USERS:
                found.append(f"{where} uses {_dotted(node)}")
    return found


def test_only_the_gate_writes_to_stdout_and_stderr() -> None:
    """Issue 18: every byte to stdout and stderr passes cli/gate.py, which escapes it for
    its kind; no other module prints, echoes or writes to a standard stream."""
    found = [w for path in sorted(PACKAGE.rglob("*.py")) if path != GATE
             for w in _writes(path)]
    assert found == []


def test_the_scan_finds_a_stray_write(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text("import sys, typer\nprint(1)\ntyper.echo('x', err=True)\n"
                     "sys.stderr.write('y')\nsys.stdout.isatty()\nout = sys.stdout\n",
                     encoding="utf-8")
    found = sorted(w.split(" ", 1)[1] for w in _writes(stray))
    assert found == ["print()", "sys.stderr.write()", "typer.echo()", "uses sys.stderr",
                     "uses sys.stdout"]


def test_commands_never_choose_an_escape() -> None:
    """The CLI names an output's kind (gate.out(text, "json")); only the gate (and the
    formatters, for pieces of user text) call custorg.escape."""
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path == GATE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = {a.name for a in node.names}
                assert node.module != "escape" and not (node.module is None and
                                                        "escape" in names), path
                assert "escape" not in names, path
            assert _dotted(node).split(".")[0] != "escape", (path, getattr(node, "lineno", 0))
