"""`custorg audit`, `validate` and `metrics`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from ..formatters import AUDIT_FORMATS
from .common import (
    AuditFormat,
    ConfigOpt,
    FailOn,
    Ignore,
    NoColor,
    Output,
    Paths,
    Quiet,
    Select,
    ShowSuppressed,
    Today,
    ascii_only,
    check_format,
    config_from,
    keep,
    load,
    read_inputs,
    text_width,
    use_color,
)

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..audit.engine import Report
    from ..formatters.each import Style

Each = Annotated[bool, typer.Option("--each", help="Audit each PATH as its own org (a "
                                    "folder of org folders: list them); one report per org, "
                                    "exit code the worst.")]
Statistics = Annotated[bool, typer.Option("--statistics", help="Count the findings per rule "
                                          "instead of listing them (text or json).")]
BaselineOpt = Annotated[Optional[str], typer.Option(
    "--baseline", metavar="FILE", show_default=False, help="Report only findings that are "
    "not in this baseline (matched by fingerprint).")]
WriteBaseline = Annotated[Optional[str], typer.Option(
    "--write-baseline", metavar="FILE", show_default=False, help="Record every finding in "
    "FILE as the baseline and exit 0.")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    for command in (audit, validate, metrics):
        app.command()(command)


def _style(fmt: str, no_color: bool, output: str | None, **flags: bool) -> Style:
    from ..formatters.each import Style

    return Style(fmt, color=use_color(no_color, output), width=text_width(output),
                 ascii_only=ascii_only(output), **flags)


def _audit_one(paths: list[str], cfg: Config, with_rules: bool = True) -> Report:
    """The engine's audit with a progress bar on a terminal for long runs."""
    from ..audit.engine import audit as run_audit
    from .progress import steady

    with steady("Auditing", "steps") as tick:
        return keep(run_audit(paths, cfg, with_rules=with_rules, on_progress=tick))


def audit(
    paths: Paths, fmt: AuditFormat = "text",
    output: Output = None, config: ConfigOpt = None, select: Select = None,
    ignore: Ignore = None, fail_on: FailOn = None, no_color: NoColor = False,
    quiet: Quiet = False, show_suppressed: ShowSuppressed = False, each: Each = False,
    statistics: Statistics = False, baseline: BaselineOpt = None,
    write_baseline: WriteBaseline = None, today: Today = None,
) -> None:
    """Audit an org: findings and metrics; exit 1 on findings at or above --fail-on."""
    check_format(fmt, AUDIT_FORMATS)
    if statistics and fmt not in ("text", "json"):
        raise UsageError(f"--statistics writes text or json, not {fmt}")
    if baseline is not None and write_baseline is not None:
        raise UsageError("give --baseline FILE or --write-baseline FILE, not both")
    runs: list[tuple[str | None, Report, Config]] = []
    for group in ([[p] for p in paths] if each else [paths]):
        cfg = config_from(config, group, select, ignore, fail_on, today)
        org = os.path.normpath(group[0]) if each else None  # `orgs/a/` is `orgs/a`
        runs.append((org, _audit_one(group, cfg), cfg))
    if write_baseline is not None:
        _write_baseline(runs, write_baseline, paths)
    inputs = [*paths, *(cfg.source for _, _, cfg in runs if cfg.source)]  # never over them
    if baseline is not None:
        _apply_baseline(runs, baseline, paths)
        inputs.append(baseline)
    style = _style(fmt, no_color, output, quiet=quiet, show_suppressed=show_suppressed,
                   statistics=statistics)
    from ..formatters.each import output as render_one, render_each
    from . import gate

    text: str | bytes
    if each:
        text = render_each([(str(org), report) for org, report, _ in runs], style)
    else:
        text = render_one(runs[0][1], style)
    gate.out(text, gate.kind(fmt), output, inputs, color=style.color)
    raise typer.Exit(max(report.exit_code(cfg.fail_on) for _, report, cfg in runs))


def _write_baseline(runs: list[tuple[str | None, Report, Config]], target: str,
                    inputs: list[str]) -> None:
    """Record the findings of every org; orgs whose analysis stopped cannot be recorded
    (their errors are printed and the run exits 1, nothing written)."""
    from ..audit import baseline
    from ..formatters import text_report
    from ..output import write_atomic
    from . import gate

    stopped = [report for _, report, _ in runs if report.stopped]
    for report in stopped:
        gate.tell(text_report.render(report, quiet=True))
    if stopped:
        gate.say("custorg: error: errors stop the analysis; fix them before writing a "
                 "baseline (format errors cannot be baselined)")
        raise typer.Exit(1)
    findings = [(org, f) for org, report, _ in runs for f in report.findings]
    write_atomic(target, baseline.dumps(findings), inputs)
    n = len(findings)
    gate.say(f"custorg: wrote {n} finding{'s' * (n != 1)} to the baseline {target}; "
             f"audit with --baseline {target} to see only new ones")
    raise typer.Exit(0)


