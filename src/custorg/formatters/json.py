"""The JSON report (`custorg audit --format json`; README, "Usage"), on one stable shape."""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from ..audit.engine import Report
from ..findings import Finding
from .jsontext import encode, indented


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code, "rule": f.rule, "severity": str(f.severity), "message": f.display,
        "file": f.location.file, "line": f.location.line, "column": f.location.column,
        "entity": {"kind": f.entity.kind, "id": f.entity.id},
    }
    if f.related:
        out["related"] = [{"file": r.file, "line": r.line, "column": r.column}
                          for r in f.related]
    return out


def report_dict(report: Report, show_suppressed: bool = False,
                finding: Callable[[Finding], Any] = finding_dict) -> dict[str, Any]:
    out: dict[str, Any] = {
        "custorg": report.version,
        "files": report.files,
        "summary": report.summary(),
        "findings": [finding(f) for f in report.findings],
        "metrics": report.metrics,
    }
    if show_suppressed:
        out["suppressed"] = [finding(f) for f in report.suppressed]
    if report.notes:  # what was not checked, and why (only when something was not)
        out["notes"] = list(report.notes)
    return out


FINDING_LISTS = ("findings", "suppressed")


def dumps(data: Any) -> str:
    """Valid JSON only: NaN or infinity would be a bug, so they raise."""
    return indented(data) + "\n"


def render(report: Report, show_suppressed: bool = False) -> str:
    """`dumps(report_dict(report, show_suppressed))`, byte for byte, but the findings are
    written straight from a template: json's indenting encoder is pure Python, and on
    100,000 findings it took a fifth of the audit (and grew faster than the report)."""
    parts = []
    for key, value in report_dict(report, show_suppressed, finding_json).items():
        if key in FINDING_LISTS:
            text = "[\n" + ",\n".join(value) + "\n  ]" if value else "[]"
        else:
            text = encode(value, "\n  ", False)
        parts.append(f"  {encode_basestring(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def finding_json(f: Finding) -> str:
    """`finding_dict(f)` as `dumps` writes it in the report's list of findings."""
    s = encode_basestring
    loc, entity = f.location, f.entity
    text = (f'    {{\n      "code": {s(f.code)},\n      "rule": {s(f.rule)},\n'
            f'      "severity": {s(str(f.severity))},\n      "message": {s(f.display)},\n'
            f'      "file": {s(loc.file)},\n      "line": {int(loc.line)},\n'
            f'      "column": {int(loc.column)},\n      "entity": {{\n'
            f'        "kind": {s(entity.kind)},\n        "id": {s(entity.id)}\n      }}')
    if f.related:
        related = ",\n".join(
            f'        {{\n          "file": {s(r.file)},\n          "line": {int(r.line)},\n'
            f'          "column": {int(r.column)}\n        }}' for r in f.related)
        text += f',\n      "related": [\n{related}\n      ]'
    return text + "\n    }"
