"""What the report template shows, prepared from a Report (and a Comparison): findings
by principle, the top three, metric cards, process rows, the staff pyramid. Numbers come
from `Report.metrics` and the analysis; nothing is recomputed here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..analysis import LAYER_ORDER
from ..analysis.maturity import LEVEL_NAMES
from ..analysis.staff import declared, staff_by
from ..audit.engine import Report
from ..diff import Comparison, common as diffcommon
from ..findings import Finding, Severity
from ..formatters import ruledoc
from ..rules import REGISTRY
from ..thresholds import Thresholds, in_force
from .charts import AS_IS, CROSS, TO_BE, Bar, bars as bar_chart, ei_chart, pyramid, staff_number

# rule family -> (principle, what it asks for), in the order the report shows them
PRINCIPLES = {
    "C": ("The customer on top", "A board member owns the customer, every need has one "
          "point of contact, and customer KPIs have owners and targets."),
    "P": ("Process owners and handoffs", "Every strategic process has a senior owner who "
          "controls it across functions, and work crosses few units."),
    "I": ("Interfaces between functions", "Each handoff runs over an agreed interface with "
          "a coordination procedure, a responsible person and feedback."),
    "X": ("No functional silos", "Functions work with each other, not only inside."),
    "G": ("Shared goals", "The units of a customer process are measured on a shared "
          "customer result, and every goal is delivered by a process or project."),
    "T": ("Team Topologies", "Stream-aligned teams own a flow to the customer, platforms "
          "serve them, collaborations end, and no team carries too much."),
    "A": ("One accountable per step", "Each step has one accountable person with "
          "authority over the unit doing it, and nobody answers for too much."),
    "S": ("Structure", "Spans and layers that let information and decisions flow."),
    "M": ("Audit hygiene", "Suppressions give reasons; names hide no characters."),
    "F": ("File format", "The org files can be read."),
}
FAMILY_ORDER = "CPIXGTASMF"
ROWS_SHOWN = 8  # findings of a rule shown before "N more"
PROCESS_ROWS = 30


@dataclass
class RuleGroup:
    code: str
    name: str
    severity: str
    summary: str
    doc: list[ruledoc.Block]
    findings: list[Finding]

    @property
    def shown(self) -> list[Finding]:
        return self.findings[:ROWS_SHOWN]

    @property
    def more(self) -> list[Finding]:
        return self.findings[ROWS_SHOWN:]


@dataclass
class Principle:
    family: str
    title: str
    text: str
    rules: list[RuleGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(r.findings) for r in self.rules)


def _volume(report: Report, f: Finding) -> float:
    org = report.org
    if f.entity.kind == "process" and org is not None and f.entity.id in org.process_by_id:
        return org.process_by_id[f.entity.id].volume
    return 0.0


def importance(report: Report, f: Finding) -> tuple[int, int, float]:
    """Severity first, then the principle's order, then the process volume it touches."""
    family = FAMILY_ORDER.find(f.code[0])
    return (-int(f.severity), family if family >= 0 else 99, -_volume(report, f))


def top_findings(report: Report, n: int = 3) -> list[Finding]:
    """The n most important findings, at most one per rule."""
    out: list[Finding] = []
    seen: set[str] = set()
    for f in sorted(report.findings, key=lambda f: importance(report, f)):
        if f.code not in seen:
            out.append(f)
            seen.add(f.code)
        if len(out) == n:
            break
    return out


def principles(findings: Iterable[Finding], thresholds: Thresholds | None = None
               ) -> list[Principle]:
    """Findings by principle and rule; each rule's summary names the thresholds in
    force."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    groups: dict[str, Principle] = {}
    for code in sorted(by_code, key=lambda c: (FAMILY_ORDER.find(c[0]) % 99, c)):
        rule = REGISTRY.get(code)
        family = code[0] if code[0] in PRINCIPLES else "M"
        title, text = PRINCIPLES[family]
        group = groups.setdefault(family, Principle(family, title, text))
        items = by_code[code]
        group.rules.append(RuleGroup(
            code, rule.name if rule else items[0].rule,
            str(max(f.severity for f in items)),
            in_force(rule.summary, thresholds or Thresholds()) if rule else "",
            ruledoc.blocks(rule.doc) if rule else [], items))
    for group in groups.values():  # the most severe rules of a principle first
        group.rules.sort(key=lambda r: (-int(Severity.parse(r.severity)), r.code))
    return [groups[f] for f in FAMILY_ORDER if f in groups]


def metric_cards(m: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(value, label, hint) for the summary strip."""
    h = m["handoffs"]
    silos = [fn for fn, s in m["silos"].items() if s["silo"]]
    share = h["top_escalation_share"]
    cross = f"{h['cross_function'] / h['total']:.0%}" if h["total"] else "–"
    unknown = h["unknown_function"]  # handoffs with a unit of no function: not counted above
    across = f"{cross} across functions" + (f", {unknown} of unknown function" if unknown
                                             else "")
    return [
        (str(m["units"]), "units", f"{m['people']} people, {m['layers']} layers"),
        (str(m["processes"]), "processes", f"{m['interfaces']} interfaces"),
        (str(h["total"]), "handoffs", across),
        (f"{h['ping_pong']}", "ping-pongs", "work sent back and forth"),
        ("–" if share is None else f"{share:.0%}", "escalated to the top",
         "handoffs whose common manager is the top"),
        (str(len(silos)), "silos", ", ".join(silos[:3]) + (" …" if len(silos) > 3 else "")
         or "none"),
    ]


