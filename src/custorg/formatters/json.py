"""The JSON report (`custorg audit --format json`; README, "Usage"), on one stable shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..audit.engine import Report
from ..findings import SEVERITY_TEXT, Finding
from .jsontext import Plain, as_text, document, indented


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as the JSON report shows it: str and int only (a `Plain` list of them)."""
    record: dict[str, Any] = finding_dicts((f,))[0]
    return record


def finding_dicts(findings: Iterable[Finding]) -> Plain:
    """The findings as the JSON report shows them (`finding_dict` of each), built in
    one loop: a report of 100,000 units has about as many."""
    severity_text = SEVERITY_TEXT
    out = Plain()
    append = out.append
    for f in findings:
        loc, entity = f.location, f.entity
        record = {"code": f.code, "rule": f.rule, "severity": severity_text[f.severity],
                  "message": f.display, "file": loc.file, "line": loc.line,
                  "column": loc.column, "entity": {"kind": entity.kind, "id": entity.id}}
        if f.related:
            record["related"] = [{"file": r.file, "line": r.line, "column": r.column}
                                 for r in f.related]
        append(record)
    return out


def report_dict(report: Report, show_suppressed: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "custorg": report.version,
        "files": report.files,
        "summary": report.summary(),
        "findings": finding_dicts(report.findings),
        "metrics": report.metrics,
    }
    if show_suppressed:
        out["suppressed"] = finding_dicts(report.suppressed)
    if report.notes:  # what was not checked, and why (only when something was not)
        out["notes"] = list(report.notes)
    return out


def dumps(data: Any) -> str:
    """Valid JSON only: NaN or infinity would be a bug, so they raise."""
    return indented(data) + "\n"


def render(report: Report, show_suppressed: bool = False) -> str:
    """The report as JSON text (`output` read as text)."""
    return as_text(output(report, show_suppressed))


def output(report: Report, show_suppressed: bool = False) -> str | bytes:
    """The report as JSON, as the output gate takes it: with orjson, its UTF-8 bytes
    written in one call (jsontext.document), else the text; the same as `dumps`."""
    return document(report_dict(report, show_suppressed), newline=True)
