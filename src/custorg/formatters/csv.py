"""Metrics as one tidy CSV table: section, id, metric, value (one row per number)."""

from __future__ import annotations

import csv
import io
from typing import Any

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
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def render(metrics: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "id", "metric", "value"))
    for section, ident, key, value in rows(metrics):
        writer.writerow((section, ident, key, _cell(value)))
    return buffer.getvalue()
