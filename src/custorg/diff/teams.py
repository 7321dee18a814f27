"""What `custorg diff` says about teams and accountability (docs/teams.md): team types
per unit, mode and `until` per interface (matched by id, else by from and to), the
accountable per process step (by position), and the T and A findings fixed and
introduced. Empty when neither side declares any of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding
from ..orgfile.model import Interface, Org
from .change import Change

FAMILIES = ("T", "A")


@dataclass(frozen=True)
class TeamChanges:
    team_types: list[Change] = field(default_factory=list)
    modes: list[Change] = field(default_factory=list)  # "mode until" before and after
    accountables: list[Change] = field(default_factory=list)  # id: "process step N"
    fixed: int = 0  # T and A findings
    introduced: int = 0

    def __bool__(self) -> bool:
        return bool(self.team_types or self.modes or self.accountables or self.fixed
                    or self.introduced)

    def as_dict(self) -> dict[str, Any]:
        return {"team_types": [c.as_dict() for c in self.team_types],
                "modes": [c.as_dict() for c in self.modes],
                "accountables": [c.as_dict() for c in self.accountables],
                "findings": {"fixed": self.fixed, "introduced": self.introduced}}


def _mode(itf: Interface | None) -> str | None:
    if itf is None or not itf.mode:
        return None
    return f"{itf.mode} until {itf.until}" if itf.until else itf.mode


def _pairs(before: Org, after: Org) -> list[tuple[str, Interface | None, Interface | None]]:
    """Interfaces of both sides, matched by declared id, else by (from, to)."""
    def key(i: Interface) -> tuple[str, ...]:
        return (i.declared_id,) if i.declared_id else (i.source, i.target)

    left = {key(i): i for i in before.interfaces}
    right = {key(i): i for i in after.interfaces}
    by_ends = {(i.source, i.target): i for i in after.interfaces}
    out: list[tuple[str, Interface | None, Interface | None]] = []
    for k, itf in left.items():
        other = right.pop(k, None)
        if other is None and len(k) == 1:
            other = by_ends.get((itf.source, itf.target))
            if other is not None:
                right.pop(key(other), None)
        out.append((itf.id, itf, other))
    out += [(i.id, None, i) for i in right.values()]
    return out


def team_changes(before: Org, after: Org, fixed: list[Finding],
                 introduced: list[Finding]) -> TeamChanges:
    types = []
    for unit in after.units:
        old = before.unit_by_id.get(unit.id)
        if old is not None and old.team_type != unit.team_type:
            types.append(Change(unit.id, old.team_type, unit.team_type))
    modes = [Change(ident, _mode(a), _mode(b)) for ident, a, b in _pairs(before, after)
             if _mode(a) != _mode(b)]
    accountables = []
    for pr in after.processes:
        old_pr = before.process_by_id.get(pr.id)
        if old_pr is None:
            continue
        was = [s.accountable for s in old_pr.steps]
        now = [s.accountable for s in pr.steps]
        for i in range(max(len(was), len(now))):
            a = was[i] if i < len(was) else None
            b = now[i] if i < len(now) else None
            if a != b:
                accountables.append(Change(f"{pr.id} step {i + 1}", a, b))
    return TeamChanges(types, modes, accountables,
                       sum(1 for f in fixed if f.code[0] in FAMILIES),
                       sum(1 for f in introduced if f.code[0] in FAMILIES))


def team_rows(c: Any) -> list[tuple[str, str, str, str]]:
    """(what, which, before, after) rows of a Comparison's team changes, for the text and
    Markdown renderings (each escapes them for its destination); "–" for none."""
    t: TeamChanges = c.teams
    if not t:
        return []
    rows = [("team type", c.unit(ch.id), ch.before or "–", ch.after or "–")
            for ch in t.team_types]
    rows += [("mode", f"interface {ch.id}", ch.before or "–", ch.after or "–")
             for ch in t.modes]
    rows += [("accountable", ch.id, ch.before or "–", ch.after or "–")
             for ch in t.accountables]
    return rows


def findings_line(c: Any) -> str:
    t: TeamChanges = c.teams
    return (f"T and A findings: {t.fixed} fixed, {t.introduced} introduced" if t else "")
