"""GitHub Actions workflow commands: one annotation per finding, shown on the lines of
the pull request's diff.

    ::error file=org/processes.yaml,line=14,col=5,title=P003 too-many-handoffs::message

Severity info becomes `notice`. Paths are relative to the repository root (paths.py).
Data and properties are escaped as the Actions runner expects (`%`, CR and LF in both;
`:` and `,` also in properties), so a message can never end a command early or inject
another one. The report's notes (what was not checked, findings hidden by a baseline)
follow as notices without a file, titled `custorg`. Nothing else is written: a clean
run without notes prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..audit.engine import Report
from ..escape import github_data as escape_data, github_property as escape_property
from ..findings import Finding, Severity
from .paths import Locator

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def annotation(f: Finding, locator: Locator) -> str:
    props: list[tuple[str, str]] = []
    place = locator.place(f.location.file)
    path = place.relative or (str(place.absolute) if place.absolute else None)
    if path is not None:
        props.append(("file", path))
        if f.location.line > 0:
            props.append(("line", str(f.location.line)))
            if f.location.column > 0:
                props.append(("col", str(f.location.column)))
    props.append(("title", f"{f.code} {f.rule}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[f.severity]} {joined}::{escape_data(f.display)}"


def render(report: Report) -> str:
    locator = Locator(report.files)
    return ("".join(annotation(f, locator) + "\n" for f in report.findings)
            + "".join(f"::notice title=custorg::{escape_data(note)}\n" for note in report.notes))


def render_findings(findings: Sequence[Finding], files: Sequence[str],
                    notes: Sequence[str] = ()) -> str:
    """The findings of any command (`custorg mine`'s evidence), as gitlab.render takes
    them: `files` are the names their locations use, `notes` what was not checked."""
    return render(Report(list(files), list(findings), notes=list(notes)))
