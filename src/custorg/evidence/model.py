"""The evidence of one log, computed (`Evidence`), and what it is computed against: the
audited org (`Declared`) and the command's options (`Options`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..findings import Finding, Location, named
from ..mining.tally import Mined
from ..orgfile.model import Org
from .aggregates import Aggregates
from .figures import UnitLoad
from .graphs import Structure


@dataclass(frozen=True)
class Declared:
    """The org `--org` names: the org, function(u) (analysis.structure) and its path as
    given on the command line."""

    org: Org
    function: Mapping[str, str | None]
    path: str

    def name(self, unit: str) -> str | None:
        found = self.org.unit_by_id.get(unit)
        return found.name if found is not None else None

    def location(self, unit: str) -> Location | None:
        found = self.org.unit_by_id.get(unit)
        return found.src.loc if found is not None else None


@dataclass(frozen=True)
class Options:
    """`log`: the log's path as given (the location of findings without `--org`); `top`:
    `--top`; `anonymize`: `--anonymize`."""

    log: str
    top: int = 10
    anonymize: bool = False


@dataclass
class Evidence:
    """Every figure of docs/evidence.md for one log, and its findings. Figures left out
    are None, with the reason in `notes`."""

    mined: Mined
    aggregates: Aggregates  # anonymized with --anonymize
    declared: Declared | None
    options: Options
    graph: nx.DiGraph  # G
    workload: list[UnitLoad] | None
    brokerage: dict[str, Counter[str]] | None
    betweenness: dict[str, float]
    structure: Structure | None
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def function(self) -> Mapping[str, str | None]:
        return self.declared.function if self.declared is not None else {}

    def is_unit(self, value: str) -> bool:
        """An org unit with --org (not `(unmapped)`); any value without."""
        return self.declared is None or value in self.declared.org.unit_by_id

    def label(self, unit: str) -> str:
        """A unit as messages name it: Name (id) as every finding shows a unit
        (`findings.named`), or 'id' when it has no other name (as an audit message)."""
        name = self.declared.name(unit) if self.declared is not None else None
        return named(unit, name) if name and name != unit else repr(unit)

    def location(self, unit: str | None = None) -> Location:
        """Where a finding points: the unit's line in the org file with --org, else the
        log (an activity, a unit the org does not declare, any finding without --org)."""
        if self.declared is not None and unit is not None:
            found = self.declared.location(unit)
            if found is not None:
                return found
        return Location(self.options.log)

    def org_location(self) -> Location:
        return self.declared.org.org_loc if self.declared is not None else self.location()
