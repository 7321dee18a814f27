"""Metrics as CSV: one tidy table (section, id, metric, value: one row per number), or
one row per unit (`--per unit`). Every text cell is escaped against formula injection."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..audit.engine import Report

from ..escape import csv_cell

ORG_KEYS = ("units", "people", "processes", "interfaces", "layers", "max_span", "mean_span")


def rows(metrics: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    out: list[tuple[str, str, str, Any]] = [("org", "", k, metrics[k]) for k in ORG_KEYS]
    handoffs = metrics["handoffs"]
    out += [("handoffs", "", k, v) for k, v in handoffs.items() if k != "by_process"]
    for pid, values in handoffs["by_process"].items():
        out += [("process", pid, k, v) for k, v in values.items()]
    for fn, values in metrics["silos"].items():
        out += [("silo", fn, k, v) for k, v in values.items()]
    out += [("layer", unit, "layer", layer) for unit, layer in metrics["customer_layers"].items()]
    m = metrics["maturity"]
    out += [("maturity", "", "level", m["level"]), ("maturity", "", "name", m["name"]),
            ("maturity", "", "next", m["next"])]
    out += [("maturity", "", "met", text) for text in m["met"]]
    staff = metrics.get("staff")
    if staff is not None:
        out += [("staff", "", "fte", staff["fte"]), ("staff", "", "headcount", staff["headcount"])]
        out += [("staff_depth", str(row["depth"]), k, row[k]) for row in staff["by_depth"]
                for k in ("units", "fte", "headcount")]
    return out


def _cell(value: Any) -> Any:
    """A cell: text that a spreadsheet would run as a formula gets a leading `'`
    (escape.csv_cell); numbers stay numbers (a negative E-I index is no formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_cell(value)
    return value


def write(header: tuple[str, ...], table: Iterable[tuple[Any, ...]]) -> str:
    """A CSV table: the header, then one row per item, every cell through _cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # the csv module quotes a field with "\n" but not one with a lone "\r" (it looks for
    # the line terminator's characters only): rows with one are written fully quoted
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in table:
        cells = tuple(_cell(v) for v in row)
        carriage = any(isinstance(c, str) and "\r" in c for c in cells)
        (quoted if carriage else writer).writerow(cells)
    return buffer.getvalue()


def render(metrics: dict[str, Any]) -> str:
    return write(("section", "id", "metric", "value"), rows(metrics))


UNIT_COLUMNS = ("id", "name", "function", "depth", "span", "layer", "evidence_distance",
                "fte", "headcount", "findings")


def unit_rows(report: Report) -> Iterator[tuple[Any, ...]]:
    """One row per unit, in file order: function(u) (own or inherited), depth (top units
    0), span (direct sub-units), customer layer, evidence distance (docs/metrics.md; empty
    when no work relation reaches the customer), fte and headcount of the unit itself,
    and how many findings are about the unit (after select, ignore and suppressions)."""
    analysis = report.analysis
    assert analysis is not None
    st = analysis.structure
    per_unit = Counter(f.entity.id for f in report.findings if f.entity.kind == "unit")
    evidence = analysis.evidence
    for u in analysis.org.units:
        yield (u.id, u.name, st.function.get(u.id), st.depth.get(u.id), st.span(u.id),
               analysis.layers.get(u.id), evidence.get(u.id), getattr(u, "fte", None),
               u.headcount, per_unit[u.id])


def render_units(report: Report) -> str:
    """`custorg metrics --format csv --per unit`."""
    return write(UNIT_COLUMNS, unit_rows(report))
