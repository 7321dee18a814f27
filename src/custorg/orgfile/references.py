"""Checks of the merged org that stop analysis: duplicate ids (S003), unknown or wrong-kind
references (S002), reporting-line cycles (S001), plus the format's own consistency rules."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cached_property
from itertools import chain, combinations, filterfalse
from operator import attrgetter
from typing import Any

from ..findings import Entity, Finding, Location, Severity
from .load import format_error
from .model import CUSTOMER, Org
from .schema import INVALID, path_words
from .sections import SECTIONS
from .teamsformat import teams_format

S001 = ("S001", "reporting-cycle")
S002 = ("S002", "unknown-reference")
S003 = ("S003", "duplicate-id")
MAX_LISTED = 8


def _error(code: tuple[str, str], message: str, loc: Location, kind: str, ident: str,
           related: tuple[Location, ...] = ()) -> Finding:
    return Finding(code[0], code[1], Severity.ERROR, message, loc, Entity(kind, ident), related)


# ---------------------------------------------------------------------- the reference fields

_P, _U = ("person",), ("unit",)
_CUSTOMER_STEP = ("unit", "customer stakeholder")
# A reference field: (key in the file, entity attribute, allowed kinds, a list of ids?)
Field = tuple[str, str, tuple[str, ...], bool]
# section -> its reference fields in file order; "steps" of a process: STEP_FIELDS per step
REFERENCES: dict[str, tuple[Field, ...]] = {
    "units": (("parent", "parent", _U, False), ("head", "head", _P, False),
              ("kpis", "kpis", ("kpi",), True)),
    "people": (("unit", "unit", _U, False),),
    "stakeholders": (("owner", "owner", _P, False),),
    "processes": (("owner", "owner", ("person", "unit"), False),
                  ("parent", "parent", ("process",), False),
                  ("team", "team", ("project",), False),
                  ("stakeholder", "stakeholder", ("stakeholder",), False),
                  ("kpis", "kpis", ("kpi",), True), ("steps", "steps", (), True)),
    "interfaces": (("from", "source", _U, False), ("to", "target", _U, False),
                   ("responsible", "responsible", _P, False)),
    "contact_points": (("unit", "unit", _U, False),
                       ("stakeholder", "stakeholder", ("stakeholder",), False)),
    "kpis": (("owner", "owner", _P, False),),
    "goals": (("stakeholder", "stakeholder", ("stakeholder",), False),
              ("kpis", "kpis", ("kpi",), True), ("processes", "processes", ("process",), True),
              ("projects", "projects", ("project",), True)),
    "projects": (("manager", "manager", _P, False), ("members", "members", _P, True),
                 ("units", "units", _U, True), ("goal", "goal", ("goal",), False)),
}
# a step's unit is a reference too, unless it is `customer` (the customer itself)
STEP_FIELDS: tuple[Field, ...] = (
    ("", "unit", _CUSTOMER_STEP, False), ("accountable", "accountable", _P, False),
    ("consulted", "consulted", ("person", "unit"), True),
    ("informed", "informed", ("person", "unit"), True))


class _Namespace:
    """Every entity with an id of its own (interfaces only when they declare one,
    contact points never: their id is made up of need and unit), and the findings of ids
    used twice or reserved. `names`: the first entity of each id with its kind (built on
    first use: a valid org never asks); `by_kind`: those ids by kind."""

    def __init__(self, org: Org) -> None:
        declared: dict[str, Any] = {}
        for itf in org.interfaces:
            if itf.declared_id:
                declared.setdefault(itf.id, itf)
        self.named = [(kind, getattr(org, section)) for section, kind in SECTIONS.items()
                      if kind not in ("interface", "contact_point")]
        self.named.append(("interface", [i for i in org.interfaces if i.declared_id]))
        tables = [(kind, getattr(org, f"{kind}_by_id")) for kind, _ in self.named[:-1]]
        tables.append(("interface", declared))
        self.tables = dict(tables)  # kind -> the first entity of each id of that kind
        # the ids of each kind: the tables themselves (no copy) when every id is used once
        self.by_kind: dict[str, Collection[str]] = dict(tables)
        self.findings: list[Finding] = []
        if all(len(table) == len(items)
               for (_, table), (_, items) in zip(tables, self.named, strict=True)) \
                and not any(CUSTOMER in table for _, table in tables) \
                and all(a.keys().isdisjoint(b.keys())
                        for (_, a), (_, b) in combinations(tables, 2)):
            return  # every id once, none reserved: nothing to report
        self.names = self._checked()
        by_kind: dict[str, set[str]] = {kind: set() for kind, _ in tables}
        for ident, (kind, _) in self.names.items():
            by_kind[kind].add(ident)
        self.by_kind = dict(by_kind)

    @cached_property
    def names(self) -> dict[str, tuple[str, Any]]:
        return {item.id: (kind, item) for kind, items in self.named for item in items}

    def _checked(self) -> dict[str, tuple[str, Any]]:
        seen: dict[str, tuple[str, Any]] = {}
        for kind, items in self.named:
            for item in items:
                if item.id == CUSTOMER:
                    self.findings.append(format_error(
                        INVALID, f"{kind} id 'customer' is reserved (in process steps it "
                        "means the customer): rename it", item.src.at("id"), kind, item.id))
                if item.id in seen:
                    first_kind, first = seen[item.id]
                    self.findings.append(_error(
                        S003, f"{kind} id {item.id!r} is already used by {first_kind} "
                        f"{item.id!r} at {first.src.at('id')}: ids are unique across the "
                        "whole org", item.src.at("id"), kind, item.id, (first.src.at("id"),)))
                else:
                    seen[item.id] = (kind, item)
        return seen


_ID = attrgetter("id")
Ref = tuple[str, Any, tuple[str | int, ...], str, tuple[str, ...]]


def _field_refs(kind: str, entity: Any, fields: tuple[Field, ...], holder: Any,
                at: tuple[str | int, ...] = ()) -> Iterator[Ref]:
    """The references of `entity` in the fields of `holder` (itself, or one of its
    steps at `at`)."""
    for key, attr, allowed, many in fields:
        value = getattr(holder, attr)
        if key == "steps":
            for step in value:
                yield from _field_refs(kind, entity, STEP_FIELDS, step, ("steps", step.index))
        elif many:
            for i, item in enumerate(value):
                yield kind, entity, (*at, key, i), item, allowed
        elif value and (allowed is not _CUSTOMER_STEP or value != CUSTOMER):
            yield kind, entity, (*at, key) if key else at, value, allowed


def _refs(org: Org, sections: Iterable[str] = SECTIONS) -> Iterator[Ref]:
    """(entity kind, entity, field path, referenced id, allowed kinds) of every reference
    (of the given sections)."""
    for section in sections:
        kind, fields = SECTIONS[section], REFERENCES[section]
        for entity in getattr(org, section):
            yield from _field_refs(kind, entity, fields, entity)


Valid = dict[tuple[str, ...], tuple[Collection[str], ...]]


def _valid_ids(names: _Namespace) -> Valid:
    """The ids each allowed kinds of REFERENCES accepts, as the id collections of those
    kinds, not copied into one (a customer stakeholder is a stakeholder, and in steps a
    customer stakeholder; a step's unit may be `customer`)."""
    by_kind = names.by_kind
    kinds = {**by_kind, "customer stakeholder": {  # (the first entity of its id)
        i for i, s in names.tables["stakeholder"].items()
        if s.kind == "customer" and i in by_kind["stakeholder"]}}
    allowed = {f[2] for fields in (*REFERENCES.values(), STEP_FIELDS) for f in fields}
    valid: Valid = {a: tuple(kinds.get(k, ()) for k in a) for a in allowed if a}
    valid[_CUSTOMER_STEP] += ({CUSTOMER},)
    return valid


def _known(kinds: tuple[Collection[str], ...], ids: Iterable[str]) -> bool:
    """Every id is in one of the collections: the ids not in the first are tested
    against the next, all in C."""
    rest: Iterator[str] = iter(ids)
    for ids_of_kind in kinds[:-1]:
        rest = filterfalse(ids_of_kind.__contains__, rest)
    return all(map(kinds[-1].__contains__, rest))


def _all_known(items: Sequence[Any], fields: tuple[Field, ...], valid: Valid) -> bool:
    """Every reference of these entities names an entity of an allowed kind: one pass
    in C per field, so a valid org costs no per-reference work in Python."""
    for _key, attr, allowed, many in fields:
        values = map(attrgetter(attr), items)
        if attr == "steps":
            if not _all_known(list(chain.from_iterable(values)), STEP_FIELDS, valid):
                return False
        elif not _known(valid[allowed], chain.from_iterable(filter(None, values)) if many
                        else filter(None, values)):  # (no empty lists)
            return False
    return True


class _Suggestions:
    """"Did you mean" hints for unknown references, with bounded work.

    difflib compares a target with every candidate id, so in a big org with thousands
    of broken references the hints alone took hours (2,000 in a 10,000-unit org: 44 s).
    Candidates are listed once per kind, each target is looked up once, and after
    BUDGET comparisons in all the remaining findings go without a hint."""

    BUDGET = 400_000  # about half a second of difflib

    def __init__(self, namespace: _Namespace) -> None:
        self.namespace = namespace
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
                i for i, (k, e) in self.namespace.names.items()
                if k in kinds or (k == "stakeholder" and "customer stakeholder" in kinds
                                  and e.kind == "customer")]
        candidates = self.candidates[allowed]
        if self.spent + len(candidates) > self.BUDGET:
            return ""
        self.spent += len(candidates)
        close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.7)
        return f"; did you mean {close[0]!r}?" if close else ""


