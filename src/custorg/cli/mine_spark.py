"""The options of `custorg mine --engine spark` (issue 24) and its `--statistics` line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import UsageError

if TYPE_CHECKING:
    from ..mining.sparksession import SparkOptions

MasterOpt = Annotated[Optional[str], typer.Option(
    "--spark-master", metavar="URL", show_default=False,
    help="--engine spark: where Spark runs [default: local[*]], e.g. spark://HOST:7077.")]
RemoteOpt = Annotated[Optional[str], typer.Option(
    "--spark-remote", metavar="URL", show_default=False,
    help="--engine spark: a Spark Connect server, sc://HOST:PORT [default: the "
    "SPARK_REMOTE environment variable].")]
ConfOpt = Annotated[Optional[list[str]], typer.Option(
    "--spark-conf", metavar="KEY=VALUE", show_default=False,
    help="--engine spark: a Spark setting (repeatable).")]
TableOpt = Annotated[Optional[str], typer.Option(
    "--table", metavar="NAME", show_default=False,
    help="--engine spark: mine this catalog table instead of LOG (needs --order).")]
OrderOpt = Annotated[Optional[str], typer.Option(
    "--order", metavar="COL", show_default=False,
    help="--engine spark --table: the column that breaks ties of timestamps.")]
StatsOpt = Annotated[bool, typer.Option(
    "--statistics", help="After the report, what the engine collected to the driver "
    "(on standard error).")]


def spark_options(engine: str, log: str | None, master: str | None, remote: str | None,
                  conf: list[str] | None, table: str | None, order: str | None
                  ) -> tuple[str, SparkOptions | None]:
    """(the log's name, the spark engine's options); UsageError for options that do not
    go together."""
    from ..mining.sparksession import SparkOptions, parse_conf

    given = master or remote or conf or table or order
    if engine != "spark":
        if given:
            raise UsageError("--spark-master, --spark-remote, --spark-conf, --table and "
                             "--order are for --engine spark")
        if log is None:
            raise UsageError("give the event log: custorg mine LOG")
        return log, None
    if table is not None and log is not None:
        raise UsageError("give LOG or --table NAME, not both")
    if table is None and log is None:
        raise UsageError("give the event log (custorg mine LOG) or --table NAME")
    if (table is None) != (order is None):
        raise UsageError("--table needs --order COL (a table has no row order to break "
                         "ties of timestamps)" if table is not None else
                         "--order is for --table")
    options = SparkOptions(master, remote, parse_conf(conf or []), table, order)
    options.target()  # both a master and a remote: exit 2 now
    return (table if table is not None else log) or "", options


def statistics(engine: str) -> None:
    """The `--statistics` line (the spark engine's; the others collect nothing)."""
    from . import gate

    if engine != "spark":
        gate.say(f"custorg: collected to the driver: nothing (the {engine} engine runs "
                 "in this process)")
        return
    from ..mining.sparkengine import COLLECTED

    rows, size = COLLECTED[0] if COLLECTED else (0, 0)
    gate.say(f"custorg: collected to the driver: {rows} rows, {size} bytes (the rows' "
             "values as JSON, UTF-8)")
