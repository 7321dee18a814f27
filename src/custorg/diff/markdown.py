"""The diff as Markdown for a pull-request comment: the headline first, then tables;
long lists folded in <details>. User text goes through escape.markdown (no markup, HTML,
mention or reference) and file names into escape.markdown_code (a fence no backtick closes)."""

from __future__ import annotations

from ..escape import markdown as md, markdown_code as code
from ..findings import Finding
from .common import (
    BETTER,
    METRIC_LABELS,
    WORSE,
    changed,
    count_findings,
    delta,
    fmt,
    overall,
    process_labels,
    process_verdict,
    side_name,
    trade_off_line,
    verdict,
)
from .compare import Change, Comparison, Pair
from .teams import findings_line, team_rows

MARK = {BETTER: "✅ better", WORSE: "❌ worse", "mixed": "➖ mixed", "": ""}
FOLD_AFTER = 10  # lists longer than this are folded
MAX_ROWS = 60  # rows per table: a pull-request comment holds at most 65,536 characters


def _arrow(key: str, pair: Pair) -> str:
    b, a = pair
    text = fmt(key, b) if b == a else f"{fmt(key, b)} → {fmt(key, a)}"
    return f"**{text}**" if verdict(key, pair) else text


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out += ["", f"… and {len(rows) - MAX_ROWS} more (every one is in `--format json`)."]
    return out


def _fold(summary: str, lines: list[str], count: int) -> list[str]:
    if count <= FOLD_AFTER:
        return [f"**{summary}**", "", *lines, ""]
    return ["<details>", f"<summary>{summary}</summary>", "", *lines, "", "</details>", ""]


def _headline(c: Comparison) -> list[str]:
    m = c.metrics
    (lb, la), (hb, ha) = m["maturity"], m["handoffs_total"]
    change = f" ({(ha - hb) / hb:+.0%})" if hb else ""
    return [f"### custorg diff: {code(side_name(c.as_is.files))} → "
            f"{code(side_name(c.to_be.files))}", "",
            f"**Maturity {lb} → {la}** · handoffs {hb} → {ha}{change} · "
            f"**{count_findings(len(c.fixed))} fixed**, **{len(c.introduced)} introduced**, "
            f"{c.unchanged} unchanged", ""]


def _metrics(c: Comparison) -> list[str]:
    rows = [[METRIC_LABELS[k], fmt(k, p[0]), fmt(k, p[1]), delta(k, p), MARK[verdict(k, p)]]
            for k, p in c.metrics.items()]
    trade = [f"**{md(trade_off_line(t))}**" for t in c.trade_offs]
    return (_table(["metric", "as-is", "to-be", "change", ""], rows, "lrrrl") + [""]
            + (trade + [""] if trade else []))


def _change(c: Comparison, ch: Change, units: bool = False, named: bool = True) -> list[str]:
    """[unit, before, after]; units as `Name (id)` (a rename: the id alone, its names
    are the change); `units`: before and after are units too (parents)."""
    def side(value: str | None) -> str:
        return "–" if not value else md(c.unit(value) if units else value)
    return [md(c.unit(ch.id) if named else ch.id), side(ch.before), side(ch.after)]


def _units(c: Comparison) -> list[str]:
    u = c.units
    rows = [[md(c.unit(i)), "added", "", ""] for i in u.added]
    rows += [[md(c.unit(i)), "removed", "", ""] for i in u.removed]
    for label, cells in ([("moved", _change(c, ch, units=True)) for ch in u.moved]
                         + [("renamed", _change(c, ch, named=False)) for ch in u.renamed]
                         + [("function changed", _change(c, ch))
                            for ch in u.function_changed]):
        rows.append([cells[0], label, cells[1], cells[2]])
    if not rows:
        return []
    return _fold(f"Units ({len(rows)} changes)",
                 _table(["unit", "change", "from", "to"], rows, "llll"), len(rows))


def _processes(c: Comparison) -> list[str]:
    rows = []
    labels = process_labels(c)
    for pid, m in c.processes.items():
        if not changed(m):
            continue
        word = process_verdict(m)
        word = MARK.get(word, word)  # new and removed stay words
        rows.append([md(pid), *(_arrow(k, m[k]) for k in labels), word])
    if not rows:
        return []
    same = len(c.processes) - len(rows)
    note = [f"{same} more unchanged.", ""] if same else []
    return _fold(f"Handoffs per process ({len(rows)} changed)",
                 _table(["process", *labels.values(), ""], rows,
                        "l" + "r" * len(labels) + "l"),
                 len(rows)) + note


def _silos(c: Comparison) -> list[str]:
    rows = [[md(fn), _arrow("ei_index", m["ei_index"]), _arrow("silo", m["silo"]),
             MARK[overall([verdict(k, m[k]) for k in m])]]
            for fn, m in c.silos.items() if changed(m)]
    if not rows:
        return []
    return _fold(f"Silos: E-I index per function ({len(rows)} changed)",
                 _table(["function", "E-I", "silo", ""], rows, "lrll"), len(rows))


def _layers(c: Comparison) -> list[str]:
    rows = [_change(c, ch) for ch in c.layers_moved]
    if not rows:
        return []
    return _fold(f"Customer layers ({len(rows)} units changed layer)",
                 _table(["unit", "from", "to"], rows, "lll"), len(rows))


def _teams(c: Comparison) -> list[str]:
    if not c.teams:
        return []
    rows = [[md(x) for x in row] for row in team_rows(c)]
    return _fold(f"Teams and accountability ({findings_line(c)})",
                 _table(["change", "of", "from", "to"], rows, "llll"), len(rows))


def _findings(title: str, findings: list[Finding], always_open: bool) -> list[str]:
    if not findings:
        return [f"**{title}: none**", ""]
    rows = [[f"`{f.code}`", str(f.severity), md(f.display),
             md(f"{f.location.file}:{f.location.line}")] for f in findings]
    lines = _table(["code", "severity", "message", "where"], rows, "llll")
    return _fold(f"{title} ({len(rows)})", lines, 0 if always_open else len(rows))


def _errors(c: Comparison) -> list[str]:
    out = [f"### custorg diff: {code(side_name(c.as_is.files))} → "
           f"{code(side_name(c.to_be.files))}", "",
           "**Nothing compared: errors stop the analysis.**", ""]
    for side, report in (("as-is", c.as_is), ("to-be", c.to_be)):
        if report.metrics is None:
            out += _findings(f"Errors in the {side} org", report.findings, True)
    return out


def render(c: Comparison) -> str:
    if not c.ok:
        return "\n".join(_errors(c)).rstrip("\n") + "\n"
    lines = _headline(c) + _metrics(c)
    lines += _findings("Findings introduced", c.introduced, True)
    lines += _processes(c) + _silos(c) + _units(c) + _layers(c) + _teams(c)
    lines += _findings("Findings fixed", c.fixed, False)
    return "\n".join(lines).rstrip("\n") + "\n"
