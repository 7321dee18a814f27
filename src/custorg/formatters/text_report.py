"""The text report: one line per finding (`file:line:col  CODE  severity  message`),
grouped by file, a summary, then the key metrics. Coloured with rich when asked."""

from __future__ import annotations

import io
from collections.abc import Mapping
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..analysis import LAYER_ORDER
from ..analysis.staff import declared
from ..audit.engine import Report
from ..escape import text as safe
from ..findings import named
from . import teams_table
from .finding_lines import STYLE as STYLE, finding_line as finding_line, print_findings


class _Buffer(io.StringIO):
    """A string buffer that tells rich the encoding of where the text goes: with one
    that is not UTF (a cp1252 or latin-1 console) rich draws tables in ASCII."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def console(color: bool, width: int | None = None, ascii_only: bool = False
            ) -> tuple[Console, io.StringIO]:
    buffer = _Buffer("ascii" if ascii_only else "utf-8")
    con = Console(file=buffer, force_terminal=color, no_color=not color,
                  color_system="standard" if color else None, width=width or 120,
                  highlight=False, emoji=False, markup=False, legacy_windows=False)
    return con, buffer


def _num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}"
    return str(value)


MAX_PROCESS_ROWS = 30


def _busiest(by_process: dict[str, dict[str, Any]]) -> tuple[list[tuple[str, Any]], int]:
    """All processes in file order, or past MAX_PROCESS_ROWS the busiest by weighted
    handoffs (a table of thousands of rows helps nobody)."""
    items = list(by_process.items())
    if len(items) <= MAX_PROCESS_ROWS:
        return items, 0
    items.sort(key=lambda kv: -kv[1]["handoffs"] * kv[1]["volume"])
    return items[:MAX_PROCESS_ROWS], len(items) - MAX_PROCESS_ROWS


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def metrics_renderables(metrics: dict[str, Any], width: int = 120,
                        names: Mapping[str, str] | None = None) -> list[Any]:
    """Tables of the key metrics (shared with `custorg metrics`), for a console this
    wide; `names`: unit id -> name, to show units as `Name (id)`."""
    out: list[Any] = [Text(
        f"{_count(metrics['units'], 'unit')}, {_count(metrics['people'], 'person', 'people')}, "
        f"{_count(metrics['processes'], 'process', 'processes')}, "
        f"{_count(metrics['interfaces'], 'interface')}; {_count(metrics['layers'], 'layer')}, "
        f"max span {metrics['max_span']}, mean span {_num(metrics['mean_span'])}")]
    h = metrics["handoffs"]
    if h["by_process"]:
        out.append(_handoff_table(h, width))
        share = h["top_escalation_share"]
        out.append(Text("Share of handoffs whose lowest common manager is the top: "
                        + ("–" if share is None else f"{share:.0%}")))
    if metrics["silos"]:
        out.append(_silo_table(metrics["silos"]))
    out.append(_layer_table(metrics["customer_layers"], names or {}))
    staff = metrics.get("staff")
    if staff is not None and declared(staff):
        out.append(_staff_table(staff))
    if teams_table.shown(metrics):
        out += teams_table.teams_tables(metrics["teams"], names or {})
    m = metrics["maturity"]
    line = Text("Maturity: ")
    line.append(f"level {m['level']} of 5 ({m['name']})", style="bold")
    if m["next"]:
        line.append(f"; next step: {m['next']}")
    out.append(line)
    return out


# (key in the metrics, full header, short header)
HANDOFF_COLUMNS = (("volume", "volume", "vol"), ("handoffs", "handoffs", "hand"),
                   ("cross_function", "cross-fn", "x-fn"),
                   ("unknown_function", "unknown-fn", "?-fn"),
                   ("customer_contacts", "contacts", "cont"), ("ping_pong", "ping-pong", "p-p"),
                   ("units", "units", "u"), ("functions", "functions", "fn"),
                   ("contact_units", "contact units", "c.u."))
SHORT_LEGEND = ("vol: volume; hand: handoffs; x-fn: cross-function; ?-fn: with a unit of "
                "unknown function; cont: contacts (transitions to or from the customer); "
                "p-p: ping-pong; u: units; fn: functions; c.u.: contact units (units the "
                "customer deals with)")
UNKNOWN_LEGEND = "unknown-fn: handoffs with a unit of unknown function (none declared)"


def _handoff_table(h: dict[str, Any], width: int = 120) -> Table:
    """Handoffs per process. Numbers are never cut: in a console too narrow for the
    full headers, short ones (explained in the caption) are used and process ids fold.
    The unknown-function column is there when some handoff has a unit of unknown
    function."""
    columns = [c for c in HANDOFF_COLUMNS if c[0] != "unknown_function" or h["unknown_function"]]
    shown, hidden = _busiest(h["by_process"])
    rows = [(safe(pid), *(_num(p[key]) for key, _, _ in columns)) for pid, p in shown]
    if hidden:
        rows.append((f"… {hidden} more", *("" for _ in columns)))
    total = {"handoffs": "total", "cross_function": "cross_function",
             "unknown_function": "unknown_function", "customer_contacts": "customer_contacts",
             "ping_pong": "ping_pong"}
    totals = [(label, *(_num(h[f"{prefix}{total[key]}"]) if key in total else ""
                        for key, _, _ in columns))
              for label, prefix in (("total", ""), ("weighted", "weighted_"))]
    numbers = [max(len(row[n]) for row in rows + totals) for n in range(1, len(columns) + 1)]
    ids = max(len(row[0]) for row in rows + totals)
    natural = ids + sum(max(len(full), w) for (_, full, _), w in zip(columns, numbers,
                                                                   strict=True)) \
        + 3 * (len(columns) + 1)
    short = natural > width
    table = Table(title="Handoffs per process", title_justify="left", show_edge=False)
    table.add_column("process", no_wrap=not short, overflow="fold", min_width=min(ids, 10))
    for (_, full, brief), widest in zip(columns, numbers, strict=True):
        label = brief if short else full
        table.add_column(label, justify="right", no_wrap=True,
                         min_width=max(widest, len(label)))
    table.caption = SHORT_LEGEND if short else "; ".join(
        ([UNKNOWN_LEGEND] if h["unknown_function"] else [])
        + ["contacts: transitions to or from the customer; contact units: units the "
           "customer deals with"])
    table.caption_justify = "left"
    if hidden:
        table.caption += (f"; the {MAX_PROCESS_ROWS} processes with the most weighted "
                          "handoffs are shown, all of them are in --format json or csv")
    for row in rows:
        table.add_row(*row)
    table.add_section()
    for row in totals:
        table.add_row(*row)
    return table


def _silo_table(silos: dict[str, Any]) -> Table:
    table = Table(title="Silos (E-I index per function)", title_justify="left",
                  show_edge=False)
    for col in ("function", "units", "internal", "external", "E-I", "silo"):
        table.add_column(col, justify="left" if col == "function" else "right")
    for fn, s in silos.items():
        ei = "–" if s["ei_index"] is None else f"{s['ei_index']:+.2f}"
        table.add_row(safe(fn), str(s["units"]), _num(s["internal"]), _num(s["external"]), ei,
                      Text("SILO", style="bold red") if s["silo"] else "")
    return table


def _layer_table(customer_layers: dict[str, str], names: Mapping[str, str]) -> Table:
    by_layer: dict[str, list[str]] = {}
    for unit, layer in customer_layers.items():
        by_layer.setdefault(layer, []).append(unit)
    table = Table(title="Customer layers (customer on top)", title_justify="left",
                  show_edge=False)
    table.add_column("layer")
    table.add_column("units", justify="right")
    table.add_column("which")
    for layer in LAYER_ORDER[1:]:
        units = by_layer.get(layer, [])
        if units:
            more = f", … ({len(units) - 8} more)" if len(units) > 8 else ""
            shown = (safe(named(u, names.get(u))) for u in units[:8])
            table.add_row(layer, str(len(units)), ", ".join(shown) + more)
    return table


PYRAMID_WIDTH = 40


def _staff_table(staff: dict[str, Any]) -> Table:
    """The staff pyramid: a row per depth, a centred bar by FTE (else by headcount); the
    FTE and headcount columns only when some unit declares them."""
    key = "fte" if staff["fte"] else "headcount"
    widest = max(row[key] for row in staff["by_depth"]) or 1
    table = Table(title="Staff by depth (declared FTE and headcount)", title_justify="left",
                  show_edge=False)
    shown = [k for k in ("fte", "headcount") if staff[k]]
    for col in ["depth", "units"] + ["FTE" if k == "fte" else k for k in shown]:
        table.add_column(col, justify="right")
    table.add_column(f"pyramid ({'FTE' if key == 'fte' else 'headcount'})",
                     justify="center", no_wrap=True)
    for row in staff["by_depth"]:
        bar = "█" * max(1 if row[key] else 0, round(PYRAMID_WIDTH * row[key] / widest))
        table.add_row(str(row["depth"]), str(row["units"]),
                      *(f"{row[k]:,.2f}" if k == "fte" else f"{row[k]:,}" for k in shown), bar)
    table.add_section()
    table.add_row("total", str(sum(r["units"] for r in staff["by_depth"])),
                  *(f"{staff[k]:,.2f}" if k == "fte" else f"{staff[k]:,}" for k in shown), "")
    return table


def unit_names(report: Report) -> dict[str, str]:
    """Unit id -> name of the report's org (shown as `Name (id)`, findings.named)."""
    return {u.id: u.name for u in report.org.units} if report.org is not None else {}


