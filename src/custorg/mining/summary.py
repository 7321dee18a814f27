"""From what an engine counted (`Mined`) to the JSON shape of docs/mining.md."""

from __future__ import annotations

import json
import math
from typing import Any

from .. import __version__
from .tally import UNMAPPED, Mined, Path, Variant, handoffs_of, ping_pong_of

DEFAULT_TOP = 10


def ranked(mined: Mined) -> list[tuple[Path, Variant]]:
    """Variants by cases (descending), then by the path joined with ` > ` (ascending)."""
    return sorted(mined.variants.items(), key=lambda kv: (-kv[1].cases, " > ".join(kv[0])))


def rank_of(share: float, count: int) -> int:
    """The nearest rank of quantile `share` among `count` sorted values, 1-based:
    ceil(share * count), at least 1. The one definition of the nearest-rank quantile
    (handoffs per case here, handover waits in the evidence, the same formula in SQL)."""
    return max(1, math.ceil(share * count))


def nearest_rank(histogram: dict[int, int], share: float) -> int:
    """The smallest value that at least `share` of the cases do not exceed (the
    nearest-rank percentile: always one of the observed values)."""
    total = sum(histogram.values())
    rank = rank_of(share, total)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return 0


def per_case(mined: Mined) -> dict[str, Any]:
    """Handoffs per case: mean (4 decimals), median, p90 (nearest rank), max; null for a
    log without cases."""
    histogram: dict[int, int] = {}
    if mined.figures is not None:
        histogram = dict(mined.figures.histogram)
    for path, variant in mined.variants.items() if mined.figures is None else ():
        n = handoffs_of(path)
        histogram[n] = histogram.get(n, 0) + variant.cases
    cases = sum(histogram.values())
    if not cases:
        return {"mean": None, "median": None, "p90": None, "max": None}
    mean = sum(n * c for n, c in histogram.items()) / cases
    return {"mean": round(mean, 4), "median": nearest_rank(histogram, 0.5),
            "p90": nearest_rank(histogram, 0.9), "max": max(histogram)}


def totals(mined: Mined) -> dict[str, int]:
    if mined.figures is not None:
        f = mined.figures
        return {"handoffs": f.handoffs, "ping_pong": f.ping_pong,
                "cases_with_ping_pong": f.cases_with_ping_pong}
    handoffs = ping = with_ping = 0
    for path, variant in mined.variants.items():
        handoffs += handoffs_of(path) * variant.cases
        pp = ping_pong_of(path)
        ping += pp * variant.cases
        with_ping += variant.cases if pp else 0
    return {"handoffs": handoffs, "ping_pong": ping, "cases_with_ping_pong": with_ping}


def sorted_pairs(mined: Mined) -> list[dict[str, Any]]:
    items = sorted(((n, a, b) for (a, b), n in mined.pairs.items() if n > 0),
                   key=lambda t: (-t[0], t[1], t[2]))
    return [{"from": a, "to": b, "count": n} for n, a, b in items]


def written(mined: Mined, top: int) -> list[tuple[int, Path, Variant]]:
    """(rank, path, variant) of the top variants that become processes (-o): the listed
    ones, less those through UNMAPPED."""
    return [(rank, path, v) for rank, (path, v) in enumerate(ranked(mined)[:top], 1)
            if UNMAPPED not in path]


def coverage(mined: Mined, top: int) -> float | None:
    """The share of cases whose path is a written variant (4 decimals; null without
    cases)."""
    cases = mined.cases
    if not cases:
        return None
    return round(sum(v.cases for _, _, v in written(mined, top)) / cases, 4)


def as_dict(mined: Mined, top: int = DEFAULT_TOP,
            comparison: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON document of docs/mining.md."""
    sums = totals(mined)
    variants = [{"rank": rank, "path": list(path), "cases": v.cases,
                 "handoffs": handoffs_of(path), "ping_pong": ping_pong_of(path)}
                for rank, (path, v) in enumerate(ranked(mined)[:top], 1)]
    return {"custorg": __version__, "log": mined.log, "events": mined.events,
            "cases": mined.cases, "skipped": dict(mined.skipped), "filtered": mined.filtered,
            "transitions": mined.transitions, "handoffs": sums["handoffs"],
            "ping_pong": sums["ping_pong"],
            "cases_with_ping_pong": sums["cases_with_ping_pong"],
            "handoffs_per_case": per_case(mined), "pairs": sorted_pairs(mined),
            "variants": variants, "coverage": coverage(mined, top),
            "comparison": comparison}


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
