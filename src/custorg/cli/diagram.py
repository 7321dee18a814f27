"""`custorg diagram`.

Exit codes: 0 written; 1 the org has format errors (printed to stderr like `validate`)
or the diagram could not be rendered (layout timeout or failure: the DOT source is
written next to the requested output instead); 2 usage errors, and no renderer installed
(the DOT source is written too); 3 bugs. Heavy modules (the
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
from .common import ConfigOpt, NoColor, Output, Paths, check_timeout

if TYPE_CHECKING:
    from ..audit.engine import Report
    from ..diagrams import Diagram

RENDERERS = ("auto", "pygraphviz", "system")


def _either(words: list[str] | tuple[str, ...]) -> str:
    """'a, b or c'."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


BINARY = ("png", "pdf")
R_FORMATS = ("svg", "png", "pdf")  # laid out by Graphviz here, within --timeout

View = Annotated[Optional[str], typer.Option(
    "--view", metavar="VIEW", show_default=False, help=_either(
        [f"{v.name} (with --process ID)" if v.needs_process else v.name
         for v in BY_NAME.values()]) + ".")]
ProcessOpt = Annotated[Optional[str], typer.Option(
    "--process", metavar="ID", show_default=False, help="The process to draw (the "
    f"{' and '.join(PROCESS_VIEWS)} view).")]
Fmt = Annotated[Optional[str], typer.Option(
    "--format", "-f", metavar="FORMAT", show_default=False, help=f"{_either(FORMATS)} "
    f"(mermaid: {', '.join(MERMAID_VIEWS)}). Default: from the -o file's extension (.svg "
    ".png .pdf .dot .gv .mmd), else svg. Without -o svg, dot and mermaid go to standard "
    "output; png and pdf need -o unless it is redirected.")]
Depth = Annotated[Optional[int], typer.Option(
    "--depth", metavar="N", show_default=False, help="Fold units deeper than N into their "
    "ancestor (top units have depth 0).")]
Root = Annotated[Optional[str], typer.Option(
    "--root", metavar="UNIT", show_default=False, help="Draw only this unit (its id) and "
    "the units below it; --depth then counts from it. Not for the process view.")]
MaxNodes = Annotated[int, typer.Option(
    "--max-nodes", metavar="N", help="Fold automatically above this many boxes (what a "
    "slide holds); the process view folds consecutive steps into boxes.")]
Renderer = Annotated[str, typer.Option(
    "--renderer", metavar="NAME", help="auto (pygraphviz, else the system `dot`), "
    "pygraphviz or system.")]
Timeout = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS", help="Seconds the layout may take before it is stopped.")]

def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="diagram")(diagram)


def diagram(paths: Paths, view: View = None, process: ProcessOpt = None, fmt: Fmt = None,
            output: Output = None, depth: Depth = None, max_nodes: MaxNodes = 60,
            renderer: Renderer = "auto", timeout: Timeout = 60.0,
            config: ConfigOpt = None, no_color: NoColor = False,
            quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No notes (folding, "
                                                "fonts); errors only.")] = False,
            root: Root = None) -> None:
    """Draw the org: hierarchy, customer on top, rings, process swim lanes, interfaces.

    SVG, PNG and PDF are rendered without an installed Graphviz (the pygraphviz wheel
    bundles it); dot and mermaid are text."""
    fmt = _format_from(fmt, output)
    view = _check_options(view, process, fmt, output, depth, max_nodes, renderer, timeout)
    if root is not None and BY_NAME[view].needs_process:
        raise UsageError(f"--root does not apply to --view {view} (it draws a whole "
                         "process); use it with the other views")
    report, inputs = _analyse(paths, config, no_color)
    analysis = report.analysis
    assert analysis is not None
    if BY_NAME[view].needs_process:
        process = check_process(report, process, view)
    else:
        _check_root(report, root)
    if fmt == "mermaid":
        from ..diagrams import build_mermaid

        text, notes = build_mermaid(analysis, view, process, depth, max_nodes, root)
        _notes(notes, quiet)
        _emit(text, fmt, output, inputs)
        return
    from ..diagrams import build

    drawn = fmt in R_FORMATS
    if drawn and not BY_NAME[view].needs_process:  # a process view's size: once built
        _check_size(report, view, depth, max_nodes, root, timeout, None)
    result = build(analysis, view, process, depth, max_nodes, root)
    _notes(result.notes, quiet)
    if fmt == "dot":
        _emit(result.source, fmt, output, inputs)
        return
    if drawn:
        _check_size(report, view, depth, max_nodes, root, timeout, result)
    fewer, other = _fewer_boxes(view, depth, max_nodes)
    again = _command_line(paths, view, process, fmt, output, root, fewer)
    advice = f"draw fewer boxes: {again}{other}, or " if fewer else other
    _emit(_render(result, fmt, renderer, timeout, output, inputs, advice), fmt, output,
          inputs)


SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
            ".mmd": "mermaid", ".mermaid": "mermaid"}


def _format_from(fmt: str | None, output: str | None) -> str:
    """The format: --format, else the one the output file's extension names
    (`-o chart.png`), else svg. An extension custorg does not write, or one that
    disagrees with --format, is a usage error: the file would hold something else."""
    suffix = Path(output).suffix if output and output != "-" else ""
    implied = SUFFIXES.get(suffix.lower()) if suffix else None
    if suffix and implied is None:
        known = " ".join(SUFFIXES)
        raise UsageError(f"-o {output}: custorg cannot write a {suffix} file (it writes "
                         f"{known}); use one of those extensions")
    if fmt is not None and implied is not None and fmt != implied:
        raise UsageError(f"--format {fmt} and -o {output} disagree (a {suffix} file holds "
                         f"{implied}): use --format {implied}, or an output file ending in "
                         f"the extension of {fmt}")
    return fmt or implied or "svg"


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
    check_timeout(timeout)
    if fmt in BINARY and output in (None, "-") and sys.stdout.isatty():
        raise UsageError(f"{fmt} is a binary format: give -o FILE (or redirect standard "
                         "output to a file)")
    return view


def _analyse(paths: list[str], config: str | None, no_color: bool
             ) -> tuple[Report, list[str]]:
    """The audit engine without rules, and every file it read (no output may replace
    them); format errors are printed and exit 1."""
    from ..audit.engine import audit
    from .common import err_color, keep, load, read_inputs
    from .progress import steady

    cfg = load(config, paths[0] if paths else None)
    with steady("Reading the org", "steps") as tick:
        report = keep(audit(paths, cfg, with_rules=False, on_progress=tick))
    if report.analysis is None:
        from ..formatters import text_report
        from . import gate

        color = err_color(no_color)
        gate.tell(text_report.render(report, quiet=True, color=color), color=color)
        gate.say("custorg: error: the org has format errors; fix them to draw it")
        raise typer.Exit(1)
    return report, read_inputs(paths, cfg)


def check_process(report: Report, process: str | None, view: str) -> str:
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
    steps = BY_NAME[view].needs_process  # its steps fold past --max-nodes, whatever --depth
    chosen = f"--depth {depth}" if depth is not None and not steps else \
        f"--max-nodes {max_nodes}"
    lines = "" if size.lines is None else f" and {size.lines:,} lines"
    advice = B.process_suggestion(timeout) if steps else \
        B.suggestion(analysis, root, max_nodes, timeout)
    raise UsageError(f"--view {view} with {chosen} would draw {size.boxes:,} boxes{lines}: "
                     f"more than Graphviz can lay out in {timeout:g} s (--timeout). "
                     f"{advice}, or allow more time with --timeout")


def _notes(notes: tuple[str, ...] | list[str], quiet: bool) -> None:
    from . import gate

    for note in () if quiet else notes:
        gate.say(f"custorg: note: {note}")


def _emit(data: str | bytes, fmt: str, output: str | None, paths: list[str]) -> None:
    """Write the diagram through the gate: DOT and Mermaid as text, SVG as markup (`##[`
    as `##&#91;`), PNG and PDF as they are."""
    from . import gate

    gate.out(data, "binary" if fmt in BINARY else gate.kind(fmt), output, paths)


