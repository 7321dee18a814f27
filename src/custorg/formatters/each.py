"""An audit report in any format, and the reports of `audit --each` (one org per PATH).

Shapes with --each:
- text and github: the reports one after another, each text report under `== PATH ==`;
- json: `{"custorg": VERSION, "orgs": [{"path": PATH, ...the report of that org...}]}`,
  each report the same object `audit --format json` writes for one org;
- sarif: one SARIF log with one run per org, in PATH order; each run's
  `automationDetails.id` is `custorg/PATH/`, so code scanning keeps their alerts apart;
- gitlab: one Code Quality report of every org's findings, their fingerprints salted with
  the org's PATH (see gitlab.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..audit.engine import Report


@dataclass(frozen=True)
class Style:
    """How to write: format, colour, width, and what to show."""

    fmt: str
    color: bool = False
    width: int | None = None
    quiet: bool = False
    show_suppressed: bool = False
    statistics: bool = False
    ascii_only: bool = False  # tables in ASCII (standard output that cannot draw boxes)


def render(report: Report, style: Style) -> str:
    """One org's report in the style's format, as text."""
    out = output(report, style)
    return out if isinstance(out, str) else out.decode("utf-8")


def output(report: Report, style: Style) -> str | bytes:
    """One org's report in the style's format, as the CLI's output gate takes it (and
    escapes for a terminal and a CI log): JSON and SARIF as orjson's UTF-8 bytes where
    it writes them (formatters/jsontext.document), else text."""
    if style.statistics:
        from . import statistics

        if style.fmt == "json":
            from .json import dumps

            return dumps(statistics.as_dict(report))
        return statistics.render_text(report)
    if style.fmt == "text":
        from . import text_report

        return text_report.render(report, color=style.color, quiet=style.quiet,
                           show_suppressed=style.show_suppressed, width=style.width,
                           ascii_only=style.ascii_only)
    if style.fmt == "json":
        from . import json as json_format

        return json_format.output(report, show_suppressed=style.show_suppressed)
    if style.fmt == "sarif":
        from . import sarif

        return sarif.output(report, show_suppressed=style.show_suppressed)
    if style.fmt == "github":
        from . import github

        return github.render(report)
    if style.fmt == "gitlab":
        from . import gitlab

        return gitlab.render(report.findings, report.files)
    raise ValueError(f"unknown format {style.fmt!r}")


def render_each(reports: list[tuple[str, Report]], style: Style) -> str:
    """The reports of several orgs, one per PATH, in one output."""
    if style.fmt == "json":
        return _json(reports, style)
    if style.fmt == "sarif":
        return _sarif(reports, style)
    if style.fmt == "github":
        return "".join(render(report, style) for _, report in reports)
    if style.fmt == "gitlab":
        from .gitlab import render_each as gitlab_each

        return gitlab_each([(path, report.findings, report.files) for path, report in reports])
    return "\n".join(f"== {path} ==\n{render(report, style)}" for path, report in reports)


def _json(reports: list[tuple[str, Report]], style: Style) -> str:
    from .json import dumps

    orgs = []
    for path, report in reports:
        if style.statistics:
            from .statistics import as_dict

            body = as_dict(report)
        else:
            body = json.loads(render(report, style))
        body.pop("custorg", None)
        orgs.append({"path": path, **body})
    version = reports[0][1].version if reports else ""
    return dumps({"custorg": version, "orgs": orgs})


def _sarif(reports: list[tuple[str, Report]], style: Style) -> str:
    from .sarif import sarif_dict

    log: dict[str, Any] | None = None
    for path, report in reports:
        one = sarif_dict(report, style.show_suppressed)
        run = one["runs"][0]
        run["automationDetails"] = {"id": f"custorg/{path}/"}
        if log is None:
            log = one
        else:
            log["runs"].append(run)
    from .jsontext import indented

    return indented(log, allow_nan=True) + "\n"
