"""What the text, Markdown and HTML views of a diff share: labels, number formats and the
better/worse verdict of a change."""

from __future__ import annotations

import os.path
from typing import Any

from .compare import DIRECTION, Comparison, Pair, TradeOff

METRIC_LABELS = {
    "units": "units", "layers": "layers", "max_span": "max span", "mean_span": "mean span",
    "handoffs_total": "handoffs", "cross_function": "cross-function handoffs",
    "unknown_function": "unknown-function handoffs",
    "weighted_total": "handoffs × volume", "top_escalation_share": "escalated to the top",
    "maturity": "maturity level",
}
PROCESS_LABELS = {"handoffs": "handoffs", "cross_function": "cross-fn",
                  "unknown_function": "unknown-fn", "ping_pong": "ping-pong",
                  "contact_units": "contact units"}
BETTER, WORSE, MIXED = "better", "worse", "mixed"


def fmt(key: str, value: Any) -> str:
    """One value as people read it: – for none, shares in %, E-I signed."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "silo" if value else "no"
    if key == "top_escalation_share":
        return f"{value:.0%}"
    if key == "ei_index":
        return f"{value:+.2f}"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}"
    return str(value)


def delta(key: str, pair: Pair) -> str:
    """The change after - before ('' when a side is missing or nothing changed)."""
    b, a = pair
    if b is None or a is None or isinstance(b, bool) or b == a:
        return ""
    if key == "top_escalation_share":
        return f"{(a - b) * 100:+.0f} pp"
    d = a - b
    if isinstance(d, float) and not d.is_integer():
        return f"{d:+.2f}"
    return f"{int(d):+d}"


def verdict(key: str, pair: Pair) -> str:
    """better / worse for a metric whose direction is known, else ''."""
    b, a = pair
    direction = DIRECTION.get(key)
    if direction is None or b is None or a is None or b == a:
        return ""
    if isinstance(b, bool):  # silo: True -> False is better
        return BETTER if b and not a else WORSE
    return BETTER if (a - b) * direction > 0 else WORSE


def overall(verdicts: list[str]) -> str:
    """better when every change is better, worse when every one is worse, else mixed."""
    found = {v for v in verdicts if v}
    if not found:
        return ""
    return found.pop() if len(found) == 1 else MIXED


def process_verdict(metrics: dict[str, Pair]) -> str:
    """A process's word: new, removed, or the overall verdict of its figures."""
    before, after = metrics["handoffs"]
    if before is None:
        return "new"
    if after is None:
        return "removed"
    return overall([verdict(k, metrics[k]) for k in PROCESS_LABELS])


def process_labels(c: Comparison) -> dict[str, str]:
    """The process table's columns: PROCESS_LABELS, without `unknown_function` when no
    process of either side has one (as the audit's text report shows it)."""
    unknown = any(v for m in c.processes.values() for v in m["unknown_function"])
    return {k: v for k, v in PROCESS_LABELS.items() if unknown or k != "unknown_function"}


def changed(metrics: dict[str, Pair]) -> bool:
    return any(b != a for b, a in metrics.values())


def headline(c: Comparison) -> str:
    """One line: maturity, handoffs and findings, before -> after."""
    m = c.metrics
    level_b, level_a = m["maturity"]
    hand_b, hand_a = m["handoffs_total"]
    change = f" ({(hand_a - hand_b) / hand_b:+.0%})" if hand_b else ""
    return (f"maturity {level_b} → {level_a}, handoffs {hand_b} → {hand_a}{change}, "
            f"{count_findings(len(c.fixed))} fixed, {len(c.introduced)} introduced, "
            f"{c.unchanged} unchanged")


def trade_off_line(t: TradeOff) -> str:
    """One line for a change the diff marks both better and worse (docs/scenarios.md);
    the function's name is user text: the caller escapes the line for its output."""
    (cb, ca), (eb, ea) = t.cross_function, t.ei_index
    return (f"Trade-off: {cb - ca} fewer cross-function handoffs ({cb} → {ca}) because work "
            f"moved inside {t.function!r}, which became a silo (E-I {fmt('ei_index', eb)} → "
            f"{fmt('ei_index', ea)}): one change, better and worse")


def count_findings(n: int) -> str:
    return f"{n} finding{'' if n == 1 else 's'}"


def side_name(files: list[str]) -> str:
    """How a side is named: its one file, or the folder its files share."""
    if len(files) == 1:
        return files[0]
    try:
        return os.path.commonpath(files) if files else "(no files)"
    except ValueError:  # files on different drives, or absolute and relative mixed
        return files[0]