def _render(result: Diagram, fmt: str, renderer: str, timeout: float, output: str | None,
            paths: list[str], advice: str) -> bytes:
    """SVG/PNG/PDF bytes. On failure the DOT source is written next to the output and
    the run ends: exit 1 when the layout failed or took too long, exit 2 when no
    renderer is installed (a missing program is a setup problem, not a finding).
    `advice` says how to draw fewer boxes, after a timeout ("draw fewer boxes: custorg
    diagram ... --depth 1, or "; empty when nothing smaller can be drawn)."""
    from ..diagrams import render as R

    if result.cjk and fmt in BINARY:
        from ..diagrams.fonts import cjk_warning

        warning = cjk_warning(fmt)
        if warning:
            from . import gate

            gate.say(f"custorg: warning: {warning}")
    code = 1
    try:
        from .progress import steady

        with steady(f"Rendering {fmt}"):
            return R.render(result.source, result.engine, fmt, renderer, timeout).data
    except R.RenderTimeout as exc:
        why = (f"{exc} ({result.nodes} boxes, {result.edges} lines); {advice}allow more "
               f"time with --timeout {max(timeout * 4, 120):g}")
    except R.RenderUnavailable as exc:
        why, code = f"cannot render {fmt}: {exc}", 2
    except R.RenderError as exc:
        why = f"cannot render {fmt}: {exc}"
    target = _dot_path(output, result.view)
    from ..output import write_atomic

    write_atomic(target, result.source, paths)
    from . import gate

    gate.say(f"custorg: error: {why}. Wrote the Graphviz source to {target}"
             f"{_graphviz_advice(result.engine, fmt, target)}")
    raise typer.Exit(code)


def _fewer_boxes(view: str, depth: int | None, max_nodes: int) -> tuple[list[str], str]:
    """(options that draw fewer boxes, to add to the command line; other choices, said
    after it): only what works for the view. A process view folds its steps past
    --max-nodes (--depth folds only its lanes, --root does not apply); the other views
    fold by --depth, or automatically by --max-nodes when --depth is not given (an
    explicit --depth is never overridden), and can draw one part with --root."""
    from ..diagrams.views import DEFAULT_MAX_NODES

    if BY_NAME[view].needs_process:
        smaller = max(2, min(max_nodes // 2, DEFAULT_MAX_NODES))
        return (["--max-nodes", str(smaller)] if smaller < max_nodes else []), ""
    if depth == 0:
        return [], "draw one part with --root UNIT, or "
    other = " (or a smaller --max-nodes, or one part with --root UNIT)" if depth is None \
        else " (or one part with --root UNIT)"
    return ["--depth", str(1 if depth is None else depth - 1)], other


def _graphviz_advice(engine: str, fmt: str, target: Path) -> str:
    """How to render the written source with Graphviz, only when one is installed."""
    import shutil

    if shutil.which(engine) is None:
        return ""
    return f"; or render it with: {engine} -T{fmt} {target} -o {target.with_suffix('.' + fmt)}"


def _command_line(paths: list[str], view: str, process: str | None, fmt: str,
                  output: str | None, root: str | None, extra: list[str]) -> str:
    """`custorg diagram ...` as the user would type it again (shell-quoted), with the
    `extra` options (a smaller --depth or --max-nodes)."""
    import shlex

    words = ["custorg", "diagram", *paths, "--view", view]
    words += ["--process", process] if process else []
    words += ["--format", fmt]
    words += ["-o", output] if output else []
    words += ["--root", root] if root else []
    return shlex.join([*words, *extra])


def _dot_path(output: str | None, view: str) -> Path:
    """Next to the requested output (same name, .dot), else custorg-VIEW.dot here."""
    if output and output != "-":
        path = Path(output)
        return path.with_suffix(".dot") if path.suffix != ".dot" else path
    return Path(f"custorg-{view}.dot")
