"""What rule T006 reads from the mined paths (docs/teams.md): per unordered unit pair, the
cases whose path has both units and those whose path ping-pongs between them. Counted on
`Mined.variants` (path -> cases), which both engines fill: no engine computes more for it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..mining.tally import Mined, Path

Pair = tuple[str, str]  # unordered: sorted


def unordered(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def bounces(path: Path) -> set[Pair]:
    """The pairs a path ping-pongs between: a, b, a at some position (a path has no
    consecutive repeats, so b differs from a)."""
    return {unordered(path[i], path[i + 1]) for i in range(len(path) - 2)
            if path[i] == path[i + 2]}


def shared_cases(mined: Mined, pairs: Iterable[Pair]) -> tuple[Counter[Pair], Counter[Pair]]:
    """For the wanted unordered pairs: the cases whose path has both units, and the cases
    whose path goes a, b, a or b, a, b. The variants each unit is in are indexed once;
    a pair then walks the smaller of its two units' lists, so that a unit in every path
    (a hub with many interfaces) costs each of its pairs no more than its partner."""
    wanted = {unordered(*p) for p in pairs}
    if mined.pair_cases is not None:  # an engine that keeps only the top variants
        both_of, bounced_of = mined.pair_cases
        return (+Counter({p: both_of.get(p, 0) for p in wanted}),
                +Counter({p: bounced_of.get(p, 0) for p in wanted}))
    units = {u for p in wanted for u in p}
    cases: list[int] = []
    having: dict[str, set[int]] = {u: set() for u in units}
    bounced: Counter[Pair] = Counter()
    for n, (path, variant) in enumerate(mined.variants.items()):
        cases.append(variant.cases)
        for unit in units.intersection(path):
            having[unit].add(n)
        for pair in bounces(path) & wanted:
            bounced[pair] += variant.cases
    both: Counter[Pair] = Counter()
    for a, b in wanted:
        small, large = sorted((having[a], having[b]), key=len)
        both[a, b] = sum(cases[n] for n in small if n in large)
    return +both, bounced
