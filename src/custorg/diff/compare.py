"""`Comparison`: what changed between an as-is and a to-be org (docs/scenarios.md).

Pure data built from two audit `Report`s; every number comes from the reports' metrics and
analyses (nothing is recomputed here). Findings are matched by `Finding.fingerprint()`,
the one definition SARIF uses too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..audit.engine import Report
from ..findings import Finding, Severity, named
from .change import Change as Change
from .teams import TeamChanges, team_changes

Pair = tuple[Any, Any]

# metric key -> where it is in Report.metrics
METRICS: dict[str, tuple[str, ...]] = {
    "units": ("units",), "layers": ("layers",), "max_span": ("max_span",),
    "mean_span": ("mean_span",), "handoffs_total": ("handoffs", "total"),
    "cross_function": ("handoffs", "cross_function"),
    "unknown_function": ("handoffs", "unknown_function"),
    "weighted_total": ("handoffs", "weighted_total"),
    "top_escalation_share": ("handoffs", "top_escalation_share"),
    "maturity": ("maturity", "level"),
}
PROCESS_METRICS = ("handoffs", "cross_function", "unknown_function", "ping_pong",
                   "contact_units")
SILO_METRICS = ("ei_index", "silo")
# which way is better (+1 higher, -1 lower); metrics not named here are neutral
DIRECTION = {
    "layers": -1, "max_span": -1, "handoffs_total": -1, "cross_function": -1,
    "unknown_function": -1,  # fewer handoffs whose functions nobody knows
    "weighted_total": -1, "top_escalation_share": -1, "maturity": 1,
    "handoffs": -1, "ping_pong": -1, "contact_units": -1, "ei_index": 1, "silo": -1,
}


@dataclass(frozen=True)
class UnitChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    function_changed: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed,
                "moved": [c.as_dict() for c in self.moved],
                "renamed": [c.as_dict() for c in self.renamed],
                "function_changed": [c.as_dict() for c in self.function_changed]}


@dataclass(frozen=True)
class TradeOff:
    """One change both better and worse: the org has fewer cross-function handoffs
    because work moved inside `function`, which became a silo (docs/scenarios.md)."""

    function: str
    cross_function: Pair  # the org's, before and after
    ei_index: Pair
    internal: Pair  # the function's internal ties, before and after

    def as_dict(self) -> dict[str, Any]:
        return {"function": self.function, "cross_function": list(self.cross_function),
                "ei_index": list(self.ei_index), "internal": list(self.internal)}


@dataclass(frozen=True)
class Comparison:
    """The diff of docs/scenarios.md. When either side has errors that stop analysis, `ok` is
    false and only `as_is`/`to_be` (with their findings: the errors) are meaningful."""

    as_is: Report
    to_be: Report
    units: UnitChanges = field(default_factory=UnitChanges)
    metrics: dict[str, Pair] = field(default_factory=dict)
    processes: dict[str, dict[str, Pair]] = field(default_factory=dict)
    silos: dict[str, dict[str, Pair]] = field(default_factory=dict)
    layers_moved: list[Change] = field(default_factory=list)
    trade_offs: list[TradeOff] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    unchanged: int = 0
    version: str = __version__
    teams: TeamChanges = field(default_factory=TeamChanges)  # falsy: nothing changed

    def unit(self, ident: str) -> str:
        """A unit as people read it, `Name (id)` (findings.named): its to-be name, or its
        as-is name when the to-be org no longer has it."""
        for report in (self.to_be, self.as_is):
            found = report.org.unit_by_id.get(ident) if report.org is not None else None
            if found is not None:
                return named(ident, found.name)
        return ident

    @property
    def ok(self) -> bool:
        return self.as_is.metrics is not None and self.to_be.metrics is not None

    def exit_code(self, fail_on_new: Severity | None) -> int:
        """1 when a side has errors that stop analysis, or when the to-be side introduces a
        finding at or above `fail_on_new` (a Severity; None: never)."""
        if not self.ok:
            return 1
        if fail_on_new is None:
            return 0
        return int(any(f.severity >= fail_on_new for f in self.introduced))


def compare(as_is: Report, to_be: Report) -> Comparison:
    """The comparison of two audits (run with the same config)."""
    if as_is.metrics is None or to_be.metrics is None:
        return Comparison(as_is, to_be)
    before, after = as_is.metrics, to_be.metrics
    fixed, introduced, unchanged = match_findings(as_is.findings, to_be.findings)
    assert as_is.org is not None and to_be.org is not None
    return Comparison(
        as_is, to_be, units=_units(as_is, to_be),
        metrics={key: (_dig(before, path), _dig(after, path)) for key, path in METRICS.items()},
        processes=_per_id(before["handoffs"]["by_process"], after["handoffs"]["by_process"],
                          PROCESS_METRICS),
        silos=_per_id(before["silos"], after["silos"], SILO_METRICS),
        layers_moved=_changes(before["customer_layers"], after["customer_layers"],
                              with_missing=True),
        trade_offs=trade_offs(before, after),
        fixed=fixed, introduced=introduced, unchanged=unchanged,
        teams=team_changes(as_is.org, to_be.org, fixed, introduced))


def trade_offs(before: dict[str, Any], after: dict[str, Any]) -> list[TradeOff]:
    """The functions that became a silo (no silo before, a silo after) with more work
    inside them, while the org's cross-function handoffs went down: the diff marks the
    one "better" and the other "worse"; this says they are one change."""
    cross = (before["handoffs"]["cross_function"], after["handoffs"]["cross_function"])
    if not cross[1] < cross[0]:
        return []
    out = []
    for fn in sorted(before["silos"].keys() & after["silos"].keys()):
        b, a = before["silos"][fn], after["silos"][fn]
        if not b["silo"] and a["silo"] and a["internal"] > b["internal"]:
            out.append(TradeOff(fn, cross, (b["ei_index"], a["ei_index"]),
                                (b["internal"], a["internal"])))
    return out


def match_findings(before: list[Finding], after: list[Finding]
                   ) -> tuple[list[Finding], list[Finding], int]:
    """(fixed, introduced, unchanged) by fingerprint. Findings that share a fingerprint are
    counted: two before and one after leave one fixed (the last of them in report order)."""
    left = Counter(f.fingerprint() for f in after)
    fixed = _surplus(before, Counter(f.fingerprint() for f in before), left)
    introduced = _surplus(after, left, Counter(f.fingerprint() for f in before))
    return fixed, introduced, len(before) - len(fixed)


def _surplus(findings: list[Finding], mine: Counter[str], other: Counter[str]) -> list[Finding]:
    """The findings of `findings` not matched on the other side, in report order."""
    keep = {fp: max(0, n - other[fp]) for fp, n in mine.items()}
    out = []
    for f in reversed(findings):
        fp = f.fingerprint()
        if keep[fp] > 0:
            keep[fp] -= 1
            out.append(f)
    return out[::-1]


def _dig(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _per_id(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
            names: tuple[str, ...]) -> dict[str, dict[str, Pair]]:
    """For every id on either side, each metric as [before, after] (None: side lacks it)."""
    out = {}
    for ident in sorted(before.keys() | after.keys()):
        b, a = before.get(ident), after.get(ident)
        out[ident] = {n: (None if b is None else b[n], None if a is None else a[n])
                      for n in names}
    return out


def _changes(before: dict[str, Any], after: dict[str, Any], with_missing: bool = False
             ) -> list[Change]:
    """Ids whose value differs, sorted; with_missing also ids on one side only."""
    ids = before.keys() | after.keys() if with_missing else before.keys() & after.keys()
    return [Change(i, before.get(i), after.get(i)) for i in sorted(ids)
            if before.get(i) != after.get(i)]


def _units(as_is: Report, to_be: Report) -> UnitChanges:
    assert as_is.org is not None and to_be.org is not None
    assert as_is.analysis is not None and to_be.analysis is not None
    b_units, a_units = as_is.org.unit_by_id, to_be.org.unit_by_id
    return UnitChanges(
        added=sorted(a_units.keys() - b_units.keys()),
        removed=sorted(b_units.keys() - a_units.keys()),
        moved=_changes({u: x.parent for u, x in b_units.items()},
                       {u: x.parent for u, x in a_units.items()}),
        renamed=_changes({u: x.name for u, x in b_units.items()},
                         {u: x.name for u, x in a_units.items()}),
        function_changed=_changes(as_is.analysis.structure.function,
                                  to_be.analysis.structure.function))
