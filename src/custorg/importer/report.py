"""`import-report.md` and the standard-error summary: what was read, what was written,
every anomaly with its count, up to 20 examples (file and line) and what was done.
User text is escaped for Markdown (`md`, `code`: escape.markdown) or the terminal
(`plain`)."""

from __future__ import annotations

import shlex

from .. import __version__
from .anomalies import MAX_EXAMPLES, Anomalies, Anomaly
from .names import code, md, plain
from .result import ImportResult


def command_text(command: list[str]) -> str:
    return " ".join(shlex.quote(plain(part)) for part in command)


def _fte_note(item: Anomaly) -> str:
    return f" ({item.fte:,.6g} FTE)" if item.fte else ""


def _anomaly_section(item: Anomaly) -> list[str]:
    lines = [f"### {md(item.what)}: {item.count:,}{_fte_note(item)}", "",
             f"What custorg did: {md(item.action)}.", ""]
    for ex in item.examples:
        lines.append(f"- {md(ex.file)}, line {ex.line}: {md(ex.detail)}")
    if item.examples and item.count > len(item.examples):
        lines.append(f"- … and {item.count - len(item.examples):,} more (the first "
                     f"{MAX_EXAMPLES} are listed)")
    if not item.examples_wanted:
        lines.append("(counted only: these rows are used as they are)")
    return [*lines, ""]


def markdown(result: ImportResult, folder_files: list[str]) -> str:
    """The whole report as Markdown."""
    out = ["# Import report", "",
           f"Written by {code(command_text(result.command))} (custorg {__version__}).", "",
           "## What was read", ""]
    for table in result.tables:
        out.append(f"- {md(table.file)}: {md(table.described)}, {len(table.rows):,} rows "
                   f"of data, {table.size:,} bytes, sha256 `{table.sha256[:16]}`")
        out += [f"  - {md(note)}" for note in table.notes]
    out += ["", "## What was written", ""]
    out += [f"- {md(line)}" for line in result.written]
    out.append(f"- files: {', '.join(md(f) for f in folder_files)}; audit them with "
               "`custorg audit` on this folder")
    out += ["", "## Anomalies", ""]
    anomalies = result.anomalies
    if not anomalies:
        out += ["None: every row was used as it is.", ""]
        return "\n".join(out)
    kinds = "1 kind" if len(anomalies) == 1 else f"{len(anomalies)} kinds"
    out += [f"{anomalies.total():,} rows or values, {kinds}; nothing was dropped without a "
            "line here.", "",
            "| anomaly | count | what custorg did |", "|---|---:|---|"]
    out += [f"| {md(a.what)} | {a.count:,} | {md(a.action)}{md(_fte_note(a))} |"
            for a in anomalies.items.values()]
    out.append("")
    for item in anomalies.items.values():
        out += _anomaly_section(item)
    return "\n".join(out)


def summary(result: ImportResult, folder: str) -> list[str]:
    """Lines for standard error: what was written, then one line per anomaly."""
    a: Anomalies = result.anomalies
    lines = [f"custorg import: {len(result.units):,} units, {len(result.people):,} people "
             f"written to {plain(folder)}"]
    if not a:
        lines.append("  no anomalies: every row was used as it is")
        return lines
    kinds = "1 kind" if len(a) == 1 else f"{len(a)} kinds"
    lines.append(f"  {kinds} of anomaly (details in "
                 f"{plain(folder.rstrip('/'))}/import-report.md):")
    for item in a.items.values():
        example = item.examples[0] if item.examples else None
        where = f" (e.g. {plain(example.file)}:{example.line})" if example else ""
        lines.append(f"  {item.count:>7,}  {plain(item.what)}{_fte_note(item)}: "
                     f"{plain(item.action)}{where}")
    return lines
