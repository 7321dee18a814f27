"""How the spark engine reads a log (issue 24): a Parquet or CSV file or folder of them,
local (custorg's rule of every input: a regular file, its checked path) or a URI that
Spark reads (s3a://, hdfs://, abfss://, gs://, file://), or a catalog table (`--table`).

Ties of timestamps are broken by the input order of docs/mining.md: the files in sorted
path order, then the row in the file. Each file is read on its own and numbered by its
place (`seq` = file << 40 | row): a Parquet row's position is `_metadata.row_index`;
a CSV file is read unsplit (multiLine), so one task reads it from its first line on and
`monotonically_increasing_id` counts its rows in order within that task.

A CSV file custorg can open (a local path) is read in its encoding, as `custorg import`
decides it (`csvlog.as_utf8`). One behind a URI is Spark's to read: custorg takes
its header from Spark (the first line), and Spark decodes it as UTF-8, an invalid byte
becoming U+FFFD; so a header with U+FFFD stops the run before any work, and so does a
unit name with one once the units are counted (`Source.utf8_unchecked`, sparkengine)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..inputs import checked, open_input
from . import csvlog
from .events import LIFECYCLE, Columns, LogError
from .logfiles import log_files
from .queries import ident, typed_instant

URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
GLOB = re.compile(r"[*?\[{]")
SEQ = "custorg_seq_"  # the column of each row's input position
ROW_BITS = 33  # monotonically_increasing_id: the row within its task in the low bits


@dataclass(frozen=True)
class Source:
    """A log as a DataFrame with SEQ, and the SQL of its columns for `events_select`."""

    frame: Any
    names: tuple[str | None, ...]  # case, unit, activity, lifecycle, resource (SQL)
    text: str  # the timestamp as text (SQL), or NULL
    native: str  # the timestamp as microseconds (SQL), or NULL
    notes: tuple[str, ...] = ()
    utf8_unchecked: bool = False  # a CSV through a URI: decoded by Spark, not checked


def files_of(log: str) -> tuple[list[str], str, list[Path]]:
    """(the paths Spark reads, in tie order: a local file's checked real path; csv or
    parquet; the local files as the user named them, for messages, if any)."""
    if GLOB.search(log):
        raise UsageError(f"{log}: a glob pattern; give the log's file or folder (its files "
                         "are read in sorted order: no engine expands * ? [ {)")
    if URI.match(log) and not log.startswith("file://"):
        name = log.rstrip("/").rsplit("/", 1)[-1].lower()
        kind = ("parquet" if name.endswith((".parquet", ".pq")) else
                "csv" if name.endswith((".csv", ".tsv", ".txt")) else "")
        _refuse_xes(log, name)
        return [log], kind, []
    path = Path(log[len("file://"):] if log.startswith("file://") else log)
    files, kind = log_files(path)
    _refuse_xes(log, path.name.lower() if kind != "xes" else ".xes")
    if kind not in ("csv", "parquet"):
        raise UsageError(f"{path}: the spark engine reads CSV and Parquet; read a "
                         "spreadsheet with --engine python (the default)")
    read = []
    for file in files:
        with open_input(file):
            read.append(checked(file))
    return read, kind, files


def _refuse_xes(log: str, name: str) -> None:
    if name.endswith((".xes", ".xes.gz", ".xml", ".xml.gz")):
        raise UsageError(f"{log}: the spark engine reads Parquet and CSV, not XES (an XML "
                         "document Spark cannot split); convert it once to Parquet (see "
                         "docs/scale.md), or mine it with --engine python")


def read_log(spark: Any, log: str, columns: Columns, scratch: str) -> Source:
    """The log at `log` (module docstring) as a Source; a CSV file not in UTF-8 is read
    from a UTF-8 copy in the folder `scratch` (as the duckdb engine does)."""
    files, kind, local = files_of(log)
    if not kind:  # a URI folder: its Parquet parts, else its CSV parts
        kind = "parquet" if _listed(spark, "parquet", log) else "csv"
        files = _listed(spark, kind, log)
        if not files:
            raise UsageError(f"{log}: no Parquet or CSV files there")
    if kind == "parquet":
        return _parquet(spark, files, log, columns)
    return _csv(spark, files, local, log, columns, scratch)


def _listed(spark: Any, kind: str, folder: str) -> list[str]:
    try:
        return sorted(getattr(spark.read, kind)(folder).inputFiles())
    except Exception:  # noqa: BLE001 - nothing of that kind there
        return []


def _numbered(frames: list[Any], row: Any) -> Any:
    """The files' frames, each row numbered `seq` = file << 40 | row, as one frame."""
    from pyspark.sql import functions as F

    out = [frame.withColumn(SEQ, F.lit(i << 40) + row(frame))
           for i, frame in enumerate(frames)]
    return reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), out)


def _parquet(spark: Any, files: list[str], log: str, columns: Columns) -> Source:
    from pyspark.sql import functions as F

    frames = [spark.read.parquet(f) for f in files]
    frame = _numbered(frames, lambda f: F.col("_metadata.row_index"))
    return _typed(frame, frames[0].schema, log, columns)


