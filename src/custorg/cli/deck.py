"""`custorg deck PATH -o deck.pptx [--compare TO_BE] [--evidence DIR] [--template FILE]
[--process ID]...`: the report as an editable PowerPoint deck (docs/deck.md).

Exit codes as `report`: 0 written; 1 an org has errors that stop analysis; 2 usage errors
(a missing or broken template, an unwritable output, python-pptx not installed); 3 bugs.
Nothing is written unless the whole deck was made (the gate writes atomically)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from .common import (
    ConfigOpt,
    Ignore,
    Paths,
    Select,
    analysed,
    config_from,
    keep,
    read_inputs,
)
from .report import Compare, Depth, EvidenceDir, MaxNodes

if TYPE_CHECKING:
    pass

DeckOutput = Annotated[str, typer.Option(
    "-o", "--output", metavar="FILE", help="The .pptx file to write (atomically).")]
Processes = Annotated[Optional[list[str]], typer.Option(
    "--process", metavar="ID", show_default=False, help="A process to draw as swim lanes "
    "(repeatable; default: the strategic ones, else the 3 busiest; at most 10).")]
Template = Annotated[Optional[str], typer.Option(
    "--template", metavar="FILE.pptx", show_default=False, help="A company's own "
    "PowerPoint file: its layouts, theme fonts and colours, and slide size.")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="deck")(deck)


def deck(paths: Paths, output: DeckOutput, compare: Compare = None,
         template: Template = None, config: ConfigOpt = None, select: Select = None,
         ignore: Ignore = None, max_nodes: MaxNodes = 60, depth: Depth = None,
         evidence: EvidenceDir = None, process: Processes = None) -> None:
    """Write an editable PowerPoint deck for a steering committee: maturity, the top
    findings, customer on top as native shapes, charts, the findings by principle."""
    if output in ("-", "/dev/stdout"):
        raise UsageError("a deck is a binary file: give -o FILE.pptx")
    if max_nodes < 2:
        raise UsageError("--max-nodes must be at least 2")
    if depth is not None and depth < 0:
        raise UsageError("--depth must be 0 or more (top units have depth 0)")
    try:
        import pptx  # noqa: F401
    except ImportError:
        raise UsageError("custorg deck needs python-pptx: pip install 'custorg[deck]'") \
            from None
    from ..audit.engine import audit

    cfg = config_from(config, paths, select, ignore, None)
    found = None
    if evidence is not None:  # before the audit: a folder without one is exit 2 at once
        from ..report.evidence import load as load_evidence

        found = load_evidence(evidence, cfg.limits)
    as_is = analysed(keep(audit(paths, cfg)), "", "a deck")
    from .diagram import check_process

    for pid in process or ():
        check_process(as_is, pid, "process")
    comparison = None
    if compare is not None:
        from ..diff import compare as run_compare

        to_be = analysed(keep(audit([compare], cfg)), "the --compare org: ", "a deck")
        comparison = run_compare(as_is, to_be)
    from ..deck import Options, build

    options = Options(template, max_nodes, depth, tuple(process or ()))
    from . import gate

    data = build(as_is, comparison, options, found,
                 lambda message: gate.say(f"custorg: warning: {message}"))

    gate.out(data, "binary", output, [*read_inputs(paths, cfg),
                                      *([compare] if compare else []),
                                      *([template] if template else []),
                                      *([f"{evidence}/evidence.json"] if evidence else [])])
