"""`custorg --help` stays light, and the two hooks into typer's private API still hold.

Startup is checked by what it imports, not by a stopwatch: `custorg --help` may import
typer and the CLI's own small modules, nothing of the audit (networkx, YAML, JSON Schema,
rich, the engine...) and no compiled escape table. The hooks (`TyperArgument.
display_type_rich` for `PATH...` in help, `typer._click.exceptions` for usage errors)
are private typer API: when a typer release drops one, these tests say which."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# what `custorg --help` may import beyond `import typer`: the CLI's command modules (their
# heavy imports inside the commands), the output gate and the few small modules the option
# declarations need
ALLOWED = {
    "custorg", "custorg.errors", "custorg.escape", "custorg.formatters",
    "custorg.diagrams", "custorg.diagrams.views",
    "custorg.cli", "custorg.cli.audit", "custorg.cli.common", "custorg.cli.diagram",
    "custorg.cli.deck", "custorg.cli.diff", "custorg.cli.gate", "custorg.cli.importing",
    "custorg.cli.init", "custorg.cli.mine", "custorg.cli.mine_evidence",
    "custorg.cli.mine_spark",  # the options of --engine spark (pyspark only when it runs)
    "custorg.cli.reference", "custorg.cli.report",
    "__future__", "gc",
}
HEAVY = ("networkx", "yaml", "jsonschema", "rich", "jinja2", "graphviz", "lxml", "duckdb",
         "pyarrow", "python_calamine", "pptx", "unicodedata", "custorg.audit.engine",
         "custorg.rules",
         "custorg.audit.config", "custorg.orgfile.load")

PROBE = """
import json, sys
import typer
with_typer = set(sys.modules)
from custorg import cli, escape
tables_at_import = escape._hidden_re.cache_info().currsize
code = cli.main(["--help"])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(set(sys.modules) - with_typer),
               "tables_at_import": tables_at_import}, out)
"""


def _probe(tmp_path: Path) -> dict[str, object]:
    result = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(result)], cwd=tmp_path, check=True,
                   capture_output=True, env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    loaded: dict[str, object] = json.loads(result.read_text(encoding="utf-8"))
    return loaded


def test_help_imports_only_the_allowed_modules(tmp_path: Path) -> None:
    found = _probe(tmp_path)
    assert found["code"] == 0
    modules = found["modules"]
    assert isinstance(modules, list)
    own = {m for m in modules if not m.startswith(("typer.", "click"))}
    assert own - ALLOWED == set()
    assert [m for m in modules if m.startswith(HEAVY)] == []


def test_importing_the_cli_compiles_no_escape_table(tmp_path: Path) -> None:
    """escape.py's regular expressions are compiled on first use, not at import."""
    assert _probe(tmp_path)["tables_at_import"] == 0


# ----------------------------------------------------------------------------- typer's hooks


def test_the_metavar_hook_is_installed() -> None:
    """cli._metavars_only replaces TyperArgument.display_type_rich wherever typer has it
    (typer < 0.20 has none and shows no types)."""
    from typer.core import TyperArgument

    import custorg.cli  # noqa: F401  (installs the hook)

    hook = getattr(TyperArgument, "display_type_rich", None)
    assert hook is None or getattr(hook, "custorg", False), \
        "typer's TyperArgument.display_type_rich is not custorg's"


def test_audit_help_shows_the_metavar_without_the_python_type(
        capsys: pytest.CaptureFixture[str]) -> None:
    from custorg.cli import main

    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    assert "PATH..." in out
    assert "list[str]" not in out, ("typer shows Python types in help again: the hook of "
                                    "cli._metavars_only (TyperArgument.display_type_rich) "
                                    "no longer works with this typer")


def test_the_click_exceptions_module_is_found(capsys: pytest.CaptureFixture[str]) -> None:
    """cli._click_exceptions finds click's exceptions (typer._click in typer >= 0.20):
    without ClickException a usage error would be reported as a bug (exit 3)."""
    import typer

    from custorg.cli import _click_exceptions, main

    errors = _click_exceptions()
    assert isinstance(getattr(errors, "ClickException", None), type)
    assert issubclass(typer.BadParameter, errors.ClickException)
    assert main(["audit", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "No such option" in err and "internal error" not in err
