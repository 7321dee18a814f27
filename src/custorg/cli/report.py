"""`custorg report PATH -o report.html [--compare TO_BE]`: one self-contained HTML page.

Exit codes: 0 written; 1 an org has errors that stop analysis (printed to stderr, as
`validate` prints them: there is nothing to report on); 2 usage errors; 3 bugs. Findings
do not change the exit code: a report is something to read, not a CI gate (`audit` and
`diff --fail-on-new` are)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from .common import (
    ConfigOpt,
    Ignore,
    Output,
    Paths,
    Select,
    Today,
    analysed,
    check_timeout,
    config_from,
    keep,
    read_inputs,
)

if TYPE_CHECKING:
    pass

Compare = Annotated[Optional[str], typer.Option(
    "--compare", metavar="TO_BE", show_default=False,
    help="A to-be org (file or folder): adds the redesign section and both customer-on-top "
    "diagrams.")]
MaxNodes = Annotated[int, typer.Option(
    "--max-nodes", metavar="N", help="Diagrams fold automatically above this many boxes.")]
Depth = Annotated[Optional[int], typer.Option(
    "--depth", metavar="N", show_default=False, help="Diagrams fold units deeper than N into their "
    "ancestor (top units have depth 0).")]
Renderer = Annotated[str, typer.Option(
    "--renderer", metavar="NAME",
    help="auto (pygraphviz, else the system `dot`), pygraphviz or system.")]
EvidenceDir = Annotated[Optional[str], typer.Option(
    "--evidence", show_default=False, metavar="DIR", help="The folder `custorg mine -o DIR` "
    "wrote: adds what the log says about the org (evidence.json).")]
Timeout = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS",
    help="Seconds each diagram's layout may take; past it the diagram is left out with a "
    "note.")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="report")(report)


def report(paths: Paths, output: Output = None, compare: Compare = None,
           config: ConfigOpt = None, select: Select = None, ignore: Ignore = None,
           max_nodes: MaxNodes = 60, depth: Depth = None, renderer: Renderer = "auto",
           timeout: Timeout = 60.0, today: Today = None,
           evidence: EvidenceDir = None) -> None:
    """Write one self-contained HTML page: maturity, findings by principle, handoffs,
    silos, staff, diagrams; with --compare, the redesign against a to-be org."""
    from ..audit.engine import audit
    from .progress import progress

    if max_nodes < 2:
        raise UsageError("--max-nodes must be at least 2")
    if depth is not None and depth < 0:
        raise UsageError("--depth must be 0 or more (top units have depth 0)")
    check_timeout(timeout)
    if renderer not in ("auto", "pygraphviz", "system"):
        raise UsageError(f"unknown --renderer {renderer!r} (use auto, pygraphviz or system)")
    if compare == "-" and "-" in paths:
        raise UsageError("only one org can be read from standard input (-)")
    cfg = config_from(config, paths, select, ignore, None, today)
    found = None
    if evidence is not None:
        from ..report.evidence import load as load_evidence

        found = load_evidence(evidence, cfg.limits)
    as_is = analysed(keep(audit(paths, cfg)), "", "a report")
    comparison = None
    if compare is not None:
        from ..diff import compare as run_compare

        to_be = analysed(keep(audit([compare], cfg)), "the --compare org: ", "a report")
        comparison = run_compare(as_is, to_be)
    from ..report import render

    with progress("Drawing the diagrams") as tick:
        html = render(as_is, comparison, max_nodes=max_nodes, depth=depth,
                      renderer=renderer, timeout=timeout, on_progress=tick,
                      to_be_path=compare, evidence=found)
    from . import gate

    gate.out(html, "html", output, [*read_inputs(paths, cfg), *([compare] if compare else []),
                                    *([f"{evidence}/evidence.json"] if evidence else [])])
