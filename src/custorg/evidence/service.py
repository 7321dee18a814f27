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
    whose path goes a, b, a or b, a, b. One pass over the variants."""
    wanted = {unordered(*p) for p in pairs}
    units = {u for p in wanted for u in p}
    both: Counter[Pair] = Counter()
    bounced: Counter[Pair] = Counter()
    if not wanted:
        return both, bounced
    for path, variant in mined.variants.items():
        present = sorted(units.intersection(path))
        if len(present) < 2:
            continue
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                if (a, b) in wanted:
                    both[a, b] += variant.cases
        for pair in bounces(path) & wanted:
            bounced[pair] += variant.cases
    return both, bounced
