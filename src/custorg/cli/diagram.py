"""`custorg diagram`.

Exit codes: 0 written; 1 the org has format errors (printed to stderr like `validate`)
or the diagram could not be rendered (timeout, no renderer: the DOT source is written
next to the requested output instead); 2 usage errors; 3 bugs. Heavy modules (the
engine, networkx, graphviz, pygraphviz) are imported inside the command only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

# the table of views is light: reading it imports no view, graphviz or networkx
from ..diagrams.views import BY_NAME, FORMATS, MERMAID_VIEWS, PROCESS_VIEWS, VIEWS
from ..errors import UsageError

if TYPE_CHECKING:
    from ..diagrams import Diagram
    from ..engine import Report

RENDERERS = ("auto", "pygraphviz", "system")
BINARY = ("png", "pdf")
R_FORMATS = ("svg", "png", "pdf")  # laid out by Graphviz here, within --timeout

Paths = Annotated[list[str], typer.Argument(metavar="PATH...", show_default=False,
                                            help="Org file or folder; - reads standard input.")]
View = Annotated[Optional[str], typer.Option(
    "--view", show_default=False, help=", ".join(
        f"{v.name} (with --process ID)" if v.needs_process else v.name
        for v in BY_NAME.values()) + ".")]
ProcessOpt = Annotated[Optional[str], typer.Option(
    "--process", show_default=False, help="The process to draw (the "
    f"{' and '.join(PROCESS_VIEWS)} view).")]
Fmt = Annotated[Optional[str], typer.Option(
    "--format", "-f", show_default=False, help=f"{', '.join(FORMATS)} (mermaid: "
    f"{', '.join(MERMAID_VIEWS)}). Default: from the -o file's "
    "extension (.svg .png .pdf .dot .gv .mmd), else svg.")]
Output = Annotated[Optional[str], typer.Option(
    "-o", "--output", show_default=False, help="Write to this file (atomically). Without "
    "it svg, dot and mermaid go to standard output; png and pdf need it unless standard "
    "output is redirected.")]
Depth = Annotated[Optional[int], typer.Option(
    "--depth", show_default=False, help="Fold units deeper than N into their ancestor "
    "(top units have depth 0).")]
Root = Annotated[Optional[str], typer.Option(
    "--root", metavar="UNIT", show_default=False, help="Draw only this unit (its id) and "
    "the units below it; --depth then counts from it. Not for the process view.")]
MaxNodes = Annotated[int, typer.Option(
    "--max-nodes", help="Fold automatically above this many boxes (what a slide holds).")]
Renderer = Annotated[str, typer.Option(
    "--renderer", help="auto (pygraphviz, else the system `dot`), pygraphviz or system.")]
Timeout = Annotated[float, typer.Option(
    "--timeout", help="Seconds the layout may take before it is stopped.")]
ConfigOpt = Annotated[Optional[str], typer.Option(
    "--config", show_default=False, help="Config file (default: custorg.toml or "
    "[tool.custorg] in pyproject.toml, found upward).")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="diagram")(diagram)


def diagram(paths: Paths, view: View = None, process: ProcessOpt = None, fmt: Fmt = None,
            output: Output = None, depth: Depth = None, max_nodes: MaxNodes = 60,
            renderer: Renderer = "auto", timeout: Timeout = 60.0,
            config: ConfigOpt = None, root: Root = None) -> None:
    """Draw the org: hierarchy, customer on top, rings, process swim lanes, interfaces.

    SVG, PNG and PDF are rendered without an installed Graphviz (the pygraphviz wheel
    bundles it); dot and mermaid are text."""
    fmt = fmt or _format_from(output)
    view = _check_options(view, process, fmt, output, depth, max_nodes, renderer, timeout)
    if root is not None and BY_NAME[view].needs_process:
        raise UsageError(f"--root does not apply to --view {view} (it draws a whole "
                         "process); use it with the other views")
    report = _analyse(paths, config)
    analysis = report.analysis
    assert analysis is not None
    if BY_NAME[view].needs_process:
        process = _check_process(report, process, view)
    else:
        _check_root(report, root)
    if fmt == "mermaid":
        from ..diagrams import build_mermaid

        text, notes = build_mermaid(analysis, view, process, depth, max_nodes, root)
        _notes(notes)
        _emit(text, output, paths)
        return
    from ..diagrams import build

    drawn = fmt in R_FORMATS and not BY_NAME[view].needs_process
    if drawn:
        _check_size(report, view, depth, max_nodes, root, timeout, None)
    result = build(analysis, view, process, depth, max_nodes, root)
    _notes(result.notes)
    if fmt == "dot":
        _emit(result.source, output, paths)
        return
    if drawn:
        _check_size(report, view, depth, max_nodes, root, timeout, result)
    _emit(_render(result, fmt, renderer, timeout, output, paths), output, paths)


SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
            ".mmd": "mermaid", ".mermaid": "mermaid"}


def _format_from(output: str | None) -> str:
    """The format an output file name asks for (`-o chart.png`), svg otherwise."""
    return SUFFIXES.get(Path(output).suffix.lower(), "svg") if output else "svg"


def _check_options(view: str | None, process: str | None, fmt: str, output: str | None,
                   depth: int | None, max_nodes: int, renderer: str, timeout: float) -> str:
    if view is None:
        raise UsageError(f"--view is required: one of {', '.join(VIEWS)}")
    if view not in VIEWS:
        raise UsageError(f"unknown --view {view!r} (use {', '.join(VIEWS)})")
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "mermaid" and view not in MERMAID_VIEWS:
        raise UsageError(f"the {view} view cannot be drawn in Mermaid (it supports "
                         f"{', '.join(MERMAID_VIEWS)}); use svg, png, pdf or dot")
    if process is not None and not BY_NAME[view].needs_process:
        raise UsageError(f"--process only applies to --view {' or '.join(PROCESS_VIEWS)}")
    if renderer not in RENDERERS:
        raise UsageError(f"unknown --renderer {renderer!r} (use {', '.join(RENDERERS)})")
    if depth is not None and depth < 0:
        raise UsageError("--depth must be 0 or more (top units have depth 0)")
    if max_nodes < 2:
        raise UsageError("--max-nodes must be at least 2")
    if not timeout > 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if fmt in BINARY and output in (None, "-") and sys.stdout.isatty():
        raise UsageError(f"{fmt} is a binary format: give -o FILE (or redirect standard "
                         "output to a file)")
    return view


def _analyse(paths: list[str], config: str | None) -> Report:
    """The audit engine without rules; format errors are printed and exit 1."""
    from ..engine import audit
    from .common import keep, load

    cfg = load(config, paths[0] if paths else None)
    report = keep(audit(paths, cfg, with_rules=False))
    if report.analysis is None:
        from ..formatters import text

        typer.echo(text.render(report, quiet=True), err=True, nl=False)
        typer.echo("custorg: error: the org has format errors; fix them to draw it", err=True)
        raise typer.Exit(1)
    return report


def _check_process(report: Report, process: str | None, view: str) -> str:
    org = report.org
    assert org is not None
    known = [p.id for p in org.processes]
    listing = ", ".join(known[:30]) + (" …" if len(known) > 30 else "") if known else \
        "(the org has no processes)"
    if process is None:
        raise UsageError(f"--view {view} needs --process ID; processes: {listing}")
    if process not in org.process_by_id:
        raise UsageError(f"unknown process {process!r}; processes: {listing}")
    return process


def _check_root(report: Report, root: str | None) -> None:
    org = report.org
    assert org is not None
    if root is None or root in org.unit_by_id:
        return
    import difflib

    by_name = [u.id for u in org.units if u.name.casefold() == root.casefold()]
    close = by_name or difflib.get_close_matches(root, list(org.unit_by_id), 3, 0.6)
    tops = [u.id for u in org.units if u.parent is None][:5]
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else \
        f" (give a unit's id; the top units: {', '.join(tops)})"
    raise UsageError(f"--root {root!r} is not a unit of the org{hint}")


def _check_size(report: Report, view: str, depth: int | None, max_nodes: int,
                root: str | None, timeout: float, result: Diagram | None) -> None:
    """Refuse (exit 2) a diagram Graphviz cannot lay out within --timeout, before it is
    built when the boxes alone are too many, else once its lines are known."""
    from ..diagrams import budget as B

    analysis = report.analysis
    assert analysis is not None
    size = B.Size(B.planned_boxes(analysis, depth, max_nodes, root)) if result is None \
        else B.Size(result.nodes, result.edges)
    if B.fits(size, timeout):
        return
    chosen = f"--depth {depth}" if depth is not None else f"--max-nodes {max_nodes}"
    lines = "" if size.lines is None else f" and {size.lines:,} lines"
    raise UsageError(f"--view {view} with {chosen} would draw {size.boxes:,} boxes{lines}: "
                     f"more than Graphviz can lay out in {timeout:g} s (--timeout). "
                     f"{B.suggestion(analysis, root, max_nodes, timeout)}, or allow more "
                     "time with --timeout")


def _notes(notes: tuple[str, ...] | list[str]) -> None:
    for note in notes:
        typer.echo(f"custorg: note: {note}", err=True)


def _emit(data: str | bytes, output: str | None, paths: list[str]) -> None:
    from .common import emit

    emit(data, output, paths)


def _render(result: Diagram, fmt: str, renderer: str, timeout: float, output: str | None,
            paths: list[str]) -> bytes:
    """SVG/PNG/PDF bytes; on failure the DOT source is written and the run ends (exit 1)."""
    from ..diagrams import render as R

    if result.cjk and fmt in BINARY:
        from ..diagrams.fonts import cjk_warning

        warning = cjk_warning(fmt)
        if warning:
            typer.echo(f"custorg: warning: {warning}", err=True)
    try:
        return R.render(result.source, result.engine, fmt, renderer, timeout).data
    except R.RenderTimeout as exc:
        why = (f"{exc} ({result.nodes} boxes, {result.edges} lines); draw fewer boxes with "
               "--depth N or --max-nodes N, or allow more time with --timeout")
    except R.RenderUnavailable as exc:
        why = f"cannot render {fmt}: {exc}"
    except R.RenderError as exc:
        why = f"cannot render {fmt}: {exc}"
    target = _dot_path(output, result.view)
    from ..output import write_atomic

    write_atomic(target, result.source, paths)
    typer.echo(f"custorg: error: {why}. Wrote the Graphviz source to {target}; render it "
               f"with: {result.engine} -T{fmt} {target} -o {target.with_suffix('.' + fmt)}",
               err=True)
    raise typer.Exit(1)


def _dot_path(output: str | None, view: str) -> Path:
    """Next to the requested output (same name, .dot), else custorg-VIEW.dot here."""
    if output and output != "-":
        path = Path(output)
        return path.with_suffix(".dot") if path.suffix != ".dot" else path
    return Path(f"custorg-{view}.dot")
