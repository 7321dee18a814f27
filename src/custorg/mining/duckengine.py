"""The duckdb engine: the same figures as the python engine, as SQL over CSV or Parquet,
for logs larger than memory (DuckDB spills to a temporary folder).

The unit-pair counts are `pairs.sql`, shared with Spark; timestamps go through the regular
expression and the integer arithmetic of `events.py`, so both engines see the same
instants and the same skipped events."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..inputs import checked, open_input
from ..limits import MIB, Limits
from . import csvlog
from .events import (
    LIFECYCLE,
    Columns,
    EvidenceSink,
    LogError,
    Progress,
)
from .queries import (
    LIFECYCLE_KIND,
    events_select,
    ident,
    pairs_sql,
    quote,
    reason,
    typed_instant,
)
from .sqlrun import DuckRunner, check_case_events, read_counts
from .summary import ranked
from .tally import UNMAPPED, Mined, Path as UnitPath, UnitOf, collapse, mapped, path_of

# the memory limit is `[limits] duckdb-memory` (custorg.limits): 10M events run without
# spilling in its default 1.5 GB (bench/mine_results.md)


def _mib(limit: int) -> int:
    """`[limits] duckdb-memory` (bytes) as DuckDB's memory_limit in whole MiB, at least 1."""
    return max(1, limit // MIB)


_GLOB = re.compile(r"[*?\[]")


def _literal(path: Path) -> str:
    """A file name for DuckDB, which expands `*`, `?` and `[...]` in any name it reads
    (also in a list): each of them as a class of that one character (`[*]`), so the name
    matches the one file it names and no other. Absolute: no `~` expansion either. The
    name is the checked real path of the file (`_regular`: the rule of every input)."""
    return quote(_GLOB.sub(lambda m: f"[{m.group()}]", os.path.abspath(_regular(path))))


def _source(con: Any, path: Path, files: list[Path], columns: Columns, kind: str,
            scratch: str, mined: Mined) -> tuple[str, bool]:
    """A SELECT of (case_id, unit, ts_us, activity, lifecycle, seq) over the files, values
    trimmed; `seq` is the position in the input, file after file."""
    native = "NULL::BIGINT"
    if kind == "csv":
        lay = csvlog.folder_layout(files, columns)
        names = {f"c{i}": "VARCHAR" for i in range(len(lay.header))}
        listed = ", ".join(_literal(f) for f in csvlog.as_utf8(files, scratch, mined.notes))
        reader = (f"read_csv([{listed}], header=true, auto_detect=false, "
                  f"delim={quote(lay.delimiter)}, quote='\"', escape='\"', "
                  f"columns={names!r})")
        case, unit, ts, act, lc, res = (f"c{i}" if i is not None else None
                                        for i in lay.indexes)
        seq = "row_number() OVER () - 1"
        text = f"src.{ts}"
    else:
        first = f"read_parquet({_literal(files[0])})"
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {first}"
                                                       ).fetchall()}
        case, unit, ts, act = _parquet_columns(path, columns, types)
        lc = ident(LIFECYCLE) if LIFECYCLE in types else None
        has = csvlog.resource_index(path, tuple(types), columns) is not None
        res = ident(columns.resource) if has and columns.resource else None
        # a file's rows are numbered from 0: the file's place makes the numbers distinct
        reader = "(" + " UNION ALL ".join(
            f"SELECT *, {i}::BIGINT << 40 AS custorg_file_ FROM read_parquet({_literal(f)}, "
            "file_row_number=true)" for i, f in enumerate(files)) + ")"
        seq = "custorg_file_ + file_row_number"
        text, native = typed_instant(f"src.{ts}", types[columns.timestamp])

    select = events_select(reader, (case, unit, act, lc, res), seq, text, native,
                           columns.timestamp_format)
    return select, act is not None


def _regular(path: Path) -> str:
    """The checked real path of a file duckdb reads by path (the rule of every input,
    a regular file: a FIFO or device is refused before duckdb opens it)."""
    with open_input(path):
        return checked(path)


