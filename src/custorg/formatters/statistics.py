"""`audit --statistics`: how many findings each rule has, most first (as ruff shows it)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..audit.engine import Report
from ..findings import Severity

# orgfile.load.PATHS, as the statistics name them
PARSERS = {"scan": "line scanner", "events": "libyaml events", "careful": "careful builder"}


def counts(report: Report) -> list[dict[str, Any]]:
    """One row per rule that fired: code, rule, severity, count; most findings first,
    then by severity and code."""
    tally: Counter[tuple[str, str, Severity]] = Counter(
        (f.code, f.rule, f.severity) for f in report.findings)
    rows = sorted(tally.items(), key=lambda kv: (-kv[1], -kv[0][2], kv[0][0]))
    return [{"code": code, "rule": rule, "severity": str(severity), "count": n}
            for (code, rule, severity), n in rows]


def render_text(report: Report) -> str:
    rows = counts(report)
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [f"{r['count']:>{width}}  {r['code']}  {r['severity']:<7}  {r['rule']}"
             for r in rows]
    s = report.summary()
    total = len(report.findings)
    lines.append(f"{total} finding{'s' * (total != 1)}: {s['error']} error"
                 f"{'s' * (s['error'] != 1)}, {s['warning']} warning"
                 f"{'s' * (s['warning'] != 1)}, {s['info']} info"
                 + (f" ({s['suppressed']} suppressed)" if s["suppressed"] else ""))
    lines += [f"Note: {note}." for note in report.notes]
    if report.parsed_by:
        read = sum(report.parsed_by.values())
        lines.append(f"{read} file{'s' * (read != 1)} parsed: " + ", ".join(
            f"{n} by the {PARSERS[path]}" for path, n in report.parsed_by.items()))
    return "\n".join(lines) + "\n"


def as_dict(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"custorg": report.version, "files": report.files,
                           "summary": report.summary(), "statistics": counts(report)}
    if report.notes:
        out["notes"] = list(report.notes)
    if report.parsed_by:
        out["parsed_by"] = dict(report.parsed_by)
    return out
