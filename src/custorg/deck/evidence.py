"""With `--evidence DIR`: what the log says about the org (the evidence.json of `custorg
mine -o DIR`, read by report/evidence.py's `load`), and the Teams slide. Both show the
HTML report's own data (report/evidence.py, report/teams.py); nothing is mined here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..audit.engine import Report
from ..report import context as ctx, evidence as E
from ..report.teams import teams_context
from . import slide as S, text as X
from .canvas import Canvas
from .charts import CategoryChartData, chart
from .story import MUTED, SEVERITY_COLORS, count, sentence

# evidence findings shown on the people-and-structure slide, by heading (docs/evidence.md)
GROUPS = (("Key people", ("E001",)), ("Brokers between functions", ("E003",)),
          ("Structure", ("E005",)))


def evidence(canvas: Canvas, doc: dict[str, Any] | None) -> list[Any]:
    if doc is None:
        return []
    return [slowest_handoffs(canvas, doc), *people_and_structure(canvas, doc)]


def slowest_handoffs(canvas: Canvas, doc: dict[str, Any]) -> Any:
    """The unit pairs with the longest median handover time, as a native bar chart."""
    pairs = E.slowest(doc)
    log = X.clean(doc.get("log") or "the log", 200)
    notes = (f"From the event log {log} (custorg mine -o): the median time between one "
             "unit's last event and the next unit's first event of a case, the slowest "
             "pairs first; the chart's data can be edited in PowerPoint.")
    if not pairs:
        return S.new(canvas, "The log shows no handoffs between units", notes)
    top = pairs[0]
    title = (f"The slowest handoff: {E.pair_label(top)} makes the customer wait "
             f"{E.hours(top):.1f} hours (median)")
    slide = S.new(canvas, title, notes)
    data = CategoryChartData(number_format="0.0")
    data.categories = [X.shorten(E.pair_label(p), canvas.body().width // 3, 10)
                       for p in pairs]
    data.add_series("median handover time (hours)", [round(E.hours(p), 2) for p in pairs])
    chart(slide, canvas.body(), data, False)
    return slide


def people_and_structure(canvas: Canvas, doc: dict[str, Any]) -> list[Any]:
    """The key-person, broker and structure findings, then the communities of work."""
    blocks: list[Sequence[X.Line]] = []
    total = 0
    for heading, codes in GROUPS:
        found = E.findings(doc, codes)
        total += len(found)
        blocks.append([X.Line(f"{heading}: {count(len(found), 'finding')}", 18, True)])
        blocks += [[X.Line(f"{f.get('code')} · {sentence(str(f.get('message') or ''))}",
                           13, False, SEVERITY_COLORS.get(str(f.get("severity")), ""), 1)]
                   for f in found[:ctx.ROWS_SHOWN]]
        if len(found) > ctx.ROWS_SHOWN:
            blocks.append([X.Line(f"{len(found) - ctx.ROWS_SHOWN} more: run custorg mine",
                                  13, False, MUTED, 1)])
    blocks += _communities(E.section(doc))
    title = (f"What the log says: {count(total, 'finding')} on key people, brokers and "
             "structure")
    notes = ("Evidence findings of custorg mine (docs/evidence.md): E001 key-person, "
             "E003 broker-between-functions, E005 work-crosses-functions.")
    return S.listed(canvas, title, blocks, notes, 3)


def _communities(section: dict[str, Any]) -> list[Sequence[X.Line]]:
    if not section["communities"]:
        return [[X.Line("No communities: the evidence was mined without an org that has "
                        "two functions or more.", 13, False, MUTED)]]
    out: list[Sequence[X.Line]] = [[X.Line(
        f"Communities of work (modularity {section['q_work']} by work, "
        f"{section['q_functions']} by function)", 18, True)]]
    out += [[X.Line(f"{units}: {functions or '(no function)'}", 13, False, "", 1)]
            for units, functions in section["communities"][:ctx.ROWS_SHOWN]]
    if section["isolated"]:
        out.append([X.Line("Alone: " + ", ".join(section["isolated"]), 13, False, MUTED, 1)])
    return out


def teams(canvas: Canvas, report: Report) -> list[Any]:
    """Team types, interaction modes and the heaviest cognitive load, once any unit
    declares a team type (the HTML report's Teams section)."""
    data = teams_context(report)
    if data is None:
        return []
    types = ", ".join(f"{kind} ({tag}) {n}" for kind, tag, n in data["types"])
    modes = ", ".join(f"{mode} ({label}) {n}" for mode, label, n in data["modes"])
    over = [unit for unit, _, too_high in data["load"] if too_high]
    blocks: list[Sequence[X.Line]] = [
        [X.Line("Team types", 18, True), X.Line(types, 14, False, "", 1)],
        [X.Line("Interaction modes", 18, True), X.Line(modes, 14, False, "", 1)],
        [X.Line(f"Cognitive load: processes + interfaces (T005: at most {data['limit']})",
                18, True)]]
    blocks += [[X.Line(f"{unit}: {n}{' (too high)' if too_high else ''}", 13, too_high,
                       SEVERITY_COLORS["warning"] if too_high else "", 1)]
               for unit, n, too_high in data["load"]]
    if data["more"]:
        blocks.append([X.Line(f"{data['more']} more: run custorg report", 13, False,
                              MUTED, 1)])
    typed = sum(n for _, _, n in data["types"])
    title = (f"Teams: {count(typed, 'typed unit')}, {len(over)} over the cognitive load "
             "limit" if over else f"Teams: {count(typed, 'typed unit')}, none over the "
             "cognitive load limit")
    notes = ("Team Topologies (Skelton and Pais 2019): team types as tagged on the "
             "diagrams' boxes, interaction modes as labelled on their edges (docs/teams.md).")
    return S.listed(canvas, title, blocks, notes, 2)
