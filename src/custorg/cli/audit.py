"""`custorg audit`, `validate`, `metrics` and `schema`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..formatters import AUDIT_FORMATS
from .common import (
    ConfigOpt,
    FailOn,
    Ignore,
    NoColor,
    Output,
    Paths,
    Quiet,
    Select,
    ShowSuppressed,
    check_format,
    config_from,
    emit,
    keep,
    use_color,
)

if TYPE_CHECKING:
    from ..engine import Report


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    for command in (audit, validate, metrics, schema):
        app.command()(command)


def _render(report: Report, fmt: str, *, color: bool, quiet: bool, show_suppressed: bool
            ) -> str:
    if fmt == "text":
        from ..formatters import text

        return text.render(report, color=color, quiet=quiet, show_suppressed=show_suppressed)
    if fmt == "json":
        from ..formatters import json

        return json.render(report, show_suppressed=show_suppressed)
    if fmt == "sarif":
        from ..formatters import sarif

        return sarif.render(report, show_suppressed=show_suppressed)
    if fmt == "github":
        from ..formatters import github

        return github.render(report)
    raise AssertionError(fmt)  # _check_format let an unknown format through


def audit(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="text, json, sarif or github.")] = "text",
    output: Output = None, config: ConfigOpt = None, select: Select = None,
    ignore: Ignore = None, fail_on: FailOn = None, no_color: NoColor = False,
    quiet: Quiet = False, show_suppressed: ShowSuppressed = False,
) -> None:
    """Audit an org: findings and metrics; exit 1 on findings at or above --fail-on."""
    from ..engine import audit as run_audit

    cfg = config_from(config, paths, select, ignore, fail_on)
    check_format(fmt, AUDIT_FORMATS)
    report = keep(run_audit(paths, cfg))
    emit(_render(report, fmt, color=use_color(no_color, output), quiet=quiet,
                 show_suppressed=show_suppressed), output, paths)
    raise typer.Exit(report.exit_code(cfg.fail_on))


def validate(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="text, json, sarif or github.")] = "text",
    output: Output = None, no_color: NoColor = False, quiet: Quiet = False,
) -> None:
    """Check the format only (the errors that stop analysis); exit 1 if there are any."""
    from ..engine import validate as run_validate

    check_format(fmt, AUDIT_FORMATS)
    report = keep(run_validate(paths))
    emit(_render(report, fmt, color=use_color(no_color, output), quiet=quiet,
                 show_suppressed=False), output, paths)
    raise typer.Exit(1 if report.findings else 0)


def metrics(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or csv.")] = "text",
    output: Output = None, config: ConfigOpt = None, no_color: NoColor = False,
) -> None:
    """Metrics only (handoffs, silos, layers, maturity) as a table, JSON or CSV."""
    from ..engine import audit as run_audit

    check_format(fmt, ("text", "json", "csv"))
    cfg = config_from(config, paths, None, None, None)
    report = keep(run_audit(paths, cfg, with_rules=False))
    if fmt == "csv":
        from ..formatters import csv

        if report.metrics is None:
            from ..formatters import text

            typer.echo(text.render(report, quiet=True), err=True, nl=False)
            raise typer.Exit(1)
        emit(csv.render(report.metrics), output, paths)
    elif fmt == "json":
        from ..formatters import json

        emit(json.render(report), output, paths)
    else:
        from ..formatters import text

        emit(text.render_metrics(report, color=use_color(no_color, output)), output, paths)
    raise typer.Exit(1 if report.metrics is None else 0)


def schema(output: Output = None) -> None:
    """Print the JSON Schema of the org format (schemas/org.schema.json)."""
    from ..schema import schema_text

    emit(schema_text(), output, [])
