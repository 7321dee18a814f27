"""`staff` (docs/import.md, "The `fte` field and the `staff` metric"): declared FTE and
headcount over all units, in total and per depth (the pyramid), rounded to 2 decimals."""

from __future__ import annotations

from typing import Any

from ..model import Org


def staff(org: Org, depth: dict[str, int]) -> dict[str, Any]:
    """Sums of the declared `fte` and `headcount` (absent counting 0), in total and per
    depth of the reporting tree, each depth with its number of units."""
    rows: dict[int, list[float]] = {}  # depth -> [units, fte, headcount]
    for unit in org.units:
        row = rows.setdefault(depth.get(unit.id, 0), [0, 0.0, 0])
        row[0] += 1
        row[1] += unit.fte or 0
        row[2] += unit.headcount or 0
    return {
        "fte": round(sum(r[1] for r in rows.values()), 2),
        "headcount": int(sum(r[2] for r in rows.values())),
        "by_depth": [{"depth": d, "units": int(r[0]), "fte": round(r[1], 2),
                      "headcount": int(r[2])} for d, r in sorted(rows.items())],
    }

