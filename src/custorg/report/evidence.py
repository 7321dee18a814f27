"""`custorg report --evidence DIR`: the evidence.json that `custorg mine -o DIR` wrote
(docs/evidence.md), read and checked (`load`), and the report's evidence section
(`section`): a handover-time chart and the communities of work beside the functions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..errors import UsageError
from ..inputs import Refused, open_input
from ..limits import Limits, too_large
from .charts import Bar, bars

EVIDENCE_JSON = "evidence.json"  # evidence.files names it so (that package is mining's)
CHART_PAIRS = 12  # unit pairs in the handover-time chart (the slowest by median)


def _version(text: object) -> tuple[int, ...]:
    parts = str(text).split(".")[:3]
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def load(folder: str, limits: Limits | None = None) -> dict[str, Any]:
    """DIR/evidence.json, checked: a UsageError (exit 2) when DIR has none, when it is
    not one custorg wrote, or when a newer custorg wrote it."""
    limit = (limits or Limits()).evidence_bytes
    path = Path(folder) / EVIDENCE_JSON
    if not path.is_file():
        raise UsageError(f"{folder}: no {EVIDENCE_JSON} in this folder; write one with "
                         f"custorg mine LOG -o {folder}")
    try:
        with open_input(path) as handle:
            data = handle.read(limit + 1)
    except (Refused, OSError) as exc:
        raise UsageError(f"{path}: cannot read it ({exc})") from None
    if len(data) > limit:
        raise UsageError(f"{path}: " + too_large("the file", "evidence-bytes", limit))
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("evidence"), dict) \
            or "custorg" not in doc:
        raise UsageError(f"{path}: not an evidence.json of custorg mine -o (no "
                         "`custorg` and `evidence` keys); write it again with custorg mine")
    if _version(doc["custorg"]) > _version(__version__):
        raise UsageError(f"{path}: written by custorg {doc['custorg']}, newer than this "
                         f"custorg {__version__}; upgrade custorg to read it")
    return doc


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def slowest(doc: dict[str, Any], n: int = CHART_PAIRS) -> list[dict[str, Any]]:
    """The `n` unit pairs of the handover-time figure with the longest median wait."""
    pairs = [p for p in _list(doc["evidence"].get("handover_time")) if isinstance(p, dict)]
    return sorted(pairs, key=lambda p: -float(p.get("median") or 0))[:n]


def pair_label(pair: dict[str, Any]) -> str:
    return f"{pair.get('from')} → {pair.get('to')}"


def hours(pair: dict[str, Any]) -> float:
    """A pair's median handover time in hours (the figure is in seconds)."""
    return float(pair.get("median") or 0) / 3600


def findings(doc: dict[str, Any], codes: tuple[str, ...]) -> list[dict[str, Any]]:
    """The evidence findings of `codes` as evidence.json holds them (code, message...)."""
    return [f for f in _list(doc.get("findings"))
            if isinstance(f, dict) and f.get("code") in codes]


def section(doc: dict[str, Any]) -> dict[str, Any]:
    """The template's `evidence` variable: the log, the chart, the communities' rows
    (units, functions spanned), the isolated units, the modularities and the notes."""
    ev = doc["evidence"]
    rows = [Bar(pair_label(p), (hours(p),), note=f"{p.get('count')} handoffs")
            for p in slowest(doc)]
    chart = bars(rows, "Median handover time (hours) per unit pair") if rows else Markup("")
    structure = ev.get("structure") if isinstance(ev.get("structure"), dict) else None
    communities = [(", ".join(map(str, _list(c.get("units")))),
                    ", ".join(map(str, _list(c.get("functions")))))
                   for c in _list(structure.get("communities") if structure else None)
                   if isinstance(c, dict)]
    return {"log": str(doc.get("log") or ""), "org": doc.get("org"), "chart": chart,
            "communities": communities,
            "isolated": [str(u) for u in _list(structure.get("isolated"))] if structure
            else [],
            "q_functions": structure.get("q_functions") if structure else None,
            "q_work": structure.get("q_work") if structure else None,
            "findings": len(_list(doc.get("findings"))),
            "notes": [str(n) for n in _list(ev.get("notes"))]}
