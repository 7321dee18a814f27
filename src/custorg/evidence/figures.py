"""Figures 1-3 of docs/evidence.md from the aggregates: handover time, working together,
workload. The pseudo-unit `(unmapped)` takes part in all three."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..mining.summary import ranked
from ..mining.tally import Mined
from .aggregates import Aggregates
from .numbers import seconds, share


def handover_time(agg: Aggregates) -> list[dict[str, Any]]:
    """Figure 1 per ordered pair, by count (descending), then from, to (as `pairs`)."""
    rows = sorted(agg.waits.items(), key=lambda kv: (-kv[1].count, kv[0]))
    return [{"from": a, "to": b, "count": w.count, "median": seconds(w.median_us),
             "p90": seconds(w.p90_us), "mean": seconds(Fraction(w.total_us, w.count)),
             "total": seconds(w.total_us)} for (a, b), w in rows]


def variant_time(mined: Mined, agg: Aggregates, top: int) -> list[dict[str, Any]]:
    """Figure 1 per variant, for the `top` variants in docs/mining.md's ranking."""
    out = []
    for rank, (path, variant) in enumerate(ranked(mined)[:top], 1):
        wait = agg.variant_waits.get(path)
        out.append({"rank": rank, "path": list(path), "cases": variant.cases,
                    "median": None if wait is None else seconds(wait.median_us),
                    "p90": None if wait is None else seconds(wait.p90_us)})
    return out


def working_together(agg: Aggregates, top: int) -> list[dict[str, Any]]:
    """Figure 2: the `top` unordered pairs with the most cases (ties by a, then b)."""
    rows = sorted(agg.together.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [{"units": [a, b], "cases": n} for (a, b), n in rows]


@dataclass(frozen=True)
class ActivityLoad:
    """Figure 3 for unit g and activity q."""

    unit: str
    activity: str
    events: int  # #(., g, q)
    done: int  # #(., ., q)
    unit_events: int  # #(., g, .)
    members: int  # |members(g)|
    doers: int  # members of g with an event of q
    resourced: int  # events of (g, q) with a resource
    top: str | None  # top contributor (largest contribution, ties by name)
    top_events: int  # #(top, g, q)

    def as_dict(self) -> dict[str, Any]:
        return {"activity": self.activity, "stake": share(self.events, self.done),
                "focus": share(self.events, self.unit_events),
                "coverage": share(self.doers, self.members),
                "top_contributor": self.top,
                "contribution": share(self.top_events, self.resourced)}


@dataclass(frozen=True)
class UnitLoad:
    unit: str
    members: int
    events: int  # #(., g, .): the unit's events with an activity
    activities: tuple[ActivityLoad, ...]  # by events (descending), then activity

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "members": self.members, "events": self.events,
                "activities": [a.as_dict() for a in self.activities]}


def workload(agg: Aggregates) -> list[UnitLoad]:
    """Figure 3 per unit (sorted by id). An event without a resource counts in stake and
    focus, not in members, coverage or contribution."""
    by_gq: dict[tuple[str, str], Counter[str | None]] = defaultdict(Counter)
    per_q: Counter[str] = Counter()
    per_g: Counter[str] = Counter()
    members: dict[str, set[str]] = defaultdict(set)
    for (resource, unit, activity), n in agg.work.items():
        by_gq[unit, activity][resource] += n
        per_q[activity] += n
        per_g[unit] += n
        if resource is not None:
            members[unit].add(resource)
    activities: dict[str, list[ActivityLoad]] = defaultdict(list)
    for (unit, activity), people in by_gq.items():
        named = {r: n for r, n in people.items() if r is not None}
        top = min(named, key=lambda r: (-named[r], r)) if named else None
        activities[unit].append(ActivityLoad(
            unit, activity, sum(people.values()), per_q[activity], per_g[unit],
            len(members[unit]), len(named), sum(named.values()), top,
            named[top] if top is not None else 0))
    return [UnitLoad(unit, len(members[unit]), per_g[unit],
                     tuple(sorted(activities[unit], key=lambda a: (-a.events, a.activity))))
            for unit in sorted(activities)]