def _apply_baseline(runs: list[tuple[str | None, Report, Config]], path: str,
                    given: list[str]) -> None:
    """Drop the findings recorded in the baseline (not the errors that stop analysis:
    those are never recorded)."""
    from ..audit import baseline
    from ..inputs import link_roots

    recorded = baseline.load(path, link_roots(given))
    for org, report, _ in runs:
        if not report.stopped:
            report.findings = recorded.new(org, report.findings)
        note = recorded.note()
        if note:
            report.notes.append(note)
        recorded.matched = 0


def validate(
    paths: Paths, fmt: AuditFormat = "text",
    output: Output = None, config: ConfigOpt = None, no_color: NoColor = False,
    quiet: Quiet = False,
) -> None:
    """Check the format only (the errors that stop analysis); exit 1 if there are any.
    --config is read and checked too (format errors cannot be turned off)."""
    from ..audit.engine import validate as run_validate
    from .progress import steady

    check_format(fmt, AUDIT_FORMATS)
    cfg = load(config, paths[0] if paths else None)  # a broken config is reported (exit 2)
    with steady("Validating", "files") as tick:
        report = keep(run_validate(paths, on_progress=tick))
    from . import gate

    style = _style(fmt, no_color, output, quiet=quiet)
    gate.out(_render(report, style), gate.kind(fmt), output, read_inputs(paths, cfg),
             color=style.color)
    raise typer.Exit(1 if report.stopped else 0)


def _render(report: Report, style: Style) -> str | bytes:
    from ..formatters.each import output as render_one

    return render_one(report, style)


Per = Annotated[Optional[str], typer.Option(
    "--per", metavar="WHAT", show_default=False, help="unit: one CSV row per unit (id, "
    "name, function, depth, span, layer, evidence distance, fte, headcount, findings); "
    "with --format csv.")]


def metrics(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="text, json, csv or graphml (the declared org "
                                     "as one directed multigraph).")] = "text",
    output: Output = None, config: ConfigOpt = None, select: Select = None,
    ignore: Ignore = None, no_color: NoColor = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Text: the one-line "
                                        "summary and the maturity only.")] = False,
    per: Per = None, today: Today = None,
) -> None:
    """Metrics only (handoffs, silos, layers, maturity) as a table, JSON or CSV; or the
    declared org as GraphML (edges of kind reports_to and work, weight = volume).
    --select and --ignore choose the rules whose findings `--per unit` counts."""
    check_format(fmt, ("text", "json", "csv", "graphml"))
    if per is not None and per != "unit":
        raise UsageError(f"unknown --per {per!r} (use unit)")
    if per is not None and fmt != "csv":
        raise UsageError("--per unit writes CSV: add --format csv")
    from . import gate

    cfg = config_from(config, paths, select, ignore, None, today)
    report = _audit_one(paths, cfg, with_rules=per is not None)
    inputs = read_inputs(paths, cfg)
    table, org, analysis = report.metrics, report.org, report.analysis
    if fmt in ("csv", "graphml") and (table is None or org is None or analysis is None):
        from ..formatters import text_report  # nothing to write: the errors go to stderr

        gate.tell(text_report.render(report, quiet=True))
        raise typer.Exit(1)
    if fmt == "graphml" and org is not None and analysis is not None:
        from ..formatters.graphml import graphml, org_graph

        gate.out(graphml(org_graph(org, analysis)), "graphml", output, inputs)
    elif fmt == "csv" and table is not None:
        from ..formatters import csv

        gate.out(csv.render_units(report) if per else csv.render(table), "csv", output,
                 inputs)
    elif fmt == "json":
        from ..formatters import json

        gate.out(json.render(report), "json", output, inputs)
    else:
        from ..formatters import text_report

        color = use_color(no_color, output)
        shown = text_report.render_metrics(report, color=color, quiet=quiet,
                                           width=text_width(output),
                                           ascii_only=ascii_only(output))
        gate.out(shown, "text", output, inputs, color=color)
    raise typer.Exit(1 if report.metrics is None else 0)

