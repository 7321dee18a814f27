"""`custorg import organogram` and `custorg import table`: an HR export in, an org folder
out (units.yaml, people.yaml, import-report.md), the anomaly summary on standard error.

The importer is imported inside the commands, so `custorg --help` stays fast."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import ConfigOpt

if TYPE_CHECKING:
    from ..importer import ImportResult
    from ..limits import Limits

sub = typer.Typer(name="import", no_args_is_help=True, add_completion=False,
                  help="Turn an HR export into an org folder (units.yaml, people.yaml, "
                       "import-report.md) that audit, metrics and diagram read.")

OutDir = Annotated[str, typer.Option("-o", "--output", metavar="DIR", show_default=False,
                                     help="The org folder to write (must not exist, "
                                          "unless --force).")]
Force = Annotated[bool, typer.Option("--force", help="Write into an existing folder, "
                                     "replacing units.yaml, people.yaml and "
                                     "import-report.md there.")]
Column = Optional[str]


def register(app: typer.Typer) -> None:
    """Add `custorg import ...` to the app."""
    app.add_typer(sub)


def _limits(config: str | None, files: list[str]) -> tuple[Limits, list[str]]:
    """The `[limits]` of `--config FILE`, else of the custorg.toml found upward from the
    first file; and the files the output may not overwrite (the config file too)."""
    from .common import load, read_inputs

    cfg = load(config, files[0])
    return cfg.limits, read_inputs(files, cfg)


def _finish(result: ImportResult, output: str, inputs: list[str], force: bool) -> None:
    from ..importer import summary, write_folder
    from .progress import progress

    with progress("Writing the org", "entities") as tick:
        write_folder(result, output, inputs, force=force, on_progress=tick)
    from . import gate

    for line in summary(result, output):
        gate.say(line)


@sub.command()
def organogram(
    senior: Annotated[str, typer.Argument(metavar="SENIOR", show_default=False,
                                          help="The senior posts CSV (one row per post).")],
    output: OutDir,
    junior: Annotated[Optional[str], typer.Argument(
        metavar="JUNIOR", show_default=False,
        help="The junior staff CSV (FTE under a senior post).")] = None,
    by: Annotated[str, typer.Option("--by", metavar="post|unit",
                                    help="One unit per senior post, or per "
                                         "Organisation and Unit.")] = "post",
    force: Force = False,
    config: ConfigOpt = None,
) -> None:
    """A UK government organogram (both column layouts) as an org folder."""
    from ..errors import UsageError
    from ..importer import check_folder, import_organogram
    from .progress import progress

    if by not in ("post", "unit"):
        raise UsageError(f"--by must be post or unit, not {by!r}")
    check_folder(output, force)
    limits, inputs = _limits(config, [senior] + ([junior] if junior else []))
    with progress("Reading the organogram", "lines") as tick:
        result = import_organogram(senior, junior, by=by, on_progress=tick, limits=limits)
    _finish(result, output, inputs, force)


@sub.command()
def table(
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False,
                                        help="CSV (any delimiter and encoding) or "
                                             "spreadsheet (XLSX, XLS, ODS).")],
    output: OutDir,
    id: Annotated[str, typer.Option("--id", metavar="COL", show_default=False,
                                    help="Column with each row's id.")],
    parent: Annotated[str, typer.Option("--parent", metavar="COL", show_default=False,
                                        help="Column with the id of the row it reports "
                                             "to.")],
    name: Annotated[Column, typer.Option("--name", metavar="COL", help="Unit name.")] = None,
    function: Annotated[Column, typer.Option("--function", metavar="COL",
                                             help="Function (job family).")] = None,
    fte: Annotated[Column, typer.Option("--fte", metavar="COL",
                                        help="Full-time equivalents.")] = None,
    headcount: Annotated[Column, typer.Option("--headcount", metavar="COL",
                                              help="People in the unit.")] = None,
    person: Annotated[Column, typer.Option("--person", metavar="COL",
                                           help="A person per row, head of its unit, "
                                                "named from this column.")] = None,
    title: Annotated[Column, typer.Option("--title", metavar="COL",
                                          help="The person's job title.")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", metavar="NAME",
                                                 help="Sheet of a spreadsheet (default: "
                                                      "the first).")] = None,
    parent_key: Annotated[Column, typer.Option(
        "--parent-key", metavar="COL", help="Column the parent values refer to (default: "
        "the --id column); person names match in either order.")] = None,
    header_row: Annotated[Optional[int], typer.Option(
        "--header-row", metavar="N", help="Row (line of a CSV) of the header, from 1; the "
        "rows above it are skipped (default: the first row with cells).")] = None,
    allow_unresolved: Annotated[bool, typer.Option(
        "--allow-unresolved", help="Import even when more than half of the parent values "
        "name no row.")] = False,
    force: Force = False,
    config: ConfigOpt = None,
) -> None:
    """Any HR system's export: one row per unit or position, columns named by you."""
    from ..importer import Spec, UnresolvedParents, check_folder, check_spec, import_table
    from . import gate
    from .progress import progress

    spec = Spec(id, parent, name, function, fte, headcount, person, title, sheet,
                parent_key, header_row, allow_unresolved)
    check_spec(spec)
    check_folder(output, force)
    limits, inputs = _limits(config, [file])
    try:
        with progress("Reading the export", "lines") as tick:
            result = import_table(file, spec, on_progress=tick, limits=limits)
    except UnresolvedParents as exc:
        gate.say(f"custorg: {exc}")
        raise typer.Exit(1) from None
    _finish(result, output, inputs, force)
