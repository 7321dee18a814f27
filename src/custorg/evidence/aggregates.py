"""What an engine hands over for the evidence figures (`Aggregates`): small tables that
grow with units, activities and resources, never with events. Unit event counts and unit
pairs are the engine's `Mined` (mining.tally): not repeated here.

Every duration is integer microseconds; quantiles are nearest rank (`nearest_rank`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..mining.summary import rank_of

Units = tuple[str, ...]
WorkKey = tuple[str | None, str, str]  # (resource or None, unit, activity)


def nearest_rank(ordered: Sequence[int], q: float) -> int:
    """Quantile q of sorted values x[0..n-1]: x[ceil(q * n) - 1] (docs/evidence.md;
    the rank is `mining.summary.rank_of`). For n >= 1; q in (0, 1]."""
    return ordered[rank_of(q, len(ordered)) - 1]


@dataclass(frozen=True)
class PairWait:
    """The handover waits of one ordered unit pair a -> b (a != b)."""

    count: int
    median_us: int
    p90_us: int
    total_us: int

    @classmethod
    def of(cls, waits: Sequence[int]) -> PairWait:
        ordered = sorted(waits)
        return cls(len(ordered), nearest_rank(ordered, 0.5), nearest_rank(ordered, 0.9),
                   sum(ordered))


@dataclass(frozen=True)
class VariantWait:
    """The summed handover waits of the cases of one variant (path)."""

    median_us: int
    p90_us: int

    @classmethod
    def of(cls, sums: Sequence[int]) -> VariantWait:
        ordered = sorted(sums)
        return cls(nearest_rank(ordered, 0.5), nearest_rank(ordered, 0.9))


@dataclass(frozen=True)
class Aggregates:
    """The evidence tables of one log, on the units the engine counted (org units and
    `(unmapped)` with `--org`, the raw values without).

    - `waits`: (a, b) -> PairWait, for every ordered pair a != b with a transition;
    - `variant_waits`: path -> VariantWait (paths as `Mined.variants` keys them);
    - `together`: (a, b) with a < b -> the number of cases with events of both;
    - `work`: (resource or None, unit, activity) -> events (events without an activity
      are not in it: they belong to no activity);
    - `missing_resource`: events without a resource;
    - `resources`: every resource, in order of first appearance (`--anonymize`)."""

    waits: Mapping[tuple[str, str], PairWait] = field(default_factory=dict)
    variant_waits: Mapping[Units, VariantWait] = field(default_factory=dict)
    together: Mapping[tuple[str, str], int] = field(default_factory=dict)
    work: Mapping[WorkKey, int] = field(default_factory=dict)
    missing_resource: int = 0
    resources: tuple[str, ...] = ()


def anonymize(aggregates: Aggregates) -> Aggregates:
    """Every resource name replaced by `person-N`, N its rank of first appearance
    (`--anonymize`): applied before anything else reads the aggregates, so no output
    can show a name."""
    alias = {name: f"person-{n}" for n, name in enumerate(aggregates.resources, 1)}
    work: dict[WorkKey, int] = {}
    for (resource, unit, activity), n in aggregates.work.items():
        key = (None if resource is None else alias[resource], unit, activity)
        work[key] = work.get(key, 0) + n
    return Aggregates(aggregates.waits, aggregates.variant_waits, aggregates.together, work,
                      aggregates.missing_resource, tuple(alias.values()))
