"""The diff as text for a terminal: what changed, each change marked better or worse."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diagrams.labels import clean
from ..findings import Finding
from ..formatters.text_report import console, finding_line, finished
from .common import (
    BETTER,
    METRIC_LABELS,
    WORSE,
    changed,
    count_findings,
    delta,
    fmt,
    headline,
    overall,
    process_labels,
    process_verdict,
    side_name,
    trade_off_line,
    verdict,
)
from .compare import Change, Comparison, Pair
from .teams import findings_line, team_rows

STYLE = {BETTER: "green", WORSE: "red", "mixed": "yellow", "": ""}


def _mark(word: str) -> Text:
    return Text(word, style=STYLE.get(word, ""))


def _arrow(key: str, pair: Pair) -> Text:
    """'9 → 3', coloured by its verdict; one value when nothing changed."""
    b, a = pair
    text = fmt(key, b) if b == a else f"{fmt(key, b)} → {fmt(key, a)}"
    return Text(text, style=STYLE[verdict(key, pair)])


def _names(c: Comparison) -> str:
    return f"{clean(side_name(c.as_is.files))} → {clean(side_name(c.to_be.files))}"


def _metrics_table(c: Comparison) -> Table:
    table = Table(title="Key metrics", title_justify="left", show_edge=False)
    for col, justify in (("metric", "left"), ("as-is", "right"), ("to-be", "right"),
                         ("change", "right"), ("", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for key, pair in c.metrics.items():
        table.add_row(METRIC_LABELS[key], fmt(key, pair[0]), fmt(key, pair[1]),
                      delta(key, pair), _mark(verdict(key, pair)))
    return table


def _unit_lines(c: Comparison) -> list[Text]:
    u = c.units
    out = []
    if u.added:
        out.append(Text("  added     " + ", ".join(clean(c.unit(i)) for i in u.added),
                        style="green"))
    if u.removed:
        out.append(Text("  removed   " + ", ".join(clean(c.unit(i)) for i in u.removed),
                        style="red"))
    out += [Text(f"  {'moved':<9} {_change(c, ch, units=True)}") for ch in u.moved]
    out += [Text(f"  {'renamed':<9} {_change(c, ch, named=False)}") for ch in u.renamed]
    out += [Text(f"  {'function':<9} {_change(c, ch)}") for ch in u.function_changed]
    return out


def _change(c: Comparison, ch: Change, units: bool = False, named: bool = True) -> str:
    """'Name (id): before → after'; `units`: before and after are units too (parents);
    a rename shows the id alone (its names are the change)."""
    def side(value: str | None) -> str:
        return "–" if not value else clean(c.unit(value) if units else value)
    return f"{clean(c.unit(ch.id) if named else ch.id)}: {side(ch.before)} → {side(ch.after)}"


def _process_table(c: Comparison) -> Table | None:
    rows = {p: m for p, m in c.processes.items() if changed(m)}
    if not rows:
        return None
    table = Table(title="Handoffs per process (as-is → to-be)", title_justify="left",
                  show_edge=False)
    table.add_column("process")
    labels = process_labels(c)
    for label in labels.values():
        table.add_column(label, justify="right")
    table.add_column("")
    for pid, m in rows.items():
        table.add_row(clean(pid), *(_arrow(k, m[k]) for k in labels),
                      _mark(process_verdict(m)))
    same = len(c.processes) - len(rows)
    if same:
        table.caption = f"{same} more {'process' if same == 1 else 'processes'} unchanged"
        table.caption_justify = "left"
    return table


def _silo_table(c: Comparison) -> Table | None:
    rows = {f: m for f, m in c.silos.items() if changed(m)}
    if not rows:
        return None
    table = Table(title="Silos (E-I index per function)", title_justify="left",
                  show_edge=False)
    for col in ("function", "E-I", "silo", ""):
        table.add_column(col, justify="right" if col == "E-I" else "left")
    for fn, m in rows.items():
        table.add_row(clean(fn), _arrow("ei_index", m["ei_index"]),
                      _arrow("silo", m["silo"]),
                      _mark(overall([verdict(k, m[k]) for k in m])))
    return table


def _findings(con: Console, title: str, findings: list[Finding], style: str) -> None:
    con.print(Text(f"{title} ({len(findings)})", style=f"bold {style}"))
    for f in findings:
        con.print(finding_line(f), soft_wrap=True)
    con.print()


def _errors(con: Console, c: Comparison) -> None:
    for side, report in (("as-is", c.as_is), ("to-be", c.to_be)):
        if report.metrics is not None:
            continue
        _findings(con, f"The {side} org has errors that stop analysis", report.findings,
                  "red")
    con.print(Text("Nothing compared: fix the errors above first.", style="bold red"))


def render(c: Comparison, color: bool = False, width: int | None = None) -> str:
    con, buffer = console(color, width)
    con.print(Text(_names(c), style="bold"))
    if not c.ok:
        _errors(con, c)
        return finished(buffer)
    con.print(Text(headline(c)[0].upper() + headline(c)[1:]))
    con.print()
    parts: list[Any] = [_metrics_table(c)]
    parts += [Text(clean(trade_off_line(t)), style="yellow") for t in c.trade_offs]
    if c.trade_offs:
        parts.append(Text(""))
    units = _unit_lines(c)
    if units:
        parts.append(Text("Units", style="bold"))
        parts += units
        parts.append(Text(""))
    parts += [t for t in (_process_table(c), _silo_table(c)) if t is not None]
    for part in parts:
        con.print(part, soft_wrap=isinstance(part, Text))  # a unit's line is never cut
        if isinstance(part, Table):
            con.print()
    if c.layers_moved:
        con.print(Text("Customer layers changed", style="bold"))
        for ch in c.layers_moved:
            con.print(Text(f"  {_change(c, ch)}"))
        con.print()
    if c.teams:
        con.print(Text("Teams and accountability", style="bold"))
        for what, which, before, after in team_rows(c):
            con.print(Text(f"  {what:<11} {clean(which)}: {clean(before)} → {clean(after)}"))
        con.print(Text(f"  {findings_line(c)}"))
        con.print()
    _findings(con, "Findings introduced", c.introduced, "red")
    _findings(con, "Findings fixed", c.fixed, "green")
    con.print(Text(f"{count_findings(c.unchanged)} unchanged"))
    return finished(buffer)