def _typed(frame: Any, schema: Any, log: str, columns: Columns) -> Source:
    """A Source of a frame of typed columns (Parquet, a table), named as `columns` say."""
    from pyspark.sql import types as T

    types = {f.name: f.dataType for f in schema.fields}
    names = tuple(types)
    found = []
    for option, name in (("--case", columns.case), ("--unit", columns.unit),
                         ("--timestamp", columns.timestamp)):
        if name not in types:
            raise UsageError(csvlog.missing_column(log, option, name, names))
        found.append(ident(name))
    act = ident(columns.activity) if columns.activity in types else None
    if act is None and columns.activity_explicit:
        raise UsageError(csvlog.missing_column(log, "--activity", columns.activity,
                                               names))
    lc = ident(LIFECYCLE) if LIFECYCLE in types else None
    has = csvlog.resource_index(log, names, columns) is not None
    res = ident(columns.resource) if has and columns.resource else None
    kind = types[columns.timestamp]
    duck = ("TIMESTAMP WITH TIME ZONE" if isinstance(kind, T.TimestampType) else
            "TIMESTAMP" if isinstance(kind, T.TimestampNTZType) else
            "DATE" if isinstance(kind, T.DateType) else "VARCHAR")
    text, native = typed_instant(f"src.{found[2]}", duck)
    return Source(frame, (found[0], found[1], act, lc, res), text, native)


def _csv(spark: Any, files: list[str], local: list[Path], log: str, columns: Columns,
         scratch: str) -> Source:
    from pyspark.sql import functions as F

    notes: list[str] = []
    if local:  # its messages name the files as given, Spark reads their checked paths
        lay = csvlog.folder_layout(local, columns)
        paths = [str(f) for f in csvlog.as_utf8([Path(f) for f in files], scratch, notes)]
    else:
        lay = _uri_layout(spark, files, log, columns)
        paths = files
    schema = ", ".join(f"c{i} STRING" for i in range(len(lay.header)))
    frames = [spark.read.schema(schema).options(
        header=True, sep=lay.delimiter, quote='"', escape='"', multiLine=True,
        mode="FAILFAST", encoding="UTF-8", enforceSchema=True).csv(path) for path in paths]
    case, unit, ts, act, lc, res = (f"c{i}" if i is not None else None for i in lay.indexes)
    mask = (1 << ROW_BITS) - 1
    frame = _numbered(frames, lambda f: F.monotonically_increasing_id().bitwiseAND(mask))
    return Source(frame, (case, unit, act, lc, res), f"src.{ts}", "NULL::BIGINT",
                  tuple(notes), utf8_unchecked=not local)


def _uri_layout(spark: Any, files: list[str], log: str, columns: Columns
                ) -> csvlog.CsvLayout:
    """The layout of CSV files read through a URI, from each file's first line as Spark
    reads it (UTF-8, a byte order mark dropped); every part must have the first's."""
    first: csvlog.CsvLayout | None = None
    for file in files:
        rows = spark.read.text(file).limit(1).collect()
        line = rows[0][0].removeprefix("\ufeff") if rows else ""
        if not line.strip():
            raise LogError(f"{file}: line 1: no header row: the first line must name the "
                           "columns (case, unit, timestamp ...)")
        if "\ufffd" in line or "\x00" in line:
            raise LogError(f"{file}: line 1: not UTF-8 text; a CSV log read through a URI "
                           "must be UTF-8: save it as UTF-8, or as Parquet (docs/scale.md)")
        delimiter = csvlog.detect_delimiter(line)
        header = tuple(next(csv.reader([line], delimiter=delimiter)))
        if first is None:
            first = csvlog.CsvLayout(delimiter, header,
                                     csvlog.indexes(log, header, columns))
        elif (delimiter, header) != (first.delimiter, first.header):
            raise UsageError(f"{file}: its header differs from that of {files[0]}: the CSV "
                             "parts of a folder log have one header (same columns, same "
                             "order, same delimiter)")
    assert first is not None  # files is never empty
    return first


def check_utf8(source: Source, log: str, units: Iterable[str]) -> None:
    """A CSV read through a URI whose unit names hold U+FFFD was not UTF-8 (module
    docstring): a LogError, as the python engine gives for such a file."""
    if not source.utf8_unchecked:
        return
    bad = next((unit for unit in units if "\ufffd" in unit), None)
    if bad is not None:
        raise LogError(f"{log}: not UTF-8 text: a unit name reads {bad!r} (U+FFFD stands "
                       "for bytes that are not UTF-8); a CSV log read through a URI must be "
                       "UTF-8: save it as UTF-8, or as Parquet (docs/scale.md)")


def read_table(spark: Any, table: str, order: str, columns: Columns) -> Source:
    """A catalog table: it has no row order, so the column `order` breaks timestamp ties
    (its values as they sort)."""
    from pyspark.sql import functions as F

    try:
        frame = spark.table(table)
        schema = frame.schema
    except Exception as exc:  # noqa: BLE001 - Spark's AnalysisException
        raise UsageError(f"--table {table}: Spark cannot read it ({_first(exc)})") from exc
    if order not in frame.columns:
        raise UsageError(csvlog.missing_column(table, "--order", order,
                                               tuple(frame.columns)))
    return _typed(frame.withColumn(SEQ, F.col(f"`{order}`")), schema, table, columns)


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else exc.__class__.__name__