def _parquet_columns(path: Path, columns: Columns, types: dict[str, str]
                     ) -> tuple[str, str, str, str | None]:
    names = tuple(types)
    found = []
    for option, name in (("--case", columns.case), ("--unit", columns.unit),
                         ("--timestamp", columns.timestamp)):
        if name not in types:
            raise UsageError(csvlog.missing_column(path, option, name, names))
        found.append(ident(name))
    act = ident(columns.activity) if columns.activity in types else None
    if act is None and columns.activity_explicit:
        raise UsageError(csvlog.missing_column(path, "--activity", columns.activity, names))
    return found[0], found[1], found[2], act


def mine_duckdb(path: Path, files: list[Path], columns: Columns, kind: str,
                on_progress: Progress | None = None, top: int = 10,
                limits: Limits | None = None, unit_of: UnitOf | None = None,
                evidence: EvidenceSink | None = None) -> Mined:
    """The figures of docs/mining.md; `evidence` computes its tables from the events
    (`EvidenceSink.from_sql`)."""
    try:
        import duckdb
    except ImportError:
        raise UsageError("--engine duckdb needs DuckDB: pip install 'custorg[duckdb]'"
                         ) from None
    with tempfile.TemporaryDirectory(prefix="custorg-duckdb-") as scratch:
        # in memory: DuckDB spills tables and operators to `scratch` beyond the limit,
        # and skips the compression a database file would cost
        con = duckdb.connect(":memory:")
        try:
            limits = limits or Limits()
            con.execute(f"SET memory_limit = '{_mib(limits.duckdb_memory)}MiB'")
            con.execute(f"SET temp_directory = {quote(scratch)}")
            con.execute("SET enable_progress_bar = false")
            # a CSV's input order is its scan order (row_number); Parquet names its rows
            con.execute(f"SET preserve_insertion_order = {kind == 'csv'}")
            con.execute("SET TimeZone = 'UTC'")  # a timestamp without offset is UTC
            mined = Mined(path.name)
            select, with_activity = _source(con, path, files, columns, kind, scratch, mined)
            _mine(con, mined, path, select, with_activity, columns, kind,
                  on_progress, top, limits, unit_of, evidence is not None)
            if evidence is not None:
                evidence.from_sql(con, {u: (unit_of(u) or UNMAPPED) if unit_of else u
                                        for u in mined.unit_events})
            return mined
        except duckdb.Error as exc:
            if isinstance(exc, duckdb.InterruptException):
                raise KeyboardInterrupt from None
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            if isinstance(exc, duckdb.OutOfMemoryException):
                now = (limits or Limits()).duckdb_memory
                first += (f"; DuckDB may use {_mib(now):,} MiB ([limits] duckdb-memory = "
                          f"{now}): give it more in custorg.toml, e.g. [limits] "
                          f"duckdb-memory = {now * 4}, or use --engine spark")
            raise LogError(f"{path}: cannot read the log with duckdb: {first}") from None
        finally:
            con.close()


def _mine(con: Any, mined: Mined, path: Path, select: str, with_activity: bool,
          columns: Columns, kind: str, on_progress: Progress | None, top: int,
          limits: Limits, unit_of: UnitOf | None, evidence: bool) -> Mined:
    why = reason(columns.lifecycle)
    # the activities are needed for the top variants' example cases only: a Parquet file
    # is read again for those few cases; a CSV (no such cheap second read) keeps them,
    # and the evidence needs every event's
    kept = ", activity" if kind == "csv" or evidence else ""
    con.execute(f"""CREATE TABLE raw AS SELECT case_id, unit, make_timestamp(ts_us) AS ts,
        seq{kept}{", resource" if evidence else ""}, {why} AS reason,
        {LIFECYCLE_KIND} AS lifecycle_kind FROM ({select})""")
    con.execute(f"CREATE VIEW events AS SELECT case_id, unit, ts, seq{kept} FROM raw "
                "WHERE reason = 0")
    activities = "events" if kept else (
        f"(SELECT case_id, unit, make_timestamp(ts_us) AS ts, seq, activity FROM ({select}) "
        f"WHERE {why} = 0)")
    runner = DuckRunner(con)
    read_counts(runner, mined, "raw")
    # each unit's events, and a small integer id for the paths (`_variants`)
    con.execute("""CREATE TABLE units AS SELECT unit, count(*) AS n,
                   (row_number() OVER (ORDER BY unit))::INTEGER AS uid
                   FROM events GROUP BY unit""")
    for unit, n in con.execute("SELECT unit, n FROM units").fetchall():
        mined.unit_events[unit] = n
    mined.events = sum(mined.unit_events.values())
    if mined.events > limits.case_events:  # else no case can be over the limit
        check_case_events(runner, "events", path, limits.case_events)
    if on_progress is not None:
        on_progress(mined.events, None)
    for a, b, n in runner.rows(pairs_sql()):
        mined.pairs[(a, b)] = n
    mined.transitions = sum(mined.pairs.values())
    _variants(con, mined, activities if with_activity else None, top, unit_of)
    return mined


