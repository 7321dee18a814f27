"""Checks of the merged org that stop analysis: duplicate ids (S003), unknown or wrong-kind
references (S002), reporting-line cycles (S001), plus the format's own consistency rules."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..findings import Entity, Finding, Location, Severity
from .load import format_error
from .model import CUSTOMER, Org
from .schema import INVALID, path_words
from .teamsformat import teams_format

S001 = ("S001", "reporting-cycle")
S002 = ("S002", "unknown-reference")
S003 = ("S003", "duplicate-id")
MAX_LISTED = 8


def _error(code: tuple[str, str], message: str, loc: Location, kind: str, ident: str,
           related: tuple[Location, ...] = ()) -> Finding:
    return Finding(code[0], code[1], Severity.ERROR, message, loc, Entity(kind, ident), related)


def _namespace(org: Org) -> tuple[dict[str, tuple[str, Any]], list[Finding]]:
    seen: dict[str, tuple[str, Any]] = {}
    findings: list[Finding] = []
    # every entity with an id of its own: interfaces only when they declare one (checked
    # last), contact points never (their id is made up of need and unit)
    named = [(kind, item) for kind, item in org.entities()
             if kind not in ("interface", "contact_point")]
    named += [("interface", i) for i in org.interfaces if i.declared_id]
    for kind, item in named:
        if item.id == CUSTOMER:
            findings.append(format_error(INVALID, f"{kind} id 'customer' is reserved (in "
                                         "process steps it means the customer): rename it",
                                         item.src.at("id"), kind, item.id))
        if item.id in seen:
            first_kind, first = seen[item.id]
            findings.append(_error(
                S003, f"{kind} id {item.id!r} is already used by {first_kind} "
                f"{item.id!r} at {first.src.at('id')}: ids are unique across the whole org",
                item.src.at("id"), kind, item.id, (first.src.at("id"),)))
        else:
            seen[item.id] = (kind, item)
    return seen, findings


def _refs(org: Org) -> Iterator[tuple[str, Any, tuple[str | int, ...], str, tuple[str, ...]]]:  # noqa: C901 - a flat list of every reference field of the format, one loop per section
    """(entity kind, entity, field path, referenced id, allowed kinds) of every reference."""
    for u in org.units:
        if u.parent:
            yield "unit", u, ("parent",), u.parent, ("unit",)
        if u.head:
            yield "unit", u, ("head",), u.head, ("person",)
        for i, k in enumerate(u.kpis):
            yield "unit", u, ("kpis", i), k, ("kpi",)
    for p in org.people:
        if p.unit:
            yield "person", p, ("unit",), p.unit, ("unit",)
    for s in org.stakeholders:
        if s.owner:
            yield "stakeholder", s, ("owner",), s.owner, ("person",)
    for pr in org.processes:
        for name, allowed in (("owner", ("person", "unit")), ("parent", ("process",)),
                              ("team", ("project",)), ("stakeholder", ("stakeholder",))):
            value = getattr(pr, name)
            if value:
                yield "process", pr, (name,), value, allowed
        for i, k in enumerate(pr.kpis):
            yield "process", pr, ("kpis", i), k, ("kpi",)
        for step in pr.steps:
            i = step.index
            if step.unit != CUSTOMER:
                yield "process", pr, ("steps", i), step.unit, ("unit", "customer stakeholder")
            if step.accountable:
                yield "process", pr, ("steps", i, "accountable"), step.accountable, ("person",)
            for name in ("consulted", "informed"):
                for j, value in enumerate(getattr(step, name)):
                    yield "process", pr, ("steps", i, name, j), value, ("person", "unit")
    for itf in org.interfaces:
        yield "interface", itf, ("from",), itf.source, ("unit",)
        yield "interface", itf, ("to",), itf.target, ("unit",)
        if itf.responsible:
            yield "interface", itf, ("responsible",), itf.responsible, ("person",)
    for cp in org.contact_points:
        yield "contact_point", cp, ("unit",), cp.unit, ("unit",)
        if cp.stakeholder:
            yield "contact_point", cp, ("stakeholder",), cp.stakeholder, ("stakeholder",)
    for kpi in org.kpis:
        if kpi.owner:
            yield "kpi", kpi, ("owner",), kpi.owner, ("person",)
    for g in org.goals:
        if g.stakeholder:
            yield "goal", g, ("stakeholder",), g.stakeholder, ("stakeholder",)
        for name, target in (("kpis", "kpi"), ("processes", "process"),
                             ("projects", "project")):
            for i, value in enumerate(getattr(g, name)):
                yield "goal", g, (name, i), value, (target,)
    for pj in org.projects:
        if pj.manager:
            yield "project", pj, ("manager",), pj.manager, ("person",)
        for name, target in (("members", "person"), ("units", "unit")):
            for i, value in enumerate(getattr(pj, name)):
                yield "project", pj, (name, i), value, (target,)
        if pj.goal:
            yield "project", pj, ("goal",), pj.goal, ("goal",)


class _Suggestions:
    """"Did you mean" hints for unknown references, with bounded work.

    difflib compares a target with every candidate id, so in a big org with thousands
    of broken references the hints alone took hours (2,000 in a 10,000-unit org: 44 s).
    Candidates are listed once per kind, each target is looked up once, and after
    BUDGET comparisons in all the remaining findings go without a hint."""

    BUDGET = 400_000  # about half a second of difflib

    def __init__(self, names: dict[str, tuple[str, Any]]) -> None:
        self.names = names
        self.candidates: dict[tuple[str, ...], list[str]] = {}
        self.memo: dict[tuple[str, tuple[str, ...]], str] = {}
        self.spent = 0

    def __call__(self, target: str, allowed: tuple[str, ...]) -> str:
        key = (target, allowed)
        if key not in self.memo:
            self.memo[key] = self._hint(target, allowed)
        return self.memo[key]

    def _hint(self, target: str, allowed: tuple[str, ...]) -> str:
        if allowed not in self.candidates:
            kinds = set(allowed)
            self.candidates[allowed] = [
                i for i, (k, e) in self.names.items()
                if k in kinds or (k == "stakeholder" and "customer stakeholder" in kinds
                                  and e.kind == "customer")]
        candidates = self.candidates[allowed]
        if self.spent + len(candidates) > self.BUDGET:
            return ""
        self.spent += len(candidates)
        close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.7)
        return f"; did you mean {close[0]!r}?" if close else ""


def _reference_findings(org: Org, names: dict[str, tuple[str, Any]],
                        skip_unknown: bool = False) -> tuple[list[Finding], int]:
    """Wrong-kind and unknown references; with skip_unknown (a file of the org could not
    be read, so its ids are missing) unknown ones are only counted, not reported."""
    findings = []
    skipped = 0
    suggest = _Suggestions(names)
    for kind, entity, path, target, allowed in _refs(org):
        found = names.get(target)
        if found is not None:
            found_kind = found[0]
            if found_kind == "stakeholder" and found[1].kind == "customer":
                found_kind = "customer stakeholder" if "customer stakeholder" in allowed \
                    else found_kind
            if found_kind in allowed:
                continue
            what = f"is a {found[0]}, not a {' or '.join(allowed)}"
        elif skip_unknown:
            skipped += 1
            continue
        else:
            what = f"names no {' or '.join(allowed)}" + suggest(target, allowed)
            if allowed == ("unit", "customer stakeholder"):
                what += " (`customer` means the customer)"
        message = f"{kind} {entity.id!r}: {path_words(path)} {target!r} {what}"
        findings.append(_error(S002, message, entity.src.at(*path), kind, entity.id))
    findings += teams_format(org)
    for itf in org.interfaces:
        if itf.source == itf.target:
            findings.append(format_error(INVALID, f"interface {itf.id!r}: `from` and `to` are "
                                         f"both {itf.source!r}: an interface joins two units",
                                         itf.src.at("to"), "interface", itf.id))
    return findings, skipped


def _cycles(org: Org) -> list[Finding]:
    """One finding per reporting-line cycle (each unit has one parent, so cycles are
    found in linear time by walking parent pointers)."""
    parent = {u.id: u.parent for u in org.units if u.parent in org.unit_by_id}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    findings = []
    for start in parent:
        walk = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node):]
            units = [org.unit_by_id[c] for c in cycle]
            first = min(units, key=lambda u: (u.src.loc.file, u.src.loc.line, u.src.loc.column))
            shown = " -> ".join(c for c in cycle[:MAX_LISTED])
            if len(cycle) > MAX_LISTED:
                shown += f" -> ... ({len(cycle) - MAX_LISTED} more)"
            shown += f" -> {cycle[0]}"
            message = (f"reporting-line cycle of {len(cycle)} unit{'s' * (len(cycle) > 1)}: "
                       f"{shown}; give one of them a parent outside the cycle (or none)")
            others = tuple(u.src.at("parent") for u in units if u is not first)[:MAX_LISTED]
            findings.append(_error(S001, message, first.src.at("parent"), "unit", first.id,
                                   others))
        for w in walk:
            state[w] = 2
    return findings


def check(org: Org, unreadable: tuple[str, ...] = ()) -> tuple[list[Finding], str | None]:
    """The findings, and a note when references to unknown ids were not checked because
    files of the org (`unreadable`) could not be read: what they define is missing, so
    every reference to it would be a follow-on error, not a root cause."""
    names, findings = _namespace(org)
    refs, skipped = _reference_findings(org, names, skip_unknown=bool(unreadable))
    findings += refs
    findings += _cycles(org)
    note = None
    if skipped:
        files = ", ".join(unreadable[:3]) + (f" and {len(unreadable) - 3} more"
                                            if len(unreadable) > 3 else "")
        note = (f"{skipped} reference{'s' * (skipped > 1)} to ids not found "
                f"{'were' if skipped > 1 else 'was'} not checked: {files} could not be "
                f"read, and may define them; fix "
                f"{'that file' if len(unreadable) == 1 else 'those files'} first")
    return findings, note
