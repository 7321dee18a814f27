"""The rule registry. A rule is a generator function decorated with `@rule`; its docstring
is the documentation `custorg explain` shows (What it checks / Why it matters / Example /
How to fix)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis
from ..findings import Entity, Finding, Location, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Callable[[Context], Iterable[Finding]] | None  # None: reported by the loader
    stops_analysis: bool = False  # an error of the input that stops analysis: always on

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def family_name(self) -> str:
        return FAMILIES[self.family]


# the families of rules (a code's letter), in the order the documentation lists them
FAMILIES = {"F": "format", "S": "structure", "P": "process", "I": "interfaces",
            "C": "customer", "G": "goals", "X": "silos", "T": "teams",
            "A": "accountability", "E": "evidence",
            "M": "meta"}


REGISTRY: dict[str, Rule] = {}


def documented() -> list[Rule]:
    """Every rule in the order of the documentation: by family, then by code."""
    order = {letter: n for n, letter in enumerate(FAMILIES)}
    return sorted(REGISTRY.values(), key=lambda r: (order[r.family], r.code))


class Context:
    """What a rule sees: the analysis (with its org and thresholds) and a finding factory."""

    def __init__(self, analysis: Analysis, rule: Rule) -> None:
        self.analysis = analysis
        self.org = analysis.org
        self.t = analysis.thresholds
        self.rule = rule
        # what each finding repeats, read once (a rule may make one per unit)
        self._made = (rule.code, rule.name, rule.severity)
        self._unit_by_id = self.org.unit_by_id

    def finding(self, kind: str, ident: str, loc: Location, message: str,
                related: tuple[Location, ...] = (), units: Iterable[str] = ()) -> Finding:
        """A finding; `units`: the ids of the units its message names (quoted as
        `'id'`, or beside an arrow), shown to people as `Name (id)` (Finding.display).
        A unit the finding is about is always among them."""
        if units:
            names = self.names((ident, *units) if kind == "unit" else units)
        elif kind == "unit":  # most findings: at most the unit the finding is about
            unit = self._unit_by_id.get(ident)
            name = unit.name if unit is not None else None
            names = ((ident, name),) if name and name != ident else ()
        else:
            names = ()
        code, rule_name, severity = self._made
        return Finding(code, rule_name, severity, message, loc, Entity(kind, ident), related,
                       None, names)

    def names(self, units: Iterable[str]) -> tuple[tuple[str, str], ...]:
        """(id, name) of these units where the name is not the id (ids of other
        entities are left out)."""
        by_id = self._unit_by_id
        found = []
        for u in dict.fromkeys(units):
            unit = by_id.get(u)
            if unit is not None and unit.name and unit.name != u:
                found.append((u, unit.name))
        return tuple(found)

    def about(self, kind: str, entity: Any, message: str, field: str | None = None,
              units: Iterable[str] = ()) -> Finding:
        """A finding about a model entity, at its line (or at one of its fields)."""
        loc = entity.src.at(field) if field else entity.src.loc
        return self.finding(kind, entity.id, loc, message, units=units)

    def at_org(self, message: str) -> Finding:
        return self.finding("org", self.org.name, self.org.org_loc, message)


def _clean(doc: str | None) -> tuple[str, str]:
    text = inspect.cleandoc(doc or "")
    summary = text.split("\n", 1)[0].strip()
    return summary, text


def rule(code: str, name: str, severity: Severity
         ) -> Callable[[Callable[[Context], Iterator[Finding]]], Rule]:
    def register(func: Callable[[Context], Iterator[Finding]]) -> Rule:
        summary, text = _clean(func.__doc__)
        made = Rule(code, name, severity, summary, text, func)
        REGISTRY[code] = made
        return made
    return register


def declare(code: str, name: str, severity: Severity, doc: str,
            stops_analysis: bool = False) -> Rule:
    """A rule whose findings come from loading, validation or the engine, not from a
    check of its own."""
    summary, text = _clean(doc)
    made = Rule(code, name, severity, summary, text, None, stops_analysis)
    REGISTRY[code] = made
    return made


def run(rule_: Rule, analysis: Analysis) -> list[Finding]:
    if rule_.check is None:
        return []
    return list(rule_.check(Context(analysis, rule_)))


def listing(items: Iterable[str], limit: int = 6) -> str:
    """'a, b and c' (at most `limit` shown)."""
    items = list(items)
    shown = [repr(i) for i in items[:limit]]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
