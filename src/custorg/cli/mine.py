"""`custorg mine`: handoffs, ping-pong and variants measured from an event log.

Exit codes: 0 measured; 1 the log is malformed (file and line, or byte in XES, on
stderr) or more than half of its events are skipped (the reasons, examples and the
option that helps; --allow-skipped mines the rest); 2 usage errors (a missing column, an
existing -o folder, a bad --map, --org or --timestamp-format) and logs over a `[limits]`
of custorg.toml or beyond memory ("too large"); 3 bugs.
The mining package is imported inside the command only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from ..errors import UsageError
from .common import ConfigOpt, FailOn, Ignore, Select
from .mine_evidence import AnonymizeOpt, EvidenceOpt, HoursOpt, ResourceOpt, TzOpt
from .mine_spark import ConfOpt, MasterOpt, OrderOpt, RemoteOpt, StatsOpt, TableOpt

if TYPE_CHECKING:
    from ..audit.config import Config
    from ..evidence import Evidence, Tables
    from ..mining.tally import Mined, UnitOf
    from ..orgfile.model import Org

Log = Annotated[Optional[str], typer.Argument(
    metavar="LOG", show_default=False,
    help="Event log: CSV, XES, XES.gz, Parquet or XLSX, or a folder of CSV or Parquet parts "
    "(read in sorted order); with --engine spark also a URI (s3a://, hdfs://, ...).")]
OrgOpt = Annotated[Optional[str], typer.Option(
    "--org", metavar="PATH", show_default=False, help="Compare with this org (file or folder).")]
MapOpt = Annotated[Optional[str], typer.Option(
    "--map", metavar="FILE", show_default=False,
    help="CSV with columns value,unit: log value -> unit id.")]
CaseOpt = Annotated[str, typer.Option("--case", metavar="NAME",
                                      help="Case column (XES: trace attribute).")]
UnitOpt = Annotated[str, typer.Option("--unit", metavar="NAME", help="Unit column or attribute.")]
TsOpt = Annotated[str, typer.Option("--timestamp", metavar="NAME",
                                    help="Timestamp column or attribute.")]
ActOpt = Annotated[Optional[str], typer.Option(
    "--activity", metavar="NAME", show_default=False,
    help="Activity column or attribute [default: concept:name when present].")]
MAX_TOP = 100_000  # variants listed and written at most: a process file, not a dump
TopOpt = Annotated[int, typer.Option(
    "--top", metavar="N", help=f"How many variants to list and write (at most {MAX_TOP:,}).")]
EngineOpt = Annotated[str, typer.Option("--engine", metavar="ENGINE",
                                        help="python (streaming), duckdb (CSV, Parquet; pip "
                                        "install 'custorg[duckdb]') or spark (pip install "
                                        "'custorg[spark]').")]
FmtOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="text or json; sarif, github or gitlab: the "
                                     "evidence's findings.")]
OutOpt = Annotated[Optional[str], typer.Option(
    "-o", "--output", metavar="DIR", show_default=False,
    help="Write an org folder: processes.yaml (top variants), without --org units.yaml, "
    "and with the evidence evidence.json and handoffs.graphml.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Write into an existing -o folder.")]
TsFormatOpt = Annotated[Optional[str], typer.Option(
    "--timestamp-format", show_default=False, metavar="FORMAT",
    help="How timestamps are written, in strftime directives (%Y %y %m %d %b %H %I %p %M "
    "%S %f %z; [...] optional), e.g. '%d/%m/%Y %H:%M'. ISO 8601 is always read.")]
DayfirstOpt = Annotated[bool, typer.Option(
    "--dayfirst", help="Timestamps are day/month/year: '%d/%m/%Y[ %H:%M[:%S]]' or "
    "'%d.%m.%Y[ %H:%M[:%S]]'.")]
AllowSkippedOpt = Annotated[bool, typer.Option(
    "--allow-skipped", help="Mine what is left when more than half of the events are "
    "skipped (else exit 1).")]
LifecycleOpt = Annotated[Optional[str], typer.Option(
    "--lifecycle", show_default=False, metavar="VALUE",
    help="Keep only events whose lifecycle:transition is VALUE (e.g. complete); events "
    "without one are kept.")]
SheetOpt = Annotated[Optional[str], typer.Option(
    "--sheet", show_default=False, metavar="NAME",
    help="The sheet of a spreadsheet log (XLSX, XLS, ODS) [default: the first].")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the app."""
    app.command(name="mine")(mine)