def maturity(m: dict[str, Any]) -> dict[str, Any]:
    mat = m["maturity"]
    return {"level": mat["level"], "name": mat["name"], "next": mat["next"],
            "met": mat["met"], "steps": [(n, LEVEL_NAMES[n]) for n in range(1, 6)]}


def process_rows(report: Report, comparison: Comparison | None) -> list[dict[str, Any]]:
    """Each process's handoff figures, busiest (weighted handoffs) first; with a
    comparison, every process of either side with its before/after pairs."""
    assert report.metrics is not None
    by_process = report.metrics["handoffs"]["by_process"]
    names = {p.id: p.name for p in report.org.processes} if report.org else {}
    if comparison is not None and comparison.ok:
        org = comparison.to_be.org
        if org is not None:
            names.update({p.id: p.name for p in org.processes if p.id not in names})
        rows = [{"id": pid, "name": names.get(pid, pid), "pair": m,
                 "weight": max((v or 0) for v in m["handoffs"]),
                 "verdict": diffcommon.process_verdict(m)}
                for pid, m in comparison.processes.items()]
        return sorted(rows, key=lambda r: -r["weight"])
    rows = [{"id": pid, "name": names.get(pid, pid), **p,
             "weighted": p["handoffs"] * p["volume"]} for pid, p in by_process.items()]
    return sorted(rows, key=lambda r: -r["weighted"])


def handoff_chart(rows: list[dict[str, Any]], compared: bool) -> Any:
    shown = rows[:PROCESS_ROWS]
    if compared:
        bars = [Bar(r["name"], tuple(r["pair"]["handoffs"])) for r in shown]
        return bar_chart(bars, "Handoffs per process, as-is and to-be",
                         legend=("as-is", "to-be"))
    bars = [Bar(r["name"], (r["handoffs"], r["cross_function"]), "across")
            for r in shown]
    return bar_chart(bars, "Handoffs per process", colors=(AS_IS, CROSS),
                     legend=("handoffs", "of them across functions"), overlay=True)


def _no_value(silo: bool | None) -> str:
    """What a missing E-I index means: no such function, or no ties (a silo when the
    org has ties elsewhere)."""
    if silo is None:
        return "not in this org"
    return "no ties (silo)" if silo else "no ties"


def silo_chart(report: Report, comparison: Comparison | None) -> Any:
    assert report.metrics is not None and report.analysis is not None
    threshold = report.analysis.thresholds.silo_ei_threshold
    if comparison is not None and comparison.ok:
        bars = [Bar(fn, tuple(m["ei_index"]), notes=tuple(
            _no_value(silo) for silo in m["silo"])) for fn, m in comparison.silos.items()]
        return ei_chart(bars, threshold, "E-I index per function, as-is and to-be",
                               legend=("as-is", "to-be"))
    bars = [Bar(fn, (s["ei_index"],), _no_value(s["silo"]))
            for fn, s in report.metrics["silos"].items()]
    return ei_chart(bars, threshold, "E-I index per function")


def severity_counts(report: Report) -> dict[str, int]:
    s = report.summary()
    return {str(sev): s[str(sev)] for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


STAFF_KEYS = (("fte", "FTE"), ("headcount", "headcount"))


def staff_section(report: Report) -> dict[str, Any] | None:
    """The staff pyramid and staff per customer layer, FTE and headcount as two columns
    (each only when some unit declares it), both from the `staff` metric's one sum; None
    when the org declares no staff."""
    assert report.metrics is not None and report.org is not None
    assert report.analysis is not None
    metric = report.metrics["staff"]
    if not declared(metric):
        return None
    keys = [(k, label) for k, label in STAFF_KEYS if metric[k]]
    levels = [(f"level {r['depth']}" + (" (top)" if r["depth"] == 0 else ""), r["units"],
               tuple(float(r[k]) for k, _ in keys)) for r in metric["by_depth"]]
    by_layer = staff_by(report.org, report.analysis.layers, "")
    layer_bars = [Bar(layer, tuple(float(by_layer[layer][k]) for k, _ in keys))
                  for layer in LAYER_ORDER if layer in by_layer]
    labels = [label for _, label in keys]
    return {"svg": pyramid(levels, keys, "Staff by level of the hierarchy"),
            "layers": bar_chart(layer_bars, "Staff by customer layer", colors=(TO_BE, AS_IS),
                                legend=labels if len(labels) > 1 else ()),
            "total": " and ".join(f"{staff_number(k, metric[k])} {label}"
                                  for k, label in keys),
            "missing": "".join(f" (no unit declares {k})" for k, _ in STAFF_KEYS
                               if not metric[k])}
