"""`custorg report`: one self-contained HTML page for analysts and steering committees.

`render(report, comparison=None, ...) -> str` fills `templates/report.html.j2` (Jinja2,
autoescaping on) with the report's numbers, charts drawn by `charts.py` and diagrams
from custorg.diagrams (figures.py). The page loads nothing and runs nothing: CSS inline,
SVG inline, and a Content-Security-Policy that forbids every network source and every
script. Printing is the stylesheet's job (`@media print` in style.css).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import __version__
from ..audit.engine import Report
from ..diff import Comparison, common as diffcommon
from . import context as ctx
from .figures import Figure, draw_all, requests
from .teams import teams_context

_BACKTICKS = re.compile(r"`([^`\n]+)`")
FIXED_SHOWN = 12  # findings fixed by a redesign listed before the rest fold
KEEP_ROWS = 20  # a table this short is never split across printed pages


# direction overrides and isolates, and control characters: in a name they could reverse
# or hide the text that follows them on the page (M003 reports them in the audit)
_HIDDEN = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                         0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _finalize(value: Any) -> Any:
    """Every value the template prints: text loses hidden characters (then autoescaping
    escapes it); our own markup (SVG, CSS) passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(_HIDDEN)
    return value


def _code(value: Any) -> Markup:
    """Text whose `backticks` mark code (a rule's summary and documentation): escaped,
    then each `x` as <code>x</code>."""
    escaped = str(escape(_finalize(str(value))))
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", escaped))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("custorg.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, finalize=_finalize)
    env.filters["code"] = _code
    env.filters["num"] = lambda v: diffcommon.fmt("", v)
    env.filters["sentence"] = lambda v: str(v)[:1].upper() + str(v)[1:]
    env.globals.update(fmt=diffcommon.fmt, delta=diffcommon.delta,
                       verdict=diffcommon.verdict, overall=diffcommon.overall,
                       changed=diffcommon.changed, labels=diffcommon.METRIC_LABELS,
                       process_labels=diffcommon.PROCESS_LABELS)
    return env


CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
       "base-uri 'none'; form-action 'none'")


def today() -> str:
    """The report date; SOURCE_DATE_EPOCH (reproducible builds) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%d %B %Y")
    return dt.date.today().strftime("%d %B %Y")


def render(report: Report, comparison: Comparison | None = None, *, max_nodes: int = 60,
           depth: int | None = None, renderer: str = "auto", timeout: float = 60.0,
           on_progress: Callable[[int, int], None] | None = None,
           to_be_path: str | None = None, evidence: dict[str, Any] | None = None) -> str:
    """The HTML page of an audited org (its analysis must have run: report.metrics is
    not None); with `comparison`, the redesign section and both customer-on-top views,
    the to-be named by its org's name and `to_be_path` as the user gave it; with
    `evidence` (an evidence.json, `report.evidence.load`), the evidence section."""
    if report.metrics is None or report.analysis is None or report.org is None:
        raise ValueError("the report needs an analysed org (no errors that stop analysis)")
    compared = comparison if comparison is not None and comparison.ok else None
    reqs = requests(report.analysis)
    if compared is not None and compared.to_be.analysis is not None:
        reqs += requests(compared.to_be.analysis, "to-be:")[:1]
    figures = draw_all(reqs, max_nodes=max_nodes, depth=depth, renderer=renderer,
                       timeout=timeout, on_progress=on_progress)
    from .evidence import section

    return _environment().get_template("report.html.j2").render(
        **page(report, compared, figures, to_be_path),
        evidence=section(evidence) if evidence is not None else None)


def page(report: Report, comparison: Comparison | None,
         figures: dict[str, Figure], to_be_path: str | None = None) -> dict[str, Any]:
    """The template's variables."""
    assert report.metrics is not None and report.org is not None
    assert report.analysis is not None
    m = report.metrics
    rows = ctx.process_rows(report, comparison)
    style = resources.files("custorg.report").joinpath("templates/style.css")
    return {
        "org_name": report.org.name, "version": __version__, "date": today(),
        "files": report.files, "csp": CSP, "fixed_shown": FIXED_SHOWN,
        "keep_rows": KEEP_ROWS,
        "css": Markup(style.read_text(encoding="utf-8")),
        "maturity": ctx.maturity(m), "counts": ctx.severity_counts(report),
        "suppressed": len(report.suppressed), "top": ctx.top_findings(report),
        "principles": ctx.principles(report.findings, report.analysis.thresholds),
        "titles": ctx.PRINCIPLES,
        "cards": ctx.metric_cards(m), "handoffs": m["handoffs"], "process_rows": rows,
        "process_limit": ctx.PROCESS_ROWS, "handoff_chart": ctx.handoff_chart(
            rows, comparison is not None),
        "silos": m["silos"], "silo_chart": ctx.silo_chart(report, comparison),
        "threshold": report.analysis.thresholds.silo_ei_threshold if report.analysis
        else -0.5,
        "pyramid": ctx.staff_section(report), "figures": figures, "comparison": comparison,
        "teams": teams_context(report),
        "headline": diffcommon.headline(comparison) if comparison else "",
        "to_be_name": comparison.to_be.org.name if comparison and comparison.to_be.org
        else "", "to_be_path": to_be_path or (diffcommon.side_name(comparison.to_be.files)
                                              if comparison else ""),
        "layers": _layers(m["customer_layers"]),
        "unknown_note": report.analysis.unknown_note if report.analysis else None,
        "trade_offs": [diffcommon.trade_off_line(t) for t in comparison.trade_offs]
        if comparison else [],
        "process_labels": diffcommon.process_labels(comparison) if comparison
        else diffcommon.PROCESS_LABELS,
        "unit_changes": _unit_changes(comparison), "silo_changes": [
            (fn, m, diffcommon.overall([diffcommon.verdict(k, m[k]) for k in m]))
            for fn, m in comparison.silos.items() if diffcommon.changed(m)]
        if comparison else [], "layer_changes": [
            (comparison.unit(ch.id), ch.before, ch.after) for ch in comparison.layers_moved]
        if comparison else [],
    }


def _unit_changes(c: Comparison | None) -> list[tuple[str, str, str | None, str | None]]:
    if c is None:
        return []
    u = c.units
    rows: list[tuple[str, str, str | None, str | None]] = [
        (c.unit(i), "added", "", "") for i in u.added]
    rows += [(c.unit(i), "removed", "", "") for i in u.removed]
    rows += [(c.unit(ch.id), "moved", ch.before and c.unit(ch.before),
              ch.after and c.unit(ch.after)) for ch in u.moved]
    rows += [(ch.id, "renamed", ch.before, ch.after) for ch in u.renamed]
    rows += [(c.unit(ch.id), "function changed", ch.before, ch.after)
             for ch in u.function_changed]
    return rows


def _layers(customer_layers: dict[str, str]) -> list[tuple[str, int]]:
    from ..analysis import LAYER_ORDER

    counts: dict[str, int] = {}
    for layer in customer_layers.values():
        counts[layer] = counts.get(layer, 0) + 1
    return [(layer, counts[layer]) for layer in LAYER_ORDER if layer in counts]
