"""`staff` (docs/import.md, "The `fte` field and the `staff` metric"): declared FTE and
headcount over all units, in total and per depth (the pyramid), rounded to 2 decimals.

FTE and headcount are summed apart, each over the units that declare it: a unit's FTE is
never added to another unit's headcount. `staff_by` is the one sum, per depth here and
per customer layer in the report."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

from ..orgfile.model import Org

K = TypeVar("K", bound=Hashable)


def staff_by(org: Org, group: Mapping[str, K], default: K) -> dict[K, dict[str, Any]]:
    """Per group of units (`group[unit id]`, else `default`), in first-seen order:
    `{"units": n, "fte": x, "headcount": y}` (absent values count 0; fte rounded to 2
    decimals)."""
    rows: dict[K, list[float]] = {}  # group -> [units, fte, headcount]
    for unit in org.units:
        row = rows.setdefault(group.get(unit.id, default), [0, 0.0, 0])
        row[0] += 1
        row[1] += unit.fte or 0
        row[2] += unit.headcount or 0
    return {key: {"units": int(r[0]), "fte": round(r[1], 2), "headcount": int(r[2])}
            for key, r in rows.items()}


def staff(org: Org, depth: dict[str, int]) -> dict[str, Any]:
    """Sums of the declared `fte` and `headcount` (absent counting 0), in total and per
    depth of the reporting tree, each depth with its number of units."""
    by_depth = staff_by(org, depth, 0)
    return {
        "fte": round(sum((unit.fte or 0.0 for unit in org.units), 0.0), 2),
        "headcount": int(sum(r["headcount"] for r in by_depth.values())),
        "by_depth": [{"depth": d, **by_depth[d]} for d in sorted(by_depth)],
    }


def declared(staff_metric: Mapping[str, Any] | None) -> bool:
    """Whether the org declares any staff (a non-zero FTE or headcount total): when the
    text report and the HTML report show the pyramid."""
    return bool(staff_metric and (staff_metric["fte"] or staff_metric["headcount"]))
