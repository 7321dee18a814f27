"""`custorg explain` and `custorg schema`: the reference the tool carries (each rule's
documentation, from the registry, and the JSON Schema of the org format).

Heavy imports (the rule registry, rich) stay inside the functions so `--help` is fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from .common import ConfigOpt, NoColor, Output, text_width

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..rules import Rule


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command()(schema)
    app.command()(explain)


def schema(output: Output = None) -> None:
    """Print the JSON Schema of the org format (schemas/org.schema.json)."""
    from ..orgfile.schema import schema_text
    from . import gate

    gate.out(schema_text(), "json", output)


# ----------------------------------------------------------------------------- explain


def explain(
    code: Annotated[Optional[str], typer.Argument(
        metavar="CODE", help="A rule code (P003, any case) or name (too-many-handoffs).",
        show_default=False)] = None,
    list_rules: Annotated[bool, typer.Option("--list", help="List every rule: code, name, "
                                             "default severity, enabled by the config.")
                          ] = False,
    config: ConfigOpt = None,
    no_color: NoColor = False,
) -> None:
    """Show a rule's documentation: what it checks, why it matters, examples, how to fix."""
    from . import gate
    from .common import load

    if list_rules and code is not None:
        raise UsageError("give a rule code or name, or --list, not both")
    if not list_rules and code is None:
        raise UsageError("which rule? give a code or name (custorg explain P003), or --list")
    cfg = load(config, None)
    color = _use_color(no_color)
    if list_rules:
        gate.out(listing(cfg, color), "text", color=color)
    else:
        gate.out(explanation(find_rule(code or ""), cfg, color), "text", color=color)


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def find_rule(text: str) -> Rule:
    """A rule by code (any case) or name; unknown: UsageError with a suggestion."""
    from ..audit.config import suggest
    from ..rules import REGISTRY, by_name, lookup

    key = text.strip()
    rule = lookup(key) or lookup(key.lower())
    if rule is not None:
        return rule
    hint = suggest(key.upper() if len(key) <= 4 else key.lower(), [*REGISTRY, *by_name()])
    raise UsageError(f"unknown rule {text!r}{hint}; `custorg explain --list` lists them all")


def status(rule: Rule, cfg: Config) -> tuple[str, str]:
    """(enabled, severity) of a rule in this configuration, as words."""
    from ..audit.config import always_on

    if always_on(rule.code):
        enabled = "always"
    else:
        enabled = "yes" if cfg.enabled(rule.code) else "no"
    severity = str(rule.severity)
    configured = cfg.severity_of(rule.code, rule.severity)
    if configured != rule.severity:
        severity += f" -> {configured}"
    return enabled, severity


def _config_line(rule: Rule, cfg: Config) -> str:
    enabled, severity = status(rule, cfg)
    where = cfg.source or "the defaults (no config file found)"
    if enabled == "always":
        return "Always on: it stops the analysis (format errors cannot be turned off)."
    if enabled == "no":
        return f"Turned off by {where}."
    if "->" in severity:
        return f"On, with severity {severity.split('-> ')[1]} set in {where}."
    return f"On in {where}."


def explanation(rule: Rule, cfg: Config, color: bool) -> str:
    """`custorg explain CODE`: the rule, its state in `cfg`, its documentation."""
    head = f"{rule.code} {rule.name} (default severity: {rule.severity})"
    line = _config_line(rule, cfg)
    if not color:
        return f"{head}\n{line}\n\n{rule.doc.rstrip()}\n"
    from rich.markdown import Markdown
    from rich.text import Text

    from ..formatters.ruledoc import markdown
    from ..formatters.text_report import STYLE, console

    con, buffer = console(True, width=_width())
    title = Text()
    title.append(rule.code, style="bold " + STYLE[str(rule.severity)])
    title.append(f"  {rule.name}", style="bold")
    title.append(f"  {rule.severity}", style=STYLE[str(rule.severity)])
    con.print(title)
    con.print(Text(line, style="dim"))
    con.print()
    con.print(Markdown(markdown(rule.doc), code_theme="ansi_dark"))
    return buffer.getvalue()


def _width() -> int:
    import shutil

    return min(shutil.get_terminal_size((100, 24)).columns, 100)


def listing(cfg: Config, color: bool) -> str:
    """`custorg explain --list`: every rule, its severity and whether `cfg` enables it."""
    from ..rules import REGISTRY

    rows = [(r.code, r.name, *reversed(status(r, cfg)), r.summary)
            for r in (REGISTRY[c] for c in sorted(REGISTRY))]
    header = ("code", "name", "severity", "enabled", "summary")
    note = f"config: {cfg.source}\n" if cfg.source else "config: none (defaults)\n"
    if not color:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
                 + "  " + row[4] for row in [header, *rows]]
        return note + "\n".join(lines) + "\n"
    from rich.table import Table

    from ..formatters.text_report import STYLE, console

    con, buffer = console(True, width=text_width(None))  # the terminal: colour means one
    table = Table(show_edge=False, header_style="bold", caption=note.strip(),
                  caption_justify="left")
    for name in header:
        table.add_column(name, no_wrap=name != "summary", overflow="fold")
    for code, name, severity, enabled, summary in rows:
        level = severity.split(" ")[-1]
        table.add_row(code, name, f"[{STYLE[level]}]{severity}[/]",
                      enabled if enabled != "no" else "[dim]no[/]", summary,
                      style="dim" if enabled == "no" else None)
    con.print(table, markup=True)
    return buffer.getvalue()
