"""Metrics as one tidy CSV table: section, id, metric, value (one row per number)."""

from __future__ import annotations

import csv
import io
from typing import Any

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


def render(metrics: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "id", "metric", "value"))
    for section, ident, key, value in rows(metrics):
        writer.writerow((section, _cell(ident), key, _cell(value)))
    return buffer.getvalue()
