"""The text slides: cover, maturity, the three most important findings, the appendix.

Everything shown comes from the report's own context (report/context.py): the same
maturity, the same top three, the same findings by principle, the same "N more" cut;
nothing is computed again here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..audit.engine import Report
from ..findings import Finding
from ..formatters import ruledoc
from ..report import context as ctx, today
from ..rules import REGISTRY
from . import slide as S, text as X
from .canvas import Canvas

MUTED = "#5F6B73"
SEVERITY_COLORS = {"error": "#B3261E", "warning": "#B35900", "info": "#2F6DA3"}
APPENDIX_SLIDES = 30


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1 and word != 'info')}"


def advice(code: str) -> str:
    """A rule's "why it matters and how to fix it" (the speaker notes)."""
    rule = REGISTRY.get(code)
    if rule is None:
        return ""
    parts = [f"{code} {rule.name}: {rule.summary}"]
    for block in ruledoc.blocks(rule.doc):
        if block.label in ("Why it matters", "How to fix") and block.text:
            parts.append(f"{block.label}: {block.text}")
    return "\n\n".join(parts)


def fix(code: str) -> str:
    """The first sentence of a rule's "How to fix"."""
    rule = REGISTRY.get(code)
    if rule is None:
        return ""
    for block in ruledoc.blocks(rule.doc):
        if block.label == "How to fix" and block.text:
            first = block.text.split(". ")[0].rstrip(".")
            return first + "."
    return ""


def cover(canvas: Canvas, report: Report) -> Any:
    assert report.org is not None
    return S.cover(canvas, report.org.name,
                   f"Customer orientation audit · {today()} · custorg {__version__}")


def maturity(canvas: Canvas, report: Report) -> Any:
    assert report.metrics is not None
    mat = ctx.maturity(report.metrics)
    title = f"Maturity: level {mat['level']} of 5, {mat['name'].lower()}"
    lines = [X.Line(f"{n}. {name}", 18, n == mat["level"],
                    "" if n <= mat["level"] else MUTED) for n, name in mat["steps"]]
    lines += [X.Line(sentence(text), 14, False, MUTED, 1) for text in mat["met"]]
    lines.append(X.Line(f"Next step: {sentence(mat['next'])}" if mat["next"]
                        else "Every criterion is met.", 18, True))
    notes = ("The five levels of customer orientation (docs/metrics.md, \"Maturity\"). "
             "Each level needs the criteria of the levels below it.")
    return S.listed(canvas, title, [lines], notes)


def _finding_block(f: Finding, with_fix: bool) -> list[X.Line]:
    head = X.Line(f"{str(f.severity).upper()} · {f.code} · {sentence(f.display)}", 16,
                  True, SEVERITY_COLORS.get(str(f.severity), ""))
    block = [head]
    if with_fix and fix(f.code):
        block.append(X.Line(f"Fix: {fix(f.code)}", 14, False, MUTED, 1))
    return block


def top_findings(canvas: Canvas, report: Report) -> list[Any]:
    top = ctx.top_findings(report)
    counts = ctx.severity_counts(report)
    tally = ", ".join(count(n, sev) for sev, n in counts.items() if n) or "no findings"
    if not top:
        return S.listed(canvas, "No findings: the org meets every enabled rule",
                        [[X.Line("Run custorg audit for the details.", 18)]])
    title = f"{sentence(tally)}: the {len(top)} that matter most" if len(top) > 1 else \
        f"{sentence(tally)}: the one that matters most"
    notes = "\n\n".join(advice(f.code) for f in top)
    return S.listed(canvas, title, [_finding_block(f, True) for f in top], notes)


def appendix(canvas: Canvas, report: Report) -> list[Any]:
    """Findings by principle, at most ROWS_SHOWN per rule then "N more: run custorg
    audit", at most APPENDIX_SLIDES slides in all."""
    slides: list[Any] = []
    for principle in ctx.principles(report.findings):
        left = APPENDIX_SLIDES - len(slides)
        if left <= 0:
            break
        blocks: list[Sequence[X.Line]] = []
        for rule in principle.rules:
            head = f"{rule.code} {rule.name} · {count(len(rule.findings), 'finding')}"
            blocks.append([X.Line(head, 16, True, SEVERITY_COLORS.get(rule.severity, ""))])
            blocks += [[X.Line(sentence(f.display), 13, False, "", 1)] for f in rule.shown]
            if rule.more:
                blocks.append([X.Line(f"{len(rule.more)} more: run custorg audit", 13,
                                      False, MUTED, 1)])
        notes = "\n\n".join(advice(r.code) for r in principle.rules)
        title = f"Appendix · {principle.title}: {count(principle.count, 'finding')}"
        slides += S.listed(canvas, title, blocks, notes, left)
    return slides


def redesign(canvas: Canvas, comparison: Any) -> list[Any]:
    """With --compare: the diff's headline as the title, the findings fixed and
    introduced (at most ROWS_SHOWN each, then "N more")."""
    from ..diff import common as diffcommon

    if comparison is None or not comparison.ok:
        return []
    blocks: list[Sequence[X.Line]] = []
    for label, items in (("Fixed", comparison.fixed), ("Introduced", comparison.introduced)):
        blocks.append([X.Line(f"{label}: {count(len(items), 'finding')}", 18, True)])
        blocks += [[X.Line(f"{f.code} · {sentence(f.display)}", 13, False, "", 1)]
                   for f in items[:ctx.ROWS_SHOWN]]
        if len(items) > ctx.ROWS_SHOWN:
            blocks.append([X.Line(f"{len(items) - ctx.ROWS_SHOWN} more: run custorg diff",
                                  13, False, MUTED, 1)])
    title = f"The redesign: {diffcommon.headline(comparison)}"
    return S.listed(canvas, title, blocks, f"{comparison.unchanged} findings unchanged.", 4)