def _variants(con: Any, mined: Mined, activities: str | None, top: int,
              unit_of: UnitOf | None) -> None:
    """Every path with its cases; the step activities of the `top` ones' example cases
    (with `unit_of`: of the top paths once mapped, `_examples`), read from the relation
    `activities` (None: the log has none)."""
    # units as small integers: a case's steps gathered unordered as (ts, seq, unit id),
    # sorted as one list (faster than an ordered aggregate, and than strings); repeats
    # collapsed by their position (DuckDB 1.3 lambda syntax)
    names = [None, *(row[0] for row in con.execute("SELECT unit FROM units ORDER BY uid")
                     .fetchall())]
    con.execute("""CREATE TABLE paths AS
        SELECT case_id, first_seq,
               list_filter(units, lambda x, i: i = 1 OR x <> units[i - 1]) AS path
        FROM (SELECT case_id, first_seq,
                     list_transform(list_sort(steps), lambda s: s.u) AS units
              FROM (SELECT case_id, min(seq) AS first_seq,
                           list({'t': ts, 's': seq, 'u': uid}) AS steps
                    FROM events JOIN units USING (unit) GROUP BY case_id) AS gathered
             ) AS cases""")
    examples: dict[tuple[str, ...], str] = {}
    for path, cases, first_seq, example in con.execute(
            """SELECT path, count(*), min(first_seq), arg_min(case_id, first_seq)
               FROM paths GROUP BY path""").fetchall():
        named = tuple(names[uid] for uid in path)
        examples[named] = example
        mined.add_variant(named, cases, first_seq, None if activities is None else ())
    if activities is not None:
        chosen = {examples[path]: path for path in _examples(mined, top, unit_of)}
        for case, runs in _example_activities(con, list(chosen), activities).items():
            mined.variants[chosen[case]].activities = runs


def _example_activities(con: Any, cases: list[str], relation: str) -> dict[str, Any]:
    """Per example case, the activities of each run of its path (as `collapse` does).
    The cases are a literal list: DuckDB then filters the Parquet scan itself, before any
    timestamp is parsed (a join reads every row)."""
    if not cases:
        return {}
    rows = con.execute(f"""SELECT e.case_id, list(e.unit ORDER BY e.ts, e.seq),
                                  list(e.activity ORDER BY e.ts, e.seq)
                           FROM {relation} AS e
                           WHERE e.case_id IN ({', '.join(quote(c) for c in cases)})
                           GROUP BY e.case_id""").fetchall()
    return {case: collapse(units, acts)[1] for case, units, acts in rows}


def _examples(mined: Mined, top: int, unit_of: UnitOf | None) -> list[UnitPath]:
    """The raw paths whose example case is the example of a top variant: the top ones,
    or, with `unit_of`, for each of the top paths once mapped (`tally.mapped`) the raw
    path of its earliest case."""
    if unit_of is None:
        return [path for path, _ in ranked(mined)[:top]]
    to = {value: unit_of(value) or UNMAPPED for value in mined.unit_events}
    earliest: dict[UnitPath, tuple[int, UnitPath]] = {}
    for raw, variant in mined.variants.items():
        path = path_of([to[v] for v in raw])
        if path not in earliest or variant.first_seq < earliest[path][0]:
            earliest[path] = (variant.first_seq, raw)
    return [earliest[path][1] for path, _ in ranked(mapped(mined, unit_of))[:top]]