def _reference_findings(org: Org, namespace: _Namespace,
                        skip_unknown: bool = False) -> tuple[list[Finding], int]:
    """Wrong-kind and unknown references; with skip_unknown (a file of the org could not
    be read, so its ids are missing) unknown ones are only counted, not reported."""
    findings = []
    skipped = 0
    suggest = _Suggestions(namespace)
    valid = _valid_ids(namespace)
    unsure = [section for section in SECTIONS
              if not _all_known(getattr(org, section), REFERENCES[section], valid)]
    for kind, entity, path, target, allowed in _refs(org, unsure):
        found = namespace.names.get(target)
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
    units = org.unit_by_id
    parent = {u.id: u.parent for u in org.units if u.parent in units}
    if not _has_cycle(parent):
        return []  # nearly always: no walk
    walked: dict[str, str] = {}  # unit -> the start of the walk that reached it
    findings = []
    for start in parent:
        if start in walked:
            continue
        node: str | None = start
        while node in parent and node not in walked:
            walked[node] = start
            node = parent[node]
        if node is not None and walked.get(node) == start:  # back on this walk: a cycle
            findings.append(_cycle_finding(org, node, parent))
    return findings


def _has_cycle(parent: dict[str, str]) -> bool:
    """Whether following parents ever comes back: leaves (units no unit names as
    parent) are peeled off in rounds, a set operation each, until none is left (no
    cycle) or every unit left is a parent of one (each of them is on a cycle or under
    one). The rounds are as many as the tree is deep, and each is smaller than the one
    before: most units are leaves."""
    rest = parent
    while rest:
        kept = rest.keys() & set(rest.values())  # the units still someone's parent
        if len(kept) == len(rest):
            return True
        rest = {unit: rest[unit] for unit in kept}
    return False


