"""The text report of `custorg mine`: the comparison first (what an analyst acts on), then
totals, the busiest unit pairs and the top variants. Log values are escaped for a
terminal by escape.text (controls, breaks, invisible and direction-changing characters
shown as `\\x1b`, `\\u202e`); the output gate then breaks up workflow commands."""

from __future__ import annotations

from typing import Any

from ..escape import text as _escaped
from .tally import LIFECYCLE_KINDS, UNMAPPED, Mined

PAIRS_SHOWN = 10
LIST_SHOWN = 15


def show(text: str, limit: int = 80) -> str:
    """One printable line of at most `limit` characters."""
    line = _escaped(text[: limit * 2])
    return line if len(line) <= limit else line[: limit - 1] + "…"


SYNTAX = (" > ", "->", "<-", ", ", " (", '"')  # what separates values on a report line


def label(value: str, limit: int = 40) -> str:
    """A log value (unit, case) on a line: `show`, in double quotes when it is empty or
    holds what separates values on the line (`A > B` as one unit, `x, y`), so that no
    value reads as two."""
    line = show(value, limit)
    if value and not any(mark in value for mark in SYNTAX):
        return line
    return '"' + line.replace('"', '\\"') + '"'


def notes(mined: Mined, lifecycle_given: bool) -> list[str]:
    """What the text report says of how the log was read (encoding, lifecycle)."""
    out = list(mined.notes)
    if not lifecycle_given and set(LIFECYCLE_KINDS) <= mined.lifecycles:
        out.append("the log has both start and complete events (lifecycle:transition): "
                   "each step may count twice; keep one with --lifecycle complete")
    return out


def unmapped_warning(comp: dict[str, Any], unmapped: int, events: int) -> str | None:
    """docs/mining.md: more than half of the events map to (unmapped)."""
    if unmapped * 2 <= events or not events:
        return None
    values = ", ".join(label(u["value"]) for u in comp["unmapped"][:5])
    return (f"{_count(unmapped, 'event')} of {_n(events)} map to no org unit (shown as "
            f"{UNMAPPED}); the most frequent values: {values}; map them with --map "
            "(a CSV of value,unit) or name them as the org's unit ids")


def _n(value: int) -> str:
    return f"{value:,}"


def _count(value: int, noun: str) -> str:
    """'1 case', '8,577 events': the number and its noun, agreeing."""
    return f"{_n(value)} {noun}{'s' * (value != 1)}"


def _path(path: list[str]) -> str:
    return " > ".join(label(v) for v in path)


def _more(items: list[str], total: int) -> str:
    extra = f", … ({total - len(items)} more)" if total > len(items) else ""
    return ", ".join(items) + extra


def comparison_lines(comp: dict[str, Any], org_label: str) -> list[str]:
    lines = [f"Observed vs declared ({show(org_label)})"]
    undeclared = comp["undeclared"]
    if undeclared:
        lines.append(f"  handoffs between units that no interface connects ({len(undeclared)} "
                     "pairs; declare each, with coordination and a responsible person):")
        for item in undeclared[:LIST_SHOWN]:
            a, b = (label(u) for u in item["units"])
            tag = ("  cross-function" if item["cross_function"] else
                   "  unknown-function" if item["unknown_function"] else "")
            lines.append(f"    {_n(item['handoffs']):>9}  {a} <-> {b}{tag}")
        if len(undeclared) > LIST_SHOWN:
            lines.append(f"    … {len(undeclared) - LIST_SHOWN} more (--format json lists all)")
    else:
        lines.append("  every observed handoff runs along a declared interface")
    lines.append(f"  cross-function handoffs: {_n(comp['cross_function_handoffs'])}; "
                 f"with a unit of unknown function: {_n(comp['unknown_function_handoffs'])}")
    unused = [show(i, 40) for i in comp["unused_interfaces"][:LIST_SHOWN]]
    lines.append("  interfaces never used: "
                 + (_more(unused, len(comp["unused_interfaces"])) if unused else "none"))
    never = [show(u, 40) for u in comp["unobserved_units"][:LIST_SHOWN]]
    lines.append("  units never observed: "
                 + (_more(never, len(comp["unobserved_units"])) if never else "none"))
    unmapped = [f"{label(u['value'])} ({_count(u['events'], 'event')})"
                for u in comp["unmapped"][:LIST_SHOWN]]
    lines.append(f"  log values with no org unit (counted as {UNMAPPED}; map them with --map): "
                 + (_more(unmapped, len(comp["unmapped"])) if unmapped else "none"))
    return lines


def render(doc: dict[str, Any], org_label: str | None = None,
           read_notes: list[str] | None = None) -> str:
    lines: list[str] = [f"note: {note}" for note in read_notes or []]
    lines += [""] if lines else []
    if doc["comparison"] is not None:
        lines += comparison_lines(doc["comparison"], org_label or "the org") + [""]
    lines.append(f"{show(doc['log'])}: {_count(doc['events'], 'event')}, "
                 f"{_count(doc['cases'], 'case')}, {_count(doc['transitions'], 'transition')}")
    skipped = [f"{_n(n)} {reason}" for reason, n in doc["skipped"].items() if n]
    lines.append("skipped: " + (", ".join(skipped) if skipped else "none"))
    if doc["filtered"]:
        lines.append(f"filtered: {_count(doc['filtered'], 'event')} of another "
                     "lifecycle:transition (--lifecycle)")
    per = doc["handoffs_per_case"]
    spread = (f" (per case: mean {per['mean']}, median {per['median']}, p90 {per['p90']}, "
              f"max {per['max']})" if per["mean"] is not None else "")
    lines.append(f"handoffs: {_n(doc['handoffs'])}{spread}")
    lines.append(f"ping-pong: {_n(doc['ping_pong'])} in "
                 f"{_count(doc['cases_with_ping_pong'], 'case')}")
    handoff_pairs = [p for p in doc["pairs"] if p["from"] != p["to"]]
    if handoff_pairs:
        lines += ["", "Top unit pairs (handoffs from -> to)"]
        for p in handoff_pairs[:PAIRS_SHOWN]:
            lines.append(f"  {_n(p['count']):>9}  {label(p['from'])} -> {label(p['to'])}")
    if doc["variants"]:
        lines += ["", "Top variants (paths of units)",
                  "  rank      cases  handoffs  ping-pong  path"]
        for v in doc["variants"]:
            lines.append(f"  {v['rank']:>4}  {_n(v['cases']):>9}  {v['handoffs']:>8}  "
                         f"{v['ping_pong']:>9}  {_path(v['path'])}")
        if doc["coverage"] is not None:
            through = " (those not through (unmapped))" if doc["comparison"] else ""
            lines.append(f"  these variants{through} cover {doc['coverage']:.1%} of the "
                         "cases: the processes -o writes")
    return "\n".join(lines) + "\n"