def mine(log: Log = None, org: OrgOpt = None, map_file: MapOpt = None,
         case: CaseOpt = "case:concept:name", unit: UnitOpt = "org:group",
         timestamp: TsOpt = "time:timestamp", activity: ActOpt = None, top: TopOpt = 10,
         engine: EngineOpt = "python", fmt: FmtOpt = "text", output: OutOpt = None,
         force: ForceOpt = False, timestamp_format: TsFormatOpt = None,
         dayfirst: DayfirstOpt = False, allow_skipped: AllowSkippedOpt = False,
         lifecycle: LifecycleOpt = None, sheet: SheetOpt = None,
         config: ConfigOpt = None, resource: ResourceOpt = None,
         business_hours: HoursOpt = None, tz: TzOpt = "UTC", evidence: EvidenceOpt = True,
         anonymize: AnonymizeOpt = False, select: Select = None, ignore: Ignore = None,
         fail_on: FailOn = None, spark_master: MasterOpt = None,
         spark_remote: RemoteOpt = None, spark_conf: ConfOpt = None, table: TableOpt = None,
         order: OrderOpt = None, statistics: StatsOpt = False) -> None:
    """Measure handoffs, ping-pong and variants from an event log; compare with an org;
    the evidence: who does the work and how long handoffs wait (docs/evidence.md).
    Exit 1 on evidence findings at or above --fail-on (as audit).

    With -o DIR the observed variants become an org folder that `custorg audit DIR` and
    `custorg diagram DIR --view process` read."""
    from ..mining import Columns, LogError, mine as run_mine
    from ..mining.timeformat import timestamp_format as parse_format
    from .common import check_format, config_from
    from .mine_evidence import FORMATS, asked
    from .mine_spark import spark_options
    from .progress import progress

    check_format(fmt, FORMATS)
    log, spark = spark_options(engine, log, spark_master, spark_remote, spark_conf, table,
                               order)
    if not 1 <= top <= MAX_TOP:
        raise UsageError(f"--top must be from 1 to {MAX_TOP:,}, not {top}")
    ask = asked(evidence, resource, business_hours, tz, anonymize, fmt)
    # its [limits] and thresholds: found for the --org path, else the log's (exit 2 if broken)
    cfg = config_from(config, [org or (log if Path(log).exists() else ".")], select, ignore,
                      fail_on)
    if map_file is not None and org is None:
        raise UsageError("--map needs --org: it maps log values to the org's units")
    if lifecycle is not None and not lifecycle.strip():
        raise UsageError("--lifecycle needs a value, e.g. --lifecycle complete")
    loaded = _load_org(org) if org is not None else None
    unit_of = _unit_finder(loaded[0], map_file) if loaded is not None else None
    columns = Columns(case, unit, timestamp, activity or "concept:name", activity is not None,
                      parse_format(timestamp_format, dayfirst),
                      lifecycle.strip() if lifecycle is not None else None, sheet,
                      ask.resource, ask.explicit)
    tables = ask.tables()
    try:
        with progress("Reading events", "events") as tick:
            # a URI stays text for the spark engine (`mine`'s docstring)
            mined = run_mine(log if engine == "spark" else Path(log), columns, engine,
                             on_progress=tick, top=top,
                             limits=cfg.limits, unit_of=unit_of,
                             allow_skipped=allow_skipped, evidence=tables, spark=spark)
    except LogError as exc:
        _fail(exc)
    _report(mined, loaded, log, org, map_file, top, cfg, fmt, output, force,
            lifecycle is not None, (tables, ask.anonymize) if tables else None,
            engine if statistics else None)


def _report(mined: Mined, loaded: tuple[Org, dict[str, str | None]] | None, log: str,
            org: str | None, map_file: str | None, top: int, cfg: Config, fmt: str,
            output: str | None, force: bool, lifecycle: bool,
            evidence: tuple[Tables, bool] | None, statistics: str | None = None) -> None:
    """What a run writes: the comparison, the evidence (its tables and --anonymize; None:
    --no-evidence), the -o folder, the report on standard output; the exit code."""
    from ..mining import as_dict, to_json
    from ..mining.tally import UNMAPPED
    from ..mining.text_report import notes, render, unmapped_warning
    from . import gate, mine_evidence
    from .common import read_inputs

    comparison, mapped = None, None
    if loaded is not None:
        from ..mining.compare import compare

        comparison = compare(mined, loaded[0], loaded[1])
        mapped = {u: u for u in mined.unit_events if u != UNMAPPED}
        warning = unmapped_warning(comparison, mined.unit_events[UNMAPPED], mined.events)
        if warning:
            gate.say(f"custorg: warning: {warning}")
    document = as_dict(mined, top, comparison)
    ev: Evidence | None = None
    if evidence is not None:
        ev, added = mine_evidence.measure(mined, evidence[0].result(), loaded, org, log,
                                          top, cfg, evidence[1])
        document.update(added)
    if output is not None:
        from ..mining.writer import org_files, write_folder

        local = [log] if Path(log).exists() else []  # not a URI or --table
        inputs = read_inputs(local + ([org] if org else []) + ([map_file] if map_file
                                                               else []), cfg)
        written = org_files(mined, top, mapped)
        if ev is not None:
            texts, kinds = mine_evidence.files(ev)
            written.update({name: str(gate.escaped(text, gate.kind(kinds[name])))
                            for name, text in texts.items()})
        write_folder(output, written, force, inputs)
    if fmt == "json":
        gate.out(to_json(document), "json")
    elif fmt == "text":
        text = render(document, org, notes(mined, lifecycle))
        if ev is not None:
            from ..evidence import render_text

            text += "\n" + render_text(ev)
        gate.out(text, "text")
    elif ev is not None:
        gate.out(mine_evidence.findings_text(ev, fmt), gate.kind(fmt))
    if statistics is not None:
        from .mine_spark import statistics as say_statistics

        say_statistics(statistics)
    raise typer.Exit(mine_evidence.exit_code(ev, cfg))


def _load_org(path: str) -> tuple[Org, dict[str, str | None]]:
    from ..mining.compare import load_org

    return load_org(path)


def _unit_finder(org: Org, map_file: str | None) -> UnitOf:
    from ..mining.compare import read_map, unit_finder

    return unit_finder(org, read_map(map_file, org) if map_file else {})


def _fail(exc: Exception) -> NoReturn:
    """Exit 1 with a malformed log's message (several lines when it has `lines`)."""
    from . import gate
    from .common import show_cause

    for n, line in enumerate(getattr(exc, "lines", None) or [str(exc)]):
        gate.say(f"custorg: {line}" if n == 0 else line)
    show_cause(exc)
    raise typer.Exit(1) from None
