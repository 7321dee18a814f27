"""The evidence section of `custorg mine`'s text report: short and readable; the JSON has
every number. The gate escapes it as text (cli/gate.py)."""

from __future__ import annotations

from .graphs import CROSS_ROLES, cross_count
from .model import Evidence
from .numbers import hours

SHOWN = 3


def _slowest(ev: Evidence) -> list[str]:
    waits = sorted(ev.aggregates.waits.items(),
                   key=lambda kv: (-kv[1].median_us, -kv[1].count, kv[0]))[:SHOWN]
    if not waits:
        return ["  No handoffs between units."]
    lines = ["  Slowest handoffs (median wait):"]
    lines += [f"    {ev.label(a)} -> {ev.label(b)}: {hours(w.median_us)} h median, "
              f"{hours(w.p90_us)} h p90 ({w.count} handoffs)" for (a, b), w in waits]
    return lines


def _findings(ev: Evidence, codes: tuple[str, ...], title: str) -> list[str]:
    found = [f for f in ev.findings if f.code in codes]
    if not found:
        return []
    return [f"  {title}:"] + [f"    {f.code} {f.message}" for f in found]


def _brokers(ev: Evidence) -> list[str]:
    if ev.brokerage is None:
        return []
    ranked = sorted(((cross_count(r), u) for u, r in ev.brokerage.items()
                     if cross_count(r)), key=lambda t: (-t[0], t[1]))[:SHOWN]
    if not ranked:
        return ["  Brokers between functions: none."]
    return ["  Brokers between functions (" + ", ".join(CROSS_ROLES) + "):"] + [
        f"    {ev.label(u)}: {n} two-paths" for n, u in ranked]


def _structure(ev: Evidence) -> list[str]:
    st = ev.structure
    if st is None:
        return []
    if st.q_work is None:
        return ["  Structure: no handoffs between org units."]
    across = [c for c in st.communities
              if len({ev.function.get(u) for u in c} - {None}) > 1]
    n = len(st.communities)
    line = f"  Structure: the work forms {n} cluster{'s' * (n != 1)}"
    if across:
        spanned = sorted({f for c in across for u in c
                          if (f := ev.function.get(u)) is not None})
        line += (f"; {len(across)} of them span " + ", ".join(spanned[:-1])
                 + f" and {spanned[-1]}")
    return [line + f" (modularity {st.q_work:.2f} by work, {st.q_functions:.2f} by "
            "function)."]


def render(ev: Evidence) -> str:
    lines = ["Evidence"]
    lines += _slowest(ev)
    lines += _findings(ev, ("E001", "E002"), "Key people and ownership")
    lines += _brokers(ev)
    lines += _structure(ev)
    lines += _findings(ev, ("E003", "E004", "E005", "T006"), "Other findings")
    if ev.aggregates.missing_resource:
        lines.append(f"  Events without a resource: {ev.aggregates.missing_resource}.")
    lines += [f"  Left out: {note}." for note in ev.notes]
    return "\n".join(lines) + "\n"
