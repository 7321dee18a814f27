"""`custorg mine`: handoffs, ping-pong and variants measured from event logs
(docs/mining.md). Library code: never prints; progress through a callback.

    mined = mine(Path("log.xes.gz"), Columns(), engine="python")
    document = as_dict(mined, top=10)
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..escape import surrogates
from ..limits import Limits
from .events import Columns, EvidenceSink, LogError, Progress
from .logfiles import folder_files, log_files, log_kind
from .sparksession import SparkOptions
from .summary import as_dict, to_json
from .tally import Mined, UnitOf, mapped

__all__ = ["Columns", "LogError", "Mined", "as_dict", "folder_files", "log_kind", "mine",
           "SparkOptions", "to_json"]

ENGINES = ("python", "duckdb", "spark")


def mine(path: Path | str, columns: Columns, engine: str = "python",
         on_progress: Progress | None = None, top: int = 10,
         limits: Limits | None = None, unit_of: UnitOf | None = None,
         allow_skipped: bool = True, evidence: EvidenceSink | None = None,
         spark: SparkOptions | None = None) -> Mined:
    """Every figure of docs/mining.md for the log at `path` (a file, or a folder of CSV or
    Parquet parts, `folder_files`). UsageError for a wrong option or
    column or a log over `limits` (custorg.toml's `[limits]`), LogError for a malformed
    log, or (unless `allow_skipped`) one of which more than half of the events are
    skipped. `top`: the variants whose step activities are needed (for processes.yaml);
    the python engine has them all anyway. `unit_of` (--org): each event's unit mapped
    first (`tally.mapped`). `evidence`: fed the events for the evidence tables too
    (docs/evidence.md), on the mapped units; the resource is `columns.resource`.
    `spark`: where the spark engine runs (and `--table`); `path` is then also a URI, given
    as text (a Path would fold its `//`: `s3a://bucket` is not `s3a:/bucket`)."""
    limits = limits or Limits()
    if engine == "spark":
        from .sparkengine import mine_spark

        mined = mine_spark(str(path), columns, spark or SparkOptions(), top, limits,
                           unit_of, evidence)
        if not allow_skipped:
            from .skips import check_skipped

            check_skipped(mined, path, columns, limits)
        mined.log = surrogates(Path(path).name)
        return mined  # mapped in Spark
    path = Path(path)
    if spark is not None and (spark.table or spark.master or spark.remote or spark.conf):
        raise UsageError("--spark-master, --spark-remote, --spark-conf, --table and --order "
                         "are for --engine spark")
    try:
        mined = _mine(path, columns, engine, on_progress, top, limits, unit_of, evidence)
    except MemoryError:
        raise LogError(f"{path}: log too large: it does not fit in memory; lower the "
                       "[limits] of custorg.toml (trace-bytes, case-events) to be told "
                       "which part is too large, or use --engine duckdb (CSV, Parquet), "
                       "which spills to disk") from None
    if not allow_skipped:
        from .skips import check_skipped

        check_skipped(mined, path, columns, limits)
    mined.log = surrogates(path.name)  # the name as text: a byte not UTF-8 shown as \xff
    return mined if unit_of is None else mapped(mined, unit_of)


def _mine(path: Path, columns: Columns, engine: str, on_progress: Progress | None,
          top: int, limits: Limits, unit_of: UnitOf | None,
          evidence: EvidenceSink | None) -> Mined:
    if engine not in ENGINES:
        raise UsageError(f"unknown --engine {engine!r} (use {', '.join(ENGINES)})")
    files, kind = log_files(path)
    if kind != "sheet" and columns.sheet is not None:
        raise UsageError(f"{path}: --sheet is for spreadsheet logs (XLSX, XLS, ODS)")
    if engine == "duckdb":
        if kind in ("xes", "sheet"):
            what = "XES" if kind == "xes" else "a spreadsheet (XLSX, XLS, ODS)"
            raise UsageError(f"{path}: the duckdb engine reads CSV and Parquet; read "
                             f"{what} with --engine python (the default)")
        from .duckengine import mine_duckdb

        return mine_duckdb(path, files, columns, kind, on_progress, top, limits, unit_of,
                           evidence)
    if kind == "parquet":
        raise UsageError(f"{path}: Parquet needs the duckdb engine: --engine duckdb "
                         "(pip install 'custorg[duckdb]')")
    from .pyengine import Feed, mine_python

    feed = Feed(evidence, unit_of) if evidence is not None else None
    return mine_python(path, files, columns, kind, on_progress, limits, feed)
