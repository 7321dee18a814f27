"""The JSON report of interface.md, on one stable shape."""

from __future__ import annotations

import json
from typing import Any

from ..engine import Report
from ..findings import Finding


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code, "rule": f.rule, "severity": str(f.severity), "message": f.message,
        "file": f.location.file, "line": f.location.line, "column": f.location.column,
        "entity": {"kind": f.entity.kind, "id": f.entity.id},
    }
    if f.related:
        out["related"] = [{"file": r.file, "line": r.line, "column": r.column}
                          for r in f.related]
    return out


def report_dict(report: Report, show_suppressed: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "custorg": report.version,
        "files": report.files,
        "summary": report.summary(),
        "findings": [finding_dict(f) for f in report.findings],
        "metrics": report.metrics,
    }
    if show_suppressed:
        out["suppressed"] = [finding_dict(f) for f in report.suppressed]
    return out


def dumps(data: Any) -> str:
    """Valid JSON only: NaN or infinity would be a bug, so they raise."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(report: Report, show_suppressed: bool = False) -> str:
    return dumps(report_dict(report, show_suppressed))