def _cycle_finding(org: Org, node: str, parent: dict[str, str]) -> Finding:
    cycle = [node]
    while (step := parent[cycle[-1]]) != node:
        cycle.append(step)
    units = [org.unit_by_id[c] for c in cycle]
    first = min(units, key=lambda u: (u.src.loc.file, u.src.loc.line, u.src.loc.column))
    shown = " -> ".join(c for c in cycle[:MAX_LISTED])
    if len(cycle) > MAX_LISTED:
        shown += f" -> ... ({len(cycle) - MAX_LISTED} more)"
    shown += f" -> {cycle[0]}"
    message = (f"reporting-line cycle of {len(cycle)} unit{'s' * (len(cycle) > 1)}: "
               f"{shown}; give one of them a parent outside the cycle (or none)")
    others = tuple(u.src.at("parent") for u in units if u is not first)[:MAX_LISTED]
    return _error(S001, message, first.src.at("parent"), "unit", first.id, others)


def check(org: Org, unreadable: tuple[str, ...] = ()) -> tuple[list[Finding], str | None]:
    """The findings, and a note when references to unknown ids were not checked because
    files of the org (`unreadable`) could not be read: what they define is missing, so
    every reference to it would be a follow-on error, not a root cause."""
    namespace = _Namespace(org)
    findings = list(namespace.findings)
    refs, skipped = _reference_findings(org, namespace, skip_unknown=bool(unreadable))
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