def finished(buffer: io.StringIO) -> str:
    """The console's text without the padding rich adds up to the console width."""
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").split("\n")) + "\n"


def render(report: Report, color: bool = False, quiet: bool = False,
           show_suppressed: bool = False, width: int | None = None,
           ascii_only: bool = False) -> str:
    con, buffer = console(color, width, ascii_only)
    for file, group in groupby(report.findings, key=lambda f: f.location.file):
        if not quiet:
            con.print(Text(safe(file), style="bold underline"))
        print_findings(con, group)
        if not quiet:
            con.print()
    if show_suppressed and report.suppressed:
        con.print(Text("Suppressed", style="bold underline"))
        print_findings(con, report.suppressed)
        con.print()
    s = report.summary()
    parts = [_count(s["error"], "error"), _count(s["warning"], "warning"), f"{s['info']} info"]
    summary = Text(", ".join(parts) + (f" ({s['suppressed']} suppressed)" if s["suppressed"]
                                       else "") + f" in {_count(len(report.files), 'file')}",
                   style="bold red" if s["error"] else "bold yellow" if s["warning"]
                   else "bold green")
    con.print(summary)
    for note in report.notes:
        con.print(Text(f"Note: {note}.", style="bold"), soft_wrap=True)
    if report.metrics is None:
        if report.stopped and not quiet:
            con.print("Analysis stopped: fix the errors above first (metrics need a valid org).")
    elif not quiet:
        con.print()
        for item in metrics_renderables(report.metrics, con.width, unit_names(report)):
            con.print(item)
            con.print()
    return finished(buffer)


def render_metrics(report: Report, color: bool = False, width: int | None = None,
                   quiet: bool = False, ascii_only: bool = False) -> str:
    """`custorg metrics` as text: the metric tables (quiet: the first and last line
    only, the org in numbers and its maturity), or the errors that stopped analysis."""
    if report.metrics is None:
        return render(report, color=color, width=width, ascii_only=ascii_only)
    con, buffer = console(color, width, ascii_only)
    items = metrics_renderables(report.metrics, con.width, unit_names(report))
    for item in [items[0], items[-1]] if quiet else items:
        con.print(item)
        con.print()
    return finished(buffer)
