"""`custorg diff AS_IS TO_BE`: what a redesign changes (docs/scenarios.md).

Exit codes: 0 compared; 1 a side has errors that stop analysis, or the to-be side
introduces a finding at or above --fail-on-new; 2 usage errors; 3 bugs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError
from .common import (
    ConfigOpt,
    NoColor,
    Output,
    Today,
    check_format,
    keep,
    read_inputs,
    use_color,
)

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..diff import Comparison
    from ..findings import Severity

DIFF_FORMATS = ("text", "json", "markdown")

AsIs = Annotated[str, typer.Argument(metavar="AS_IS", show_default=False,
                                     help="The org as it is: file or folder; - reads "
                                     "standard input.")]
ToBe = Annotated[str, typer.Argument(metavar="TO_BE", show_default=False,
                                     help="The org proposed: file or folder; - reads "
                                     "standard input.")]
FailOnNew = Annotated[Optional[str], typer.Option(
    "--fail-on-new", metavar="LEVEL", show_default=False,
    help="Exit 1 when the to-be side introduces a "
    "finding at or above: error, warning, info or never [default: never].")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="diff")(diff)


def diff(as_is: AsIs, to_be: ToBe,
         fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                          help="text, json or markdown (a pull-request "
                                          "comment).")] = "text",
         output: Output = None, config: ConfigOpt = None, fail_on_new: FailOnNew = None,
         no_color: NoColor = False, today: Today = None) -> None:
    """Compare an org as it is with one proposed: units moved, handoffs, silos, layers,
    maturity, findings fixed and introduced."""
    from ..audit.config import FAIL_ON

    check_format(fmt, DIFF_FORMATS)
    threshold = _fail_on_new(fail_on_new, FAIL_ON)
    comparison, cfg = run(as_is, to_be, config, today)
    from . import gate

    color = False
    if fmt == "json":
        from ..diff import json

        text = json.render(comparison)
    elif fmt == "markdown":
        from ..diff import markdown

        text = markdown.render(comparison)
    else:
        from ..diff import text_report

        color = use_color(no_color, output)
        text = text_report.render(comparison, color=color)
    gate.out(text, gate.kind(fmt), output, read_inputs([as_is, to_be], cfg), color=color)
    raise typer.Exit(comparison.exit_code(threshold))


def _fail_on_new(value: str | None, table: dict[str, Severity | None]) -> Severity | None:
    if value is None:
        return None
    if value not in table:
        raise UsageError(f"--fail-on-new must be one of {', '.join(table)}, not {value!r}")
    return table[value]


def run(as_is: str, to_be: str, config: str | None, today: str | None = None
        ) -> tuple[Comparison, Config]:
    """Audit both sides with the same config (from --config, else found from AS_IS) and
    one today for both; the comparison and that config."""
    from ..audit.engine import audit
    from ..diff import compare
    from .common import load, with_today

    if as_is == "-" and to_be == "-":
        raise UsageError("only one side can be read from standard input (-)")
    cfg = with_today(load(config, as_is), today)
    before = keep(audit([as_is], cfg))
    after = keep(audit([to_be], cfg))
    return compare(before, after), cfg
