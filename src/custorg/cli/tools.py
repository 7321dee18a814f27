"""`custorg explain` and `custorg init`.

Heavy imports (the rule registry, rich) stay inside the functions so `--help` is fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from .common import ConfigOpt, NoColor, text_width

if TYPE_CHECKING:
    from ..config import Config
    from ..rules import Rule

TEMPLATES = ("org.yaml", "custorg.toml")


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command()(explain)
    app.command()(init)


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
        gate.out(_listing(cfg, color), "text", color=color)
    else:
        gate.out(_explanation(find_rule(code or ""), cfg, color), "text", color=color)


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def find_rule(text: str) -> Rule:
    """A rule by code (any case) or name; unknown: UsageError with a suggestion."""
    from ..config import suggest
    from ..rules import REGISTRY, by_name, lookup

    key = text.strip()
    rule = lookup(key) or lookup(key.lower())
    if rule is not None:
        return rule
    hint = suggest(key.upper() if len(key) <= 4 else key.lower(), [*REGISTRY, *by_name()])
    raise UsageError(f"unknown rule {text!r}{hint}; `custorg explain --list` lists them all")


def status(rule: Rule, cfg: Config) -> tuple[str, str]:
    """(enabled, severity) of a rule in this configuration, as words."""
    from ..config import always_on

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


def _explanation(rule: Rule, cfg: Config, color: bool) -> str:
    head = f"{rule.code} {rule.name} (default severity: {rule.severity})"
    line = _config_line(rule, cfg)
    if not color:
        return f"{head}\n{line}\n\n{rule.doc.rstrip()}\n"
    from rich.markdown import Markdown
    from rich.text import Text

    from ..formatters.ruledoc import markdown
    from ..formatters.text import STYLE, console

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


def _listing(cfg: Config, color: bool) -> str:
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

    from ..formatters.text import STYLE, console

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


# ----------------------------------------------------------------------------- init


def init(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write into "
                                             "(created if missing).")] = ".",
) -> None:
    """Write a small, valid, commented starter org (org.yaml) and a custorg.toml."""
    from importlib.resources import files

    from ..output import check_folder
    from . import gate

    folder = check_folder(directory, TEMPLATES)
    targets = [folder / name for name in TEMPLATES]
    existing = [str(t) for t in targets if t.exists() or t.is_symlink()]
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; "
                         "custorg init never overwrites a file: choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    source = files("custorg") / "templates"
    for target in targets:
        text = (source / target.name).read_text(encoding="utf-8")
        try:
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise UsageError(f"{target} already exists; custorg init never overwrites a "
                             "file") from None
    shown = folder.as_posix()
    gate.out(f"Wrote {targets[0].as_posix()} (a small customer-oriented org to start from) "
             f"and {targets[1].as_posix()} (the settings, all at their defaults).\n"
             f"Next: edit them, then run `custorg audit {shown}`.\n", "text")
