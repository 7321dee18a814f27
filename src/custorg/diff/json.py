"""The diff as one JSON document (shape in docs/scenarios.md)."""

from __future__ import annotations

import re
from typing import Any

from ..formatters.json import dumps, finding_dict
from .compare import Comparison


def _side(report: Any, ok: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"files": report.files}
    if not ok:  # the errors that stopped analysis, per side (empty for a valid side)
        out["errors"] = [finding_dict(f) for f in report.findings] \
            if report.metrics is None else []
    return out


def comparison_dict(c: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {"custorg": c.version, "as_is": _side(c.as_is, c.ok),
                           "to_be": _side(c.to_be, c.ok)}
    if not c.ok:
        out.update(dict.fromkeys(("units", "metrics", "processes", "silos", "layers",
                                  "trade_offs", "findings")))
        return out
    out["units"] = c.units.as_dict()
    out["metrics"] = {k: list(v) for k, v in c.metrics.items()}
    out["processes"] = {p: {k: list(v) for k, v in m.items()} for p, m in c.processes.items()}
    out["silos"] = {f: {k: list(v) for k, v in m.items()} for f, m in c.silos.items()}
    out["layers"] = {"moved": [m.as_dict() for m in c.layers_moved]}
    out["trade_offs"] = [t.as_dict() for t in c.trade_offs]
    if c.teams:
        out["teams"] = c.teams.as_dict()
    out["findings"] = {"fixed": [finding_dict(f) for f in c.fixed],
                       "introduced": [finding_dict(f) for f in c.introduced],
                       "unchanged": c.unchanged}
    return out


# a [before, after] pair of numbers, booleans or null, as json.dumps indents it
_PAIR = re.compile(r"\[\n\s+(-?[\w.+-]+),\n\s+(-?[\w.+-]+)\n\s+\]")


def render(c: Comparison) -> str:
    """The document, with each [before, after] pair of plain values on one line."""
    return _PAIR.sub(r"[\1, \2]", dumps(comparison_dict(c)))
